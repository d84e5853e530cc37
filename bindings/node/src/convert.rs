//! Conversions between JS values and JSON: camelCase ↔ snake_case keys, exact numbers only.
//!
//! Inputs are walked on the JS thread into a [`serde_json::Value`] whose keys are snake_case
//! (camelCase and snake_case keys are both accepted) and whose numbers are integers: a
//! non-integer or unsafe-integer JS number is refused with [`Failure::float`]. Outputs are core
//! values serialised to JSON, their keys turned to camelCase. No business rule lives here.

use napi::bindgen_prelude::{Array, JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ValueType};
use serde_json::{Map, Number, Value};

use crate::failure::Failure;

/// Deepest nesting accepted in an input (also stops cyclic objects).
const MAX_DEPTH: usize = 64;

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `unitPrice` → `unit_price`; a snake_case key is returned unchanged.
pub fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `unit_price` → `unitPrice`; keys without underscores (and `$defs`) are returned unchanged.
///
/// An underscore before a digit stays, so that [`snake`] gets the key back: `days_1_30` →
/// `days_1_30`, `days_over_90` → `daysOver_90` (dropping it would give `days130`, which no rule
/// turns back into `days_1_30`).
pub fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' && !out.is_empty() && !chars.peek().is_some_and(char::is_ascii_digit) {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A core field path (`lines[3].vat_rate`) as the Node user writes it (`lines[3].vatRate`).
pub fn camel_path(path: &str) -> String {
    path.split('.')
        .map(|segment| match segment.find('[') {
            Some(i) => format!("{}{}", camel(&segment[..i]), &segment[i..]),
            None => camel(segment),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Every object key of `v` turned to camelCase.
pub fn camel_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (camel(&k), camel_keys(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

/// Violations (`{code, path, message, source}`) with their paths in camelCase.
pub fn camel_violation_paths(v: Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|mut item| {
                    if let Some(Value::String(p)) = item.get("path") {
                        let camel = camel_path(p);
                        item["path"] = Value::String(camel);
                    }
                    item
                })
                .collect(),
        ),
        other => other,
    }
}

/// A JSON Schema for the camelCase documents of the binding: property names (object keys) and
/// the names listed in `required` turned to camelCase. Enum values and patterns are untouched.
pub fn camel_schema(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("required", Value::Array(names)) => Value::Array(
                            names.into_iter().map(|n| if let Value::String(s) = n { Value::String(camel(&s)) } else { n }).collect(),
                        ),
                        (_, v) => camel_schema(v),
                    };
                    (camel(&k), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_schema).collect()),
        other => other,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// Reads a JS argument as JSON with snake_case keys; `path` names it in errors (empty for a
/// document, whose inner paths are then relative to it, e.g. `lines[0].unitPrice`).
pub fn from_js(value: &Unknown<'_>, path: &str) -> Result<Value, Failure> {
    walk(value, path, 0)
}

fn napi_failure(path: &str, e: &napi::Error) -> Failure {
    Failure::parse(path, format!("cannot read the value: {}", e.reason))
}

fn walk(value: &Unknown<'_>, path: &str, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::parse(path, format!("nested deeper than {MAX_DEPTH} levels (a cycle?)")));
    }
    let kind = value.get_type().map_err(|e| napi_failure(path, &e))?;
    match kind {
        ValueType::Null | ValueType::Undefined => Ok(Value::Null),
        ValueType::Boolean => value.coerce_to_bool().map(Value::Bool).map_err(|e| napi_failure(path, &e)),
        ValueType::String => value
            .coerce_to_string()
            .and_then(|s| s.into_utf8())
            .and_then(|s| s.into_owned())
            .map(Value::String)
            .map_err(|e| napi_failure(path, &e)),
        ValueType::Number => {
            let n = value.coerce_to_number().and_then(|n| n.get_double()).map_err(|e| napi_failure(path, &e))?;
            exact_integer(n).map(|i| Value::Number(Number::from(i))).ok_or_else(|| Failure::float(path))
        }
        ValueType::Object => {
            let object = value.coerce_to_object().map_err(|e| napi_failure(path, &e))?;
            if value.is_array().map_err(|e| napi_failure(path, &e))? {
                let len = object.get_array_length().map_err(|e| napi_failure(path, &e))?;
                let mut items = Vec::with_capacity(len as usize);
                for i in 0..len {
                    let item_path = format!("{path}[{i}]");
                    let item: Unknown<'_> = object.get_element(i).map_err(|e| napi_failure(&item_path, &e))?;
                    items.push(walk(&item, &item_path, depth + 1)?);
                }
                return Ok(Value::Array(items));
            }
            if value.is_date().map_err(|e| napi_failure(path, &e))? {
                return Err(Failure::parse(path, "a Date is not accepted: write dates as \"YYYY-MM-DD\" strings"));
            }
            walk_object(&object, path, depth)
        }
        ValueType::BigInt => Err(Failure::parse(path, "a BigInt is not accepted: write decimals as strings, e.g. \"12.50\"")),
        _ => Err(Failure::parse(path, format!("a {kind} is not a JSON value"))),
    }
}

