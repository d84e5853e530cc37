//! The core's error type and the legal-rule violations it carries.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A rule of law or of EN 16931 that a document can break: a stable code and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable machine code, e.g. `seller.siren.invalid`. Never changes once published.
    pub code: &'static str,
    /// The text that imposes the rule, e.g. `CGI ann. II art. 242 nonies A, I-1°`.
    pub source: &'static str,
}

impl Rule {
    /// A violation of this rule at `path`, with a human message.
    pub fn at(&self, path: impl Into<String>, message: impl Into<String>) -> Violation {
        Violation { code: self.code.to_owned(), path: path.into(), message: message.into(), source: self.source.to_owned() }
    }
}

/// One problem found in a document: what, where, why and under which text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Violation {
    /// Stable machine code of the rule, e.g. `lines.vat_rate.not_allowed`.
    pub code: String,
    /// Field path in the input, e.g. `lines[3].vat_rate`; empty for the whole document.
    pub path: String,
    /// Human-readable explanation (English).
    pub message: String,
    /// The legal or normative source of the rule.
    pub source: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "[{}] {} ({})", self.code, self.message, self.source)
        } else {
            write!(f, "[{}] {}: {} ({})", self.code, self.path, self.message, self.source)
        }
    }
}

/// Every error the core returns. Each variant has a stable [`CoreError::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The document breaks one or more rules; every violation found is listed.
    #[error("{} violation(s): {}", .0.len(), summary(.0))]
    Invalid(Vec<Violation>),
    /// The input is not well-formed JSON for the expected type.
    #[error("invalid input at `{path}`: {message}")]
    Parse {
        /// Field path where parsing failed (`lines[2].quantity`), empty at the root.
        path: String,
        /// What the parser expected.
        message: String,
    },
    /// A quote cannot move from its current status to the requested one.
    #[error("a quote cannot go from `{from}` to `{to}`")]
    QuoteTransition {
        /// Current status.
        from: String,
        /// Requested status.
        to: String,
    },
    /// The operation needs a document in another state or of another kind.
    #[error("{message}")]
    WrongState {
        /// Field path concerned, if any.
        path: String,
        /// What was expected.
        message: String,
    },
    /// A numbering pattern or state is unusable.
    #[error("numbering: {message}")]
    Numbering {
        /// Field path concerned (`pattern`, `last_sequence`…).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An amount computation exceeded the range of exact decimals.
    #[error("amount out of range at `{path}`")]
    Overflow {
        /// Field path of the amount that overflowed.
        path: String,
    },
}

fn summary(v: &[Violation]) -> String {
    v.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl CoreError {
    /// Stable machine code of the error family.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid(_) => "invalid",
            CoreError::Parse { .. } => "parse",
            CoreError::QuoteTransition { .. } => "quote.transition",
            CoreError::WrongState { .. } => "wrong_state",
            CoreError::Numbering { .. } => "numbering",
            CoreError::Overflow { .. } => "overflow",
        }
    }

    /// Field path concerned, when the error has a single one.
    pub fn path(&self) -> Option<&str> {
        match self {
            CoreError::Invalid(v) if v.len() == 1 => Some(v[0].path.as_str()),
            CoreError::Invalid(_) | CoreError::QuoteTransition { .. } => None,
            CoreError::Parse { path, .. }
            | CoreError::WrongState { path, .. }
            | CoreError::Numbering { path, .. }
            | CoreError::Overflow { path } => Some(path.as_str()),
        }
    }

    /// The violations carried by an [`CoreError::Invalid`], empty for the other variants.
    pub fn violations(&self) -> &[Violation] {
        match self {
            CoreError::Invalid(v) => v,
            _ => &[],
        }
    }

    /// Shorthand for a [`CoreError::WrongState`].
    pub fn wrong_state(path: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::WrongState { path: path.into(), message: message.into() }
    }
}

/// Result type of the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
