//! The posting rules: issued documents, payments, refunds, fees and write-offs become balanced
//! journal entries (the standard entries of the PCG, shared/spec/fec.md §5).
//!
//! | Fact | Journal | Lines | Source |
//! |---|---|---|---|
//! | invoice | VT | D 411 (aux) amount due · C 706/707 line nets · D 709 allowances · C 708 charges · C 4457x VAT | PCG art. 944-41 (411), 947-70 (70x), 944-44 (4457) |
//! | deposit invoice | VT | D 411 · C 4191 basis · C 4457x VAT | PCG art. 944-41 (4191); CGI 269-2-a, 289 I-1-c |
//! | final invoice | VT | D 411 amount due · D 4191 deposits' basis · C 70x whole operation · C 4457x VAT less the deposits' | CGI 289 I-1-c; PCG 944-41 |
//! | credit note | VT | the invoice's lines reversed (709 with `credit_notes_to_rebates`; 4191 for a deposit's) | CGI 272-1, 289 I-5; PCG 947-70 (709) |
//! | payment | BQ / CA | D 512 (5112 cheques, 530 cash) net · D 627 fee · D 44566 fee VAT · C 411 gross | PCG 945-51 (512, 5112, 53), 946-62 (627) |
//! | VAT on receipt | OD | D 44574x · C 44571x, pro rata of each payment | CGI 269-2-c; BOI-TVA-BASE-20-20 |
//! | refund | BQ / CA | D 411 · C 512 | C. civ. 1302 |
//! | write-off | OD | D 654 (665, 658) · D VAT not due or recovered · C 411 | CGI 272-1 (bad debts), 267 II-1° (discounts); PCG 946-65 |
//! | bank fee | BQ | D 627 · D 44566 · C 512 | PCG 946-62 |
//!
//! # When VAT is due
//!
//! Goods: at delivery, i.e. at issue (the invoice is issued at delivery, CGI 289 I-3); services:
//! on receipt (CGI 269-2-c), unless the seller opted for the débits (then at issue, 269-2-c and
//! mention 11° bis); deposits for goods: on receipt since 1 January 2023 (CGI 269-2-a as amended
//! by loi 2022-1726 art. 30). VAT not yet due waits on the `on_receipts` account of its rate
//! and moves to collected VAT with each payment, pro rata of the amount received (BOI-TVA-BASE-20-20
//! §§ 110-150): of what the invoice still owes, so the last payment moves exactly what is left. The
//! credit a credit note leaves once its own invoice was paid is money received too: when it
//! settles another invoice, that invoice's VAT moves as with a payment. A VAT group mixing goods
//! and services is split pro rata of its line nets.
//!
//! A credit note cancels VAT where it is: first what still waits on its invoice (never declared),
//! the rest from collected VAT (declared, so deducted from the period's VAT, CGI 272-1). A
//! write-off does the same for the part unpaid: VAT waiting is cancelled, VAT collected at issue is
//! recovered pro rata of the unpaid share (CGI 272-1; the seller sends the customer a corrective
//! invoice, BOI-TVA-DECLA-30-20-20-30).
//!
//! # Customer credit
//!
//! A payment is credited in full to the customer's 411 auxiliary account: what it does not settle
//! stays there as a credit balance (the customer's credit), used later against invoices (lettering
//! shows it) or refunded (D 411 · C 512). VAT on receipts moves when the credit settles an invoice,
//! on that day. Reclassifying credit balances to 4191/4197 is an inventory entry of the accountant
//! at closing, left to them (a host entry).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::accounting::chart::{Account, Chart};
use crate::accounting::entry::{EntryHead, EntryLine, EntryOrigin, JournalEntry};
use crate::accounting::{AccountingInput, BankFee, VatEvent, VatEventKind, WriteOff, WriteOffReason};
use crate::documents::draft::InvoiceKind;
use crate::documents::invoice::IssuedInvoice;
use crate::error::{Result, Violation};
use crate::line::SupplyKind;
use crate::money::{add, mul, round2, sub};
use crate::party::VatRegime;
use crate::receivables::account::{AllocationMethod, FundsSource, InvoiceAccount};
use crate::receivables::ledger::Ledger;
use crate::receivables::payment::{Payment, PaymentMode, ReceivableInvoice, Refund};
use crate::vat::VatCategory;

/// A VAT group key: category and normalised rate.
pub(crate) type Group = (VatCategory, Decimal);

