//! Conversions between the JSON text of the JS side and the shared crate's JSON: camelCase ↔
//! snake_case keys, exact numbers only.
//!
//! The generated `index.js` (through `input.js`) serialises each argument with `JSON.stringify`
//! on the JS thread, after a cheap walk that refuses what the text would lose (a `Date`, `NaN`,
//! a `BigInt`, a function) and lists longer than the host's limits. [`parse`] reads that text,
//! off the event loop for the Promise operations, into a [`serde_json::Value`] whose keys are
//! snake_case (camelCase and snake_case keys are both accepted, not both for one field) and whose
//! numbers are safe integers: any other number is refused with [`Failure::float`] at its path,
//! a lone surrogate (which `JSON.stringify` writes as an escape) as invalid text. Outputs are
//! written as JSON text with camelCase keys ([`Camel`]), which `index.js` `JSON.parse`s. No
//! business rule lives here.

use std::cell::RefCell;

use facturier_ffi::Error;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::failure::Failure;

/// Deepest nesting accepted in an input (the JS walk stops cycles at the same depth).
pub const MAX_DEPTH: usize = 64;

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`): `JSON.stringify`
/// prints a larger one rounded to the nearest double.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

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

/// Reads the JSON text of one argument (made by `JSON.stringify`) as JSON with snake_case keys;
/// `base` is the argument's path in errors (empty for a document, whose inner paths are then
/// relative to it, e.g. `lines[0].unitPrice`; `asOf`, `options.footer` otherwise).
pub fn parse(text: &str, base: &str) -> Result<Value, Failure> {
    let failure = RefCell::new(None);
    let mut reader = serde_json::Deserializer::from_str(text);
    let seed = Reader { at: At::Root(base), depth: 0, failure: &failure };
    match seed.deserialize(&mut reader).and_then(|v| reader.end().map(|()| v)) {
        Ok(v) => Ok(v),
        Err(e) => Err(failure.into_inner().unwrap_or_else(|| Failure::parse(base, format!("cannot read the value: {e}")))),
    }
}

/// Where a value sits in an argument: built on the stack while the reader descends, written out
/// only for an error.
#[derive(Clone, Copy)]
enum At<'a> {
    /// The argument itself, and its path.
    Root(&'a str),
    /// A field (its snake_case key) of an object.
    Key(&'a At<'a>, &'a str),
    /// An item of a list.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// The camelCase path, as the Node user writes it.
    fn path(&self) -> String {
        match self {
            At::Root(base) => (*base).to_owned(),
            At::Key(parent, key) => join(&parent.path(), &camel(key)),
            At::Index(parent, i) => format!("{}[{i}]", parent.path()),
        }
    }
}

/// Reads one value at `at`; the first refusal is kept in `failure` with its path (serde's own
/// error, which has none, only stops the reading).
#[derive(Clone, Copy)]
struct Reader<'a> {
    at: At<'a>,
    depth: usize,
    failure: &'a RefCell<Option<Failure>>,
}

impl Reader<'_> {
    /// Keeps `f` unless an earlier (deeper) failure was kept, and stops the reading.
    fn refuse<E: de::Error>(&self, f: impl FnOnce() -> Failure) -> E {
        let mut kept = self.failure.borrow_mut();
        if kept.is_none() {
            *kept = Some(f());
        }
        E::custom("refused")
    }

    fn integer<E: de::Error>(&self, n: Option<i64>, magnitude: u64) -> Result<Value, E> {
        match n {
            Some(n) if magnitude <= MAX_SAFE_INTEGER => Ok(Value::from(n)),
            _ => Err(self.refuse(|| Failure::float(&self.at.path()))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self).map_err(|e| {
            // serde_json's own errors: in a text of JSON.stringify, only a lone surrogate, which
            // it writes as an escape (`"\ud800"`) that no UTF-8 string can hold
            let message = e.to_string();
            self.refuse(|| {
                let path = self.at.path();
                if message.contains("surrogate") || message.contains("hex escape") {
                    Failure(Error::lone_surrogate(&path))
                } else {
                    Failure::parse(&path, format!("cannot read the value: {message}"))
                }
            })
        })
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.integer(Some(v), v.unsigned_abs())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.integer(i64::try_from(v).ok(), v)
    }

    /// A number with a fraction or an exponent (`JSON.stringify(1e21)` is `1e+21`).
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Err(self.refuse(|| Failure::float(&self.at.path())))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.refuse(|| Failure::parse(&self.at.path(), format!("nested deeper than {MAX_DEPTH} levels (a cycle?)"))));
        }
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Reader { at: At::Index(&self.at, items.len()), depth: self.depth + 1, ..self })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.refuse(|| Failure::parse(&self.at.path(), format!("nested deeper than {MAX_DEPTH} levels (a cycle?)"))));
        }
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let key = if key.bytes().any(|b| b.is_ascii_uppercase()) { snake(&key) } else { key };
            let value = map.next_value_seed(Reader { at: At::Key(&self.at, &key), depth: self.depth + 1, ..self })?;
            if out.contains_key(&key) {
                let at = At::Key(&self.at, &key);
                return Err(self.refuse(|| Failure::parse(&at.path(), "the field is given twice (camelCase and snake_case)")));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A value written with its object keys in camelCase, without copying it.
pub struct Camel<'a>(pub &'a Value);

impl Serialize for Camel<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(&camel(k), &Camel(v))?;
                }
                out.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Camel)),
            other => other.serialize(serializer),
        }
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

    fn code_and_path(text: &str, base: &str) -> (String, Option<String>) {
        let Failure(e) = parse(text, base).unwrap_err();
        (e.code, e.path)
    }

    fn pair(code: &str, path: &str) -> (String, Option<String>) {
        (code.to_owned(), Some(path.to_owned()))
    }

    #[test]
    fn keys_become_snake_case_and_numbers_stay_exact() {
        let v = parse(r#"{"unitPrice":"12.50","vat_rate":"20","lines":[{"lastSequence":9007199254740991}],"n":-3}"#, "").unwrap();
        assert_eq!(
            v,
            serde_json::json!({"unit_price": "12.50", "vat_rate": "20", "lines": [{"last_sequence": 9_007_199_254_740_991_i64}], "n": -3})
        );
        assert_eq!(parse("null", "asOf").unwrap(), Value::Null);
        assert_eq!(parse(r#""2026-11-22""#, "asOf").unwrap(), serde_json::json!("2026-11-22"));
    }

    #[test]
    fn fractions_unsafe_integers_and_exponents_are_floats_at_their_path() {
        assert_eq!(code_and_path(r#"{"lines":[{"unitPrice":"1"},{"unitPrice":12.5}]}"#, ""), pair("float", "lines[1].unitPrice"));
        // what JSON.stringify prints for 2 ** 53 + 2, 1e21 and -(2 ** 60)
        assert_eq!(code_and_path(r#"{"last_sequence":9007199254740994}"#, "numberingState"), pair("float", "numberingState.lastSequence"));
        assert_eq!(code_and_path("[1e+21]", "numbers"), pair("float", "numbers[0]"));
        assert_eq!(code_and_path(r#"{"a":-1152921504606846976}"#, ""), pair("float", "a"));
        assert_eq!(code_and_path("18446744073709551616", "x"), pair("float", "x"));
    }

    #[test]
    fn a_field_given_twice_is_refused() {
        assert_eq!(code_and_path(r#"{"buyer":{"vatNumber":"FR1","vat_number":"FR1"}}"#, ""), pair("parse", "buyer.vatNumber"));
    }

    #[test]
    fn a_lone_surrogate_is_invalid_text_at_its_path() {
        // as JSON.stringify writes '\ud800' and '\udc00' (ES2019 well-formed JSON.stringify)
        for text in [r#"{"lines":[{"description":"Pose \ud800"}]}"#, r#"{"lines":[{"description":"\udc00x"}]}"#] {
            let Failure(e) = parse(text, "").unwrap_err();
            assert_eq!((e.code.as_str(), e.path.as_deref()), ("invalid", Some("lines[0].description")), "{text}");
            assert_eq!(e.details[0]["code"], "input.text.invalid");
        }
        // in a key: the object holding it
        assert_eq!(code_and_path(r#"{"seller":{"\ud800":1}}"#, ""), pair("invalid", "seller"));
        // a pair is one character
        assert_eq!(parse(r#""\ud83d\ude00""#, "").unwrap(), serde_json::json!("\u{1F600}"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(code_and_path(&deep, "notes").0, "parse");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, "").is_ok());
    }

    #[test]
    fn outputs_are_written_with_camel_case_keys() {
        let v = serde_json::json!({"total_incl_tax": "1.00", "lines": [{"vat_rate": "20"}], "aging": {"days_over_90": "0"}});
        let text = serde_json::to_string(&Camel(&v)).unwrap();
        assert_eq!(text, r#"{"aging":{"daysOver_90":"0"},"lines":[{"vatRate":"20"}],"totalInclTax":"1.00"}"#);
    }
}
