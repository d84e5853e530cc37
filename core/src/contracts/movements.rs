//! MRR movements and the monthly recurring-revenue report.
//!
//! # Movements (shared/spec/domain.md §4.2, ChartMogul \[M1\]\[M1e\], Stripe \[M2\])
//!
//! Each customer's MRR is followed day by day (every change of one of its contracts, every
//! change of an exchange rate it is exposed to), and each day's change is one movement:
//!
//! - **new**: from zero to paying, for a customer who never paid before (a trial converting is new);
//! - **reactivation**: from zero to paying, for a customer who paid before and churned;
//! - **expansion**: up, for a paying customer (more quantity, a higher price, an indexation, a
//!   discount ending, another contract) — and a resume after a pause;
//! - **contraction**: down, still paying (a downgrade, a discount added, one of several contracts
//!   ending) — and a pause, even to zero (domain.md §4.4: never churn);
//! - **churn**: from paying to zero, no contract paused (the last contract ends, or its price
//!   drops to zero: Baremetrics' "100 % off = free" \[M3\]);
//! - **fx**: the change of the converted MRR when a rate changes, before the day's other
//!   changes (Stripe's FX term \[M2\]; ChartMogul books none \[M1e\]: give no rates to have none).
//!
//! A renewal at the same price changes nothing, so it is no movement. Movements are summed per
//! month (a movement belongs to the month of its day) and per customer, and reconcile
//! **exactly**: `MRR_end = MRR_start + new + expansion + reactivation − contraction − churn + fx`,
//! per month and per customer, because every MRR is a sum of cents and each day's change goes
//! whole into one bucket.
//!
//! # Rates of the report
//!
//! Each month row carries the users' KPIs (contract churn, MoM evolution, renewal rate), the
//! customer churn rate, gross and net MRR churn, ARPA and ChartMogul's LTV; the period carries
//! the cohort NRR and GRR, the renewal rates by count and value, the users' CLV, CMRR and churn
//! by reason. Formulas and sources: [`crate::contracts::metrics`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contracts::calendar::{Month, days_inclusive, next_day, prev_day};
use crate::contracts::contract::{Checker, ChurnReason, Contract, IdKey, check_at, duplicate_violation, duplicates_of, id_key, owned_id};
use crate::contracts::metrics::{self, Ratio, Undefined};
use crate::contracts::mrr::{
    ContractValue, CustomerStatus, Fx, MrrSettings, NrrPolicy, PERIOD, Phase, Point, PointOptions, PointScratch, arr, arr_of_cents,
    at_contract, committed, decimal, minus, plus, point_on, points_into,
};
use crate::contracts::renewal::{end_with, natural_end_with, status_with, terms_with};
use crate::error::{CoreError, Result};
use crate::money::{Currency, add, mul, sub};

/// The five movements of MRR, and FX. Contraction and churn are positive amounts taken off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Movements {
    /// New business.
    pub new: Decimal,
    /// Expansion.
    pub expansion: Decimal,
    /// Contraction (taken off).
    pub contraction: Decimal,
    /// Churn (taken off).
    pub churn: Decimal,
    /// Reactivation.
    pub reactivation: Decimal,
    /// Exchange-rate effect (signed).
    pub fx: Decimal,
}

impl Movements {
    /// new + expansion + reactivation − contraction − churn + fx: the net change of MRR.
    pub fn net(&self) -> Result<Decimal> {
        let p = "movements";
        let up = add(add(self.new, self.expansion, p)?, self.reactivation, p)?;
        add(sub(sub(up, self.contraction, p)?, self.churn, p)?, self.fx, p)
    }
}

/// Contracts reaching the end of a fixed term, and how many renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenewalFigures {
    /// Terms ending in the period (contracts up for renewal).
    pub reaching_term: u64,
    /// Of which renewed (the contract continues the next day).
    pub renewed: u64,
    /// ARR of those contracts on their term's last day.
    pub arr_up_for_renewal: Decimal,
    /// ARR of the renewed ones on their new term's first day.
    pub arr_renewed: Decimal,
    /// Renewal rate by count (the users' "taux de renouvellement", target > 85 %).
    pub rate: Ratio,
    /// Renewal rate by value.
    pub rate_by_value: Ratio,
}

impl Default for RenewalFigures {
    fn default() -> Self {
        RenewalFigures {
            reaching_term: 0,
            renewed: 0,
            arr_up_for_renewal: Decimal::ZERO,
            arr_renewed: Decimal::ZERO,
            rate: Ratio::Undefined(Undefined::NoContractsReachingTerm),
            rate_by_value: Ratio::Undefined(Undefined::NoContractsReachingTerm),
        }
    }
}

impl RenewalFigures {
    fn finish(&mut self) {
        self.rate = metrics::renewal_rate(self.renewed, self.reaching_term);
        self.rate_by_value = metrics::renewal_rate_by_value(self.arr_renewed, self.arr_up_for_renewal);
    }
}

/// One month of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonthFigures {
    /// The month.
    pub month: Month,
    /// MRR on the last day of the month before.
    pub mrr_start: Decimal,
    /// MRR on the month's last day.
    pub mrr_end: Decimal,
    /// ARR = 12 × MRR on the month's last day.
    pub arr_end: Decimal,
    /// The month's movements.
    pub movements: Movements,
    /// Paying customers at the start.
    pub customers_start: u64,
    /// Paying customers at the end.
    pub customers_end: u64,
    /// Customers new in the month.
    pub new_customers: u64,
    /// Customers reactivated in the month.
    pub reactivated_customers: u64,
    /// Customers churned in the month (those who joined in the month excluded).
    pub churned_customers: u64,
    /// Contracts active (counted in MRR) at the start.
    pub contracts_active_start: u64,
    /// Contracts active at the end.
    pub contracts_active_end: u64,
    /// Contracts that ended in the month (terminated or not renewed).
    pub contracts_ended: u64,
    /// Users' contract churn: ended / active at the start × 100.
    pub contract_churn_rate: Ratio,
    /// Users' MoM evolution: (end − start) / start × 100.
    pub mom_growth: Ratio,
    /// Customer churn rate (ChartMogul).
    pub customer_churn_rate: Ratio,
    /// Gross MRR churn.
    pub gross_mrr_churn: Ratio,
    /// Net MRR churn.
    pub net_mrr_churn: Ratio,
    /// ARPA at the end.
    pub arpa: Ratio,
    /// ChartMogul's LTV at the end (ARPA / trailing customer churn of the months before).
    pub ltv: Ratio,
    /// Terms ending in the month and their renewal.
    pub renewals: RenewalFigures,
}

