//! EN 16931 totals: line nets, VAT breakdown per (category, rate), document totals.
//!
//! Rounding happens at the rule points only, half away from zero to the cent:
//! - line amount = quantity × unit price ÷ price base quantity (BT-129 × BT-146 ÷ BT-149), exact;
//! - each line allowance or charge given as a percentage (BT-136 / BT-141) = round2(line amount ×
//!   percent / 100), its base (BT-137 / BT-142) the line amount to the cent;
//! - line net (BT-131) = round2(line amount − Σ line allowances + Σ line charges) (PEPPOL-EN16931-R120);
//! - VAT basis per (category, rate) (BT-116) = Σ line nets − allowances + charges of the group (BR-S-08);
//! - VAT per group (BT-117) = round2(basis × rate / 100) (BR-CO-17), never per line;
//! - BT-106 = Σ BT-131 (BR-CO-10), BT-109 = BT-106 − BT-107 + BT-108 (BR-CO-13),
//!   BT-110 = Σ BT-117 (BR-CO-14), BT-112 = BT-109 + BT-110 (BR-CO-15),
//!   BT-115 = BT-112 − BT-113 + BT-114 (BR-CO-16), the rounding amount BT-114 added by
//!   [`crate::documents::draft::InvoiceDraft::totals`].
//!
//! A final invoice states the whole operation and deducts each deposit invoice, HT and VAT per
//! rate, through the prepaid amount BT-113 (BR-FR-CO-08/09 codes B4/S4/M4): the deposit's VAT was
//! declared when the deposit was invoiced, so the breakdown also carries the deducted part.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::line::{AllowanceCharge, Discount, Line, LineAllowanceCharge, SupplyKind};
use crate::money::{add, mul, round2, sub};
use crate::vat::{Exemption, VatCategory};

/// The computed amounts of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LineTotal {
    /// The line's id.
    pub id: String,
    /// Line allowance amount BT-136 (0 when no discount): the discount and every further line
    /// allowance together.
    pub discount: Decimal,
    /// Line charges BT-141 together (0, and absent from the JSON, when none).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub charge: Decimal,
    /// Line net amount BT-131.
    pub net: Decimal,
}

/// One row of the VAT breakdown (EN 16931 BG-23).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VatBreakdown {
    /// VAT category BT-118.
    pub category: VatCategory,
    /// VAT rate in percent BT-119.
    pub rate: Decimal,
    /// Taxable amount BT-116.
    pub basis: Decimal,
    /// VAT amount BT-117 = round2(basis × rate / 100).
    pub vat: Decimal,
    /// Exemption reason and code (BT-120/121) for non-S categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Exemption>,
    /// Basis already invoiced on deposit invoices, deducted on a final invoice.
    #[serde(default)]
    pub deposit_basis: Decimal,
    /// VAT already invoiced on deposit invoices, deducted on a final invoice.
    #[serde(default)]
    pub deposit_vat: Decimal,
}

impl VatBreakdown {
    /// Basis remaining on this invoice after deposits (saturating: the inputs are bounded by
    /// [`crate::money::MAX_MAGNITUDE`], so it never saturates on a checked document).
    pub fn remaining_basis(&self) -> Decimal {
        self.basis.saturating_sub(self.deposit_basis)
    }

    /// VAT remaining on this invoice after deposits (saturating, as [`VatBreakdown::remaining_basis`]).
    pub fn remaining_vat(&self) -> Decimal {
        self.vat.saturating_sub(self.deposit_vat)
    }
}

/// One VAT group of an issued deposit invoice, deducted on the final invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeductedGroup {
    /// VAT category.
    pub category: VatCategory,
    /// VAT rate in percent.
    pub rate: Decimal,
    /// Basis excl. tax invoiced on the deposit.
    pub basis: Decimal,
    /// VAT invoiced on the deposit.
    pub vat: Decimal,
}