fn walk_object(object: &Object<'_>, path: &str, depth: usize) -> Result<Value, Failure> {
    let keys = Object::keys(object).map_err(|e| napi_failure(path, &e))?;
    let mut map = Map::new();
    for key in keys {
        let snake_key = snake(&key);
        let key_path = join(path, &camel(&snake_key));
        let item: Unknown<'_> = object.get_named_property(&key).map_err(|e| napi_failure(&key_path, &e))?;
        if item.get_type().map_err(|e| napi_failure(&key_path, &e))? == ValueType::Undefined {
            continue; // an absent optional field, as JSON.stringify would drop it
        }
        let converted = walk(&item, &key_path, depth + 1)?;
        if map.insert(snake_key, converted).is_some() {
            return Err(Failure::parse(&key_path, "the field is given twice (camelCase and snake_case)"));
        }
    }
    Ok(Value::Object(map))
}

/// `n` as an exact integer, or `None` for a fraction, an unsafe integer, NaN or an infinity.
#[allow(clippy::float_arithmetic, clippy::cast_possible_truncation)]
fn exact_integer(n: f64) -> Option<i64> {
    if n.is_finite() && n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER { Some(n as i64) } else { None }
}

/// Builds the JS value of an output: an object, array or string (the shapes the API returns).
pub fn to_js<'env>(env: &'env Env, v: &Value) -> napi::Result<Unknown<'env>> {
    match v {
        Value::Object(map) => {
            let mut object = Object::new(env)?;
            for (k, item) in map {
                object.set_named_property(k, item)?;
            }
            Ok(object.to_unknown())
        }
        Value::Array(items) => {
            let mut array: Array<'env> = env.create_array(u32::try_from(items.len()).unwrap_or(u32::MAX))?;
            for (i, item) in items.iter().enumerate() {
                array.set(u32::try_from(i).unwrap_or(u32::MAX), item)?;
            }
            Ok(array.to_unknown())
        }
        Value::String(s) => Ok(env.create_string(s)?.to_unknown()),
        other => Ok(env.create_string(other.to_string())?.to_unknown()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_for_every_schema_field() {
        let mut names = std::collections::BTreeSet::new();
        fn collect(v: &Value, names: &mut std::collections::BTreeSet<String>) {
            match v {
                Value::Object(map) => {
                    if let Some(Value::Object(props)) = map.get("properties") {
                        names.extend(props.keys().cloned());
                    }
                    map.values().for_each(|x| collect(x, names));
                }
                Value::Array(items) => items.iter().for_each(|x| collect(x, names)),
                _ => {}
            }
        }
        for (_, s) in facturier_core::schema::all() {
            collect(&s, &mut names);
        }
        assert!(names.contains("unit_price"));
        for n in &names {
            assert_eq!(&snake(&camel(n)), n, "{n} does not survive camelCase");
            assert_eq!(&snake(n), n, "{n} is not snake_case");
        }
    }

    #[test]
    fn paths_become_camel_case() {
        assert_eq!(camel_path("lines[3].vat_rate"), "lines[3].vatRate");
        assert_eq!(camel_path("selection[0].line_id"), "selection[0].lineId");
        assert_eq!(camel_path(""), "");
        assert_eq!(camel("$defs"), "$defs");
        assert_eq!(camel("days_1_30"), "days_1_30");
        assert_eq!(camel("days_over_90"), "daysOver_90");
        assert_eq!(snake("daysOver_90"), "days_over_90");
        assert_eq!(camel_path("aging.total.days_over_90"), "aging.total.daysOver_90");
        assert_eq!(snake("unitPrice"), "unit_price");
    }

    #[test]
    fn only_safe_integers_are_exact() {
        assert_eq!(exact_integer(3.0), Some(3));
        assert_eq!(exact_integer(-0.0), Some(0));
        assert_eq!(exact_integer(12.5), None);
        assert_eq!(exact_integer(f64::NAN), None);
        assert_eq!(exact_integer(1e300), None);
    }
}
