//! The documents a surface prints: one [`Document`] type that the PDF renderer, the CLI and the
//! bindings dispatch on, each variant holding finished, validated facts.
//!
//! A [`Quote`] and an [`IssuedInvoice`] are checked when they are built or deserialised; a
//! [`ReminderLetter`] and a [`Statement`] are checked here, by their constructors, so a renderer
//! never re-checks that a reminder matches its invoice or that an account adds up: it only
//! formats. Every refusal is a [`CoreError::Invalid`] whose violations carry a stable code of
//! [`RULES`] (`reminder.invoice.mismatch`…).
//!
//! It sits at the top of the crate, above `documents/` and `receivables/`, because a surface prints
//! documents of both.
//!
//! JSON is told apart in one place: [`Document::from_json`] (an issued invoice, or a quote when
//! the object has `versions`) and [`Draft::from_json`] (an invoice draft, or a quote version's
//! content when it has `valid_until`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::documents::invoice::IssuedInvoice;
use crate::documents::legal;
use crate::error::{CoreError, Result, Violation, declare_rules};
use crate::json;
use crate::money::{add, sub};
use crate::receivables::dunning::{DeadlineStart, Reminder, ReminderKind};

use crate::documents::quote::{Quote, QuoteContent, check_quote};
use crate::party::{Buyer, Seller};
use crate::receivables::account::InvoiceAccount;
use crate::receivables::statement::CustomerAccount;

declare_rules! { RULES;
    /// C. civ. 1344: a reminder claims an identified debt, the invoice it names.
    RULE_REMINDER_INVOICE = "reminder.invoice.mismatch", "C. civ. 1344 (a formal notice concerns an identified debt)";
    /// A credit note is owed to the customer: there is nothing to remind (C. civ. 1342, payment
    /// is due by the debtor).
    RULE_REMINDER_CREDIT_NOTE = "reminder.invoice.credit_note", "C. civ. 1342 (the debtor pays; a credit note owes the customer)";
    /// A letter reminds an invoice that exists on its date.
    RULE_REMINDER_DATE = "reminder.letter_date.before_invoice", "C. civ. 1344 (the debt exists when it is claimed)";
    /// The sum claimed is the amount outstanding, the interest and the indemnity.
    RULE_REMINDER_TOTAL = "reminder.total.mismatch",
        "C. com. L441-10 II, D441-5 (the sum claimed: what is owed, the penalties and the recovery indemnity)";
    /// A formal notice gives the day to pay by, after the letter's date.
    RULE_REMINDER_DEADLINE = "reminder.deadline.invalid",
        "C. civ. 1344 (mise en demeure: interpellation suffisante, with a time to pay; usage, shared/spec/domain.md §3.3)";
    /// A statement lists the account's entries as of its date, no later one.
    RULE_STATEMENT_DATE = "statement.entry.after_as_of", "C. com. L123-14 (regular and sincere accounts: the statement restates the ledger)";
    /// Each entry's running balance is the previous balance plus its debit minus its credit.
    RULE_STATEMENT_BALANCE = "statement.balance.mismatch", "C. com. L123-14 (regular and sincere accounts: the statement restates the ledger)";
    /// The entries add up to the account's totals, and the balance is outstanding − credit.
    RULE_STATEMENT_TOTALS = "statement.totals.mismatch", "C. com. L123-14 (regular and sincere accounts: the statement restates the ledger)";
}

/// A document ready to print: every fact is the core's and has been validated.
// The variants are large (a statement holds an account, two parties and invoices) and unboxed:
// a document is built once and borrowed by the renderer, never moved around in bulk.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Document {
    /// A quote: its current version is printed.
    Quote(Quote),
    /// An issued invoice: standard, deposit, final or credit note.
    Invoice(IssuedInvoice),
    /// A reminder letter: relance courtoise, relance ferme or mise en demeure.
    Reminder(ReminderLetter),
    /// A customer's account statement (relevé de compte).
    Statement(Statement),
}

