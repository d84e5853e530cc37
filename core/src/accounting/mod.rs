//! Accounting: issued documents and payments become balanced journal entries, lettered, numbered
//! at validation, with the VAT due per period and a tamper-evident audit trail; the material of
//! the FEC (LPF L47 A, A47 A-1), which `facturier-fec` writes, reads and checks.
//!
//! [`post`] reads one [`AccountingInput`] — the chart of accounts, the issued invoices and credit
//! notes with their customer, the payments, refunds, processor and bank fees, write-offs, the
//! host's own entries (purchases, payroll, opening balances) and the numbers already given at
//! validation — and returns the [`Journal`] as of a date: every entry balanced, lettered, with its
//! number when validated. [`vat_due()`] gives the VAT return of a period from the same facts.
//!
//! The files, one job each:
//! - [`chart`]: accounts and journals as configuration, PCG defaults, all overridable;
//! - [`entry`]: the entry and its line, the balance every entry keeps, host entries' checks;
//! - [`posting`]: the posting rules of each fact (a table with their sources);
//! - [`lettering`]: letter codes and DateLet;
//! - [`numbering`]: the gapless EcritureNum given at validation, and the SQL to persist its state;
//! - [`vat_due`](mod@vat_due): the CA3 figures per rate and box, with the documents behind each;
//! - [`audit`]: the hash chain of documents and entries, and its verification.
//!
//! Everything is a pure function of the facts and the date: facts dated after `as_of` are not
//! read, and the order of the inputs does not matter.

pub mod audit;
pub mod chart;
pub mod entry;
pub mod lettering;
pub mod numbering;
pub mod posting;
pub mod vat_due;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::accounting::chart::Chart;
use crate::accounting::entry::{EntryOrigin, HostEntry, JournalEntry};
use crate::error::{CoreError, Result, Rule, Violation, declare_rules};
use crate::money::{AMOUNT_DECIMALS, check_decimal};
use crate::receivables::payment::{Payment, ReceivableInvoice, Refund};

pub use vat_due::{VatEvent, VatEventKind, VatPeriod, VatReturn};

declare_rules! { POSTING_RULES;
    /// A processor fee names a payment among the inputs and leaves a positive net amount.
    FEE_EXCEEDS = "accounting.fee.invalid", "PCG art. 946-62 (627 services bancaires); the net received is what reaches the bank";
    /// A write-off names an invoice and is at most what it still owes.
    WRITE_OFF_AMOUNT = "accounting.write_off.amount", "CGI 272-1 (VAT recovered on what is definitively unpaid); PCG 946-65 (654)";
    /// A written-off invoice receives no later settlement.
    WRITE_OFF_SETTLED = "accounting.write_off.settled_after", "CGI 272-1 (a debt recovered after a write-off is taxed again): record the write-off after the last payment";
    /// Only validated entries (numbered, dated) join the audit trail.
    NOT_VALIDATED = "accounting.audit.not_validated", "PCG, règlement ANC 2014-03 (validation, procédure de clôture); CGI 289 VII (piste d'audit fiable)";
    /// A number given as validated is well formed and used once.
    VALIDATED = "accounting.validated.invalid", "LPF A47 A-1 VII 1° (numéro sur une séquence continue, unique)";
    /// The VAT period ends on or after its start.
    PERIOD = "accounting.vat.period", "CGI 287 (monthly or quarterly returns)";
}

/// Every rule of accounting, for the published list of codes.
pub const RULES: &[Rule] = &[
    entry::UNBALANCED,
    entry::TOO_FEW_LINES,
    entry::LINE_AMOUNT,
    entry::ACCOUNT,
    entry::REQUIRED,
    entry::AUX,
    entry::DUPLICATE_ID,
    entry::CURRENCY,
    numbering::CHRONOLOGY,
    numbering::ALREADY,
    numbering::STATE,
    numbering::UNBALANCED,
    FEE_EXCEEDS,
    WRITE_OFF_AMOUNT,
    WRITE_OFF_SETTLED,
    NOT_VALIDATED,
    VALIDATED,
    PERIOD,
];

