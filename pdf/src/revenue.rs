//! The render data of the recurring-revenue report: what `templates/revenue-report.typ`
//! receives as `/data.json`.
//!
//! The report comes from the core ([`facturier_core::RevenueReport`]): the MRR report over a
//! range of months ([`facturier_core::contracts::mrr_report`]: MRR, ARR, movements, counts and
//! rates, each with its formula and source in [`facturier_core::contracts::metrics`]) and the
//! renewal schedule on its last day. Here every figure is only formatted, and the charts only
//! scaled: a chart receives each value as a position between 0 and 1000 on an axis whose bounds
//! and ticks are round amounts, so the template draws with Typst's own shapes and computes no
//! figure. Amounts are exact decimals to the end; positions are rounded to the nearest
//! thousandth of the plot's height.

use facturier_core::contracts::metrics::{self, Ratio};
use facturier_core::contracts::movements::{MonthFigures, Movements};
use facturier_core::contracts::{ChurnRecognition, DiscountPolicy, NrrPolicy};
use facturier_core::presentation::{self as format, NBSP};
use facturier_core::{Decimal, RevenueReport};
use serde::{Deserialize, Serialize};

use crate::doc::{BrandingData, Field, Meta, SCHEMA_VERSION, seller_party};
use crate::error::{PdfError, data};

/// Months drawn by the charts: the last twelve of the report.
pub const CHART_MONTHS: usize = 12;

/// The data `templates/revenue-report.typ` receives, every value a ready-to-print string or a
/// position on a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueDoc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `revenue_report`.
    pub document: String,
    /// "Revenus récurrents".
    pub title: String,
    /// The period, `2025-07 – 2026-12`.
    pub number: String,
    /// PDF metadata.
    pub meta: Meta,
    /// Right part of the running header from page 2.
    pub running: String,
    /// The period in words, `de juillet 2025 à décembre 2026`.
    pub period: String,
    /// The report's last day, `31/12/2026`.
    pub as_of: String,
    /// The reporting currency, `EUR`.
    pub currency: String,
    /// `Situation au 31/12/2026 · montants en EUR`.
    pub as_of_line: String,
    /// The business reported on, empty when the input names none.
    pub issuer: String,
    /// Its identity line (legal form, register, SIREN…), empty when none.
    pub issuer_identity: String,
    /// The headline figures.
    pub headline: Vec<Kpi>,
    /// MRR (left axis) and ARR (right axis) over the last months.
    pub mrr_chart: LineChart,
    /// The movements of the last months, up and down.
    pub movements_chart: BarChart,
    /// One row per month.
    pub months: Vec<MonthRow>,
    /// The period's row: its movements, its end, its rates.
    pub total: MonthRow,
    /// Some month has an exchange-rate effect: print its column.
    pub has_fx: bool,
    /// The period's figures and rates.
    pub rates: Vec<Field>,
    /// Contracts ended in the period, by reason.
    pub churn_by_reason: Vec<ReasonRow>,
    /// Printed instead of the reasons when no contract ended.
    pub no_churn: Option<String>,
    /// Contracts whose term ends within 90 days of the last day.
    pub to_renew: Vec<RenewRow>,
    /// Printed instead of the contracts to renew when there are none.
    pub no_renewal: Option<String>,
    /// What is due on the last day: alerts, letters, renewals to record.
    pub actions: Vec<String>,
    /// The definitions and their sources, in small print.
    pub notes: Vec<String>,
    /// Fixed labels.
    pub labels: RevenueLabels,
    /// Branding: colour, footer, logo path.
    pub branding: BrandingData,
}

/// A headline figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpi {
    /// "MRR".
    pub label: String,
    /// `12 345,00 €`.
    pub value: String,
    /// What it compares to, `+2,3 % sur le mois`.
    pub detail: String,
}

/// A tick of an axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    /// Position from the bottom of the plot, 0 to 1000.
    pub at: u32,
    /// `150 k€`.
    pub label: String,
}