impl Document {
    /// Reads a JSON document as the surfaces exchange it: a quote when the object has
    /// `versions`, else an issued invoice. The only place a quote is told from an invoice. A
    /// number with a fraction is refused, as [`crate::json::from_value`] does.
    pub fn from_json(value: Value) -> Result<Document> {
        Document::from_json_with(value, &json::Limits::default())
    }

    /// [`Document::from_json`] within the host's `limits`.
    pub fn from_json_with(mut value: Value, limits: &json::Limits) -> Result<Document> {
        json::sanitize(&mut value, limits)?;
        Document::from_checked_json(value)
    }

    /// [`Document::from_json`] of a value [`crate::json::sanitize`] already walked: not walked
    /// again.
    pub fn from_checked_json(value: Value) -> Result<Document> {
        if value.get("versions").is_some() {
            Ok(Document::Quote(json::from_checked_value(value)?))
        } else {
            Ok(Document::Invoice(json::from_checked_value(value)?))
        }
    }

    /// [`Document::from_json`] of a JSON text.
    pub fn from_json_str(text: &str) -> Result<Document> {
        Document::from_checked_json(json::from_str(text)?)
    }

    /// The document's number: the quote's or invoice's, `<invoice>/<level>/<letter date>` for a
    /// reminder letter, `releve/<customer>/<as of>` for a statement.
    pub fn number(&self) -> String {
        match self {
            Document::Quote(q) => q.number().to_owned(),
            Document::Invoice(i) => i.number().to_owned(),
            Document::Reminder(r) => format!("{}/{}/{}", r.reminder.invoice, r.reminder.level, r.letter_date),
            Document::Statement(s) => format!("releve/{}/{}", s.account.customer_id, s.as_of),
        }
    }

    /// The document's date: the current version's issue date for a quote, the issue date of an
    /// invoice, the letter's date, the statement's date.
    pub fn date(&self) -> NaiveDate {
        match self {
            Document::Quote(q) => q.current().content.issue_date,
            Document::Invoice(i) => i.issue_date(),
            Document::Reminder(r) => r.letter_date,
            Document::Statement(s) => s.as_of,
        }
    }
}

impl From<Quote> for Document {
    fn from(q: Quote) -> Self {
        Document::Quote(q)
    }
}

impl From<IssuedInvoice> for Document {
    fn from(i: IssuedInvoice) -> Self {
        Document::Invoice(i)
    }
}

impl From<ReminderLetter> for Document {
    fn from(r: ReminderLetter) -> Self {
        Document::Reminder(r)
    }
}

impl From<Statement> for Document {
    fn from(s: Statement) -> Self {
        Document::Statement(s)
    }
}

/// What `facturier check` reads: a draft not issued yet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Draft {
    /// An invoice draft.
    Invoice(InvoiceDraft),
    /// The content of a quote version.
    Quote(QuoteContent),
}

impl Draft {
    /// Reads a JSON draft: a quote version's content when the object has `valid_until`, else an
    /// invoice draft.
    pub fn from_json(mut value: Value) -> Result<Draft> {
        json::sanitize(&mut value, &json::Limits::default())?;
        Draft::from_checked_json(value)
    }

    /// [`Draft::from_json`] of a value [`crate::json::sanitize`] already walked.
    fn from_checked_json(value: Value) -> Result<Draft> {
        if value.get("valid_until").is_some() {
            Ok(Draft::Quote(json::from_checked_value(value)?))
        } else {
            Ok(Draft::Invoice(json::from_checked_value(value)?))
        }
    }

    /// [`Draft::from_json`] of a JSON text.
    pub fn from_json_str(text: &str) -> Result<Draft> {
        Draft::from_checked_json(json::from_str(text)?)
    }

