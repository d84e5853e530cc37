//! Payments, refunds and credit notes against issued invoices: every cent, to which invoice.
//!
//! # Customers
//!
//! Each issued invoice comes wrapped in a [`ReceivableInvoice`] with the host's `customer_id`
//! (the key of its customers table); payments and refunds carry the same `customer_id`. When an
//! invoice has none, its key is the buyer's SIREN, else the buyer's name: convenient for files
//! written by hand, but a host should always pass its own stable id (a buyer's SIREN may be added
//! later, a name may be spelt two ways). Credits, oldest-first allocation and the account
//! statement are per customer; an invoice is never settled by another customer's money.
//!
//! # Allocation, day by day
//!
//! Only facts dated on or before `as_of` are read (invoices and credit notes by issue date,
//! payments and refunds by date); later ones are ignored, not even checked, so the ledger is a
//! pure function of the facts and the date and does not depend on the order of the inputs.
//! Each day is booked in this order:
//!
//! 1. invoices issued that day become owed (their amount due, BT-115: a final invoice already
//!    deducts its deposits);
//! 2. payments received that day (by id): their explicit allocations first; none may exceed what
//!    the invoice still owes, nor all of them the payment (C. civ. 1342-10: the debtor says which
//!    debt it pays). The rest of the payment becomes customer credit;
//! 3. credit notes issued that day (by number) reduce what the invoice they correct still owes;
//!    an excess (the invoice was already paid) becomes customer credit;
//! 4. refunds made that day (by id) draw on the customer's credit, oldest credit first; a refund
//!    beyond the credit available is refused (C. civ. 1302: only what was not owed is returned);
//! 5. the customer's credit settles its open invoices oldest-first: by due date, then issue date,
//!    then number — the debts already due first, the oldest among them first (C. civ. 1342-10,
//!    without its "debt the debtor had most interest to pay" criterion, which needs facts the
//!    core does not hold).
//!
//! Every cent is accounted for: for each payment, allocated + refunded + remaining credit =
//! amount; for each credit note likewise; for each customer, the balance of the account
//! statement (invoices − credit notes − payments + refunds) = outstanding − credit.
//! Late-payment interest is not part of what payments settle: it is claimed apart
//! (see [`crate::receivables::rates`]).
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{CoreError, Result, Violation};
use crate::money::{add, sub};
use crate::receivables::account::AllocationMethod;
use crate::receivables::account::AllocationRecord;
use crate::receivables::account::CreditDraw;
use crate::receivables::account::CreditNoteAccount;
use crate::receivables::account::FundsSource;
use crate::receivables::account::InvoiceAccount;
use crate::receivables::account::InvoiceStatus;
use crate::receivables::account::PaymentAccount;
use crate::receivables::account::RefundAccount;
use crate::receivables::account::Settlement;
use crate::receivables::intake::{Accepted, Facts, Money, accept_invoices, accept_money, check_amount};
use crate::receivables::payment::Payment;
use crate::receivables::payment::RULE_ALLOCATION_EXCEEDS;
use crate::receivables::payment::RULE_ALLOCATION_EXCEEDS_PAYMENT;
use crate::receivables::payment::RULE_ALLOCATION_OTHER_CUSTOMER;
use crate::receivables::payment::RULE_ALLOCATION_UNKNOWN;
use crate::receivables::payment::RULE_CREDIT_NOTE_INVOICE;
use crate::receivables::payment::RULE_REFUND_EXCEEDS;
use crate::receivables::payment::ReceivableInvoice;
use crate::receivables::payment::Refund;
use crate::receivables::statement::CustomerAccount;
use crate::receivables::statement::customer_accounts;
use serde::Deserialize;
use serde::Serialize;

/// Every invoice, credit note, payment, refund and customer account as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ledger {
    /// The date of the facts read.
    pub as_of: NaiveDate,
    /// Invoices by issue date then number.
    pub invoices: Vec<InvoiceAccount>,
    /// Credit notes by issue date then number.
    pub credit_notes: Vec<CreditNoteAccount>,
    /// Payments by date then id.
    pub payments: Vec<PaymentAccount>,
    /// Refunds by date then id.
    pub refunds: Vec<RefundAccount>,
    /// Customers by key.
    pub customers: Vec<CustomerAccount>,
}

impl Ledger {
    /// The invoice account of `number`, if any.
    pub fn invoice(&self, number: &str) -> Option<&InvoiceAccount> {
        self.invoices.iter().find(|i| i.number == number)
    }

