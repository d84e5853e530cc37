//! Quotes (devis): versions, a status machine, duplication and conversion into invoices.
//!
//! A quote's number is from a free series: quotes may be cancelled or deleted, so unlike
//! invoices their numbering need not be continuous (shared/spec/domain.md §1.5). A quote is
//! a business paper: the seller's identity and the EI mention apply (C. com. R123-237;
//! décret 2022-725); where a quote is mandatory (B2C home repairs…) it states its validity
//! (arrêté du 24 janvier 2017).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::deposit::{deducted_groups, deposit_lines, final_invoice};
use crate::documents::draft::SupplyCategory;
use crate::documents::draft::{DepositSpec, InvoiceDraft, InvoiceKind, QuoteRef};
use crate::documents::invoice::IssuedInvoice;
use crate::documents::legal;
use crate::documents::mentions::mentions_for;
use crate::error::declare_rules;
use crate::error::{CoreError, Result, Violation};
use crate::line::{AllowanceCharge, Line};
use crate::money::Currency;
use crate::party::{Buyer, Seller};
use crate::terms::PaymentTerms;
use crate::texts::LegalMention;
use crate::totals::Totals;
use crate::totals::VatBreakdown;
use crate::vat::{Exemption, Territory};

#[doc(no_inline)]
pub use crate::documents::quote_status::QuoteStatus;

declare_rules! { RULES;
    /// Versions are numbered 1, 2, … and there is at least one.
    VERSIONS = "quote.versions.invalid", "facturier: a quote keeps every version it was sent in (C. com. L441-9 for the invoice it becomes)";
    /// The stored status is the last of the history, never `expired`.
    STATUS = "quote.status.invalid", "facturier: expiry is derived from the validity date, never stored";
    /// The history is in date order and follows the versions.
    HISTORY = "quote.history.invalid", "facturier: integrity of a quote's history";
    /// A quote has a number.
    NUMBER = "quote.number.missing", "arrêté du 2 mars 1990 (devis: numbered, dated); C. conso L111-1";
    /// A status change does not predate the previous one.
    DATE_BEFORE_PREVIOUS = "quote.date.before_previous", "facturier: integrity of a quote's history";
    /// A new version does not predate the previous status change.
    VERSION_BEFORE_PREVIOUS = "quote.version.before_previous", "facturier: integrity of a quote's history";
    /// Only an accepted quote is invoiced.
    NOT_ACCEPTED = "quote.not_accepted", "C. civ. 1113 (the contract is formed by the acceptance of the offer)";
}

/// The content of one version of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteContent {
    /// Date of this version.
    pub issue_date: NaiveDate,
    /// Last day the offer stands.
    pub valid_until: NaiveDate,
    /// ISO 4217 currency; EUR by default.
    #[serde(default)]
    pub currency: Currency,
    /// Where the operation is taxed.
    #[serde(default)]
    pub territory: Territory,
    /// The seller.
    pub seller: Seller,
    /// The buyer.
    pub buyer: Buyer,
    /// The lines.
    pub lines: Vec<Line>,
    /// Document-level allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceCharge>,
    /// Document-level charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<AllowanceCharge>,
    /// Exemption reasons for non-S categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<Exemption>,
    /// Payment terms offered.
    #[serde(default)]
    pub payment_terms: PaymentTerms,
    /// Contractual late-payment rate in percent per year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_payment_rate: Option<Decimal>,
    /// Escompte conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_payment_discount: Option<String>,
    /// Free notes (start date, duration of works…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl QuoteContent {
    /// The invoice draft carrying this content, losslessly.
    fn to_draft(&self, kind: InvoiceKind, quote: QuoteRef) -> InvoiceDraft {
        InvoiceDraft {
            kind,
            currency: self.currency.clone(),
            // the rate of the invoice's chargeable event, not known when the quote is made
            exchange_rate: None,
            territory: self.territory,
            seller: self.seller.clone(),
            buyer: self.buyer.clone(),
            lines: self.lines.clone(),
            allowances: self.allowances.clone(),
            charges: self.charges.clone(),
            exemptions: self.exemptions.clone(),
            payment_terms: self.payment_terms.clone(),
            delivery_date: None,
            late_payment_rate: self.late_payment_rate,
            early_payment_discount: self.early_payment_discount.clone(),
            purchase_order: None,
            quote: Some(quote),
            preceding_invoice: None,
            deposits: vec![],
            prepaid_amount: Decimal::ZERO,
            notes: self.notes.clone(),
            buyer_reference: None,
            project_reference: None,
            contract_reference: None,
            invoicing_period: None,
            payment_means: None,
            rounding_amount: Decimal::ZERO,
        }
    }

    /// Totals of this content (EN 16931 rules, as for invoices).
    pub fn totals(&self) -> Result<Totals> {
        self.to_draft(InvoiceKind::Standard, QuoteRef { number: String::new(), version: 0 }).totals(self.issue_date)
    }
}

