//! One error shape for both bindings: `{code, path, message, source?, details}`.
//!
//! Every failure of a call — a [`CoreError`], a [`PdfError`], a panic, a result that cannot be
//! serialised, an input a skin cannot convert — becomes an [`Error`] here and only here. The
//! skins turn it into their exception (Python) or `Error` object (Node); Node also turns the
//! paths to camelCase.

use std::collections::BTreeMap;

use facturier_core::{CoreError, Violation};
use facturier_einvoice::EinvoiceError;
use facturier_fec::FecError;
use facturier_pdf::PdfError;
use serde::Serialize;
use serde_json::Value;

/// A failed call, as both bindings report it (kept under 128 bytes: it is the `Err` of every
/// call).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    /// Stable code: a [`CoreError::code`], a [`PdfError::code`], `internal`, or one of the
    /// binding codes of [`crate::rules::BINDING_CODES`] (`float`, `type`, `panic`).
    pub code: String,
    /// Field path (snake_case) when the error concerns a single field; argument names prefix the
    /// paths inside named arguments (`numbering_state.last_sequence`, `as_of`).
    pub path: Option<String>,
    /// Human-readable explanation (English).
    pub message: String,
    /// The legal source, when the error breaks a single rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Box<str>>,
    /// The violations of an `invalid` error, the one problem of a `parse` error, or the Typst
    /// diagnostics of a rendering error (see [`diagnostic`]); empty otherwise.
    pub details: Vec<Value>,
    /// Whether the error is about the *type* of an input value (Python `TypeError`, Node
    /// `TypeError`).
    #[serde(skip)]
    pub type_error: bool,
}

impl Error {
    /// An error with no path and no details.
    pub fn new(code: &str, message: impl Into<String>) -> Error {
        Error { code: code.to_owned(), path: None, message: message.into(), source: None, details: Vec::new(), type_error: false }
    }

    /// An input value of a type facturier does not take (`float` for a binary float where an
    /// exact amount is expected, `type` otherwise), at `path`.
    pub fn input_type(code: &str, path: &str, what: &str) -> Error {
        let message = if path.is_empty() { what.to_owned() } else { format!("{path}: {what}") };
        Error { path: Some(path.to_owned()), type_error: true, ..Error::new(code, message) }
    }

    /// An input that cannot be read for a reason other than its type (too deep, NaN…): code
    /// `parse`, as the core's parse errors.
    pub fn input_value(path: &str, what: &str) -> Error {
        Error::core(&CoreError::Parse { path: path.to_owned(), message: what.to_owned() })
    }

    /// A text holding a lone UTF-16 surrogate (a Python `str` or a JS string may; no UTF-8
    /// text can), at `path`: refused as the core refuses a text that is not text, code
    /// `invalid` with the violation `input.text.invalid`.
    pub fn lone_surrogate(path: &str) -> Error {
        let message = "a lone surrogate (half of a UTF-16 pair) is not a character: the text is not valid Unicode";
        Error::core(&CoreError::Invalid(vec![facturier_core::json::TEXT.at(path, message)]))
    }

