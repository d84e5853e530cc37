//! Late-payment interest and the fixed recovery indemnity, computed from dated rate tables.
//!
//! # The law
//!
//! - **Business buyer** (C. com. L441-10 II): penalties run from the day after the due date,
//!   "sans qu'un rappel soit nécessaire", at the contractual rate, which may not be lower than
//!   three times the legal interest rate; failing a contractual rate, at the ECB rate on its most
//!   recent main refinancing operation plus 10 points. The ECB rate in force on 1 January applies
//!   to the first half-year, the one in force on 1 July to the second. Plus a fixed indemnity of
//!   40 € per late invoice for recovery costs (L441-10 II, D441-5).
//! - **Public buyer** (CCP L2192-13, R2192-31, D2192-35): moratorium interest from the day after
//!   the payment period, at the ECB main refinancing rate "en vigueur au premier jour du semestre
//!   de l'année civile au cours duquel les intérêts moratoires ont commencé à courir", plus
//!   8 points — one rate for the whole delay, fixed by the half-year in which it started —, and
//!   the same 40 € indemnity (D2192-35). A contractual rate does not apply to public buyers.
//! - **Consumer** (C. civ. 1231-6, 1344-1): neither L441-10 penalties nor the indemnity; only
//!   interest at the legal rate, from the formal notice (mise en demeure). The creditor is a
//!   professional, so the "autres cas" legal rate applies (C. mon. fin. L313-2); it is fixed per
//!   half-year and each half-year's days bear its rate. Interest runs from the day after the
//!   notice (or after the due date, if the notice came earlier).
//!
//! # The computation
//!
//! Simple interest on the amount due including tax still unpaid on each day:
//! `Σ base × rate % × days / 365`. Day 1 is the day after the due date (after the notice for a
//! consumer); the last day counted is the day the invoice was settled, or `as_of`. A payment or
//! credit lowers the base from the day after its date. The delay is cut into segments at each
//! half-year boundary and each change of base; every segment reports its reference date, the
//! reference rate, the applied rate, its days, base and amount (6 decimals, for reading), so a
//! person can redo the sum by hand. Only the invoice's total is rounded: half away from zero, to
//! the cent, on the exact sum of the segments. Late-payment penalties are not subject to VAT and
//! are claimed apart from the invoice: they never enter the amounts the payments settle.
//!
//! # Rates are dated data
//!
//! [`ECB_MAIN_REFINANCING`](crate::receivables::rates::ECB_MAIN_REFINANCING) and [`LEGAL_INTEREST`](crate::receivables::rates::LEGAL_INTEREST) ship the published rates, each with the last
//! date it is known to be complete ([`ecb_verified_until`](crate::receivables::rates::ecb_verified_until), [`legal_verified_until`](crate::receivables::rates::legal_verified_until)). For a
//! half-year starting after that date the last known rate is used and the result is flagged
//! `provisional`, with the reference date, so the caller knows to supply the published rate
//! through [`RateOverrides`](crate::receivables::rates::RateOverrides); nothing fails.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::{add, mul, round2, sub};
use crate::party::BuyerKind;
use crate::receivables::account::InvoiceAccount;
use crate::receivables::ledger::Ledger;
use crate::receivables::rates::COMMERCIAL_MARGIN;
use crate::receivables::rates::DAYS_PER_YEAR;
use crate::receivables::rates::LEGAL_RATE_FLOOR_MULTIPLIER;
use crate::receivables::rates::PUBLIC_MARGIN;
use crate::receivables::rates::RECOVERY_INDEMNITY;
use crate::receivables::rates::RateTables;
use crate::receivables::rates::ReferenceRate;
use crate::receivables::rates::half_year_end;
use crate::receivables::rates::half_year_start;
use crate::receivables::rates::overflow;

