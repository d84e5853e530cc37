//! `facturier entries`: the journal of the accounting input as of a date, readable: every entry
//! with its number and validation date once validated, its lines with accounts, auxiliary
//! accounts, amounts and letters (the content of the FEC, A47 A-1 VII).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use facturier_core::accounting::{Journal, post};
use facturier_core::presentation::{NBSP, date as date_fr, euros};
use facturier_core::{CoreError, Decimal, NaiveDate, json};

use crate::CliError;
use crate::accounting::{print_out, read_input};

/// Prints the journal of the accounting input `file` as of `as_of`, as text or JSON; exit 0, or
/// 1 with every violation of an invalid input (as `facturier check` prints them).
pub fn run(file: &Path, as_of: NaiveDate, as_json: bool) -> Result<ExitCode, CliError> {
    let input = read_input(file)?;
    let (text, code) = match post(&input, as_of) {
        Ok(journal) => (if as_json { to_json(&journal)? } else { text(&journal) }, ExitCode::SUCCESS),
        Err(CoreError::Invalid(violations)) => {
            let text = if as_json {
                json::to_string_pretty(&violations)? + "\n"
            } else {
                let mut out = format!("{}: {} violation(s) as of {as_of}\n", file.display(), violations.len());
                for v in &violations {
                    let _ = writeln!(out, "  {:<32} {:<28} {}\n  {:<32} {:<28} source: {}", v.code, v.path, v.message, "", "", v.source);
                }
                out
            };
            (text, ExitCode::from(1))
        }
        Err(e) => return Err(e.into()),
    };
    print_out(&text);
    Ok(code)
}

/// An amount in the listing: `1 234,56`, empty for zero.
fn amount(a: Decimal) -> String {
    if a.is_zero() { String::new() } else { euros(a).trim_end_matches('€').trim_end_matches(NBSP).to_owned() }
}

/// The journal for a terminal: a heading with the totals, then each entry (number or `—`, date,
/// journal, piece, label, validation) and its lines (account, auxiliary account, label, debit,
/// credit, letter and lettering date).
pub fn text(journal: &Journal) -> String {
    let mut out = String::new();
    let (mut debits, mut credits, mut lines, mut pending) = (Decimal::ZERO, Decimal::ZERO, 0usize, 0usize);
    for e in &journal.entries {
        for l in &e.lines {
            debits = debits.saturating_add(l.debit);
            credits = credits.saturating_add(l.credit);
        }
        lines = lines.saturating_add(e.lines.len());
        pending = pending.saturating_add(usize::from(e.number.is_none()));
    }
    let _ = writeln!(
        out,
        "Journal as of {}: {} entries, {lines} lines, debits {} = credits {}; {pending} not validated yet",
        date_fr(journal.as_of),
        journal.entries.len(),
        amount(debits),
        amount(credits)
    );
    for e in &journal.entries {
        let number = e.number.as_deref().unwrap_or("—");
        let validated = e.valid_date.map_or_else(|| "not validated".to_owned(), |d| format!("validated {}", date_fr(d)));
        let _ = writeln!(out);
        let _ = writeln!(out, "{number:<8} {} {:<3} {:<16} {}  [{validated}; {}]", date_fr(e.date), e.journal, e.piece_ref, e.label, e.id);
        for l in &e.lines {
            let aux = l.aux_account.as_deref().unwrap_or("");
            let label = l.label.as_deref().unwrap_or(&l.account_label);
            let letter = match (&l.letter, l.letter_date) {
                (Some(code), Some(d)) => format!("{code} {}", date_fr(d)),
                (Some(code), None) => code.clone(),
                _ => String::new(),
            };
            let line = format!(
                "    {:<8} {:<12} {:<34} {:>14} {:>14}  {letter}",
                l.account,
                aux,
                shorten(label, 34),
                amount(l.debit),
                amount(l.credit)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}

/// `s` cut to `width` characters, with `…` when cut.
fn shorten(s: &str, width: usize) -> String {
    if s.chars().count() <= width { s.to_owned() } else { s.chars().take(width.saturating_sub(1)).chain(['…']).collect() }
}

/// The journal as pretty JSON (schema/journal.schema.json), with a final newline.
pub fn to_json(journal: &Journal) -> Result<String, CliError> {
    Ok(json::to_string_pretty(journal)? + "\n")
}
