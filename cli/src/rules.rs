//! `facturier rules`: every rule the core applies and every error code a command can report,
//! with the text that imposes the rule or what the code means.

use std::fmt::Write as _;

use facturier_core::Rule;

use crate::CliError;

/// One line of the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The stable code, e.g. `lines.empty` or `pdf.template`.
    pub code: &'static str,
    /// `rule` (a violation's code) or `error` (an error family's code).
    pub kind: &'static str,
    /// For a rule, its legal or normative source; for an error, what it means.
    pub text: &'static str,
}

/// The error families: the core's [`facturier_core::CoreError::code`], the renderer's
/// [`facturier_pdf::PdfError::code`] and the CLI's own.
const ERRORS: &[(&str, &str)] = &[
    ("invalid", "the document breaks one or more rules; every violation is listed with its rule code"),
    ("parse", "the input is not well-formed JSON for the expected type"),
    ("quote.transition", "a quote cannot move from its current status to the requested one"),
    ("wrong_state", "the operation needs a document in another state or of another kind"),
    ("numbering", "a numbering pattern or state is unusable"),
    ("overflow", "an amount computation exceeded the range of exact decimals"),
    ("pdf.template", "the template failed to compile or lay out (Typst errors, with file and line)"),
    ("pdf.font", "a font the template asks for is not embedded"),
    ("pdf.export", "the laid-out document could not be written as PDF (e.g. a PDF/A rule)"),
    ("pdf.branding", "the branding is unusable: bad colour, unreadable logo"),
    ("pdf.data", "the caller's data cannot be rendered"),
    ("pdf.internal", "a failure of the renderer itself: a bug to report"),
    ("io", "a file could not be read or written"),
    ("usage", "a command-line option is unusable"),
];

/// Every rule and error code, rules first, each code once.
///
/// The one place the listing is assembled: today from `legal::RULES`, the receivables rules and
/// the document rules of the core; at merge, from the core's single listing of every rule.
pub fn list() -> Vec<Entry> {
    let rules = facturier_core::legal::RULES.iter().chain(facturier_core::receivables::RULES).chain(facturier_core::document::RULES);
    let mut out: Vec<Entry> = Vec::new();
    for Rule { code, source } in rules.copied() {
        if !out.iter().any(|e| e.code == code) {
            out.push(Entry { code, kind: "rule", text: source });
        }
    }
    out.extend(ERRORS.iter().map(|&(code, text)| Entry { code, kind: "error", text }));
    out
}

/// The listing for a terminal: rules with their sources, then error codes with their meaning.
pub fn text(entries: &[Entry]) -> String {
    let width = entries.iter().map(|e| e.code.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (kind, title) in [("rule", "Rules (code, source)"), ("error", "Error codes (code, meaning)")] {
        let of_kind: Vec<&Entry> = entries.iter().filter(|e| e.kind == kind).collect();
        let _ = writeln!(out, "{title}: {}", of_kind.len());
        for e in of_kind {
            let _ = writeln!(out, "  {:<width$}  {}", e.code, e.text);
        }
    }
    out
}

/// The listing as pretty JSON: an array of `{code, kind, source}` for rules and `{code, kind,
/// message}` for errors, with a final newline.
pub fn to_json(entries: &[Entry]) -> Result<String, CliError> {
    let values: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let key = if e.kind == "rule" { "source" } else { "message" };
            serde_json::json!({ "code": e.code, "kind": e.kind, key: e.text })
        })
        .collect();
    Ok(facturier_core::json::to_string_pretty(&values)? + "\n")
}