/// One customer's month with movements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerMonth {
    /// The month.
    pub month: Month,
    /// The customer's MRR on its last day.
    pub mrr_end: Decimal,
    /// The customer's movements in it.
    pub movements: Movements,
}

/// One customer over the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerMrr {
    /// The customer.
    pub customer_id: String,
    /// Status on the last day.
    pub status: CustomerStatus,
    /// MRR on the day before the first month.
    pub mrr_start: Decimal,
    /// MRR on the last day.
    pub mrr_end: Decimal,
    /// ARR on the last day.
    pub arr_end: Decimal,
    /// The customer's movements over the period (`mrr_end = mrr_start + net`).
    pub movements: Movements,
    /// The months with movements, when [`MrrSettings::customer_months`] asks for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<CustomerMonth>,
}

/// Contracts ended in the period for a reason, and the MRR they carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReasonFigures {
    /// The termination's reason; none when the contract reached its term without renewal.
    pub reason: Option<ChurnReason>,
    /// Contracts ended.
    pub contracts: u64,
    /// Their MRR before the end (reporting currency).
    pub mrr: Decimal,
}

/// The starting cohort of the period: the customers paying on the day before its first day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cohort {
    /// Customers in it.
    pub customers: u64,
    /// Their MRR at the start.
    pub mrr_start: Decimal,
    /// Their MRR at the end.
    pub mrr_end: Decimal,
    /// Σ over its customers of their increase over the period.
    pub expansion: Decimal,
    /// Σ of their decrease, still paying (or paused).
    pub contraction: Decimal,
    /// Σ of the start MRR of those lost (or lost and back: see `reactivation`).
    pub churn: Decimal,
    /// The end MRR of those who churned in the period and came back.
    pub reactivation: Decimal,
    /// Customers lost by the end (not paying, not paused).
    pub lost: u64,
}

/// The period's figures and rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodFigures {
    /// MRR on the day before the first month.
    pub mrr_start: Decimal,
    /// MRR on the last day.
    pub mrr_end: Decimal,
    /// ARR on the last day.
    pub arr_end: Decimal,
    /// The period's movements (Σ of the months).
    pub movements: Movements,
    /// The starting cohort.
    pub cohort: Cohort,
    /// NRR of the cohort ([`NrrPolicy`]).
    pub nrr: Ratio,
    /// GRR of the cohort (≤ 100 %).
    pub grr: Ratio,
    /// Customers of the cohort lost by the end / cohort × 100.
    pub customer_churn_rate: Ratio,
    /// Gross MRR churn of the period.
    pub gross_mrr_churn: Ratio,
    /// Net MRR churn of the period.
    pub net_mrr_churn: Ratio,
    /// Terms ending in the period and their renewal.
    pub renewals: RenewalFigures,
    /// ARPA at the end.
    pub arpa: Ratio,
    /// ChartMogul's LTV at the end.
    pub ltv: Ratio,
    /// Average MRR per active contract at the end (the users' "montant moyen contrat").
    pub average_contract_mrr: Ratio,
    /// Average customer relationship, in months (a month = 365.25 / 12 days), from the first
    /// paid day to the last (or the period's end).
    pub average_relationship_months: Ratio,
    /// The users' CLV: average contract MRR × average relationship months.
    pub clv: Ratio,
    /// CMRR on the last day: MRR + the movements scheduled (ChartMogul \[M1h\]).
    pub cmrr: Decimal,
    /// The scheduled movements (CMRR = MRR + new + expansion − contraction − churn).
    pub scheduled: Movements,
    /// Contracts ended in the period, by reason.
    pub churn_by_reason: Vec<ReasonFigures>,
}

/// The recurring-revenue report over a range of months. JSON: `schema/mrr-report.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MrrReport {
    /// First month.
    pub from_month: Month,
    /// Last month.
    pub to_month: Month,
    /// Reporting currency.
    pub currency: crate::money::Currency,
    /// Each month.
    pub months: Vec<MonthFigures>,
    /// The whole period.
    pub period: PeriodFigures,
    /// Each customer with contracts, by id.
    pub customers: Vec<CustomerMrr>,
    /// Each contract's value on the last day, in input order.
    pub contracts: Vec<ContractValue>,
}

#[derive(Default, Clone)]
struct MonthAcc {
    mv: Tally,
    paying_delta: i64,
    new_customers: u64,
    reactivated: u64,
    churned: u64,
    active_delta: i64,
    ended: u64,
    reaching_term: u64,
    renewed: u64,
    arr_up: i128,
    arr_renewed: i128,
}

/// What a customer's day was.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    New,
    Expansion,
    Contraction,
    Churn,
    Reactivation,
}

/// Movements in cents, while they are summed (see [`Point`] on cents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    new: i128,
    expansion: i128,
    contraction: i128,
    churn: i128,
    reactivation: i128,
    fx: i128,
}

