//! Mapping of the core's errors (and of panics) to the exception classes of
//! `facturier.exceptions`.
//!
//! The classes are defined in Python (so they carry docstrings, `.errors()` and type hints) and
//! imported once. Every [`CoreError`] variant is mapped here and only here, and so is every
//! [`PdfError`] (all of them become `RenderError`).

use facturier_core::{CoreError, Violation};
use facturier_pdf::PdfError;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

/// The module holding the exception classes.
const EXCEPTIONS: &str = "facturier.exceptions";

static FACTURIER_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static VALIDATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static QUOTE_STATE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static NUMBERING_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static AMOUNT_RANGE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INPUT_TYPE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static RENDER_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The exception classes of `facturier.exceptions`.
#[derive(Clone, Copy)]
enum Class {
    Facturier,
    Validation,
    QuoteState,
    Numbering,
    AmountRange,
    InputType,
    Render,
}

impl Class {
    fn cell_and_name(self) -> (&'static PyOnceLock<Py<PyType>>, &'static str) {
        match self {
            Class::Facturier => (&FACTURIER_ERROR, "FacturierError"),
            Class::Validation => (&VALIDATION_ERROR, "ValidationError"),
            Class::QuoteState => (&QUOTE_STATE_ERROR, "QuoteStateError"),
            Class::Numbering => (&NUMBERING_ERROR, "NumberingError"),
            Class::AmountRange => (&AMOUNT_RANGE_ERROR, "AmountRangeError"),
            Class::InputType => (&INPUT_TYPE_ERROR, "InputTypeError"),
            Class::Render => (&RENDER_ERROR, "RenderError"),
        }
    }
}

/// Builds an instance of `class` with `message`, `code`, `path` and `errors`, as a `PyErr`.
///
/// Should the exception module be missing (a broken install), the import error is returned
/// instead, chained with the original message so nothing is lost.
fn build(py: Python<'_>, class: Class, message: &str, code: &str, path: Option<&str>, errors: &[Violation]) -> PyErr {
    let attempt = || -> PyResult<PyErr> {
        let (cell, name) = class.cell_and_name();
        let cls = cell.import(py, EXCEPTIONS, name)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", code)?;
        kwargs.set_item("path", path)?;
        let list = PyList::empty(py);
        for v in errors {
            let d = PyDict::new(py);
            d.set_item("code", &v.code)?;
            d.set_item("path", &v.path)?;
            d.set_item("message", &v.message)?;
            d.set_item("source", &v.source)?;
            list.append(d)?;
        }
        kwargs.set_item("errors", list)?;
        let instance = cls.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    };
    attempt().unwrap_or_else(|import_error| {
        let err = pyo3::exceptions::PyRuntimeError::new_err(format!("facturier error [{code}] {message}"));
        err.set_cause(py, Some(import_error));
        err
    })
}

/// The Python exception for a core error.
///
/// `CoreError` is `#[non_exhaustive]`: a variant added to the core later becomes a plain
/// `FacturierError` carrying its code until it is mapped here.
pub fn core_error(py: Python<'_>, e: &CoreError) -> PyErr {
    let message = e.to_string();
    let code = e.code();
    let path = e.path();
    match e {
        CoreError::Invalid(violations) => build(py, Class::Validation, &message, code, path, violations),
        CoreError::Parse { path, message: what } => {
            let one = Violation { code: code.to_owned(), path: path.clone(), message: what.clone(), source: String::new() };
            build(py, Class::Validation, &message, code, Some(path), &[one])
        }
        CoreError::QuoteTransition { .. } | CoreError::WrongState { .. } => build(py, Class::QuoteState, &message, code, path, &[]),
        CoreError::Numbering { .. } => build(py, Class::Numbering, &message, code, path, &[]),
        CoreError::Overflow { .. } => build(py, Class::AmountRange, &message, code, path, &[]),
        _ => build(py, Class::Facturier, &message, code, path, &[]),
    }
}

/// The Python exception for a rendering error: `RenderError` with the error's code, no path,
/// and its Typst diagnostics as `errors()` entries `{code, path: "file:line:column", message,
/// source: ""}` (`path` is empty when a diagnostic points nowhere).
///
/// `PdfError` is `#[non_exhaustive]`: a new variant becomes a `RenderError` with its own code.
pub fn pdf_error(py: Python<'_>, e: &PdfError) -> PyErr {
    let code = e.code();
    let details: Vec<Violation> = e
        .diagnostics()
        .iter()
        .map(|d| Violation {
            code: code.to_owned(),
            path: if d.file.is_empty() { String::new() } else { format!("{}:{}:{}", d.file, d.line, d.column) },
            message: d.message.clone(),
            source: String::new(),
        })
        .collect();
    build(py, Class::Render, &e.to_string(), code, None, &details)
}

/// The Python exception for a Rust panic caught at the boundary: `FacturierError`, code `panic`.
pub fn panic_error(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    let message = format!("internal error in facturier (please report it): {what}");
    build(py, Class::Facturier, &message, "panic", None, &[])
}

/// An input value of a type facturier does not take: `InputTypeError` (a `TypeError`).
///
/// `code` is `float` for a binary float where an exact amount is expected, `type` otherwise.
pub fn input_type(py: Python<'_>, code: &str, path: &str, what: &str) -> PyErr {
    let message = if path.is_empty() { what.to_owned() } else { format!("{path}: {what}") };
    let err = build(py, Class::InputType, &message, code, Some(path), &[]);
    if err.is_instance_of::<PyTypeError>(py) { err } else { PyTypeError::new_err(message) }
}

/// An input that cannot be turned into JSON for a reason other than its type (too deep, a
/// non-finite Decimal…): a `ValidationError` with code `parse`, like the core's parse errors.
pub fn input_value(py: Python<'_>, path: &str, what: &str) -> PyErr {
    let message = format!("invalid input at `{path}`: {what}");
    let one = Violation { code: "parse".to_owned(), path: path.to_owned(), message: what.to_owned(), source: String::new() };
    let err = build(py, Class::Validation, &message, "parse", Some(path), &[one]);
    if err.is_instance_of::<PyValueError>(py) { err } else { PyValueError::new_err(message) }
}
