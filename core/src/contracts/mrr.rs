//! MRR: what a contract adds to the monthly recurring revenue on each day, the settings where
//! peers differ, exchange rates, and the MRR, ARR, ARPA and CMRR at a date.
//!
//! # What counts (shared/spec/domain.md §4.1, the library's defaults)
//!
//! - **Recurring lines only**, excl. tax: one-off lines (set-up fees) never count \[M1d\]\[M4\].
//! - **Normalised to a month**: a line's amount per billing period ÷ its months (quarterly ÷ 3,
//!   annual ÷ 12, multi-year ÷ 12n) \[M1c\]\[M2b\]\[M3\]. A contract's MRR is the sum of its lines,
//!   rounded once half away from zero to the cent (ChartMogul rounds each subscription's MRR to
//!   cents \[M1c\]); every total is a sum of those cents, so movements reconcile exactly.
//! - **Net of recurring discounts**, by [`DiscountPolicy`]: as invoiced (ChartMogul \[M1\]:
//!   a discount added is contraction, one expiring expansion; the default) or forever discounts
//!   only (Stripe \[M2b\]). Percentages of a line add up (capped at 100 %); amounts per billing
//!   period are taken after them; a line never goes below zero.
//! - **Full-period rate, not prorated cash** \[M1c\]: a mid-period change counts from its
//!   effective day at the new monthly rate.
//! - **Zero** before the start, during a free trial \[M2b\]\[M4\], while paused (domain.md §4.4: a
//!   pause is contraction, never churn), and after the end. The end is the termination's
//!   effective date or the end of a term that does not renew; with [`ChurnRecognition::AtNotification`]
//!   it is the day before the notification (ChartMogul's alternatives \[M1i\]).
//! - A value on a day counts the contract as in force on that day; a month's MRR is its last
//!   day's. A contract whose last day is 31 December leaves the MRR on 1 January — as
//!   ChartMogul's service periods, which end at 00:00 of the next day \[M1c\].
//! - **ARR = 12 × MRR** \[M3c\]. **ARPA = MRR / paying customers** \[M1f\].
//! - **Currencies**: each customer's MRR is converted into the reporting currency per
//!   currency, `round2(native × rate)`, with the rate in force on the day (rates supplied by the
//!   host, dated); a currency without a rate is a typed error (`mrr.exchange_rate.missing`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::{DiscountState, LineState, Replay};
use crate::contracts::calendar::next_day;
use crate::contracts::contract::{Contract, check_contracts};
use crate::contracts::metrics::{Ratio, arpa};
use crate::contracts::renewal::{ContractStatus, natural_end, status_on};
use crate::error::{CoreError, Result, Violation, declare_rules};
use crate::line::Discount;
use crate::money::{Currency, add, mul, round2, sub};

declare_rules! { RULES;
    /// An amount in another currency than the report's needs a rate in force on the day.
    RATE_MISSING = "mrr.exchange_rate.missing", "ChartMogul, Stripe, Paddle: MRR in one reporting currency, converted at a rate (shared/spec/domain.md §4.1 FX)";
    /// Exchange rates are positive, in well-formed currencies, one per currency and day.
    RATES_INVALID = "mrr.exchange_rate.invalid", "ISO 4217; facturier: one rate per currency and day, positive";
    /// A report runs over at least one month, forward.
    PERIOD = "mrr.period.invalid", "facturier: a report runs from a month to the same or a later one";
}

/// Which recurring discounts reduce MRR.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiscountPolicy {
    /// Every recurring discount in force, as invoiced (ChartMogul \[M1\]).
    #[default]
    AsInvoiced,
    /// Only discounts without an end date (Stripe's forever coupons \[M2b\]).
    ForeverOnly,
}

/// When a terminated contract leaves the MRR.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChurnRecognition {
    /// After its last day in force (ChartMogul's "good practice" \[M1i\]).
    #[default]
    AtEffectiveEnd,
    /// From the day it is notified \[M1i\].
    AtNotification,
}

/// Which movements the cohort NRR credits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NrrPolicy {
    /// Expansion − contraction − churn only \[M5\]: a cohort customer who churned and came back
    /// in the period counts as churned.
    #[default]
    ExcludeReactivation,
    /// Reactivation credited too (ChartMogul's cohort NRR \[M1g\]).
    IncludeReactivation,
}

