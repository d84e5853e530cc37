//! Cash figures: invoiced versus collected over a period, what is outstanding, the unpaid
//! invoices and a cash forecast at J+30, J+60 and J+90.
//!
//! - **Invoiced** counts each invoice's amount due incl. tax (BT-115) by issue date, so the
//!   deposits a final invoice deducts are not counted twice, minus the credit notes issued in the
//!   period. **Collected** counts the payments received in the period, minus the refunds made.
//! - **Forecast**: each outstanding amount is expected on its due date, or — weighted — on its
//!   due date shifted by the customer's average payment delay: the mean, over its invoices paid
//!   in full (not those settled by credit notes alone), of the days between due date and
//!   settlement, rounded half away from zero to a day. Customers who pay early are not expected
//!   earlier than the due date (the shift is never negative); customers without history are
//!   expected on the due date. Amounts already overdue (expected on or before the date) are
//!   counted in the first window: they are collectable now. Windows are (as_of, J+30],
//!   (J+30, J+60], (J+60, J+90], and `later` holds the rest. Customer credit is not counted: it
//!   is money already received.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule, Violation};
use crate::money::{add, sub};
use crate::receivables::account::InvoiceStatus;
use crate::receivables::ledger::Ledger;

/// A period runs from a date to a later or equal one.
pub const RULE_PERIOD: Rule = Rule { code: "cash.period.invalid", source: "facturier: a period runs forward" };

/// The forecast horizons, in days after the date.
pub const FORECAST_HORIZONS: [u32; 3] = [30, 60, 90];

/// A range of dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// The month of `date`, from its first day up to `date`.
    pub fn month_to_date(date: NaiveDate) -> Self {
        Period { from: date.with_day(1).unwrap_or(date), to: date }
    }

    /// True when `date` is in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Checks that `period` runs forward.
pub(crate) fn check_period(period: &Period, path: &str, out: &mut Vec<Violation>) {
    if period.from > period.to {
        out.push(RULE_PERIOD.at(path, format!("{} is after {}", period.from, period.to)));
    }
}

/// Invoiced and collected amounts of one customer over the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerFlow {
    /// Customer key.
    pub customer_id: String,
    /// Σ amount due of the invoices issued in the period.
    pub invoiced: Decimal,
    /// Σ credit notes issued in the period.
    pub credited: Decimal,
    /// Σ payments received in the period.
    pub collected: Decimal,
    /// Σ refunds made in the period.
    pub refunded: Decimal,
}

/// Invoiced versus collected over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CashFlow {
    /// The period (facts after the ledger's date are not known).
    pub period: Period,
    /// Σ amount due of the invoices issued in the period.
    pub invoiced: Decimal,
    /// Σ credit notes issued in the period.
    pub credited: Decimal,
    /// invoiced − credited.
    pub net_invoiced: Decimal,
    /// Σ payments received in the period.
    pub collected: Decimal,
    /// Σ refunds made in the period.
    pub refunded: Decimal,
    /// collected − refunded.
    pub net_collected: Decimal,
    /// Per customer with some movement in the period, by key.
    pub customers: Vec<CustomerFlow>,
}

