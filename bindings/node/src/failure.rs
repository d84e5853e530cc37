//! Why a call failed, and the JS `Error` object that tells it.
//!
//! A [`Failure`] is the shared [`facturier_ffi::Error`] with its paths as the Node user writes
//! them (camelCase, `options.` before an option), built on any thread; the JS error is made from
//! it on the JS thread by [`Failure::into_js`]: an `Error` (a `TypeError` for a value of the wrong
//! type) with `code`, `path` (or `null`), `source` (when the error breaks one rule) and `details`.

use facturier_ffi::{Error, Kind, Operation};
use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, Object, Unknown};
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

    /// The JS error to throw or reject with; on the JS thread only. Falls back to a plain error
    /// if building fails.
    pub fn into_js(self, env: &Env) -> napi::Error {
        match self.object(env) {
            Ok(object) => napi::Error::from(object),
            Err(_) => napi::Error::new(Status::GenericFailure, self.0.message),
        }
    }

    /// The JS error object itself (not thrown); on the JS thread only.
    pub fn object<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        let e = &self.0;
        let base = napi::Error::new(Status::GenericFailure, e.message.clone());
        let error = if e.type_error { JsTypeError::from(base).into_unknown(*env) } else { JsError::from(base).into_unknown(*env) };
        let mut object = error.coerce_to_object()?;
        object.set_named_property("code", e.code.as_str())?;
        object.set_named_property("path", e.path.as_deref())?;
        if let Some(source) = &e.source {
            object.set_named_property("source", &**source)?;
        }
        // as JSON text through JSON.parse, as every result: however many violations
        let details = serde_json::to_string(&Value::Array(e.details.clone())).unwrap_or_else(|_| "[]".to_owned());
        object.set_named_property("details", json_parse(env, &details)?)?;
        Ok(object.to_unknown())
    }
}

/// `JSON.parse(text)`, called from Rust: a value built by V8 at its speed, with no limit on the
/// number of its values (napi's own conversion of a `serde_json::Value` refuses more than a
/// million).
fn json_parse<'env>(env: &'env Env, text: &str) -> napi::Result<Unknown<'env>> {
    let json: Object<'env> = env.get_global()?.get_named_property("JSON")?;
    let parse: Function<'env, String, Unknown<'env>> = json.get_named_property("parse")?;
    parse.call(text.to_owned())
}
