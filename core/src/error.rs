//! The core's error type and the legal-rule violations it carries.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::documents::quote_status::QuoteStatus;

/// Declares rules as constants (`NAME = "code", "source";`, each with its doc comment) and lists
/// them in a `pub const` slice, for the published list of codes ([`crate::rules`]).
macro_rules! declare_rules {
    ($list:ident; $($(#[$doc:meta])* $name:ident = $code:literal, $source:literal;)*) => {
        $( $(#[$doc])* pub const $name: $crate::error::Rule = $crate::error::Rule { code: $code, source: $source }; )*
        /// Every rule of this module, in the published list of codes ([`crate::rules`]).
        pub const $list: &[$crate::error::Rule] = &[$($name),*];
    };
}
pub(crate) use declare_rules;

declare_rules! { ERROR_RULES;
    /// The document breaks one or more rules: the error lists every violation, each with its code.
    INVALID = "invalid", "facturier: every violation found, each with its own code and source";
    /// The input is not the expected JSON (a float, an unknown field, a wrong type…).
    PARSE = "parse", "facturier: JSON Schemas in schema/ (decimals as strings, EN 16931 BR-DEC)";
    /// A quote status change the life cycle does not allow.
    QUOTE_TRANSITION = "quote.transition", "C. civ. 1113-1118 (an offer is accepted or refused, or lapses); facturier quote life cycle";
    /// An amount beyond the range of exact decimals.
    OVERFLOW = "overflow", "facturier: exact decimal arithmetic (rust_decimal, 28 digits)";
    /// A broken internal invariant (a bug, never the caller's data).
    INTERNAL = "internal", "facturier: internal invariant";
}

/// A rule of law or of EN 16931 that a document can break: a stable code and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable machine code, e.g. `seller.siren.invalid`. Never changes once published.
    pub code: &'static str,
    /// The text that imposes the rule, e.g. `CGI ann. II art. 242 nonies A, I-1°`.
    pub source: &'static str,
}

impl Rule {
    /// The [`CoreError::Refused`] of an operation this rule refuses, at `path`.
    pub fn refuse(&self, path: impl Into<String>, message: impl Into<String>) -> CoreError {
        CoreError::Refused { rule: *self, path: path.into(), message: message.into() }
    }

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
        from: QuoteStatus,
        /// Requested status.
        to: QuoteStatus,
    },
    /// The operation is refused for these documents: `rule` names the condition (one stable code
    /// per condition, e.g. `deposit.percent.out_of_range`) and its source.
    #[error("{message}")]
    Refused {
        /// The condition that refuses the operation.
        rule: Rule,
        /// Field path concerned (`deposits[1].currency`), empty for the whole operation.
        path: String,
        /// What was expected.
        message: String,
    },
    /// A numbering pattern or state is unusable, or the number cannot be allocated.
    #[error("numbering: {message}")]
    Numbering {
        /// The condition (`numbering.pattern.invalid`, `numbering.date.before_last`…).
        rule: Rule,
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
    /// A broken internal invariant: a bug of facturier, never the caller's data (report it).
    #[error("internal error at `{path}`: {message}")]
    Internal {
        /// Where the invariant broke.
        path: String,
        /// Which invariant.
        message: String,
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
            CoreError::Refused { rule, .. } | CoreError::Numbering { rule, .. } => rule.code,
            CoreError::Overflow { .. } => "overflow",
            CoreError::Internal { .. } => "internal",
        }
    }

    /// Field path concerned, when the error has a single one.
    pub fn path(&self) -> Option<&str> {
        match self {
            CoreError::Invalid(v) if v.len() == 1 => Some(v[0].path.as_str()),
            CoreError::Invalid(_) | CoreError::QuoteTransition { .. } => None,
            CoreError::Parse { path, .. }
            | CoreError::Refused { path, .. }
            | CoreError::Numbering { path, .. }
            | CoreError::Overflow { path }
            | CoreError::Internal { path, .. } => Some(path.as_str()),
        }
    }

    /// The violations carried by an [`CoreError::Invalid`], empty for the other variants.
    pub fn violations(&self) -> &[Violation] {
        match self {
            CoreError::Invalid(v) => v,
            _ => &[],
        }
    }

    /// The legal or normative source of the condition, for the errors that have one.
    pub fn source(&self) -> Option<&'static str> {
        match self {
            CoreError::Refused { rule, .. } | CoreError::Numbering { rule, .. } => Some(rule.source),
            CoreError::QuoteTransition { .. } => Some(QUOTE_TRANSITION.source),
            _ => None,
        }
    }

    /// A broken internal invariant: a bug of facturier, never the caller's data.
    pub fn internal(path: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Internal { path: path.into(), message: message.into() }
    }
}

/// Result type of the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
