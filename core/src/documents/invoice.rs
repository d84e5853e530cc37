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
use crate::error::{CoreError, Result, Violation};
use crate::texts::LegalMention;
use crate::totals::VatBreakdown;
use crate::totals::{DeductedGroup, Totals};
use crate::vat::Exemption;

#[doc(no_inline)]
pub use crate::documents::version::{RULES_VERSION, RULES_VERSIONS};

/// The number of an issued invoice: never blank, whatever the version (it is the invoice's
/// identity: CGI ann. II art. 242 nonies A, I-7°).
fn issued_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<String, D::Error> {
    let number = String::deserialize(deserializer)?;
    if crate::text::is_blank(&number) {
        return Err(serde::de::Error::custom("an issued invoice has its number"));
    }
    Ok(number)
}

/// Invoices written before the rules were versioned are version 1.
fn legacy_rules_version() -> u32 {
    1
}

/// An issued invoice: immutable, numbered, with totals and mentions derived from its content.
///
/// Deserialising one reads it as it was issued, figures and mentions included, whatever the
/// rules of this build: archived invoices stay readable. [`IssuedInvoice::verify`] is the
/// tamper check; the operations that derive a document from issued ones (credit notes, final
/// invoices, receivables) run it on their inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuedInvoice {
    #[serde(deserialize_with = "issued_number")]
    number: String,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    supply_category: SupplyCategory,
    content: InvoiceDraft,
    totals: Totals,
    mentions: Vec<LegalMention>,
    /// The version of the rules that issued it ([`RULES_VERSION`] for new invoices).
    #[serde(default = "legacy_rules_version")]
    rules_version: u32,
}

declare_rules! { RULES;
    /// The stored figures of an issued invoice disagree with its content.
    RULE_TAMPERED = "issued.out_of_step", "CGI art. 289 V (integrity of issued invoices)";
    /// An issued invoice names rules this build does not know: it was issued by a newer facturier.
    RULE_VERSION_UNKNOWN = "issued.rules_version.unknown", "CGI art. 289 V (an invoice is verified with the rules that issued it)";
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

    /// The version of the rules that issued it ([`RULES_VERSIONS`]).
    pub fn rules_version(&self) -> u32 {
        self.rules_version
    }

    /// The tamper check: every stored figure recomputed from the content with the rules of the
    /// version that issued it (number, totals, due date, goods/services category, mentions).
    ///
    /// Returns every difference as an [`RULE_TAMPERED`] violation at its field (`totals`,
    /// `due_date`, `mentions`, `number`), or [`RULE_VERSION_UNKNOWN`] for an invoice issued under
    /// rules newer than this build's. Empty when the invoice is as it was issued (CGI art. 289 V).
    pub fn verify(&self) -> Vec<Violation> {
        let version = self.rules_version;
        if version == 0 || version > RULES_VERSION {
            return vec![
                RULE_VERSION_UNKNOWN
                    .at("rules_version", format!("issued under rules v{version}; this build of facturier verifies v1 to v{RULES_VERSION}")),
            ];
        }
        let mut v = vec![];
        if crate::text::is_blank(&self.number) {
            v.push(RULE_TAMPERED.at("number", "an issued invoice has its number"));
        }
        match self.content.totals(self.issue_date) {
            Ok(mut totals) => {
                if version < 2 {
                    // v1 did not carry the VAT total in euros
                    totals.vat_total_eur = None;
                }
                if totals != self.totals {
                    v.push(RULE_TAMPERED.at("totals", "stored totals differ from the totals of the lines"));
                }
            }
            Err(e) => v.push(RULE_TAMPERED.at("totals", format!("the totals of the lines cannot be computed: {e}"))),
        }
        if self.content.payment_terms.due_date(self.issue_date).ok() != Some(self.due_date) {
            v.push(RULE_TAMPERED.at("due_date", "stored due date differs from the payment terms"));
        }
        let mentions = crate::documents::mentions::mentions_for_version(&self.content, self.issue_date, version);
        if mentions != self.mentions || self.content.supply_category() != self.supply_category {
            v.push(RULE_TAMPERED.at("mentions", "stored mentions differ from those of the content"));
        }
        v
    }

    /// [`IssuedInvoice::verify`] as a result: `Ok` when the invoice is as it was issued, else
    /// [`CoreError::Invalid`] with every difference at paths under `path` (`deposits[1]`).
    pub fn verified(&self, path: &str) -> Result<&Self> {
        let v = self.verify();
        if v.is_empty() {
            return Ok(self);
        }
        let prefix = |p: String| if path.is_empty() { p } else { format!("{path}.{p}") };
        Err(CoreError::Invalid(v.into_iter().map(|x| Violation { path: prefix(x.path), ..x }).collect()))
    }
}

/// Runs [`IssuedInvoice::verify`] on each of `invoices`, reporting every difference at
/// `path[i]`.
pub(crate) fn verified_all(invoices: &[IssuedInvoice], path: &str) -> Result<()> {
    let mut v = Vec::new();
    for (i, inv) in invoices.iter().enumerate() {
        if let Err(CoreError::Invalid(more)) = inv.verified(&format!("{path}[{i}]")) {
            v.extend(more);
        }
    }
    if v.is_empty() { Ok(()) } else { Err(CoreError::Invalid(v)) }
}

/// The issued invoice of `content`, with its totals when the caller already computed them.
fn build_issued(content: InvoiceDraft, number: String, issue_date: NaiveDate, totals: Option<Totals>) -> Result<IssuedInvoice> {
    let totals = match totals {
        Some(t) => t,
        None => content.totals(issue_date)?,
    };
    let due_date = content.payment_terms.due_date(issue_date)?;
    let mentions = crate::documents::mentions::mentions_for(&content, issue_date);
    Ok(IssuedInvoice {
        number,
        issue_date,
        due_date,
        supply_category: content.supply_category(),
        content,
        totals,
        mentions,
        rules_version: RULES_VERSION,
    })
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
