//! Recurring invoicing: the invoice drafts each contract owes, one per contract and billing
//! period, in advance or in arrears, never for a day already invoiced.
//!
//! - **Billing periods** follow each line's frequency: calendar months, quarters (from
//!   January), half-years, years, or N-year blocks from 1 January of the start's year (anchor
//!   `calendar`, the default), or periods counted from the start (anchor `start`).
//! - **Billed days**: the contract in force (start to end: termination or term without
//!   renewal), neither paused nor in its free trial, each line from the day it is added to the
//!   day before it is removed. A mid-period amendment splits the period: each part is a line
//!   of its own at the quantity and price in force.
//! - **Prorata temporis, actual days**: a part of `d` days of a period of `D` days (both counted
//!   inclusively, the period's own calendar days: 28 to 31 for a month, 365 or 366 for a year)
//!   is billed `unit price × d / D`, the prorated unit price rounded half away from zero to 6
//!   decimals (BR-FR-DEC-01), the line net rounded to the cent by the totals as any line
//!   (PEPPOL-EN16931-R120). A whole period is billed at its unit price, no prorata. The parts of
//!   a period split in `k` add up to the whole period's amount within `k` cents. No rule of law
//!   fixes the day count: the actual days of the period are the common reading of "prorata
//!   temporis" and what Stripe and ChartMogul prorate by (time over the period \[M1c\]).
//! - **Discounts**: percentages in force become the line's discount (EN 16931 BT-138); amounts
//!   (per billing period of the line) are prorated like the price and added, as an amount
//!   (BT-136) never above the line.
//! - **One-off lines** are due on their day (the start by default): they go on the contract's
//!   first draft dated on or after it, or on a draft of their own that day.
//! - **The draft**: `InvoiceDraft::new(seller, buyer, lines)` with the contract's currency,
//!   territory, payment terms, purchase order and quote; the contract reference (BT-12) and
//!   the billing period (BG-14) as fields and as notes (printed), each line's service period (BT-134/135) in its
//!   description and in [`BilledLine`]. It goes through [`crate::check`] and [`crate::issue`]
//!   as any draft; nothing is issued here.
//! - **Never twice**: the host passes the periods already invoiced ([`InvoicedPeriod`], which
//!   each draft lists in `billed`); their days are never billed again, whatever the run. Same
//!   input, same drafts.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::{Change, Replay};
use crate::contracts::calendar::{Month, add_months, days_inclusive, next_day, prev_day};
use crate::contracts::contract::{BillingAnchor, BillingFrequency, Contract, RecurringLine, Timing, check_contracts};
use crate::contracts::renewal::end_of;
use crate::documents::draft::InvoiceDraft;
use crate::error::{CoreError, Result, Violation, declare_rules};
use crate::line::{Discount, Line};
use crate::money::{UNIT_PRICE_DECIMALS, add, mul, round2};
use crate::party::Seller;
use crate::receivables::cash::Period;

declare_rules! { RULES;
    /// An invoiced period runs forward.
    INVOICED = "billing.invoiced.invalid", "facturier: an invoiced period runs from a day to the same or a later one";
    /// A billing run covers a period that runs forward.
    RUN_PERIOD = "billing.period.invalid", "facturier: a billing run covers a period that runs forward";
}

/// Days of a contract line already invoiced, from `from` to `to` (both included): what the
/// host records when it issues a draft (its `billed` list).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoicedPeriod {
    /// The contract.
    pub contract_id: String,
    /// The recurring or one-off line.
    pub line_id: String,
    /// First day invoiced.
    pub from: NaiveDate,
    /// Last day invoiced.
    pub to: NaiveDate,
}

/// What a line of a draft bills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BilledLine {
    /// The draft's line id.
    pub draft_line_id: String,
    /// The contract's line id.
    pub contract_line_id: String,
    /// First day of service billed (BT-134).
    pub from: NaiveDate,
    /// Last day of service billed (BT-135).
    pub to: NaiveDate,
    /// Days billed.
    pub days: u32,
    /// Days of the billing period (the prorata's denominator); 0 for a one-off line.
    pub period_days: u32,
    /// True for a one-off line.
    pub one_off: bool,
}

/// An invoice draft a contract owes for one billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ContractInvoice {
    /// The contract (its reference, BT-12).
    pub contract_id: String,
    /// Its customer.
    pub customer_id: String,
    /// The day it is due to be issued: the first day billed (in advance) or the day after the
    /// last (in arrears).
    pub billing_date: NaiveDate,
    /// In advance or in arrears.
    pub timing: Timing,
    /// The billing period (BG-14).
    pub period: Period,
    /// The draft, ready for `check` and `issue`.
    pub draft: InvoiceDraft,
    /// What each line bills.
    pub lines: Vec<BilledLine>,
    /// The periods to record as invoiced once the draft is issued.
    pub billed: Vec<InvoicedPeriod>,
}