impl Tally {
    /// Adds one day's change: `amount` (positive) into the bucket of `kind`, and `fx`.
    #[inline(always)]
    fn book(&mut self, kind: Option<Kind>, amount: i128, fx: i128) -> Result<()> {
        match kind {
            Some(Kind::New) => self.new = plus(self.new, amount)?,
            Some(Kind::Expansion) => self.expansion = plus(self.expansion, amount)?,
            Some(Kind::Contraction) => self.contraction = plus(self.contraction, amount)?,
            Some(Kind::Churn) => self.churn = plus(self.churn, amount)?,
            Some(Kind::Reactivation) => self.reactivation = plus(self.reactivation, amount)?,
            None => {}
        }
        if fx != 0 {
            self.fx = plus(self.fx, fx)?;
        }
        Ok(())
    }

    fn add(&mut self, o: &Tally) -> Result<()> {
        self.new = plus(self.new, o.new)?;
        self.expansion = plus(self.expansion, o.expansion)?;
        self.contraction = plus(self.contraction, o.contraction)?;
        self.churn = plus(self.churn, o.churn)?;
        self.reactivation = plus(self.reactivation, o.reactivation)?;
        self.fx = plus(self.fx, o.fx)?;
        Ok(())
    }

    /// new + expansion + reactivation − contraction − churn + fx.
    fn net(&self) -> Result<i128> {
        minus(minus(plus(plus(plus(self.new, self.expansion)?, self.reactivation)?, self.fx)?, self.contraction)?, self.churn)
    }

    fn movements(&self) -> Result<Movements> {
        Ok(Movements {
            new: decimal(self.new)?,
            expansion: decimal(self.expansion)?,
            contraction: decimal(self.contraction)?,
            churn: decimal(self.churn)?,
            reactivation: decimal(self.reactivation)?,
            fx: decimal(self.fx)?,
        })
    }
}

/// The bucket of one customer's change on one day, from `before` to `after` by `delta`
/// (domain.md §4.2, §4.4): the amount booked is `|delta|`.
#[inline]
fn classify(before: i128, after: i128, delta: i128, paused_before: bool, paused_after: bool, ever_paid: bool) -> Option<Kind> {
    if delta == 0 {
        None
    } else if before == 0 {
        Some(if paused_before {
            Kind::Expansion // a resume
        } else if ever_paid {
            Kind::Reactivation
        } else {
            Kind::New
        })
    } else if after == 0 && !paused_after {
        Some(Kind::Churn)
    } else if delta > 0 {
        Some(Kind::Expansion)
    } else {
        Some(Kind::Contraction)
    }
}

/// One customer's month with movements, in cents.
struct MonthRow {
    month: Month,
    mrr_end: i128,
    tally: Tally,
}

/// One customer's figures over the report, in cents.
struct CustomerWalk {
    start: i128,
    end: i128,
    tally: Tally,
    months: Vec<MonthRow>,
    status: CustomerStatus,
    churned_in_period: bool,
    first_paid: Option<NaiveDate>,
    last_paid: Option<NaiveDate>,
}

/// A point of one of a customer's contracts (`local`), or a change of exchange rate (`None`).
type Event = (NaiveDate, usize, Option<(i128, Phase)>);

/// The most contracts of one customer whose points are merged rather than sorted.
const MERGE_MAX: usize = 8;

/// Appends to `events` the points of `lists` (each in day order, its first `n` taken) in
/// (day, list) order: a merge, each step taking the least head of the lists.
fn merge_points(lists: &mut [(&[Point], usize)], events: &mut Vec<Event>) {
    for (p, n) in lists.iter_mut() {
        *p = p.get(..*n).unwrap_or(&[]);
    }
    loop {
        let mut best: Option<(usize, NaiveDate)> = None;
        for (local, (p, _)) in lists.iter().enumerate() {
            if let Some(x) = p.first()
                && best.is_none_or(|(_, d)| x.day < d)
            {
                best = Some((local, x.day));
            }
        }
        let Some((local, _)) = best else { break };
        let Some((p, _)) = lists.get_mut(local) else { break };
        if let Some((x, rest)) = p.split_first() {
            events.push((x.day, local, Some((x.mrr, x.phase))));
            *p = rest;
        }
    }
}

/// Buffers reused from one customer to the next.
#[derive(Default)]
struct Scratch<'a> {
    /// Each contract's points and how many fall in the report.
    cursors: Vec<(&'a [Point], usize)>,
    /// The currencies' slots in [`Points::currencies`].
    slots: Vec<u32>,
    events: Vec<Event>,
    state: Vec<(i128, Phase)>,
    currencies: Vec<&'a Currency>,
    natives: Vec<i128>,
    cur_of: Vec<usize>,
}

/// The report's range and rates, shared by every customer's walk.
struct Walker<'a> {
    fx: &'a Fx<'a>,
    first: NaiveDate,
    last: NaiveDate,
    from_index: i32,
    /// Keep each customer's month rows.
    customer_months: bool,
}

impl<'a> Walker<'a> {
    fn month(&self, d: NaiveDate) -> usize {
        usize::try_from(Month::of(d).index().saturating_sub(self.from_index)).unwrap_or(0)
    }

    /// The converted total of the natives on `date`.
    fn total(&self, s: &Scratch<'_>, date: NaiveDate, i: usize) -> Result<i128> {
        let mut t = 0i128;
        for (c, n) in s.currencies.iter().zip(&s.natives) {
            t = plus(t, self.fx.convert(*n, c, date).map_err(|e| at_contract(e, i))?)?;
        }
        Ok(t)
    }

