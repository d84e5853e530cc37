//! `facturier validate`: every EN 16931 / BR-FR finding of a received invoice (PDF, CII, UBL),
//! with its rule, location and message. Exit 0 when no finding is an error, 1 otherwise (2 when
//! the file cannot be read, as every error of the CLI).

use std::process::ExitCode;

use facturier_einvoice::{Finding, Level, validate_invoice};

use crate::CliError;

/// The findings of the file's bytes.
pub fn findings(bytes: &[u8]) -> Result<Vec<Finding>, CliError> {
    Ok(validate_invoice(bytes)?)
}

/// 1 when a finding is an error, 0 otherwise.
pub fn exit_code(findings: &[Finding]) -> ExitCode {
    if findings.iter().any(|f| f.level == Level::Error) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
