//! `facturier audit verify`: the chain of an audit trail of issued documents and validated
//! entries — every record's hash, every link to the record before — and the first broken link
//! (the "piste d'audit fiable" of CGI 289 VII; see `facturier_core::accounting::audit`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use facturier_core::accounting::audit::{AuditRecord, AuditVerification, BreakKind, verify};
use facturier_core::json;

use crate::CliError;
use crate::accounting::print_out;

/// The audit-trail commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify an audit trail (CGI 289 VII, piste d'audit fiable): a JSON array of records, or one
    /// record per line (JSON Lines), from the first record. Exit 0 when every link holds, 1 at the
    /// first broken link, which is reported.
    Verify {
        /// The trail (see schema/audit-record.schema.json for a record).
        file: PathBuf,
        /// Print the verification as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs an audit command.
pub fn run(command: AuditCommand) -> Result<ExitCode, CliError> {
    match command {
        AuditCommand::Verify { file, json } => {
            let records = read_trail(&file)?;
            let v = verify(&records);
            let text = if json { json::to_string_pretty(&v)? + "\n" } else { text(&file, &v) };
            print_out(&text);
            Ok(if v.is_intact() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// Reads a trail: a JSON array of records, or JSON Lines (blank lines skipped); each record is
/// read through the core's JSON edge.
pub fn read_trail(path: &Path) -> Result<Vec<AuditRecord>, CliError> {
    let text = std::fs::read_to_string(path).map_err(CliError::io(path))?;
    if text.trim_start().starts_with('[') {
        return Ok(json::from_str(&text)?);
    }
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: AuditRecord = json::from_str(line).map_err(|e| CliError::Usage(format!("{}, line {}: {e}", path.display(), i + 1)))?;
        records.push(r);
    }
    Ok(records)
}

/// The verification for a terminal.
pub fn text(file: &Path, v: &AuditVerification) -> String {
    let mut out = String::new();
    match &v.first_broken {
        None => {
            let _ = writeln!(out, "{}: {} record(s), every link holds", file.display(), v.checked);
        }
        Some(b) => {
            let why = match b.kind {
                BreakKind::HashMismatch => "its hash is not the hash of its content: the record was changed",
                BreakKind::PreviousMismatch => "it does not name the hash of the record before: a record was removed, inserted or changed",
                BreakKind::SequenceGap => "its sequence does not follow the record before",
            };
            let _ = writeln!(out, "{}: broken at record {} (sequence {}, {}): {why}", file.display(), b.index + 1, b.sequence, b.reference);
            let _ = writeln!(out, "  the {} record(s) before it hold; nothing after it can be trusted", b.index);
        }
    }
    out
}