/// Every amount of a document, derived from its lines: never stored out of step with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Totals {
    /// Per-line amounts, in line order.
    pub lines: Vec<LineTotal>,
    /// Sum of line nets BT-106.
    pub line_total: Decimal,
    /// Sum of document allowances BT-107.
    pub allowance_total: Decimal,
    /// Sum of document charges BT-108.
    pub charge_total: Decimal,
    /// Total excl. tax BT-109.
    pub total_excl_tax: Decimal,
    /// VAT breakdown BG-23, sorted by category then rate.
    pub vat_breakdown: Vec<VatBreakdown>,
    /// Total VAT BT-110.
    pub vat_total: Decimal,
    /// Total incl. tax BT-112.
    pub total_incl_tax: Decimal,
    /// Total of deposits deducted (incl. tax), part of the prepaid amount.
    pub deposits_total: Decimal,
    /// Prepaid amount BT-113: deposits deducted plus any other amount already paid.
    pub prepaid: Decimal,
    /// Rounding amount BT-114, added to the amount due (0, and absent from the JSON, when none).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub rounding_amount: Decimal,
    /// Amount due for payment BT-115.
    pub amount_due: Decimal,
    /// Total VAT in euros BT-111 (with BT-6 = EUR), for an invoice in another currency: the VAT
    /// a French invoice states in euros whatever its currency (CGI art. 289; Directive 2006/112
    /// art. 230; FNFE BR-FR-CO-12). Absent for an invoice in euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_total_eur: Option<Decimal>,
}

type Group = (VatCategory, Decimal);

fn group_of(category: VatCategory, rate: Decimal) -> Group {
    (category, rate.normalize())
}

/// Computes a line's allowances (BT-136), charges (BT-141) and net (BT-131); `path` names the
/// line for errors.
pub fn line_total(line: &Line, path: &str) -> Result<LineTotal> {
    let a = line_amounts(line).ok_or_else(|| CoreError::Overflow { path: path.to_owned() })?;
    Ok(LineTotal { id: line.id.clone(), discount: a.allowances, charge: a.charges, net: a.net })
}

/// The computed amounts of one line, before they are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    /// Quantity × unit price ÷ base quantity, exact (not rounded).
    pub gross: Decimal,
    /// Σ line allowances, each to the cent (BT-136).
    pub allowances: Decimal,
    /// Σ line charges, each to the cent (BT-141).
    pub charges: Decimal,
    /// Line net BT-131, to the cent.
    pub net: Decimal,
}

/// The amount of one line allowance or charge on a line amount `gross`: its fixed amount, or
/// round2(gross × percent / 100); `None` on overflow or when it has neither.
pub fn allowance_charge_amount(gross: Decimal, a: &LineAllowanceCharge) -> Option<Decimal> {
    match (a.amount, a.percent) {
        (Some(x), _) => Some(x),
        (None, Some(p)) => Some(round2(gross.checked_mul(p)?.checked_div(Decimal::ONE_HUNDRED)?)),
        (None, None) => Some(Decimal::ZERO),
    }
}

/// The line amount, allowances, charges and net, or `None` on overflow (the caller names the
/// path, lazily).
pub fn line_amounts(line: &Line) -> Option<LineAmounts> {
    let mut gross = line.quantity.checked_mul(line.unit_price)?;
    if let Some(base) = line.price_base() {
        gross = gross.checked_div(base)?;
    }
    let mut allowances = match line.discount {
        None => Decimal::ZERO,
        Some(Discount::Amount(a)) => a,
        Some(Discount::Percent(p)) => round2(gross.checked_mul(p)?.checked_div(Decimal::ONE_HUNDRED)?),
    };
    for a in &line.allowances {
        allowances = allowances.checked_add(allowance_charge_amount(gross, a)?)?;
    }
    let mut charges = Decimal::ZERO;
    for c in &line.charges {
        charges = charges.checked_add(allowance_charge_amount(gross, c)?)?;
    }
    let net = round2(gross.checked_sub(allowances)?.checked_add(charges)?);
    Some(LineAmounts { gross, allowances, charges, net })
}

