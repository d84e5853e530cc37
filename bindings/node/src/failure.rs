//! Why a call failed, and the JS `Error` object that tells it.
//!
//! A [`Failure`] is the shared [`facturier_ffi::Error`] with its paths as the Node user writes
//! them (camelCase, `options.` before an option), built on any thread; the JS error is made from
//! it on the JS thread by [`Failure::into_js`]: an `Error` (a `TypeError` for a value of the wrong
//! type) with `code`, `path` (or `null`), `source` (when the error breaks one rule) and `details`.

use facturier_ffi::{Error, Kind, Operation};
use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, JsError, JsTypeError, Status};
use serde_json::Value;

use crate::convert::camel_path;

/// A failed call, before it becomes a JS error.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(pub Error);

impl Failure {
    /// The failure of a call of `op` (its option names get `options.` before them), or of no
    /// operation in particular.
    pub fn of(e: Error, op: Option<&Operation>) -> Failure {
        let options: Vec<&str> =
            op.map(|op| op.args.iter().filter(|a| a.kind == Kind::Option).map(|a| a.name).collect()).unwrap_or_default();
        Failure(e.map_paths(|p| {
            let head = p.split(['.', '[']).next().unwrap_or_default();
            if options.contains(&head) { format!("options.{}", camel_path(p)) } else { camel_path(p) }
        }))
    }

    /// A JS number that is not an exact integer, at `path` (camelCase).
    pub fn float(path: &str) -> Failure {
        Failure(Error::input_type(
            "float",
            path,
            "a JS number with a fraction (or beyond Number.MAX_SAFE_INTEGER) is not an exact amount: write decimals as strings, e.g. \"12.50\"",
        ))
    }

    /// A JS value that cannot stand for JSON (a function, a Date…), at `path` (camelCase).
    pub fn parse(path: &str, message: impl Into<String>) -> Failure {
        let mut e = Error::input_value(path, &message.into());
        e.type_error = true;
        Failure(e)
    }

    /// A value of the wrong type for an argument (a logo that is not a `Buffer`), at `path`.
    pub fn input_type(path: &str, message: &str) -> Failure {
        Failure(Error::input_type("type", path, message))
    }

    /// A Rust panic caught at the boundary (a bug: the core never panics by design).
    pub fn panic(payload: &(dyn std::any::Any + Send)) -> Failure {
        Failure(Error::panic(payload))
    }

    /// The JS error object; on the JS thread only. Falls back to a plain error if building fails.
    pub fn into_js(self, env: &Env) -> napi::Error {
        match self.build(env) {
            Ok(e) => e,
            Err(_) => napi::Error::new(Status::GenericFailure, self.0.message),
        }
    }

    fn build(&self, env: &Env) -> napi::Result<napi::Error> {
        let e = &self.0;
        let base = napi::Error::new(Status::GenericFailure, e.message.clone());
        let error = if e.type_error { JsTypeError::from(base).into_unknown(*env) } else { JsError::from(base).into_unknown(*env) };
        let mut object = error.coerce_to_object()?;
        object.set_named_property("code", e.code.as_str())?;
        object.set_named_property("path", e.path.as_deref())?;
        if let Some(source) = &e.source {
            object.set_named_property("source", &**source)?;
        }
        object.set_named_property("details", Value::Array(e.details.clone()))?;
        Ok(napi::Error::from(object.to_unknown()))
    }
}
