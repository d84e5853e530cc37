//! Recurring-revenue rates: each formula with its source, as a pure function of the figures it
//! reads. A rate whose denominator is zero is [`Ratio::Undefined`] with the reason, never a
//! division by zero; percentages are rounded half away from zero to 2 decimals, money to the
//! cent.
//!
//! Sources (shared/spec/domain.md §4 and the users' plan, week 12): \[users\] the users' KPIs
//! ("Taux de renouvellement", "Churn rate", "Évolution MoM", "Customer Lifetime Value");
//! \[M1a\]–\[M1h\] ChartMogul's help centre; \[M2\] Stripe Billing; \[M3\] Baremetrics; \[M5\] NRR/GRR
//! references; \[M6\] renewal-rate references (Planhat, Maxio).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::money::round2;

/// Why a rate has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// No MRR at the start of the period.
    NoMrrAtStart,
    /// No paying customer at the start of the period.
    NoCustomersAtStart,
    /// No paying customer.
    NoPayingCustomers,
    /// No contract reached its term in the period.
    NoContractsReachingTerm,
    /// No contract was active at the start of the period.
    NoActiveContracts,
    /// Customer churn is zero: lifetime value is unbounded (ChartMogul: undefined).
    ZeroChurn,
    /// No month of churn history before the month.
    NoChurnHistory,
    /// No customer relationship to average.
    NoRelationships,
    /// The figures exceed the range of exact decimals.
    Overflow,
}

/// A rate or a ratio: a value, or why there is none. JSON: `{"value": "87.50"}` or
/// `{"undefined": "zero_churn"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ratio {
    /// The value (a percentage, or money for ARPA and lifetime values).
    Value(Decimal),
    /// No value, and why.
    Undefined(Undefined),
}

impl Ratio {
    /// The value, if defined.
    pub fn value(self) -> Option<Decimal> {
        match self {
            Ratio::Value(v) => Some(v),
            Ratio::Undefined(_) => None,
        }
    }
}