/// Basis and VAT.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Amounts {
    pub(crate) basis: Decimal,
    pub(crate) vat: Decimal,
}

impl Amounts {
    fn plus(self, o: Amounts, path: &str) -> Result<Amounts> {
        Ok(Amounts { basis: add(self.basis, o.basis, path)?, vat: add(self.vat, o.vat, path)? })
    }
    fn minus(self, o: Amounts, path: &str) -> Result<Amounts> {
        Ok(Amounts { basis: sub(self.basis, o.basis, path)?, vat: sub(self.vat, o.vat, path)? })
    }
    fn min(self, o: Amounts) -> Amounts {
        Amounts { basis: self.basis.min(o.basis), vat: self.vat.min(o.vat) }
    }
    fn is_zero(&self) -> bool {
        self.basis.is_zero() && self.vat.is_zero()
    }
    /// `self × part / whole`, each to the cent; all of `self` when `part ≥ whole`.
    fn share(self, part: Decimal, whole: Decimal, path: &str) -> Result<Amounts> {
        if part >= whole || whole <= Decimal::ZERO {
            return Ok(self);
        }
        let f = |x: Decimal| -> Result<Decimal> { Ok(round2(crate::money::div(mul(x, part, path)?, whole, path)?)) };
        Ok(Amounts { basis: f(self.basis)?, vat: f(self.vat)? })
    }
}

/// A VAT group of a document split between what is due at issue and what waits for the payment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct GroupSplit {
    /// Due at issue (goods, services under the débits option).
    pub(crate) at_issue: Amounts,
    /// Due on receipt (services without the option, deposits for goods).
    pub(crate) on_receipt: Amounts,
}

/// The customer of a document or payment as the accounts show it.
struct Customer {
    aux: String,
    name: String,
}

/// Everything posting reads, indexed.
pub(crate) struct Books<'a> {
    pub(crate) chart: &'a Chart,
    docs: BTreeMap<&'a str, &'a ReceivableInvoice>,
    customers: BTreeMap<String, Customer>,
    ledger: &'a Ledger,
    /// Entries built so far.
    pub(crate) entries: Vec<JournalEntry>,
    /// VAT facts, for the VAT return.
    pub(crate) vat: Vec<VatEvent>,
    /// Lettering links on the customers account (entry id pairs).
    pub(crate) links: Vec<(String, String)>,
    /// Lettering links on the deposits account.
    pub(crate) deposit_links: Vec<(String, String)>,
}

/// The entry id of an issued document.
pub(crate) fn doc_id(inv: &IssuedInvoice) -> String {
    if inv.kind() == InvoiceKind::CreditNote { format!("credit_note:{}", inv.number()) } else { format!("invoice:{}", inv.number()) }
}

fn norm(g: Group) -> Group {
    (g.0, g.1.normalize())
}

/// True when VAT of `supply` on a document of `kind` by a seller of `regime` is due on receipt.
fn due_on_receipt(regime: VatRegime, kind: InvoiceKind, supply: SupplyKind) -> bool {
    match (supply, kind) {
        // CGI 269-2-a (loi 2022-1726): VAT on deposits for goods is due when they are received
        (SupplyKind::Goods, InvoiceKind::Deposit) => true,
        // goods: at delivery, i.e. at issue (CGI 269-2-a, 289 I-3)
        (SupplyKind::Goods, _) => false,
        // services: on receipt, unless the débits option (CGI 269-2-c)
        (SupplyKind::Services, _) => regime != VatRegime::Debits,
    }
}

