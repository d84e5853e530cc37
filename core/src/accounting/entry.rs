//! Journal entries: what an entry is, the balance every entry keeps, and the checks an entry from
//! elsewhere (purchases, payroll, opening balances) passes before it joins the journal.
//!
//! An entry is the unit of the FEC (A47 A-1 VII): one journal, one date, one piece, one number,
//! at least two lines, debits equal to credits (C. com. L123-12: every movement recorded,
//! chronologically, on a supporting piece; double entry, PCG — règlement ANC 2014-03). The
//! constructor [`JournalEntry::balanced`] is the only way `post` builds one, and it refuses an
//! entry that does not balance ([`UNBALANCED`]): facturier never produces one.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::accounting::chart::{Account, Journal, class_of};
use crate::error::{Result, Violation, declare_rules};
use crate::money::{AMOUNT_DECIMALS, add, check_decimal};

declare_rules! { RULES;
    /// Every entry balances: Σ debits = Σ credits, exactly.
    UNBALANCED = "accounting.entry.unbalanced", "C. com. L123-12; PCG, règlement ANC 2014-03 (partie double); A47 A-1 VII (Debit, Credit); Alto 2 (écriture déséquilibrée)";
    /// An entry has at least two lines.
    TOO_FEW_LINES = "accounting.entry.too_few_lines", "A47 A-1 VI 2° (XSD: ligne minOccurs=2); PCG, règlement ANC 2014-03 (partie double)";
    /// A line is a debit or a credit: one positive amount, the other zero.
    LINE_AMOUNT = "accounting.line.amount", "A47 A-1 VII (Debit, Credit: one of the two); XII 2° (numeric)";
    /// An account number starts with three PCG digits, class 1 to 8.
    ACCOUNT = "accounting.account.invalid", "A47 A-1 VII (CompteNum: the first three characters are PCG digits); PCG art. 932-1 (classes 1-8)";
    /// A required text (journal, label, piece reference, account label) is present.
    REQUIRED = "accounting.field.missing", "A47 A-1 VII 1° (JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib, PieceRef, PieceDate, EcritureLib, ValidDate)";
    /// An auxiliary account comes with its label, and the other way round.
    AUX = "accounting.aux.incomplete", "A47 A-1 VII (CompAuxNum, CompAuxLib: both or neither)";
    /// Entry ids are unique in the journal.
    DUPLICATE_ID = "accounting.entry.duplicate_id", "facturier: an entry is numbered once (LPF A47 A-1: numbered on one continuous sequence)";
    /// A foreign-currency amount comes with its ISO 4217 code.
    CURRENCY = "accounting.line.currency", "A47 A-1 VII (Montantdevise, Idevise: both or neither; ISO 4217)";
}

/// One line of an entry (a FEC record without the entry's fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryLine {
    /// Account number (CompteNum).
    pub account: String,
    /// Account label (CompteLib).
    pub account_label: String,
    /// Auxiliary account, e.g. the customer (CompAuxNum); only on third-party accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aux_account: Option<String>,
    /// Auxiliary account label (CompAuxLib).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aux_label: Option<String>,
    /// Line label when it differs from the entry's (EcritureLib is per line in the flat file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Debit amount, 0 when a credit.
    #[serde(default)]
    pub debit: Decimal,
    /// Credit amount, 0 when a debit.
    #[serde(default)]
    pub credit: Decimal,
    /// Letter code (EcritureLet): lines of one account that net to zero share it; lowercase = partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// Date the lettering was made (DateLet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_date: Option<NaiveDate>,
    /// Amount in foreign currency (Montantdevise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency_amount: Option<Decimal>,
    /// ISO 4217 code of the foreign currency (Idevise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl EntryLine {
    /// A debit of `amount` on `account`.
    pub fn debit(account: &Account, amount: Decimal) -> EntryLine {
        EntryLine::on(account, amount, Decimal::ZERO)
    }

    /// A credit of `amount` on `account`.
    pub fn credit(account: &Account, amount: Decimal) -> EntryLine {
        EntryLine::on(account, Decimal::ZERO, amount)
    }

    /// A line on `account`, amounts written with two decimals; a negative amount is moved to the
    /// other side (a negative credit is a debit).
    fn on(account: &Account, debit: Decimal, credit: Decimal) -> EntryLine {
        let (mut debit, mut credit) = match (debit.is_sign_negative(), credit.is_sign_negative()) {
            (true, _) => (Decimal::ZERO, debit.abs()),
            (_, true) => (credit.abs(), Decimal::ZERO),
            _ => (debit, credit),
        };
        debit.rescale(crate::money::AMOUNT_DECIMALS);
        credit.rescale(crate::money::AMOUNT_DECIMALS);
        EntryLine {
            account: account.number.clone(),
            account_label: account.label.clone(),
            aux_account: None,
            aux_label: None,
            label: None,
            debit,
            credit,
            letter: None,
            letter_date: None,
            currency_amount: None,
            currency: None,
        }
    }

    /// The same line on the auxiliary account `number` labelled `label`.
    pub fn with_aux(mut self, number: &str, label: &str) -> EntryLine {
        self.aux_account = Some(number.to_owned());
        self.aux_label = Some(label.to_owned());
        self
    }

    /// Debit − credit (saturating: amounts are bounded by the core's checked range).
    pub fn balance(&self) -> Decimal {
        self.debit.saturating_sub(self.credit)
    }

    /// The PCG class of the line's account.
    pub fn class(&self) -> u8 {
        class_of(&self.account)
    }
}

