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
//! (see [`crate::interest`]).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule, Violation};
use crate::invoice::{InvoiceKind, IssuedInvoice};
use crate::money::{AMOUNT_DECIMALS, Currency, add, check_decimal, sub};
use crate::party::BuyerKind;
use crate::receivables::InvoiceStatus;

/// Receivables are kept in euros, the currency of France.
pub const RULE_CURRENCY: Rule =
    Rule { code: "receivables.currency.unsupported", source: "C. mon. fin. L111-1 (la monnaie de la France est l'euro)" };
/// Every invoice, payment and refund names its customer.
pub const RULE_CUSTOMER: Rule =
    Rule { code: "receivables.customer.missing", source: "C. civ. 1342-10 (payments are imputed between the debts of one debtor)" };
/// One invoice per number.
pub const RULE_INVOICE_DUPLICATE: Rule =
    Rule { code: "receivables.invoice.duplicate", source: "CGI ann. II art. 242 nonies A, I-7° (unique invoice numbers)" };
/// Payments and refunds have unique, non-empty ids.
pub const RULE_ID: Rule =
    Rule { code: "receivables.id.invalid", source: "facturier: each payment and refund is identified (C. civ. 1342-10)" };
/// Payments, refunds and allocations are positive amounts.
pub const RULE_AMOUNT: Rule = Rule { code: "payment.amount.invalid", source: "C. civ. 1342 (payment of a sum of money); EN 16931 BR-DEC" };
/// An invoice never asks for a negative amount: that is a credit note.
pub const RULE_NEGATIVE_DUE: Rule = Rule { code: "receivables.amount_due.negative", source: "BOI-TVA-DECLA-30-20-20-20 §210" };
/// An allocation names an invoice of the customer issued on or before the payment.
pub const RULE_ALLOCATION_UNKNOWN: Rule =
    Rule { code: "payment.allocation.unknown_invoice", source: "C. civ. 1342-10 (the debtor indicates the debt it pays)" };
/// An allocation never settles another customer's invoice.
pub const RULE_ALLOCATION_OTHER_CUSTOMER: Rule =
    Rule { code: "payment.allocation.other_customer", source: "C. civ. 1342-10 (imputation between the debts of the payer)" };
/// No allocation exceeds what the invoice still owes.
pub const RULE_ALLOCATION_EXCEEDS: Rule =
    Rule { code: "payment.allocation.exceeds_outstanding", source: "C. civ. 1302 (what is paid beyond the debt is not owed)" };
/// The allocations of a payment never exceed its amount.
pub const RULE_ALLOCATION_EXCEEDS_PAYMENT: Rule =
    Rule { code: "payment.allocation.exceeds_payment", source: "facturier: a payment allocates at most its amount" };
/// A refund draws on the customer's credit and never exceeds it.
pub const RULE_REFUND_EXCEEDS: Rule =
    Rule { code: "refund.exceeds_credit", source: "C. civ. 1302, 1302-1 (restitution of what was received and not owed)" };
/// A credit note corrects an invoice of the same customer, among the inputs.
pub const RULE_CREDIT_NOTE_INVOICE: Rule = Rule {
    code: "credit_note.invoice.unknown",
    source: "BOI-TVA-DECLA-30-20-20-20 §220 (a credit note refers to the invoice it corrects)",
};

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    /// Bank transfer (virement).
    Transfer,
    /// Bank card.
    Card,
    /// Cheque.
    Cheque,
    /// Cash (C. mon. fin. D112-3 caps cash payments between professionals).
    Cash,
    /// Direct debit (prélèvement SEPA).
    DirectDebit,
    /// Any other means.
    Other,
}

impl PaymentMode {
    /// The French label printed on statements and letters.
    pub fn label_fr(self) -> &'static str {
        match self {
            PaymentMode::Transfer => "virement",
            PaymentMode::Card => "carte bancaire",
            PaymentMode::Cheque => "chèque",
            PaymentMode::Cash => "espèces",
            PaymentMode::DirectDebit => "prélèvement",
            PaymentMode::Other => "autre",
        }
    }
}

/// An issued invoice or credit note and the customer it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceivableInvoice {
    /// The host's customer key; the buyer's SIREN, else its name, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The issued invoice or credit note, as [`crate::issue`] returned it.
    pub invoice: IssuedInvoice,
}

impl ReceivableInvoice {
    /// The customer key: `customer_id`, else the buyer's SIREN, else the buyer's name.
    pub fn customer(&self) -> String {
        customer_key(self.customer_id.as_deref(), &self.invoice.content().buyer)
    }
}

/// The customer key of a document to `buyer`: `explicit` if given, else the buyer's SIREN, else
/// the buyer's name (trimmed).
pub fn customer_key(explicit: Option<&str>, buyer: &crate::party::Buyer) -> String {
    match explicit {
        Some(id) => id.trim().to_owned(),
        None => match buyer.siren.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(siren) => siren.to_owned(),
            None => buyer.name.trim().to_owned(),
        },
    }
}

