//! JSON entry points shared by the CLI and the bindings: one reader for every surface, with a
//! field path on error.
//!
//! Before a value is deserialised, [`sanitize`] walks it once, checks what the JSON Schemas in
//! `schema/` promise and refuses the rest, with every problem reported at its path:
//!
//! - **Decimals** are JSON strings or integers, never a number with a fraction or an exponent: it
//!   may have gone through a binary float on the producer's side, and `0.1` is not one tenth in
//!   binary (code `parse`). A decimal string follows the schemas' grammar exactly,
//!   `^-?[0-9]+(\.[0-9]+)?$`: no exponent, no `+`, no leading or trailing dot, no digit
//!   separator, at most [`MAX_DECIMAL_DIGITS`] digits and [`MAX_DECIMAL_PLACES`] significant
//!   decimals (the largest scale of any input, a unit price's), so that nothing is ever rounded
//!   while parsing; each field's own scale (amounts 2, quantities 4, prices 6) is then checked
//!   with its path by the document's checks (`decimal.precision`).
//! - **Dates** are `YYYY-MM-DD` exactly, between [`crate::dated::MIN_DATE`] and
//!   [`crate::dated::MAX_DATE`] (2000–2099, the years an e-invoice may carry: FNFE BR-FR-03).
//! - **Texts** hold no control or bidirectional control character and are normalised to NFC
//!   ([`crate::text`]).
//! - **Identifiers** are normalised, the same way on every surface: SIREN and SIRET lose their
//!   spaces; VAT numbers, IBANs and BICs lose their spaces and are upper-cased. Codes (countries,
//!   currencies, units) are not: they are checked against their lists as given.
//! - **Limits** bound the work before it starts ([`Limits`]): characters per text and per
//!   document, lines per document, items per list.

use serde::de::DeserializeOwned;
use serde_json::Value;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::{CoreError, Result, Violation, declare_rules};

declare_rules! { RULES;
    /// A decimal is `^-?[0-9]+(\.[0-9]+)?$` with at most 28 digits and 6 significant decimals.
    DECIMAL = "input.decimal.invalid", "facturier JSON Schemas (schema/: decimals as strings); EN 16931 BR-DEC; FNFE CTC BR-FR-DEC-01..03";
    /// A date is `YYYY-MM-DD`, a day of the calendar.
    DATE = "input.date.invalid", "facturier JSON Schemas (format: date, ISO 8601 calendar date)";
    /// A date is between 2000-01-01 and 2099-12-31.
    DATE_RANGE = "input.date.out_of_range", "FNFE CTC BR-FR-03 (dates of the years 2000 to 2099)";
    /// A text holds no control or bidirectional control character.
    TEXT = "input.text.invalid", "facturier: printable text (FEC: A47 A-1 separators; Unicode TR#36 bidi spoofing)";
    /// An input stays within the host's limits (characters, lines, items).
    LIMIT = "input.limit", "facturier: bounded work per input (Limits, configurable by the host)";
}

/// The most digits of a decimal: what an exact 96-bit decimal holds without rounding.
pub const MAX_DECIMAL_DIGITS: usize = 28;
/// The most significant decimals of any input decimal (a unit price's: BR-FR-DEC-01).
pub const MAX_DECIMAL_PLACES: usize = 6;

/// The limits of one input, checked before any work; the host sets its own (Python
/// `facturier.configure_limits`, Node `configureLimits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Characters of one text (a name, a description, a note): 10 000 by default.
    pub max_text_chars: usize,
    /// Characters of all the texts of one input together: 20 000 000 by default.
    pub max_total_chars: usize,
    /// Lines of one document (`lines`): 100 000 by default.
    pub max_lines: usize,
    /// Items of any other list (payments, invoices of a receivables input…): 1 000 000 by default.
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_text_chars: 10_000, max_total_chars: 20_000_000, max_lines: 100_000, max_items: 1_000_000 }
    }
}

