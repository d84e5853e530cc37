//! `facturier check`: the legal violations of a draft invoice or quote.

use facturier_core::{InvoiceDraft, NaiveDate, Quote, QuoteContent, Violation, check, check_quote, json};

use crate::CliError;

/// What a JSON file holds, told apart by its fields.
#[derive(Debug)]
pub enum Document {
    /// An invoice draft.
    Invoice(InvoiceDraft),
    /// The content of a quote version.
    Quote(QuoteContent),
}

/// Parses `text` as an invoice draft, or as a quote when it has a `valid_until` field.
pub fn parse(text: &str) -> Result<Document, CliError> {
    let value: serde_json::Value = json::from_str(text)?;
    if value.get("valid_until").is_some() {
        Ok(Document::Quote(json::from_value(value)?))
    } else {
        Ok(Document::Invoice(json::from_value(value)?))
    }
}

/// The violations of `doc` as of `as_of` (the issue date for an invoice draft).
pub fn violations(doc: &Document, as_of: NaiveDate) -> Result<Vec<Violation>, CliError> {
    Ok(match doc {
        Document::Invoice(d) => check(d, as_of),
        Document::Quote(c) => check_quote(&Quote::new("-", c.clone())?),
    })
}
