//! `facturier mrr`: the recurring-revenue report of a set of contracts over a range of months.
//!
//! Reads a [`ContractsInput`] (JSON, see `schema/contracts-input.schema.json`), computes the
//! [`MrrReport`] with [`ContractsInput::mrr_report`] and prints it, as JSON or as a French table:
//! MRR and ARR at the end of each month, the movements (new, expansion, reactivation,
//! contraction, churn, FX when rates are given), paying customers, the users' contract churn,
//! MoM evolution and renewal rate; then the period's rates (NRR, GRR, churns, renewal by count
//! and value, ARPA, LTV, CLV, CMRR) and churn by reason. With `--pdf`, the same report as a PDF
//! ([`facturier_core::RevenueReport`]: with the charts and the contracts to renew).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use facturier_core::contracts::metrics::{self, Ratio};
use facturier_core::contracts::movements::Movements;
use facturier_core::contracts::{ContractsInput, Month, MrrReport};
use facturier_core::presentation::{self, date};
use facturier_core::{CoreError, Decimal, Document, RevenueReport, json};
use facturier_pdf::{RenderOptions, Renderer};

use crate::CliError;
use crate::receivables::table;

/// Parses `text` as a contracts input; a JSON number with a fraction is refused with its path.
pub fn parse(text: &str) -> Result<ContractsInput, CliError> {
    Ok(json::from_str(text)?)
}

/// The report of `input` from `from` to `to`; an invalid input is a [`CoreError::Invalid`]
/// listing every violation of the input.
pub fn report(input: &ContractsInput, from: Month, to: Month) -> Result<MrrReport, CliError> {
    let v = input.violations();
    if !v.is_empty() {
        return Err(CoreError::Invalid(v).into());
    }
    Ok(input.mrr_report(from, to)?)
}

/// The report as pretty JSON (decimals as strings), with a final newline.
pub fn to_json(report: &MrrReport) -> Result<String, CliError> {
    Ok(json::to_string_pretty(report)? + "\n")
}

/// The report of `input` from `from` to `to` as a PDF.
pub fn pdf(renderer: &Renderer, input: &ContractsInput, from: Month, to: Month, options: &RenderOptions) -> Result<Vec<u8>, CliError> {
    let document = Document::RevenueReport(RevenueReport::new(input, from, to)?);
    Ok(renderer.render(&document, options)?)
}