/// A rate: one unit of `currency` is worth `rate` units of the reporting currency from `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportingRate {
    /// The currency converted.
    pub currency: Currency,
    /// First day in force (until the next rate of the currency).
    pub from: NaiveDate,
    /// Units of the reporting currency for one unit.
    pub rate: Decimal,
}

/// The settings of MRR and its report; defaults from shared/spec/domain.md §4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MrrSettings {
    /// Reporting currency; EUR by default.
    #[serde(default)]
    pub currency: Currency,
    /// Exchange rates into the reporting currency.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchange_rates: Vec<ReportingRate>,
    /// Discounts as invoiced (default) or forever only.
    #[serde(default)]
    pub discounts: DiscountPolicy,
    /// Churn at the effective end (default) or at notification.
    #[serde(default)]
    pub churn_recognition: ChurnRecognition,
    /// Cohort NRR without (default) or with reactivation.
    #[serde(default)]
    pub nrr: NrrPolicy,
    /// Months of customer churn averaged by ChartMogul's LTV; 6 by default.
    #[serde(default = "default_trailing")]
    pub ltv_trailing_months: u32,
    /// Give each customer's movements month by month in the report (off by default: the
    /// report would grow with customers × months; each customer's movements over the period
    /// are always given).
    #[serde(default, skip_serializing_if = "is_false")]
    pub customer_months: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_trailing() -> u32 {
    6
}

impl Default for MrrSettings {
    fn default() -> Self {
        MrrSettings {
            currency: Currency::default(),
            exchange_rates: vec![],
            discounts: DiscountPolicy::default(),
            churn_recognition: ChurnRecognition::default(),
            nrr: NrrPolicy::default(),
            ltv_trailing_months: default_trailing(),
            customer_months: false,
        }
    }
}

/// Where a contract stands for MRR on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Not in force (before the start or after the end).
    Out,
    /// In its free trial.
    Trial,
    /// Paused.
    Paused,
    /// In force and counted.
    Active,
}

/// From `day` on, the contract's MRR and phase, until the next point. The MRR is in cents of
/// the contract's currency: every MRR is rounded to the cent before it is summed, so the
/// engine adds exact integers (a 96-bit decimal mantissa fits an `i128`), and gives decimals
/// back ([`decimal`]).
///
/// Packed to 8 bytes (24 in all, not 32): the report keeps a million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(8))]
pub(crate) struct Point {
    pub mrr: i128,
    pub day: NaiveDate,
    pub phase: Phase,
}

/// The cents of an amount of at most 2 decimals (an MRR): exact.
pub(crate) fn cents(d: Decimal) -> Result<i128> {
    let s = d.scale();
    if s > 2 {
        return Err(CoreError::internal("mrr", format!("{d} is not rounded to the cent")));
    }
    d.mantissa().checked_mul(10i128.pow(2u32.saturating_sub(s))).ok_or_else(|| CoreError::Overflow { path: "mrr".into() })
}

/// The amount of `c` cents: built from 64 bits when it fits (every amount of a report, in
/// practice), else from the 96-bit mantissa; the same decimal, scale 2, either way.
#[inline]
pub(crate) fn decimal(c: i128) -> Result<Decimal> {
    match i64::try_from(c) {
        Ok(c) => Ok(cents_of_i64(c)),
        Err(_) => Decimal::try_from_i128_with_scale(c, 2).map_err(|_| CoreError::Overflow { path: "mrr".into() }),
    }
}

/// The amount of `c` cents, from its parts (inlined: rust_decimal's constructors are calls).
#[inline]
fn cents_of_i64(c: i64) -> Decimal {
    let a = c.unsigned_abs();
    // the low and high 32 bits of the magnitude
    Decimal::from_parts(a as u32, (a >> 32) as u32, 0, c < 0, 2)
}

/// The ARR of an MRR of `c` cents: 12 × MRR in integers, the same decimal as [`arr`] of
/// [`decimal`]`(c)` (which answers when 12 × `c` is beyond 96 bits).
pub(crate) fn arr_of_cents(c: i128) -> Result<Decimal> {
    match c.checked_mul(12).and_then(|a| i64::try_from(a).ok()) {
        Some(a) => Ok(cents_of_i64(a)),
        None => arr(decimal(c)?),
    }
}

