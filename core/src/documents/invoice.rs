//! Issued invoices: issuance of a draft against a numbering state, and the immutable result.
//!
//! [`issue`] checks a draft against the law as of the issue date, allocates the next number of
//! its series and returns an [`IssuedInvoice`]: an immutable value whose totals are derived from
//! its lines. An issued invoice is corrected only by a credit note (CGI art. 289 I-5 and V;
//! BOI-TVA-DECLA-30-20-20-20 §§190-260).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::documents::draft::{InvoiceDraft, InvoiceKind, InvoiceRef, SupplyCategory};
use crate::documents::numbering::NumberingState;
use crate::error::declare_rules;
use crate::error::{CoreError, Result};
use crate::texts::LegalMention;
use crate::totals::VatBreakdown;
use crate::totals::{DeductedGroup, Totals};
use crate::vat::Exemption;

/// An issued invoice: immutable, numbered, with totals and mentions derived from its content.
///
/// Deserialising one recomputes its totals, due date and mentions and refuses a value whose
/// stored figures are out of step with its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "IssuedInvoiceData")]
pub struct IssuedInvoice {
    number: String,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    supply_category: SupplyCategory,
    content: InvoiceDraft,
    totals: Totals,
    mentions: Vec<LegalMention>,
}

/// The serialised shape of an [`IssuedInvoice`], checked on the way in.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuedInvoiceData {
    number: String,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    supply_category: SupplyCategory,
    content: InvoiceDraft,
    totals: Totals,
    mentions: Vec<LegalMention>,
}

declare_rules! { RULES;
    /// The stored figures of an issued invoice disagree with its content.
    RULE_TAMPERED = "issued.out_of_step", "CGI art. 289 V (integrity of issued invoices)";
}

impl TryFrom<IssuedInvoiceData> for IssuedInvoice {
    type Error = CoreError;

    fn try_from(d: IssuedInvoiceData) -> Result<Self> {
        let rebuilt = build_issued(d.content, d.number, d.issue_date, None)?;
        let mut v = vec![];
        if rebuilt.totals != d.totals {
            v.push(RULE_TAMPERED.at("totals", "stored totals differ from the totals of the lines"));
        }
        if rebuilt.due_date != d.due_date {
            v.push(RULE_TAMPERED.at("due_date", "stored due date differs from the payment terms"));
        }
        if rebuilt.mentions != d.mentions || rebuilt.supply_category != d.supply_category {
            v.push(RULE_TAMPERED.at("mentions", "stored mentions differ from those of the content"));
        }
        if v.is_empty() { Ok(rebuilt) } else { Err(CoreError::Invalid(v)) }
    }
}

impl std::fmt::Display for IssuedInvoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} du {}", crate::presentation::invoice_title(self.content.kind), self.number, self.issue_date.format("%d/%m/%Y"))
    }
}

impl IssuedInvoice {
    /// The invoice number allocated at issuance.
    pub fn number(&self) -> &str {
        &self.number
    }
    /// The issue date.
    pub fn issue_date(&self) -> NaiveDate {
        self.issue_date
    }
    /// The due date computed from the payment terms.
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// Goods, services or mixed.
    pub fn supply_category(&self) -> SupplyCategory {
        self.supply_category
    }
    /// The kind of invoice.
    pub fn kind(&self) -> InvoiceKind {
        self.content.kind
    }
    /// UNTDID 1001 type code (BT-3): 380, 386, 381, or 503 for a credit note of a deposit
    /// invoice ([`InvoiceDraft::type_code`]).
    pub fn type_code(&self) -> u16 {
        self.content.type_code()
    }
    /// The content as it was issued.
    pub fn content(&self) -> &InvoiceDraft {
        &self.content
    }
    /// The derived totals.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
    /// The legal mentions printed on the invoice.
    pub fn mentions(&self) -> &[LegalMention] {
        &self.mentions
    }
    /// Its VAT groups (basis and VAT), as a final invoice deducts them.
    pub fn deposit_groups(&self) -> Vec<DeductedGroup> {
        self.totals.vat_breakdown.iter().map(|g| DeductedGroup { category: g.category, rate: g.rate, basis: g.basis, vat: g.vat }).collect()
    }

    /// The exemption a VAT group of this invoice prints ([`InvoiceDraft::group_exemption`]).
    pub fn vat_exemption(&self, group: &VatBreakdown) -> Option<Exemption> {
        self.content.group_exemption(group, self.issue_date)
    }

    /// A reference (number, date) to this invoice.
    pub fn reference(&self) -> InvoiceRef {
        InvoiceRef { number: self.number.clone(), issue_date: self.issue_date, kind: Some(self.kind()) }
    }
}

/// The issued invoice of `content`, with its totals when the caller already computed them.
fn build_issued(content: InvoiceDraft, number: String, issue_date: NaiveDate, totals: Option<Totals>) -> Result<IssuedInvoice> {
    let totals = match totals {
        Some(t) => t,
        None => content.totals(issue_date)?,
    };
    let due_date = content.payment_terms.due_date(issue_date)?;
    let mentions = crate::documents::mentions::mentions_for(&content, issue_date);
    Ok(IssuedInvoice { number, issue_date, due_date, supply_category: content.supply_category(), content, totals, mentions })
}

/// Issues `draft` on `issue_date` with the next number of `state`'s series.
///
/// Refuses a draft with legal violations and returns them all ([`CoreError::Invalid`]).
/// Returns the issued invoice and the next numbering state, which the host must persist in the
/// same transaction as the invoice (see [`crate::documents::numbering`]).
///
/// # Examples
///
/// ```
/// use facturier_core::{InvoiceDraft, NaiveDate, NumberingState, issue, json};
///
/// let draft: InvoiceDraft = json::from_str(include_str!("../../../examples/invoice-draft.json"))?;
/// let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?; // persisted by the host
/// let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
/// let (invoice, next) = issue(draft, &state, date)?;
/// assert_eq!(invoice.number(), "F-2026-00001");
/// assert_eq!(next.last_sequence(), 1); // store `next` in the same transaction as the invoice
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn issue(draft: InvoiceDraft, state: &NumberingState, issue_date: NaiveDate) -> Result<(IssuedInvoice, NumberingState)> {
    let (violations, totals) = crate::documents::legal::check_and_total(&draft, issue_date);
    if !violations.is_empty() {
        return Err(CoreError::Invalid(violations));
    }
    let (number, next) = state.allocate(issue_date)?;
    Ok((build_issued(draft, number, issue_date, totals)?, next))
}

#[cfg(test)]
mod tests;