    /// Walks the contracts `ks` of one customer day by day, booking into `acc`.
    fn walk<'p>(&self, ks: &[usize], pts: &'p Points<'p>, acc: &mut [MonthAcc], s: &mut Scratch<'p>) -> Result<CustomerWalk> {
        s.events.clear();
        s.currencies.clear();
        s.slots.clear();
        s.cur_of.clear();
        s.cursors.clear();
        // the contracts' points and currencies as the pass over the contracts left them: the
        // contracts themselves are not read again
        for &k in ks {
            let p = pts.of(k);
            s.cursors.push((p, p.len()));
            let slot = pts.spans.get(k).map_or(0, |x| x.currency);
            let at = match s.slots.iter().position(|x| *x == slot) {
                Some(at) => at,
                None => {
                    s.slots.push(slot);
                    s.currencies.extend(pts.currencies.get(slot as usize).copied());
                    s.slots.len().saturating_sub(1)
                }
            };
            s.cur_of.push(at);
        }
        let any_k = ks.first().copied().unwrap_or(0);
        let single = s.slots.len() == 1 && s.slots.first().is_some_and(|x| pts.reporting.get(*x as usize) == Some(&true));
        // each contract's points are in order and (day, contract) is unique: a few lists are
        // merged, many (or with rate changes) sorted
        let merge = single && (2..=MERGE_MAX).contains(&s.cursors.len());
        if merge {
            merge_points(&mut s.cursors, &mut s.events);
        } else {
            for (local, (p, n)) in s.cursors.iter().enumerate() {
                s.events.extend(p.iter().take(*n).map(|p| (p.day, local, Some((p.mrr, p.phase)))));
            }
        }
        if !single {
            for k in 0..s.currencies.len() {
                let cur = s.currencies[k];
                if !self.fx.is_reporting(cur) {
                    let days = self.fx.changes(cur, self.first, self.last);
                    s.events.extend(days.into_iter().map(|d| (d, usize::MAX, None)));
                }
            }
        }
        if !merge && (ks.len() > 1 || !single) {
            s.events.sort_unstable_by_key(|e| (e.0, e.1));
        }
        s.state.clear();
        s.state.resize(ks.len(), (0, Phase::Out));
        s.natives.clear();
        s.natives.resize(s.currencies.len(), 0);
        let mut w = CustomerWalk {
            start: 0,
            end: 0,
            tally: Tally::default(),
            months: Vec::new(),
            status: CustomerStatus::Inactive,
            churned_in_period: false,
            first_paid: None,
            last_paid: None,
        };
        let mut ever_paid = false;
        let mut started = false;
        let mut total = 0i128; // converted, from the first day on
        let mut paused = 0usize;
        let mut last_joined: Option<usize> = None;
        let mut last_churn_counted: Option<usize> = None;
        let mut i = 0;
        while i < s.events.len() {
            let day = s.events[i].0;
            if !started && day >= self.first {
                started = true;
                w.start = self.total(s, prev_day(self.first), any_k)?;
                total = w.start;
            }
            let paused_before = paused > 0;
            let paying_before = s.natives.iter().any(|n| *n > 0);
            let total_before_fx = total;
            // FX first: what is held, revalued at the day's rates
            let mut fx = 0i128;
            if started && !single {
                let revalued = self.total(s, day, any_k)?;
                fx = minus(revalued, total)?;
                total = revalued;
            }
            while let Some(&(d, local, p)) = s.events.get(i) {
                if d != day {
                    break;
                }
                i = i.saturating_add(1);
                let (Some((mrr, phase)), Some(st)) = (p, s.state.get_mut(local)) else { continue };
                let ci = s.cur_of.get(local).copied().unwrap_or(0);
                if let Some(n) = s.natives.get_mut(ci) {
                    *n = plus(minus(*n, st.0)?, mrr)?;
                }
                if st.1 == Phase::Paused {
                    paused = paused.saturating_sub(1);
                }
                if phase == Phase::Paused {
                    paused = paused.saturating_add(1);
                }
                *st = (mrr, phase);
            }
            let paying_after = s.natives.iter().any(|n| *n > 0);
            if paying_after {
                w.first_paid.get_or_insert(day);
            } else if paying_before {
                w.last_paid = Some(prev_day(day));
            }
            if !started {
                // before the report: only whether the customer ever paid matters
                ever_paid |= paying_after;
                continue;
            }
            let before = total;
            let after = if single { s.natives.first().copied().unwrap_or_default() } else { self.total(s, day, any_k)? };
            let delta = minus(after, before)?;
            let kind = classify(before, after, delta, paused_before, paused > 0, ever_paid);
            ever_paid |= paying_after;
            total = after;
            if kind.is_none() && fx == 0 {
                continue;
            }
            let amount = delta.abs();
            let month = Month::of(day);
            let m = usize::try_from(month.index().saturating_sub(self.from_index)).unwrap_or(0);
            w.tally.book(kind, amount, fx)?;
            if let Some(a) = acc.get_mut(m) {
                a.mv.book(kind, amount, fx)?;
                match (total_before_fx > 0, after > 0) {
                    (false, true) => a.paying_delta = a.paying_delta.saturating_add(1),
                    (true, false) => a.paying_delta = a.paying_delta.saturating_sub(1),
                    _ => {}
                }
                match kind {
                    Some(Kind::New) => {
                        a.new_customers = a.new_customers.saturating_add(1);
                        last_joined = Some(m);
                    }
                    Some(Kind::Reactivation) => {
                        a.reactivated = a.reactivated.saturating_add(1);
                        last_joined = Some(m);
                    }
                    Some(Kind::Churn) => {
                        w.churned_in_period = true;
                        if last_joined != Some(m) && last_churn_counted != Some(m) {
                            a.churned = a.churned.saturating_add(1);
                            last_churn_counted = Some(m);
                        }
                    }
                    _ => {}
                }
            }
            if !self.customer_months {
                continue;
            }
            match w.months.last_mut() {
                Some(row) if row.month == month => row.tally.book(kind, amount, fx)?,
                last => {
                    // the month before closed at the MRR of the day before
                    if let Some(row) = last {
                        row.mrr_end = total_before_fx;
                    }
                    let mut tally = Tally::default();
                    tally.book(kind, amount, fx)?;
                    w.months.push(MonthRow { month, mrr_end: 0, tally });
                }
            }
        }
        if !started {
            w.start = self.total(s, prev_day(self.first), any_k)?;
            total = w.start;
        }
        w.end = total;
        if let Some(row) = w.months.last_mut() {
            row.mrr_end = total;
        }
        let paying = s.natives.iter().any(|n| *n > 0);
        w.status = if w.end > 0 {
            CustomerStatus::Active
        } else if paused > 0 {
            CustomerStatus::Paused
        } else if ever_paid {
            CustomerStatus::Churned
        } else {
            CustomerStatus::Inactive
        };
        if paying {
            w.last_paid = Some(self.last);
        }
        Ok(w)
    }
}

