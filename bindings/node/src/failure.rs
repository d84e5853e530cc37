//! Why a call failed, and the JS `Error` object that tells it.
//!
//! A [`Failure`] is plain data, built on any thread (the libuv pool computes documents); the JS
//! error is made from it on the JS thread by [`Failure::into_js`]: an `Error` (a `TypeError` for
//! a refused float) whose `code` is the core's error code, a [`PdfError::code`] (`pdf.template`…)
//! or `"float"`, `"panic"`, `path` the field path in camelCase (or `null`) and `details` the
//! violations (camelCase keys) or the Typst diagnostics of a rendering error.

use facturier_core::CoreError;
use facturier_pdf::PdfError;
use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, JsError, JsTypeError, Status};
use serde_json::{Value, json};

use crate::convert::camel_path;

/// A failed call, before it becomes a JS error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Stable code: a [`CoreError::code`], a [`PdfError::code`], `"float"` or `"panic"`.
    pub code: String,
    /// Field path in camelCase, when the failure has a single one.
    pub path: Option<String>,
    /// Human message (the core's message for core errors).
    pub message: String,
    /// The `details` of the JS error, as JSON objects: the violations of an `invalid` error
    /// (`{code, path, message, source}`, camelCase paths), the Typst diagnostics of a rendering
    /// error (`{file, line, column, message}`); empty otherwise.
    pub details: Vec<Value>,
    /// Thrown as a `TypeError` rather than an `Error`.
    pub type_error: bool,
}

impl Failure {
    /// A JS number that is not an exact integer, at `path`.
    pub fn float(path: &str) -> Failure {
        Failure {
            code: "float".to_owned(),
            path: Some(path.to_owned()),
            message: format!(
                "invalid input at `{path}`: a JS number with a fraction (or beyond Number.MAX_SAFE_INTEGER) is not an exact \
                 amount: write decimals as strings, e.g. \"12.50\""
            ),
            details: vec![],
            type_error: true,
        }
    }

    /// A JS value that cannot stand for JSON (a function, a Date…), at `path` (camelCase).
    pub fn parse(path: &str, message: impl Into<String>) -> Failure {
        let message = message.into();
        Failure {
            code: "parse".to_owned(),
            path: Some(path.to_owned()),
            message: format!("invalid input at `{path}`: {message}"),
            details: vec![],
            type_error: true,
        }
    }

    /// A Rust panic caught at the boundary (a bug: the core never panics by design).
    pub fn panic(payload: &(dyn std::any::Any + Send)) -> Failure {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Failure {
            code: "panic".to_owned(),
            path: None,
            message: format!("internal error (panic): {what}"),
            details: vec![],
            type_error: false,
        }
    }

    /// A core error; `arg` names the argument when the core reports the empty (root) path of a
    /// scalar argument such as a date.
    pub fn core(e: &CoreError, arg: Option<&str>) -> Failure {
        let path = e.path().map(|p| if p.is_empty() { arg.unwrap_or_default().to_owned() } else { camel_path(p) });
        let details = e
            .violations()
            .iter()
            .map(|v| json!({"code": v.code, "path": camel_path(&v.path), "message": v.message, "source": v.source}))
            .collect();
        // The message names the paths too: as the caller wrote them.
        let message = match e {
            CoreError::Invalid(violations) => CoreError::Invalid(
                violations.iter().map(|v| facturier_core::Violation { path: camel_path(&v.path), ..v.clone() }).collect(),
            )
            .to_string(),
            CoreError::Overflow { path } => CoreError::Overflow { path: camel_path(path) }.to_string(),
            _ => e.to_string(),
        };
        Failure { code: e.code().to_owned(), path, message, details, type_error: false }
    }

    /// A rendering error: its code (`pdf.template`, `pdf.font`, `pdf.export`, `pdf.branding`,
    /// `pdf.data`), no path, and its Typst diagnostics `{file, line, column, message}` as details.
    pub fn pdf(e: &PdfError) -> Failure {
        let details =
            e.diagnostics().iter().map(|d| json!({"file": d.file, "line": d.line, "column": d.column, "message": d.message})).collect();
        Failure { code: e.code().to_owned(), path: None, message: e.to_string(), details, type_error: false }
    }

    /// The JS error object; on the JS thread only. Falls back to a plain error if building fails.
    pub fn into_js(self, env: &Env) -> napi::Error {
        match self.build(env) {
            Ok(e) => e,
            Err(_) => napi::Error::new(Status::GenericFailure, self.message),
        }
    }

    fn build(&self, env: &Env) -> napi::Result<napi::Error> {
        let base = napi::Error::new(Status::GenericFailure, self.message.clone());
        let error = if self.type_error { JsTypeError::from(base).into_unknown(*env) } else { JsError::from(base).into_unknown(*env) };
        let mut object = error.coerce_to_object()?;
        object.set_named_property("code", self.code.as_str())?;
        object.set_named_property("path", self.path.as_deref())?;
        object.set_named_property("details", Value::Array(self.details.clone()))?;
        Ok(napi::Error::from(object.to_unknown()))
    }
}
