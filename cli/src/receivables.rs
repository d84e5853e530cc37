//! `facturier receivables`: who owes what as of a date, the reminders to send and the cash to expect.
//!
//! Reads a [`ReceivablesInput`] (JSON, see `schema/receivables-input.schema.json`), computes the
//! [`ReceivablesReport`] with [`facturier_core::receivables::receivables`] and prints it, either
//! as JSON or as a French report: aging balance, reminders due with the interest and indemnity
//! to claim, late interest, unpaid invoices and cash figures.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use facturier_core::presentation::{self, date, euros, percent};
use facturier_core::receivables::aging::AgingBuckets;
use facturier_core::receivables::dunning::ReminderKind;
use facturier_core::receivables::interest::InterestResult;
use facturier_core::receivables::{ReceivablesInput, ReceivablesReport};
use facturier_core::{Decimal, NaiveDate, json};

use crate::CliError;

/// Parses `text` as a receivables input; a JSON number with a fraction is refused with its path.
pub fn parse(text: &str) -> Result<ReceivablesInput, CliError> {
    Ok(json::from_str(text)?)
}

/// The report of `input` as of `as_of`; an invalid input is a [`facturier_core::CoreError::Invalid`]
/// listing every violation.
pub fn report(input: &ReceivablesInput, as_of: NaiveDate) -> Result<ReceivablesReport, CliError> {
    Ok(facturier_core::receivables::receivables(input, as_of)?)
}

/// The report as pretty JSON (decimals as strings), with a final newline.
pub fn to_json(report: &ReceivablesReport) -> Result<String, CliError> {
    Ok(json::to_string_pretty(report)? + "\n")
}

/// The reference dates (1 January or 1 July) whose rate was the last known one, not a published
/// one, in any interest of the report.
pub fn provisional_reference_dates(report: &ReceivablesReport) -> BTreeSet<NaiveDate> {
    let results = report.interest.invoices.iter().map(|i| &i.result).chain(report.reminders.iter().map(|r| &r.interest_detail));
    results.flat_map(|r| r.segments.iter().filter(|s| s.provisional).map(|s| s.reference_date)).collect()
}

/// The warning printed when some interest used a provisional rate, if any.
pub fn provisional_warning(report: &ReceivablesReport) -> Option<String> {
    let dates = provisional_reference_dates(report);
    if dates.is_empty() && !report.interest.provisional {
        return None;
    }
    let list = dates.iter().map(|d| date(*d)).collect::<Vec<_>>().join(", ");
    Some(format!(
        "Attention : taux provisoire. Le taux de référence du {list} n'est pas encore dans les tables publiées :\n\
         le dernier taux connu a été appliqué ; fournissez le taux publié dans `rates` (entrée) pour des intérêts définitifs."
    ))
}

/// The rates applied by an interest computation: `12,15 %`, or `13,15 % puis 12,15 %`.
fn rates(result: &InterestResult) -> String {
    let mut out: Vec<Decimal> = Vec::new();
    for s in &result.segments {
        if out.last() != Some(&s.applied_rate) {
            out.push(s.applied_rate);
        }
    }
    out.into_iter().map(percent).collect::<Vec<_>>().join(" puis ")
}

