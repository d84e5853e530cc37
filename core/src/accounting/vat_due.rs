//! The VAT a seller owes for a month or a quarter, for its CA3 return (formulaire 3310-CA3-SD):
//! per rate and per box, with the documents behind each figure.
//!
//! Built from the same VAT facts the entries are posted from ([`crate::accounting::post`]), so
//! the return agrees with the collected-VAT accounts of the journal (a test says so):
//! - goods, and services under the débits option: VAT due at issue (CGI 269-2-a, 269-2-c);
//! - services without the option, and deposits for goods: on receipt, pro rata of each payment per
//!   rate (CGI 269-2-c, 269-2-a since 2023; BOI-TVA-BASE-20-20), deposits included and, on a final
//!   invoice, only the VAT left after its deposits;
//! - credit notes and write-offs deduct what had been declared (CGI 272-1), in the period of their
//!   date; what was never due (VAT still waiting) is not in any return.
//!
//! Boxes of the CA3 (notice 3310-NOT-SD): taxed operations' basis on line 01 and, per rate, basis
//! and VAT on line 08 (20 %), 09 (5,5 %), 9B (10 %); exports on 04, intra-community supplies on
//! 06, other non-taxed operations on 05. The other rates (2,1 %, Corsica, overseas) are reported
//! under their rate with the box `autre` for the accountant to place: their lines moved between
//! the form's editions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::add;
use crate::vat::VatCategory;

/// Why VAT became due (or was deducted) on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VatEventKind {
    /// An invoice issued: VAT due at issue.
    Issued,
    /// A payment received: VAT on receipt.
    Receipt,
    /// A credit note: VAT declared before, deducted.
    CreditNote,
    /// A write-off: VAT declared before, recovered.
    WriteOff,
}

/// One VAT fact: on a date, for a document (and a payment), a basis and a VAT of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VatEvent {
    /// Date the VAT became due or was deducted.
    pub date: NaiveDate,
    /// Why.
    pub kind: VatEventKind,
    /// The invoice or credit note number.
    pub document: String,
    /// For VAT on receipt: the payment, or the credit note whose credit (money received for an
    /// invoice it cancelled) settled this invoice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<String>,
    /// VAT category.
    pub category: VatCategory,
    /// VAT rate in percent.
    pub rate: Decimal,
    /// Basis excl. tax (negative when deducted).
    pub basis: Decimal,
    /// VAT (negative when deducted).
    pub vat: Decimal,
}

/// The CA3 box of a VAT group: `08`, `09`, `9B` for the metropolitan rates, `04` exports, `06`
/// intra-community supplies, `05` other non-taxed operations, `autre` otherwise.
pub fn ca3_box(category: VatCategory, rate: Decimal) -> &'static str {
    match category {
        VatCategory::S => match rate.normalize().to_string().as_str() {
            "20" => "08",
            "5.5" => "09",
            "10" => "9B",
            _ => "autre",
        },
        VatCategory::G => "04",
        VatCategory::K => "06",
        _ => "05",
    }
}

/// A return period, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VatPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// One figure of the return: a box and rate, its basis and VAT, and the facts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VatRow {
    /// CA3 box ([`ca3_box`]).
    pub ca3_box: String,
    /// VAT category.
    pub category: VatCategory,
    /// VAT rate in percent.
    pub rate: Decimal,
    /// Basis excl. tax, credit notes deducted.
    pub basis: Decimal,
    /// VAT due, credit notes deducted.
    pub vat: Decimal,
    /// The facts behind the figure, by date.
    pub facts: Vec<VatEvent>,
}

/// The VAT due for a period: per box and rate, and the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VatReturn {
    /// The period.
    pub period: VatPeriod,
    /// The figures, by box then rate.
    pub rows: Vec<VatRow>,
    /// Line 01: basis of the taxed operations (category S).
    pub taxed_basis: Decimal,
    /// Total VAT due (line 16, before deductible VAT).
    pub vat_total: Decimal,
}

/// The return of `period` from the VAT facts `events`.
pub(crate) fn vat_return(events: &[VatEvent], period: VatPeriod) -> Result<VatReturn> {
    let mut rows: BTreeMap<(&'static str, VatCategory, Decimal), VatRow> = BTreeMap::new();
    let (mut taxed_basis, mut vat_total) = (Decimal::ZERO, Decimal::ZERO);
    let mut sorted: Vec<&VatEvent> = events.iter().filter(|e| period.from <= e.date && e.date <= period.to).collect();
    sorted.sort_by(|a, b| (a.date, &a.document, &a.payment, a.kind).cmp(&(b.date, &b.document, &b.payment, b.kind)));
    for e in sorted {
        let b = ca3_box(e.category, e.rate);
        let row = rows.entry((b, e.category, e.rate.normalize())).or_insert_with(|| VatRow {
            ca3_box: b.to_owned(),
            category: e.category,
            rate: e.rate.normalize(),
            basis: Decimal::ZERO,
            vat: Decimal::ZERO,
            facts: Vec::new(),
        });
        row.basis = add(row.basis, e.basis, "vat.basis")?;
        row.vat = add(row.vat, e.vat, "vat.vat")?;
        row.facts.push(e.clone());
        if e.category == VatCategory::S {
            taxed_basis = add(taxed_basis, e.basis, "vat.taxed_basis")?;
        }
        vat_total = add(vat_total, e.vat, "vat.vat_total")?;
    }
    Ok(VatReturn { period, rows: rows.into_values().collect(), taxed_basis, vat_total })
}
