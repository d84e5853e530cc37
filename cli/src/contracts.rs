//! `facturier contracts`: what a set of contracts needs on a day.
//!
//! Reads a [`ContractsInput`] (JSON, see `schema/contracts-input.schema.json`; its `seller` issues
//! the drafts and sends the letters), computes the [`ContractsReport`] with
//! [`ContractsInput::report`] and prints it, as JSON or as a French report: the renewal alerts
//! due, the consumers' information windows (C. conso L215-1: letter due, sent, late or missed,
//! and the free termination it opens), what renews or ends and when, the renewals to record and
//! the invoice drafts to issue. With `--letters DIR`, the information letters due that day are
//! written as PDFs.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use facturier_core::contracts::{
    AtTerm, ChatelLetter, ChatelState, ContractRenewal, ContractStatus, ContractsInput, ContractsReport, chatel_letter,
};
use facturier_core::presentation::{self, date};
use facturier_core::{CoreError, Decimal, Document, NaiveDate, Violation, json};

use crate::CliError;
use crate::receivables::table;

/// Parses `text` as a contracts input; a JSON number with a fraction is refused with its path.
pub fn parse(text: &str) -> Result<ContractsInput, CliError> {
    Ok(json::from_str(text)?)
}

/// The report of `input` on `as_of`; an invalid input is a [`facturier_core::CoreError::Invalid`]
/// listing every violation (the seller missing among them).
pub fn report(input: &ContractsInput, as_of: NaiveDate) -> Result<ContractsReport, CliError> {
    Ok(input.report(as_of)?)
}

/// The report as pretty JSON (decimals as strings), with a final newline.
pub fn to_json(report: &ContractsReport) -> Result<String, CliError> {
    Ok(json::to_string_pretty(report)? + "\n")
}

/// The Chatel letters to send on the report's day (window open, none recorded), dated that day,
/// with their PDF file names `chatel-<contract>.pdf`.
pub fn letters_due(input: &ContractsInput, report: &ContractsReport) -> Result<Vec<(String, ChatelLetter)>, CliError> {
    let Some(seller) = input.seller.as_ref() else { return Ok(vec![]) };
    let mut out = Vec::new();
    for id in &report.renewals.chatel_letters_due {
        if let Some(c) = input.contracts.iter().find(|c| &c.id == id) {
            out.push((format!("chatel-{}.pdf", file_safe(id)), chatel_letter(c, seller, report.as_of)?));
        }
    }
    Ok(out)
}

/// `id` with every character but ASCII letters, digits, `-` and `_` replaced by `_`: a file name.
pub fn file_safe(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// "01/07/2026 → 30/06/2027", "depuis le 01/07/2026".
fn term_words(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{} → {}", date(from), date(to)),
        None => format!("depuis le {}", date(from)),
    }
}

/// What happens at the end of the current term, in words.
fn at_term_words(r: &ContractRenewal, input: &ContractsInput) -> String {
    match (r.at_term, r.next_term) {
        (AtTerm::Renews, Some(n)) => match n.to {
            Some(to) => format!("reconduit le {} jusqu'au {}", date(n.from), date(to)),
            None => format!("reconduit le {} pour une durée indéterminée", date(n.from)),
        },
        (AtTerm::Terminated, _) => {
            let effective =
                input.contracts.iter().find(|c| c.id == r.contract_id).and_then(|c| c.termination.as_ref()).map(|t| t.effective);
            match effective {
                Some(e) => format!("résilié, dernier jour le {}", date(e)),
                None => "résilié".to_owned(),
            }
        }
        (AtTerm::Ends, _) => match r.term.and_then(|t| t.to) {
            Some(to) => format!("prend fin le {}", date(to)),
            None => "terminé".to_owned(),
        },
        (at, _) => presentation::at_term(at).to_owned(),
    }
}

fn alerts(out: &mut String, r: &ContractsReport) {
    let s = &r.renewals;
    let _ = writeln!(out, "Alertes de renouvellement dues ({})", s.alerts_due.len());
    if s.alerts_due.is_empty() {
        let _ = writeln!(out, "  aucune");
        return;
    }
    let mut rows = vec![["Contrat", "Client", "Alerte", "depuis le", "Date limite de non-reconduction"].map(str::to_owned).to_vec()];
    for a in &s.alerts_due {
        let customer = s.contracts.iter().find(|c| c.contract_id == a.contract_id).map_or("", |c| c.customer_id.as_str());
        rows.push(vec![a.contract_id.clone(), customer.to_owned(), format!("J-{}", a.days_before), date(a.date), date(a.refusal_deadline)]);
    }
    table(out, "  ", "lllll", &rows);
}