/// A line chart: one point per month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChart {
    /// The title above the chart.
    pub title: String,
    /// Month labels, `janv. 2026`.
    pub labels: Vec<String>,
    /// Each month's position from the bottom, 0 to 1000.
    pub points: Vec<u32>,
    /// Each month's value, printed at the last point.
    pub values: Vec<String>,
    /// The left axis (MRR).
    pub left: Vec<Tick>,
    /// The right axis at the same positions (ARR = 12 × MRR).
    pub right: Vec<Tick>,
    /// "MRR".
    pub left_title: String,
    /// "ARR".
    pub right_title: String,
}

/// A piece of a bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// `new`, `expansion`, `reactivation`, `contraction`, `churn` or `fx`.
    pub kind: String,
    /// Lower end, 0 to 1000 from the bottom.
    pub from: u32,
    /// Upper end.
    pub to: u32,
}

/// One month's bar: increases above the zero line, decreases below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// The pieces, from the zero line outwards.
    pub segments: Vec<Segment>,
    /// The net change's position.
    pub net: u32,
}

/// A legend entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegendItem {
    /// The segment kind it names.
    pub kind: String,
    /// "Nouveau".
    pub label: String,
}

/// A bar chart of movements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarChart {
    /// The title above the chart.
    pub title: String,
    /// Month labels.
    pub labels: Vec<String>,
    /// One bar per month.
    pub bars: Vec<Bar>,
    /// The zero line's position.
    pub zero: u32,
    /// The axis.
    pub ticks: Vec<Tick>,
    /// The kinds drawn.
    pub legend: Vec<LegendItem>,
    /// "Variation nette".
    pub net_label: String,
}

/// One row of the monthly table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    /// `janv. 2026`, or "Période".
    pub month: String,
    /// MRR at the end.
    pub mrr: String,
    /// ARR at the end.
    pub arr: String,
    /// New business.
    pub new: String,
    /// Expansion.
    pub expansion: String,
    /// Reactivation.
    pub reactivation: String,
    /// Contraction, negative.
    pub contraction: String,
    /// Churn, negative.
    pub churn: String,
    /// Exchange-rate effect.
    pub fx: String,
    /// Net change.
    pub net: String,
    /// Paying customers at the end.
    pub customers: String,
    /// Users' contract churn of the month.
    pub contract_churn: String,
    /// Users' MoM evolution (over the period for the period's row).
    pub growth: String,
    /// Renewal rate of the terms ending in the month.
    pub renewal: String,
}

/// Contracts ended for a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonRow {
    /// "Prix", "Non reconduit à l'échéance"…
    pub reason: String,
    /// How many.
    pub contracts: String,
    /// The MRR they carried.
    pub mrr: String,
}

/// A contract whose term ends soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewRow {
    /// `≤ 30 j`, `≤ 60 j`, `≤ 90 j`.
    pub within: String,
    /// The contract.
    pub contract: String,
    /// Its customer.
    pub customer: String,
    /// Last day of the term.
    pub term_end: String,
    /// Last day to refuse the renewal.
    pub deadline: String,
    /// "reconduit", "prend fin"…
    pub at_term: String,
    /// ARR on the last day.
    pub arr: String,
    /// The consumer's information letter, when C. conso L215-1 applies.
    pub chatel: String,
}

/// Fixed labels of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueLabels {
    /// "Page".
    pub page: String,
    /// "Mois par mois".
    pub months: String,
    /// Column headers of the monthly table, in order (the FX one included).
    pub month_columns: Vec<String>,
    /// "Indicateurs de la période".
    pub rates: String,
    /// "Churn par motif".
    pub churn_by_reason: String,
    /// Reason, contracts, MRR.
    pub reason_columns: Vec<String>,
    /// "Contrats à renouveler (30, 60, 90 jours)".
    pub to_renew: String,
    /// Columns of the contracts to renew.
    pub renew_columns: Vec<String>,
    /// "À faire".
    pub actions: String,
    /// "Définitions et sources".
    pub notes: String,
}

