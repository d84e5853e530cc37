//! Every rule and error code the bindings report, for `rules()`.

use serde::Serialize;

/// One rule or error code: its stable code, a message (error codes) and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable machine code.
    pub code: &'static str,
    /// What the code means (error codes; a legal rule's message depends on the document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    /// The legal or normative source, or who reports the code (`facturier-core`,
    /// `facturier-pdf`, `binding`).
    pub source: &'static str,
}

/// The error codes of calls, with what they mean and who reports them.
///
/// Until the core lists its own error codes, they are listed here, in this one place: switch the
/// `facturier-core` rows to the core's list when it has one.
pub const ERROR_CODES: &[(&str, &str, &str)] = &[
    ("invalid", "the document breaks one or more rules; the details list every violation", "facturier-core"),
    ("parse", "the input is not well-formed for the expected type (path of the first problem)", "facturier-core"),
    ("quote.transition", "a quote cannot go from its status to the requested one", "facturier-core"),
    ("wrong_state", "the operation needs a document in another state or of another kind", "facturier-core"),
    ("numbering", "a numbering pattern or state is unusable, or an issue date breaks the chronology", "facturier-core"),
    ("overflow", "an amount computation exceeded the range of exact decimals", "facturier-core"),
    ("pdf.template", "the Typst template failed; the details hold its diagnostics", "facturier-pdf"),
    ("pdf.font", "a font the template asks for is not embedded", "facturier-pdf"),
    ("pdf.export", "the laid-out document could not be written as PDF (e.g. a PDF/A rule)", "facturier-pdf"),
    ("pdf.branding", "the branding is unusable: colour, logo, its format or alternative text", "facturier-pdf"),
    ("pdf.data", "the document data could not be turned into the render data", "facturier-pdf"),
];

/// The codes only the bindings report.
pub const BINDING_CODES: &[(&str, &str, &str)] = &[
    ("float", "a binary float where an exact amount is expected: pass a decimal string (Python: Decimal)", "binding"),
    ("type", "an input value of a type facturier does not take", "binding"),
    ("panic", "an internal error in facturier (a bug, please report it); the process goes on", "binding"),
    ("internal", "a result could not be serialised (a bug, please report it)", "binding"),
];

/// The legal rules of the checks (`facturier_core::legal::RULES`), then every error code.
pub fn rules() -> Vec<RuleInfo> {
    let legal = facturier_core::legal::RULES.iter().map(|r| RuleInfo { code: r.code, message: None, source: r.source });
    let errors = ERROR_CODES.iter().chain(BINDING_CODES).map(|(code, message, source)| RuleInfo { code, message: Some(message), source });
    legal.chain(errors).collect()
}