/// Computes the totals of a document from its lines, document allowances and charges,
/// deposit deductions (final invoices) and other prepaid amount. Pure and exact.
pub fn compute_totals(
    lines: &[Line],
    allowances: &[AllowanceCharge],
    charges: &[AllowanceCharge],
    deductions: &[DeductedGroup],
    other_prepaid: Decimal,
) -> Result<Totals> {
    let mut groups: BTreeMap<Group, (Decimal, Decimal, Decimal)> = BTreeMap::new();
    let mut line_totals = Vec::with_capacity(lines.len());
    let mut line_total_sum = Decimal::ZERO;
    for (i, line) in lines.iter().enumerate() {
        // the path is formatted only on error: this loop is the hot path
        let overflow = || CoreError::Overflow { path: format!("lines[{i}]") };
        let a = line_amounts(line).ok_or_else(overflow)?;
        line_total_sum = line_total_sum.checked_add(a.net).ok_or_else(overflow)?;
        let g = groups.entry(group_of(line.vat_category, line.vat_rate)).or_default();
        g.0 = g.0.checked_add(a.net).ok_or_else(overflow)?;
        line_totals.push(LineTotal { id: line.id.clone(), discount: a.allowances, charge: a.charges, net: a.net });
    }
    let mut allowance_total = Decimal::ZERO;
    for (i, a) in allowances.iter().enumerate() {
        let path = format!("allowances[{i}].amount");
        allowance_total = add(allowance_total, a.amount, &path)?;
        let g = groups.entry(group_of(a.vat_category, a.vat_rate)).or_default();
        g.0 = sub(g.0, a.amount, &path)?;
    }
    let mut charge_total = Decimal::ZERO;
    for (i, c) in charges.iter().enumerate() {
        let path = format!("charges[{i}].amount");
        charge_total = add(charge_total, c.amount, &path)?;
        let g = groups.entry(group_of(c.vat_category, c.vat_rate)).or_default();
        g.0 = add(g.0, c.amount, &path)?;
    }
    let mut deposits_total = Decimal::ZERO;
    for (i, d) in deductions.iter().enumerate() {
        let path = format!("deposits[{i}]");
        let g = groups.entry(group_of(d.category, d.rate)).or_default();
        g.1 = add(g.1, d.basis, &path)?;
        g.2 = add(g.2, d.vat, &path)?;
        deposits_total = add(deposits_total, add(d.basis, d.vat, &path)?, &path)?;
    }

    let mut vat_breakdown = Vec::with_capacity(groups.len());
    let mut vat_total = Decimal::ZERO;
    for ((category, rate), (basis, deposit_basis, deposit_vat)) in groups {
        let vat = round2(crate::money::div(mul(basis, rate, "vat_breakdown")?, Decimal::ONE_HUNDRED, "vat_breakdown")?);
        vat_total = add(vat_total, vat, "vat_total")?;
        vat_breakdown.push(VatBreakdown { category, rate, basis, vat, exemption: None, deposit_basis, deposit_vat });
    }
    let total_excl_tax = add(sub(line_total_sum, allowance_total, "total_excl_tax")?, charge_total, "total_excl_tax")?;
    let total_incl_tax = add(total_excl_tax, vat_total, "total_incl_tax")?;
    let prepaid = add(deposits_total, other_prepaid, "prepaid_amount")?;
    let amount_due = sub(total_incl_tax, prepaid, "amount_due")?;
    Ok(Totals {
        lines: line_totals,
        line_total: line_total_sum,
        allowance_total,
        charge_total,
        total_excl_tax,
        vat_breakdown,
        vat_total,
        total_incl_tax,
        deposits_total,
        prepaid,
        rounding_amount: Decimal::ZERO,
        amount_due,
        vat_total_eur: None,
    })
}

/// `amount` of the VAT group (`category`, `rate`) of `lines`, split between goods and services
/// pro rata of the group's line nets of each kind, to the cent (a zero part is left out).
///
/// A deposit or an amount credit note states whether it concerns goods or services as the
/// operation does (CGI ann. II art. 242 nonies A, I-8° bis); a group without positive lines is
/// services. `None` on overflow.
pub(crate) fn supply_parts(lines: &[Line], category: VatCategory, rate: Decimal, amount: Decimal) -> Option<Vec<(SupplyKind, Decimal)>> {
    let mut weights = [(SupplyKind::Goods, Decimal::ZERO), (SupplyKind::Services, Decimal::ZERO)];
    for l in lines.iter().filter(|l| l.vat_category == category && l.vat_rate.normalize() == rate.normalize()) {
        let net = crate::totals::line_total(l, "lines").ok()?.net;
        if let Some(w) = weights.iter_mut().find(|(k, _)| *k == l.supply) {
            w.1 = w.1.checked_add(net)?;
        }
    }
    let kept: Vec<(SupplyKind, Decimal)> = weights.into_iter().filter(|(_, w)| *w > Decimal::ZERO).collect();
    if kept.len() < 2 {
        return Some(vec![(kept.first().map_or(SupplyKind::Services, |k| k.0), amount)]);
    }
    let parts = spread(amount, &kept.iter().map(|k| k.1).collect::<Vec<_>>())?;
    Some(kept.iter().map(|k| k.0).zip(parts).filter(|(_, p)| !p.is_zero()).collect())
}