    /// The account of customer `customer_id`, if any.
    pub fn customer(&self, customer_id: &str) -> Option<&CustomerAccount> {
        self.customers.iter().find(|c| c.customer_id == customer_id)
    }

    /// Σ what every invoice still owes.
    pub fn outstanding(&self) -> Result<Decimal> {
        self.invoices.iter().try_fold(Decimal::ZERO, |acc, i| add(acc, i.outstanding, "invoices"))
    }
}

/// Customer credit waiting to be used: part of a payment or credit note.
#[derive(Debug, Clone, Copy)]
struct Lot {
    source: FundsSource,
    account: usize,
    remaining: Decimal,
}

/// The books while they are written.
#[derive(Default)]
struct Books {
    invoices: Vec<InvoiceAccount>,
    credit_notes: Vec<CreditNoteAccount>,
    payments: Vec<PaymentAccount>,
    refunds: Vec<RefundAccount>,
    lots: BTreeMap<String, VecDeque<Lot>>,
}

fn internal(what: &str) -> CoreError {
    CoreError::internal(what, "bookkeeping out of balance")
}

impl Books {
    /// Books `amount` from `source`'s account `account` against invoice `inv`.
    fn settle(
        &mut self,
        inv: usize,
        amount: Decimal,
        date: NaiveDate,
        source: FundsSource,
        account: usize,
        method: AllocationMethod,
    ) -> Result<()> {
        let (reference, allocated, allocations) = match source {
            FundsSource::Payment => {
                let p = self.payments.get_mut(account).ok_or_else(|| internal("payments"))?;
                (p.id.clone(), &mut p.allocated, &mut p.allocations)
            }
            FundsSource::CreditNote => {
                let c = self.credit_notes.get_mut(account).ok_or_else(|| internal("credit_notes"))?;
                (c.number.clone(), &mut c.allocated, &mut c.allocations)
            }
        };
        let invoice = self.invoices.get_mut(inv).ok_or_else(|| internal("invoices"))?;
        let path = format!("invoices[{}]", invoice.number);
        *allocated = add(*allocated, amount, &path)?;
        allocations.push(AllocationRecord { invoice: invoice.number.clone(), date, amount, method });
        invoice.outstanding = sub(invoice.outstanding, amount, &path)?;
        match source {
            FundsSource::Payment => invoice.paid = add(invoice.paid, amount, &path)?,
            FundsSource::CreditNote => invoice.credited = add(invoice.credited, amount, &path)?,
        }
        invoice.settlements.push(Settlement { date, amount, source, reference, method });
        Ok(())
    }

    /// Adds customer credit.
    fn credit(&mut self, customer: &str, source: FundsSource, account: usize, amount: Decimal) {
        if amount > Decimal::ZERO {
            self.lots.entry(customer.to_owned()).or_default().push_back(Lot { source, account, remaining: amount });
        }
    }

    /// Σ the customer's credit.
    fn available(&self, customer: &str) -> Result<Decimal> {
        self.lots.get(customer).map_or(Ok(Decimal::ZERO), |l| l.iter().try_fold(Decimal::ZERO, |a, x| add(a, x.remaining, "refunds")))
    }

    /// Applies the customer's credit to its open invoices, oldest-first (`order`), on `day`.
    fn settle_oldest_first(&mut self, customer: &str, day: NaiveDate, order: &[usize]) -> Result<()> {
        let Some(mut lots) = self.lots.remove(customer) else { return Ok(()) };
        for &k in order {
            let Some(inv) = self.invoices.get(k) else { continue };
            if inv.issue_date > day {
                continue;
            }
            let mut owed = inv.outstanding;
            while owed > Decimal::ZERO {
                let Some(lot) = lots.front_mut() else { break };
                let take = lot.remaining.min(owed);
                let (source, account) = (lot.source, lot.account);
                lot.remaining = sub(lot.remaining, take, "payments")?;
                if lot.remaining <= Decimal::ZERO {
                    lots.pop_front();
                }
                self.settle(k, take, day, source, account, AllocationMethod::OldestFirst)?;
                owed = sub(owed, take, "invoices")?;
            }
            if lots.is_empty() {
                break;
            }
        }
        if !lots.is_empty() {
            self.lots.insert(customer.to_owned(), lots);
        }
        Ok(())
    }