/// `a + b` cents, checked.
#[inline]
pub(crate) fn plus(a: i128, b: i128) -> Result<i128> {
    a.checked_add(b).ok_or_else(|| CoreError::Overflow { path: "mrr".into() })
}

/// `a − b` cents, checked.
#[inline]
pub(crate) fn minus(a: i128, b: i128) -> Result<i128> {
    a.checked_sub(b).ok_or_else(|| CoreError::Overflow { path: "mrr".into() })
}

/// What [`points`] reads of the world.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PointOptions {
    pub discounts: DiscountPolicy,
    pub churn: ChurnRecognition,
    /// Facts signed or notified after this day are unknown (CMRR).
    pub known_by: Option<NaiveDate>,
    /// Ignore the end of a term that does not renew (CMRR: a renewal is pending, not a cancellation).
    pub ignore_natural_end: bool,
    /// No point after this day is needed (a report ending before it): none is computed.
    pub until: Option<NaiveDate>,
}

impl PointOptions {
    pub(crate) fn of(settings: &MrrSettings) -> PointOptions {
        PointOptions {
            discounts: settings.discounts,
            churn: settings.churn_recognition,
            known_by: None,
            ignore_natural_end: false,
            until: None,
        }
    }
}

/// `round2(x / d)`, half away from zero, exactly (one integer division of the mantissa).
pub(crate) fn div_round2(x: Decimal, d: u32) -> Result<Decimal> {
    let overflow = || CoreError::Overflow { path: "mrr".into() };
    let (m, s) = (x.mantissa(), x.scale());
    let (num, den) = if s >= 2 {
        (m, 10i128.checked_pow(s.saturating_sub(2)).and_then(|p| p.checked_mul(i128::from(d))).ok_or_else(overflow)?)
    } else {
        (m.checked_mul(10i128.pow(2u32.saturating_sub(s))).ok_or_else(overflow)?, i128::from(d))
    };
    if den == 0 {
        return Err(CoreError::internal("mrr", "division by zero months"));
    }
    // half away from zero: (2|n| + d) / 2d, with the sign of n; in 64 bits when it fits
    let (n, d) = (num.unsigned_abs(), den.unsigned_abs());
    let q = match (u64::try_from(n), u64::try_from(d)) {
        // below 2^62 the doubling and the sum cannot overflow: the saturating operations are exact
        (Ok(n), Ok(d)) if n < 1 << 62 && d < 1 << 62 => {
            u128::from(n.saturating_mul(2).saturating_add(d).checked_div(d.saturating_mul(2)).ok_or_else(overflow)?)
        }
        _ => n
            .checked_mul(2)
            .and_then(|n| n.checked_add(d))
            .zip(d.checked_mul(2))
            .and_then(|(a, b)| a.checked_div(b))
            .ok_or_else(overflow)?,
    };
    let q = i128::try_from(q).map_err(|_| overflow())?;
    let q = if num < 0 { q.checked_neg().ok_or_else(overflow)? } else { q };
    Decimal::try_from_i128_with_scale(q, 2).map_err(|_| overflow())
}

/// The least common multiple of `lcm` and `m`; `None` when it does not fit.
fn lcm_with(lcm: u32, m: u32) -> Option<u32> {
    lcm.checked_div(gcd(lcm, m))?.checked_mul(m)
}

fn gcd(a: u32, b: u32) -> u32 {
    match a.checked_rem(b) {
        None => a,
        Some(r) => gcd(b, r),
    }
}

