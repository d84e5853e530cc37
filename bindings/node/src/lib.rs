//! facturier's Node binding: the operations of `facturier-ffi` ([`facturier_ffi::OPERATIONS`])
//! as JS functions.
//!
//! This crate only converts values: JS arguments become JSON ([`convert::from_js`]: camelCase or
//! snake_case keys, decimals as strings, integers exact, any other JS number refused with code
//! `"float"`), results go back as JSON with camelCase keys (a `Buffer` for a PDF), failures as JS
//! `Error`s ([`failure`]). The native entry points are [`call`] (a Promise computed on the libuv
//! thread pool) and [`call_sync`]; the public functions, with their signatures and JSDoc, are
//! generated from the table into `index.js` and `index.d.ts` by `scripts/gen-types.js`. Paths in
//! errors are those of the shared crate in camelCase (`lines[0].unitPrice`, `numberingState.lastSequence`,
//! `asOf`), with `options.` before an option (`options.footer`).

pub mod convert;
pub mod failure;

use facturier_ffi::{Input, Kind, Operation, Output};
use napi::bindgen_prelude::{AsyncTask, BufferSlice, FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ScopedTask, ValueType};
use napi_derive::napi;

use crate::convert::{camel, camel_keys, camel_schema, camel_violation_paths, from_js, snake, to_js};
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

/// A call read on the JS thread, run on any thread.
pub struct Job {
    op: &'static Operation,
    inputs: Option<Result<Vec<Input>, Failure>>,
}

impl Job {
    fn run(&mut self) -> Result<Output, Failure> {
        let inputs = self.inputs.take().unwrap_or_else(|| Err(Failure::panic(&"a job ran twice")))?;
        facturier_ffi::run(self.op, inputs).map_err(|e| Failure::of(e, Some(self.op)))
    }
}

/// The JS value of a result: camelCase JSON (violation paths too), a camelCase schema, a `Buffer`.
fn output<'env>(env: &'env Env, op: &Operation, out: Output) -> napi::Result<Unknown<'env>> {
    match out {
        Output::Data(v) if op.returns == "Violation[]" => to_js(env, &camel_violation_paths(camel_keys(v))),
        Output::Data(v) => to_js(env, &camel_keys(v)),
        Output::Schema(v) => to_js(env, &camel_schema(v)),
        Output::Pdf(bytes) => Ok(BufferSlice::from_data(env, bytes)?.to_unknown()),
    }
}