/// Part of a payment the payer assigned to one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// Number of the invoice paid.
    pub invoice: String,
    /// Amount incl. tax assigned to it.
    pub amount: Decimal,
}

/// Money received from a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The host's unique id of the payment.
    pub id: String,
    /// The customer who paid.
    pub customer_id: String,
    /// Date the funds were received.
    pub date: NaiveDate,
    /// Amount received.
    pub amount: Decimal,
    /// ISO 4217 currency; EUR by default, the only one accepted.
    #[serde(default)]
    pub currency: Currency,
    /// How it was paid.
    pub mode: PaymentMode,
    /// Bank reference, cheque number…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The invoices it pays, as the payer said; the rest goes oldest-first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<Allocation>,
}

/// Money returned to a customer out of its credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    /// The host's unique id of the refund.
    pub id: String,
    /// The customer refunded.
    pub customer_id: String,
    /// Date of the refund.
    pub date: NaiveDate,
    /// Amount refunded.
    pub amount: Decimal,
    /// ISO 4217 currency; EUR by default, the only one accepted.
    #[serde(default)]
    pub currency: Currency,
    /// How it was paid back.
    pub mode: PaymentMode,
    /// Bank reference…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Where money that settles an invoice comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundsSource {
    /// A payment received.
    Payment,
    /// A credit note issued.
    CreditNote,
}

/// Why an amount settled an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AllocationMethod {
    /// The payer assigned it to this invoice.
    Explicit,
    /// A credit note reducing the invoice it corrects.
    CreditNote,
    /// Unassigned money or customer credit, applied oldest-first.
    OldestFirst,
}

/// An amount that reduced what an invoice owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Settlement {
    /// Date booked.
    pub date: NaiveDate,
    /// Amount incl. tax.
    pub amount: Decimal,
    /// Payment or credit note.
    pub source: FundsSource,
    /// The payment id or credit note number.
    pub reference: String,
    /// Why it went to this invoice.
    pub method: AllocationMethod,
}

/// Where part of a payment or credit note went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AllocationRecord {
    /// The invoice settled.
    pub invoice: String,
    /// Date booked.
    pub date: NaiveDate,
    /// Amount incl. tax.
    pub amount: Decimal,
    /// Why it went there.
    pub method: AllocationMethod,
}

/// Customer credit a refund drew on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditDraw {
    /// Payment or credit note the credit came from.
    pub source: FundsSource,
    /// Its id or number.
    pub reference: String,
    /// Amount drawn.
    pub amount: Decimal,
}

/// One invoice (not a credit note) as of a date: what it asked, what settled it, what it owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvoiceAccount {
    /// Invoice number.
    pub number: String,
    /// Customer key.
    pub customer_id: String,
    /// Buyer's name.
    pub buyer_name: String,
    /// Business, public or consumer buyer.
    pub buyer_kind: BuyerKind,
    /// Standard, deposit or final invoice.
    pub kind: InvoiceKind,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Contractual late-payment rate, percent per year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_payment_rate: Option<Decimal>,
    /// Amount due incl. tax (BT-115).
    pub amount_due: Decimal,
    /// Settled by credit notes.
    pub credited: Decimal,
    /// Settled by payments.
    pub paid: Decimal,
    /// Still owed: amount_due − credited − paid, never negative.
    pub outstanding: Decimal,
    /// Status as of the ledger's date.
    pub status: InvoiceStatus,
    /// Days past the due date while something is owed, else 0.
    pub days_late: i64,
    /// The day it became fully settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_on: Option<NaiveDate>,
    /// Every amount that reduced it, in booking order.
    pub settlements: Vec<Settlement>,
}

/// One payment: where every cent went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PaymentAccount {
    /// Payment id.
    pub id: String,
    /// Customer key.
    pub customer_id: String,
    /// Date received.
    pub date: NaiveDate,
    /// Amount received.
    pub amount: Decimal,
    /// How it was paid.
    pub mode: PaymentMode,
    /// Bank reference…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Settled invoices with it.
    pub allocated: Decimal,
    /// Returned to the customer.
    pub refunded: Decimal,
    /// Still customer credit: amount − allocated − refunded.
    pub credit: Decimal,
    /// Where it went.
    pub allocations: Vec<AllocationRecord>,
}

/// One credit note: how much reduced its invoice, and where the excess went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditNoteAccount {
    /// Credit note number.
    pub number: String,
    /// Number of the invoice it corrects.
    pub invoice: String,
    /// Customer key.
    pub customer_id: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Amount credited incl. tax (its BT-115).
    pub amount: Decimal,
    /// Settled invoices with it (its own invoice first).
    pub allocated: Decimal,
    /// Returned to the customer.
    pub refunded: Decimal,
    /// Still customer credit: amount − allocated − refunded.
    pub credit: Decimal,
    /// Where it went.
    pub allocations: Vec<AllocationRecord>,
}