/// One version of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteVersion {
    /// 1, 2, …
    pub version: u32,
    /// What this version offers.
    pub content: QuoteContent,
}

/// A status change in a quote's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// New status.
    pub status: QuoteStatus,
    /// Date of the change.
    pub date: NaiveDate,
    /// Version concerned.
    pub version: u32,
}

/// A quote: its number, every version (the last is current) and its status history.
///
/// Operations return a new value; deserialising checks the history is consistent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "QuoteData")]
pub struct Quote {
    number: String,
    status: QuoteStatus,
    versions: Vec<QuoteVersion>,
    history: Vec<StatusChange>,
}

/// The serialised shape of a [`Quote`], checked on the way in.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteData {
    number: String,
    status: QuoteStatus,
    versions: Vec<QuoteVersion>,
    history: Vec<StatusChange>,
}

impl TryFrom<QuoteData> for Quote {
    type Error = CoreError;

    fn try_from(d: QuoteData) -> Result<Self> {
        let numbered = d.versions.iter().enumerate().all(|(i, v)| usize::try_from(v.version).is_ok_and(|n| n == i.saturating_add(1)));
        if d.versions.is_empty() || !numbered {
            return Err(VERSIONS.refuse("versions", "versions are numbered 1, 2, … and there is at least one"));
        }
        if d.status == QuoteStatus::Expired || d.history.last().map(|h| h.status) != Some(d.status) {
            return Err(STATUS.refuse("status", "the status is the last one of the history and is never `expired`"));
        }
        // as `new`, `revise` and the status changes build it: dates and versions never go
        // backwards, every version exists and the last change is about the current one
        let ordered = d.history.windows(2).all(|w| w[0].date <= w[1].date && w[0].version <= w[1].version);
        let last = d.versions.len();
        let current = d.history.last().is_some_and(|h| usize::try_from(h.version).is_ok_and(|n| n == last));
        if !ordered || !current || d.history.iter().any(|h| h.version == 0) {
            return Err(HISTORY.refuse("history", "the history is in date order and follows the versions"));
        }
        if crate::text::is_blank(&d.number) {
            return Err(NUMBER.refuse("number", "a quote has a number"));
        }
        Ok(Quote { number: d.number, status: d.status, versions: d.versions, history: d.history })
    }
}

impl Quote {
    /// A new draft quote, version 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use facturier_core::{DepositSpec, NaiveDate, NumberingState, Quote, QuoteContent, issue, json, Decimal};
    ///
    /// let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap_or_default(); // the quote is of 1 October
    /// let content: QuoteContent = json::from_str(include_str!("../../../examples/quote-v1.json"))?;
    /// let quote = Quote::new("D-2026-001", content)?.send(day(3))?.accept(day(10))?;
    /// let series = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?;
    /// let (deposit, series) = issue(quote.to_deposit_draft(DepositSpec::Percent(Decimal::from(30)), &[])?, &series, day(11))?;
    /// let final_draft = quote.to_final_draft(&[deposit.clone()], &[])?; // deducts the deposit, per VAT rate
    /// let (final_invoice, _) = issue(final_draft, &series, day(31))?;
    /// let t = final_invoice.totals();
    /// assert_eq!(t.amount_due, t.total_incl_tax - deposit.totals().total_incl_tax);
    /// # Ok::<(), facturier_core::CoreError>(())
    /// ```
    pub fn new(number: impl Into<String>, content: QuoteContent) -> Result<Quote> {
        let number = number.into();
        if crate::text::is_blank(&number) {
            return Err(CoreError::Invalid(vec![legal::QUOTE_NUMBER.at("number", "a quote has a number")]));
        }
        let date = content.issue_date;
        Ok(Quote {
            number,
            status: QuoteStatus::Draft,
            versions: vec![QuoteVersion { version: 1, content }],
            history: vec![StatusChange { status: QuoteStatus::Draft, date, version: 1 }],
        })
    }