fn check_range(from: Month, to: Month) -> Result<()> {
    if to < from {
        return Err(PERIOD.refuse("to_month", format!("{to} is before {from}")));
    }
    Ok(())
}

/// Every contract's points up to the report's last day, in one vector, its currency and its
/// committed value.
struct Points<'a> {
    flat: Vec<Point>,
    /// What the customers' walk reads of each contract, in another order than the contracts':
    /// together, one cache line's read a contract.
    spans: Vec<Span>,
    /// The currencies of the contracts, each once.
    currencies: Vec<&'a Currency>,
    /// Whether each of `currencies` is the reporting one.
    reporting: Vec<bool>,
}

impl<'a> Points<'a> {
    /// The slot of `currency` in `currencies`, added if new.
    fn slot(&mut self, currency: &'a Currency, fx: &Fx<'_>) -> u32 {
        let at = match self.currencies.iter().position(|c| crate::contracts::contract::same_id(&c.0, &currency.0)) {
            Some(at) => at,
            None => {
                self.currencies.push(currency);
                self.reporting.push(fx.is_reporting(currency));
                self.currencies.len().saturating_sub(1)
            }
        };
        u32::try_from(at).unwrap_or(u32::MAX)
    }

    fn of(&self, k: usize) -> &[Point] {
        let Some(&Span { start, n, .. }) = self.spans.get(k) else { return &[] };
        let start = start as usize;
        self.flat.get(start..start.saturating_add(n as usize)).unwrap_or(&[])
    }
}

/// One contract's points in [`Points::flat`] (where they start, how many), its currency (a slot
/// of [`Points::currencies`]) and its committed value on the report's last day, in cents.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    n: u32,
    currency: u32,
    committed: i128,
}

/// The running figures of the contracts of the report, in cents.
#[derive(Default)]
struct ContractTotals {
    active_start: u64,
    active_end: u64,
    active_mrr: i128,
    cmrr: i128,
    reasons: BTreeMap<Option<ChurnReason>, (u64, i128)>,
}

/// The starting cohort, in cents.
#[derive(Default)]
struct CohortTally {
    customers: u64,
    lost: u64,
    start: i128,
    end: i128,
    expansion: i128,
    contraction: i128,
    churn: i128,
    reactivation: i128,
}

