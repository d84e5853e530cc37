//! What the accounting commands share: the accounting input read from JSON, and the validated
//! entries of a period ([`facturier_fec::fiscal_year`]), refused while some are not validated.
//!
//! The FEC and the accounting exports list **validated** entries: numbered on one continuous
//! sequence and dated of validation (LPF A47 A-1 VII 1°, EcritureNum and ValidDate). The host
//! validates entries and passes the numbers back in the input (`validated`); entries of the period
//! still without a number are refused, unless the user asks to validate them for this export
//! (`--validate-on`), continuing the numbers already given. Those numbers are written out for
//! the host to persist: validated entries are never renumbered.

use std::path::Path;

use facturier_core::accounting::{AccountingInput, ValidatedEntry};
use facturier_core::{NaiveDate, json};
pub use facturier_fec::fiscal_year::{Period, Selection};

use crate::CliError;

/// Reads the accounting input (schema/accounting-input.schema.json) from `path`.
pub fn read_input(path: &Path) -> Result<AccountingInput, CliError> {
    let text = std::fs::read_to_string(path).map_err(CliError::io(path))?;
    Ok(json::from_str(&text)?)
}

/// The validated entries of `input` in `period` ([`facturier_fec::fiscal_year::select`]);
/// refused with the list of them while some entries of the period are not validated and no
/// `validate_on` date is given.
pub fn select(input: &AccountingInput, period: Period, validate_on: Option<NaiveDate>, per_journal: bool) -> Result<Selection, CliError> {
    let selection = facturier_fec::fiscal_year::select(input, period, validate_on, per_journal)?;
    let pending = &selection.pending;
    if !pending.is_empty() {
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
    }
    Ok(selection)
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