/// One refund and the credit it drew on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RefundAccount {
    /// Refund id.
    pub id: String,
    /// Customer key.
    pub customer_id: String,
    /// Date.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Decimal,
    /// How it was paid back.
    pub mode: PaymentMode,
    /// Bank reference…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The credit drawn, oldest first.
    pub drawn: Vec<CreditDraw>,
}

/// The kind of a line of an account statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// An invoice issued (debit).
    Invoice,
    /// A payment received (credit).
    Payment,
    /// A credit note issued (credit).
    CreditNote,
    /// A refund made (debit).
    Refund,
}

/// A line of a customer's account statement (relevé de compte).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LedgerEntry {
    /// Date.
    pub date: NaiveDate,
    /// What happened.
    pub kind: EntryKind,
    /// Invoice or credit note number, payment or refund id.
    pub reference: String,
    /// Amount the customer owes more.
    pub debit: Decimal,
    /// Amount the customer owes less.
    pub credit: Decimal,
    /// Running balance: positive when the customer owes, negative when it holds credit.
    pub balance: Decimal,
}

/// One customer's account as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerAccount {
    /// Customer key.
    pub customer_id: String,
    /// Buyer's name on its latest invoice, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Buyer's kind on its latest invoice, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_kind: Option<BuyerKind>,
    /// Σ amount due of its invoices.
    pub invoiced: Decimal,
    /// Σ its credit notes.
    pub credited: Decimal,
    /// Σ its payments.
    pub received: Decimal,
    /// Σ its refunds.
    pub refunded: Decimal,
    /// Σ what its invoices still owe.
    pub outstanding: Decimal,
    /// Its credit not yet used or refunded.
    pub credit: Decimal,
    /// invoiced − credited − received + refunded = outstanding − credit.
    pub balance: Decimal,
    /// The account statement, in booking order.
    pub entries: Vec<LedgerEntry>,
}

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
    CoreError::wrong_state(what, "internal bookkeeping error")
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

/// A positive amount in cents, within range.
fn check_amount(amount: Decimal, path: &str, v: &mut Vec<Violation>) -> bool {
    let before = v.len();
    if amount <= Decimal::ZERO {
        v.push(RULE_AMOUNT.at(path, format!("{amount} is not a positive amount")));
    }
    check_decimal(amount, AMOUNT_DECIMALS, path, v);
    v.len() == before
}

/// Checks a currency is the euro.
fn check_eur(currency: &Currency, path: &str, v: &mut Vec<Violation>) -> bool {
    if currency.is_eur() {
        return true;
    }
    v.push(RULE_CURRENCY.at(path, format!("`{}`: receivables are kept in EUR", currency.0)));
    false
}

/// An accepted invoice or credit note: input index and customer.
struct Accepted<'a> {
    index: usize,
    entry: &'a IssuedInvoice,
    customer: String,
}

/// The invoices and credit notes issued by `as_of` that pass the checks, each sorted by issue
/// date then number; the problems of the others go to `v`.
fn accept_invoices<'a>(
    invoices: &'a [ReceivableInvoice],
    as_of: NaiveDate,
    v: &mut Vec<Violation>,
) -> (Vec<Accepted<'a>>, Vec<Accepted<'a>>) {
    let mut numbers = BTreeSet::new();
    let (mut accepted, mut notes) = (Vec::new(), Vec::new());
    for (i, r) in invoices.iter().enumerate() {
        let inv = &r.invoice;
        if inv.issue_date() > as_of {
            continue;
        }
        let p = format!("invoices[{i}]");
        if !numbers.insert(inv.number()) {
            v.push(RULE_INVOICE_DUPLICATE.at(format!("{p}.invoice.number"), format!("{} is given twice", inv.number())));
            continue;
        }
        let mut ok = check_eur(&inv.content().currency, &format!("{p}.invoice.content.currency"), v);
        let customer = r.customer();
        if customer.is_empty() {
            v.push(RULE_CUSTOMER.at(format!("{p}.customer_id"), "no customer id, buyer SIREN or buyer name"));
            ok = false;
        }
        let note = inv.kind() == InvoiceKind::CreditNote;
        if inv.totals().amount_due < Decimal::ZERO {
            let what = if note { "a credit note credits" } else { "an invoice asks for" };
            v.push(RULE_NEGATIVE_DUE.at(format!("{p}.invoice.totals.amount_due"), format!("{what} a positive amount")));
            ok = false;
        }
        if note && inv.content().preceding_invoice.is_none() {
            v.push(RULE_CREDIT_NOTE_INVOICE.at(format!("{p}.invoice.content.preceding_invoice"), "the credit note names no invoice"));
            ok = false;
        }
        if ok {
            let a = Accepted { index: i, entry: inv, customer };
            if note { notes.push(a) } else { accepted.push(a) }
        }
    }
    for list in [&mut accepted, &mut notes] {
        list.sort_by(|a, b| (a.entry.issue_date(), a.entry.number()).cmp(&(b.entry.issue_date(), b.entry.number())));
    }
    (accepted, notes)
}