impl Default for RevenueLabels {
    fn default() -> Self {
        let s = |x: &str| x.to_owned();
        RevenueLabels {
            page: s("Page"),
            months: s("Mois par mois"),
            month_columns: [
                "Mois",
                "MRR",
                "ARR",
                "Nouveau",
                "Expansion",
                "Réactivation",
                "Contraction",
                "Churn",
                "Change",
                "Variation",
                "Clients",
                "Churn contrats",
                "Évol. MoM",
                "Renouv.",
            ]
            .map(s)
            .to_vec(),
            rates: s("Indicateurs de la période"),
            churn_by_reason: s("Churn par motif"),
            reason_columns: ["Motif", "Contrats", "MRR perdu"].map(s).to_vec(),
            to_renew: s("Contrats à renouveler sous 30, 60, 90 jours"),
            renew_columns: ["Sous", "Contrat", "Client", "Fin du terme", "Date limite", "À l'échéance", "ARR", "Information Chatel"]
                .map(s)
                .to_vec(),
            actions: s("À faire"),
            notes: s("Définitions et sources"),
        }
    }
}

/// An axis: its bounds and step, round amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Axis {
    low: Decimal,
    high: Decimal,
    step: Decimal,
}

/// The round step (1, 2, 2,5 or 5 × a power of ten) dividing `span` in about `ticks` parts.
fn nice_step(span: Decimal, ticks: u32) -> Decimal {
    let ten = Decimal::TEN;
    let Some(raw) = span.checked_div(Decimal::from(ticks.max(1))).filter(|r| *r > Decimal::ZERO) else { return Decimal::ONE };
    let mut p = Decimal::ONE;
    // the largest power of ten not above `raw` (amounts stay within 10^±28: bounded loops)
    for _ in 0..40 {
        match p.checked_mul(ten) {
            Some(q) if q <= raw => p = q,
            _ => break,
        }
    }
    for _ in 0..40 {
        if p <= raw {
            break;
        }
        p = p.checked_div(ten).unwrap_or(p);
    }
    for m in [Decimal::ONE, Decimal::TWO, Decimal::new(25, 1), Decimal::new(5, 0), ten] {
        if let Some(s) = m.checked_mul(p).filter(|s| *s >= raw) {
            return s;
        }
    }
    p.checked_mul(ten).unwrap_or(p)
}

/// `x` rounded up to a multiple of `step`.
fn ceil_to(x: Decimal, step: Decimal) -> Decimal {
    match x.checked_div(step).map(|q| q.ceil()).and_then(|q| q.checked_mul(step)) {
        Some(v) => v,
        None => x,
    }
}

impl Axis {
    /// From `low` (≤ 0) to `high` (≥ 0), both rounded outwards to a step, at least one step tall.
    fn spanning(low: Decimal, high: Decimal) -> Axis {
        let (low, high) = (low.min(Decimal::ZERO), high.max(Decimal::ZERO));
        let step = nice_step(high.checked_sub(low).unwrap_or(high), 5);
        let mut high = ceil_to(high, step);
        let low = -ceil_to(-low, step);
        if high == low {
            high = step;
        }
        Axis { low, high, step }
    }