/// The recurring-revenue report of `contracts` from month `from` to month `to` (both
/// included), in the reporting currency of `settings`: each month's MRR, ARR, movements and
/// rates, the period's cohort retention, renewal rates, lifetime values, CMRR and churn by
/// reason, each customer's movements and each contract's value on the last day.
///
/// Same contracts in any order, same report. Refused with every violation of the contracts
/// (paths `contracts[i]…`) or of the settings, `mrr.period.invalid` for a range running
/// backwards, `mrr.exchange_rate.missing` for a currency without a rate.
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{Contract, Month, MrrSettings, mrr_report};
///
/// let c: Contract = facturier_core::json::from_str(include_str!("examples/maintenance.json"))?;
/// let (from, to) = ("2026-01".parse::<Month>()?, "2026-03".parse::<Month>()?);
/// let r = mrr_report(&[c], from, to, &MrrSettings::default())?;
/// let m: Vec<String> = r.months.iter().map(|m| m.mrr_end.to_string()).collect();
/// assert_eq!(m, ["400.00", "400.00", "600.00"]); // new in January, avenant n° 1 in March
/// assert_eq!(r.months[2].movements.expansion.to_string(), "200.00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mrr_report(contracts: &[Contract], from: Month, to: Month, settings: &MrrSettings) -> Result<MrrReport> {
    check_range(from, to)?;
    let fx = Fx::new(settings)?;
    let first = from.first_day();
    let last = to.last_day();
    // the report reads each contract's points up to the day after its last (renewals: the
    // value on a new term's first day)
    let opts = PointOptions { until: Some(next_day(last)), ..PointOptions::of(settings) };
    let n = usize::try_from(to.index().saturating_sub(from.index()).saturating_add(1)).unwrap_or(0);
    let walker = Walker { fx: &fx, first, last, from_index: from.index(), customer_months: settings.customer_months };
    let mut acc = vec![MonthAcc::default(); n];

    // one pass, contract by contract while its data is in cache: check it, follow its MRR day
    // by day, and count its part of the report
    let mut violations = Vec::new();
    let mut ids: Vec<(IdKey<'_>, usize)> = Vec::with_capacity(contracts.len());
    // customers by their ids' 16-byte prefixes and lengths (and texts, when longer), then input order
    let mut order: Vec<(u128, usize, usize)> = Vec::with_capacity(contracts.len());
    let bound: usize = contracts
        .iter()
        .map(|c| c.amendments.len().saturating_add(c.pauses.len().saturating_add(c.discounts.len()).saturating_mul(2)).saturating_add(4))
        .fold(0, usize::saturating_add);
    let mut pts = Points {
        flat: Vec::with_capacity(bound),
        spans: Vec::with_capacity(contracts.len()),
        currencies: Vec::new(),
        reporting: Vec::new(),
    };
    let mut scratch_points = PointScratch::default();
    let mut values: Vec<ContractValue> = Vec::with_capacity(contracts.len());
    let mut totals = ContractTotals::default();
    let mut memo = Checker::default();
    for (i, c) in contracts.iter().enumerate() {
        ids.push((id_key(&c.id), i));
        let key = id_key(&c.customer_id);
        order.push((key.prefix(), c.customer_id.len(), i));
        check_at(c, i, false, &mut memo, &mut violations);
        if !violations.is_empty() {
            continue;
        }
        // the check found whether the calendar is the contract's own
        let simple = memo.simple_calendar;
        let natural = natural_end_with(c, simple);
        let start = pts.flat.len();
        scratch_points.in_order = memo.in_order;
        points_into(c, &opts, natural, &mut pts.flat, &mut scratch_points)?;
        let overflow = || CoreError::Overflow { path: "contracts".into() };
        let first = u32::try_from(start).map_err(|_| overflow())?;
        let count = |end: usize| u32::try_from(end.saturating_sub(start)).map_err(|_| overflow());
        pts.spans.push(Span { start: first, n: count(pts.flat.len())?, currency: 0, committed: 0 });
        let (value, committed) = contract_figures(c, pts.of(i), (natural, simple), i, &walker, settings, &mut acc, &mut totals)?;
        // the customer's walk reads the points up to the report's last day, the currency and
        // the committed value
        let kept = start.saturating_add(pts.of(i).partition_point(|x| x.day <= last));
        pts.flat.truncate(kept);
        let currency = pts.slot(&c.currency, &fx);
        if let Some(span) = pts.spans.last_mut() {
            *span = Span { start: first, n: count(kept)?, currency, committed };
        }
        values.push(value);
    }
    let duplicates = duplicates_of(ids);
    if !violations.is_empty() || !duplicates.is_empty() {
        violations.extend(duplicates.iter().filter_map(|&i| contracts.get(i).map(|c| duplicate_violation(c, i))));
        return Err(CoreError::Invalid(violations));
    }

    // customers in id order (the input order does not matter), each walked once: sorted by
    // prefix and length (32-byte items), then ids of more than 16 bytes by their text
    order.sort_unstable();
    let customer_of = |&(_, _, k): &(u128, usize, usize)| contracts.get(k).map_or("", |c| c.customer_id.as_str());
    let same_customer =
        |a: &(u128, usize, usize), b: &(u128, usize, usize)| a.0 == b.0 && a.1 == b.1 && (a.1 <= 16 || customer_of(a) == customer_of(b));
    let mut run = 0;
    while let Some(&first) = order.get(run) {
        let n = order.get(run..).map_or(0, |rest| rest.iter().take_while(|x| x.0 == first.0 && x.1 == first.1).count()).max(1);
        let end = run.saturating_add(n);
        if first.1 > 16
            && n > 1
            && let Some(slice) = order.get_mut(run..end)
        {
            slice.sort_unstable_by(|a, b| customer_of(a).cmp(customer_of(b)).then(a.2.cmp(&b.2)));
        }
        run = end;
    }
    let distinct = order.windows(2).filter(|w| !same_customer(&w[0], &w[1])).count().saturating_add(1);
    let mut customers: Vec<CustomerMrr> = Vec::with_capacity(distinct);
    let mut mrr_start = 0i128;
    let mut customers_start = 0u64;
    let mut cohort = CohortTally::default();
    let mut relationship_days = 0u64;
    let mut relationships = 0u64;
    let mut end_total = 0i128;
    let mut paying_end = 0u64;
    let mut scheduled = Tally::default();
    let mut scratch = Scratch::default();
    let mut ks: Vec<usize> = Vec::new();
    let mut g = 0;
    while let Some(&head) = order.get(g) {
        ks.clear();
        while let Some(other) = order.get(g) {
            if !same_customer(&head, other) {
                break;
            }
            ks.push(other.2);
            g = g.saturating_add(1);
        }
        let w = walker.walk(&ks, &pts, &mut acc, &mut scratch)?;
        mrr_start = plus(mrr_start, w.start)?;
        end_total = plus(end_total, w.end)?;
        if w.start > 0 {
            customers_start = customers_start.saturating_add(1);
            cohort.customers = cohort.customers.saturating_add(1);
            cohort.start = plus(cohort.start, w.start)?;
            cohort.end = plus(cohort.end, w.end)?;
            // each cohort customer's net change over the period (a pause to zero is contraction)
            if w.churned_in_period || (w.end == 0 && w.status != CustomerStatus::Paused) {
                cohort.churn = plus(cohort.churn, w.start)?;
                cohort.reactivation = plus(cohort.reactivation, w.end)?;
            } else if w.end > w.start {
                cohort.expansion = plus(cohort.expansion, minus(w.end, w.start)?)?;
            } else {
                cohort.contraction = plus(cohort.contraction, minus(w.start, w.end)?)?;
            }
            if w.end == 0 && w.status == CustomerStatus::Churned {
                cohort.lost = cohort.lost.saturating_add(1);
            }
        }
        if w.end > 0 {
            paying_end = paying_end.saturating_add(1);
        }
        if let (Some(a), Some(b)) = (w.first_paid.filter(|d| *d <= last), w.last_paid) {
            relationship_days = relationship_days.saturating_add(u64::from(days_inclusive(a, b)));
            relationships = relationships.saturating_add(1);
        }
        // the scheduled movements: its committed value against its MRR on the last day
        let mut committed = 0i128;
        for &k in &ks {
            committed = plus(committed, pts.spans.get(k).map_or(0, |x| x.committed))?;
        }
        let delta = minus(committed, w.end)?;
        let kind = classify(w.end, committed, delta, false, false, false).map(|k| if k == Kind::Reactivation { Kind::New } else { k });
        scheduled.book(kind, delta.abs(), 0)?;
        let mut months = Vec::with_capacity(w.months.len());
        for row in &w.months {
            months.push(CustomerMonth { month: row.month, mrr_end: decimal(row.mrr_end)?, movements: row.tally.movements()? });
        }
        customers.push(CustomerMrr {
            customer_id: owned_id(head.0, head.1).unwrap_or_else(|| customer_of(&head).to_owned()),
            status: w.status,
            mrr_start: decimal(w.start)?,
            mrr_end: decimal(w.end)?,
            arr_end: arr_of_cents(w.end)?,
            movements: w.tally.movements()?,
            months,
        });
    }

    // months: running totals, counts and rates
    let mut months = Vec::with_capacity(n);
    let mut running = mrr_start;
    let mut paying = customers_start;
    let mut active = totals.active_start;
    let mut period_tally = Tally::default();
    let mut period_renewals = RenewalFigures::default();
    let (mut arr_up, mut arr_renewed) = (0i128, 0i128);
    let mut churn_rates: Vec<Ratio> = Vec::with_capacity(n);
    for (k, a) in acc.iter().enumerate() {
        let month = Month::from_index(from.index().saturating_add(i32::try_from(k).unwrap_or(0)));
        let start = decimal(running)?;
        running = plus(running, a.mv.net()?)?;
        let end = decimal(running)?;
        let customers_start_m = paying;
        paying = u64::try_from(i64::try_from(paying).unwrap_or(0).saturating_add(a.paying_delta)).unwrap_or(0);
        let active_start_m = active;
        active = u64::try_from(i64::try_from(active).unwrap_or(0).saturating_add(a.active_delta)).unwrap_or(0);
        period_tally.add(&a.mv)?;
        let mut renewals = RenewalFigures {
            reaching_term: a.reaching_term,
            renewed: a.renewed,
            arr_up_for_renewal: decimal(a.arr_up)?,
            arr_renewed: decimal(a.arr_renewed)?,
            ..RenewalFigures::default()
        };
        renewals.finish();
        period_renewals.reaching_term = period_renewals.reaching_term.saturating_add(a.reaching_term);
        period_renewals.renewed = period_renewals.renewed.saturating_add(a.renewed);
        arr_up = plus(arr_up, a.arr_up)?;
        arr_renewed = plus(arr_renewed, a.arr_renewed)?;
        let mv = a.mv.movements()?;
        let customer_churn_rate = metrics::customer_churn_rate(a.churned, customers_start_m);
        let arpa = metrics::arpa(end, paying);
        let trailing_from = churn_rates.len().saturating_sub(settings.ltv_trailing_months as usize);
        let ltv = metrics::ltv_chartmogul(arpa, churn_rates.get(trailing_from..).unwrap_or(&[]));
        churn_rates.push(customer_churn_rate);
        months.push(MonthFigures {
            month,
            mrr_start: start,
            mrr_end: end,
            arr_end: arr(end)?,
            movements: mv,
            customers_start: customers_start_m,
            customers_end: paying,
            new_customers: a.new_customers,
            reactivated_customers: a.reactivated,
            churned_customers: a.churned,
            contracts_active_start: active_start_m,
            contracts_active_end: active,
            contracts_ended: a.ended,
            contract_churn_rate: metrics::contract_churn_rate(a.ended, active_start_m),
            mom_growth: metrics::mom_growth(start, end),
            customer_churn_rate,
            gross_mrr_churn: metrics::gross_mrr_churn(mv.churn, mv.contraction, start),
            net_mrr_churn: metrics::net_mrr_churn(mv.churn, mv.contraction, mv.expansion, mv.reactivation, start),
            arpa,
            ltv,
            renewals,
        });
    }
    if running != end_total || paying != paying_end || active != totals.active_end {
        return Err(CoreError::internal("movements", format!("months do not reconcile: {running} ≠ {end_total} cents")));
    }
    period_renewals.arr_up_for_renewal = decimal(arr_up)?;
    period_renewals.arr_renewed = decimal(arr_renewed)?;
    period_renewals.finish();
    let (mrr_start, mrr_end) = (decimal(mrr_start)?, decimal(running)?);
    let period_mv = period_tally.movements()?;
    let average_contract_mrr = if active == 0 {
        Ratio::Undefined(Undefined::NoActiveContracts)
    } else {
        decimal(totals.active_mrr)?
            .checked_div(Decimal::from(active))
            .map_or(Ratio::Undefined(Undefined::Overflow), |v| Ratio::Value(crate::money::round2(v)))
    };
    let average_relationship_months = if relationships == 0 {
        Ratio::Undefined(Undefined::NoRelationships)
    } else {
        // days × 12 / 365.25 = days × 48 / 1461, averaged
        let num = mul(Decimal::from(relationship_days), Decimal::from(48), "relationship")?;
        num.checked_div(Decimal::from(relationships.saturating_mul(1461)))
            .map_or(Ratio::Undefined(Undefined::Overflow), |v| Ratio::Value(crate::money::round2(v)))
    };
    let c = Cohort {
        customers: cohort.customers,
        mrr_start: decimal(cohort.start)?,
        mrr_end: decimal(cohort.end)?,
        expansion: decimal(cohort.expansion)?,
        contraction: decimal(cohort.contraction)?,
        churn: decimal(cohort.churn)?,
        reactivation: decimal(cohort.reactivation)?,
        lost: cohort.lost,
    };
    let reactivation = if settings.nrr == NrrPolicy::IncludeReactivation { c.reactivation } else { Decimal::ZERO };
    let mut churn_by_reason = Vec::with_capacity(totals.reasons.len());
    for (reason, (contracts, mrr)) in totals.reasons {
        churn_by_reason.push(ReasonFigures { reason, contracts, mrr: decimal(mrr)? });
    }
    let period = PeriodFigures {
        mrr_start,
        mrr_end,
        arr_end: arr(mrr_end)?,
        movements: period_mv,
        cohort: c,
        nrr: metrics::nrr(c.mrr_start, c.expansion, c.contraction, c.churn, reactivation),
        grr: metrics::grr(c.mrr_start, c.contraction, c.churn),
        customer_churn_rate: metrics::customer_churn_rate(c.lost, c.customers),
        gross_mrr_churn: metrics::gross_mrr_churn(period_mv.churn, period_mv.contraction, mrr_start),
        net_mrr_churn: metrics::net_mrr_churn(
            period_mv.churn,
            period_mv.contraction,
            period_mv.expansion,
            period_mv.reactivation,
            mrr_start,
        ),
        renewals: period_renewals,
        arpa: metrics::arpa(mrr_end, paying),
        ltv: months.last().map_or(Ratio::Undefined(Undefined::NoChurnHistory), |m| m.ltv),
        average_contract_mrr,
        average_relationship_months,
        clv: metrics::clv_users(average_contract_mrr, average_relationship_months),
        cmrr: decimal(totals.cmrr)?,
        scheduled: scheduled.movements()?,
        churn_by_reason,
    };
    Ok(MrrReport { from_month: from, to_month: to, currency: settings.currency.clone(), months, period, customers, contracts: values })
}