/// A line's constant run: the same quantity, price and discounts from `from` to `to`.
#[derive(Debug, Clone, Copy)]
struct Run<'a> {
    line: &'a RecurringLine,
    from: NaiveDate,
    to: NaiveDate,
    quantity: Decimal,
    unit_price: Decimal,
    percent: Decimal,
    amount: Decimal,
}

/// The billing period of `frequency` containing `d`.
fn period_of(c: &Contract, frequency: BillingFrequency, d: NaiveDate) -> Period {
    let m = frequency.months().max(1);
    let span = i32::try_from(m).unwrap_or(1);
    let mi = Month::of(d).index();
    let from = match c.billing_anchor {
        BillingAnchor::Calendar => {
            let base = if 12u32.checked_rem(m) == Some(0) { 0 } else { c.start.year().saturating_mul(12) };
            let block = base.saturating_add(mi.saturating_sub(base).div_euclid(span).saturating_mul(span));
            Month::from_index(block).first_day()
        }
        BillingAnchor::Start => {
            let s = c.start;
            let months = mi.saturating_sub(Month::of(s).index());
            let mut k = u32::try_from(months.div_euclid(span)).unwrap_or(0);
            while k > 0 && add_months(s, k.saturating_mul(m)) > d {
                k = k.saturating_sub(1);
            }
            while add_months(s, k.saturating_add(1).saturating_mul(m)) <= d {
                k = k.saturating_add(1);
            }
            add_months(s, k.saturating_mul(m))
        }
    };
    let to = match c.billing_anchor {
        BillingAnchor::Start => {
            let s = c.start;
            let months = Month::of(from).index().saturating_sub(Month::of(s).index());
            prev_day(add_months(s, u32::try_from(months).unwrap_or(0).saturating_add(m)))
        }
        BillingAnchor::Calendar => prev_day(add_months(from, m)),
    };
    Period { from, to }
}

/// The runs of every recurring line of `c`, billed days only, up to `until`.
fn runs<'a>(c: &'a Contract, until: NaiveDate) -> Result<Vec<Run<'a>>> {
    let end = end_of(c).map_or(until, |e| e.min(until));
    let mut days: Vec<NaiveDate> = vec![c.start];
    days.extend(c.trial_until.map(next_day));
    for a in &c.amendments {
        days.push(a.effective);
        for ch in &a.changes {
            if let Change::AddDiscount(d) = ch {
                days.extend(d.from);
                days.extend(d.until.map(next_day));
            }
        }
    }
    for p in &c.pauses {
        days.push(p.from);
        days.extend(p.until.map(next_day));
    }
    for d in &c.discounts {
        days.extend(d.from);
        days.extend(d.until.map(next_day));
    }
    days.retain(|d| *d >= c.start && *d <= end);
    days.sort_unstable();
    days.dedup();
    let mut replay = Replay::new(c, None);
    let mut open: BTreeMap<&str, Run<'a>> = BTreeMap::new();
    let mut out: Vec<Run<'a>> = Vec::new();
    for (k, day) in days.iter().enumerate() {
        let piece_to = days.get(k.saturating_add(1)).map_or(end, |n| prev_day(*n));
        replay.advance_to(*day);
        let billed = !c.pauses.iter().any(|p| p.covers(*day)) && c.trial_until.is_none_or(|t| *day > t);
        let mut seen: Vec<&str> = Vec::with_capacity(replay.lines.len());
        if billed {
            for l in &replay.lines {
                let mut percent = Decimal::ZERO;
                let mut amount = Decimal::ZERO;
                for d in replay.discounts.iter().filter(|d| d.covers(*day) && d.discount.line_id.as_ref().is_none_or(|id| *id == l.line.id))
                {
                    match d.discount.value {
                        Discount::Percent(p) => percent = add(percent, p, "discounts")?,
                        Discount::Amount(a) => amount = add(amount, a, "discounts")?,
                    }
                }
                let run = Run { line: l.line, from: *day, to: piece_to, quantity: l.quantity, unit_price: l.unit_price, percent, amount };
                seen.push(l.line.id.as_str());
                match open.get_mut(l.line.id.as_str()) {
                    Some(r)
                        if r.quantity == run.quantity
                            && r.unit_price == run.unit_price
                            && r.percent == run.percent
                            && r.amount == run.amount
                            && next_day(r.to) == run.from =>
                    {
                        r.to = run.to
                    }
                    _ => {
                        if let Some(r) = open.insert(l.line.id.as_str(), run) {
                            out.push(r);
                        }
                    }
                }
            }
        }
        // lines not billed from this day on close their run
        let closed: Vec<&str> = open.keys().filter(|id| !seen.contains(id)).copied().collect();
        for id in closed {
            if let Some(r) = open.remove(id) {
                out.push(r);
            }
        }
    }
    out.extend(open.into_values());
    out.sort_by(|a, b| (a.line.id.as_str(), a.from).cmp(&(b.line.id.as_str(), b.from)));
    Ok(out)
}