/// A card or payment processor's fee withheld from a payment (Stripe-like: the bank receives the
/// net): D 512 net · D 627 fee · D 44566 fee VAT · C 411 gross.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessorFee {
    /// Id of the payment it was withheld from.
    pub payment: String,
    /// Fee excl. tax.
    pub amount: Decimal,
    /// VAT on the fee (most payment fees are VAT-exempt, CGI 261 C 1°: then 0).
    #[serde(default)]
    pub vat: Decimal,
}

/// Bank fees charged on the account: D 627 · D 44566 · C 512.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankFee {
    /// The host's unique id (the piece reference).
    pub id: String,
    /// Date charged.
    pub date: NaiveDate,
    /// Amount excl. tax.
    pub amount: Decimal,
    /// Deductible VAT, 0 when exempt (CGI 261 C 1°).
    #[serde(default)]
    pub vat: Decimal,
    /// Label; `Frais bancaires` when empty.
    #[serde(default)]
    pub label: String,
}

/// Why an amount an invoice still owes is written off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WriteOffReason {
    /// A bad debt, definitively irrecoverable (PCG 654; VAT recovered, CGI 272-1).
    BadDebt,
    /// A discount for early payment granted afterwards (PCG 665; CGI 267 II-1°).
    Discount,
    /// A small difference left by a payment (PCG 658).
    Rounding,
}

/// An amount an invoice still owes, written off on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteOff {
    /// The host's unique id (the piece reference).
    pub id: String,
    /// The invoice number.
    pub invoice: String,
    /// Date of the write-off.
    pub date: NaiveDate,
    /// Why.
    pub reason: WriteOffReason,
    /// Amount incl. tax; all that the invoice still owes on `date` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
}

/// A number the host persisted when it validated an entry ([`numbering::EntryNumbering::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidatedEntry {
    /// The entry's id ([`JournalEntry::id`]).
    pub id: String,
    /// Its EcritureNum.
    pub number: String,
    /// Its ValidDate.
    pub valid_date: NaiveDate,
}

fn yes() -> bool {
    true
}

/// Everything the journal is posted from; JSON: see `schema/accounting-input.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountingInput {
    /// The chart of accounts and journals; the PCG defaults when absent.
    #[serde(default)]
    pub chart: Chart,
    /// Issued invoices and credit notes, each with its customer.
    #[serde(default)]
    pub invoices: Vec<ReceivableInvoice>,
    /// Payments received.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<Payment>,
    /// Refunds made out of customer credit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refunds: Vec<Refund>,
    /// Fees withheld from payments by a card or payment processor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processor_fees: Vec<ProcessorFee>,
    /// Bank fees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bank_fees: Vec<BankFee>,
    /// Amounts written off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub write_offs: Vec<WriteOff>,
    /// Entries from elsewhere: purchases, payroll, bank remittances, opening balances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<HostEntry>,
    /// Numbers given at validation, which every later journal shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validated: Vec<ValidatedEntry>,
    /// Letter groups that do not net to zero yet with a lowercase code (true by default).
    #[serde(default = "yes")]
    pub partial_letters: bool,
}

impl Default for AccountingInput {
    fn default() -> Self {
        AccountingInput {
            chart: Chart::default(),
            invoices: Vec::new(),
            payments: Vec::new(),
            refunds: Vec::new(),
            processor_fees: Vec::new(),
            bank_fees: Vec::new(),
            write_offs: Vec::new(),
            entries: Vec::new(),
            validated: Vec::new(),
            partial_letters: true,
        }
    }
}

/// The journal as of a date: every entry, balanced and lettered, in booking order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Journal {
    /// The date of the facts read.
    pub as_of: NaiveDate,
    /// The entries: opening balances first, then by date, documents before payments, then by id.
    pub entries: Vec<JournalEntry>,
}