/// Field names whose values are decimals in the JSON of every published type: the same set as
/// [`crate::schema::field_kinds`] (a test keeps them equal), written out so the reader needs no
/// schema at run time.
pub const DECIMAL_FIELDS: &[&str] = &[
    "allocated",
    "allowance_total",
    "amount",
    "amount_due",
    "amount_excl_tax",
    "applied_rate",
    "arr",
    "arr_end",
    "arr_renewed",
    "arr_up_for_renewal",
    "balance",
    "base",
    "base_value",
    "basis",
    "charge_total",
    "churn",
    "cmrr",
    "collected",
    "contraction",
    "credit",
    "credited",
    "cumulative",
    "currency_amount",
    "days_1_30",
    "days_31_60",
    "days_61_90",
    "days_over_90",
    "debit",
    "deposit_basis",
    "deposit_vat",
    "deposits_total",
    "discount",
    "expansion",
    "expected",
    "factor",
    "fixed_part",
    "fx",
    "indemnities",
    "indemnity",
    "interest",
    "invoiced",
    "late_payment_rate",
    "later",
    "line_total",
    "mrr",
    "mrr_end",
    "mrr_start",
    "natural_person_rate",
    "net",
    "net_collected",
    "net_invoiced",
    "new",
    "not_due",
    "other_cases_rate",
    "outstanding",
    "paid",
    "percent",
    "prepaid",
    "prepaid_amount",
    "previous_value",
    "quantity",
    "rate",
    "reactivation",
    "received",
    "reference_rate",
    "refunded",
    "share_capital",
    "taxed_basis",
    "total",
    "total_claimed",
    "total_excl_tax",
    "total_incl_tax",
    "unit_price",
    "units_per_euro",
    "value",
    "vat",
    "vat_rate",
    "vat_total",
    "vat_total_eur",
];

/// Field names whose values are dates (see [`DECIMAL_FIELDS`]).
pub const DATE_FIELDS: &[&str] = &[
    "as_of",
    "billing_date",
    "closes",
    "date",
    "delivery_date",
    "due_date",
    "effective",
    "effective_from",
    "first_day",
    "formal_notice",
    "free_termination_since",
    "from",
    "half_year_from",
    "issue_date",
    "judgment_enforceable",
    "last_day",
    "last_issue_date",
    "last_valid_date",
    "letter_date",
    "letter_sent_on",
    "notified_on",
    "on",
    "opens",
    "payment_deadline",
    "payment_request_received",
    "piece_date",
    "reference_date",
    "refusal_deadline",
    "renewal_date",
    "renewed_on",
    "sent_on",
    "settled_on",
    "signed_on",
    "start",
    "to",
    "trial_until",
    "trigger_date",
    "until",
    "valid_date",
    "valid_until",
    "value_date",
    "verified_until",
];

/// Identifiers normalised at the edge: spaces removed (and upper case for the last three).
const IDENTIFIER_FIELDS: &[(&str, bool)] = &[("siren", false), ("siret", false), ("vat_number", true), ("iban", true), ("bic", true)];

/// Parses `text` as a `T`, reporting the failing field path (`lines[2].quantity`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    from_str_with(text, &Limits::default())
}

/// [`from_str`] within the host's `limits`.
pub fn from_str_with<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| CoreError::Parse { path: String::new(), message: e.to_string() })?;
    from_value_with(value, limits)
}

/// Parses an already-built JSON value as a `T`: [`sanitize`]d, then deserialised with path
/// reporting.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T> {
    from_value_with(value, &Limits::default())
}

/// [`from_value`] within the host's `limits`.
pub fn from_value_with<T: DeserializeOwned>(mut value: Value, limits: &Limits) -> Result<T> {
    sanitize(&mut value, limits)?;
    from_checked_value(value)
}

/// Deserialises a value that [`sanitize`] already walked (a [`crate::Document`] told apart from
/// its fields), without walking it again.
pub fn from_checked_value<T: DeserializeOwned>(value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| CoreError::Parse { path: normalise_path(&e.path().to_string()), message: e.inner().to_string() })
}

/// Serialises `value` as pretty JSON (decimals as strings, dates as `YYYY-MM-DD`).
pub fn to_string_pretty<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| CoreError::internal("", format!("serialisation: {e}")))
}

/// Checks and normalises an input value in one walk (see the module documentation).
///
/// A number with a fraction or an exponent is a [`CoreError::Parse`] at its path (the first
/// one); every other problem is a violation, all of them reported at once
/// ([`CoreError::Invalid`]): `input.decimal.invalid`, `input.date.invalid`,
/// `input.date.out_of_range`, `input.text.invalid`, `input.limit`.
pub fn sanitize(value: &mut Value, limits: &Limits) -> Result<()> {
    sanitize_field(value, None, limits)
}

/// [`sanitize`] of a value that is the field `key` of nothing (a binding's argument: `as_of` is
/// read as a date, `notes` as texts of several lines), reported at the root.
pub fn sanitize_field(value: &mut Value, key: Option<&str>, limits: &Limits) -> Result<()> {
    let mut walk = Walk { limits, violations: Vec::new(), float: None, total_chars: 0, path: String::new() };
    walk.value(value, key);
    if let Some(path) = walk.float {
        return Err(CoreError::Parse {
            path,
            message: "a binary floating-point number is not an exact amount: write decimals as strings, e.g. \"12.50\"".to_owned(),
        });
    }
    if walk.total_chars > limits.max_total_chars {
        walk.violations.push(LIMIT.at("", format!("the texts of this input hold more than {} characters", limits.max_total_chars)));
    }
    if walk.violations.is_empty() { Ok(()) } else { Err(CoreError::Invalid(walk.violations)) }
}