fn chatel(out: &mut String, r: &ContractsReport) {
    let windows: Vec<&ContractRenewal> =
        r.renewals.contracts.iter().filter(|c| c.chatel.is_some() || c.free_termination_since.is_some()).collect();
    let _ = writeln!(out, "Information des consommateurs avant reconduction, C. conso L215-1 ({})", windows.len());
    if windows.is_empty() {
        let _ = writeln!(out, "  aucun contrat concerné");
    }
    for c in windows {
        if let Some(w) = c.chatel {
            let sent = w.letter_sent_on.map_or_else(String::new, |d| format!(" le {}", date(d)));
            let _ = writeln!(out, "  {}  {}  {}{sent}", c.contract_id, c.customer_id, presentation::chatel_state(w.state));
            let _ = writeln!(
                out,
                "    lettre à envoyer du {} au {}, date limite de non-reconduction {} (encadrée), reconduction le {}",
                date(w.opens),
                date(w.closes),
                date(w.refusal_deadline),
                date(w.renewal_date)
            );
            if matches!(w.state, ChatelState::Missed | ChatelState::SentLate) {
                let _ = writeln!(
                    out,
                    "    sans information à temps, le consommateur pourra résilier gratuitement à tout moment à compter du {} (L215-1 al. 2)",
                    date(w.renewal_date)
                );
            }
        }
        if let Some(since) = c.free_termination_since {
            let _ = writeln!(
                out,
                "  {}  reconduit sans information à temps : résiliation gratuite possible depuis le {}, avances remboursées sous 30 jours (L215-1 al. 2-3)",
                c.contract_id,
                date(since)
            );
        }
    }
}

fn terms(out: &mut String, r: &ContractsReport, input: &ContractsInput) {
    let s = &r.renewals;
    let _ = writeln!(out, "Échéances ({} contrats)", s.contracts.len());
    if s.contracts.is_empty() {
        let _ = writeln!(out, "  aucun contrat");
        return;
    }
    let mut rows = vec![["Contrat", "Client", "Statut", "Terme en cours", "Date limite", "À l'échéance"].map(str::to_owned).to_vec()];
    for c in &s.contracts {
        rows.push(vec![
            c.contract_id.clone(),
            c.customer_id.clone(),
            presentation::contract_status(c.status).to_owned(),
            c.term.map_or_else(|| "–".to_owned(), |t| term_words(t.from, t.to)),
            c.refusal_deadline.map_or_else(|| "–".to_owned(), date),
            at_term_words(c, input),
        ]);
    }
    table(out, "  ", "llllll", &rows);
    let list = |ids: &[String]| if ids.is_empty() { "aucun".to_owned() } else { ids.join(", ") };
    let t = &s.to_renew;
    let _ = writeln!(
        out,
        "  terme sous 30 jours : {} ; sous 60 jours : {} ; sous 90 jours : {}",
        list(&t.within_30),
        list(&t.within_60),
        list(&t.within_90)
    );
    if !s.renewals_due.is_empty() {
        let _ = writeln!(out, "  reconductions à enregistrer (renew) : {}", s.renewals_due.join(", "));
    }
}