    /// The quote number.
    pub fn number(&self) -> &str {
        &self.number
    }
    /// The stored status (never `Expired`; see [`Quote::status_as_of`]).
    pub fn status(&self) -> QuoteStatus {
        self.status
    }
    /// Every version, oldest first.
    pub fn versions(&self) -> &[QuoteVersion] {
        &self.versions
    }
    /// The status history, oldest first.
    pub fn history(&self) -> &[StatusChange] {
        &self.history
    }
    /// The current (last) version.
    pub fn current(&self) -> &QuoteVersion {
        // `versions` is never empty: built by `new`, extended by `revise`, checked on deserialisation.
        &self.versions[self.versions.len().saturating_sub(1)]
    }

    /// The status as of `date`: a sent quote whose validity has passed is `Expired`.
    pub fn status_as_of(&self, date: NaiveDate) -> QuoteStatus {
        if self.status == QuoteStatus::Sent && date > self.current().content.valid_until { QuoteStatus::Expired } else { self.status }
    }

    fn with_status(&self, to: QuoteStatus, date: NaiveDate, allowed_from: &[QuoteStatus]) -> Result<Quote> {
        // A quote the JSON edge could not read back would be lost to its owner: the supported years.
        let date = crate::dated::in_range(Some(date), "date")?;
        let from = self.status_as_of(date);
        if !allowed_from.contains(&from) {
            return Err(CoreError::QuoteTransition { from, to });
        }
        if self.history.last().is_some_and(|h| date < h.date) {
            return Err(DATE_BEFORE_PREVIOUS.refuse("date", "a status change cannot predate the previous one"));
        }
        let mut q = self.clone();
        q.status = to;
        q.history.push(StatusChange { status: to, date, version: self.current().version });
        Ok(q)
    }

    /// Draft → sent, on `date`; refuses a current version with violations.
    pub fn send(&self, date: NaiveDate) -> Result<Quote> {
        let v = check_quote(self);
        if !v.is_empty() {
            return Err(CoreError::Invalid(v));
        }
        self.with_status(QuoteStatus::Sent, date, &[QuoteStatus::Draft])
    }

    /// Sent → accepted, on `date`; an expired quote cannot be accepted (revise it first).
    pub fn accept(&self, date: NaiveDate) -> Result<Quote> {
        self.with_status(QuoteStatus::Accepted, date, &[QuoteStatus::Sent])
    }

    /// Sent (or expired) → refused, on `date`.
    pub fn refuse(&self, date: NaiveDate) -> Result<Quote> {
        self.with_status(QuoteStatus::Refused, date, &[QuoteStatus::Sent, QuoteStatus::Expired])
    }

    /// A new version with `content`, back to draft; the previous versions are kept.
    /// An accepted quote is final and cannot be revised.
    pub fn revise(&self, content: QuoteContent) -> Result<Quote> {
        let date = content.issue_date;
        let from = self.status_as_of(date);
        if from == QuoteStatus::Accepted {
            return Err(CoreError::QuoteTransition { from, to: QuoteStatus::Draft });
        }
        if self.history.last().is_some_and(|h| date < h.date) {
            return Err(VERSION_BEFORE_PREVIOUS.refuse("issue_date", "a new version cannot predate the previous status change"));
        }
        let mut q = self.clone();
        let version = self.current().version.saturating_add(1);
        q.versions.push(QuoteVersion { version, content });
        q.status = QuoteStatus::Draft;
        q.history.push(StatusChange { status: QuoteStatus::Draft, date, version });
        Ok(q)
    }

    /// A new draft quote `number` with the current content, dated `issue_date`, valid until `valid_until`.
    pub fn duplicate(&self, number: impl Into<String>, issue_date: NaiveDate, valid_until: NaiveDate) -> Result<Quote> {
        let mut content = self.current().content.clone();
        content.issue_date = issue_date;
        content.valid_until = valid_until;
        Quote::new(number, content)
    }

    fn accepted(&self) -> Result<QuoteRef> {
        if self.status != QuoteStatus::Accepted {
            return Err(NOT_ACCEPTED.refuse("status", format!("quote {} is {}, not accepted", self.number, self.status)));
        }
        Ok(self.reference())
    }

