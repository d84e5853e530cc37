//! JSON entry points shared by the CLI and the bindings: parse with a field path on error.
//!
//! Decimals are written as JSON strings (`"12.50"`) and read from strings or integers. A JSON
//! number with a fraction or an exponent is refused wherever it appears: it may have gone
//! through a binary float on the producer's side, and `0.1` is not one tenth in binary.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{CoreError, Result};

/// Parses `text` as a `T`, reporting the failing field path (`lines[2].quantity`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| CoreError::Parse { path: String::new(), message: e.to_string() })?;
    from_value(value)
}

/// Parses an already-built JSON value as a `T`, refusing binary floats, with path reporting.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T> {
    refuse_floats(&value)?;
    from_checked_value(value)
}

/// Refuses a JSON value holding a number with a fraction or an exponent, at its path: it may
/// have gone through a binary float.
pub fn refuse_floats(value: &Value) -> Result<()> {
    match find_float(value, &mut String::new()) {
        Some(path) => Err(CoreError::Parse {
            path,
            message: "a binary floating-point number is not an exact amount: write decimals as strings, e.g. \"12.50\"".to_owned(),
        }),
        None => Ok(()),
    }
}

/// Parses a JSON value that holds no binary float by construction — one a binding built from
/// host values after refusing floats itself — without walking it again for them.
pub fn from_checked_value<T: DeserializeOwned>(value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| CoreError::Parse { path: normalise_path(&e.path().to_string()), message: e.inner().to_string() })
}

/// Serialises `value` as pretty JSON (decimals as strings, dates as `YYYY-MM-DD`).
pub fn to_string_pretty<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| CoreError::internal("", format!("serialisation: {e}")))
}

/// The path of the first non-integer number in `v`, if any.
fn find_float(v: &Value, path: &mut String) -> Option<String> {
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => Some(path.clone()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = find_float(item, path);
            path.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = find_float(item, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

fn normalise_path(p: &str) -> String {
    if p == "." { String::new() } else { p.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct L {
        lines: Vec<Q>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Q {
        quantity: Decimal,
    }

    #[test]
    fn float_is_refused_with_path() {
        let e = from_str::<L>(r#"{"lines":[{"quantity":"1"},{"quantity":1.5}]}"#).unwrap_err();
        assert_eq!(e.code(), "parse");
        assert_eq!(e.path(), Some("lines[1].quantity"));
        let e = from_str::<L>(r#"{"lines":[{"quantity":1e2}]}"#).unwrap_err();
        assert_eq!(e.path(), Some("lines[0].quantity"));
    }

    #[test]
    fn strings_and_integers_are_exact() {
        let l = from_str::<L>(r#"{"lines":[{"quantity":"0.1000"},{"quantity":3}]}"#).unwrap();
        assert_eq!(l.lines[0].quantity.to_string(), "0.1000");
        assert_eq!(l.lines[1].quantity, Decimal::from(3));
    }

    #[test]
    fn type_errors_carry_the_path() {
        let e = from_str::<L>(r#"{"lines":[{"quantity":"abc"}]}"#).unwrap_err();
        assert_eq!(e.path(), Some("lines[0].quantity"));
    }
}