/// Invoiced versus collected over `period` (see the module documentation).
pub fn cash_flow(ledger: &Ledger, period: Period) -> Result<CashFlow> {
    let mut customers: BTreeMap<&str, CustomerFlow> = BTreeMap::new();
    let row = |id: &str| CustomerFlow { customer_id: id.to_owned(), ..CustomerFlow::default() };
    let p = "cash";
    for i in ledger.invoices.iter().filter(|i| period.contains(i.issue_date)) {
        let c = customers.entry(&i.customer_id).or_insert_with(|| row(&i.customer_id));
        c.invoiced = add(c.invoiced, i.amount_due, p)?;
    }
    for n in ledger.credit_notes.iter().filter(|n| period.contains(n.issue_date)) {
        let c = customers.entry(&n.customer_id).or_insert_with(|| row(&n.customer_id));
        c.credited = add(c.credited, n.amount, p)?;
    }
    for x in ledger.payments.iter().filter(|x| period.contains(x.date)) {
        let c = customers.entry(&x.customer_id).or_insert_with(|| row(&x.customer_id));
        c.collected = add(c.collected, x.amount, p)?;
    }
    for r in ledger.refunds.iter().filter(|r| period.contains(r.date)) {
        let c = customers.entry(&r.customer_id).or_insert_with(|| row(&r.customer_id));
        c.refunded = add(c.refunded, r.amount, p)?;
    }
    let mut flow = CashFlow {
        period,
        invoiced: Decimal::ZERO,
        credited: Decimal::ZERO,
        net_invoiced: Decimal::ZERO,
        collected: Decimal::ZERO,
        refunded: Decimal::ZERO,
        net_collected: Decimal::ZERO,
        customers: vec![],
    };
    for c in customers.values() {
        flow.invoiced = add(flow.invoiced, c.invoiced, p)?;
        flow.credited = add(flow.credited, c.credited, p)?;
        flow.collected = add(flow.collected, c.collected, p)?;
        flow.refunded = add(flow.refunded, c.refunded, p)?;
    }
    flow.net_invoiced = sub(flow.invoiced, flow.credited, p)?;
    flow.net_collected = sub(flow.collected, flow.refunded, p)?;
    flow.customers = customers.into_values().collect();
    Ok(flow)
}

/// An invoice still owing something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnpaidInvoice {
    /// Invoice number.
    pub invoice: String,
    /// Customer key.
    pub customer_id: String,
    /// Buyer's name.
    pub buyer_name: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Status (issued-unpaid, partially paid or overdue).
    pub status: InvoiceStatus,
    /// Days past the due date, 0 if not due.
    pub days_late: i64,
    /// Amount due incl. tax.
    pub amount_due: Decimal,
    /// Still owed.
    pub outstanding: Decimal,
}

/// Every invoice still owing, by due date, then customer, then number.
pub fn unpaid(ledger: &Ledger) -> Vec<UnpaidInvoice> {
    let mut out: Vec<UnpaidInvoice> = ledger
        .invoices
        .iter()
        .filter(|i| i.outstanding > Decimal::ZERO)
        .map(|i| UnpaidInvoice {
            invoice: i.number.clone(),
            customer_id: i.customer_id.clone(),
            buyer_name: i.buyer_name.clone(),
            issue_date: i.issue_date,
            due_date: i.due_date,
            status: i.status,
            days_late: i.days_late,
            amount_due: i.amount_due,
            outstanding: i.outstanding,
        })
        .collect();
    out.sort_by(|a, b| (a.due_date, &a.customer_id, &a.invoice).cmp(&(b.due_date, &b.customer_id, &b.invoice)));
    out
}

/// Outstanding and credit of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerOutstanding {
    /// Customer key.
    pub customer_id: String,
    /// Σ still owed.
    pub outstanding: Decimal,
    /// Its credit not yet used or refunded.
    pub credit: Decimal,
}

/// A customer's payment habit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PaymentDelay {
    /// Customer key.
    pub customer_id: String,
    /// Invoices paid in full the average is taken over.
    pub paid_invoices: u32,
    /// Mean days between due date and settlement (negative: early), rounded to a day.
    pub average_delay_days: i64,
    /// Days the forecast shifts its due dates by: the average, never negative.
    pub shift_days: i64,
}

/// Each customer's average payment delay over its invoices paid in full, by key.
pub fn payment_delays(ledger: &Ledger) -> Result<Vec<PaymentDelay>> {
    let mut sums: BTreeMap<&str, (u32, i64)> = BTreeMap::new();
    for i in ledger.invoices.iter().filter(|i| i.status == InvoiceStatus::Paid && i.paid > Decimal::ZERO) {
        let Some(settled) = i.settled_on else { continue };
        let (n, total) = sums.entry(&i.customer_id).or_default();
        *n = n.saturating_add(1);
        *total = total.saturating_add(settled.signed_duration_since(i.due_date).num_days());
    }
    Ok(sums
        .into_iter()
        .map(|(id, (n, total))| {
            let mean = Decimal::from(total).checked_div(Decimal::from(n)).unwrap_or_default();
            let days = mean.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(0);
            PaymentDelay { customer_id: id.to_owned(), paid_invoices: n, average_delay_days: days, shift_days: days.max(0) }
        })
        .collect())
}