    /// Draws `amount` from the customer's credit, oldest first; false when there is not enough.
    fn refund(&mut self, customer: &str, refund: usize, amount: Decimal) -> Result<bool> {
        if self.available(customer)? < amount {
            return Ok(false);
        }
        let Some(lots) = self.lots.get_mut(customer) else { return Ok(amount <= Decimal::ZERO) };
        let mut left = amount;
        let mut drawn = Vec::new();
        while left > Decimal::ZERO {
            let Some(lot) = lots.front_mut() else { break };
            let take = lot.remaining.min(left);
            lot.remaining = sub(lot.remaining, take, "refunds")?;
            left = sub(left, take, "refunds")?;
            drawn.push((lot.source, lot.account, take));
            if lot.remaining <= Decimal::ZERO {
                lots.pop_front();
            }
        }
        let mut draws = Vec::with_capacity(drawn.len());
        for (source, account, take) in drawn {
            let (reference, refunded) = match source {
                FundsSource::Payment => {
                    let p = self.payments.get_mut(account).ok_or_else(|| internal("payments"))?;
                    (p.id.clone(), &mut p.refunded)
                }
                FundsSource::CreditNote => {
                    let c = self.credit_notes.get_mut(account).ok_or_else(|| internal("credit_notes"))?;
                    (c.number.clone(), &mut c.refunded)
                }
            };
            *refunded = add(*refunded, take, "refunds")?;
            draws.push(CreditDraw { source, reference, amount: take });
        }
        self.refunds.get_mut(refund).ok_or_else(|| internal("refunds"))?.drawn = draws;
        Ok(true)
    }
}
impl Books {
    /// Opens the accounts of the facts, nothing booked yet.
    fn open(facts: &Facts<'_>) -> Self {
        let mut books = Books::default();
        for a in &facts.invoices {
            let inv = a.entry;
            let amount_due = inv.totals().amount_due;
            // CCP R2192-12: a public buyer's period runs from receipt of the payment request
            let received = a.source.payment_request_received;
            let delay = received.map_or(0, |r| r.signed_duration_since(inv.issue_date()).num_days().max(0));
            let due_date = inv.due_date().checked_add_signed(chrono::Duration::days(delay)).unwrap_or(inv.due_date());
            books.invoices.push(InvoiceAccount {
                number: inv.number().to_owned(),
                customer_id: a.customer.clone(),
                buyer_name: inv.content().buyer.name.clone(),
                buyer_kind: inv.content().buyer.kind,
                kind: inv.kind(),
                issue_date: inv.issue_date(),
                due_date,
                payment_request_received: received,
                judgment_enforceable: a.source.judgment_enforceable,
                late_payment_rate: inv.content().late_payment_rate,
                amount_due,
                credited: Decimal::ZERO,
                paid: Decimal::ZERO,
                outstanding: amount_due,
                status: InvoiceStatus::IssuedUnpaid,
                days_late: 0,
                settled_on: None,
                settlements: vec![],
            });
        }
        for a in &facts.notes {
            let inv = a.entry;
            books.credit_notes.push(CreditNoteAccount {
                number: inv.number().to_owned(),
                invoice: inv.content().preceding_invoice.as_ref().map(|r| r.number.clone()).unwrap_or_default(),
                customer_id: a.customer.clone(),
                issue_date: inv.issue_date(),
                amount: inv.totals().amount_due,
                allocated: Decimal::ZERO,
                refunded: Decimal::ZERO,
                credit: Decimal::ZERO,
                allocations: vec![],
            });
        }
        for (_, p) in &facts.payments {
            books.payments.push(PaymentAccount {
                id: p.id.clone(),
                customer_id: p.customer().to_owned(),
                date: p.date,
                amount: p.amount,
                mode: p.mode,
                reference: p.reference.clone(),
                allocated: Decimal::ZERO,
                refunded: Decimal::ZERO,
                credit: Decimal::ZERO,
                allocations: vec![],
            });
        }
        for (_, r) in &facts.refunds {
            books.refunds.push(RefundAccount {
                id: r.id.clone(),
                customer_id: r.customer().to_owned(),
                date: r.date,
                amount: r.amount,
                mode: r.mode,
                reference: r.reference.clone(),
                drawn: vec![],
            });
        }
        books
    }

    /// The invoice `number` if issued by `day`.
    fn issued_by(&self, index: &BTreeMap<String, usize>, number: &str, day: NaiveDate) -> Option<usize> {
        index.get(number).copied().filter(|k| self.invoices.get(*k).is_some_and(|i| i.issue_date <= day))
    }