/// The VAT groups of a document (what remains after deposits), split between at issue and on receipt.
pub(crate) fn split_groups(doc: &IssuedInvoice, kind_for_rules: InvoiceKind) -> Result<BTreeMap<Group, GroupSplit>> {
    let path = format!("invoices[{}]", doc.number());
    let regime = doc.content().seller.vat_regime;
    let mut nets: BTreeMap<Group, (Decimal, Decimal)> = BTreeMap::new();
    for (line, total) in doc.content().lines.iter().zip(&doc.totals().lines) {
        let e = nets.entry(norm((line.vat_category, line.vat_rate))).or_default();
        match line.supply {
            SupplyKind::Goods => e.0 = add(e.0, total.net, &path)?,
            SupplyKind::Services => e.1 = add(e.1, total.net, &path)?,
        }
    }
    let mut out = BTreeMap::new();
    for g in &doc.totals().vat_breakdown {
        let key = norm((g.category, g.rate));
        let whole = Amounts { basis: g.remaining_basis(), vat: g.remaining_vat() };
        let (goods, services) = nets.get(&key).copied().unwrap_or_default();
        let goods_receipt = due_on_receipt(regime, kind_for_rules, SupplyKind::Goods);
        let services_receipt = due_on_receipt(regime, kind_for_rules, SupplyKind::Services);
        // the services part, pro rata of the line nets (all of it without goods lines)
        let services_part = if goods.is_zero() || goods.saturating_add(services) <= Decimal::ZERO {
            whole
        } else if services.is_zero() {
            Amounts::default()
        } else {
            whole.share(services, add(goods, services, &path)?, &path)?
        };
        let goods_part = whole.minus(services_part, &path)?;
        let mut split = GroupSplit::default();
        for (part, receipt) in [(goods_part, goods_receipt), (services_part, services_receipt)] {
            if receipt {
                split.on_receipt = split.on_receipt.plus(part, &path)?;
            } else {
                split.at_issue = split.at_issue.plus(part, &path)?;
            }
        }
        out.insert(key, split);
    }
    Ok(out)
}

/// What a credit note takes from its invoice's waiting VAT, per group (computed by the timelines).
pub(crate) type CreditSplit = BTreeMap<String, BTreeMap<Group, Amounts>>;

/// One VAT transfer on receipt: payment, date, invoice, group, amounts.
struct Transfer {
    payment: String,
    from_credit_note: bool,
    date: NaiveDate,
    invoice: String,
    group: Group,
    amounts: Amounts,
}

/// What one write-off cancels: the amount and, per group, VAT waiting and VAT recovered.
struct WriteOffParts {
    amount: Decimal,
    waiting: BTreeMap<Group, Amounts>,
    recovered: BTreeMap<Group, Amounts>,
}