/// A contract's monthly value with these lines and discounts on `date`, rounded to the cent:
/// `round2(Σ line amount × (L / months) / L)`, L the least common multiple of the lines'
/// months, so the sum is exact and rounded once.
pub(crate) fn monthly_value(
    lines: &[LineState<'_>],
    discounts: &[DiscountState<'_>],
    date: NaiveDate,
    policy: DiscountPolicy,
) -> Result<Decimal> {
    let path = "lines";
    let mut lcm = 1u32;
    for l in lines {
        let m = l.line.billing.months().max(1);
        if lcm.checked_rem(m) != Some(0) {
            lcm = lcm_with(lcm, m).ok_or_else(|| CoreError::Overflow { path: path.into() })?;
        }
    }
    let mut total = Decimal::ZERO;
    for l in lines {
        let mut amount = mul(l.quantity, l.unit_price, path)?;
        if !discounts.is_empty() {
            let mut pct = Decimal::ZERO;
            let mut off = Decimal::ZERO;
            for d in discounts.iter().filter(|d| {
                d.covers(date) && d.discount.line_id.as_ref().is_none_or(|id| crate::contracts::contract::same_id(id, &l.line.id))
            }) {
                if policy == DiscountPolicy::ForeverOnly && d.discount.until.is_some() {
                    continue;
                }
                match d.discount.value {
                    Discount::Percent(p) => pct = add(pct, p, path)?,
                    Discount::Amount(a) => off = add(off, a, path)?,
                }
            }
            if !pct.is_zero() {
                let keep = sub(Decimal::ONE_HUNDRED, pct.min(Decimal::ONE_HUNDRED), path)?;
                amount = mul(amount, keep, path)?.checked_div(Decimal::ONE_HUNDRED).unwrap_or_default();
            }
            amount = sub(amount, off, path)?.max(Decimal::ZERO);
        }
        let k = lcm.checked_div(l.line.billing.months()).unwrap_or(lcm);
        let weighted = if k == 1 { amount } else { mul(amount, Decimal::from(k), path)? };
        total = add(total, weighted, path)?;
    }
    if lcm == 1 && total.scale() <= 2 {
        return Ok(total);
    }
    div_round2(total, lcm)
}

/// [`monthly_value`] in cents, in integers when no discount is in the contract (the usual
/// case): each line's amount `quantity × unit price` is exact at 10 decimals (quantities have
/// at most 4, prices 6), weighted by `L / months`, and the sum divided by `L` and rounded half
/// away from zero to the cent: the same exact rational as the decimal computation, which is
/// taken when a discount applies or a figure does not fit 128 bits.
pub(crate) fn monthly_cents(
    lines: &[LineState<'_>],
    discounts: &[DiscountState<'_>],
    date: NaiveDate,
    policy: DiscountPolicy,
) -> Result<i128> {
    if discounts.is_empty()
        && let Some(c) = monthly_cents_integer(lines)
    {
        return Ok(c);
    }
    cents(monthly_value(lines, discounts, date, policy)?)
}

/// [`monthly_cents_integer`] in 64 bits from the lines' amounts ([`LineState::amount`]),
/// `None` when a figure does not fit (the 128-bit computation then answers): the same exact
/// rational, rounded the same way.
///
/// Divisions are most of its cost (a `div` takes tens of cycles): none is made for a monthly
/// line or a line of the period of the others, and the usual periods' final divisors are
/// constants (multiplications).
fn monthly_cents_64(lines: &[LineState<'_>]) -> Option<i128> {
    let mut lcm = 1u32;
    for l in lines {
        let m = l.line.billing.months().max(1);
        if m != 1 && m != lcm && lcm.checked_rem(m) != Some(0) {
            lcm = lcm_with(lcm, m)?;
        }
    }
    let mut total = 0i64;
    for l in lines {
        let amount = l.amount?;
        let m = l.line.billing.months();
        total = total.checked_add(if lcm == 1 || m == lcm { amount } else { amount.checked_mul(i64::from(lcm.checked_div(m)?))? })?;
    }
    // cents = total / (L × 10^8), half away from zero: (2 |total| + den) / 2 den
    let n = total.unsigned_abs().checked_mul(2)?;
    let q = match lcm {
        1 => n.checked_add(100_000_000)? / 200_000_000,
        3 => n.checked_add(300_000_000)? / 600_000_000,
        12 => n.checked_add(1_200_000_000)? / 2_400_000_000,
        _ => {
            let den = u64::from(lcm).checked_mul(100_000_000)?;
            n.checked_add(den)?.checked_div(den.checked_mul(2)?)?
        }
    };
    let q = i128::from(q);
    if total < 0 { q.checked_neg() } else { Some(q) }
}

fn monthly_cents_integer(lines: &[LineState<'_>]) -> Option<i128> {
    if let Some(c) = monthly_cents_64(lines) {
        return Some(c);
    }
    let mut lcm = 1u32;
    for l in lines {
        let m = l.line.billing.months().max(1);
        if lcm.checked_rem(m) != Some(0) {
            lcm = lcm_with(lcm, m)?;
        }
    }
    let mut total = 0i128;
    for l in lines {
        let s = l.quantity.scale().saturating_add(l.unit_price.scale());
        let k = i128::from(lcm.checked_div(l.line.billing.months()).unwrap_or(lcm));
        let amount = l.quantity.mantissa().checked_mul(l.unit_price.mantissa())?.checked_mul(10i128.checked_pow(10u32.checked_sub(s)?)?)?;
        total = total.checked_add(amount.checked_mul(k)?)?;
    }
    // cents = total / (L × 10^8), half away from zero
    let den = i128::from(lcm).checked_mul(100_000_000)?;
    let q = total.unsigned_abs().checked_mul(2)?.checked_add(den.unsigned_abs())?.checked_div(den.unsigned_abs().checked_mul(2)?)?;
    let q = i128::try_from(q).ok()?;
    if total < 0 { q.checked_neg() } else { Some(q) }
}

/// The day after the last day the contract counts, if it ends; `natural` is its
/// [`natural_end`].
pub(crate) fn mrr_end(c: &Contract, opts: &PointOptions, natural: Option<NaiveDate>) -> Option<NaiveDate> {
    // CMRR: a term ending after the date is a renewal pending, not a cancellation
    let natural = natural.filter(|e| !(opts.ignore_natural_end && opts.known_by.is_some_and(|k| *e >= k)));
    let terminated = c.termination.as_ref().filter(|t| opts.known_by.is_none_or(|k| t.notified_on <= k)).map(|t| match opts.churn {
        ChurnRecognition::AtEffectiveEnd => next_day(t.effective),
        ChurnRecognition::AtNotification => t.notified_on.min(next_day(t.effective)),
    });
    match (natural.map(next_day), terminated) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The contract's MRR in its currency and its phase, from its start: a point at each change;
/// `natural` is its [`natural_end`].
pub(crate) fn points(c: &Contract, opts: &PointOptions, natural: Option<NaiveDate>) -> Result<Vec<Point>> {
    let mut out = Vec::new();
    points_into(c, opts, natural, &mut out, &mut PointScratch::default())?;
    Ok(out)
}

/// Buffers reused from one contract's points to the next.
#[derive(Default)]
pub(crate) struct PointScratch<'a> {
    days: Vec<NaiveDate>,
    lines: Vec<LineState<'a>>,
    /// The next contract's amendments are known to be in application order (its check found
    /// it): reset by [`points_into`].
    pub in_order: bool,
}

/// [`points`], appended to `out`.
pub(crate) fn points_into<'a>(
    c: &'a Contract,
    opts: &PointOptions,
    natural: Option<NaiveDate>,
    out: &mut Vec<Point>,
    scratch: &mut PointScratch<'a>,
) -> Result<()> {
    if opts.known_by.is_some_and(|k| c.signed() > k) {
        scratch.in_order = false;
        return Ok(());
    }
    let end = mrr_end(c, opts, natural);
    let days = &mut scratch.days;
    days.clear();
    days.push(c.start);
    if let Some(t) = c.trial_until {
        days.push(next_day(t));
    }
    for a in c.amendments.iter().filter(|a| opts.known_by.is_none_or(|k| a.signed() <= k)) {
        days.push(a.effective);
        for ch in &a.changes {
            if let crate::contracts::amendment::Change::AddDiscount(d) = ch {
                days.extend(d.from);
                days.extend(d.until.map(next_day));
            }
        }
    }
    for p in c.pauses.iter().filter(|p| opts.known_by.is_none_or(|k| p.from <= k)) {
        days.push(p.from);
        days.extend(p.until.map(next_day));
    }
    for d in &c.discounts {
        days.extend(d.from);
        days.extend(d.until.map(next_day));
    }
    days.extend(end);
    days.retain(|d| *d >= c.start && end.is_none_or(|e| *d <= e) && opts.until.is_none_or(|u| *d <= u));
    days.sort_unstable();
    days.dedup();

    let in_order = std::mem::take(&mut scratch.in_order);
    let mut replay = Replay::with_buffer(c, opts.known_by, std::mem::take(&mut scratch.lines), in_order);
    let first = out.len();
    for &day in days.iter() {
        replay.advance_to(day);
        let phase = if end.is_some_and(|e| day >= e) {
            Phase::Out
        } else if c.pauses.iter().any(|p| p.covers(day) && opts.known_by.is_none_or(|k| p.from <= k)) {
            Phase::Paused
        } else if c.trial_until.is_some_and(|t| day <= t) {
            Phase::Trial
        } else {
            Phase::Active
        };
        let mrr = if phase == Phase::Active {
            monthly_cents(&replay.lines, &replay.discounts, day, opts.discounts).map_err(|e| match e {
                CoreError::Overflow { .. } => CoreError::Overflow { path: format!("contracts[{}].lines", c.id) },
                e => e,
            })?
        } else {
            0
        };
        if out.get(first..).and_then(|o| o.last()).is_none_or(|p| p.mrr != mrr || p.phase != phase) {
            out.push(Point { day, mrr, phase });
        }
    }
    scratch.lines = replay.into_buffer();
    Ok(())
}

/// The point in force on `date` (none before the first).
pub(crate) fn point_on(points: &[Point], date: NaiveDate) -> Option<&Point> {
    let i = points.partition_point(|p| p.day <= date);
    i.checked_sub(1).and_then(|i| points.get(i))
}

/// The exchange rates, by currency, ready to look up.
pub(crate) struct Fx<'a> {
    reporting: &'a Currency,
    rates: BTreeMap<&'a str, Vec<(NaiveDate, Decimal)>>,
}

impl<'a> Fx<'a> {
    /// Checks and indexes the settings' rates.
    pub(crate) fn new(settings: &'a MrrSettings) -> Result<Fx<'a>> {
        let mut v: Vec<Violation> = Vec::new();
        if !settings.currency.is_well_formed() {
            v.push(crate::money::RULE_CURRENCY.at("currency", format!("`{}` is not an ISO 4217 code", settings.currency.0)));
        }
        let mut rates: BTreeMap<&str, Vec<(NaiveDate, Decimal)>> = BTreeMap::new();
        for (i, r) in settings.exchange_rates.iter().enumerate() {
            let p = |f: &str| format!("exchange_rates[{i}].{f}");
            if !r.currency.is_well_formed() {
                v.push(RATES_INVALID.at(p("currency"), format!("`{}` is not an ISO 4217 code", r.currency.0)));
            }
            if r.rate <= Decimal::ZERO {
                v.push(RATES_INVALID.at(p("rate"), "a rate is positive"));
            }
            crate::contracts::contract::check_decimal(r.rate, 10, &mut v, || p("rate"));
            let list = rates.entry(r.currency.0.as_str()).or_default();
            if list.iter().any(|(d, _)| *d == r.from) {
                v.push(RATES_INVALID.at(p("from"), format!("two rates of {} from {}", r.currency.0, r.from)));
            }
            list.push((r.from, r.rate));
        }
        if !v.is_empty() {
            return Err(CoreError::Invalid(v));
        }
        for list in rates.values_mut() {
            list.sort_unstable();
        }
        Ok(Fx { reporting: &settings.currency, rates })
    }

    /// True when `currency` is the reporting one.
    pub(crate) fn is_reporting(&self, currency: &Currency) -> bool {
        crate::contracts::contract::same_id(&currency.0, &self.reporting.0)
    }

    /// The rate of `currency` on `date`: 1 for the reporting currency.
    pub(crate) fn rate(&self, currency: &Currency, date: NaiveDate) -> Result<Decimal> {
        if self.is_reporting(currency) {
            return Ok(Decimal::ONE);
        }
        self.rates
            .get(currency.0.as_str())
            .and_then(|l| l.iter().rev().find(|(d, _)| *d <= date))
            .map(|(_, r)| *r)
            .ok_or_else(|| RATE_MISSING.refuse("exchange_rates", format!("no rate of {} into {} on {date}", currency.0, self.reporting.0)))
    }

    /// The days a rate of `currency` changes, in `(after, until]`.
    pub(crate) fn changes(&self, currency: &Currency, after: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
        self.rates
            .get(currency.0.as_str())
            .map_or_else(Vec::new, |l| l.iter().map(|(d, _)| *d).filter(|d| after < *d && *d <= until).collect())
    }

    /// `round2(amount × rate on date)`, in cents.
    pub(crate) fn convert(&self, amount: i128, currency: &Currency, date: NaiveDate) -> Result<i128> {
        if amount == 0 || self.is_reporting(currency) {
            return Ok(amount);
        }
        cents(round2(mul(decimal(amount)?, self.rate(currency, date)?, "exchange_rates")?))
    }
}

/// A customer's standing on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    /// Paying: MRR above zero.
    Active,
    /// Not paying, a contract paused.
    Paused,
    /// Paid before, pays nothing now (churned).
    Churned,
    /// Never paid yet (contracts upcoming or in trial).
    Inactive,
}

/// One contract's value on a date, in the reporting currency (the contract's own currency is
/// the contract's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ContractValue {
    /// The contract.
    pub contract_id: String,
    /// Its customer.
    pub customer_id: String,
    /// Its status.
    pub status: ContractStatus,
    /// MRR.
    pub mrr: Decimal,
    /// ARR = 12 × MRR.
    pub arr: Decimal,
}

/// One customer's value on a date, in the reporting currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerValue {
    /// The customer.
    pub customer_id: String,
    /// Active, paused, churned or inactive.
    pub status: CustomerStatus,
    /// MRR.
    pub mrr: Decimal,
    /// ARR = 12 × MRR.
    pub arr: Decimal,
}

/// MRR, ARR and ARPA on a date, per contract, per customer and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MrrSnapshot {
    /// The date.
    pub date: NaiveDate,
    /// Reporting currency.
    pub currency: Currency,
    /// Total MRR.
    pub mrr: Decimal,
    /// ARR = 12 × MRR.
    pub arr: Decimal,
    /// Customers with MRR above zero.
    pub paying_customers: u64,
    /// ARPA = MRR / paying customers.
    pub arpa: Ratio,
    /// CMRR = MRR + the movements already scheduled (ChartMogul \[M1h\]).
    pub cmrr: Decimal,
    /// Customers, by id.
    pub customers: Vec<CustomerValue>,
    /// Contracts, in input order.
    pub contracts: Vec<ContractValue>,
}

/// 12 × `mrr`, checked.
pub(crate) fn arr(mrr: Decimal) -> Result<Decimal> {
    mul(mrr, Decimal::from(12), "arr")
}

/// True when the committed value of `c` on `date` may differ from its MRR on `date`: a change
/// known on `date` is yet to come, or a change recorded after `date` is dated before it.
fn has_future(c: &Contract, date: NaiveDate) -> bool {
    // known on the date xor already in effect: scheduled, or recorded late
    let differs = |known_on: NaiveDate, from: NaiveDate| (known_on <= date) == (from > date);
    let adds_scheduled_discount = |a: &crate::contracts::amendment::Amendment| {
        a.changes.iter().any(|ch| matches!(ch, crate::contracts::amendment::Change::AddDiscount(d) if d.until.is_some_and(|u| u >= date) || d.from.is_some_and(|f| f > date)))
    };
    differs(c.signed(), c.start)
        || c.trial_until.is_some_and(|t| t >= date)
        || c.amendments.iter().any(|a| differs(a.signed(), a.effective) || (a.signed() <= date && adds_scheduled_discount(a)))
        || c.pauses.iter().any(|p| p.from <= date && p.until.is_some_and(|u| u >= date))
        || c.discounts.iter().any(|d| d.from.is_some_and(|f| f > date) || d.until.is_some_and(|u| u >= date))
        || c.termination.as_ref().is_some_and(|t| differs(t.notified_on, next_day(t.effective)))
}

/// The committed value of a contract on `date`: its MRR once every change known on `date`
/// has happened (scheduled starts, amendments, resumes, expiring discounts and trials,
/// terminations notified), a renewal still pending assumed (ChartMogul's CMRR \[M1h\]).
/// `current` are its points as [`points`] gives them, `natural` its [`natural_end`].
pub(crate) fn committed(
    c: &Contract,
    current: &[Point],
    natural: Option<NaiveDate>,
    date: NaiveDate,
    settings: &MrrSettings,
) -> Result<i128> {
    if !has_future(c, date) {
        return Ok(point_on(current, date).map_or(0, |p| p.mrr));
    }
    let opts = PointOptions { known_by: Some(date), ignore_natural_end: true, ..PointOptions::of(settings) };
    let pts = points(c, &opts, natural)?;
    Ok(pts.last().map_or(0, |p| p.mrr))
}

/// MRR, ARR, ARPA and CMRR of `contracts` on `date` (see the module documentation), per contract,
/// per customer (with its status) and in total, in the reporting currency of `settings`.
///
/// Refused with every violation of the contracts or the settings, or `mrr.exchange_rate.missing`.
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{Contract, MrrSettings, mrr_at};
/// use facturier_core::dated::day;
///
/// let c: Contract = facturier_core::json::from_str(include_str!("examples/maintenance.json"))?;
/// let s = mrr_at(&[c], day(2026, 3, 15), &MrrSettings::default())?;
/// assert_eq!((s.mrr.to_string(), s.arr.to_string()), ("600.00".into(), "7200.00".into()));
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn mrr_at(contracts: &[Contract], date: NaiveDate, settings: &MrrSettings) -> Result<MrrSnapshot> {
    check_contracts(contracts)?;
    let fx = Fx::new(settings)?;
    let opts = PointOptions::of(settings);
    let mut by_customer: BTreeMap<&str, (i128, CustomerStatus)> = BTreeMap::new();
    let mut out_contracts = Vec::with_capacity(contracts.len());
    let mut cmrr = 0i128;
    for (i, c) in contracts.iter().enumerate() {
        let natural = natural_end(c);
        let pts = points(c, &opts, natural)?;
        let here = point_on(&pts, date);
        let mrr = here.map_or(0, |p| p.mrr);
        let converted = fx.convert(mrr, &c.currency, date).map_err(|e| at_contract(e, i))?;
        let committed = fx.convert(committed(c, &pts, natural, date, settings)?, &c.currency, date).map_err(|e| at_contract(e, i))?;
        cmrr = plus(cmrr, committed)?;
        let paid_before = pts.iter().any(|p| p.day <= date && p.mrr > 0);
        let status = match here.map(|p| p.phase) {
            _ if mrr > 0 => CustomerStatus::Active,
            Some(Phase::Paused) => CustomerStatus::Paused,
            _ if paid_before => CustomerStatus::Churned,
            _ => CustomerStatus::Inactive,
        };
        let e = by_customer.entry(c.customer_id.as_str()).or_insert((0, CustomerStatus::Inactive));
        e.0 = plus(e.0, converted)?;
        e.1 = e.1.min(status);
        let converted = decimal(converted)?;
        out_contracts.push(ContractValue {
            contract_id: c.id.clone(),
            customer_id: c.customer_id.clone(),
            status: status_on(c, date),
            mrr: converted,
            arr: arr(converted)?,
        });
    }
    let mut total = 0i128;
    let mut paying = 0u64;
    let mut customers = Vec::with_capacity(by_customer.len());
    for (id, (mrr, status)) in by_customer {
        total = plus(total, mrr)?;
        if mrr > 0 {
            paying = paying.saturating_add(1);
        }
        let mrr = decimal(mrr)?;
        customers.push(CustomerValue { customer_id: id.to_owned(), status, mrr, arr: arr(mrr)? });
    }
    let total = decimal(total)?;
    Ok(MrrSnapshot {
        date,
        currency: settings.currency.clone(),
        mrr: total,
        arr: arr(total)?,
        paying_customers: paying,
        arpa: arpa(total, paying),
        cmrr: decimal(cmrr)?,
        customers,
        contracts: out_contracts,
    })
}

/// A missing rate, at the contract that needs it.
pub(crate) fn at_contract(e: CoreError, i: usize) -> CoreError {
    match e {
        CoreError::Refused { rule, message, .. } if rule == RATE_MISSING => {
            CoreError::Refused { rule, path: format!("contracts[{i}].currency"), message }
        }
        e => e,
    }
}

#[cfg(test)]
mod tests;
