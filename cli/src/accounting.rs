//! What the accounting commands share: the accounting input read from JSON, the fiscal year, and
//! the validated entries of a period, in the order the FEC lists them.
//!
//! The FEC and the accounting exports list **validated** entries: numbered on one continuous
//! sequence and dated of validation (LPF A47 A-1 VII 1°, EcritureNum and ValidDate). The host
//! validates entries and passes the numbers back in the input (`validated`); entries of the period
//! still without a number are refused, unless the user asks to validate them for this export
//! (`--validate-on`), continuing the numbers already given
//! ([`EntryNumbering::continuing`]). Those numbers are returned so that the command can write
//! them out for the host to persist: validated entries are never renumbered.

use std::path::Path;

use facturier_core::accounting::entry::JournalEntry;
use facturier_core::accounting::numbering::EntryNumbering;
use facturier_core::accounting::{AccountingInput, ValidatedEntry, post};
use facturier_core::{NaiveDate, json};

use crate::CliError;

/// Reads the accounting input (schema/accounting-input.schema.json) from `path`.
pub fn read_input(path: &Path) -> Result<AccountingInput, CliError> {
    let text = std::fs::read_to_string(path).map_err(CliError::io(path))?;
    Ok(json::from_str(&text)?)
}

/// A period of entries by booking date (EcritureDate), both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day; `None`: every entry up to `to`.
    pub from: Option<NaiveDate>,
    /// Last day: the closing date of a fiscal year, the facts' date.
    pub to: NaiveDate,
}

impl Period {
    /// The fiscal year closing on `closing`: from `opening`, by default the day after the same
    /// date a year before (a first or changed fiscal year may be shorter or longer: pass its
    /// first day). The FEC holds one fiscal year (A47 A-1 VII 1°).
    pub fn fiscal_year(closing: NaiveDate, opening: Option<NaiveDate>) -> Result<Period, CliError> {
        let from = match opening {
            Some(o) => o,
            None => closing
                .checked_sub_months(chrono::Months::new(12))
                .and_then(|d| d.succ_opt())
                .ok_or_else(|| CliError::Usage(format!("no fiscal year closes on {closing}")))?,
        };
        if from > closing {
            return Err(CliError::Usage(format!("the fiscal year opens on {from}, after its closing date {closing}")));
        }
        Ok(Period { from: Some(from), to: closing })
    }

    /// True when `date` falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && date <= self.to
    }
}

/// The validated entries of a period, and the numbers given by this run.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The entries of the period, validated, in FEC order: opening entries first, then by
    /// validation date and number (A47 A-1 VII 1°, 3°).
    pub entries: Vec<JournalEntry>,
    /// The numbers this run gave (with `--validate-on`), for the host to persist.
    pub validated_now: Vec<ValidatedEntry>,
    /// The journal code of opening entries (à-nouveaux), from the chart.
    pub opening_journal: String,
}

impl Selection {
    /// Σ debits (saturating: the core's amounts are bounded).
    pub fn total_debit(&self) -> facturier_core::Decimal {
        self.entries.iter().flat_map(|e| &e.lines).fold(facturier_core::Decimal::ZERO, |a, l| a.saturating_add(l.debit))
    }

    /// The number of lines (FEC records).
    pub fn lines(&self) -> u64 {
        self.entries.iter().map(|e| e.lines.len() as u64).sum()
    }

    /// The journals of the entries (code, label), each once, by code.
    pub fn journals(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for e in &self.entries {
            if !out.iter().any(|(c, _)| *c == e.journal) {
                out.push((e.journal.clone(), e.journal_label.clone()));
            }
        }
        out.sort();
        out
    }
}

/// The validated entries of `input` in `period`, posted as of its last day.
///
/// Entries of the period not validated yet are refused with the list of them, unless
/// `validate_on` is given: then they are validated on that date, in booking order, continuing
/// the numbers already given (a new file-wide sequence, or one per journal with `per_journal`,
/// when none is); the numbers given are in [`Selection::validated_now`].
pub fn select(input: &AccountingInput, period: Period, validate_on: Option<NaiveDate>, per_journal: bool) -> Result<Selection, CliError> {
    let journal = post(input, period.to)?;
    let (done, pending): (Vec<JournalEntry>, Vec<JournalEntry>) =
        journal.entries.iter().filter(|e| period.contains(e.date)).cloned().partition(|e| e.number.is_some());
    let mut entries = done;
    let mut validated_now = Vec::new();
    if !pending.is_empty() {
        let Some(on) = validate_on else {
            let first: Vec<&str> = pending.iter().take(3).map(|e| e.id.as_str()).collect();
            let more = if pending.len() > 3 { ", …" } else { "" };
            return Err(CliError::Usage(format!(
                "{} entr{} of the period not validated yet ({}{more}): the FEC and the exports list validated entries, numbered \
                 with their validation date (A47 A-1 VII 1°). Validate them in your application and pass their numbers in \
                 `validated`, or give --validate-on YYYY-MM-DD to validate them for this export",
                pending.len(),
                if pending.len() > 1 { "ies" } else { "y" },
                first.join(", ")
            )));
        };
        let state = EntryNumbering::continuing(&journal.entries, per_journal)?;
        let (numbered, _) = state.validate(pending, on)?;
        for e in &numbered {
            if let (Some(number), Some(valid_date)) = (&e.number, e.valid_date) {
                validated_now.push(ValidatedEntry { id: e.id.clone(), number: number.clone(), valid_date });
            }
        }
        entries.extend(numbered);
    }
    let opening_journal = input.chart.journals.opening.code.clone();
    facturier_fec::sort_entries(&mut entries, &opening_journal);
    Ok(Selection { entries, validated_now, opening_journal })
}

/// Writes the numbers given by this run to `path` as a JSON array of `validated` items, for the
/// host to persist with its entries (then every later run shows the same numbers).
pub fn write_validated(path: &Path, validated: &[ValidatedEntry]) -> Result<(), CliError> {
    let text = json::to_string_pretty(&validated)? + "\n";
    std::fs::write(path, text).map_err(CliError::io(path))
}

/// Prints a command's output on stdout.
#[allow(clippy::print_stdout)]
pub(crate) fn print_out(text: &str) {
    print!("{text}");
}