impl<'a> Books<'a> {
    /// Indexes the facts of `input` that the ledger accepted.
    pub(crate) fn new(input: &'a AccountingInput, ledger: &'a Ledger, as_of: NaiveDate) -> Books<'a> {
        let mut docs: BTreeMap<&str, &ReceivableInvoice> = BTreeMap::new();
        for r in input.invoices.iter().filter(|r| r.invoice.issue_date() <= as_of) {
            docs.entry(r.invoice.number()).or_insert(r);
        }
        let mut customers: BTreeMap<String, Customer> = BTreeMap::new();
        let mut ordered: Vec<&&ReceivableInvoice> = docs.values().collect();
        ordered.sort_by_key(|r| (r.invoice.issue_date(), r.invoice.number()));
        for r in ordered {
            let key = r.customer();
            customers.entry(key.clone()).or_insert_with(|| Customer {
                aux: format!("{}{}", input.chart.customer_aux_prefix, key),
                name: r.invoice.content().buyer.name.clone(),
            });
        }
        Books {
            chart: &input.chart,
            docs,
            customers,
            ledger,
            entries: Vec::new(),
            vat: Vec::new(),
            links: Vec::new(),
            deposit_links: Vec::new(),
        }
    }

    fn customer(&self, key: &str) -> (String, String) {
        match self.customers.get(key.trim()) {
            Some(c) => (c.aux.clone(), c.name.clone()),
            None => (format!("{}{}", self.chart.customer_aux_prefix, key.trim()), key.trim().to_owned()),
        }
    }

    fn customer_line(&self, key: &str, debit: Decimal, credit: Decimal) -> EntryLine {
        let (aux, name) = self.customer(key);
        let line =
            if debit.is_zero() { EntryLine::credit(&self.chart.customers, credit) } else { EntryLine::debit(&self.chart.customers, debit) };
        line.with_aux(&aux, &name)
    }

    fn doc(&self, number: &str) -> Option<&'a ReceivableInvoice> {
        self.docs.get(number).copied()
    }

    /// The kind a document's VAT timing follows: a credit note follows its invoice's kind.
    fn rules_kind(&self, inv: &IssuedInvoice) -> InvoiceKind {
        if inv.kind() != InvoiceKind::CreditNote {
            return inv.kind();
        }
        inv.content()
            .preceding_invoice
            .as_ref()
            .and_then(|r| self.doc(&r.number).map(|o| o.invoice.kind()).or(r.kind))
            .unwrap_or(InvoiceKind::Standard)
    }

    /// Walks each invoice's settlements, credit notes and write-offs in booking order: the VAT
    /// moved by each payment, what each credit note takes from waiting VAT, what each write-off
    /// cancels. Violations go to `v`.
    fn timelines(
        &self,
        write_offs: &[WriteOff],
        v: &mut Vec<Violation>,
    ) -> Result<(Vec<Transfer>, CreditSplit, BTreeMap<String, WriteOffParts>)> {
        let mut transfers = Vec::new();
        let mut credit_split: CreditSplit = BTreeMap::new();
        let mut written: BTreeMap<String, WriteOffParts> = BTreeMap::new();
        for account in &self.ledger.invoices {
            let Some(doc) = self.doc(&account.number) else { continue };
            let inv = &doc.invoice;
            let path = format!("invoices[{}]", inv.number());
            let splits = split_groups(inv, inv.kind())?;
            let mut waiting: BTreeMap<Group, Amounts> = splits.iter().map(|(g, s)| (*g, s.on_receipt)).collect();
            let at_issue: BTreeMap<Group, Amounts> = splits.iter().map(|(g, s)| (*g, s.at_issue)).collect();
            let mut outstanding = account.amount_due;
            // (date, rank, sub, index): explicit payments, credit notes, oldest-first, write-offs
            // (date, rank, credit note, sub, index), the ledger's booking order of a day: explicit
            // payments, then each credit note (its VAT, then its settlement), then oldest-first
            // settlements, then write-offs
            let mut events: Vec<(NaiveDate, u8, &str, u8, usize, Event<'_>)> = Vec::new();
            for (k, s) in account.settlements.iter().enumerate() {
                let (rank, name) = match s.method {
                    AllocationMethod::Explicit => (0, ""),
                    AllocationMethod::CreditNote => (1, s.reference.as_str()),
                    AllocationMethod::OldestFirst => (2, ""),
                };
                // money received settles it: a payment, or the credit a credit note left once its own
                // invoice was paid (cash received and no longer owed), applied to another invoice
                let received = s.source == FundsSource::Payment || s.method == AllocationMethod::OldestFirst;
                let from_credit_note = s.source == FundsSource::CreditNote;
                events.push((s.date, rank, name, 1, k, Event::Settlement(received, from_credit_note, &s.reference, s.amount)));
            }
            for (k, cn) in self.credit_notes_of(inv.number()).into_iter().enumerate() {
                events.push((cn.issue_date(), 1, cn.number(), 0, k, Event::CreditNote(cn)));
            }
            for (k, w) in write_offs.iter().enumerate().filter(|(_, w)| w.invoice == account.number) {
                events.push((w.date, 3, "", 0, k, Event::WriteOff(k, w)));
            }
            events.sort_by_key(|e| (e.0, e.1, e.2, e.3, e.4));
            let mut written_off = false;
            for (date, _, _, _, _, event) in events {
                match event {
                    Event::Settlement(received, from_credit_note, reference, amount) => {
                        if written_off {
                            v.push(crate::accounting::WRITE_OFF_SETTLED.at(
                                format!("write_offs[{}]", account.number),
                                format!("{} is settled on {date} after it was written off", account.number),
                            ));
                        }
                        if received {
                            for (g, w) in &mut waiting {
                                let portion = w.share(amount, outstanding, &path)?;
                                if !portion.is_zero() {
                                    *w = w.minus(portion, &path)?;
                                    transfers.push(Transfer {
                                        payment: reference.to_owned(),
                                        from_credit_note,
                                        date,
                                        invoice: account.number.clone(),
                                        group: *g,
                                        amounts: portion,
                                    });
                                }
                            }
                        }
                        outstanding = sub(outstanding, amount, &path)?;
                    }
                    Event::CreditNote(cn) => {
                        let cn_split = split_groups(cn, inv.kind())?;
                        // a credit note that settles what the invoice still owes takes all the VAT
                        // still waiting: the cent a pro rata share left over goes with it
                        let settles = cn.totals().amount_due >= outstanding;
                        let groups: std::collections::BTreeSet<Group> = waiting.keys().chain(cn_split.keys()).copied().collect();
                        let mut taken = BTreeMap::new();
                        for g in groups {
                            let on_receipt = cn_split.get(&g).map(|s| s.on_receipt).unwrap_or_default();
                            let w = waiting.entry(g).or_default();
                            let take = if settles { *w } else { on_receipt.min(*w) };
                            *w = w.minus(take, &path)?;
                            if !take.is_zero() || cn_split.contains_key(&g) {
                                taken.insert(g, take);
                            }
                        }
                        credit_split.insert(cn.number().to_owned(), taken);
                    }
                    Event::WriteOff(k, w) => {
                        let wpath = format!("write_offs[{k}]");
                        let amount = w.amount.unwrap_or(outstanding);
                        if amount <= Decimal::ZERO || amount > outstanding {
                            v.push(crate::accounting::WRITE_OFF_AMOUNT.at(
                                format!("{wpath}.amount"),
                                format!("{} owes {outstanding} on {}: a write-off is in ]0, {outstanding}]", account.number, w.date),
                            ));
                            continue;
                        }
                        let mut parts = WriteOffParts { amount, waiting: BTreeMap::new(), recovered: BTreeMap::new() };
                        for (g, wt) in &mut waiting {
                            let portion = wt.share(amount, outstanding, &wpath)?;
                            *wt = wt.minus(portion, &wpath)?;
                            parts.waiting.insert(*g, portion);
                        }
                        for (g, a) in &at_issue {
                            parts.recovered.insert(*g, a.share(amount, account.amount_due, &wpath)?);
                        }
                        outstanding = sub(outstanding, amount, &wpath)?;
                        written_off = true;
                        written.insert(w.id.clone(), parts);
                    }
                }
            }
        }
        Ok((transfers, credit_split, written))
    }

    /// The credit notes issued against invoice `number`, by issue date then number.
    fn credit_notes_of(&self, number: &str) -> Vec<&'a IssuedInvoice> {
        let mut v: Vec<&IssuedInvoice> = self
            .docs
            .values()
            .map(|r| &r.invoice)
            .filter(|i| i.kind() == InvoiceKind::CreditNote && i.content().preceding_invoice.as_ref().is_some_and(|p| p.number == number))
            .collect();
        v.sort_by_key(|i| (i.issue_date(), i.number().to_owned()));
        v
    }

    /// Posts everything: documents, payments, VAT on receipt, refunds, write-offs, bank fees.
    pub(crate) fn post_all(&mut self, input: &AccountingInput, as_of: NaiveDate, v: &mut Vec<Violation>) -> Result<()> {
        let write_offs: Vec<WriteOff> = input.write_offs.iter().filter(|w| w.date <= as_of).cloned().collect();
        let (transfers, credit_split, written) = self.timelines(&write_offs, v)?;
        let mut docs: Vec<&ReceivableInvoice> = self.docs.values().copied().collect();
        docs.sort_by_key(|r| (r.invoice.issue_date(), r.invoice.number()));
        for r in docs {
            self.post_document(r, &credit_split)?;
        }
        let accounts: Vec<InvoiceAccount> = self.ledger.invoices.clone();
        for a in &accounts {
            for s in &a.settlements {
                let other = match s.source {
                    FundsSource::Payment => format!("payment:{}", s.reference),
                    FundsSource::CreditNote => format!("credit_note:{}", s.reference),
                };
                self.links.push((format!("invoice:{}", a.number), other));
            }
        }
        let fees: BTreeMap<&str, &crate::accounting::ProcessorFee> = input.processor_fees.iter().map(|f| (f.payment.as_str(), f)).collect();
        for p in input.payments.iter().filter(|p| p.date <= as_of) {
            self.post_payment(p, fees.get(p.id.as_str()).copied(), v)?;
        }
        self.post_transfers(&transfers)?;
        for r in input.refunds.iter().filter(|r| r.date <= as_of) {
            self.post_refund(r)?;
        }
        for refund in &self.ledger.refunds {
            for d in &refund.drawn {
                let other = match d.source {
                    FundsSource::Payment => format!("payment:{}", d.reference),
                    FundsSource::CreditNote => format!("credit_note:{}", d.reference),
                };
                self.links.push((format!("refund:{}", refund.id), other));
            }
        }
        for w in &write_offs {
            if let Some(parts) = written.get(&w.id) {
                self.post_write_off(w, parts)?;
            }
        }
        for (i, f) in input.bank_fees.iter().enumerate().filter(|(_, f)| f.date <= as_of) {
            self.post_bank_fee(f, i)?;
        }
        Ok(())
    }

    /// The VT entry of an issued invoice, deposit, final invoice or credit note.
    fn post_document(&mut self, r: &ReceivableInvoice, credit_split: &CreditSplit) -> Result<()> {
        let inv = &r.invoice;
        let chart = self.chart;
        let path = format!("invoices[{}]", inv.number());
        let note = inv.kind() == InvoiceKind::CreditNote;
        let rules_kind = self.rules_kind(inv);
        let of_deposit = rules_kind == InvoiceKind::Deposit;
        let customer = r.customer();
        let t = inv.totals();
        let content = inv.content();
        // the lines as if an invoice (credits positive); reversed at the end for a credit note
        let mut lines: Vec<EntryLine> = Vec::new();
        let mut revenue: BTreeMap<String, (Account, Decimal)> = BTreeMap::new();
        let mut put = |acc: &Account, amount: Decimal| -> Result<()> {
            let e = revenue.entry(acc.number.clone()).or_insert_with(|| (acc.clone(), Decimal::ZERO));
            e.1 = add(e.1, amount, &path)?;
            Ok(())
        };
        for (line, total) in content.lines.iter().zip(&t.lines) {
            let acc = if of_deposit {
                &chart.deposits
            } else if note && chart.credit_notes_to_rebates {
                &chart.rebates
            } else if line.supply == SupplyKind::Goods {
                &chart.goods
            } else {
                &chart.services
            };
            put(acc, total.net)?;
        }
        for a in &content.allowances {
            put(if of_deposit { &chart.deposits } else { &chart.rebates }, Decimal::ZERO.saturating_sub(a.amount))?;
        }
        for c in &content.charges {
            put(if of_deposit { &chart.deposits } else { &chart.ancillary }, c.amount)?;
        }
        for (acc, amount) in revenue.into_values() {
            lines.push(EntryLine::credit(&acc, amount));
        }
        let deposits_basis: Decimal = t.vat_breakdown.iter().try_fold(Decimal::ZERO, |a, g| add(a, g.deposit_basis, &path))?;
        if !deposits_basis.is_zero() {
            lines.push(EntryLine::debit(&chart.deposits, deposits_basis));
        }
        let splits = split_groups(inv, rules_kind)?;
        let taken = credit_split.get(inv.number());
        let sign = if note { -Decimal::ONE } else { Decimal::ONE };
        // a credit note's groups, and any group whose waiting VAT it takes
        let mut groups: BTreeMap<Group, GroupSplit> = splits.clone();
        if let Some(t) = taken {
            for g in t.keys() {
                groups.entry(*g).or_default();
            }
        }
        for (g, s) in &groups {
            let accounts = chart.vat_accounts(g.1);
            // a credit note cancels first what waits on its invoice, the rest from collected VAT
            let (waiting, collected) = if note {
                let from_waiting = taken.and_then(|t| t.get(g)).copied().unwrap_or_default();
                let rest = s.at_issue.plus(s.on_receipt, &path)?.minus(from_waiting, &path)?;
                (from_waiting, rest)
            } else {
                (s.on_receipt, s.at_issue)
            };
            lines.push(EntryLine::credit(&accounts.on_receipts, waiting.vat));
            lines.push(EntryLine::credit(&accounts.collected, collected.vat));
            if !collected.is_zero() || g.0 != VatCategory::S {
                let amounts = if g.0 == VatCategory::S { collected } else { s.at_issue.plus(s.on_receipt, &path)? };
                self.vat.push(VatEvent {
                    date: inv.issue_date(),
                    kind: if note { VatEventKind::CreditNote } else { VatEventKind::Issued },
                    document: inv.number().to_owned(),
                    payment: None,
                    category: g.0,
                    rate: g.1,
                    basis: mul(amounts.basis, sign, &path)?,
                    vat: mul(amounts.vat, sign, &path)?,
                });
            }
        }
        // the customer's line first: D 411 (C 411 for a credit note)
        lines.insert(0, self.customer_line(&customer, t.amount_due, Decimal::ZERO));
        // A document of zero amount (a free delivery invoiced at 0) moves no account: an entry
        // records a movement (PCG, règlement ANC 2014-03: partie double), so it has none. Its number stays in
        // the invoice series, which is where CGI 242 nonies A I-7° wants continuity.
        if lines.iter().all(|l| l.debit.is_zero() && l.credit.is_zero()) {
            return Ok(());
        }
        if note {
            for l in &mut lines {
                std::mem::swap(&mut l.debit, &mut l.credit);
            }
        }
        let title = crate::presentation::invoice_title(inv.kind());
        let (_, name) = self.customer(&customer);
        let head = EntryHead {
            id: doc_id(inv),
            origin: if note { EntryOrigin::CreditNote } else { EntryOrigin::Invoice },
            journal: &chart.journals.sales,
            date: inv.issue_date(),
            piece_ref: inv.number().to_owned(),
            piece_date: inv.issue_date(),
            label: format!("{title} {} {name}", inv.number()),
        };
        let entry = JournalEntry::balanced(head, lines)?;
        if note {
            if let Some(p) = &content.preceding_invoice {
                self.links.push((entry.id.clone(), format!("invoice:{}", p.number)));
                if of_deposit {
                    self.deposit_links.push((entry.id.clone(), format!("invoice:{}", p.number)));
                }
            }
        }
        for d in &content.deposits {
            self.deposit_links.push((entry.id.clone(), format!("invoice:{}", d.number)));
        }
        self.entries.push(entry);
        Ok(())
    }

    /// The BQ/CA entry of a payment, net of a processor fee when given.
    fn post_payment(&mut self, p: &Payment, fee: Option<&crate::accounting::ProcessorFee>, v: &mut Vec<Violation>) -> Result<()> {
        let chart = self.chart;
        let path = format!("payments[{}]", p.id);
        let (treasury, journal) = chart.treasury(p.mode);
        let (fee_amount, fee_vat) = fee.map_or((Decimal::ZERO, Decimal::ZERO), |f| (f.amount, f.vat));
        let net = sub(sub(p.amount, fee_amount, &path)?, fee_vat, &path)?;
        if net <= Decimal::ZERO {
            v.push(crate::accounting::FEE_EXCEEDS.at(
                format!("processor_fees[{}]", p.id),
                format!("the fee {fee_amount} + {fee_vat} VAT leaves nothing of the {} paid", p.amount),
            ));
            return Ok(());
        }
        let lines = vec![
            EntryLine::debit(treasury, net),
            EntryLine::debit(&chart.fees, fee_amount),
            EntryLine::debit(&chart.vat_deductible, fee_vat),
            self.customer_line(&p.customer_id, Decimal::ZERO, p.amount),
        ];
        let (_, name) = self.customer(&p.customer_id);
        let head = EntryHead {
            id: format!("payment:{}", p.id),
            origin: EntryOrigin::Payment,
            journal,
            date: p.date,
            piece_ref: p.id.clone(),
            piece_date: p.date,
            label: format!("Règlement {} {name}", mode_label(p.mode)),
        };
        self.entries.push(JournalEntry::balanced(head, lines)?);
        Ok(())
    }

    /// The OD entries moving VAT from waiting to collected, one per payment and day.
    fn post_transfers(&mut self, transfers: &[Transfer]) -> Result<()> {
        let mut by_payment: BTreeMap<(NaiveDate, bool, &str), BTreeMap<Group, Amounts>> = BTreeMap::new();
        for t in transfers {
            let e = by_payment.entry((t.date, t.from_credit_note, t.payment.as_str())).or_default().entry(t.group).or_default();
            *e = e.plus(t.amounts, "transfers")?;
            self.vat.push(VatEvent {
                date: t.date,
                kind: VatEventKind::Receipt,
                document: t.invoice.clone(),
                payment: Some(t.payment.clone()),
                category: t.group.0,
                rate: t.group.1,
                basis: t.amounts.basis,
                vat: t.amounts.vat,
            });
        }
        for ((date, from_credit_note, payment), groups) in by_payment {
            let mut lines = Vec::new();
            for (g, a) in groups {
                let acc = self.chart.vat_accounts(g.1);
                lines.push(EntryLine::debit(&acc.on_receipts, a.vat));
                lines.push(EntryLine::credit(&acc.collected, a.vat));
            }
            if lines.iter().all(|l| l.debit.is_zero() && l.credit.is_zero()) {
                continue;
            }
            let head = EntryHead {
                id: if from_credit_note { format!("vat:credit_note:{payment}:{date}") } else { format!("vat:{payment}:{date}") },
                origin: EntryOrigin::VatOnReceipt,
                journal: &self.chart.journals.misc,
                date,
                piece_ref: payment.to_owned(),
                piece_date: date,
                label: format!("TVA exigible sur encaissement {payment}"),
            };
            self.entries.push(JournalEntry::balanced(head, lines)?);
        }
        Ok(())
    }

    /// The entry of a refund out of the customer's credit.
    fn post_refund(&mut self, r: &Refund) -> Result<()> {
        let (treasury, journal) = self.chart.treasury(r.mode);
        let lines = vec![self.customer_line(&r.customer_id, r.amount, Decimal::ZERO), EntryLine::credit(treasury, r.amount)];
        let (_, name) = self.customer(&r.customer_id);
        let head = EntryHead {
            id: format!("refund:{}", r.id),
            origin: EntryOrigin::Refund,
            journal,
            date: r.date,
            piece_ref: r.id.clone(),
            piece_date: r.date,
            label: format!("Remboursement {name}"),
        };
        self.entries.push(JournalEntry::balanced(head, lines)?);
        Ok(())
    }

    /// The OD entry of a write-off: expense, VAT cancelled or recovered, customer credited.
    fn post_write_off(&mut self, w: &WriteOff, parts: &WriteOffParts) -> Result<()> {
        let chart = self.chart;
        let path = format!("write_offs[{}]", w.id);
        let Some(doc) = self.doc(&w.invoice) else { return Ok(()) };
        let customer = doc.customer();
        let mut lines = Vec::new();
        let mut vat_total = Decimal::ZERO;
        for (g, a) in &parts.waiting {
            lines.push(EntryLine::debit(&chart.vat_accounts(g.1).on_receipts, a.vat));
            vat_total = add(vat_total, a.vat, &path)?;
        }
        for (g, a) in &parts.recovered {
            lines.push(EntryLine::debit(&chart.vat_accounts(g.1).collected, a.vat));
            vat_total = add(vat_total, a.vat, &path)?;
            if !a.is_zero() {
                self.vat.push(VatEvent {
                    date: w.date,
                    kind: VatEventKind::WriteOff,
                    document: w.invoice.clone(),
                    payment: None,
                    category: g.0,
                    rate: g.1,
                    basis: Decimal::ZERO.saturating_sub(a.basis),
                    vat: Decimal::ZERO.saturating_sub(a.vat),
                });
            }
        }
        let expense = match w.reason {
            WriteOffReason::BadDebt => &chart.bad_debts,
            WriteOffReason::Discount => &chart.discounts,
            WriteOffReason::Rounding => &chart.rounding_loss,
        };
        lines.insert(0, EntryLine::debit(expense, sub(parts.amount, vat_total, &path)?));
        lines.push(self.customer_line(&customer, Decimal::ZERO, parts.amount));
        let what = match w.reason {
            WriteOffReason::BadDebt => "Créance irrécouvrable",
            WriteOffReason::Discount => "Escompte accordé",
            WriteOffReason::Rounding => "Écart de règlement",
        };
        let head = EntryHead {
            id: format!("write_off:{}", w.id),
            origin: EntryOrigin::WriteOff,
            journal: &chart.journals.misc,
            date: w.date,
            piece_ref: w.id.clone(),
            piece_date: w.date,
            label: format!("{what} {}", w.invoice),
        };
        let entry = JournalEntry::balanced(head, lines)?;
        self.links.push((entry.id.clone(), format!("invoice:{}", w.invoice)));
        self.entries.push(entry);
        Ok(())
    }

    /// The BQ entry of bank fees.
    fn post_bank_fee(&mut self, f: &BankFee, i: usize) -> Result<()> {
        let chart = self.chart;
        let path = format!("bank_fees[{i}]");
        let total = add(f.amount, f.vat, &path)?;
        let lines = vec![
            EntryLine::debit(&chart.fees, f.amount),
            EntryLine::debit(&chart.vat_deductible, f.vat),
            EntryLine::credit(&chart.bank, total),
        ];
        let head = EntryHead {
            id: format!("bank_fee:{}", f.id),
            origin: EntryOrigin::BankFee,
            journal: &chart.journals.bank,
            date: f.date,
            piece_ref: f.id.clone(),
            piece_date: f.date,
            label: if f.label.trim().is_empty() { "Frais bancaires".to_owned() } else { f.label.clone() },
        };
        self.entries.push(JournalEntry::balanced(head, lines)?);
        Ok(())
    }
}

/// One event of an invoice's timeline.
enum Event<'a> {
    /// Money received (or not), from a credit note's credit (or a payment), its reference, the amount.
    Settlement(bool, bool, &'a str, Decimal),
    CreditNote(&'a IssuedInvoice),
    WriteOff(usize, &'a WriteOff),
}

/// The French word for a payment mode, in entry labels.
fn mode_label(mode: PaymentMode) -> &'static str {
    match mode {
        PaymentMode::Transfer => "virement",
        PaymentMode::Card => "carte",
        PaymentMode::Cheque => "chèque",
        PaymentMode::Cash => "espèces",
        PaymentMode::DirectDebit => "prélèvement",
        _ => "autre",
    }
}

#[cfg(test)]
mod tests;