/// Which body of law the delay falls under, from the buyer's kind.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterestRegime {
    /// Business buyer: late-payment penalties and 40 € indemnity (C. com. L441-10 II, D441-5).
    Commercial,
    /// Public buyer: moratorium interest at ECB + 8 points and 40 € (CCP L2192-13, R2192-31, D2192-35).
    PublicProcurement,
    /// Consumer: legal interest from the formal notice (C. civ. 1231-6, 1344-1).
    LegalInterest,
}

impl InterestRegime {
    /// The regime of a buyer of `kind`.
    pub fn for_buyer(kind: BuyerKind) -> Self {
        match kind {
            BuyerKind::Business => InterestRegime::Commercial,
            BuyerKind::Public => InterestRegime::PublicProcurement,
            BuyerKind::Consumer => InterestRegime::LegalInterest,
        }
    }

    /// The texts applied.
    pub fn source(self) -> &'static str {
        match self {
            InterestRegime::Commercial => {
                "C. com. L441-10 II (taux contractuel ≥ 3 × taux d'intérêt légal, à défaut taux BCE + 10 points; indemnité forfaitaire), D441-5 (40 €)"
            }
            InterestRegime::PublicProcurement => {
                "CCP L2192-13, R2192-31 (taux BCE au 1er jour du semestre où les intérêts ont commencé à courir + 8 points), D2192-35 (40 €)"
            }
            InterestRegime::LegalInterest => {
                "C. civ. 1231-6, 1344-1 (intérêt au taux légal à compter de la mise en demeure); C. mon. fin. L313-2"
            }
        }
    }

    /// True when the 40 € recovery indemnity is due once the invoice is late.
    pub fn has_indemnity(self) -> bool {
        !matches!(self, InterestRegime::LegalInterest)
    }
}

/// How the rate of a segment was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// ECB MRO rate of the half-year + 10 points (C. com. L441-10 II).
    #[serde(rename = "ecb_plus_10")]
    EcbPlus10,
    /// ECB MRO rate of the half-year the delay started in + 8 points (CCP R2192-31).
    #[serde(rename = "ecb_plus_8")]
    EcbPlus8,
    /// The contractual rate, at least 3 × the legal rate (C. com. L441-10 II).
    Contractual,
    /// The contractual rate was below 3 × the legal rate: raised to that floor (C. com. L441-10 II).
    ContractualFloor,
    /// The legal interest rate, "autres cas" (C. civ. 1231-6; C. mon. fin. L313-2).
    LegalRate,
    /// The legal interest rate increased by five points, two months after a judgment condemning
    /// the debtor became enforceable (C. mon. fin. L313-3).
    LegalRatePlus5,
}

/// A reduction of what an invoice owes on a date (a payment or a credit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedAmount {
    /// The date.
    pub date: NaiveDate,
    /// The amount, incl. tax.
    pub amount: Decimal,
}

/// The facts of one debt that late interest depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LateDebt {
    /// Business, public or consumer buyer: selects the regime.
    pub buyer_kind: BuyerKind,
    /// Amount due incl. tax (EN 16931 BT-115).
    pub amount_due: Decimal,
    /// The due date.
    pub due_date: NaiveDate,
    /// Contractual late-payment rate, percent per year (business buyers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractual_rate: Option<Decimal>,
    /// Payments and credits, each lowering the base from the day after its date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settlements: Vec<DatedAmount>,
    /// Date of the formal notice (mise en demeure), which starts a consumer's interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal_notice: Option<NaiveDate>,
    /// The day a judgment condemning the debtor to pay became enforceable: from two months
    /// later, the legal interest rate is increased by five points (C. mon. fin. L313-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgment_enforceable: Option<NaiveDate>,
}

/// The facts of a debt are consistent: an amount due and settlements that are amounts in cents,
/// settling no more than is due.
pub const RULE_DEBT: crate::error::Rule = crate::error::Rule {
    code: "late_debt.invalid",
    source: "C. civ. 1342 ff. (payment extinguishes a debt, no more than it); EN 16931 BR-DEC (amounts in cents)",
};

