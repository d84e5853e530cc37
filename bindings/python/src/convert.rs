//! Python values ⇄ JSON values, exactly.
//!
//! In: mappings, lists, tuples, `str`, `bool`, `int`, `decimal.Decimal`, `datetime.date` and
//! `None` become a `serde_json::Value` in which decimals and dates are strings; a `float` is
//! refused (it is a binary fraction, not the amount the user meant), and so is anything else,
//! with the field path in the message. Out: JSON values become plain `dict`/`list`/`str`/`int`,
//! with `Decimal` and `date` for the decimal and date fields named by
//! [`facturier_ffi::fields::field_kinds`] (the core's, the FEC records' and a received e-invoice's).

use facturier_core::CoreError;
use facturier_core::json::{self as core_json, MAX_DECIMAL_DIGITS};
use facturier_core::schema::FieldKinds;
use facturier_ffi::fields::field_kinds;
use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Value};

use crate::errors;
use facturier_ffi::Error;

/// Deepest nesting accepted in an input; deeper (or cyclic) data is refused rather than
/// overflowing the stack, which no `catch_unwind` could recover.
const MAX_DEPTH: usize = 64;

/// The most digits a decimal written out in fixed point may have for the core to read it
/// (`facturier_core::json` refuses a longer decimal text as more than
/// [`MAX_DECIMAL_DIGITS`] digits): a `Decimal` longer than that once written out
/// (`Decimal('1E+999999999')`) is refused from its exponent, never expanded.
const LONGEST_DECIMAL_TEXT: u64 = 64;

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
        return text(s, path).map(Value::String);
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
        return decimal(obj, path).map(Value::String);
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
        let key = text(key, path)?;
        let child = join_key(path, &key);
        let v = walk(&value, &child, depth + 1)?;
        map.insert(key, v);
    }
    Ok(Value::Object(map))
}

/// The text of a `str`; one holding a lone surrogate (`'\ud800'`, which no UTF-8 text holds)
/// is refused as the core refuses a text that is not text: `invalid`, `input.text.invalid` at
/// `path`.
fn text(s: &Bound<'_, PyString>, path: &str) -> PyResult<String> {
    let py = s.py();
    match s.to_cow() {
        Ok(text) => Ok(text.into_owned()),
        Err(e) if e.is_instance_of::<PyUnicodeEncodeError>(py) => Err(errors::raise(py, &Error::lone_surrogate(path))),
        Err(e) => Err(e),
    }
}

/// A `Decimal` as the core reads decimals: its fixed-point text (`Decimal("1E+2")` → `"100"`),
/// which the core then checks against the schemas' grammar and 28 digits.
///
/// What the core would refuse anyway is refused here, before any text is built, with the
/// core's code (`invalid`, `input.decimal.invalid` at `path`, as for the same value written as a
/// string in Node or the CLI): NaN and the infinities, and a decimal whose fixed-point text,
/// computed from its digits and exponent, would be longer than [`LONGEST_DECIMAL_TEXT`] —
/// `Decimal('1E+999999999')` is refused at once instead of being expanded to a billion digits.
fn decimal(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    let py = obj.py();
    let refuse = |why: &str| -> PyErr {
        // `str` of a Decimal is short: scientific notation when the exponent is large
        let text = obj.str().map(|s| s.to_string()).unwrap_or_default();
        let mut shown: String = text.chars().take(40).collect();
        if text.chars().nth(40).is_some() {
            shown.push('…');
        }
        let violation = core_json::DECIMAL.at(path, format!("`{shown}` is not a decimal: {why}"));
        errors::raise(py, &Error::core(&CoreError::Invalid(vec![violation])))
    };
    if !obj.call_method0("is_finite")?.is_truthy()? {
        return Err(refuse("a Decimal must be finite (not NaN or Infinity)"));
    }
    let tuple = obj.call_method0("as_tuple")?;
    let digits = u64::try_from(tuple.getattr("digits")?.len()?).unwrap_or(u64::MAX);
    // a finite Decimal's exponent is an int, within ±10^18 (the decimal module's limits)
    let exponent: Option<i64> = tuple.getattr("exponent")?.extract().ok();
    let zero = obj.call_method0("is_zero")?.is_truthy()?;
    match exponent.map(|e| fixed_point_digits(digits, zero, e)) {
        Some(n) if n <= LONGEST_DECIMAL_TEXT => {}
        _ => return Err(refuse(&format!("written out, it has more than {MAX_DECIMAL_DIGITS} digits"))),
    }
    // Fixed-point text, never an exponent: Decimal("1E+2") → "100".
    py.import("builtins")?.getattr("format")?.call1((obj, "f"))?.extract::<String>()
}

/// How many digits `format(d, "f")` writes for a finite Decimal of `digits` coefficient digits
/// and exponent `exponent` (`zero` when it is zero: `0E+5` is written `0`), without writing them.
fn fixed_point_digits(digits: u64, zero: bool, exponent: i64) -> u64 {
    let shift = exponent.unsigned_abs();
    if exponent >= 0 {
        if zero { 1 } else { digits.saturating_add(shift) }
    } else {
        // `shift` decimals, and at least one digit before the point
        digits.saturating_sub(shift).max(1).saturating_add(shift)
    }
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
                // the strings of a list are of the list's field (an audit record's `totals`)
                let item_key = if item.is_string() { key } else { None };
                list.append(out(py, item, item_key, typed)?)?;
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