    /// Books payment `k` (input `input`) on its day: explicit allocations, the rest as credit.
    fn book_payment(&mut self, k: usize, input: usize, p: &Payment, index: &BTreeMap<String, usize>, v: &mut Vec<Violation>) -> Result<()> {
        let (day, customer) = (p.date, p.customer());
        let path = format!("payments[{input}]");
        let mut left = p.amount;
        let explicit = p.allocations.iter().try_fold(Decimal::ZERO, |a, x| add(a, x.amount, &path))?;
        if explicit > p.amount {
            v.push(
                RULE_ALLOCATION_EXCEEDS_PAYMENT
                    .at(format!("{path}.allocations"), format!("allocations total {explicit}, more than the {} paid", p.amount)),
            );
        } else {
            for (j, a) in p.allocations.iter().enumerate() {
                let ap = format!("{path}.allocations[{j}]");
                let Some((target, inv)) = self.issued_by(index, &a.invoice, day).and_then(|t| self.invoices.get(t).map(|i| (t, i))) else {
                    v.push(
                        RULE_ALLOCATION_UNKNOWN
                            .at(format!("{ap}.invoice"), format!("no invoice {} issued on or before the payment date {day}", a.invoice)),
                    );
                    continue;
                };
                if inv.customer_id != customer {
                    v.push(
                        RULE_ALLOCATION_OTHER_CUSTOMER.at(
                            format!("{ap}.invoice"),
                            format!("{} belongs to customer `{}`, not `{customer}`", a.invoice, inv.customer_id),
                        ),
                    );
                    continue;
                }
                if a.amount > inv.outstanding {
                    v.push(RULE_ALLOCATION_EXCEEDS.at(
                        format!("{ap}.amount"),
                        format!("{} still owes {} on {day}, less than {}", a.invoice, inv.outstanding, a.amount),
                    ));
                    continue;
                }
                self.settle(target, a.amount, day, FundsSource::Payment, k, AllocationMethod::Explicit)?;
                left = sub(left, a.amount, &path)?;
            }
        }
        self.credit(customer, FundsSource::Payment, k, left);
        Ok(())
    }

    /// Books credit note `k` on its day: it reduces its invoice, the excess becomes credit.
    fn book_credit_note(&mut self, k: usize, a: &Accepted<'_>, index: &BTreeMap<String, usize>, v: &mut Vec<Violation>) -> Result<()> {
        let day = a.entry.issue_date();
        let p = format!("invoices[{}].invoice.content.preceding_invoice", a.index);
        let Some(reference) = a.entry.content().preceding_invoice.as_ref() else { return Ok(()) };
        let found = self.issued_by(index, &reference.number, day).and_then(|t| self.invoices.get(t).map(|i| (t, i)));
        let Some((target, inv)) = found.filter(|(_, i)| i.issue_date == reference.issue_date) else {
            v.push(
                RULE_CREDIT_NOTE_INVOICE.at(
                    p,
                    format!("the invoice {} of {} is not among the invoices issued by {day}", reference.number, reference.issue_date),
                ),
            );
            return Ok(());
        };
        if inv.customer_id != a.customer {
            v.push(
                RULE_CREDIT_NOTE_INVOICE
                    .at(p, format!("{} belongs to customer `{}`, not `{}`", reference.number, inv.customer_id, a.customer)),
            );
            return Ok(());
        }
        let amount = a.entry.totals().amount_due;
        let applied = amount.min(inv.outstanding);
        if applied > Decimal::ZERO {
            self.settle(target, applied, day, FundsSource::CreditNote, k, AllocationMethod::CreditNote)?;
        }
        self.credit(&a.customer, FundsSource::CreditNote, k, sub(amount, applied, &p)?);
        Ok(())
    }