    /// Every legal violation: of an invoice draft issued on `as_of` ([`crate::check`]), of a
    /// quote version as it would be sent ([`check_quote`]; the quote's own dates apply).
    pub fn violations(&self, as_of: NaiveDate) -> Result<Vec<Violation>> {
        Ok(match self {
            Draft::Invoice(d) => legal::check(d, as_of),
            Draft::Quote(c) => check_quote(&Quote::new("-", c.clone())?),
        })
    }
}

/// A reminder letter: the reminder the receivables report proposed, the invoice it reminds and
/// the letter's date, checked together by [`ReminderLetter::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderLetter {
    reminder: Reminder,
    invoice: IssuedInvoice,
    letter_date: NaiveDate,
}

impl ReminderLetter {
    /// A letter dated `letter_date` for `reminder` of `invoice`.
    ///
    /// Refused with every violation found: the reminder names another invoice
    /// (`reminder.invoice.mismatch`), the invoice is a credit note (`reminder.invoice.credit_note`),
    /// the letter predates the invoice (`reminder.letter_date.before_invoice`), the total claimed
    /// is not outstanding + interest + indemnity (`reminder.total.mismatch`), a formal notice has
    /// no payment deadline or one not after the letter's date (`reminder.deadline.invalid`).
    pub fn new(reminder: Reminder, invoice: IssuedInvoice, letter_date: NaiveDate) -> Result<ReminderLetter> {
        let mut v = Vec::new();
        if reminder.invoice != invoice.number() {
            v.push(
                RULE_REMINDER_INVOICE
                    .at("reminder.invoice", format!("the reminder is for invoice {}, not {}", reminder.invoice, invoice.number())),
            );
        }
        if invoice.kind() == InvoiceKind::CreditNote {
            v.push(RULE_REMINDER_CREDIT_NOTE.at("invoice", format!("{} is a credit note: nothing to remind", invoice.number())));
        }
        if letter_date < invoice.issue_date() {
            v.push(
                RULE_REMINDER_DATE
                    .at("letter_date", format!("the letter ({letter_date}) is dated before the invoice ({})", invoice.issue_date())),
            );
        }
        let detail = &reminder.interest_detail;
        let sum = reminder.outstanding.checked_add(reminder.interest).and_then(|x| x.checked_add(reminder.indemnity));
        if sum != Some(reminder.total_claimed) || detail.interest != reminder.interest || detail.indemnity != reminder.indemnity {
            v.push(
                RULE_REMINDER_TOTAL.at("reminder.total_claimed", "the reminder's total claimed is not outstanding + interest + indemnity"),
            );
        }
        match (reminder.kind, reminder.payment_deadline) {
            (ReminderKind::FormalNotice, None) => {
                v.push(RULE_REMINDER_DEADLINE.at("reminder.payment_deadline", "a formal notice states the day to pay by"));
            }
            (ReminderKind::FormalNotice, Some(d))
                if reminder.deadline_from.unwrap_or_default().start(letter_date).is_none_or(|s| d <= s) =>
            {
                v.push(RULE_REMINDER_DEADLINE.at(
                    "reminder.payment_deadline",
                    format!("the payment deadline ({d}) is not after the day its days to pay start from (the letter of {letter_date})"),
                ))
            }
            _ => {}
        }
        if v.is_empty() { Ok(ReminderLetter { reminder, invoice, letter_date }) } else { Err(CoreError::Invalid(v)) }
    }

    /// The reminder, as the receivables report computed it.
    pub fn reminder(&self) -> &Reminder {
        &self.reminder
    }

    /// The invoice reminded.
    pub fn invoice(&self) -> &IssuedInvoice {
        &self.invoice
    }

    /// The letter's date.
    pub fn letter_date(&self) -> NaiveDate {
        self.letter_date
    }

    /// The day to pay by and the days it gives, counted as the reminder's rule says (from the
    /// letter's date, or from its presumed receipt): a formal notice's, `None` for the other
    /// reminders. The letter states exactly these (C. civ. 1344; usage for the delay).
    pub fn payment_deadline(&self) -> Option<(NaiveDate, i64)> {
        match self.reminder.kind {
            ReminderKind::FormalNotice => {
                let deadline = self.reminder.payment_deadline?;
                let start = self.deadline_from().start(self.letter_date).unwrap_or(self.letter_date);
                Some((deadline, deadline.signed_duration_since(start).num_days()))
            }
            ReminderKind::Courteous | ReminderKind::Firm => None,
        }
    }