fn round_pct(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `numerator / denominator × 100`, to 2 decimals; `undefined` when the denominator is zero.
pub fn percent(numerator: Decimal, denominator: Decimal, undefined: Undefined) -> Ratio {
    if denominator.is_zero() {
        return Ratio::Undefined(undefined);
    }
    match numerator.checked_mul(Decimal::ONE_HUNDRED).and_then(|n| n.checked_div(denominator)) {
        Some(v) => Ratio::Value(round_pct(v)),
        None => Ratio::Undefined(Undefined::Overflow),
    }
}

/// `Σ terms` with their signs, checked.
fn signed_sum(terms: &[(bool, Decimal)]) -> Option<Decimal> {
    terms.iter().try_fold(Decimal::ZERO, |acc, (plus, x)| if *plus { acc.checked_add(*x) } else { acc.checked_sub(*x) })
}

fn percent_of(terms: &[(bool, Decimal)], denominator: Decimal, undefined: Undefined) -> Ratio {
    match signed_sum(terms) {
        Some(n) => percent(n, denominator, undefined),
        None => Ratio::Undefined(Undefined::Overflow),
    }
}

/// Renewal rate by count = contracts renewed / contracts reaching term × 100 \[users\] \[M6\]; the
/// users' target is above 85 %.
pub fn renewal_rate(renewed: u64, reaching_term: u64) -> Ratio {
    percent(Decimal::from(renewed), Decimal::from(reaching_term), Undefined::NoContractsReachingTerm)
}

/// Renewal rate by value = ARR renewed / ARR up for renewal × 100 \[M6\] (ARR on the first day of
/// the new term over ARR on the last day of the old one: above 100 % with upsell or indexation).
pub fn renewal_rate_by_value(arr_renewed: Decimal, arr_up_for_renewal: Decimal) -> Ratio {
    percent(arr_renewed, arr_up_for_renewal, Undefined::NoContractsReachingTerm)
}

/// Contract churn = contracts ended in the month / contracts active at its start × 100 \[users\]
/// ("Contrats résiliés / Total contrats actifs"; target below 5 % a month).
pub fn contract_churn_rate(ended: u64, active_at_start: u64) -> Ratio {
    percent(Decimal::from(ended), Decimal::from(active_at_start), Undefined::NoActiveContracts)
}

/// Month-over-month MRR evolution = (MRR_end − MRR_start) / MRR_start × 100 \[users\] ("Évolution MoM").
pub fn mom_growth(mrr_start: Decimal, mrr_end: Decimal) -> Ratio {
    percent_of(&[(true, mrr_end), (false, mrr_start)], mrr_start, Undefined::NoMrrAtStart)
}

/// Customer churn rate = customers churned in the period, excluding those who joined in it,
/// / paying customers at its start × 100 (ChartMogul, B2B formula \[M1b\]; only a full
/// cancellation counts, and paused customers are neither churned nor in the denominator).
pub fn customer_churn_rate(churned_excluding_joined: u64, customers_at_start: u64) -> Ratio {
    percent(Decimal::from(churned_excluding_joined), Decimal::from(customers_at_start), Undefined::NoCustomersAtStart)
}

/// Gross MRR churn = (churn + contraction) / MRR_start × 100 \[M1a\].
pub fn gross_mrr_churn(churn: Decimal, contraction: Decimal, mrr_start: Decimal) -> Ratio {
    percent_of(&[(true, churn), (true, contraction)], mrr_start, Undefined::NoMrrAtStart)
}

/// Net MRR churn = (churn + contraction − expansion − reactivation) / MRR_start × 100 \[M1a\];
/// negative when expansion outweighs churn.
pub fn net_mrr_churn(churn: Decimal, contraction: Decimal, expansion: Decimal, reactivation: Decimal, mrr_start: Decimal) -> Ratio {
    percent_of(&[(true, churn), (true, contraction), (false, expansion), (false, reactivation)], mrr_start, Undefined::NoMrrAtStart)
}

/// Net revenue retention of a fixed starting cohort (new customers excluded) = (MRR_start +
/// expansion − contraction − churn [+ reactivation]) / MRR_start × 100 \[M5\]; ChartMogul's cohort
/// NRR also credits reactivation \[M1g\] ([`NrrPolicy`](crate::contracts::NrrPolicy)). Can exceed 100 %.
pub fn nrr(mrr_start: Decimal, expansion: Decimal, contraction: Decimal, churn: Decimal, reactivation: Decimal) -> Ratio {
    percent_of(
        &[(true, mrr_start), (true, expansion), (false, contraction), (false, churn), (true, reactivation)],
        mrr_start,
        Undefined::NoMrrAtStart,
    )
}

/// Gross revenue retention of a fixed starting cohort = (MRR_start − contraction − churn) /
/// MRR_start × 100 \[M5\]; never above 100 %.
pub fn grr(mrr_start: Decimal, contraction: Decimal, churn: Decimal) -> Ratio {
    percent_of(&[(true, mrr_start), (false, contraction), (false, churn)], mrr_start, Undefined::NoMrrAtStart)
}

/// ARPA = MRR / paying customers, to the cent \[M1f\].
pub fn arpa(mrr: Decimal, paying_customers: u64) -> Ratio {
    if paying_customers == 0 {
        return Ratio::Undefined(Undefined::NoPayingCustomers);
    }
    mrr.checked_div(Decimal::from(paying_customers)).map_or(Ratio::Undefined(Undefined::NoPayingCustomers), |v| Ratio::Value(round2(v)))
}

/// Lifetime value as ChartMogul computes it = ARPA / customer churn rate \[M1f\], the churn rate
/// being the average of the monthly customer churn rates of the trailing months before the
/// month (6 by default, the current month excluded). Undefined at zero churn, "rather than
/// divide by zero", and without history.
///
/// ```
/// use facturier_core::contracts::metrics::{Ratio, ltv_chartmogul};
/// use rust_decimal::Decimal;
/// let pct = |s: &str| Ratio::Value(s.parse().unwrap_or_default());
/// // ARPA 100 €, churn 2 %, 3 %, 1 % → average 2 % → 100 / 0,02 = 5 000 €
/// assert_eq!(ltv_chartmogul(Ratio::Value(Decimal::ONE_HUNDRED), &[pct("2"), pct("3"), pct("1")]), pct("5000.00"));
/// ```
pub fn ltv_chartmogul(arpa: Ratio, trailing_churn_rates: &[Ratio]) -> Ratio {
    let Ratio::Value(arpa) = arpa else { return arpa };
    let rates: Vec<Decimal> = trailing_churn_rates.iter().filter_map(|r| r.value()).collect();
    if rates.is_empty() {
        return Ratio::Undefined(Undefined::NoChurnHistory);
    }
    let Some(sum) = rates.iter().try_fold(Decimal::ZERO, |a, r| a.checked_add(*r)) else { return Ratio::Undefined(Undefined::Overflow) };
    if sum.is_zero() {
        return Ratio::Undefined(Undefined::ZeroChurn);
    }
    // ARPA / (Σ rates / n / 100) = ARPA × 100 × n / Σ rates
    let n = Decimal::from(rates.len() as u64);
    arpa.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_mul(n))
        .and_then(|x| x.checked_div(sum))
        .map_or(Ratio::Undefined(Undefined::ZeroChurn), |v| Ratio::Value(round2(v)))
}

/// Customer lifetime value as the users define it \[users\] = average contract value (MRR per
/// active contract) × average relationship length (months), to the cent.
pub fn clv_users(average_contract_mrr: Ratio, average_relationship_months: Ratio) -> Ratio {
    match (average_contract_mrr, average_relationship_months) {
        (Ratio::Value(v), Ratio::Value(m)) => {
            v.checked_mul(m).map_or(Ratio::Undefined(Undefined::NoRelationships), |x| Ratio::Value(round2(x)))
        }
        (Ratio::Undefined(u), _) | (_, Ratio::Undefined(u)) => Ratio::Undefined(u),
    }
}

#[cfg(test)]
mod tests;
