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
    /// `rule` (a violation's code), `fec` (a finding of the FEC checker, `facturier fec check`)
    /// or `error` (an error family's code).
    pub kind: &'static str,
    /// For a rule, its legal or normative source; for an error, what it means.
    pub text: &'static str,
}

/// The CLI's own error codes, besides the core's and the renderer's.
const CLI_ERRORS: &[(&str, &str)] = &[("io", "a file could not be read or written"), ("usage", "a command-line option is unusable")];

/// Every rule and error code, rules first, each code once: the core's single listing
/// ([`facturier_core::rules`]: legal checks, refusals of operations, numbering, receivables,
/// documents, accounting, with their sources), the FEC checker's rules
/// ([`facturier_fec::check::RULES`]), then the renderer's, the FEC crate's and the CLI's error codes.
pub fn list() -> Vec<Entry> {
    let families = facturier_core::error::ERROR_RULES;
    let mut out: Vec<Entry> = facturier_core::rules()
        .into_iter()
        .map(|Rule { code, source }| Entry {
            code,
            kind: if families.iter().any(|f| f.code == code) { "error" } else { "rule" },
            text: source,
        })
        .collect();
    out.sort_by_key(|e| e.kind == "error");
    let rules = out.iter().take_while(|e| e.kind == "rule").count();
    let fec = facturier_fec::check::RULES.iter().map(|r| Entry { code: r.code, kind: "fec", text: r.source });
    let others = out.split_off(rules);
    out.extend(fec);
    out.extend(others);
    out.extend(
        facturier_pdf::CODES
            .iter()
            .chain(facturier_fec::CODES)
            .chain(facturier_einvoice::CODES)
            .chain(CLI_ERRORS)
            .map(|&(code, text)| Entry { code, kind: "error", text }),
    );
    out
}

/// The listing for a terminal: rules with their sources, then error codes with their meaning.
pub fn text(entries: &[Entry]) -> String {
    let width = entries.iter().map(|e| e.code.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (kind, title) in [
        ("rule", "Rules (code, source)"),
        ("fec", "FEC checker rules, `facturier fec check` (code, source)"),
        ("error", "Error codes (code, meaning)"),
    ] {
        let of_kind: Vec<&Entry> = entries.iter().filter(|e| e.kind == kind).collect();
        let _ = writeln!(out, "{title}: {}", of_kind.len());
        for e in of_kind {
            let _ = writeln!(out, "  {:<width$}  {}", e.code, e.text);
        }
    }
    out
}

/// The listing as pretty JSON: an array of `{code, kind, source}` for rules (kind `rule` or
/// `fec`) and `{code, kind, message}` for errors, with a final newline.
pub fn to_json(entries: &[Entry]) -> Result<String, CliError> {
    let values: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let key = if e.kind == "error" { "message" } else { "source" };
            serde_json::json!({ "code": e.code, "kind": e.kind, key: e.text })
        })
        .collect();
    Ok(facturier_core::json::to_string_pretty(&values)? + "\n")
}