    /// A reference (number, version) to the current version of this quote.
    pub fn reference(&self) -> QuoteRef {
        QuoteRef { number: self.number.clone(), version: self.current().version }
    }

    /// The invoice draft of the accepted quote: same lines and terms, referencing the quote.
    pub fn to_invoice_draft(&self) -> Result<InvoiceDraft> {
        let r = self.accepted()?;
        Ok(self.current().content.to_draft(InvoiceKind::Standard, r))
    }

    /// A deposit-invoice draft asking `spec` of the accepted quote, one line per VAT group,
    /// after the deposit invoices already issued for it (`previous`), which it never exceeds.
    pub fn to_deposit_draft(&self, spec: DepositSpec, previous: &[IssuedInvoice]) -> Result<InvoiceDraft> {
        let r = self.accepted()?;
        let content = &self.current().content;
        let totals = content.totals()?;
        let label = format!("sur devis n° {} v{}", r.number, r.version);
        let done = deducted_groups(previous)?;
        let mut draft = content.to_draft(InvoiceKind::Deposit, r);
        draft.lines = deposit_lines(&content.lines, &totals, &done, spec, &label)?;
        draft.allowances.clear();
        draft.charges.clear();
        Ok(draft)
    }

    /// The legal mentions the current version prints, as [`crate::documents::mentions::mentions_for`]
    /// its invoice at the quote's issue date: a quote to a business states the penalty terms the
    /// invoice will carry (C. com. L441-9 I, L441-10 II).
    pub fn mentions(&self) -> Vec<LegalMention> {
        let content = &self.current().content;
        mentions_for(&content.to_draft(InvoiceKind::Standard, self.reference()), content.issue_date)
    }

    /// Goods, services or mixed, as an invoice of the current version (CGI ann. II art. 242 nonies
    /// A, I-8° bis).
    pub fn supply_category(&self) -> SupplyCategory {
        self.current().content.to_draft(InvoiceKind::Standard, self.reference()).supply_category()
    }

    /// The exemption a VAT group of the current version prints ([`InvoiceDraft::group_exemption`]).
    pub fn vat_exemption(&self, group: &VatBreakdown) -> Option<Exemption> {
        let content = &self.current().content;
        content.to_draft(InvoiceKind::Standard, self.reference()).group_exemption(group, content.issue_date)
    }

    /// The final-invoice draft of the accepted quote, deducting what remains of every deposit
    /// invoice issued for it after the `credit_notes` issued against them ([`final_invoice`]).
    pub fn to_final_draft(&self, deposits: &[IssuedInvoice], credit_notes: &[IssuedInvoice]) -> Result<InvoiceDraft> {
        final_invoice(self.to_invoice_draft()?, deposits, credit_notes)
    }
}

/// Checks what applies to a quote: seller identity and EI, buyer, lines and VAT, validity, and the
/// payment terms and late-payment rate its invoice will be held to.
pub fn check_quote(q: &Quote) -> Vec<Violation> {
    let c = &q.current().content;
    let mut v = Vec::new();
    if c.valid_until < c.issue_date {
        v.push(legal::QUOTE_VALIDITY.at("valid_until", "a quote is valid until a date on or after its issue date"));
    }
    legal::check_seller(&c.seller, "seller", &mut v);
    legal::check_buyer(&c.buyer, "buyer", &mut v);
    let body = legal::Body {
        seller: &c.seller,
        buyer: &c.buyer,
        territory: c.territory,
        lines: &c.lines,
        allowances: &c.allowances,
        charges: &c.charges,
        amount_decimals: c.currency.amount_decimals(),
    };
    legal::check_body(&body, c.issue_date, &mut v);
    // a quote never promises what its invoice would be refused for: the payment-term caps and
    // the floor of the late-payment rate (C. com. L441-10)
    legal::check_terms(&c.payment_terms, c.late_payment_rate, &c.buyer, c.issue_date, &mut v);
    // the quote's invoice will need its exemption reasons: ask for them before it is accepted
    legal::check_exemptions(&c.to_draft(InvoiceKind::Standard, QuoteRef { number: q.number.clone(), version: 0 }), c.issue_date, &mut v);
    if let Err(e) = c.totals() {
        v.push(crate::money::RULE_RANGE.at(e.path().unwrap_or_default(), e.to_string()));
    }
    v
}

#[cfg(test)]
mod tests;