/// `facturier mrr FILE --from M --to M [--json] [--pdf OUT] [--pdf-a]`: prints the report,
/// writes the PDF; exit 1 with every violation of an invalid input.
#[allow(clippy::print_stdout)]
pub fn run(file: &Path, from: Month, to: Month, as_json: bool, pdf_out: Option<&Path>, pdf_a: bool) -> Result<ExitCode, CliError> {
    let text_in = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let input = parse(&text_in)?;
    let r = match report(&input, from, to) {
        Ok(r) => r,
        Err(CliError::Core(CoreError::Invalid(violations))) => return crate::contracts::print_violations(file, &violations, as_json),
        Err(e) => return Err(e),
    };
    if as_json {
        print!("{}", to_json(&r)?);
    } else {
        print!("{}", text(&r));
    }
    if let Some(out) = pdf_out {
        let renderer = Renderer::new()?;
        let bytes = pdf(&renderer, &input, from, to, &RenderOptions { pdf_a, ..Default::default() })?;
        std::fs::write(out, bytes).map_err(CliError::io(out))?;
        if !as_json {
            println!("Rapport écrit : {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An amount, or `–` when zero.
fn amount(d: Decimal, currency: &str) -> String {
    if d.is_zero() { "–".to_owned() } else { presentation::money(d, currency) }
}

/// A rate, or `–` when undefined.
fn rate(r: Ratio) -> String {
    match r {
        Ratio::Value(v) => presentation::percent(v),
        Ratio::Undefined(_) => "–".to_owned(),
    }
}

fn movement_cells(mv: &Movements, currency: &str, fx: bool) -> Vec<String> {
    let mut cells = vec![
        amount(mv.new, currency),
        amount(mv.expansion, currency),
        amount(mv.reactivation, currency),
        amount(-mv.contraction, currency),
        amount(-mv.churn, currency),
    ];
    if fx {
        cells.push(amount(mv.fx, currency));
    }
    cells.push(mv.net().map_or_else(|e| format!("[{}]", e.code()), |n| amount(n, currency)));
    cells
}

/// The report in French, for a terminal: the monthly table, the period's rates, churn by reason.
pub fn text(r: &MrrReport) -> String {
    let cur = r.currency.0.as_str();
    let money = |d: Decimal| presentation::money(d, cur);
    let fx = r.months.iter().any(|m| !m.movements.fx.is_zero());
    let mut out = String::new();
    let period = if r.from_month == r.to_month {
        format!("en {}", presentation::month(r.from_month))
    } else {
        format!("de {} à {}", presentation::month(r.from_month), presentation::month(r.to_month))
    };
    let _ = writeln!(out, "Revenus récurrents {period}, en {cur}");
    let mut head = vec!["Mois", "MRR", "ARR", "Nouveau", "Expansion", "Réactivation", "Contraction", "Churn"];
    if fx {
        head.push("Change");
    }
    head.extend(["Variation", "Clients", "Churn contrats", "Évol. MoM", "Renouv."]);
    let mut rows = vec![head.into_iter().map(str::to_owned).collect::<Vec<_>>()];
    for m in &r.months {
        let mut row = vec![presentation::month_short(m.month), money(m.mrr_end), money(m.arr_end)];
        row.extend(movement_cells(&m.movements, cur, fx));
        row.push(m.customers_end.to_string());
        row.push(rate(m.contract_churn_rate));
        row.push(rate(m.mom_growth));
        row.push(if m.renewals.reaching_term == 0 {
            "–".to_owned()
        } else {
            format!("{} ({}/{})", rate(m.renewals.rate), m.renewals.renewed, m.renewals.reaching_term)
        });
        rows.push(row);
    }
    let p = &r.period;
    let mut total = vec!["Période".to_owned(), money(p.mrr_end), money(p.arr_end)];
    total.extend(movement_cells(&p.movements, cur, fx));
    total.push(r.months.last().map(|m| m.customers_end.to_string()).unwrap_or_default());
    total.push(String::new());
    total.push(rate(metrics::mom_growth(p.mrr_start, p.mrr_end)));
    total.push(if p.renewals.reaching_term == 0 {
        "–".to_owned()
    } else {
        format!("{} ({}/{})", rate(p.renewals.rate), p.renewals.renewed, p.renewals.reaching_term)
    });
    rows.push(total);
    table(&mut out, "  ", "l", &rows);

    let _ = writeln!(out);
    let start = r.from_month.first_day().pred_opt().unwrap_or(r.from_month.first_day());
    let end = r.to_month.last_day();
    let c = &p.cohort;
    let pct = presentation::ratio_percent;
    let ratio_money = |x: Ratio| presentation::ratio_money(x, cur);
    let _ = writeln!(out, "Indicateurs de la période");
    let kv = vec![
        vec![format!("MRR au {} → au {}", date(start), date(end)), format!("{} → {}", money(p.mrr_start), money(p.mrr_end))],
        vec![format!("ARR au {}", date(end)), money(p.arr_end)],
        vec!["CMRR (mouvements programmés compris)".to_owned(), money(p.cmrr)],
        vec![format!("NRR de la cohorte ({} client(s) au {})", c.customers, date(start)), pct(p.nrr)],
        vec!["GRR de la cohorte".to_owned(), pct(p.grr)],
        vec!["Churn clients de la cohorte".to_owned(), format!("{} ({} perdu(s))", pct(p.customer_churn_rate), c.lost)],
        vec!["Churn MRR brut / net".to_owned(), format!("{} / {}", pct(p.gross_mrr_churn), pct(p.net_mrr_churn))],
        vec![
            "Taux de renouvellement".to_owned(),
            format!(
                "{} ({} sur {}), en valeur {}",
                pct(p.renewals.rate),
                p.renewals.renewed,
                p.renewals.reaching_term,
                pct(p.renewals.rate_by_value)
            ),
        ],
        vec!["ARPA".to_owned(), ratio_money(p.arpa)],
        vec!["Montant moyen d'un contrat (MRR)".to_owned(), ratio_money(p.average_contract_mrr)],
        vec!["Durée moyenne de la relation".to_owned(), format!("{} mois", presentation::ratio_number(p.average_relationship_months))],
        vec!["CLV (montant moyen × durée moyenne)".to_owned(), ratio_money(p.clv)],
        vec!["LTV (ARPA / churn clients moyen)".to_owned(), ratio_money(p.ltv)],
    ];
    table(&mut out, "  ", "ll", &kv);

    let _ = writeln!(out);
    let _ = writeln!(out, "Churn par motif");
    if p.churn_by_reason.is_empty() {
        let _ = writeln!(out, "  aucun contrat terminé sur la période");
    } else {
        let rows: Vec<Vec<String>> = p
            .churn_by_reason
            .iter()
            .map(|x| vec![presentation::churn_reason(x.reason).to_owned(), format!("{} contrat(s)", x.contracts), money(x.mrr)])
            .collect();
        table(&mut out, "  ", "ll", &rows);
    }
    out
}