impl LateDebt {
    /// Every inconsistency of the facts: a negative amount due or one not in cents, settlements
    /// that are not positive amounts in cents or that settle more than is due. Paths under
    /// `path` (`settlements[1].amount`).
    pub fn check(&self, path: &str) -> Vec<crate::error::Violation> {
        let at = |p: String| if path.is_empty() { p } else { format!("{path}.{p}") };
        let mut v = Vec::new();
        if self.amount_due < Decimal::ZERO {
            v.push(RULE_DEBT.at(at("amount_due".into()), "the amount due is not negative"));
        }
        crate::money::check_decimal(self.amount_due, crate::money::AMOUNT_DECIMALS, &at("amount_due".into()), &mut v);
        for (i, s) in self.settlements.iter().enumerate() {
            let p = at(format!("settlements[{i}].amount"));
            if s.amount <= Decimal::ZERO {
                v.push(RULE_DEBT.at(p.clone(), "a settlement is a positive amount"));
            }
            crate::money::check_decimal(s.amount, crate::money::AMOUNT_DECIMALS, &p, &mut v);
        }
        if v.is_empty() {
            match crate::money::checked_sum(self.settlements.iter().map(|s| s.amount)) {
                Some(total) if total > self.amount_due => v.push(RULE_DEBT.at(
                    at("settlements".into()),
                    format!("the settlements ({total}) settle more than the amount due ({})", self.amount_due),
                )),
                None => v.push(crate::money::RULE_RANGE.at(at("settlements".into()), "the settlements are out of range")),
                Some(_) => {}
            }
        }
        v
    }

    /// The debt of an invoice account, with the date of its formal notice if one was sent.
    pub fn of_account(account: &InvoiceAccount, formal_notice: Option<NaiveDate>) -> Self {
        LateDebt {
            buyer_kind: account.buyer_kind,
            amount_due: account.amount_due,
            due_date: account.due_date,
            contractual_rate: account.late_payment_rate,
            settlements: account.settlements.iter().map(|s| DatedAmount { date: s.date, amount: s.amount }).collect(),
            formal_notice,
            judgment_enforceable: account.judgment_enforceable,
        }
    }
}

/// Days with one base and one rate: a line of the interest computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterestSegment {
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
    /// Days counted, both ends included.
    pub days: i64,
    /// Amount incl. tax unpaid during these days.
    pub base: Decimal,
    /// The date the reference rate is read for (1 January or 1 July).
    pub reference_date: NaiveDate,
    /// ECB MRO rate (ECB bases) or legal "autres cas" rate (contractual floor, legal rate).
    pub reference_rate: Decimal,
    /// The yearly rate applied, in percent.
    pub applied_rate: Decimal,
    /// How the applied rate was obtained.
    pub rate_basis: RateBasis,
    /// base × applied_rate / 100 × days / 365, shown to 6 decimals.
    pub amount: Decimal,
    /// The reference rate is the last known one, not a verified one.
    pub provisional: bool,
}

/// Late interest and indemnity of one debt as of a date, with the detail of the computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterestResult {
    /// Commercial, public procurement or legal interest.
    pub regime: InterestRegime,
    /// First day of delay counted, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_day: Option<NaiveDate>,
    /// Last day counted (settlement date or `as_of`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_day: Option<NaiveDate>,
    /// Days of delay counted.
    pub days: i64,
    /// The computation, segment by segment.
    pub segments: Vec<InterestSegment>,
    /// Interest: round2 of the exact sum of the segments.
    pub interest: Decimal,
    /// Fixed recovery indemnity (40 € for professional and public buyers once late, else 0).
    pub indemnity: Decimal,
    /// interest + indemnity.
    pub total: Decimal,
    /// Some rate used is the last known one: supply the published rate as an override.
    pub provisional: bool,
    /// The texts applied.
    pub source: String,
    /// Why nothing is due, when that is not obvious (e.g. no formal notice sent to a consumer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl InterestResult {
    fn nothing(regime: InterestRegime) -> Self {
        InterestResult {
            regime,
            first_day: None,
            last_day: None,
            days: 0,
            segments: vec![],
            interest: Decimal::ZERO,
            indemnity: Decimal::ZERO,
            total: Decimal::ZERO,
            provisional: false,
            source: regime.source().to_owned(),
            note: None,
        }
    }
}