    /// The position of `v`, 0 (low) to 1000 (high), rounded half away from zero.
    fn at(&self, v: Decimal) -> u32 {
        let span = self.high.checked_sub(self.low).unwrap_or(Decimal::ONE);
        let pos = v
            .checked_sub(self.low)
            .and_then(|x| x.checked_mul(Decimal::ONE_THOUSAND))
            .and_then(|x| x.checked_div(span))
            .map(|x| x.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
            .unwrap_or_default();
        u32::try_from(pos.clamp(Decimal::ZERO, Decimal::ONE_THOUSAND)).unwrap_or(0)
    }

    /// The ticks from low to high, each labelled by `label` (bounded: at most 20).
    fn ticks(&self, label: &dyn Fn(Decimal) -> String) -> Vec<Tick> {
        let mut out = Vec::new();
        let mut v = self.low;
        while v <= self.high && out.len() < 20 {
            out.push(Tick { at: self.at(v), label: label(v) });
            match v.checked_add(self.step) {
                Some(n) => v = n,
                None => break,
            }
        }
        out
    }
}

/// An amount on an axis, compact: `1,5 M€`, `150 k€`, `500 €` (`k USD` in another currency).
fn compact(v: Decimal, currency: &str) -> String {
    let unit = if currency == "EUR" { "€" } else { currency };
    let sep = if currency == "EUR" { "" } else { " " };
    let a = v.abs();
    let (scaled, suffix) = if a >= Decimal::from(1_000_000) {
        (v.checked_div(Decimal::from(1_000_000)).unwrap_or(v), "M")
    } else if a >= Decimal::ONE_THOUSAND {
        (v.checked_div(Decimal::ONE_THOUSAND).unwrap_or(v), "k")
    } else {
        (v, "")
    };
    let number = format::quantity(scaled.round_dp(1));
    if suffix.is_empty() { format!("{number}{NBSP}{unit}") } else { format!("{number}{NBSP}{suffix}{sep}{unit}") }
}

/// The movements that raise MRR, with their kinds (FX when positive).
fn ups(m: &Movements) -> [(&'static str, Decimal); 4] {
    [("new", m.new), ("expansion", m.expansion), ("reactivation", m.reactivation), ("fx", m.fx.max(Decimal::ZERO))]
}

/// The movements that lower MRR, as positive amounts (FX when negative).
fn downs(m: &Movements) -> [(&'static str, Decimal); 3] {
    [("contraction", m.contraction), ("churn", m.churn), ("fx", (-m.fx).max(Decimal::ZERO))]
}

fn sum(list: &[(&str, Decimal)]) -> Decimal {
    list.iter().fold(Decimal::ZERO, |acc, (_, x)| acc.checked_add(*x).unwrap_or(acc))
}

/// The label of a movement kind.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "new" => "Nouveau",
        "expansion" => "Expansion",
        "reactivation" => "Réactivation",
        "contraction" => "Contraction",
        "churn" => "Churn",
        _ => "Change",
    }
}

fn bar_chart(months: &[MonthFigures], currency: &str) -> Result<BarChart, PdfError> {
    let high = months.iter().map(|m| sum(&ups(&m.movements))).max().unwrap_or_default();
    let low = months.iter().map(|m| sum(&downs(&m.movements))).max().unwrap_or_default();
    let axis = Axis::spanning(-low, high);
    let zero = axis.at(Decimal::ZERO);
    let mut present: Vec<&str> = Vec::new();
    let mut bars = Vec::with_capacity(months.len());
    for m in months {
        let mut segments = Vec::new();
        let mut top = Decimal::ZERO;
        for (kind, x) in ups(&m.movements).into_iter().filter(|(_, x)| !x.is_zero()) {
            let next = top.checked_add(x).ok_or_else(|| data("movements out of range"))?;
            segments.push(Segment { kind: kind.into(), from: axis.at(top), to: axis.at(next) });
            top = next;
            present.push(kind);
        }
        let mut bottom = Decimal::ZERO;
        for (kind, x) in downs(&m.movements).into_iter().filter(|(_, x)| !x.is_zero()) {
            let next = bottom.checked_sub(x).ok_or_else(|| data("movements out of range"))?;
            segments.push(Segment { kind: kind.into(), from: axis.at(next), to: axis.at(bottom) });
            bottom = next;
            present.push(kind);
        }
        let net = m.movements.net().map_err(|e| data(e.to_string()))?;
        bars.push(Bar { segments, net: axis.at(net) });
    }
    let legend = ["new", "expansion", "reactivation", "contraction", "churn", "fx"]
        .into_iter()
        .filter(|k| present.contains(k))
        .map(|k| LegendItem { kind: k.into(), label: kind_label(k).into() })
        .collect();
    Ok(BarChart {
        title: "Mouvements du MRR par mois".into(),
        labels: months.iter().map(|m| format::month_short(m.month)).collect(),
        bars,
        zero,
        ticks: axis.ticks(&|v| compact(v, currency)),
        legend,
        net_label: "Variation nette".into(),
    })
}

fn line_chart(months: &[MonthFigures], currency: &str) -> LineChart {
    let high = months.iter().map(|m| m.mrr_end).max().unwrap_or_default();
    let axis = Axis::spanning(Decimal::ZERO, high);
    let twelve = Decimal::from(12);
    LineChart {
        title: "MRR et ARR en fin de mois".into(),
        labels: months.iter().map(|m| format::month_short(m.month)).collect(),
        points: months.iter().map(|m| axis.at(m.mrr_end)).collect(),
        values: months.iter().map(|m| format::money(m.mrr_end, currency)).collect(),
        left: axis.ticks(&|v| compact(v, currency)),
        right: axis.ticks(&|v| compact(v.checked_mul(twelve).unwrap_or(v), currency)),
        left_title: "MRR".into(),
        right_title: "ARR (12 × MRR)".into(),
    }
}

/// An amount, or an en dash when it is zero.
fn amount_or_dash(d: Decimal, currency: &str) -> String {
    if d.is_zero() { "–".to_owned() } else { format::money(d, currency) }
}

fn month_row(label: String, end: Decimal, arr: Decimal, mv: &Movements, currency: &str) -> Result<MonthRow, PdfError> {
    let m = |d: Decimal| amount_or_dash(d, currency);
    let net = mv.net().map_err(|e| data(e.to_string()))?;
    Ok(MonthRow {
        month: label,
        mrr: format::money(end, currency),
        arr: format::money(arr, currency),
        new: m(mv.new),
        expansion: m(mv.expansion),
        reactivation: m(mv.reactivation),
        contraction: m(-mv.contraction),
        churn: m(-mv.churn),
        fx: m(mv.fx),
        net: m(net),
        customers: String::new(),
        contract_churn: String::new(),
        growth: String::new(),
        renewal: String::new(),
    })
}

/// A rate, or an en dash when undefined (the table has no room for why; the rates block says).
fn rate_or_dash(r: Ratio) -> String {
    match r {
        Ratio::Value(v) => format::percent(v),
        Ratio::Undefined(_) => "–".to_owned(),
    }
}

/// A rate with a sign: `+2,3 %`.
fn signed_rate(r: Ratio) -> String {
    match r {
        Ratio::Value(v) if v > Decimal::ZERO => format!("+{}", format::percent(v)),
        other => format::ratio_percent(other),
    }
}

/// A signed amount: `+1 234,00 €`.
fn signed_money(d: Decimal, currency: &str) -> String {
    if d > Decimal::ZERO { format!("+{}", format::money(d, currency)) } else { format::money(d, currency) }
}

/// The render data of a recurring-revenue report.
pub(crate) fn revenue_doc(doc: &RevenueReport, branding: BrandingData) -> Result<RevenueDoc, PdfError> {
    let (r, settings) = (doc.report(), doc.settings());
    let cur = r.currency.0.as_str();
    let money = |d: Decimal| format::money(d, cur);
    let p = &r.period;
    let as_of = format::date(doc.as_of());
    let period = if r.from_month == r.to_month {
        format!("en {}", format::month(r.from_month))
    } else {
        format!("de {} à {}", format::month(r.from_month), format::month(r.to_month))
    };

    let mut months = Vec::with_capacity(r.months.len());
    for m in &r.months {
        let mut row = month_row(format::month_short(m.month), m.mrr_end, m.arr_end, &m.movements, cur)?;
        row.customers = m.customers_end.to_string();
        row.contract_churn = rate_or_dash(m.contract_churn_rate);
        row.growth = rate_or_dash(m.mom_growth);
        row.renewal = if m.renewals.reaching_term == 0 {
            "–".into()
        } else {
            format!("{} ({}/{})", rate_or_dash(m.renewals.rate), m.renewals.renewed, m.renewals.reaching_term)
        };
        months.push(row);
    }
    let period_growth = metrics::mom_growth(p.mrr_start, p.mrr_end);
    let mut total = month_row("Période".into(), p.mrr_end, p.arr_end, &p.movements, cur)?;
    total.customers = r.months.last().map(|m| m.customers_end.to_string()).unwrap_or_default();
    total.growth = rate_or_dash(period_growth);
    total.renewal = if p.renewals.reaching_term == 0 {
        "–".into()
    } else {
        format!("{} ({}/{})", rate_or_dash(p.renewals.rate), p.renewals.renewed, p.renewals.reaching_term)
    };
    let has_fx = r.months.iter().any(|m| !m.movements.fx.is_zero());

    let chart_months = r.months.get(r.months.len().saturating_sub(CHART_MONTHS)..).unwrap_or(&[]);
    let net = p.movements.net().map_err(|e| data(e.to_string()))?;
    let last = r.months.last();
    let headline = vec![
        Kpi {
            label: "MRR".into(),
            value: money(p.mrr_end),
            detail: last.map_or_else(String::new, |m| format!("{} sur {}", signed_rate(m.mom_growth), format::month_short(m.month))),
        },
        Kpi { label: "ARR".into(), value: money(p.arr_end), detail: "12 × MRR".into() },
        Kpi {
            label: "Variation nette".into(),
            value: signed_money(net, cur),
            detail: format!("{} sur la période", signed_rate(period_growth)),
        },
        Kpi { label: "NRR".into(), value: format::ratio_percent(p.nrr), detail: format!("GRR {}", format::ratio_percent(p.grr)) },
        Kpi {
            label: "Renouvellement".into(),
            value: format::ratio_percent(p.renewals.rate),
            detail: format!("{} sur {} contrats à échéance", p.renewals.renewed, p.renewals.reaching_term),
        },
        Kpi {
            label: "Churn contrats".into(),
            value: last.map_or_else(|| "–".into(), |m| format::ratio_percent(m.contract_churn_rate)),
            detail: last.map_or_else(String::new, |m| format!("{} résilié(s) en {}", m.contracts_ended, format::month_short(m.month))),
        },
    ];

    let f = |label: &str, value: String| Field { label: label.to_owned(), value };
    let start_day = format::date(r.from_month.first_day().pred_opt().unwrap_or(r.from_month.first_day()));
    let cohort = &p.cohort;
    let rates = vec![
        f(&format!("MRR au {start_day}"), money(p.mrr_start)),
        f(&format!("MRR au {as_of}"), money(p.mrr_end)),
        f(&format!("ARR au {as_of}"), money(p.arr_end)),
        f("CMRR (mouvements programmés compris)", money(p.cmrr)),
        f("Variation nette du MRR", signed_money(net, cur)),
        f(&format!("NRR de la cohorte ({} client(s) au {start_day})", cohort.customers), format::ratio_percent(p.nrr)),
        f("GRR de la cohorte", format::ratio_percent(p.grr)),
        f("Churn clients de la cohorte", format!("{} ({} perdu(s))", format::ratio_percent(p.customer_churn_rate), cohort.lost)),
        f("Churn MRR brut", format::ratio_percent(p.gross_mrr_churn)),
        f("Churn MRR net", format::ratio_percent(p.net_mrr_churn)),
        f(
            "Taux de renouvellement",
            format!("{} ({} sur {})", format::ratio_percent(p.renewals.rate), p.renewals.renewed, p.renewals.reaching_term),
        ),
        f("Renouvellement en valeur (ARR)", format::ratio_percent(p.renewals.rate_by_value)),
        f("ARPA", format::ratio_money(p.arpa, cur)),
        f("Montant moyen d'un contrat (MRR)", format::ratio_money(p.average_contract_mrr, cur)),
        f("Durée moyenne de la relation", format!("{} mois", format::ratio_number(p.average_relationship_months))),
        f("CLV (montant moyen × durée moyenne)", format::ratio_money(p.clv, cur)),
        f("LTV (ARPA / churn clients moyen)", format::ratio_money(p.ltv, cur)),
    ];

    let churn_by_reason: Vec<ReasonRow> = p
        .churn_by_reason
        .iter()
        .map(|x| ReasonRow { reason: format::churn_reason(x.reason).into(), contracts: x.contracts.to_string(), mrr: money(x.mrr) })
        .collect();

    let s = doc.renewals();
    let mut soon: Vec<(i64, &str)> = Vec::new();
    for id in &s.to_renew.within_90 {
        if let Some(c) = s.contracts.iter().find(|c| &c.contract_id == id) {
            soon.push((c.days_to_term_end.unwrap_or_default(), id.as_str()));
        }
    }
    soon.sort_unstable();
    let mut to_renew = Vec::with_capacity(soon.len());
    for (days, id) in soon {
        let Some(c) = s.contracts.iter().find(|c| c.contract_id == id) else { continue };
        let arr = r.contracts.iter().find(|v| v.contract_id == id).map_or(Decimal::ZERO, |v| v.arr);
        let within = if days <= 30 {
            30
        } else if days <= 60 {
            60
        } else {
            90
        };
        to_renew.push(RenewRow {
            within: format!("{within}{NBSP}j"),
            contract: id.to_owned(),
            customer: c.customer_id.clone(),
            term_end: c.term.and_then(|t| t.to).map(format::date).unwrap_or_default(),
            deadline: c.refusal_deadline.map(format::date).unwrap_or_default(),
            at_term: format::at_term(c.at_term).into(),
            arr: money(arr),
            chatel: c.chatel.map(|w| format::chatel_state(w.state).to_owned()).unwrap_or_else(|| "–".into()),
        });
    }

    let mut actions = Vec::new();
    if !s.alerts_due.is_empty() {
        let list: Vec<String> = s.alerts_due.iter().map(|a| format!("{} (J-{})", a.contract_id, a.days_before)).collect();
        actions.push(format!("Alertes de renouvellement dues : {}.", list.join(", ")));
    }
    if !s.chatel_letters_due.is_empty() {
        actions
            .push(format!("Lettres d'information avant reconduction à envoyer (C. conso L215-1) : {}.", s.chatel_letters_due.join(", ")));
    }
    if !s.chatel_missed.is_empty() {
        actions.push(format!(
            "Information manquée ou tardive, résiliation gratuite possible après la reconduction (C. conso L215-1 al. 2) : {}.",
            s.chatel_missed.join(", ")
        ));
    }
    if !s.renewals_due.is_empty() {
        actions.push(format!("Reconductions à enregistrer : {}.", s.renewals_due.join(", ")));
    }

    let discounts = match settings.discounts {
        DiscountPolicy::AsInvoiced => "nettes des remises récurrentes en vigueur (comme facturé, ChartMogul)",
        DiscountPolicy::ForeverOnly => "nettes des seules remises sans fin (coupons « forever », Stripe)",
    };
    let churn = match settings.churn_recognition {
        ChurnRecognition::AtEffectiveEnd => "au lendemain du dernier jour en vigueur",
        ChurnRecognition::AtNotification => "à la notification de la résiliation",
    };
    let nrr = match settings.nrr {
        NrrPolicy::ExcludeReactivation => "réactivations non créditées",
        NrrPolicy::IncludeReactivation => "réactivations créditées (ChartMogul)",
    };
    let notes = vec![
        format!(
            "MRR : lignes récurrentes hors taxes ramenées au mois (trimestriel ÷ 3, annuel ÷ 12, pluriannuel ÷ 12n), {discounts} ; \
             frais ponctuels, essais gratuits et contrats en pause exclus ; chaque contrat arrondi au centime. ARR = 12 × MRR. \
             Montants en {cur}{}.",
            if settings.exchange_rates.is_empty() { "" } else { ", convertis aux taux fournis" }
        ),
        format!(
            "Mouvements par client et par jour : nouveau (premier paiement), expansion, réactivation (retour d'un client perdu), \
             contraction (dont pause et fin d'un contrat parmi plusieurs), churn (fin du dernier contrat, constaté {churn}) ; \
             MRR de fin = MRR de début + nouveau + expansion + réactivation − contraction − churn{}.",
            if has_fx { " + change" } else { "" }
        ),
        format!(
            "NRR et GRR : cohorte des clients payants au {start_day}, nouveaux clients exclus, {nrr}. Churn contrats = contrats \
             terminés dans le mois / contrats actifs au début ; renouvellement = contrats reconduits / contrats arrivés à terme. \
             LTV = ARPA / churn clients moyen des {} mois précédents (non définie à churn nul) ; CLV = montant moyen d'un contrat \
             × durée moyenne de la relation.",
            settings.ltv_trailing_months
        ),
        "Sources : définitions de ChartMogul, Stripe Billing et Baremetrics (shared/spec/domain.md §4) ; indicateurs du plan des \
         utilisateurs (taux de renouvellement, churn contrats, évolution MoM). Calculs exacts en décimales, taux arrondis à 0,01 point."
            .to_owned(),
    ];

    let mut labels = RevenueLabels::default();
    if !has_fx {
        labels.month_columns.retain(|c| c != "Change");
    }
    let (issuer, issuer_identity) = match doc.seller() {
        Some(seller) => {
            let party = seller_party(seller);
            (party.name, party.identity_line)
        }
        None => (String::new(), String::new()),
    };
    let number = format!("{} – {}", r.from_month, r.to_month);
    let title = "Revenus récurrents".to_owned();
    Ok(RevenueDoc {
        schema_version: SCHEMA_VERSION,
        document: "revenue_report".into(),
        meta: Meta {
            title: if issuer.is_empty() { format!("{title} {period}") } else { format!("{title} {period} — {issuer}") },
            author: issuer.clone(),
            lang: "fr".into(),
            creator: crate::creator(),
        },
        running: format!("{title} {period}"),
        title,
        number,
        period,
        as_of,
        as_of_line: format!("Situation au {} · montants en {cur}", format::date(doc.as_of())),
        currency: cur.to_owned(),
        issuer,
        issuer_identity,
        headline,
        mrr_chart: line_chart(chart_months, cur),
        movements_chart: bar_chart(chart_months, cur)?,
        months,
        total,
        has_fx,
        rates,
        no_churn: churn_by_reason.is_empty().then(|| "Aucun contrat terminé sur la période.".to_owned()),
        churn_by_reason,
        no_renewal: to_renew
            .is_empty()
            .then(|| format!("Aucun terme n'arrive à échéance dans les 90 jours suivant le {}.", format::date(doc.as_of()))),
        to_renew,
        actions,
        notes,
        labels,
        branding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn round_steps() {
        assert_eq!(nice_step(d("147532641.01"), 5), d("50000000"));
        assert_eq!(nice_step(d("1000"), 5), d("200"));
        assert_eq!(nice_step(d("12"), 5), d("2.5"));
        assert_eq!(nice_step(d("0.3"), 5), d("0.1"));
        assert_eq!(nice_step(Decimal::ZERO, 5), Decimal::ONE);
    }

    #[test]
    fn axes_and_positions() {
        let a = Axis::spanning(Decimal::ZERO, d("1234.56"));
        assert_eq!((a.low, a.high, a.step), (Decimal::ZERO, d("1250"), d("250")));
        assert_eq!((a.at(Decimal::ZERO), a.at(d("625")), a.at(d("1250")), a.at(d("99999"))), (0, 500, 1000, 1000));
        // movements: 300 up, 120 down → step 100, from −200 to 300, zero at 400
        let m = Axis::spanning(d("-120"), d("300"));
        assert_eq!((m.low, m.high, m.at(Decimal::ZERO)), (d("-200"), d("300"), 400));
        assert_eq!(m.ticks(&|v| v.to_string()).iter().map(|t| t.at).collect::<Vec<_>>(), [0, 200, 400, 600, 800, 1000]);
        // nothing to draw: one step tall
        let z = Axis::spanning(Decimal::ZERO, Decimal::ZERO);
        assert_eq!((z.low, z.high), (Decimal::ZERO, Decimal::ONE));
    }

    #[test]
    fn compact_amounts() {
        assert_eq!(compact(d("1500000"), "EUR"), "1,5\u{a0}M€");
        assert_eq!(compact(d("150000"), "EUR"), "150\u{a0}k€");
        assert_eq!(compact(d("-2500"), "EUR"), "-2,5\u{a0}k€");
        assert_eq!(compact(d("500"), "USD"), "500\u{a0}USD");
        assert_eq!(compact(d("20000"), "USD"), "20\u{a0}k USD");
        assert_eq!(compact(Decimal::ZERO, "EUR"), "0\u{a0}€");
    }
}