/// Refuses a JSON value holding a number with a fraction or an exponent, at its path: it may
/// have gone through a binary float. (Part of [`sanitize`], which inputs go through.)
pub fn refuse_floats(value: &Value) -> Result<()> {
    let mut copy = value.clone();
    match sanitize(&mut copy, &Limits::default()) {
        Err(e @ CoreError::Parse { .. }) => Err(e),
        _ => Ok(()),
    }
}

/// The state of one [`sanitize`] walk.
struct Walk<'a> {
    limits: &'a Limits,
    violations: Vec<Violation>,
    float: Option<String>,
    total_chars: usize,
    path: String,
}

impl Walk<'_> {
    fn value(&mut self, v: &mut Value, key: Option<&str>) {
        match v {
            Value::Number(n) if !n.is_i64() && !n.is_u64() && self.float.is_none() => {
                self.float = Some(self.path.clone());
            }
            Value::String(s) => self.string(s, key),
            Value::Array(items) => {
                let max = if key == Some("lines") { self.limits.max_lines } else { self.limits.max_items };
                if items.len() > max {
                    self.violations.push(LIMIT.at(self.path.clone(), format!("{} items, more than the limit of {max}", items.len())));
                    return;
                }
                for (i, item) in items.iter_mut().enumerate() {
                    let len = self.path.len();
                    self.path.push_str(&format!("[{i}]"));
                    // the items of a list of texts (`notes`) are texts of that field
                    self.value(item, key);
                    self.path.truncate(len);
                }
            }
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    let len = self.path.len();
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(k);
                    self.value(item, Some(k.as_str()));
                    self.path.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn string(&mut self, s: &mut String, key: Option<&str>) {
        let chars = s.chars().count();
        self.total_chars = self.total_chars.saturating_add(chars);
        if chars > self.limits.max_text_chars {
            let max = self.limits.max_text_chars;
            self.violations.push(LIMIT.at(self.path.clone(), format!("{chars} characters, more than the limit of {max} for one text")));
            return;
        }
        let multiline = key.is_some_and(|k| crate::text::MULTILINE_FIELDS.contains(&k));
        if let Some((c, what)) = s.chars().find_map(|c| crate::text::refused_char(c, multiline).map(|w| (c, w))) {
            self.violations.push(TEXT.at(self.path.clone(), format!("{what} (U+{:04X}) is not allowed in this text", u32::from(c))));
            return;
        }
        if is_nfc_quick(s.chars()) != IsNormalized::Yes {
            *s = s.nfc().collect();
        }
        match key {
            Some(k) if DECIMAL_FIELDS.contains(&k) => {
                if let Err(why) = decimal_text(s) {
                    self.violations.push(DECIMAL.at(self.path.clone(), format!("`{}` is not a decimal: {why}", shown(s))));
                }
            }
            Some(k) if DATE_FIELDS.contains(&k) => self.date(s),
            Some(k) => {
                if let Some((_, upper)) = IDENTIFIER_FIELDS.iter().find(|(name, _)| *name == k) {
                    let mut id: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                    if *upper {
                        id = id.to_uppercase();
                    }
                    *s = id;
                }
            }
            None => {}
        }
    }

    fn date(&mut self, s: &str) {
        let b = s.as_bytes();
        let shape = b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|_| shape) {
            None => self.violations.push(DATE.at(self.path.clone(), format!("`{}` is not a date written YYYY-MM-DD", shown(s)))),
            Some(d) if !(crate::dated::MIN_DATE..=crate::dated::MAX_DATE).contains(&d) => self.violations.push(DATE_RANGE.at(
                self.path.clone(),
                format!("{d} is outside the supported years {}–{}", crate::dated::MIN_DATE, crate::dated::MAX_DATE),
            )),
            Some(_) => {}
        }
    }
}