/// Points added to the legal interest rate two months after an enforceable judgment (C. mon. fin. L313-3).
pub const JUDGMENT_SURCHARGE: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// The first day the legal rate bears the judgment surcharge: two months after the judgment
/// became enforceable (C. mon. fin. L313-3, "à l'expiration d'un délai de deux mois à compter
/// du jour où la décision de justice est devenue exécutoire").
pub fn surcharge_from(judgment_enforceable: NaiveDate) -> Option<NaiveDate> {
    judgment_enforceable.checked_add_months(chrono::Months::new(2))
}

/// The rate of the days from `day` in the regime, and how it was obtained; `surcharged` when a
/// judgment's surcharge applies on that day.
fn segment_rate(
    regime: InterestRegime,
    contractual: Option<Decimal>,
    public_reference: Option<ReferenceRate>,
    day: NaiveDate,
    surcharged: bool,
    tables: &RateTables,
) -> Result<(ReferenceRate, Decimal, RateBasis)> {
    let path = "rates";
    match regime {
        InterestRegime::PublicProcurement => {
            let r = match public_reference {
                Some(r) => r,
                None => tables.ecb_main_refinancing.rate_on(half_year_start(day).ok_or_else(|| overflow(path))?)?,
            };
            Ok((r, add(r.rate, PUBLIC_MARGIN, path)?, RateBasis::EcbPlus8))
        }
        InterestRegime::LegalInterest if surcharged => {
            let r = tables.legal_interest.other_cases_rate(day)?;
            Ok((r, add(r.rate, JUDGMENT_SURCHARGE, path)?, RateBasis::LegalRatePlus5))
        }
        InterestRegime::LegalInterest => {
            let r = tables.legal_interest.other_cases_rate(day)?;
            Ok((r, r.rate, RateBasis::LegalRate))
        }
        InterestRegime::Commercial => match contractual {
            Some(rate) => {
                let r = tables.legal_interest.other_cases_rate(day)?;
                let floor = mul(r.rate, LEGAL_RATE_FLOOR_MULTIPLIER, path)?;
                if rate < floor { Ok((r, floor, RateBasis::ContractualFloor)) } else { Ok((r, rate, RateBasis::Contractual)) }
            }
            None => {
                let r = tables.ecb_main_refinancing.rate_on(half_year_start(day).ok_or_else(|| overflow(path))?)?;
                Ok((r, add(r.rate, COMMERCIAL_MARGIN, path)?, RateBasis::EcbPlus10))
            }
        },
    }
}

