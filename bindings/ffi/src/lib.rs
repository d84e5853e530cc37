//! What facturier's Python and Node bindings share, written once: the operation table
//! ([`OPERATIONS`]: names, docs, arguments with their kinds and defaults, the calls), the error
//! shape ([`Error`]: code, path, message, source, details) with the flattening of core and PDF
//! errors and of panics, the rendering options and the process-wide renderer, and the list of
//! rules and error codes.
//!
//! The skins (`bindings/python`, `bindings/node`) only convert values between their language and
//! [`Input`]/[`Output`] (JSON with snake_case keys, decimals and dates as strings), build their
//! exceptions from an [`Error`] and declare their functions from the table.

pub mod einvoice;
pub mod error;
pub mod fec;
pub mod fields;
pub mod limits;
mod render;
pub mod rules;
pub mod table;

use std::panic::{AssertUnwindSafe, catch_unwind};

pub use error::{Error, prefixed};
pub use render::{options as render_options, renderer};
pub use table::{Arg, Args, Input, Kind, OPERATIONS, Operation, Output, operation};

/// Runs `f`, turning a panic into an [`Error`] with code `panic`: nothing unwinds into the host.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(Error::panic(&*payload)))
}

/// Calls the operation `name` with `inputs` (in the order of its [`Operation::args`]), panics
/// caught.
pub fn call(name: &str, inputs: Vec<Input>) -> Result<Output, Error> {
    let Some(op) = operation(name) else {
        return Err(Error::internal(format!("no operation `{name}`")));
    };
    run(op, inputs)
}

/// Runs `op`, already looked up by a skin, with `inputs`, panics caught.
pub fn run(op: &Operation, inputs: Vec<Input>) -> Result<Output, Error> {
    guarded(|| (op.run)(&mut Args::new(op.args, inputs)))
}

/// Panics inside [`guarded`], to prove that a panic becomes an error with code `panic`; for the
/// bindings' test-suites.
pub fn panic_for_tests() -> Result<(), Error> {
    guarded(|| {
        #[allow(clippy::panic, reason = "the point of this function is to panic inside the guard")]
        {
            panic!("deliberate panic for the test-suite")
        }
    })
}

/// The table as JSON, for the generators of the Python and Node wrappers: every operation with
/// its `name`, `doc`, `args` (`name`, `kind`, `ty`, `default`), `returns`, `sync` and `options`.
pub fn describe() -> serde_json::Value {
    serde_json::Value::Array(
        OPERATIONS
            .iter()
            .map(|op| {
                serde_json::json!({
                    "name": op.name, "doc": op.doc, "args": op.args, "returns": op.returns,
                    "sync": op.sync, "options": op.options,
                })
            })
            .collect(),
    )
}
