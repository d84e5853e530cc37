//! `facturier export csv`: the validated entries of a period as the CSV an accounting package
//! imports (Sage-, Cegid- or QuickBooks-style presets, or a mapping of your own), written from the
//! same entries as the FEC.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use facturier_core::NaiveDate;
use facturier_fec::csv::{CsvMapping, CsvWriter};

use crate::CliError;
use crate::accounting::{Period, print_out, read_input, select, write_validated};

/// The export commands.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write the validated entries of a period as an accounting CSV: one line per entry line, the
    /// columns, separator, decimal mark, date format and charset of the preset or mapping.
    Csv {
        /// The accounting input, JSON (see schema/accounting-input.schema.json).
        input: PathBuf,
        /// The import format: sage (`;`, JJMMAA, ISO 8859-15), cegid (`;`, JJ/MM/AAAA, amount and
        /// side), quickbooks (`,`, decimal point).
        #[arg(long, value_enum, conflicts_with = "mapping", required_unless_present = "mapping")]
        preset: Option<CsvPreset>,
        /// A mapping of your own, JSON: columns (header and field), separator, decimal mark, date
        /// format, encoding (the `CsvMapping` of facturier-fec).
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Last day of the period: the entries booked up to it.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: NaiveDate,
        /// First day of the period; every entry before `--to` by default.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<NaiveDate>,
        /// Validate the entries not validated yet on this date, for this export, continuing the
        /// numbers already given (written beside the CSV: persist them).
        #[arg(long, value_name = "YYYY-MM-DD")]
        validate_on: Option<NaiveDate>,
        /// With --validate-on, when no entry is numbered yet: one sequence per journal.
        #[arg(long)]
        per_journal: bool,
        /// The CSV file to write.
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// The presets of the CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvPreset {
    /// Sage-style import.
    Sage,
    /// Cegid-style import.
    Cegid,
    /// QuickBooks-style journal import.
    Quickbooks,
}

/// Runs an export command.
pub fn run(command: ExportCommand) -> Result<ExitCode, CliError> {
    match command {
        ExportCommand::Csv { input, preset, mapping, to, from, validate_on, per_journal, out } => {
            let mapping = match (preset, mapping) {
                (Some(p), _) => preset_mapping(p),
                (None, Some(file)) => read_mapping(&file)?,
                (None, None) => return Err(CliError::Usage("give --preset or --mapping".to_owned())),
            };
            let summary = csv(&input, mapping, Period { from, to }, validate_on, per_journal, &out)?;
            print_out(&summary);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The mapping of a preset.
pub fn preset_mapping(p: CsvPreset) -> CsvMapping {
    match p {
        CsvPreset::Sage => CsvMapping::sage(),
        CsvPreset::Cegid => CsvMapping::cegid(),
        CsvPreset::Quickbooks => CsvMapping::quickbooks(),
    }
}

/// Reads a user mapping (JSON).
pub fn read_mapping(path: &Path) -> Result<CsvMapping, CliError> {
    let text = std::fs::read_to_string(path).map_err(CliError::io(path))?;
    serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("{}: not a CSV mapping: {e}", path.display())))
}

/// Writes the CSV of the validated entries of `input` in `period` to `out`; returns a summary.
pub fn csv(
    input: &Path,
    mapping: CsvMapping,
    period: Period,
    validate_on: Option<NaiveDate>,
    per_journal: bool,
    out: &Path,
) -> Result<String, CliError> {
    let facts = read_input(input)?;
    let selection = select(&facts, period, validate_on, per_journal)?;
    let file = std::fs::File::create(out).map_err(CliError::io(out))?;
    let mut w = CsvWriter::new(file, mapping)?;
    for e in &selection.entries {
        w.write_entry(e)?;
    }
    w.finish()?;
    let mut summary = String::new();
    let _ = writeln!(summary, "{}: {} lines of {} entries", out.display(), selection.lines(), selection.entries.len());
    if !selection.validated_now.is_empty() {
        let path = out.with_extension("validated.json");
        write_validated(&path, &selection.validated_now)?;
        let _ = writeln!(
            summary,
            "{}: {} entries validated by this export; persist these numbers (the input's `validated`): they are never given again",
            path.display(),
            selection.validated_now.len()
        );
    }
    Ok(summary)
}