impl Journal {
    /// The entries not validated yet, in booking order: what the host validates next.
    pub fn unvalidated(&self) -> Vec<JournalEntry> {
        self.entries.iter().filter(|e| e.number.is_none()).cloned().collect()
    }
}

fn origin_rank(o: EntryOrigin) -> u8 {
    match o {
        EntryOrigin::Invoice | EntryOrigin::CreditNote => 0,
        EntryOrigin::Payment => 1,
        EntryOrigin::VatOnReceipt => 2,
        EntryOrigin::Refund => 3,
        EntryOrigin::WriteOff => 4,
        EntryOrigin::BankFee => 5,
        EntryOrigin::Host => 6,
    }
}

/// Checks the inputs the ledger does not: fees, write-offs, host entries, validated numbers.
fn check_input(input: &AccountingInput, v: &mut Vec<Violation>) {
    let payments: BTreeSet<&str> = input.payments.iter().map(|p| p.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    for (i, f) in input.processor_fees.iter().enumerate() {
        let p = format!("processor_fees[{i}]");
        if !payments.contains(f.payment.as_str()) || !seen.insert(f.payment.as_str()) {
            v.push(FEE_EXCEEDS.at(format!("{p}.payment"), format!("`{}` is not a payment of the input, or has two fees", f.payment)));
        }
        if f.amount < Decimal::ZERO || f.vat < Decimal::ZERO {
            v.push(FEE_EXCEEDS.at(format!("{p}.amount"), "a fee is not negative"));
        }
        check_decimal(f.amount, AMOUNT_DECIMALS, &format!("{p}.amount"), v);
        check_decimal(f.vat, AMOUNT_DECIMALS, &format!("{p}.vat"), v);
    }
    let mut ids = BTreeSet::new();
    for (i, f) in input.bank_fees.iter().enumerate() {
        let p = format!("bank_fees[{i}]");
        if f.id.trim().is_empty() || !ids.insert(f.id.as_str()) {
            v.push(entry::DUPLICATE_ID.at(format!("{p}.id"), "bank fee ids are unique and not empty"));
        }
        if f.amount <= Decimal::ZERO || f.vat < Decimal::ZERO {
            v.push(entry::LINE_AMOUNT.at(format!("{p}.amount"), "a bank fee is a positive amount, its VAT not negative"));
        }
        check_decimal(f.amount, AMOUNT_DECIMALS, &format!("{p}.amount"), v);
        check_decimal(f.vat, AMOUNT_DECIMALS, &format!("{p}.vat"), v);
    }
    let invoices: BTreeSet<&str> = input.invoices.iter().map(|r| r.invoice.number()).collect();
    let mut ids = BTreeSet::new();
    for (i, w) in input.write_offs.iter().enumerate() {
        let p = format!("write_offs[{i}]");
        if w.id.trim().is_empty() || !ids.insert(w.id.as_str()) {
            v.push(entry::DUPLICATE_ID.at(format!("{p}.id"), "write-off ids are unique and not empty"));
        }
        if !invoices.contains(w.invoice.as_str()) {
            v.push(WRITE_OFF_AMOUNT.at(format!("{p}.invoice"), format!("no invoice {} among the inputs", w.invoice)));
        }
        if let Some(a) = w.amount {
            check_decimal(a, AMOUNT_DECIMALS, &format!("{p}.amount"), v);
        }
    }
    let mut ids = BTreeSet::new();
    for (i, e) in input.entries.iter().enumerate() {
        let p = format!("entries[{i}]");
        if !ids.insert(e.id.as_str()) {
            v.push(entry::DUPLICATE_ID.at(format!("{p}.id"), format!("host entry id `{}` is given twice", e.id)));
        }
        e.check(&p, v);
    }
    let mut ids = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for (i, x) in input.validated.iter().enumerate() {
        let p = format!("validated[{i}]");
        if !ids.insert(x.id.as_str()) || !numbers.insert(x.number.as_str()) || x.number.trim().is_empty() {
            v.push(VALIDATED.at(p, format!("entry `{}` / number `{}` is given twice, or the number is empty", x.id, x.number)));
        }
    }
}

/// The journal of `input` as of `as_of`: every fact dated on or before it posted (see
/// [`posting`] for the rules and their sources), lettered ([`lettering`]), with the numbers of
/// `input.validated`.
///
/// Fails with [`CoreError::Invalid`] listing every problem of the input (the ledger's, with paths
/// like `payments[2].allocations[0].amount`, and the fees', write-offs' and host entries'); an
/// entry that would not balance is refused ([`entry::UNBALANCED`]): facturier never produces one.
///
/// # Examples
///
/// ```
/// use facturier_core::accounting::{AccountingInput, post};
/// use facturier_core::{NaiveDate, ReceivablesInput, json};
///
/// let facts: ReceivablesInput = json::from_str(include_str!("../../../examples/receivables.json"))?;
/// let input = AccountingInput { invoices: facts.invoices, payments: facts.payments, refunds: facts.refunds, ..Default::default() };
/// let journal = post(&input, NaiveDate::from_ymd_opt(2026, 3, 16).unwrap_or_default())?;
/// for entry in &journal.entries {
///     let (debits, credits) = entry.totals()?;
///     assert_eq!(debits, credits); // every entry balances
/// }
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn post(input: &AccountingInput, as_of: NaiveDate) -> Result<Journal> {
    Ok(book(input, as_of)?.0)
}

/// The journal and the VAT facts of `input` as of `as_of`.
fn book(input: &AccountingInput, as_of: NaiveDate) -> Result<(Journal, Vec<VatEvent>)> {
    let mut v = Vec::new();
    check_input(input, &mut v);
    let ledger = match crate::receivables::ledger::allocate(&input.invoices, &input.payments, &input.refunds, as_of) {
        Ok(l) => Some(l),
        Err(CoreError::Invalid(more)) => {
            v.extend(more);
            None
        }
        Err(e) => return Err(e),
    };
    let Some(ledger) = ledger.filter(|_| v.is_empty()) else { return Err(CoreError::Invalid(v)) };
    let mut books = posting::Books::new(input, &ledger, as_of);
    books.post_all(input, as_of, &mut v)?;
    if !v.is_empty() {
        return Err(CoreError::Invalid(v));
    }
    let opening_code = input.chart.journals.opening.code.clone();
    let mut entries = books.entries;
    for h in input.entries.iter().filter(|h| h.date <= as_of) {
        entries.push(h.to_entry());
    }
    let opening: BTreeSet<String> = input.entries.iter().filter(|h| h.opening).map(|h| format!("host:{}", h.id)).collect();
    entries.sort_by(|a, b| {
        let key = |e: &JournalEntry| (!(opening.contains(&e.id) || e.journal == opening_code), e.date, origin_rank(e.origin));
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    lettering::letter(&mut entries, &input.chart.customers.number, &books.links, input.partial_letters);
    lettering::letter(&mut entries, &input.chart.deposits.number, &books.deposit_links, input.partial_letters);
    for x in &input.validated {
        if let Some(e) = entries.iter_mut().find(|e| e.id == x.id) {
            e.number = Some(x.number.clone());
            e.valid_date = Some(x.valid_date);
        }
    }
    for e in &entries {
        e.check_balance()?;
    }
    Ok((Journal { as_of, entries }, books.vat))
}

/// The VAT due for `period` (its CA3 figures per rate and box, with the documents behind each),
/// from the facts of `input` dated on or before the period's end: see [`vat_due`](mod@vat_due).
pub fn vat_due(input: &AccountingInput, period: VatPeriod) -> Result<VatReturn> {
    if period.to < period.from {
        return Err(PERIOD.refuse("period", format!("the period ends ({}) before it starts ({})", period.to, period.from)));
    }
    let (_, events) = book(input, period.to)?;
    vat_due::vat_return(&events, period)
}

#[cfg(test)]
mod tests;
