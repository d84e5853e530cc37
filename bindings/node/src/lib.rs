//! facturier's Node binding: the operations of `facturier-ffi` ([`facturier_ffi::OPERATIONS`])
//! as JS functions.
//!
//! This crate only converts values. The generated `index.js` calls the native entry points
//! [`call`] (a Promise computed on the libuv thread pool) and [`call_sync`] through `input.js`,
//! which hands over every argument of the table, options included, in the table's order, each
//! as `null` (absent), a `Buffer` (a logo) or the JSON text of `JSON.stringify`, after a cheap
//! walk on the JS thread (see `input.js`). The texts are parsed here ([`convert::parse`]:
//! camelCase or snake_case keys, integers exact, any other number refused with code `"float"`)
//! on the worker thread for a Promise, and results go back as JSON text with camelCase keys
//! (serialised on the worker thread too), which `input.js` `JSON.parse`s, or as a `Buffer` for a
//! PDF. Failures become JS `Error`s ([`failure`]); [`input_error`] makes those of the JS side.
//! The public functions, with their signatures and JSDoc, are generated from the table into
//! `index.js` and `index.d.ts` by `scripts/gen-types.js`. Paths in errors are those of the shared
//! crate in camelCase (`lines[0].unitPrice`, `numberingState.lastSequence`, `asOf`), with
//! `options.` before an option (`options.footer`).

pub mod convert;
pub mod failure;

use facturier_core::CoreError;
use facturier_ffi::{Input, Kind, Operation, Output};
use napi::bindgen_prelude::{Array, AsyncTask, BufferSlice, FromNapiValue, JsValue, Unknown};
use napi::{Env, ScopedTask, ValueType};
use napi_derive::napi;

use crate::convert::{Camel, camel, camel_schema, camel_violation_paths, parse};
use crate::failure::Failure;

/// mimalloc for every allocation of this addon (Node's own heap keeps its allocator; PDF buffers
/// are handed to V8 without a copy and freed here): Typst allocates a great deal, and renders are
/// 16 % faster than with the system allocator (`bench/pdf/README.md`, "Two threads").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The version of facturier (the workspace version, also the npm package's).
// napi-derive 3.7 registers a const under its Rust name whatever its `js_name`, hence the case.
#[allow(non_upper_case_globals)]
#[napi]
pub const version: &str = facturier_core::VERSION;

/// One argument as the JS side hands it over, copied out of the JS heap.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// `null` or `undefined`: the default applies.
    Absent,
    /// The JSON text of the argument, to be parsed.
    Text(String),
    /// The bytes of a `Buffer` (a logo).
    Bytes(Vec<u8>),
}

/// What a call gives back before it becomes a JS value: JSON text (camelCase keys) or a PDF.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The result as JSON text, for `JSON.parse`.
    Json(String),
    /// The bytes of a PDF, for a `Buffer`.
    Pdf(Vec<u8>),
}

/// A call read on the JS thread, run on any thread.
pub struct Job {
    op: &'static Operation,
    args: Option<Result<Vec<Pending>, Failure>>,
}

impl Job {
    /// Parses the arguments, runs the operation and serialises its result, panics caught: all
    /// of it on the worker thread for a Promise.
    fn run(&mut self) -> Result<Reply, Failure> {
        let args = self.args.take().unwrap_or_else(|| Err(Failure::panic(&"a job ran twice")))?;
        let op = self.op;
        guarded(|| {
            let mut inputs = Vec::with_capacity(op.args.len());
            for (pending, arg) in args.into_iter().zip(op.args) {
                inputs.push(match pending {
                    Pending::Absent => Input::Absent,
                    Pending::Bytes(b) => Input::Bytes(b),
                    // the text is dropped as soon as it is parsed
                    Pending::Text(text) => Input::Json(parse(&text, &arg_path(arg))?),
                });
            }
            let out = facturier_ffi::run(op, inputs).map_err(|e| Failure::of(e, Some(op)))?;
            reply(op, out)
        })
    }
}