/// One contract's part of the report: active counts and ends in `acc` and `totals`, its terms
/// reaching their end, and its value and committed value (cents) on the last day.
#[allow(clippy::too_many_arguments)]
fn contract_figures(
    c: &Contract,
    p: &[Point],
    (natural, simple): (Option<NaiveDate>, bool),
    i: usize,
    walker: &Walker<'_>,
    settings: &MrrSettings,
    acc: &mut [MonthAcc],
    totals: &mut ContractTotals,
) -> Result<(ContractValue, i128)> {
    let (first, last, fx) = (walker.first, walker.last, walker.fx);
    let same = fx.is_reporting(&c.currency);
    let conv = |amount: i128, date: NaiveDate| -> Result<i128> {
        if same { Ok(amount) } else { fx.convert(amount, &c.currency, date).map_err(|e| at_contract(e, i)) }
    };
    if point_on(p, prev_day(first)).is_some_and(|x| x.phase == Phase::Active) {
        totals.active_start = totals.active_start.saturating_add(1);
    }
    let split = p.partition_point(|x| x.day < first);
    let mut prev: Option<&Point> = split.checked_sub(1).and_then(|k| p.get(k));
    for x in p.get(split..).unwrap_or(&[]).iter().take_while(|x| x.day <= last) {
        let was = prev.is_some_and(|q| q.phase == Phase::Active);
        let ends = x.phase == Phase::Out && prev.is_some_and(|q| q.phase != Phase::Out);
        // most points change the MRR only: their month is not needed
        if was == (x.phase == Phase::Active) && !ends {
            prev = Some(x);
            continue;
        }
        if let Some(a) = acc.get_mut(walker.month(x.day)) {
            match (was, x.phase == Phase::Active) {
                (false, true) => a.active_delta = a.active_delta.saturating_add(1),
                (true, false) => a.active_delta = a.active_delta.saturating_sub(1),
                _ => {}
            }
            if ends {
                a.ended = a.ended.saturating_add(1);
                // ended by its termination, or at the end of a term without renewal
                let reason = c.termination.as_ref().filter(|_| natural.map(next_day) != Some(x.day)).map(|t| t.reason);
                let lost = conv(prev.map_or(0, |q| q.mrr), prev_day(x.day))?;
                let e = totals.reasons.entry(reason).or_insert((0, 0));
                e.0 = e.0.saturating_add(1);
                e.1 = plus(e.1, lost)?;
            }
        }
        prev = Some(x);
    }
    let here = point_on(p, last);
    let converted = conv(here.map_or(0, |x| x.mrr), last)?;
    if here.is_some_and(|x| x.phase == Phase::Active) {
        totals.active_end = totals.active_end.saturating_add(1);
        totals.active_mrr = plus(totals.active_mrr, converted)?;
    }
    let committed = conv(committed(c, p, natural, last, settings)?, last)?;
    totals.cmrr = plus(totals.cmrr, committed)?;
    renewal_figures(c, p, (end_with(c, natural), simple), walker, &conv, acc)?;
    let value = ContractValue {
        contract_id: c.id.clone(),
        customer_id: c.customer_id.clone(),
        status: status_with(c, last, natural),
        mrr: decimal(converted)?,
        arr: arr_of_cents(converted)?,
    };
    Ok((value, committed))
}