/// Where an entry comes from, to find it again and to letter it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryOrigin {
    /// An invoice, deposit invoice or final invoice issued.
    Invoice,
    /// A credit note issued.
    CreditNote,
    /// A payment received.
    Payment,
    /// A refund made.
    Refund,
    /// VAT moved from the waiting account to collected VAT on a payment (CGI 269-2-c).
    VatOnReceipt,
    /// A bad debt, rounding difference or discount written off.
    WriteOff,
    /// Bank fees charged.
    BankFee,
    /// An entry supplied by the host (purchases, payroll, opening balances…).
    Host,
}

/// A journal entry (écriture): one journal, date, piece and label, balanced lines; numbered and
/// dated of validation once validated ([`crate::accounting::numbering`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalEntry {
    /// Stable id of the entry, e.g. `invoice:F-2026-00001`, `payment:P-12`: the host keys the
    /// number it persisted by it.
    pub id: String,
    /// Where it comes from.
    pub origin: EntryOrigin,
    /// Journal code (JournalCode).
    pub journal: String,
    /// Journal label (JournalLib).
    pub journal_label: String,
    /// Booking date (EcritureDate).
    pub date: NaiveDate,
    /// Reference of the piece: invoice or credit-note number, payment id (PieceRef).
    pub piece_ref: String,
    /// Date of the piece (PieceDate).
    pub piece_date: NaiveDate,
    /// Label of the entry (EcritureLib).
    pub label: String,
    /// The lines, at least two, balanced.
    pub lines: Vec<EntryLine>,
    /// Number on the continuous sequence, once validated (EcritureNum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Validation date, once validated (ValidDate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_date: Option<NaiveDate>,
}

/// What an entry needs before its lines: where, when, which piece, which label.
#[derive(Debug, Clone)]
pub struct EntryHead<'a> {
    /// Stable id.
    pub id: String,
    /// Origin.
    pub origin: EntryOrigin,
    /// Journal.
    pub journal: &'a Journal,
    /// Booking date.
    pub date: NaiveDate,
    /// Piece reference.
    pub piece_ref: String,
    /// Piece date.
    pub piece_date: NaiveDate,
    /// Label.
    pub label: String,
}

impl JournalEntry {
    /// The entry of `head` with `lines`, zero lines dropped; refused unless it balances exactly
    /// with at least two lines ([`UNBALANCED`], [`TOO_FEW_LINES`]): never an unbalanced entry.
    pub fn balanced(head: EntryHead<'_>, lines: Vec<EntryLine>) -> Result<JournalEntry> {
        let lines: Vec<EntryLine> = lines.into_iter().filter(|l| !l.debit.is_zero() || !l.credit.is_zero()).collect();
        let entry = JournalEntry {
            id: head.id,
            origin: head.origin,
            journal: head.journal.code.clone(),
            journal_label: head.journal.label.clone(),
            date: head.date,
            piece_ref: head.piece_ref,
            piece_date: head.piece_date,
            label: head.label,
            lines,
            number: None,
            valid_date: None,
        };
        entry.check_balance()?;
        Ok(entry)
    }

    /// (Σ debits, Σ credits).
    pub fn totals(&self) -> Result<(Decimal, Decimal)> {
        let path = format!("entries[{}]", self.id);
        let mut d = Decimal::ZERO;
        let mut c = Decimal::ZERO;
        for l in &self.lines {
            d = add(d, l.debit, &path)?;
            c = add(c, l.credit, &path)?;
        }
        Ok((d, c))
    }

    /// Refuses an entry whose debits and credits differ, or with fewer than two lines.
    pub fn check_balance(&self) -> Result<()> {
        let (d, c) = self.totals()?;
        if self.lines.len() < 2 {
            return Err(TOO_FEW_LINES.refuse(format!("entries[{}].lines", self.id), format!("{} has fewer than two lines", self.id)));
        }
        if d != c {
            return Err(UNBALANCED
                .refuse(format!("entries[{}].lines", self.id), format!("entry {} does not balance: debits {d}, credits {c}", self.id)));
        }
        Ok(())
    }
}