/// `[from, to]` minus the invoiced ranges `covered` (sorted), as ranges.
fn uncovered(from: NaiveDate, to: NaiveDate, covered: &[(NaiveDate, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut cursor = from;
    for &(a, b) in covered {
        if b < cursor || a > to {
            continue;
        }
        if a > cursor {
            out.push((cursor, prev_day(a)));
        }
        if b >= to {
            return out;
        }
        cursor = cursor.max(next_day(b));
    }
    if cursor <= to {
        out.push((cursor, to));
    }
    out
}

/// The invoiced days of each (contract, line), sorted.
type Coverage<'a> = BTreeMap<(&'a str, &'a str), Vec<(NaiveDate, NaiveDate)>>;

/// A part of a run billed in one period.
struct Part<'a> {
    run: Run<'a>,
    period: Period,
    from: NaiveDate,
    to: NaiveDate,
}

/// The invoice line of a part, and what it bills.
fn invoice_line(part: &Part<'_>, n: usize) -> Result<(Line, BilledLine)> {
    let days = days_inclusive(part.from, part.to);
    let period_days = days_inclusive(part.period.from, part.period.to);
    let r = &part.run;
    let path = "lines";
    let whole = days == period_days;
    let prorate = |x: Decimal| -> Result<Decimal> {
        if whole {
            return Ok(x);
        }
        Ok(mul(x, Decimal::from(days), path)?.checked_div(Decimal::from(period_days)).unwrap_or_default())
    };
    let unit_price = prorate(r.unit_price)?.round_dp_with_strategy(UNIT_PRICE_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
    let discount = if r.amount.is_zero() {
        (!r.percent.is_zero()).then_some(Discount::Percent(r.percent.min(Decimal::ONE_HUNDRED)))
    } else {
        let gross = round2(mul(r.quantity, unit_price, path)?);
        let from_percent =
            round2(mul(gross, r.percent.min(Decimal::ONE_HUNDRED), path)?.checked_div(Decimal::ONE_HUNDRED).unwrap_or_default());
        Some(Discount::Amount(add(from_percent, round2(prorate(r.amount)?), path)?.min(gross)))
    };
    let p = crate::presentation::date;
    let mut description = format!("{} — du {} au {}", r.line.description, p(part.from), p(part.to));
    if !whole {
        description.push_str(&format!(" (prorata {days}/{period_days} jours)"));
    }
    let id = n.to_string();
    Ok((
        Line {
            id: id.clone(),
            description,
            quantity: r.quantity,
            unit: r.line.unit.clone(),
            unit_price,
            discount,
            vat_category: r.line.vat_category,
            vat_rate: r.line.vat_rate,
            supply: r.line.supply,
            allowances: Vec::new(),
            charges: Vec::new(),
            price_base_quantity: None,
            gross_price: None,
        },
        BilledLine {
            draft_line_id: id,
            contract_line_id: r.line.id.clone(),
            from: part.from,
            to: part.to,
            days,
            period_days,
            one_off: false,
        },
    ))
}

/// The drafts of `c` with a billing date in `[after, until]`.
fn contract_invoices(
    c: &Contract,
    after: NaiveDate,
    until: NaiveDate,
    invoiced: &Coverage<'_>,
    seller: &Seller,
) -> Result<Vec<ContractInvoice>> {
    let longest = c
        .lines
        .iter()
        .chain(
            c.amendments.iter().flat_map(|a| a.changes.iter()).filter_map(|ch| if let Change::AddLine(l) = ch { Some(&**l) } else { None }),
        )
        .map(|l| l.billing.months())
        .max()
        .unwrap_or(1);
    // advance drafts bill up to a period ahead of their date
    let horizon = add_months(until, longest.saturating_add(1));
    let mut parts: BTreeMap<(NaiveDate, NaiveDate, Timing), Vec<Part<'_>>> = BTreeMap::new();
    for run in runs(c, horizon)? {
        let covered = invoiced.get(&(c.id.as_str(), run.line.id.as_str())).map_or(&[][..], Vec::as_slice);
        let mut d = run.from;
        while d <= run.to {
            let period = period_of(c, run.line.billing, d);
            let to = period.to.min(run.to);
            for (a, b) in uncovered(d, to, covered) {
                if !run.quantity.is_zero() {
                    parts.entry((period.from, period.to, run.line.timing)).or_default().push(Part { run, period, from: a, to: b });
                }
            }
            d = next_day(to);
            if to >= NaiveDate::MAX.pred_opt().unwrap_or(NaiveDate::MAX) {
                break;
            }
        }
    }
    let mut out: Vec<ContractInvoice> = Vec::new();
    for ((pfrom, pto, timing), mut list) in parts {
        let billing_date = match timing {
            Timing::Advance => list.iter().map(|p| p.from).min().unwrap_or(pfrom),
            Timing::Arrears => next_day(list.iter().map(|p| p.to).max().unwrap_or(pto)),
        };
        if billing_date < after || billing_date > until {
            continue;
        }
        list.sort_by(|a, b| {
            (c.lines.iter().position(|l| l.id == a.run.line.id), a.run.line.id.as_str(), a.from).cmp(&(
                c.lines.iter().position(|l| l.id == b.run.line.id),
                b.run.line.id.as_str(),
                b.from,
            ))
        });
        let mut lines = Vec::with_capacity(list.len());
        let mut billed_lines = Vec::with_capacity(list.len());
        for (k, part) in list.iter().enumerate() {
            let (line, billed) = invoice_line(part, k.saturating_add(1))?;
            lines.push(line);
            billed_lines.push(billed);
        }
        out.push(draft_of(c, seller, billing_date, timing, Period { from: pfrom, to: pto }, lines, billed_lines));
    }
    out.sort_by_key(|a| (a.billing_date, a.period.from, a.timing));
    // one-off lines: on the first draft dated on or after their day, else on their own
    for o in &c.one_off_lines {
        let on = o.on.unwrap_or(c.start);
        if invoiced.contains_key(&(c.id.as_str(), o.id.as_str())) || on < after || on > until {
            continue;
        }
        let line = Line {
            id: String::new(),
            description: o.description.clone(),
            quantity: o.quantity,
            unit: o.unit.clone(),
            unit_price: o.unit_price,
            discount: None,
            vat_category: o.vat_category,
            vat_rate: o.vat_rate,
            supply: o.supply,
            allowances: Vec::new(),
            charges: Vec::new(),
            price_base_quantity: None,
            gross_price: None,
        };
        let target = match out.iter().position(|i| i.billing_date >= on) {
            Some(k) => k,
            None => {
                out.push(draft_of(c, seller, on, Timing::Advance, Period { from: on, to: on }, vec![], vec![]));
                out.len().saturating_sub(1)
            }
        };
        if let Some(inv) = out.get_mut(target) {
            let id = inv.draft.lines.len().saturating_add(1).to_string();
            inv.draft.lines.push(Line { id: id.clone(), ..line });
            inv.lines.push(BilledLine {
                draft_line_id: id,
                contract_line_id: o.id.clone(),
                from: on,
                to: on,
                days: 1,
                period_days: 0,
                one_off: true,
            });
            inv.billed.push(InvoicedPeriod { contract_id: c.id.clone(), line_id: o.id.clone(), from: on, to: on });
        }
    }
    Ok(out)
}

fn draft_of(
    c: &Contract,
    seller: &Seller,
    billing_date: NaiveDate,
    timing: Timing,
    period: Period,
    lines: Vec<Line>,
    billed_lines: Vec<BilledLine>,
) -> ContractInvoice {
    let p = crate::presentation::date;
    let mut draft = InvoiceDraft::new(seller.clone(), c.buyer.clone(), lines);
    draft.currency = c.currency.clone();
    draft.territory = c.territory;
    draft.payment_terms = c.payment_terms.clone();
    draft.purchase_order = c.purchase_order.clone();
    draft.quote = c.origin.as_ref().and_then(|o| o.quote.clone());
    // EN 16931 BT-12 and BG-14 for the e-invoice; the notes print them on the PDF.
    draft.contract_reference = Some(c.id.clone());
    draft.invoicing_period = Some(crate::documents::draft::InvoicingPeriod { start: period.from, end: period.to });
    draft.notes = vec![format!("Contrat N° {}", c.id)];
    if period.from != period.to {
        draft.notes.push(format!("Période facturée : du {} au {}", p(period.from), p(period.to)));
    }
    let billed = billed_lines
        .iter()
        .map(|b| InvoicedPeriod { contract_id: c.id.clone(), line_id: b.contract_line_id.clone(), from: b.from, to: b.to })
        .collect();
    ContractInvoice {
        contract_id: c.id.clone(),
        customer_id: c.customer_id.clone(),
        billing_date,
        timing,
        period,
        draft,
        lines: billed_lines,
        billed,
    }
}

/// Every violation of the invoiced periods (paths `invoiced[i]…`).
pub(crate) fn invoiced_violations(invoiced: &[InvoicedPeriod], v: &mut Vec<Violation>) {
    for (i, p) in invoiced.iter().enumerate() {
        if p.to < p.from {
            v.push(INVOICED.at(format!("invoiced[{i}].to"), format!("{} is before {}", p.to, p.from)));
        }
    }
}

fn index_invoiced(invoiced: &[InvoicedPeriod]) -> Result<Coverage<'_>> {
    let mut v = Vec::new();
    invoiced_violations(invoiced, &mut v);
    if !v.is_empty() {
        return Err(CoreError::Invalid(v));
    }
    let mut map: BTreeMap<(&str, &str), Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
    for p in invoiced {
        map.entry((p.contract_id.as_str(), p.line_id.as_str())).or_default().push((p.from, p.to));
    }
    for list in map.values_mut() {
        list.sort_unstable();
    }
    Ok(map)
}

fn run(
    contracts: &[Contract],
    after: NaiveDate,
    until: NaiveDate,
    invoiced: &[InvoicedPeriod],
    seller: &Seller,
) -> Result<Vec<ContractInvoice>> {
    check_contracts(contracts)?;
    drafts_of(contracts, after, until, invoiced, seller)
}

/// The drafts of contracts already checked, billing dates in `[after, until]`.
pub(crate) fn drafts_of(
    contracts: &[Contract],
    after: NaiveDate,
    until: NaiveDate,
    invoiced: &[InvoicedPeriod],
    seller: &Seller,
) -> Result<Vec<ContractInvoice>> {
    let map = index_invoiced(invoiced)?;
    let mut out = Vec::new();
    for c in contracts {
        out.extend(contract_invoices(c, after, until, &map, seller)?);
    }
    out.sort_by(|a, b| {
        (a.billing_date, a.contract_id.as_str(), a.period.from, a.timing).cmp(&(
            b.billing_date,
            b.contract_id.as_str(),
            b.period.from,
            b.timing,
        ))
    });
    Ok(out)
}

/// The drafts whose billing date falls in `period`: one per contract and billing period (and
/// timing), for the days not yet invoiced. Running it twice with the same input gives the same
/// drafts; once the host records their `billed` periods, none of those days is billed again.
///
/// Refused with every violation of the contracts, or an invalid `invoiced` entry or period.
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{Contract, billing_runs};
/// use facturier_core::receivables::cash::Period;
/// use facturier_core::{InvoiceDraft, NumberingState, dated::day, issue, json};
///
/// let c: Contract = json::from_str(include_str!("examples/maintenance.json"))?;
/// let seller = json::from_str::<InvoiceDraft>(include_str!("../../../examples/invoice-draft.json"))?.seller;
/// let march = Period { from: day(2026, 3, 1), to: day(2026, 3, 31) };
/// let drafts = billing_runs(&[c], march, &[], &seller)?;
/// assert_eq!(drafts.len(), 1); // March, in advance
/// let (invoice, _) = issue(drafts[0].draft.clone(), &NumberingState::new("F", "F-{YYYY}-{SEQ:4}")?, day(2026, 3, 1))?;
/// assert_eq!(invoice.totals().total_excl_tax.to_string(), "600.00");
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn billing_runs(contracts: &[Contract], period: Period, invoiced: &[InvoicedPeriod], seller: &Seller) -> Result<Vec<ContractInvoice>> {
    if period.to < period.from {
        return Err(RUN_PERIOD.refuse("period", format!("{} is before {}", period.to, period.from)));
    }
    run(contracts, period.from, period.to, invoiced, seller)
}

/// Every draft due on or before `as_of` not yet invoiced, from each contract's start: what the
/// host's daily job issues (catching up any day missed).
pub fn invoices_due(
    contracts: &[Contract],
    as_of: NaiveDate,
    invoiced: &[InvoicedPeriod],
    seller: &Seller,
) -> Result<Vec<ContractInvoice>> {
    run(contracts, NaiveDate::MIN, as_of, invoiced, seller)
}

#[cfg(test)]
mod tests;
