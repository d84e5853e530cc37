//! The shared [`Error`] as a Python exception of `facturier.exceptions`.
//!
//! Which class a code maps to is decided in Python, in one table (`exceptions._CLASSES`), so a
//! new core code lands in its family's class without a change here.

use facturier_ffi::Error;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// `facturier.exceptions._make`, which builds the exception of an error.
static MAKE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception of `e`: the class of its code (a `TypeError` for a type error), with
/// `code`, `path`, `source` and `details`.
///
/// Should the exception module be missing (a broken install), a `RuntimeError` (`TypeError`
/// for a type error) is returned, chained with the import error so nothing is lost.
pub fn raise(py: Python<'_>, e: &Error) -> PyErr {
    let attempt = || -> PyResult<PyErr> {
        let make = MAKE.import(py, "facturier.exceptions", "_make")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", &e.code)?;
        kwargs.set_item("path", e.path.as_deref())?;
        kwargs.set_item("source", e.source.as_deref())?;
        kwargs.set_item("details", crate::convert::to_python_plain(py, &serde_json::Value::Array(e.details.clone()))?)?;
        kwargs.set_item("type_error", e.type_error)?;
        Ok(PyErr::from_value(make.call((e.message.as_str(),), Some(&kwargs))?))
    };
    attempt().unwrap_or_else(|import_error| {
        let message = format!("facturier error [{}] {}", e.code, e.message);
        let err = if e.type_error { PyTypeError::new_err(message) } else { PyRuntimeError::new_err(message) };
        err.set_cause(py, Some(import_error));
        err
    })
}
