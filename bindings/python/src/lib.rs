//! facturier's Python binding: the module `facturier._facturier`, used by the pure-Python package
//! `facturier` (see `bindings/API.md` for the contract).
//!
//! The operations live in `facturier-ffi` ([`facturier_ffi::OPERATIONS`]); this crate only
//! converts values. [`call`] runs one operation in three steps:
//!
//! 1. with the GIL held, convert the Python arguments to JSON ([`convert::to_json`]: floats and
//!    unknown types are refused with the field path), by the kind of each argument in the table;
//! 2. without the GIL, [`facturier_ffi::call`]: parse, call the core or the renderer, serialise;
//!    a Rust panic is caught there;
//! 3. with the GIL, convert the result to Python ([`convert::to_python`]: `Decimal` and `date` for
//!    the decimal and date fields) or raise the error's exception ([`errors::raise`]).
//!
//! The public functions, with their signatures and docstrings, are generated from the table into
//! `facturier/_api.py` by `scripts/gen_api.py`. The module holds no GIL-bound state
//! (`gil_used = false`).

use facturier_core::schema;
use facturier_ffi::{Input, Kind, Output};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyTuple};

mod convert;
mod errors;

use convert::{to_json, to_python, to_python_plain};

/// mimalloc for the Rust allocations of this extension module (Python's objects keep Python's
/// allocator): Typst allocates a great deal, and renders are 16 % faster than with the system
/// allocator (`bench/pdf/README.md`, "Two threads").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One argument as the table's kind of it asks: bytes for `Buffer`, JSON otherwise (paths
/// relative to a document, prefixed with the name for the others); `None` is absent.
fn input(obj: &Bound<'_, PyAny>, arg: &facturier_ffi::Arg) -> PyResult<Input> {
    if obj.is_none() {
        return Ok(Input::Absent);
    }
    if arg.ty == "Buffer" {
        return if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Input::Bytes(b.as_bytes().to_vec()))
        } else if let Ok(b) = obj.cast::<PyByteArray>() {
            Ok(Input::Bytes(b.to_vec()))
        } else {
            let name = obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
            let what = format!("expected bytes (a file's content: an image, a FEC, an e-invoice), got {name}");
            Err(errors::raise(obj.py(), &facturier_ffi::Error::input_type("type", arg.name, &what)))
        };
    }
    let path = if arg.kind == Kind::Document { "" } else { arg.name };
    to_json(obj, path).map(Input::Json)
}

/// Calls the operation `name` of the table with `args`, every argument in the table's order
/// (`None` for an absent one); the GIL is released while it runs.
#[pyfunction]
fn call<'py>(py: Python<'py>, name: &str, args: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
    let Some(op) = facturier_ffi::operation(name) else {
        return Err(PyValueError::new_err(format!("no operation named {name:?}")));
    };
    let mut inputs = Vec::with_capacity(op.args.len());
    for (i, arg) in op.args.iter().enumerate() {
        inputs.push(if i < args.len() { input(&args.get_item(i)?, arg)? } else { Input::Absent });
    }
    match py.detach(move || facturier_ffi::run(op, inputs)) {
        Ok(Output::Data(v)) => to_python(py, &v),
        Ok(Output::Schema(v)) => to_python_plain(py, &v),
        Ok(Output::Pdf(bytes)) => Ok(PyBytes::new(py, &bytes).into_any()),
        Err(e) => Err(errors::raise(py, &e)),
    }
}

/// The operation table as JSON text (for `scripts/gen_api.py`).
#[pyfunction]
fn operations() -> String {
    facturier_ffi::describe().to_string()
}

/// Panics inside the guard of the shared crate, to prove that a Rust panic becomes
/// `FacturierError(code="panic")`; used by the test-suite only.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    py.detach(facturier_ffi::panic_for_tests).map_err(|e| errors::raise(py, &e))
}

/// facturier's native module; use the `facturier` package, which wraps it.
#[pymodule(gil_used = false)]
fn _facturier(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", facturier_core::VERSION)?;
    let names: Vec<&str> = schema::all().into_iter().map(|(n, _)| n).collect();
    m.add("SCHEMA_NAMES", PyTuple::new(m.py(), names)?)?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}