    /// A Rust panic caught at the boundary: code `panic`.
    pub fn panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic payload".to_owned());
        Error::new("panic", format!("internal error in facturier (please report it): {what}"))
    }

    /// A result that could not be serialised (a bug): code `internal`.
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new("internal", message)
    }

    /// A core error: its code and path; `details` are its violations, or the one problem of a
    /// parse error.
    pub fn core(e: &CoreError) -> Error {
        let violations: Vec<Violation> = match e {
            CoreError::Parse { path, message } => {
                vec![Violation { code: e.code().to_owned(), path: path.clone(), message: message.clone(), source: String::new() }]
            }
            _ => e.violations().to_vec(),
        };
        let source = match (e.source(), violations.as_slice()) {
            (Some(source), _) => Some(source.into()),
            (None, [one]) if !one.source.is_empty() => Some(one.source.clone().into_boxed_str()),
            _ => None,
        };
        let details = violations.iter().filter_map(|v| serde_json::to_value(v).ok()).collect();
        Error { code: e.code().to_owned(), path: e.path().map(str::to_owned), message: e.to_string(), source, details, type_error: false }
    }

    /// A rendering error: its code, no path, its Typst diagnostics as [`diagnostic`]s.
    pub fn pdf(e: &PdfError) -> Error {
        let code = e.code();
        let details = e.diagnostics().iter().map(|d| diagnostic(code, d)).collect();
        Error { details, ..Error::new(code, e.to_string()) }
    }

    /// A FEC error (`fec.io`, `fec.charset`, `fec.header`, `fec.field`, `fec.xml`, `fec.entry`,
    /// `fec.input`): no path; a read error's one detail `{code, path, message, source, line}`
    /// gives its 1-based line and, for a field, the field's FEC name as `path` (`EcritureDate`).
    pub fn fec(e: &FecError) -> Error {
        let code = e.code();
        let mut error = Error::new(code, e.to_string());
        if let Some(line) = e.line() {
            let field = match e {
                FecError::Field { field, .. } => field.as_str(),
                _ => "",
            };
            error.details.push(serde_json::json!({"code": code, "path": field, "message": e.to_string(), "source": "", "line": line}));
        }
        error
    }

    /// An e-invoice error, its code kept (`einvoice.rules`, `einvoice.xml`, `einvoice.hostile`,
    /// `einvoice.too_large`, `einvoice.unknown_syntax`, `einvoice.value`, `einvoice.core`), no
    /// path: the details of `einvoice.rules` are its findings as `{code, path, message, source,
    /// level}` (`code` the rule id, `path` its XPath-like location in the EN 16931 model); those of
    /// `einvoice.core` the core's violations.
    pub fn einvoice(e: &EinvoiceError) -> Error {
        let code = e.code();
        let mut error = Error::new(code, e.to_string());
        match e {
            EinvoiceError::Rules(findings) => {
                error.details = findings
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "code": f.rule, "path": f.location, "message": f.message, "source": "", "level": f.level,
                        })
                    })
                    .collect();
            }
            EinvoiceError::Core(core) => error.details = Error::core(core).details,
            _ => {}
        }
        error
    }

    /// Every path of the error (its own and those of its details), rewritten by `f`: Node turns
    /// them to camelCase. The message is rewritten where it quotes a path: in one pass over it,
    /// whatever the number of details (the message of an `invalid` error lists every violation,
    /// and 100 000 of them must not take 100 000 passes over megabytes).
    pub fn map_paths(mut self, f: impl Fn(&str) -> String) -> Error {
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        let mut rewrite = |p: &str| {
            let q = f(p);
            if q != p {
                renamed.insert(p.to_owned(), q.clone());
            }
            q
        };
        self.path = self.path.as_deref().map(&mut rewrite);
        for d in &mut self.details {
            if let (Some(Value::String(p)), None) = (d.get("path"), d.get("file")) {
                let q = rewrite(p);
                d["path"] = Value::String(q);
            }
        }
        if !renamed.is_empty() {
            self.message = rename_paths(&self.message, &renamed);
        }
        self
    }

    /// The error with `prefix` before its path (and the paths of its details): the name of the
    /// argument the error was found in.
    pub fn prefixed(mut self, prefix: &str) -> Error {
        let join = |p: &str| prefixed(prefix, p);
        let old = self.path.clone();
        self.path = Some(join(self.path.as_deref().unwrap_or_default()));
        for d in &mut self.details {
            if let Some(Value::String(p)) = d.get("path") {
                let q = join(p);
                d["path"] = Value::String(q);
            }
        }
        if let (Some(old), Some(new)) = (old, &self.path) {
            let quoted = format!("`{old}`");
            if self.message.contains(&quoted) {
                self.message = self.message.replacen(&quoted, &format!("`{new}`"), 1);
            }
        }
        self
    }
}

impl From<CoreError> for Error {
    fn from(e: CoreError) -> Error {
        Error::core(&e)
    }
}

impl From<PdfError> for Error {
    fn from(e: PdfError) -> Error {
        Error::pdf(&e)
    }
}

impl From<FecError> for Error {
    fn from(e: FecError) -> Error {
        Error::fec(&e)
    }
}

impl From<EinvoiceError> for Error {
    fn from(e: EinvoiceError) -> Error {
        Error::einvoice(&e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

/// `message` with every path it quotes renamed by `renamed`, in one pass: a path is a whole run
/// of the characters of paths (letters, digits, `_`, `.`, `[`, `]`), bar a final full stop
/// (`… at lines[0].unit_price.`).
fn rename_paths(message: &str, renamed: &BTreeMap<String, String>) -> String {
    let in_path = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']');
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(first) = rest.chars().next() {
        let path = in_path(first);
        let end = rest.find(|c: char| in_path(c) != path).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        if !path {
            out.push_str(run);
            continue;
        }
        let stem = run.trim_end_matches('.');
        match renamed.get(run).or_else(|| renamed.get(stem)) {
            Some(q) if renamed.contains_key(run) => out.push_str(q),
            Some(q) => {
                out.push_str(q);
                out.push_str(&run[stem.len()..]);
            }
            None => out.push_str(run),
        }
    }
    out
}

#[cfg(test)]
mod tests;

/// One Typst diagnostic as both bindings report it: the fields of a violation (`code` the
/// error's, `path` `"file:line:column"` or empty, `source` empty) and its location (`file`,
/// `line`, `column`), so that one shape serves readers of either.
pub fn diagnostic(code: &str, d: &facturier_pdf::Diagnostic) -> Value {
    let path = if d.file.is_empty() { String::new() } else { format!("{}:{}:{}", d.file, d.line, d.column) };
    serde_json::json!({
        "code": code, "path": path, "message": d.message, "source": "",
        "file": d.file, "line": d.line, "column": d.column,
    })
}

/// Joins an argument name and a path reported inside that argument: `as_of` + `` → `as_of`,
/// `deposits` + `[0].number` → `deposits[0].number`, `rates` + `legal_interest` →
/// `rates.legal_interest`.
pub fn prefixed(name: &str, path: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else if path.starts_with('[') {
        format!("{name}{path}")
    } else {
        format!("{name}.{path}")
    }
}
