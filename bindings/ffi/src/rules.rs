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

/// The codes only the bindings report.
pub const BINDING_CODES: &[(&str, &str)] = &[
    ("float", "a binary float where an exact amount is expected: pass a decimal string (Python: Decimal)"),
    ("type", "an input value of a type facturier does not take"),
    ("panic", "an internal error in facturier (a bug, please report it); the process goes on"),
];

/// Every rule and error code: the core's single listing ([`facturier_core::rules`]: legal checks,
/// refusals of operations, numbering, receivables and documents, with their sources), the
/// renderer's codes ([`facturier_pdf::CODES`]) and the bindings' own, each code once.
pub fn rules() -> Vec<RuleInfo> {
    let core = facturier_core::rules().into_iter().map(|r| RuleInfo { code: r.code, message: None, source: r.source });
    let pdf = facturier_pdf::CODES.iter().map(|&(code, message)| RuleInfo { code, message: Some(message), source: "facturier-pdf" });
    let binding = BINDING_CODES.iter().map(|&(code, message)| RuleInfo { code, message: Some(message), source: "binding" });
    let mut out: Vec<RuleInfo> = Vec::new();
    for r in core.chain(pdf).chain(binding) {
        if !out.iter().any(|o| o.code == r.code) {
            out.push(r);
        }
    }
    out
}