/// A value shown in a message: at most 40 characters.
fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Checks a decimal string against the schemas' grammar and the exact range: `Err` says why.
fn decimal_text(s: &str) -> std::result::Result<(), String> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits_only = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(int) || frac.is_some_and(|f| !digits_only(f)) {
        return Err("write digits, an optional `-` and an optional `.` followed by digits (no exponent, `+` or separator)".to_owned());
    }
    let frac = frac.unwrap_or("");
    let significant_int = int.trim_start_matches('0');
    let significant_frac = frac.trim_end_matches('0');
    if significant_int.len().saturating_add(significant_frac.len()) > MAX_DECIMAL_DIGITS || int.len().saturating_add(frac.len()) > 64 {
        return Err(format!("more than {MAX_DECIMAL_DIGITS} digits"));
    }
    if significant_frac.len() > MAX_DECIMAL_PLACES {
        return Err(format!("more than {MAX_DECIMAL_PLACES} decimals"));
    }
    Ok(())
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

    fn codes(text: &str) -> Vec<(String, String)> {
        match from_str::<serde_json::Value>(text) {
            Err(CoreError::Invalid(v)) => v.into_iter().map(|v| (v.code, v.path)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decimals_follow_the_schemas_grammar_exactly() {
        for ok in ["0", "-12", "12.50", "0.000001", "007.10", "12.5000000000", "1234567890123456789012345678"] {
            assert!(decimal_text(ok).is_ok(), "{ok}");
        }
        for bad in ["1e3", "1E+3", "+5", ".5", "5.", "1_000", "1,5", " 1", "", "-", "--1", "0x10", "1.2.3", "Infinity", "NaN", "١٢"] {
            assert!(decimal_text(bad).is_err(), "{bad}");
        }
        // nothing is ever rounded while parsing: 29 digits, 7 decimals, absurd lengths
        assert!(decimal_text("12345678901234567890123456789").is_err());
        assert!(decimal_text("0.1234567").is_err());
        assert!(decimal_text(&format!("1.{}", "0".repeat(100))).is_err());
        let v = codes(r#"{"lines":[{"quantity":"1e3"},{"quantity":"+5"}],"prepaid_amount":"0.00000000000000000000000000001"}"#);
        assert_eq!(
            v.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect::<Vec<_>>(),
            [
                ("input.decimal.invalid", "lines[0].quantity"),
                ("input.decimal.invalid", "lines[1].quantity"),
                ("input.decimal.invalid", "prepaid_amount")
            ]
        );
    }

    #[test]
    fn dates_are_iso_and_within_2000_to_2099() {
        let v =
            codes(r#"{"a":{"issue_date":"2026-1-5"},"b":{"due_date":"0000-01-01"},"c":{"date":"2100-01-01"},"d":{"as_of":"2026-02-30"}}"#);
        let v: Vec<(&str, &str)> = v.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect();
        assert_eq!(
            v,
            [
                ("input.date.invalid", "a.issue_date"),
                ("input.date.out_of_range", "b.due_date"),
                ("input.date.out_of_range", "c.date"),
                ("input.date.invalid", "d.as_of")
            ]
        );
        assert!(from_str::<serde_json::Value>(r#"{"issue_date":"2099-12-31","from":"2000-01-01"}"#).is_ok());
    }

    #[test]
    fn texts_are_printable_and_nfc_identifiers_normalised() {
        let v = codes("{\"name\":\"A\\u0000B\",\"city\":\"Lyon\\u202e\",\"description\":\"ligne 1\\nligne 2\",\"notes\":[\"a\\tb\"]}");
        assert_eq!(
            v.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect::<Vec<_>>(),
            [("input.text.invalid", "city"), ("input.text.invalid", "name"), ("input.text.invalid", "notes[0]")]
        );
        let ok: serde_json::Value =
            from_str("{\"name\":\"Cafe\\u0301\",\"siren\":\"813 883 964\",\"vat_number\":\"fr 11 813883964\",\"notes\":[\"a\\nb\"]}")
                .unwrap();
        assert_eq!(ok["name"], "Café");
        assert_eq!(ok["name"].as_str().map(|s| s.chars().count()), Some(4), "NFC: one é");
        assert_eq!((ok["siren"].as_str(), ok["vat_number"].as_str()), (Some("813883964"), Some("FR11813883964")));
    }

    #[test]
    fn limits_bound_the_work_before_it_starts() {
        let limits = Limits { max_text_chars: 5, max_total_chars: 12, max_lines: 2, max_items: 3 };
        let e = from_str_with::<serde_json::Value>(r#"{"lines":[1,2,3],"payments":[1,2,3,4],"name":"abcdef"}"#, &limits).unwrap_err();
        let v: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(v, ["lines", "name", "payments"]);
        assert!(e.violations().iter().all(|v| v.code == "input.limit"));
        let e = from_str_with::<serde_json::Value>(r#"{"a":"abcde","b":"abcde","c":"abcde"}"#, &limits).unwrap_err();
        assert_eq!(e.violations()[0].path, "");
        assert_eq!(Limits::default().max_lines, 100_000);
    }

    #[test]
    fn the_field_names_are_those_of_the_schemas() {
        let k = crate::schema::field_kinds();
        assert_eq!(DECIMAL_FIELDS.iter().map(|s| (*s).to_owned()).collect::<std::collections::BTreeSet<_>>(), k.decimals);
        assert_eq!(DATE_FIELDS.iter().map(|s| (*s).to_owned()).collect::<std::collections::BTreeSet<_>>(), k.dates);
    }

    #[test]
    fn type_errors_carry_the_path() {
        let e = from_str::<L>(r#"{"lines":[{"quantity":"abc"}]}"#).unwrap_err();
        assert_eq!(e.path(), Some("lines[0].quantity"));
    }
}