/// What payments and refunds have in common for their checks.
trait Money {
    fn id(&self) -> &str;
    fn customer(&self) -> &str;
    fn date(&self) -> NaiveDate;
    fn currency(&self) -> &Currency;
    fn amount(&self) -> Decimal;
}

impl Money for Payment {
    fn id(&self) -> &str {
        &self.id
    }
    fn customer(&self) -> &str {
        self.customer_id.trim()
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn currency(&self) -> &Currency {
        &self.currency
    }
    fn amount(&self) -> Decimal {
        self.amount
    }
}

impl Money for Refund {
    fn id(&self) -> &str {
        &self.id
    }
    fn customer(&self) -> &str {
        self.customer_id.trim()
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn currency(&self) -> &Currency {
        &self.currency
    }
    fn amount(&self) -> Decimal {
        self.amount
    }
}

/// The payments or refunds (`name`) dated by `as_of` that pass the checks, with their input
/// index, sorted by date then id; the problems of the others go to `v`.
fn accept_money<'a, T: Money>(items: &'a [T], name: &str, as_of: NaiveDate, v: &mut Vec<Violation>) -> Vec<(usize, &'a T)> {
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate().filter(|(_, x)| x.date() <= as_of) {
        let path = format!("{name}[{i}]");
        let mut ok = true;
        if x.id().trim().is_empty() || !ids.insert(x.id()) {
            v.push(RULE_ID.at(format!("{path}.id"), format!("id `{}` is empty or not unique", x.id())));
            ok = false;
        }
        if x.customer().is_empty() {
            v.push(RULE_CUSTOMER.at(format!("{path}.customer_id"), "no customer named"));
            ok = false;
        }
        ok &= check_eur(x.currency(), &format!("{path}.currency"), v);
        ok &= check_amount(x.amount(), &format!("{path}.amount"), v);
        if ok {
            out.push((i, x));
        }
    }
    out.sort_by(|a, b| (a.1.date(), a.1.id()).cmp(&(b.1.date(), b.1.id())));
    out
}

/// The facts to book, each list sorted in booking order.
struct Facts<'a> {
    invoices: Vec<Accepted<'a>>,
    notes: Vec<Accepted<'a>>,
    payments: Vec<(usize, &'a Payment)>,
    refunds: Vec<(usize, &'a Refund)>,
}

impl Books {
    /// Opens the accounts of the facts, nothing booked yet.
    fn open(facts: &Facts<'_>) -> Self {
        let mut books = Books::default();
        for a in &facts.invoices {
            let inv = a.entry;
            let amount_due = inv.totals().amount_due;
            books.invoices.push(InvoiceAccount {
                number: inv.number().to_owned(),
                customer_id: a.customer.clone(),
                buyer_name: inv.content().buyer.name.clone(),
                buyer_kind: inv.content().buyer.kind,
                kind: inv.kind(),
                issue_date: inv.issue_date(),
                due_date: inv.due_date(),
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
                next_invoice += 1;
            }
            while let Some((input, p)) = facts.payments.get(next_payment).filter(|(_, p)| p.date == day) {
                self.book_payment(next_payment, *input, p, &index, v)?;
                touched.insert(p.customer().to_owned());
                next_payment += 1;
            }
            while let Some(a) = facts.notes.get(next_note).filter(|a| a.entry.issue_date() == day) {
                self.book_credit_note(next_note, a, &index, v)?;
                touched.insert(a.customer.clone());
                next_note += 1;
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
                next_refund += 1;
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
            let (status, days_late) = crate::receivables::invoice_status(inv, as_of);
            inv.status = status;
            inv.days_late = days_late;
        }
        let customers = customer_accounts(&self)?;
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

/// A statement line before its balance: date, booking phase, reference, kind, debit, credit.
type Row<'a> = (NaiveDate, u8, &'a str, EntryKind, Decimal, Decimal);

/// Each customer's totals and account statement.
fn customer_accounts(books: &Books) -> Result<Vec<CustomerAccount>> {
    let mut customers: BTreeMap<&str, CustomerAccount> = BTreeMap::new();
    let mut entries: BTreeMap<&str, Vec<Row<'_>>> = BTreeMap::new();
    let blank = |id: &str| CustomerAccount {
        customer_id: id.to_owned(),
        name: None,
        buyer_kind: None,
        invoiced: Decimal::ZERO,
        credited: Decimal::ZERO,
        received: Decimal::ZERO,
        refunded: Decimal::ZERO,
        outstanding: Decimal::ZERO,
        credit: Decimal::ZERO,
        balance: Decimal::ZERO,
        entries: vec![],
    };
    for i in &books.invoices {
        let c = customers.entry(&i.customer_id).or_insert_with(|| blank(&i.customer_id));
        c.name = Some(i.buyer_name.clone());
        c.buyer_kind = Some(i.buyer_kind);
        c.invoiced = add(c.invoiced, i.amount_due, "invoices")?;
        c.outstanding = add(c.outstanding, i.outstanding, "invoices")?;
        entries.entry(&i.customer_id).or_default().push((i.issue_date, 0, &i.number, EntryKind::Invoice, i.amount_due, Decimal::ZERO));
    }
    for n in &books.credit_notes {
        let c = customers.entry(&n.customer_id).or_insert_with(|| blank(&n.customer_id));
        c.credited = add(c.credited, n.amount, "credit_notes")?;
        c.credit = add(c.credit, n.credit, "credit_notes")?;
        entries.entry(&n.customer_id).or_default().push((n.issue_date, 2, &n.number, EntryKind::CreditNote, Decimal::ZERO, n.amount));
    }
    for p in &books.payments {
        let c = customers.entry(&p.customer_id).or_insert_with(|| blank(&p.customer_id));
        c.received = add(c.received, p.amount, "payments")?;
        c.credit = add(c.credit, p.credit, "payments")?;
        entries.entry(&p.customer_id).or_default().push((p.date, 1, &p.id, EntryKind::Payment, Decimal::ZERO, p.amount));
    }
    for r in &books.refunds {
        let c = customers.entry(&r.customer_id).or_insert_with(|| blank(&r.customer_id));
        c.refunded = add(c.refunded, r.amount, "refunds")?;
        entries.entry(&r.customer_id).or_default().push((r.date, 3, &r.id, EntryKind::Refund, r.amount, Decimal::ZERO));
    }
    for (id, mut list) in entries {
        list.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let Some(c) = customers.get_mut(id) else { continue };
        let mut balance = Decimal::ZERO;
        for (date, _, reference, kind, debit, credit) in list {
            balance = sub(add(balance, debit, "customers")?, credit, "customers")?;
            c.entries.push(LedgerEntry { date, kind, reference: reference.to_owned(), debit, credit, balance });
        }
        c.balance = balance;
    }
    Ok(customers.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::{CreditSelection, InvoiceDraft, credit_note, issue};
    use crate::line::{Line, SupplyKind};
    use crate::numbering::NumberingState;
    use crate::proptest_support::{buyer, seller};
    use crate::terms::PaymentTerms;
    use crate::vat::{Territory, VatCategory};
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A draft of one service line of `net` excl. tax at 20 % (`net` × 1.2 incl. tax).
    fn draft(net: Decimal) -> InvoiceDraft {
        InvoiceDraft {
            kind: InvoiceKind::Standard,
            currency: Currency::default(),
            territory: Territory::Metropole,
            seller: seller(),
            buyer: buyer(),
            lines: vec![Line {
                id: "1".into(),
                description: "Prestation".into(),
                quantity: Decimal::ONE,
                unit: "C62".into(),
                unit_price: net,
                discount: None,
                vat_category: VatCategory::S,
                vat_rate: dec!(20),
                supply: SupplyKind::Services,
            }],
            allowances: vec![],
            charges: vec![],
            exemptions: vec![],
            payment_terms: PaymentTerms::NetDays { days: 30 },
            delivery_date: None,
            late_payment_rate: None,
            early_payment_discount: None,
            purchase_order: None,
            quote: None,
            preceding_invoice: None,
            deposits: vec![],
            prepaid_amount: Decimal::ZERO,
            notes: vec![],
        }
    }

    struct World {
        invoices: Vec<ReceivableInvoice>,
        series: NumberingState,
        credits: NumberingState,
    }

    impl World {
        fn new() -> Self {
            World {
                invoices: vec![],
                series: NumberingState::continuous("invoices", "F-{SEQ}").unwrap(),
                credits: NumberingState::continuous("credit-notes", "AV-{SEQ}").unwrap(),
            }
        }

        /// Issues an invoice of `net` HT (× 1.2 TTC) for `customer` on `date`; returns its number.
        fn invoice(&mut self, customer: &str, net: Decimal, date: NaiveDate) -> String {
            let (inv, next) = issue(draft(net), &self.series, date).unwrap();
            self.series = next;
            let n = inv.number().to_owned();
            self.invoices.push(ReceivableInvoice { customer_id: Some(customer.into()), invoice: inv });
            n
        }

        /// Credits `net` HT (× 1.2 TTC) of invoice `number` on `date`.
        fn credit(&mut self, number: &str, net: Decimal, date: NaiveDate) -> String {
            let original = self.invoices.iter().find(|i| i.invoice.number() == number).unwrap().clone();
            let sel = CreditSelection::Amount { amount: net, vat_category: VatCategory::S, vat_rate: dec!(20), reason: "Geste".into() };
            let (cn, next) = issue(credit_note(&original.invoice, &sel).unwrap(), &self.credits, date).unwrap();
            self.credits = next;
            let n = cn.number().to_owned();
            self.invoices.push(ReceivableInvoice { customer_id: original.customer_id, invoice: cn });
            n
        }
    }

    fn pay(id: &str, customer: &str, date: NaiveDate, amount: Decimal) -> Payment {
        Payment {
            id: id.into(),
            customer_id: customer.into(),
            date,
            amount,
            currency: Currency::default(),
            mode: PaymentMode::Transfer,
            reference: None,
            allocations: vec![],
        }
    }

    fn to(mut p: Payment, invoice: &str, amount: Decimal) -> Payment {
        p.allocations.push(Allocation { invoice: invoice.into(), amount });
        p
    }

    fn refund(id: &str, customer: &str, date: NaiveDate, amount: Decimal) -> Refund {
        Refund {
            id: id.into(),
            customer_id: customer.into(),
            date,
            amount,
            currency: Currency::default(),
            mode: PaymentMode::Transfer,
            reference: None,
        }
    }

    /// Every cent of every payment and credit note is accounted for, per customer too.
    fn assert_conserved(l: &Ledger) {
        for p in &l.payments {
            assert_eq!(p.allocated + p.refunded + p.credit, p.amount, "{}", p.id);
            assert_eq!(p.allocations.iter().map(|a| a.amount).sum::<Decimal>(), p.allocated);
        }
        for c in &l.credit_notes {
            assert_eq!(c.allocated + c.refunded + c.credit, c.amount, "{}", c.number);
        }
        for c in &l.customers {
            assert_eq!(c.balance, c.outstanding - c.credit, "{}", c.customer_id);
            assert_eq!(c.balance, c.invoiced - c.credited - c.received + c.refunded);
        }
        for i in &l.invoices {
            assert!(i.outstanding >= Decimal::ZERO);
            assert_eq!(i.amount_due - i.credited - i.paid, i.outstanding);
        }
    }

    #[test]
    fn exact_payment_settles_the_invoice() {
        let mut w = World::new();
        let n = w.invoice("C1", dec!(1000.00), d(2026, 1, 5));
        let l = allocate(&w.invoices, &[pay("P1", "C1", d(2026, 1, 20), dec!(1200.00))], &[], d(2026, 2, 1)).unwrap();
        let inv = l.invoice(&n).unwrap();
        assert_eq!(
            (inv.outstanding, inv.paid, inv.status, inv.settled_on),
            (dec!(0), dec!(1200.00), InvoiceStatus::Paid, Some(d(2026, 1, 20)))
        );
        assert_eq!(inv.settlements[0].method, AllocationMethod::OldestFirst);
        assert_eq!(l.payments[0].credit, dec!(0));
        assert_conserved(&l);
    }

    #[test]
    fn unallocated_money_goes_to_the_oldest_due_date_first() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5)); // due 4 Feb
        let mut late = draft(dec!(100.00));
        late.payment_terms = PaymentTerms::NetDays { days: 10 };
        let (b_inv, next) = issue(late, &w.series, d(2026, 1, 10)).unwrap(); // due 20 Jan
        w.series = next;
        let b = b_inv.number().to_owned();
        w.invoices.push(ReceivableInvoice { customer_id: Some("C1".into()), invoice: b_inv });
        let l = allocate(&w.invoices, &[pay("P1", "C1", d(2026, 1, 25), dec!(150.00))], &[], d(2026, 1, 25)).unwrap();
        assert_eq!(l.invoice(&b).unwrap().outstanding, dec!(0));
        assert_eq!(l.invoice(&a).unwrap().outstanding, dec!(90.00));
        assert_eq!(l.invoice(&a).unwrap().status, InvoiceStatus::PartiallyPaid);
        assert_conserved(&l);
    }

    #[test]
    fn overpayment_becomes_credit_that_a_later_invoice_uses() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        let p = to(pay("P1", "C1", d(2026, 1, 10), dec!(200.00)), &a, dec!(120.00));
        let l = allocate(&w.invoices, std::slice::from_ref(&p), &[], d(2026, 1, 31)).unwrap();
        assert_eq!(l.payments[0].credit, dec!(80.00));
        assert_eq!(l.customers[0].credit, dec!(80.00));
        assert_eq!(l.customers[0].balance, dec!(-80.00));
        let b = w.invoice("C1", dec!(50.00), d(2026, 2, 2));
        let l = allocate(&w.invoices, &[p], &[], d(2026, 2, 2)).unwrap();
        let inv = l.invoice(&b).unwrap();
        assert_eq!((inv.outstanding, inv.status), (dec!(0), InvoiceStatus::Paid));
        assert_eq!(inv.settlements[0].reference, "P1");
        assert_eq!(inv.settlements[0].method, AllocationMethod::OldestFirst);
        assert_eq!((l.payments[0].allocated, l.payments[0].credit), (dec!(180.00), dec!(20.00)));
        assert_conserved(&l);
    }

    #[test]
    fn refunds_draw_on_credit_and_never_exceed_it() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        let p = to(pay("P1", "C1", d(2026, 1, 10), dec!(150.00)), &a, dec!(120.00));
        let l = allocate(&w.invoices, std::slice::from_ref(&p), &[refund("R1", "C1", d(2026, 1, 12), dec!(30.00))], d(2026, 2, 1)).unwrap();
        assert_eq!((l.payments[0].refunded, l.payments[0].credit), (dec!(30.00), dec!(0)));
        assert_eq!(l.refunds[0].drawn, [CreditDraw { source: FundsSource::Payment, reference: "P1".into(), amount: dec!(30.00) }]);
        assert_conserved(&l);
        let e =
            allocate(&w.invoices, std::slice::from_ref(&p), &[refund("R1", "C1", d(2026, 1, 12), dec!(30.01))], d(2026, 2, 1)).unwrap_err();
        assert_eq!((e.violations()[0].code.as_str(), e.path()), ("refund.exceeds_credit", Some("refunds[0].amount")));
        // a refund before the overpayment has no credit to draw on
        let e = allocate(&w.invoices, &[p], &[refund("R1", "C1", d(2026, 1, 9), dec!(1))], d(2026, 2, 1)).unwrap_err();
        assert_eq!(e.path(), Some("refunds[0].amount"));
    }

    #[test]
    fn credit_note_larger_than_what_is_owed_becomes_credit() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        let pays = [pay("P1", "C1", d(2026, 1, 10), dec!(60.00))];
        let cn = w.credit(&a, dec!(80.00), d(2026, 1, 15)); // 96.00 TTC, 60.00 owed
        let l = allocate(&w.invoices, &pays, &[], d(2026, 1, 31)).unwrap();
        let inv = l.invoice(&a).unwrap();
        assert_eq!((inv.credited, inv.paid, inv.outstanding, inv.status), (dec!(60.00), dec!(60.00), dec!(0), InvoiceStatus::Paid));
        let note = &l.credit_notes[0];
        assert_eq!((note.number.as_str(), note.amount, note.allocated, note.credit), (cn.as_str(), dec!(96.00), dec!(60.00), dec!(36.00)));
        assert_eq!(l.customers[0].credit, dec!(36.00));
        assert_conserved(&l);
        // a full credit note on an unpaid invoice: credited
        let b = w.invoice("C1", dec!(10.00), d(2026, 2, 1));
        w.credit(&b, dec!(10.00), d(2026, 2, 3));
        let l = allocate(&w.invoices, &[], &[], d(2026, 2, 3)).unwrap();
        // the earlier credit note's 36.00 paid b on its issue day, the new one became credit
        let inv = l.invoice(&b).unwrap();
        assert_eq!((inv.outstanding, inv.status), (dec!(0), InvoiceStatus::Credited));
        assert_conserved(&l);
    }