    /// From when a formal notice's days to pay run ([`DeadlineStart`]).
    pub fn deadline_from(&self) -> DeadlineStart {
        self.reminder.deadline_from.unwrap_or_default()
    }

    /// The day the letter is presumed received, when its days to pay run from receipt.
    pub fn presumed_receipt(&self) -> Option<NaiveDate> {
        match self.deadline_from() {
            DeadlineStart::Receipt { .. } => self.deadline_from().start(self.letter_date),
            DeadlineStart::LetterDate => None,
        }
    }
}

/// A customer's account statement as of a date, checked by [`Statement::new`]: the entries are
/// all dated by then and add up to the account's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    account: CustomerAccount,
    seller: Seller,
    buyer: Buyer,
    as_of: NaiveDate,
    overdue: Vec<InvoiceAccount>,
    debits: Decimal,
    credits: Decimal,
    overdue_total: Decimal,
}

impl Statement {
    /// The statement of `account` as of `as_of`, from `seller` to `buyer`. `invoices` are the
    /// ledger's invoice accounts (the receivables report's `invoices`, of any customer, or none):
    /// the customer's invoices past their due date with something owed are listed, oldest due
    /// date first.
    ///
    /// Refused with every violation found: an entry dated after `as_of`
    /// (`statement.entry.after_as_of`), a running balance that is not the previous one plus the
    /// debit minus the credit (`statement.balance.mismatch`), entries that do not add up to the
    /// account's totals or a balance that is not outstanding − credit
    /// (`statement.totals.mismatch`). [`CoreError::Overflow`] past the range of exact decimals.
    pub fn new(account: CustomerAccount, seller: Seller, buyer: Buyer, as_of: NaiveDate, invoices: &[InvoiceAccount]) -> Result<Statement> {
        let mut v = Vec::new();
        let mut running = Decimal::ZERO;
        let (mut debits, mut credits) = (Decimal::ZERO, Decimal::ZERO);
        for (i, e) in account.entries.iter().enumerate() {
            let path = format!("account.entries[{i}]");
            if e.date > as_of {
                v.push(
                    RULE_STATEMENT_DATE.at(
                        format!("{path}.date"),
                        format!("entry {} is dated {}, after the statement's date {as_of}", e.reference, e.date),
                    ),
                );
            }
            running = sub(add(running, e.debit, &path)?, e.credit, &path)?;
            if running != e.balance {
                v.push(RULE_STATEMENT_BALANCE.at(
                    format!("{path}.balance"),
                    format!("the running balance after {} is {running}, the account says {}", e.reference, e.balance),
                ));
                // go on from the account's figure: one wrong entry is reported once
                running = e.balance;
            }
            debits = add(debits, e.debit, &path)?;
            credits = add(credits, e.credit, &path)?;
        }
        let total_debits = add(account.invoiced, account.refunded, "account.invoiced")?;
        let total_credits = add(account.credited, account.received, "account.credited")?;
        let by_parts = sub(account.outstanding, account.credit, "account.outstanding")?;
        if debits != total_debits || credits != total_credits || running != account.balance || by_parts != account.balance {
            v.push(
                RULE_STATEMENT_TOTALS.at("account", format!("the entries of account {} do not add up to its totals", account.customer_id)),
            );
        }
        if !v.is_empty() {
            return Err(CoreError::Invalid(v));
        }
        let mut overdue: Vec<InvoiceAccount> = invoices
            .iter()
            .filter(|i| i.customer_id == account.customer_id && i.outstanding > Decimal::ZERO && i.due_date < as_of)
            .cloned()
            .collect();
        overdue.sort_by(|a, b| (a.due_date, &a.number).cmp(&(b.due_date, &b.number)));
        let overdue_total = overdue.iter().try_fold(Decimal::ZERO, |sum, i| add(sum, i.outstanding, &format!("invoices[{}]", i.number)))?;
        Ok(Statement { account, seller, buyer, as_of, overdue, debits, credits, overdue_total })
    }

