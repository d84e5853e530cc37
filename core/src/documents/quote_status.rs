//! The status of a quote, on its own so that the error type can name it without importing quotes.

use serde::{Deserialize, Serialize};

/// Status of a quote. `Expired` is never stored: it is derived by `Quote::status_as_of`.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Being written; editable.
    Draft,
    /// Sent to the buyer, awaiting an answer.
    Sent,
    /// Accepted by the buyer ("Bon pour accord"); final.
    Accepted,
    /// Refused by the buyer; may be revised.
    Refused,
    /// Sent, and its validity has passed as of the date asked.
    Expired,
}

impl std::fmt::Display for QuoteStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Sent => "sent",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Refused => "refused",
            QuoteStatus::Expired => "expired",
        })
    }
}