/// The path of an argument in errors: empty for a document (its paths are relative to it), its
/// camelCase name for another positional argument, `options.` and its name for an option.
fn arg_path(arg: &facturier_ffi::Arg) -> String {
    match arg.kind {
        Kind::Document => String::new(),
        Kind::Named => camel(arg.name),
        Kind::Option => format!("options.{}", camel(arg.name)),
    }
}

/// The reply of a result: camelCase JSON text (violation paths too), a camelCase schema, a PDF.
fn reply(op: &Operation, out: Output) -> Result<Reply, Failure> {
    let text = match out {
        Output::Data(v) if op.returns == "Violation[]" => serde_json::to_string(&Camel(&camel_violation_paths(v))),
        Output::Data(v) => serde_json::to_string(&Camel(&v)),
        Output::Schema(v) => serde_json::to_string(&camel_schema(v)),
        Output::Pdf(bytes) => return Ok(Reply::Pdf(bytes)),
    };
    text.map(Reply::Json).map_err(|e| Failure(facturier_ffi::Error::internal(format!("cannot serialise a result: {e}"))))
}

/// The JS value of a reply: a string of JSON text, or a `Buffer`.
fn to_js<'env>(env: &'env Env, reply: Reply) -> napi::Result<Unknown<'env>> {
    match reply {
        Reply::Json(text) => Ok(env.create_string(&text)?.to_unknown()),
        Reply::Pdf(bytes) => Ok(BufferSlice::from_data(env, bytes)?.to_unknown()),
    }
}

impl<'task> ScopedTask<'task> for Job {
    type Output = Result<Reply, Failure>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.run())
    }

    fn resolve(&mut self, env: &'task Env, result: Self::Output) -> napi::Result<Self::JsValue> {
        match result {
            Ok(reply) => to_js(env, reply),
            Err(failure) => Err(failure.into_js(env)),
        }
    }
}

/// Runs `f`, turning a panic into a [`Failure`] with code `"panic"`.
fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    facturier_ffi::guarded(|| f().map_err(|Failure(e)| e)).map_err(Failure)
}

fn unreadable(path: &str, e: &napi::Error) -> Failure {
    Failure::parse(path, format!("cannot read the value: {}", e.reason))
}

/// Copies the arguments of `op` out of the JS array `args` (one per argument of the table, in
/// its order: `null`, a `Buffer` or a string of JSON text), on the JS thread; nothing is parsed.
fn read(op: &'static Operation, args: &Unknown<'_>) -> Result<Vec<Pending>, Failure> {
    guarded(|| {
        if !args.is_array().map_err(|e| unreadable("", &e))? {
            return Err(Failure::parse("", "expected the list of the arguments (a call of index.js)"));
        }
        let list = Array::from_unknown(*args).map_err(|e| unreadable("", &e))?;
        let mut pending = Vec::with_capacity(op.args.len());
        for (i, arg) in op.args.iter().enumerate() {
            let path = arg_path(arg);
            let value: Option<Unknown<'_>> = list.get(u32::try_from(i).unwrap_or(u32::MAX)).map_err(|e| unreadable(&path, &e))?;
            let Some(value) = value else {
                pending.push(Pending::Absent);
                continue;
            };
            pending.push(match value.get_type().map_err(|e| unreadable(&path, &e))? {
                ValueType::Null | ValueType::Undefined => Pending::Absent,
                ValueType::String => Pending::Text(String::from_unknown(value).map_err(|e| unreadable(&path, &e))?),
                ValueType::Object if value.is_buffer().map_err(|e| unreadable(&path, &e))? => {
                    Pending::Bytes(BufferSlice::from_unknown(value).map_err(|e| unreadable(&path, &e))?.to_vec())
                }
                _ => return Err(Failure::parse(&path, "expected JSON text or a Buffer (a call of index.js)")),
            });
        }
        Ok(pending)
    })
}

/// The operation `name` of the table.
fn operation(name: &str) -> Result<&'static Operation, Failure> {
    facturier_ffi::operation(name).ok_or_else(|| Failure(facturier_ffi::Error::internal(format!("no operation `{name}`"))))
}