    #[test]
    fn explicit_allocations_are_checked_with_their_paths() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        let b = w.invoice("C2", dec!(100.00), d(2026, 1, 5));
        let later = w.invoice("C1", dec!(100.00), d(2026, 1, 20));
        let pays = [
            to(pay("P1", "C1", d(2026, 1, 10), dec!(500.00)), &a, dec!(120.01)),
            to(to(pay("P2", "C1", d(2026, 1, 10), dec!(500.00)), &b, dec!(1)), "F-99", dec!(1)),
            to(pay("P3", "C1", d(2026, 1, 10), dec!(10.00)), &a, dec!(10.01)),
            to(pay("P4", "C1", d(2026, 1, 10), dec!(10.00)), &later, dec!(1)),
            to(pay("P5", "C1", d(2026, 1, 10), dec!(10.00)), &a, dec!(0)),
        ];
        let e = allocate(&w.invoices, &pays, &[], d(2026, 2, 1)).unwrap_err();
        let got: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
        assert_eq!(
            got,
            [
                ("payment.amount.invalid", "payments[4].allocations[0].amount"),
                ("payment.allocation.exceeds_outstanding", "payments[0].allocations[0].amount"),
                ("payment.allocation.other_customer", "payments[1].allocations[0].invoice"),
                ("payment.allocation.unknown_invoice", "payments[1].allocations[1].invoice"),
                ("payment.allocation.exceeds_payment", "payments[2].allocations"),
                ("payment.allocation.unknown_invoice", "payments[3].allocations[0].invoice"),
            ]
        );
        assert!(e.violations().iter().all(|v| !v.source.is_empty()));
    }

    #[test]
    fn an_allocation_sees_earlier_payments() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        let pays = [
            to(pay("P1", "C1", d(2026, 1, 10), dec!(100.00)), &a, dec!(100.00)),
            to(pay("P2", "C1", d(2026, 1, 11), dec!(30.00)), &a, dec!(20.01)),
        ];
        let e = allocate(&w.invoices, &pays, &[], d(2026, 2, 1)).unwrap_err();
        assert_eq!(e.path(), Some("payments[1].allocations[0].amount"));
        let ok = [pays[0].clone(), to(pay("P2", "C1", d(2026, 1, 11), dec!(20.00)), &a, dec!(20.00))];
        let l = allocate(&w.invoices, &ok, &[], d(2026, 2, 1)).unwrap();
        assert_eq!(l.invoice(&a).unwrap().status, InvoiceStatus::Paid);
        assert_conserved(&l);
    }

    #[test]
    fn facts_after_as_of_are_ignored_and_input_checks_have_paths() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        let mut usd = pay("P2", "C1", d(2026, 1, 6), dec!(5));
        usd.currency = Currency("USD".into());
        let pays = [pay("P1", "C1", d(2026, 3, 1), dec!(120.00)), usd, pay("P1", "", d(2026, 1, 7), dec!(1.001))];
        let e = allocate(&w.invoices, &pays, &[], d(2026, 2, 1)).unwrap_err();
        let got: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
        assert_eq!(
            got,
            [
                ("receivables.currency.unsupported", "payments[1].currency"),
                ("receivables.customer.missing", "payments[2].customer_id"),
                ("decimal.precision", "payments[2].amount"),
            ]
        );
        let l = allocate(&w.invoices, &pays[..1], &[], d(2026, 2, 1)).unwrap();
        assert!(l.payments.is_empty());
        assert_eq!(l.invoice(&a).unwrap().status, InvoiceStatus::IssuedUnpaid);
        let l = allocate(&w.invoices, &pays[..1], &[], d(2026, 1, 4)).unwrap();
        assert!(l.invoices.is_empty() && l.customers.is_empty());
    }

    #[test]
    fn credit_notes_must_correct_an_invoice_of_the_same_customer() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        w.credit(&a, dec!(10.00), d(2026, 1, 8));
        // the credit note filed under another customer
        let mut moved = w.invoices.clone();
        moved[1].customer_id = Some("C2".into());
        let e = allocate(&moved, &[], &[], d(2026, 2, 1)).unwrap_err();
        assert_eq!(
            (e.violations()[0].code.as_str(), e.path()),
            ("credit_note.invoice.unknown", Some("invoices[1].invoice.content.preceding_invoice"))
        );
        assert!(e.violations()[0].message.contains("C2"), "{}", e.violations()[0].message);
        // its invoice missing from the inputs
        let e = allocate(&w.invoices[1..], &[], &[], d(2026, 2, 1)).unwrap_err();
        assert_eq!(e.path(), Some("invoices[0].invoice.content.preceding_invoice"));
        // the same number twice
        let twice = [w.invoices[0].clone(), w.invoices[0].clone()];
        let e = allocate(&twice, &[], &[], d(2026, 2, 1)).unwrap_err();
        assert_eq!((e.violations()[0].code.as_str(), e.path()), ("receivables.invoice.duplicate", Some("invoices[1].invoice.number")));
    }

    #[test]
    fn customer_key_defaults_to_siren_then_name() {
        let mut w = World::new();
        w.invoice("C1", dec!(1), d(2026, 1, 5));
        let mut r = w.invoices[0].clone();
        r.customer_id = None;
        assert_eq!(r.customer(), "552100554");
        let mut content = r.invoice.content().clone();
        content.buyer.siren = None;
        let (inv, _) = issue(content, &w.series, d(2026, 1, 6)).unwrap();
        assert_eq!(ReceivableInvoice { customer_id: None, invoice: inv }.customer(), "Boulangerie Martin");
    }

    #[test]
    fn statement_runs_in_booking_order() {
        let mut w = World::new();
        let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
        w.credit(&a, dec!(10.00), d(2026, 1, 8));
        let l = allocate(
            &w.invoices,
            &[pay("P1", "C1", d(2026, 1, 8), dec!(200.00))],
            &[refund("R1", "C1", d(2026, 1, 9), dec!(50.00))],
            d(2026, 1, 31),
        )
        .unwrap();
        let c = &l.customers[0];
        let rows: Vec<(EntryKind, Decimal, Decimal, Decimal)> = c.entries.iter().map(|e| (e.kind, e.debit, e.credit, e.balance)).collect();
        assert_eq!(
            rows,
            [
                (EntryKind::Invoice, dec!(120.00), dec!(0), dec!(120.00)),
                (EntryKind::Payment, dec!(0), dec!(200.00), dec!(-80.00)),
                (EntryKind::CreditNote, dec!(0), dec!(12.00), dec!(-92.00)),
                (EntryKind::Refund, dec!(50.00), dec!(0), dec!(-42.00)),
            ]
        );
        // the payment paid the invoice at day's end after the credit note took its share
        let inv = l.invoice(&a).unwrap();
        assert_eq!((inv.credited, inv.paid), (dec!(12.00), dec!(108.00)));
        assert_conserved(&l);
    }
}