/// The cash expected within one window of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ForecastWindow {
    /// Horizon in days after the date (30, 60, 90).
    pub horizon_days: u32,
    /// Last day of the window.
    pub until: NaiveDate,
    /// Expected in this window.
    pub expected: Decimal,
    /// Expected from the date up to the end of this window.
    pub cumulative: Decimal,
}

/// The cash forecast as of the ledger's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Forecast {
    /// Due dates shifted by each customer's average payment delay.
    pub weighted: bool,
    /// J+30, J+60, J+90.
    pub windows: Vec<ForecastWindow>,
    /// Expected after J+90.
    pub later: Decimal,
    /// All outstanding amounts: the last cumulative + later.
    pub total: Decimal,
    /// The delays used (weighted) or known (unweighted), by customer.
    pub delays: Vec<PaymentDelay>,
}

/// The cash forecast at J+30, J+60 and J+90 from due dates (see the module documentation).
pub fn forecast(ledger: &Ledger, weighted: bool) -> Result<Forecast> {
    let delays = payment_delays(ledger)?;
    let shift: BTreeMap<&str, i64> = delays.iter().map(|d| (d.customer_id.as_str(), if weighted { d.shift_days } else { 0 })).collect();
    let as_of = ledger.as_of;
    let mut windows = Vec::with_capacity(FORECAST_HORIZONS.len());
    for h in FORECAST_HORIZONS {
        let until = as_of.checked_add_days(Days::new(u64::from(h))).ok_or_else(|| CoreError::Overflow { path: "forecast".into() })?;
        windows.push(ForecastWindow { horizon_days: h, until, expected: Decimal::ZERO, cumulative: Decimal::ZERO });
    }
    let mut later = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for i in ledger.invoices.iter().filter(|i| i.outstanding > Decimal::ZERO) {
        let days = shift.get(i.customer_id.as_str()).copied().unwrap_or(0);
        let expected = i.due_date.checked_add_days(Days::new(days.unsigned_abs()));
        let window = expected.and_then(|e| windows.iter_mut().find(|w| e <= w.until));
        match window {
            Some(w) => w.expected = add(w.expected, i.outstanding, "forecast")?,
            None => later = add(later, i.outstanding, "forecast")?,
        }
        total = add(total, i.outstanding, "forecast")?;
    }
    let mut cumulative = Decimal::ZERO;
    for w in &mut windows {
        cumulative = add(cumulative, w.expected, "forecast")?;
        w.cumulative = cumulative;
    }
    Ok(Forecast { weighted, windows, later, total, delays })
}

/// Every cash figure as of the ledger's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CashReport {
    /// Invoiced versus collected over the period.
    pub flow: CashFlow,
    /// Σ still owed.
    pub outstanding: Decimal,
    /// Σ customer credit not yet used or refunded.
    pub credit: Decimal,
    /// Per customer, by key.
    pub customers: Vec<CustomerOutstanding>,
    /// Invoices still owing.
    pub unpaid: Vec<UnpaidInvoice>,
    /// J+30, J+60, J+90.
    pub forecast: Forecast,
}

/// Every cash figure: `period` defaults to the month of the ledger's date up to it.
pub fn cash_report(ledger: &Ledger, period: Option<Period>, weighted: bool) -> Result<CashReport> {
    let period = period.unwrap_or_else(|| Period::month_to_date(ledger.as_of));
    let mut outstanding = Decimal::ZERO;
    let mut credit = Decimal::ZERO;
    for c in &ledger.customers {
        outstanding = add(outstanding, c.outstanding, "customers")?;
        credit = add(credit, c.credit, "customers")?;
    }
    Ok(CashReport {
        flow: cash_flow(ledger, period)?,
        outstanding,
        credit,
        customers: ledger
            .customers
            .iter()
            .map(|c| CustomerOutstanding { customer_id: c.customer_id.clone(), outstanding: c.outstanding, credit: c.credit })
            .collect(),
        unpaid: unpaid(ledger),
        forecast: forecast(ledger, weighted)?,
    })
}

#[cfg(test)]
mod tests;