/// Adds the terms of `c` ending in the report to their months; `ended_on` is its last day.
fn renewal_figures(
    c: &Contract,
    p: &[Point],
    (ended_on, simple): (Option<NaiveDate>, bool),
    walker: &Walker<'_>,
    conv: &dyn Fn(i128, NaiveDate) -> Result<i128>,
    acc: &mut [MonthAcc],
) -> Result<()> {
    if c.first_term == crate::contracts::contract::Term::Indefinite {
        return Ok(());
    }
    let mut all = terms_with(c, simple);
    // terms ending before the report are not reached in it
    all.skip_ending_before(walker.first);
    for t in all {
        if t.from > walker.last {
            break;
        }
        let Some(to) = t.to else { break };
        // a contract ended before its term (by agreement, for non-payment) did not reach it
        if to < walker.first || to > walker.last || ended_on.is_some_and(|e| e < to) {
            continue;
        }
        let renewed = ended_on.is_none_or(|e| e > to);
        let up = times12(conv(point_on(p, to).map_or(0, |x| x.mrr), to)?)?;
        let Some(a) = acc.get_mut(walker.month(to)) else { continue };
        a.reaching_term = a.reaching_term.saturating_add(1);
        a.arr_up = plus(a.arr_up, up)?;
        if renewed {
            a.renewed = a.renewed.saturating_add(1);
            let d = next_day(to);
            let next = times12(conv(point_on(p, d).map_or(0, |x| x.mrr), d)?)?;
            a.arr_renewed = plus(a.arr_renewed, next)?;
        }
    }
    Ok(())
}

/// 12 × `cents` (ARR), checked.
fn times12(cents: i128) -> Result<i128> {
    cents.checked_mul(12).ok_or_else(|| CoreError::Overflow { path: "arr".into() })
}

#[cfg(test)]
mod tests;