/// The largest deposit basis ≤ `asked` whose basis fits in `room_basis` and whose VAT
/// (round2(basis × rate), BR-CO-17) fits in `room_vat`; `None` when the arithmetic overflows
/// (forged amounts beyond the checked range: every step is checked, never a panic).
pub(crate) fn capped_deposit(asked: Decimal, room_basis: Decimal, room_vat: Decimal, rate: Decimal) -> Option<Decimal> {
    let mut amount = asked.min(room_basis);
    if amount <= Decimal::ZERO || rate.is_zero() {
        return Some(amount);
    }
    let vat = |b: Decimal| b.checked_mul(rate).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)).map(round2);
    if vat(amount)? <= room_vat {
        return Some(amount);
    }
    // Highest basis whose exact VAT stays below the room's rounding boundary, then settle by cents.
    let limit = room_vat.checked_add(Decimal::new(5, 3))?.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(rate)?;
    amount = amount.min(limit.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero));
    let cent = Decimal::new(1, 2);
    for _ in 0..4 {
        if amount <= Decimal::ZERO || vat(amount)? <= room_vat {
            break;
        }
        amount = amount.checked_sub(cent)?;
    }
    Some(amount.max(Decimal::ZERO))
}

/// Spreads `amount` over `weights` pro rata, to the cent, the remainder on the largest weight.
///
/// No part goes below zero: when the parts rounded up by more than the largest one holds (many
/// groups, a few cents), the rest of the remainder is taken from the next largest weights.
pub(crate) fn spread(amount: Decimal, weights: &[Decimal]) -> Option<Vec<Decimal>> {
    let total = crate::money::checked_sum(weights.iter().copied())?;
    if total.is_zero() {
        return None;
    }
    let mut parts: Vec<Decimal> =
        weights.iter().map(|w| amount.checked_mul(*w).and_then(|x| x.checked_div(total)).map(round2)).collect::<Option<_>>()?;
    let mut diff = amount.checked_sub(crate::money::checked_sum(parts.iter().copied())?)?;
    // largest weight first; among equal weights, the last one first
    let mut order: Vec<(usize, Decimal)> = weights.iter().copied().enumerate().collect();
    order.sort_by(|(i, a), (j, b)| b.cmp(a).then(j.cmp(i)));
    for (i, _) in order {
        if diff.is_zero() {
            break;
        }
        let p = parts.get_mut(i)?;
        let take = if diff < Decimal::ZERO { diff.max(Decimal::ZERO.checked_sub(*p)?) } else { diff };
        *p = p.checked_add(take)?;
        diff = diff.checked_sub(take)?;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn line(id: &str, q: Decimal, p: Decimal, rate: Decimal) -> Line {
        Line {
            id: id.into(),
            description: "x".into(),
            quantity: q,
            unit: "C62".into(),
            unit_price: p,
            discount: None,
            vat_category: VatCategory::S,
            vat_rate: rate,
            supply: Default::default(),
            allowances: Vec::new(),
            charges: Vec::new(),
            price_base_quantity: None,
            gross_price: None,
        }
    }

    #[test]
    fn vat_is_rounded_per_rate_not_per_line() {
        // Three lines of 0.33 € at 20 %: per-line VAT would give 3 × 0.07 = 0.21;
        // EN 16931 BR-CO-17 gives round2(0.99 × 20 %) = 0.20.
        let lines: Vec<Line> = (0..3).map(|i| line(&i.to_string(), dec!(1), dec!(0.33), dec!(20))).collect();
        let t = compute_totals(&lines, &[], &[], &[], Decimal::ZERO).unwrap();
        assert_eq!(t.total_excl_tax, dec!(0.99));
        assert_eq!(t.vat_total, dec!(0.20));
        assert_eq!(t.total_incl_tax, dec!(1.19));
    }

    #[test]
    fn worked_example_with_discounts_allowances_and_two_rates() {
        let mut a = line("1", dec!(3.5), dec!(80), dec!(20)); // 280.00
        a.discount = Some(Discount::Percent(dec!(10))); // −28.00 → 252.00
        let mut b = line("2", dec!(7), dec!(12.345), dec!(5.5)); // 86.415 → 86.42
        b.discount = Some(Discount::Amount(dec!(1.00))); // 85.415 → 85.42
        let allowance = AllowanceCharge {
            amount: dec!(2.00),
            reason: "Remise".into(),
            vat_category: VatCategory::S,
            vat_rate: dec!(20),
            reason_code: None,
        };
        let charge = AllowanceCharge {
            amount: dec!(10.00),
            reason: "Port".into(),
            vat_category: VatCategory::S,
            vat_rate: dec!(20),
            reason_code: None,
        };
        let t = compute_totals(&[a, b], &[allowance], &[charge], &[], dec!(50)).unwrap();
        assert_eq!(t.lines[0].discount, dec!(28.00));
        assert_eq!(t.lines[0].net, dec!(252.00));
        assert_eq!(t.lines[1].net, dec!(85.42));
        assert_eq!(t.line_total, dec!(337.42));
        assert_eq!(t.total_excl_tax, dec!(345.42));
        // groups: S 5.5 basis 85.42 → 4.6981 → 4.70; S 20 basis 260.00 → 52.00
        assert_eq!(t.vat_breakdown.len(), 2);
        assert_eq!(t.vat_breakdown[0].rate, dec!(5.5));
        assert_eq!(t.vat_breakdown[0].vat, dec!(4.70));
        assert_eq!(t.vat_breakdown[1].basis, dec!(260.00));
        assert_eq!(t.vat_total, dec!(56.70));
        assert_eq!(t.total_incl_tax, dec!(402.12));
        assert_eq!(t.amount_due, dec!(352.12));
    }

    #[test]
    fn rates_written_differently_share_a_group() {
        let t = compute_totals(
            &[line("1", dec!(1), dec!(10), dec!(20)), line("2", dec!(1), dec!(10), dec!(20.00))],
            &[],
            &[],
            &[],
            Decimal::ZERO,
        )
        .unwrap();
        assert_eq!(t.vat_breakdown.len(), 1);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let l = line("1", Decimal::MAX, Decimal::MAX, dec!(20));
        let e = compute_totals(&[l], &[], &[], &[], Decimal::ZERO).unwrap_err();
        assert_eq!(e.code(), "overflow");
        assert_eq!(e.path(), Some("lines[0]"));
    }

    #[test]
    fn line_charges_allowances_and_price_base_quantity() {
        // 250 units at 12.00 per dozen = 250.00 exactly; −5 % (12.50) − 3.00 + palette 7.50 → 242.00
        let mut l = line("1", dec!(250), dec!(12.00), dec!(20));
        l.price_base_quantity = Some(dec!(12));
        l.allowances.push(LineAllowanceCharge {
            amount: None,
            percent: Some(dec!(5)),
            reason: Some("Remise".into()),
            reason_code: Some("95".into()),
        });
        l.allowances.push(LineAllowanceCharge {
            amount: Some(dec!(3.00)),
            percent: None,
            reason: Some("Fidélité".into()),
            reason_code: None,
        });
        l.charges.push(LineAllowanceCharge {
            amount: Some(dec!(7.50)),
            percent: None,
            reason: Some("Frais palette".into()),
            reason_code: Some("ABK".into()),
        });
        let a = line_amounts(&l).unwrap();
        assert_eq!(a.gross, dec!(250));
        assert_eq!((a.allowances, a.charges, a.net), (dec!(15.50), dec!(7.50), dec!(242.00)));
        let t = compute_totals(&[l], &[], &[], &[], Decimal::ZERO).unwrap();
        assert_eq!((t.lines[0].discount, t.lines[0].charge, t.lines[0].net), (dec!(15.50), dec!(7.50), dec!(242.00)));
        assert_eq!((t.vat_total, t.total_incl_tax), (dec!(48.40), dec!(290.40)));
        // the charge is absent from the JSON of a line without one, present otherwise
        let json = serde_json::to_string(&t.lines[0]).unwrap();
        assert!(json.contains("\"charge\":\"7.50\""), "{json}");
        let none = compute_totals(&[line("2", dec!(1), dec!(1), dec!(20))], &[], &[], &[], Decimal::ZERO).unwrap();
        assert!(!serde_json::to_string(&none).unwrap().contains("charge\""));
        assert!(!serde_json::to_string(&none).unwrap().contains("rounding_amount"));
    }
}