    /// The customer's account.
    pub fn account(&self) -> &CustomerAccount {
        &self.account
    }

    /// The seller, who sends the statement.
    pub fn seller(&self) -> &Seller {
        &self.seller
    }

    /// The customer.
    pub fn buyer(&self) -> &Buyer {
        &self.buyer
    }

    /// The statement's date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The customer's invoices past their due date with something owed, oldest due date first.
    pub fn overdue(&self) -> &[InvoiceAccount] {
        &self.overdue
    }

    /// Days late of an overdue invoice as of the statement's date.
    pub fn days_late(&self, invoice: &InvoiceAccount) -> i64 {
        self.as_of.signed_duration_since(invoice.due_date).num_days()
    }

    /// Σ debits of the entries (= invoiced + refunded).
    pub fn debits(&self) -> Decimal {
        self.debits
    }

    /// Σ credits of the entries (= credited + received).
    pub fn credits(&self) -> Decimal {
        self.credits
    }

    /// Σ outstanding of the overdue invoices.
    pub fn overdue_total(&self) -> Decimal {
        self.overdue_total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::{ReceivablesInput, receivables};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn sample() -> ReceivablesInput {
        json::from_str(include_str!("../../examples/receivables.json")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn invoice(input: &ReceivablesInput, number: &str) -> IssuedInvoice {
        input.invoices.iter().find(|i| i.invoice.number() == number).map(|i| i.invoice.clone()).unwrap_or_else(|| panic!("{number}"))
    }

    fn codes(e: CoreError) -> Vec<String> {
        e.violations().iter().map(|v| v.code.clone()).collect()
    }

    #[test]
    fn json_documents_are_told_apart_once() {
        let input = sample();
        let inv = invoice(&input, "F-2026-00001");
        let value = serde_json::to_value(&inv).unwrap_or_default();
        assert!(matches!(Document::from_json(value), Ok(Document::Invoice(i)) if i == inv));
        let e = Document::from_json(serde_json::json!({ "versions": [] })).err();
        assert_eq!(e.map(|e| e.code()), Some("parse"));
        let draft = Draft::from_json_str(include_str!("../../examples/quote-v1.json"));
        assert!(matches!(draft, Ok(Draft::Quote(_))));
        let draft = Draft::from_json_str(include_str!("../../examples/invoice-draft.json"));
        assert!(matches!(&draft, Ok(Draft::Invoice(_))));
        let v = draft.and_then(|draft| draft.violations(d(2026, 11, 22)));
        assert_eq!(v.map(|v| v.len()), Ok(0));
    }

    #[test]
    fn a_reminder_letter_is_checked_on_the_way_in() {
        let input = sample();
        let report = receivables(&input, d(2026, 3, 16)).unwrap_or_else(|e| panic!("{e}"));
        let notice = report.reminders.iter().find(|r| r.invoice == "F-2026-00001").cloned().unwrap_or_else(|| panic!("no notice"));
        assert_eq!(notice.kind, ReminderKind::FormalNotice);
        let inv = invoice(&input, "F-2026-00001");
        let letter = ReminderLetter::new(notice.clone(), inv.clone(), d(2026, 3, 16)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(letter.payment_deadline(), Some((d(2026, 3, 24), 8)));
        let doc = Document::from(letter);
        assert_eq!((doc.number(), doc.date()), ("F-2026-00001/formal_notice/2026-03-16".to_owned(), d(2026, 3, 16)));

        let other = ReminderLetter::new(notice.clone(), invoice(&input, "F-2026-00002"), d(2026, 3, 16)).err();
        assert_eq!(other.map(codes), Some(vec!["reminder.invoice.mismatch".to_owned()]));
        let early = ReminderLetter::new(notice.clone(), inv.clone(), d(2025, 12, 1)).err();
        assert_eq!(early.map(codes), Some(vec!["reminder.letter_date.before_invoice".to_owned()]));
        let late = ReminderLetter::new(notice.clone(), inv.clone(), d(2026, 3, 24)).err();
        assert_eq!(late.map(codes), Some(vec!["reminder.deadline.invalid".to_owned()]));
        let mut wrong = notice.clone();
        wrong.total_claimed += Decimal::ONE;
        let e = ReminderLetter::new(wrong, inv.clone(), d(2026, 3, 16)).err();
        assert_eq!(e.map(codes), Some(vec!["reminder.total.mismatch".to_owned()]));
        // the deadline is dunning's: a formal notice without one is refused, never defaulted
        let mut bare = notice;
        bare.payment_deadline = None;
        let e = ReminderLetter::new(bare, inv, d(2026, 3, 16)).err();
        assert_eq!(e.as_ref().map(CoreError::code), Some("invalid"));
        assert_eq!(e.map(codes), Some(vec!["reminder.deadline.invalid".to_owned()]));
    }

    #[test]
    fn a_statement_adds_up() {
        let input = sample();
        let as_of = d(2026, 3, 16);
        let report = receivables(&input, as_of).unwrap_or_else(|e| panic!("{e}"));
        let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").cloned().unwrap_or_else(|| panic!("CUST-001"));
        let inv = invoice(&input, "F-2026-00001");
        let (seller, buyer) = (inv.content().seller.clone(), inv.content().buyer.clone());
        let s = Statement::new(account.clone(), seller.clone(), buyer.clone(), as_of, &report.invoices).unwrap_or_else(|e| panic!("{e}"));
        let overdue: Vec<&str> = s.overdue().iter().map(|i| i.number.as_str()).collect();
        assert_eq!(overdue, ["F-2026-00001"]);
        assert_eq!(s.overdue().first().map(|i| s.days_late(i)), Some(40));
        assert_eq!((s.debits(), s.credits()), (account.invoiced + account.refunded, account.credited + account.received));

        let early = Statement::new(account.clone(), seller.clone(), buyer.clone(), d(2026, 2, 1), &[]).err();
        assert!(early.map(codes).is_some_and(|c| c.contains(&"statement.entry.after_as_of".to_owned())));
        let mut bad = account.clone();
        bad.entries[1].balance += Decimal::ONE;
        let e = Statement::new(bad, seller.clone(), buyer.clone(), as_of, &[]).err();
        assert!(e.map(codes).is_some_and(|c| c.contains(&"statement.balance.mismatch".to_owned())));
        let mut bad = account;
        bad.received += Decimal::ONE;
        let e = Statement::new(bad, seller, buyer, as_of, &[]).err();
        assert_eq!(e.map(codes), Some(vec!["statement.totals.mismatch".to_owned()]));
    }

    #[test]
    fn rules_have_unique_codes_and_sources() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(!r.source.is_empty() && r.code.contains('.'), "{}", r.code);
            assert!(RULES.iter().skip(i + 1).all(|o| o.code != r.code), "{} twice", r.code);
            assert!(legal::RULES.iter().chain(crate::receivables::RULES).all(|o| o.code != r.code), "{} clashes", r.code);
        }
    }

    #[test]
    fn quote_facts_are_those_of_its_content() {
        let quote = json::from_str::<QuoteContent>(include_str!("../../examples/quote-v1.json"))
            .and_then(|c| Quote::new("D-1", c))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!quote.mentions().is_empty());
        let totals = quote.current().content.totals().unwrap_or_else(|e| panic!("{e}"));
        for g in &totals.vat_breakdown {
            assert_eq!(quote.vat_exemption(g).is_some(), !g.category.is_taxed() && g.exemption.is_some());
        }
    }
}