    /// Books every fact day by day (see the module documentation).
    fn book(&mut self, facts: &Facts<'_>, v: &mut Vec<Violation>) -> Result<()> {
        let index: BTreeMap<String, usize> = self.invoices.iter().enumerate().map(|(k, i)| (i.number.clone(), k)).collect();
        // Oldest-first order of each customer's invoices.
        let mut order: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, i) in self.invoices.iter().enumerate() {
            order.entry(i.customer_id.clone()).or_default().push(k);
        }
        for list in order.values_mut() {
            list.sort_by_key(|k| self.invoices.get(*k).map(|i| (i.due_date, i.issue_date, i.number.clone())));
        }
        let days: BTreeSet<NaiveDate> = facts
            .invoices
            .iter()
            .chain(&facts.notes)
            .map(|a| a.entry.issue_date())
            .chain(facts.payments.iter().map(|(_, p)| p.date))
            .chain(facts.refunds.iter().map(|(_, r)| r.date))
            .collect();
        let (mut next_invoice, mut next_payment, mut next_note, mut next_refund) = (0, 0, 0, 0);
        for day in days {
            let mut touched: BTreeSet<String> = BTreeSet::new();
            while let Some(a) = facts.invoices.get(next_invoice).filter(|a| a.entry.issue_date() == day) {
                touched.insert(a.customer.clone());
                next_invoice = next_invoice.saturating_add(1);
            }
            while let Some((input, p)) = facts.payments.get(next_payment).filter(|(_, p)| p.date == day) {
                self.book_payment(next_payment, *input, p, &index, v)?;
                touched.insert(p.customer().to_owned());
                next_payment = next_payment.saturating_add(1);
            }
            while let Some(a) = facts.notes.get(next_note).filter(|a| a.entry.issue_date() == day) {
                self.book_credit_note(next_note, a, &index, v)?;
                touched.insert(a.customer.clone());
                next_note = next_note.saturating_add(1);
            }
            while let Some((input, r)) = facts.refunds.get(next_refund).filter(|(_, r)| r.date == day) {
                let customer = r.customer();
                if !self.refund(customer, next_refund, r.amount)? {
                    let available = self.available(customer)?;
                    v.push(RULE_REFUND_EXCEEDS.at(
                        format!("refunds[{input}].amount"),
                        format!("customer `{customer}` holds {available} of credit on {day}, less than {}", r.amount),
                    ));
                }
                next_refund = next_refund.saturating_add(1);
            }
            for customer in touched {
                let list = order.get(&customer).map(Vec::as_slice).unwrap_or_default();
                self.settle_oldest_first(&customer, day, list)?;
            }
        }
        Ok(())
    }

    /// Closes the books as of `as_of`: credit left, settlement dates, statuses, customers.
    fn close(mut self, as_of: NaiveDate) -> Result<Ledger> {
        let lots: Vec<Lot> = self.lots.values().flatten().copied().collect();
        for lot in lots {
            let credit = match lot.source {
                FundsSource::Payment => &mut self.payments.get_mut(lot.account).ok_or_else(|| internal("payments"))?.credit,
                FundsSource::CreditNote => &mut self.credit_notes.get_mut(lot.account).ok_or_else(|| internal("credit_notes"))?.credit,
            };
            *credit = add(*credit, lot.remaining, "payments")?;
        }
        for inv in &mut self.invoices {
            if inv.outstanding.is_zero() {
                inv.settled_on = Some(inv.settlements.last().map_or(inv.issue_date, |s| s.date));
            }
            let (status, days_late) = crate::receivables::account::invoice_status(inv, as_of);
            inv.status = status;
            inv.days_late = days_late;
        }
        let customers = customer_accounts(&self.invoices, &self.credit_notes, &self.payments, &self.refunds)?;
        Ok(Ledger {
            as_of,
            invoices: self.invoices,
            credit_notes: self.credit_notes,
            payments: self.payments,
            refunds: self.refunds,
            customers,
        })
    }
}

/// Allocates `payments`, `credit notes` (among `invoices`) and `refunds` to the invoices as of
/// `as_of` (see the module documentation), and returns the ledger.
///
/// Fails with [`CoreError::Invalid`] listing every problem, with paths into the three slices
/// (`invoices[2].invoice.content.currency`, `payments[1].allocations[0].amount`, `refunds[0].amount`).
pub fn allocate(invoices: &[ReceivableInvoice], payments: &[Payment], refunds: &[Refund], as_of: NaiveDate) -> Result<Ledger> {
    let mut v = Vec::new();
    let (accepted, notes) = accept_invoices(invoices, as_of, &mut v);
    crate::receivables::intake::check_credit_caps(&accepted, &notes, &mut v);
    let mut accepted_payments = accept_money(payments, "payments", as_of, &mut v);
    // allocations are checked with their payment: a payment with a bad one is not booked
    accepted_payments.retain(|(i, p)| {
        let before = v.len();
        for (j, a) in p.allocations.iter().enumerate() {
            check_amount(a.amount, &format!("payments[{i}].allocations[{j}].amount"), &mut v);
        }
        v.len() == before
    });
    let facts = Facts { invoices: accepted, notes, payments: accepted_payments, refunds: accept_money(refunds, "refunds", as_of, &mut v) };
    let mut books = Books::open(&facts);
    books.book(&facts, &mut v)?;
    if !v.is_empty() {
        return Err(CoreError::Invalid(v));
    }
    books.close(as_of)
}

#[cfg(test)]
mod tests;