/// Late-payment interest and indemnity of `debt` as of `as_of` (see the module documentation).
///
/// Zero up to and including the due date; then non-decreasing in `as_of` for fixed facts.
/// Settlements dated after `as_of` are ignored. Fails only when a rate is unknown
/// ([`RULE_RATE_UNKNOWN`](crate::receivables::rates::RULE_RATE_UNKNOWN)) or on arithmetic overflow.
///
/// # Examples
///
/// ```
/// use facturier_core::{Decimal, LateDebt, NaiveDate, RateTables, json, late_interest};
///
/// // 1 500,00 € due 23/11/2026 from a business, unpaid on 28/12/2026: 35 days late
/// let debt: LateDebt = json::from_str(r#"{"buyer_kind": "business", "amount_due": "1500.00", "due_date": "2026-11-23"}"#)?;
/// let r = late_interest(&debt, NaiveDate::from_ymd_opt(2026, 12, 28).unwrap_or_default(), &RateTables::default())?;
/// assert_eq!(r.days, 35);
/// assert_eq!(r.interest, Decimal::new(1748, 2)); // 1 500 × 12,15 % × 35 / 365, ECB + 10 points
/// assert_eq!(r.indemnity, Decimal::new(4000, 2)); // C. com. D441-5
/// assert!(r.provisional); // the ECB rate of 1 July 2026 is not in the shipped table yet
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn late_interest(debt: &LateDebt, as_of: NaiveDate, tables: &RateTables) -> Result<InterestResult> {
    let problems = debt.check("");
    if !problems.is_empty() {
        return Err(crate::error::CoreError::Invalid(problems));
    }
    // Within the supported years, the computation is at most two segments a year plus one per
    // settlement: a far `as_of` would otherwise build hundreds of thousands of segments.
    crate::dated::in_range(Some(as_of), "as_of")?;
    crate::dated::in_range(Some(debt.due_date), "debt.due_date")?;
    let regime = InterestRegime::for_buyer(debt.buyer_kind);
    let mut result = InterestResult::nothing(regime);
    if debt.amount_due <= Decimal::ZERO {
        return Ok(result);
    }
    let counted_after = match (regime, debt.formal_notice) {
        (InterestRegime::LegalInterest, None) => {
            result.note = Some("no formal notice (mise en demeure) sent: a consumer owes no interest before it (C. civ. 1231-6)".into());
            return Ok(result);
        }
        (InterestRegime::LegalInterest, Some(notice)) => notice.max(debt.due_date),
        _ => debt.due_date,
    };
    let Some(first) = counted_after.succ_opt() else { return Ok(result) };

    let mut settlements: Vec<DatedAmount> = debt.settlements.iter().copied().filter(|s| s.date <= as_of).collect();
    settlements.sort_by_key(|s| s.date);
    let mut last = as_of;
    let mut settled = Decimal::ZERO;
    for s in &settlements {
        settled = add(settled, s.amount, "settlements")?;
        if settled >= debt.amount_due {
            last = last.min(s.date);
            break;
        }
    }
    if last < first {
        return Ok(result);
    }

    let public_reference = match regime {
        InterestRegime::PublicProcurement => {
            let start = half_year_start(first).ok_or_else(|| overflow("due_date"))?;
            Some(tables.ecb_main_refinancing.rate_on(start)?)
        }
        _ => None,
    };
    let contractual = if regime == InterestRegime::Commercial { debt.contractual_rate } else { None };
    // the surcharge of L313-3 raises the legal interest rate, the rate of a consumer's debt
    let surcharge = match regime {
        InterestRegime::LegalInterest => debt.judgment_enforceable.and_then(surcharge_from),
        _ => None,
    };

    // rates are percentages: base × rate × days / (365 × 100)
    let year = Decimal::from(DAYS_PER_YEAR.saturating_mul(100));
    let mut numerator = Decimal::ZERO;
    let mut cursor = first;
    loop {
        let half_end = half_year_end(cursor).ok_or_else(|| overflow("due_date"))?;
        let mut paid_before = Decimal::ZERO;
        for s in settlements.iter().filter(|s| s.date < cursor) {
            paid_before = add(paid_before, s.amount, "settlements")?;
        }
        let base = sub(debt.amount_due, paid_before, "amount_due")?.max(Decimal::ZERO);
        let next_change = settlements.iter().map(|s| s.date).find(|d| *d >= cursor).unwrap_or(last);
        let surcharged = surcharge.is_some_and(|s| cursor >= s);
        let before_surcharge = surcharge.filter(|s| cursor < *s).and_then(|s| s.pred_opt()).unwrap_or(last);
        let to = last.min(half_end).min(next_change).min(before_surcharge);
        let days = to.signed_duration_since(cursor).num_days().saturating_add(1);
        if base > Decimal::ZERO {
            let (reference, applied, basis) = segment_rate(regime, contractual, public_reference, cursor, surcharged, tables)?;
            let n = mul(mul(base, applied, "amount_due")?, Decimal::from(days), "amount_due")?;
            numerator = add(numerator, n, "amount_due")?;
            result.provisional |= reference.provisional;
            result.segments.push(InterestSegment {
                from: cursor,
                to,
                days,
                base,
                reference_date: reference.reference_date,
                reference_rate: reference.rate,
                applied_rate: applied,
                rate_basis: basis,
                amount: crate::money::div(n, year, "amount_due")?.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero),
                provisional: reference.provisional,
            });
        }
        if to >= last {
            break;
        }
        cursor = to.succ_opt().ok_or_else(|| overflow("due_date"))?;
    }
    result.first_day = Some(first);
    result.last_day = Some(last);
    result.days = last.signed_duration_since(first).num_days().saturating_add(1);
    result.interest = round2(crate::money::div(numerator, year, "amount_due")?);
    if regime.has_indemnity() {
        result.indemnity = RECOVERY_INDEMNITY;
    }
    result.total = add(result.interest, result.indemnity, "amount_due")?;
    Ok(result)
}