fn invoices(out: &mut String, r: &ContractsReport) {
    let mut rows = vec![["Date", "Contrat", "Client", "Période", "Lignes", "HT", "TTC"].map(str::to_owned).to_vec()];
    let (mut excl, mut incl) = (Decimal::ZERO, Decimal::ZERO);
    let mut currencies: Vec<&str> = Vec::new();
    for i in &r.invoices_due {
        let cur = i.draft.currency.0.as_str();
        if !currencies.contains(&cur) {
            currencies.push(cur);
        }
        let (e, t) = match i.draft.totals(i.billing_date) {
            Ok(t) => {
                excl = excl.checked_add(t.total_excl_tax).unwrap_or(excl);
                incl = incl.checked_add(t.total_incl_tax).unwrap_or(incl);
                (presentation::money(t.total_excl_tax, cur), presentation::money(t.total_incl_tax, cur))
            }
            Err(e) => (format!("[{}]", e.code()), String::new()),
        };
        let period = if i.period.from == i.period.to {
            format!("le {}", date(i.period.from))
        } else {
            format!("du {} au {}", date(i.period.from), date(i.period.to))
        };
        rows.push(vec![date(i.billing_date), i.contract_id.clone(), i.customer_id.clone(), period, i.draft.lines.len().to_string(), e, t]);
    }
    let total = match currencies.as_slice() {
        [one] => format!(" : {} HT, {} TTC", presentation::money(excl, one), presentation::money(incl, one)),
        _ => String::new(),
    };
    let _ = writeln!(out, "Factures à émettre au {} ({}){total}", date(r.as_of), r.invoices_due.len());
    if r.invoices_due.is_empty() {
        let _ = writeln!(out, "  aucune");
    } else {
        table(out, "  ", "lllll", &rows);
    }
}

/// The report in French, for a terminal: alerts due, Chatel windows, terms and what happens at
/// them, invoices to issue.
pub fn text(r: &ContractsReport, input: &ContractsInput) -> String {
    let mut out = String::new();
    let count = |f: &dyn Fn(ContractStatus) -> bool| r.renewals.contracts.iter().filter(|c| f(c.status)).count();
    let _ = writeln!(
        out,
        "Contrats au {} : {} contrat(s), {} en vigueur dont {} en résiliation, {} à venir, {} terminé(s)",
        date(r.as_of),
        r.renewals.contracts.len(),
        count(&|s| !matches!(s, ContractStatus::Upcoming | ContractStatus::Ended)),
        count(&|s| s == ContractStatus::Terminating),
        count(&|s| s == ContractStatus::Upcoming),
        count(&|s| s == ContractStatus::Ended),
    );
    let _ = writeln!(out);
    alerts(&mut out, r);
    let _ = writeln!(out);
    chatel(&mut out, r);
    let _ = writeln!(out);
    terms(&mut out, r, input);
    let _ = writeln!(out);
    invoices(&mut out, r);
    out
}

/// Prints the violations of `file` (as JSON, or one per line with code, path, message and
/// source), as `facturier check` does; the exit code is 1.
#[allow(clippy::print_stdout)]
pub fn print_violations(file: &Path, violations: &[Violation], as_json: bool) -> Result<ExitCode, CliError> {
    if as_json {
        println!("{}", json::to_string_pretty(&violations)?);
    } else {
        println!("{}: {} violation(s)", file.display(), violations.len());
        for v in violations {
            println!("  {:<32} {:<28} {}\n  {:<32} {:<28} source: {}", v.code, v.path, v.message, "", "", v.source);
        }
    }
    Ok(ExitCode::from(1))
}

/// `facturier contracts FILE --as-of D [--json] [--letters DIR] [--pdf-a]`: prints the report,
/// writes the letters due; exit 1 with every violation of an invalid input.
#[allow(clippy::print_stdout)]
pub fn run(file: &Path, as_of: NaiveDate, as_json: bool, letters: Option<&Path>, pdf_a: bool) -> Result<ExitCode, CliError> {
    let text_in = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let input = parse(&text_in)?;
    let r = match report(&input, as_of) {
        Ok(r) => r,
        Err(CliError::Core(CoreError::Invalid(violations))) => return print_violations(file, &violations, as_json),
        Err(e) => return Err(e),
    };
    if as_json {
        print!("{}", to_json(&r)?);
    } else {
        print!("{}", text(&r, &input));
    }
    if let Some(dir) = letters {
        let due = letters_due(&input, &r)?;
        std::fs::create_dir_all(dir).map_err(CliError::io(dir))?;
        let renderer = facturier_pdf::Renderer::new()?;
        let options = facturier_pdf::RenderOptions { pdf_a, ..Default::default() };
        for (name, letter) in due {
            let path = dir.join(name);
            let pdf = renderer.render(&Document::ChatelLetter(letter), &options)?;
            std::fs::write(&path, pdf).map_err(CliError::io(&path))?;
            if !as_json {
                println!("Lettre écrite : {}", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(file_safe("C-2026/001 é"), "C-2026_001__");
    }
}
