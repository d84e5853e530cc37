//! Python values ⇄ JSON values, exactly.
//!
//! In: mappings, lists, tuples, `str`, `bool`, `int`, `decimal.Decimal`, `datetime.date` and
//! `None` become a `serde_json::Value` in which decimals and dates are strings; a `float` is
//! refused (it is a binary fraction, not the amount the user meant), and so is anything else,
//! with the field path in the message. Out: JSON values become plain `dict`/`list`/`str`/`int`,
//! with `Decimal` and `date` for the decimal and date fields named by
//! [`facturier_core::schema::field_kinds`].

use facturier_core::schema::{FieldKinds, field_kinds};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Value};

use crate::errors;
use facturier_ffi::Error;

/// Deepest nesting accepted in an input; deeper (or cyclic) data is refused rather than
/// overflowing the stack, which no `catch_unwind` could recover.
const MAX_DEPTH: usize = 64;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static KINDS: PyOnceLock<FieldKinds> = PyOnceLock::new();

fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn kinds(py: Python<'_>) -> &FieldKinds {
    KINDS.get_or_init(py, field_kinds)
}

/// Appends a key to a field path: `lines[2]` + `unit_price` → `lines[2].unit_price`.
fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// Converts `obj` to JSON; `path` names it in error messages (empty for a whole document).
pub fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    walk(obj, path, 0)
}

fn walk(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(errors::raise(py, &Error::input_value(path, &format!("nested deeper than {MAX_DEPTH} levels (or cyclic)"))));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: `True` is an `int` in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(errors::raise(py, &Error::input_type("type", path, "integer out of the 64-bit range; pass a Decimal or a str")));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(errors::raise(py, &Error::input_type("float", path, "float is not an exact amount; use Decimal or str")));
    }
    if obj.is_instance(decimal_type(py)?)? {
        if !obj.call_method0("is_finite")?.is_truthy()? {
            return Err(errors::raise(py, &Error::input_value(path, "a Decimal amount must be finite (not NaN or Infinity)")));
        }
        // Fixed-point text, never an exponent: Decimal("1E+2") → "100".
        let text = py.import("builtins")?.getattr("format")?.call1((obj, "f"))?;
        return Ok(Value::String(text.extract::<String>()?));
    }
    if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return Err(errors::raise(py, &Error::input_type("type", path, "datetime carries a time; pass a datetime.date (d.date())")));
    }
    if obj.is_instance(date_type(py)?)? {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract::<String>()?));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        // A snapshot of the items: nothing we call can invalidate the iteration.
        return object(d.items().iter(), path, depth);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return array(l.iter(), path, depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return array(t.iter(), path, depth);
    }
    if obj.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        let items: Vec<Bound<'_, PyAny>> = obj.call_method0("items")?.try_iter()?.collect::<PyResult<_>>()?;
        return object(items.into_iter(), path, depth);
    }
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned());
    Err(errors::raise(
        py,
        &Error::input_type(
            "type",
            path,
            &format!(
                "{type_name} is not a facturier input: pass dict, list, str, int, Decimal, date or None \
             (a pydantic model: .model_dump(); a dataclass: dataclasses.asdict())"
            ),
        ),
    ))
}

fn object<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>, path: &str, depth: usize) -> PyResult<Value> {
    let mut map = Map::new();
    for item in items {
        let py = item.py();
        let (key, value): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            let shown = key.repr().map(|r| r.to_string()).unwrap_or_default();
            return Err(errors::raise(py, &Error::input_type("type", path, &format!("mapping key {shown} is not a str"))));
        };
        let key = key.to_cow()?.into_owned();
        let child = join_key(path, &key);
        let v = walk(&value, &child, depth + 1)?;
        map.insert(key, v);
    }
    Ok(Value::Object(map))
}

fn array<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>, path: &str, depth: usize) -> PyResult<Value> {
    items.enumerate().map(|(i, item)| walk(&item, &format!("{path}[{i}]"), depth + 1)).collect::<PyResult<Vec<_>>>().map(Value::Array)
}

/// Converts a core output to Python: `Decimal` and `date` for the fields named so by the
/// schemas, plain types elsewhere.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    out(py, value, None, true)
}

/// Converts JSON to Python without interpreting any field (for JSON Schemas).
pub fn to_python_plain<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    out(py, value, None, false)
}

/// `key` is the name of the field holding `value`, when it is an object field; strings are
/// converted by that name when `typed`.
fn out<'py>(py: Python<'py>, value: &Value, key: Option<&str>, typed: bool) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                // The core never produces a float; keep the exact text rather than guess.
                decimal_type(py)?.call1((n.to_string(),))?
            }
        }
        Value::String(s) => match key {
            Some(k) if typed && kinds(py).decimals.contains(k) => decimal_type(py)?.call1((s.as_str(),))?,
            Some(k) if typed && kinds(py).dates.contains(k) => date_type(py)?.call_method1("fromisoformat", (s.as_str(),))?,
            _ => PyString::new(py, s).into_any(),
        },
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(out(py, item, None, typed)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, out(py, v, Some(k), typed)?)?;
            }
            dict.into_any()
        }
    })
}