/// Writes `rows` as columns two spaces apart, each row indented; `align` has one letter per
/// column, `l` (left) or `r` (right); columns beyond it are right-aligned.
pub(crate) fn table(out: &mut String, indent: &str, align: &str, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..columns).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|cell| cell.chars().count()).max().unwrap_or(0)).collect();
    for row in rows {
        let mut line = String::from(indent);
        for (c, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            if align.as_bytes().get(c) == Some(&b'l') {
                let _ = write!(line, "{cell:<width$}");
            } else {
                let _ = write!(line, "{cell:>width$}");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn bucket_row(label: String, b: &AgingBuckets) -> Vec<String> {
    let mut row = vec![label];
    row.extend([b.not_due, b.days_1_30, b.days_31_60, b.days_61_90, b.days_over_90, b.total].map(euros));
    row
}

fn customer_name<'a>(report: &'a ReceivablesReport, customer_id: &str) -> &'a str {
    report.customers.iter().find(|c| c.customer_id == customer_id).and_then(|c| c.name.as_deref()).unwrap_or("")
}

fn aging(out: &mut String, r: &ReceivablesReport) {
    let _ = writeln!(out, "Balance âgée (restant dû TTC)");
    if r.aging.customers.is_empty() {
        let _ = writeln!(out, "  rien n'est dû");
        return;
    }
    let header = ["Client", "", "Non échu", "1-30 j", "31-60 j", "61-90 j", "> 90 j", "Total"];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    for c in &r.aging.customers {
        let mut row = bucket_row(c.customer_id.clone(), &c.buckets);
        row.insert(1, customer_name(r, &c.customer_id).to_owned());
        rows.push(row);
    }
    let mut total = bucket_row("Total".to_owned(), &r.aging.total);
    total.insert(1, String::new());
    rows.push(total);
    table(out, "  ", "ll", &rows);
}

fn reminders(out: &mut String, r: &ReceivablesReport) {
    let _ = writeln!(out, "Relances à envoyer ({})", r.reminders.len());
    if r.reminders.is_empty() {
        let _ = writeln!(out, "  aucune");
    }
    for m in &r.reminders {
        let _ = writeln!(out, "  {}  {}  {}", m.invoice, m.customer_id, m.buyer_name);
        let lateness = if m.days_late > 0 { format!("{} j de retard", m.days_late) } else { "pas encore échue".to_owned() };
        let _ = writeln!(out, "    {} ({}), échéance {}, {lateness}", presentation::reminder_title(m.kind), m.level, date(m.due_date));
        let _ = writeln!(
            out,
            "    restant dû {}, intérêts {}, indemnité {}, total réclamé {}",
            euros(m.outstanding),
            euros(m.interest),
            euros(m.indemnity),
            euros(m.total_claimed)
        );
        if let Some(deadline) = m.payment_deadline {
            let what = if m.kind == ReminderKind::FormalNotice { "mise en demeure : payer avant le" } else { "à payer avant le" };
            let _ = writeln!(out, "    {what} {}", date(deadline));
        }
    }
}

fn interest(out: &mut String, r: &ReceivablesReport) {
    let i = &r.interest;
    let _ = writeln!(out, "Intérêts de retard et indemnités : {} + {} = {}", euros(i.interest), euros(i.indemnities), euros(i.total));
    if i.invoices.is_empty() {
        return;
    }
    let mut rows = vec![["Facture", "Client", "Retard", "Taux", "Intérêts", "Indemnité", ""].map(str::to_owned).to_vec()];
    rows.extend(i.invoices.iter().map(|x| {
        vec![
            x.invoice.clone(),
            x.customer_id.clone(),
            format!("{} j", x.result.days),
            rates(&x.result),
            euros(x.result.interest),
            euros(x.result.indemnity),
            if x.result.provisional { "provisoire".to_owned() } else { String::new() },
        ]
    }));
    table(out, "  ", "ll", &rows);
}

fn unpaid(out: &mut String, r: &ReceivablesReport) {
    let _ = writeln!(out, "Factures impayées ({}), restant dû {}", r.cash.unpaid.len(), euros(r.cash.outstanding));
    let mut rows = vec![["Facture", "Client", "Émise le", "Échéance", "Statut", "Montant dû", "Reste dû"].map(str::to_owned).to_vec()];
    for u in &r.cash.unpaid {
        let label = presentation::invoice_status(u.status);
        let status = if u.days_late > 0 { format!("{label} ({} j)", u.days_late) } else { label.to_owned() };
        rows.push(vec![
            u.invoice.clone(),
            u.customer_id.clone(),
            date(u.issue_date),
            date(u.due_date),
            status,
            euros(u.amount_due),
            euros(u.outstanding),
        ]);
    }
    if r.cash.unpaid.is_empty() {
        let _ = writeln!(out, "  aucune");
    } else {
        table(out, "  ", "lllll", &rows);
    }
    if !r.cash.credit.is_zero() {
        let _ = writeln!(out, "  crédit clients à utiliser ou rembourser : {}", euros(r.cash.credit));
    }
    if !r.drafts.is_empty() {
        let drafts: Vec<String> =
            r.drafts.iter().map(|d| format!("{} ({}, {} TTC)", d.id, d.customer_id, euros(d.total_incl_tax))).collect();
        let _ = writeln!(out, "  brouillons : {}", drafts.join(", "));
    }
}

fn cash(out: &mut String, r: &ReceivablesReport) {
    let f = &r.cash.flow;
    let known = if f.period.to > r.as_of { format!(", connus au {}", date(r.as_of)) } else { String::new() };
    let _ = writeln!(out, "Facturé et encaissé du {} au {}{known}", date(f.period.from), date(f.period.to));
    let rows = vec![
        vec!["facturé".to_owned(), euros(f.invoiced), "− avoirs".to_owned(), euros(f.credited), "=".to_owned(), euros(f.net_invoiced)],
        vec![
            "encaissé".to_owned(),
            euros(f.collected),
            "− remboursé".to_owned(),
            euros(f.refunded),
            "=".to_owned(),
            euros(f.net_collected),
        ],
    ];
    table(out, "  ", "lrlrlr", &rows);
    let fc = &r.cash.forecast;
    let weighting = if fc.weighted { ", pondérée par le retard moyen de chaque client" } else { ", aux échéances" };
    let _ = writeln!(out, "Prévision d'encaissement{weighting}");
    let mut rows: Vec<Vec<String>> = fc
        .windows
        .iter()
        .map(|w| vec![format!("J+{}", w.horizon_days), format!("jusqu'au {}", date(w.until)), euros(w.expected), euros(w.cumulative)])
        .collect();
    rows.insert(0, ["", "", "attendu", "cumul"].map(str::to_owned).to_vec());
    rows.push(vec!["au-delà".to_owned(), String::new(), euros(fc.later), euros(fc.total)]);
    table(out, "  ", "ll", &rows);
    for d in fc.delays.iter().filter(|d| d.shift_days != 0) {
        let _ = writeln!(out, "  {} paie en moyenne {} j après l'échéance", d.customer_id, d.average_delay_days);
    }
}

/// The report in French, for a terminal: aging, reminders due, interest, unpaid invoices, cash.
pub fn text(r: &ReceivablesReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Créances au {}", date(r.as_of));
    let _ = writeln!(out);
    aging(&mut out, r);
    let _ = writeln!(out);
    reminders(&mut out, r);
    if let Some(w) = provisional_warning(r) {
        for line in w.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out);
    interest(&mut out, r);
    let _ = writeln!(out);
    unpaid(&mut out, r);
    let _ = writeln!(out);
    cash(&mut out, r);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(as_of: &str) -> ReceivablesReport {
        let input = parse(include_str!("../../examples/receivables.json")).unwrap();
        report(&input, as_of.parse().unwrap()).unwrap()
    }

    #[test]
    fn columns_are_aligned() {
        let mut out = String::new();
        let rows = vec![vec!["a".to_owned(), "1,00 €".to_owned()], vec!["long".to_owned(), "1 234,00 €".to_owned()]];
        table(&mut out, "  ", "l", &rows);
        assert_eq!(out, "  a         1,00 €\n  long  1 234,00 €\n");
    }

    #[test]
    fn provisional_warning_names_the_reference_dates() {
        assert_eq!(provisional_warning(&sample("2026-03-16")), None);
        let r = sample("2026-07-10");
        assert_eq!(provisional_reference_dates(&r).into_iter().collect::<Vec<_>>(), ["2026-07-01".parse::<NaiveDate>().unwrap()]);
        let w = provisional_warning(&r).unwrap();
        assert!(w.contains("01/07/2026") && w.contains("`rates`"), "{w}");
    }

    #[test]
    fn rates_of_a_delay_across_half_years() {
        let r = sample("2026-03-16");
        let late = r.interest.invoices.iter().find(|i| i.invoice == "F-2026-00002").unwrap();
        assert_eq!(rates(&late.result), "10,15\u{a0}%");
        let mut two = late.result.clone();
        let mut next = two.segments[0].clone();
        next.applied_rate = Decimal::new(1215, 2);
        two.segments.push(next);
        assert_eq!(rates(&two), "10,15\u{a0}% puis 12,15\u{a0}%");
    }

    #[test]
    fn an_empty_input_prints_an_empty_report() {
        let r = report(&ReceivablesInput::default(), "2026-03-16".parse().unwrap()).unwrap();
        let t = text(&r);
        assert!(t.contains("rien n'est dû") && t.contains("Relances à envoyer (0)") && t.contains("Factures impayées (0)"), "{t}");
        assert!(t.contains("du 01/03/2026 au 16/03/2026"), "{t}");
    }
}
