//! `facturier check`: the legal violations of a draft invoice or quote.

use facturier_core::{Draft, NaiveDate, Violation};

use crate::CliError;

/// Parses `text` as a draft: the core tells an invoice draft from a quote version's content
/// ([`Draft::from_json`]).
pub fn parse(text: &str) -> Result<Draft, CliError> {
    Ok(Draft::from_json_str(text)?)
}

/// The violations of `doc` as of `as_of` (the issue date for an invoice draft).
pub fn violations(doc: &Draft, as_of: NaiveDate) -> Result<Vec<Violation>, CliError> {
    Ok(doc.violations(as_of)?)
}
