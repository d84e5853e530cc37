//! JSON entry points shared by the CLI and the bindings: parse with a field path on error.

use serde::de::DeserializeOwned;

use crate::error::{CoreError, Result};

/// Parses `text` as a `T`, reporting the failing field path (`lines[2].quantity`).
///
/// Decimals must be JSON strings (`"12.50"`): a JSON number is refused, because it may have
/// gone through a binary float on the producer's side.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| CoreError::Parse {
        path: normalise_path(&e.path().to_string()),
        message: e.inner().to_string(),
    })
}

/// Parses an already-built JSON value as a `T`, with the same path reporting.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| CoreError::Parse {
        path: normalise_path(&e.path().to_string()),
        message: e.inner().to_string(),
    })
}

/// Serialises `value` as pretty JSON (decimals as strings, dates as `YYYY-MM-DD`).
pub fn to_string_pretty<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CoreError::Parse { path: String::new(), message: e.to_string() })
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
    fn number_is_refused_with_path() {
        let e = from_str::<L>(r#"{"lines":[{"quantity":"1"},{"quantity":1.5}]}"#).unwrap_err();
        assert_eq!(e.code(), "parse");
        assert_eq!(e.path(), Some("lines[1].quantity"));
    }

    #[test]
    fn string_is_exact() {
        let l = from_str::<L>(r#"{"lines":[{"quantity":"0.1000"}]}"#).unwrap();
        assert_eq!(l.lines[0].quantity.to_string(), "0.1000");
    }
}