/// The late interest of one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvoiceInterest {
    /// Invoice number.
    pub invoice: String,
    /// Customer key.
    pub customer_id: String,
    /// The formal notice that started a consumer's interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal_notice: Option<NaiveDate>,
    /// The computation.
    pub result: InterestResult,
}

/// Interest and indemnities of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerInterest {
    /// Customer key.
    pub customer_id: String,
    /// Σ interest.
    pub interest: Decimal,
    /// Σ recovery indemnities.
    pub indemnities: Decimal,
    /// interest + indemnities.
    pub total: Decimal,
}

/// Late interest and indemnities of every invoice that was late as of the ledger's date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterestReport {
    /// Each late invoice (paid late or still overdue), in ledger order.
    pub invoices: Vec<InvoiceInterest>,
    /// Per customer, by key.
    pub customers: Vec<CustomerInterest>,
    /// Σ interest.
    pub interest: Decimal,
    /// Σ recovery indemnities.
    pub indemnities: Decimal,
    /// interest + indemnities.
    pub total: Decimal,
    /// Some rate used is the last known one: see [`crate::receivables::rates`].
    pub provisional: bool,
}

/// Late interest and indemnity of every invoice of `ledger` late as of its date.
///
/// `formal_notices` maps invoice numbers to the date of their formal notice (see
/// [`crate::receivables::dunning::formal_notices`]); it starts a consumer's interest.
pub fn late_interest_report(ledger: &Ledger, formal_notices: &BTreeMap<String, NaiveDate>, tables: &RateTables) -> Result<InterestReport> {
    let mut report = InterestReport::default();
    let mut customers: BTreeMap<&str, CustomerInterest> = BTreeMap::new();
    for inv in &ledger.invoices {
        let notice = formal_notices.get(&inv.number).copied();
        let result = late_interest(&LateDebt::of_account(inv, notice), ledger.as_of, tables)?;
        if result.days == 0 {
            continue;
        }
        let path = format!("invoices[{}]", inv.number);
        let c = customers.entry(&inv.customer_id).or_insert_with(|| CustomerInterest {
            customer_id: inv.customer_id.clone(),
            interest: Decimal::ZERO,
            indemnities: Decimal::ZERO,
            total: Decimal::ZERO,
        });
        c.interest = add(c.interest, result.interest, &path)?;
        c.indemnities = add(c.indemnities, result.indemnity, &path)?;
        c.total = add(c.total, result.total, &path)?;
        report.interest = add(report.interest, result.interest, &path)?;
        report.indemnities = add(report.indemnities, result.indemnity, &path)?;
        report.total = add(report.total, result.total, &path)?;
        report.provisional |= result.provisional;
        report.invoices.push(InvoiceInterest {
            invoice: inv.number.clone(),
            customer_id: inv.customer_id.clone(),
            formal_notice: notice,
            result,
        });
    }
    report.customers = customers.into_values().collect();
    Ok(report)
}

#[cfg(test)]
mod tests;