/// An entry the host adds (purchases, payroll, bank remittances, opening balances): checked like
/// every entry, then posted as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HostEntry {
    /// Stable id, unique among the host's entries (the entry's id is `host:` + this id).
    pub id: String,
    /// Journal code, e.g. `AC` (purchases), `AN` (opening balances).
    pub journal: String,
    /// Journal label.
    pub journal_label: String,
    /// Booking date.
    pub date: NaiveDate,
    /// Piece reference.
    pub piece_ref: String,
    /// Piece date.
    pub piece_date: NaiveDate,
    /// Label.
    pub label: String,
    /// Opening balances (à-nouveaux): numbered first, no class 6 or 7 account (A47 A-1 VII 3°).
    #[serde(default)]
    pub opening: bool,
    /// The lines.
    pub lines: Vec<EntryLine>,
}

/// Checks one line's fields: account, labels, amounts, auxiliary account, currency.
pub(crate) fn check_line(l: &EntryLine, path: &str, v: &mut Vec<Violation>) {
    let digits = l.account.len() >= 3 && l.account.bytes().take(3).all(|b| b.is_ascii_digit());
    if !digits || !(1..=8).contains(&l.class()) {
        v.push(ACCOUNT.at(format!("{path}.account"), format!("`{}` does not start with three PCG digits of class 1 to 8", l.account)));
    }
    if l.account_label.trim().is_empty() {
        v.push(REQUIRED.at(format!("{path}.account_label"), "the account label is empty"));
    }
    check_decimal(l.debit, AMOUNT_DECIMALS, &format!("{path}.debit"), v);
    check_decimal(l.credit, AMOUNT_DECIMALS, &format!("{path}.credit"), v);
    let one_side = (l.debit > Decimal::ZERO && l.credit.is_zero()) || (l.credit > Decimal::ZERO && l.debit.is_zero());
    if !one_side {
        v.push(LINE_AMOUNT.at(path, format!("debit {} / credit {}: one positive amount, the other zero", l.debit, l.credit)));
    }
    let aux = l.aux_account.as_deref().is_some_and(|s| !s.trim().is_empty());
    let aux_label = l.aux_label.as_deref().is_some_and(|s| !s.trim().is_empty());
    if aux != aux_label {
        v.push(AUX.at(format!("{path}.aux_account"), "an auxiliary account and its label go together"));
    }
    let code_ok = l.currency.as_deref().is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
    if l.currency_amount.is_some() != l.currency.is_some() || (l.currency.is_some() && !code_ok) {
        v.push(CURRENCY.at(format!("{path}.currency"), "a foreign amount comes with its ISO 4217 code (three capitals)"));
    }
}

impl HostEntry {
    /// Every problem of this entry, at `path`.
    pub(crate) fn check(&self, path: &str, v: &mut Vec<Violation>) {
        for (name, value) in [
            ("id", &self.id),
            ("journal", &self.journal),
            ("journal_label", &self.journal_label),
            ("piece_ref", &self.piece_ref),
            ("label", &self.label),
        ] {
            if value.trim().is_empty() {
                v.push(REQUIRED.at(format!("{path}.{name}"), format!("{name} is empty")));
            }
        }
        if self.lines.len() < 2 {
            v.push(TOO_FEW_LINES.at(format!("{path}.lines"), "an entry has at least two lines"));
        }
        for (i, l) in self.lines.iter().enumerate() {
            let p = format!("{path}.lines[{i}]");
            check_line(l, &p, v);
            if self.opening && matches!(l.class(), 6 | 7) {
                v.push(ACCOUNT.at(format!("{p}.account"), "opening balances carry no class 6 or 7 account (A47 A-1 VII 3°)"));
            }
        }
        let (mut d, mut c) = (Some(Decimal::ZERO), Some(Decimal::ZERO));
        for l in &self.lines {
            d = d.and_then(|x| x.checked_add(l.debit));
            c = c.and_then(|x| x.checked_add(l.credit));
        }
        match (d, c) {
            (Some(d), Some(c)) if d != c => v.push(UNBALANCED.at(format!("{path}.lines"), format!("debits {d} ≠ credits {c}"))),
            (Some(_), Some(_)) => {}
            _ => v.push(crate::money::RULE_RANGE.at(format!("{path}.lines"), "the amounts overflow")),
        }
    }

    /// The journal entry of this host entry (checked by the caller).
    pub(crate) fn to_entry(&self) -> JournalEntry {
        JournalEntry {
            id: format!("host:{}", self.id),
            origin: EntryOrigin::Host,
            journal: self.journal.clone(),
            journal_label: self.journal_label.clone(),
            date: self.date,
            piece_ref: self.piece_ref.clone(),
            piece_date: self.piece_date,
            label: self.label.clone(),
            lines: self.lines.clone(),
            number: None,
            valid_date: None,
        }
    }
}