impl<'task> ScopedTask<'task> for Job {
    type Output = Result<Output, Failure>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.run())
    }

    fn resolve(&mut self, env: &'task Env, result: Self::Output) -> napi::Result<Self::JsValue> {
        match result {
            Ok(value) => output(env, self.op, value),
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

fn absent(v: &Unknown<'_>, path: &str) -> Result<bool, Failure> {
    v.get_type().map(|t| matches!(t, ValueType::Undefined | ValueType::Null)).map_err(|e| unreadable(path, &e))
}

/// One argument: bytes for a `Buffer` (the logo), JSON otherwise; `path` names it in errors.
fn input(value: &Unknown<'_>, ty: &str, path: &str) -> Result<Input, Failure> {
    if absent(value, path)? {
        return Ok(Input::Absent);
    }
    if ty == "Buffer" {
        if !value.is_buffer().map_err(|e| unreadable(path, &e))? {
            return Err(Failure::input_type(path, "expected a Buffer holding an SVG or PNG file"));
        }
        let bytes = BufferSlice::from_unknown(*value).map_err(|e| unreadable(path, &e))?.to_vec();
        return Ok(Input::Bytes(bytes));
    }
    from_js(value, path).map(Input::Json)
}

/// Reads the arguments of `op` from the JS array `args` (positional ones, then the `options`
/// object when `op` has options), on the JS thread.
fn read(op: &'static Operation, args: &Unknown<'_>) -> Result<Vec<Input>, Failure> {
    guarded(|| {
        let object = args.coerce_to_object().map_err(|e| unreadable("", &e))?;
        let len = object.get_array_length().map_err(|e| unreadable("", &e))?;
        let mut inputs = vec![Input::Absent; op.args.len()];
        let mut position = 0u32;
        for (i, arg) in op.args.iter().enumerate().filter(|(_, a)| a.kind != Kind::Option) {
            if position < len {
                let value: Unknown<'_> = object.get_element(position).map_err(|e| unreadable(arg.name, &e))?;
                let path = if arg.kind == Kind::Document { String::new() } else { camel(arg.name) };
                inputs[i] = input(&value, arg.ty, &path)?;
            }
            position += 1;
        }
        if op.options.is_some() && position < len {
            let options: Unknown<'_> = object.get_element(position).map_err(|e| unreadable("options", &e))?;
            read_options(op, &options, &mut inputs)?;
        }
        Ok(inputs)
    })
}

/// Reads the `options` object of `op` into `inputs`: camelCase or snake_case keys, an unknown
/// option refused, `undefined` and `null` standing for an absent option.
fn read_options(op: &Operation, options: &Unknown<'_>, inputs: &mut [Input]) -> Result<(), Failure> {
    if absent(options, "options")? {
        return Ok(());
    }
    let is_object = options.get_type().map_err(|e| unreadable("options", &e))? == ValueType::Object
        && !options.is_array().map_err(|e| unreadable("options", &e))?
        && !options.is_buffer().map_err(|e| unreadable("options", &e))?;
    if !is_object {
        return Err(Failure::parse("options", "expected an object of options"));
    }
    let object = options.coerce_to_object().map_err(|e| unreadable("options", &e))?;
    let mut seen = std::collections::BTreeSet::new();
    for key in Object::keys(&object).map_err(|e| unreadable("options", &e))? {
        let name = snake(&key);
        let path = format!("options.{}", camel(&name));
        let Some(i) = op.args.iter().position(|a| a.kind == Kind::Option && a.name == name) else {
            let known: Vec<String> = op.args.iter().filter(|a| a.kind == Kind::Option).map(|a| camel(a.name)).collect();
            return Err(Failure::parse(&path, format!("unknown option; expected one of {}", known.join(", "))));
        };
        if !seen.insert(name) {
            return Err(Failure::parse(&path, "the option is given twice (camelCase and snake_case)"));
        }
        let item: Unknown<'_> = object.get_named_property(&key).map_err(|e| unreadable(&path, &e))?;
        inputs[i] = input(&item, op.args[i].ty, &path)?;
    }
    Ok(())
}

/// The operation `name` of the table.
fn operation(name: &str) -> Result<&'static Operation, Failure> {
    facturier_ffi::operation(name).ok_or_else(|| Failure(facturier_ffi::Error::internal(format!("no operation `{name}`"))))
}

/// Calls the operation `name` of the shared table with `args` (positional arguments, then the
/// options object), off the event loop; used by the generated `index.js`.
#[napi(ts_args_type = "name: string, args: unknown[]", ts_return_type = "Promise<unknown>")]
pub fn call(name: String, args: Unknown<'_>) -> AsyncTask<Job> {
    let (op, inputs) = match operation(&name) {
        Ok(op) => (op, read(op, &args)),
        Err(e) => (&facturier_ffi::OPERATIONS[0], Err(e)),
    };
    AsyncTask::new(Job { op, inputs: Some(inputs) })
}

/// Calls the operation `name` of the shared table with `args`, synchronously (the cheap ones);
/// used by the generated `index.js`.
#[napi(ts_args_type = "name: string, args: unknown[]", ts_return_type = "unknown")]
pub fn call_sync<'env>(env: &'env Env, name: String, args: Unknown<'_>) -> napi::Result<Unknown<'env>> {
    let op = operation(&name).map_err(|f| f.into_js(env))?;
    let inputs = read(op, &args).map_err(|f| f.into_js(env))?;
    // the shared crate runs the operation inside its panic guard
    let mut job = Job { op, inputs: Some(Ok(inputs)) };
    match job.run() {
        Ok(out) => output(env, op, out),
        Err(f) => Err(f.into_js(env)),
    }
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