/// Calls the operation `name` of the shared table with `args` (every argument of the table, in
/// its order: `null`, a `Buffer` or JSON text), parsed and computed off the event loop; resolves
/// with JSON text or a `Buffer`. Used by `input.js`.
#[napi(ts_args_type = "name: string, args: Array<string | Buffer | null>", ts_return_type = "Promise<string | Buffer>")]
pub fn call(name: String, args: Unknown<'_>) -> AsyncTask<Job> {
    let (op, args) = match operation(&name) {
        Ok(op) => (op, read(op, &args)),
        Err(e) => (&facturier_ffi::OPERATIONS[0], Err(e)),
    };
    AsyncTask::new(Job { op, args: Some(args) })
}

/// Calls the operation `name` of the shared table with `args`, synchronously (the cheap ones);
/// returns JSON text or a `Buffer`. Used by `input.js`.
#[napi(ts_args_type = "name: string, args: Array<string | Buffer | null>", ts_return_type = "string | Buffer")]
pub fn call_sync<'env>(env: &'env Env, name: String, args: Unknown<'_>) -> napi::Result<Unknown<'env>> {
    let op = operation(&name).map_err(|f| f.into_js(env))?;
    let args = read(op, &args).map_err(|f| f.into_js(env))?;
    let mut job = Job { op, args: Some(Ok(args)) };
    match job.run() {
        Ok(reply) => to_js(env, reply),
        Err(f) => Err(f.into_js(env)),
    }
}

/// The error object (not thrown) of an argument the JS side refused before serialising it, at
/// `path` (camelCase, final): `kind` `"float"` (a number JSON cannot hold exactly: `NaN`,
/// `Infinity`), `"type"` (a value of the wrong type: a logo that is not a `Buffer`), `"parse"`
/// (a value that cannot be JSON: a `Date`, a `BigInt`, a function, a cycle, a throwing getter)
/// or `"limit"` (a list longer than the host's limits: code `invalid`, violation `input.limit`).
#[napi(
    js_name = "inputError",
    ts_args_type = "kind: 'float' | 'type' | 'parse' | 'limit', path: string, message: string",
    ts_return_type = "Error"
)]
pub fn input_error<'env>(env: &'env Env, kind: String, path: String, message: String) -> napi::Result<Unknown<'env>> {
    let failure = match kind.as_str() {
        "float" => Failure::float(&path),
        "type" => Failure::input_type(&path, &message),
        "parse" => Failure::parse(&path, message),
        "limit" => Failure(facturier_ffi::Error::core(&CoreError::Invalid(vec![facturier_core::json::LIMIT.at(path, message)]))),
        _ => Failure(facturier_ffi::Error::internal(format!("unknown kind of input error `{kind}`: {message}"))),
    };
    failure.object(env)
}

/// The host's limits on lists, `[maxLines, maxItems]` (`configureLimits`), which `input.js`
/// checks before serialising an argument: a list longer than them (`a.length = 1e9`) is refused
/// before `JSON.stringify` would write each of its items.
#[napi(js_name = "listLimits", ts_return_type = "[number, number]")]
pub fn list_limits() -> Vec<u32> {
    let limits = facturier_ffi::limits::current();
    [limits.max_lines, limits.max_items].into_iter().map(|n| u32::try_from(n).unwrap_or(u32::MAX)).collect()
}

/// The names of the published JSON Schemas (synchronous).
#[napi(ts_return_type = "string[]")]
pub fn schema_names() -> Vec<String> {
    facturier_core::schema::all().into_iter().map(|(name, _)| name.to_owned()).collect()
}

/// Panics inside the guard of the shared crate, to prove that a Rust panic becomes an error with
/// code `"panic"`; used by the test-suite only.
#[napi(js_name = "_panicForTests")]
pub fn panic_for_tests(env: Env) -> napi::Result<()> {
    facturier_ffi::panic_for_tests().map_err(|e| Failure::of(e, None).into_js(&env))
}

/// The operation table as JSON text (for `scripts/gen-types.js`).
#[napi(js_name = "operations")]
pub fn operations() -> String {
    facturier_ffi::describe().to_string()
}
