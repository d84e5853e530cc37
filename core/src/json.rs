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

mod single_pass;

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
    "charge",
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
    "gross_price",
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
    "price_base_quantity",
    "quantity",
    "rate",
    "reactivation",
    "received",
    "reference_rate",
    "refunded",
    "rounding_amount",
    "share_capital",
    "taxed_basis",
    "total",
    "total_claimed",
    "total_excl_tax",
    "total_incl_tax",
    "totals",
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
    "end",
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
///
/// An input that passes every check is read in one pass, straight into `T`
/// ([`single_pass`]); any other is read the long way, as a [`Value`] [`sanitize`]d then
/// deserialised, which reports every violation with its path: the same result either way.
pub fn from_str_with<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T> {
    if let Some(value) = single_pass::read(text, limits) {
        return Ok(value);
    }
    read_long_way(text, limits)
}

/// [`from_str_with`] the long way: a [`Value`], [`sanitize`]d, deserialised.
fn read_long_way<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T> {
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
                let max = if FieldKind::of(key).lines { self.limits.max_lines } else { self.limits.max_items };
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
        let kind = FieldKind::of(key);
        if let Some((c, what)) = s.chars().find_map(|c| crate::text::refused_char(c, kind.multiline).map(|w| (c, w))) {
            self.violations.push(TEXT.at(self.path.clone(), format!("{what} (U+{:04X}) is not allowed in this text", u32::from(c))));
            return;
        }
        if is_nfc_quick(s.chars()) != IsNormalized::Yes {
            *s = s.nfc().collect();
        }
        match kind.class {
            Class::Decimal => {
                if let Err(why) = decimal_text(s) {
                    self.violations.push(DECIMAL.at(self.path.clone(), format!("`{}` is not a decimal: {why}", shown(s))));
                }
            }
            Class::Date => self.date(s),
            Class::Identifier { upper } => *s = identifier(s, upper),
            Class::Text => {}
        }
    }

    fn date(&mut self, s: &str) {
        match date_of(s) {
            None => self.violations.push(DATE.at(self.path.clone(), format!("`{}` is not a date written YYYY-MM-DD", shown(s)))),
            Some(d) if !(crate::dated::MIN_DATE..=crate::dated::MAX_DATE).contains(&d) => self.violations.push(DATE_RANGE.at(
                self.path.clone(),
                format!("{d} is outside the supported years {}–{}", crate::dated::MIN_DATE, crate::dated::MAX_DATE),
            )),
            Some(_) => {}
        }
    }
}

/// What the values of a field are, by its name: the rules [`sanitize`] applies to its texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FieldKind {
    class: Class,
    /// A text of several lines (a line feed allowed: [`crate::text::MULTILINE_FIELDS`]).
    multiline: bool,
    /// The lines of a document (`lines`: [`Limits::max_lines`] rather than `max_items`).
    lines: bool,
}

/// What a text of a field must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Any text.
    Text,
    /// A decimal ([`DECIMAL_FIELDS`]).
    Decimal,
    /// A date ([`DATE_FIELDS`]).
    Date,
    /// An identifier, normalised ([`IDENTIFIER_FIELDS`]).
    Identifier { upper: bool },
}

/// Bits of a name in [`FIELD_TABLE`].
const DECIMAL_BIT: u8 = 1;
const DATE_BIT: u8 = 2;
const IDENTIFIER_BIT: u8 = 4;
const UPPER_BIT: u8 = 8;
const MULTILINE_BIT: u8 = 16;
const LINES_BIT: u8 = 32;

/// Slots of [`FIELD_TABLE`]: a power of two, well above the names it holds.
const FIELD_SLOTS: usize = 512;

/// FNV-1a of a name, reduced to a slot.
const fn field_slot(name: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < name.len() {
        h ^= name[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i = i.wrapping_add(1);
    }
    (h as usize) & (FIELD_SLOTS - 1)
}

const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i = i.wrapping_add(1);
    }
    true
}

/// Adds `bits` to `name` in the open-addressing `table` (built at compile time).
const fn insert_field(mut table: [(&'static str, u8); FIELD_SLOTS], name: &'static str, bits: u8) -> [(&'static str, u8); FIELD_SLOTS] {
    let mut slot = field_slot(name.as_bytes());
    loop {
        let (at, old) = table[slot];
        if at.is_empty() || same_bytes(at.as_bytes(), name.as_bytes()) {
            // a name in two lists keeps the first kind, as the checks read them in this order
            let kind = if old & (DECIMAL_BIT | DATE_BIT | IDENTIFIER_BIT) != 0 {
                bits & !(DECIMAL_BIT | DATE_BIT | IDENTIFIER_BIT | UPPER_BIT)
            } else {
                bits
            };
            table[slot] = (name, old | kind);
            return table;
        }
        slot = slot.wrapping_add(1) & (FIELD_SLOTS - 1);
    }
}

const fn field_table() -> [(&'static str, u8); FIELD_SLOTS] {
    let mut t: [(&'static str, u8); FIELD_SLOTS] = [("", 0); FIELD_SLOTS];
    let mut i = 0;
    while i < DECIMAL_FIELDS.len() {
        t = insert_field(t, DECIMAL_FIELDS[i], DECIMAL_BIT);
        i = i.wrapping_add(1);
    }
    i = 0;
    while i < DATE_FIELDS.len() {
        t = insert_field(t, DATE_FIELDS[i], DATE_BIT);
        i = i.wrapping_add(1);
    }
    i = 0;
    while i < IDENTIFIER_FIELDS.len() {
        let (name, upper) = IDENTIFIER_FIELDS[i];
        t = insert_field(t, name, if upper { IDENTIFIER_BIT | UPPER_BIT } else { IDENTIFIER_BIT });
        i = i.wrapping_add(1);
    }
    i = 0;
    while i < crate::text::MULTILINE_FIELDS.len() {
        t = insert_field(t, crate::text::MULTILINE_FIELDS[i], MULTILINE_BIT);
        i = i.wrapping_add(1);
    }
    insert_field(t, "lines", LINES_BIT)
}

/// Every field name with a kind, by [`field_slot`]: a name is looked up in a few instructions,
/// once per key of an input.
const FIELD_TABLE: [(&str, u8); FIELD_SLOTS] = field_table();

impl FieldKind {
    /// The kind of the values of field `key` (none: the root of an input).
    fn of(key: Option<&str>) -> FieldKind {
        let mut bits = 0;
        if let Some(k) = key {
            let mut slot = field_slot(k.as_bytes());
            while let Some(&(name, b)) = FIELD_TABLE.get(slot) {
                if name.is_empty() {
                    break;
                }
                if name == k {
                    bits = b;
                    break;
                }
                slot = slot.wrapping_add(1) & (FIELD_SLOTS - 1);
            }
        }
        let class = if bits & DECIMAL_BIT != 0 {
            Class::Decimal
        } else if bits & DATE_BIT != 0 {
            Class::Date
        } else if bits & IDENTIFIER_BIT != 0 {
            Class::Identifier { upper: bits & UPPER_BIT != 0 }
        } else {
            Class::Text
        };
        FieldKind { class, multiline: bits & MULTILINE_BIT != 0, lines: bits & LINES_BIT != 0 }
    }
}

/// An identifier normalised: spaces removed, upper case when `upper`.
fn identifier(s: &str, upper: bool) -> String {
    let id: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if upper { id.to_uppercase() } else { id }
}

/// The date written `YYYY-MM-DD` exactly, if it is a day of the calendar (its range is checked apart).
fn date_of(s: &str) -> Option<chrono::NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b.get(r).map_or(0, |d| d.iter().fold(0u32, |n, c| n.wrapping_mul(10).wrapping_add(u32::from(c.wrapping_sub(b'0')))))
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0..4)).ok()?, num(5..7), num(8..10))
}

/// What [`check_text`] finds of a text.
enum TextCheck {
    /// Accepted as it is; its characters.
    Clean { chars: usize },
    /// Accepted once normalised (NFC, an identifier's spaces and case); its characters as given.
    Normalised { chars: usize, text: String },
    /// A violation: [`sanitize`] reports it.
    Refused,
}

/// The checks of [`Walk::string`] on a text of field `kind`, without reporting: for the
/// one-pass reader, which leaves the reporting to [`sanitize`].
fn check_text(s: &str, kind: FieldKind, limits: &Limits) -> TextCheck {
    let ascii = s.is_ascii();
    let chars = if ascii { s.len() } else { s.chars().count() };
    if chars > limits.max_text_chars {
        return TextCheck::Refused;
    }
    let refused = if ascii {
        // an ASCII control character: C0 or DEL (a line feed allowed in a text of several lines)
        s.bytes().any(|b| (b < 0x20 || b == 0x7f) && !(b == b'\n' && kind.multiline))
    } else {
        s.chars().any(|c| crate::text::refused_char(c, kind.multiline).is_some())
    };
    if refused {
        return TextCheck::Refused;
    }
    let mut text = (!ascii && is_nfc_quick(s.chars()) != IsNormalized::Yes).then(|| s.nfc().collect::<String>());
    let now = text.as_deref().unwrap_or(s);
    match kind.class {
        Class::Decimal if decimal_text(now).is_err() => return TextCheck::Refused,
        Class::Date if date_of(now).is_none_or(|d| !(crate::dated::MIN_DATE..=crate::dated::MAX_DATE).contains(&d)) => {
            return TextCheck::Refused;
        }
        Class::Identifier { upper } => {
            let id = identifier(now, upper);
            if id != now {
                text = Some(id);
            }
        }
        _ => {}
    }
    match text {
        None => TextCheck::Clean { chars },
        Some(text) => TextCheck::Normalised { chars, text },
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
    fn field_kinds_are_those_of_the_lists() {
        assert!(DECIMAL_FIELDS.is_sorted() && DATE_FIELDS.is_sorted());
        let linear = |k: &str| {
            let class = if DECIMAL_FIELDS.contains(&k) {
                Class::Decimal
            } else if DATE_FIELDS.contains(&k) {
                Class::Date
            } else if let Some((_, upper)) = IDENTIFIER_FIELDS.iter().find(|(n, _)| *n == k) {
                Class::Identifier { upper: *upper }
            } else {
                Class::Text
            };
            FieldKind { class, multiline: crate::text::MULTILINE_FIELDS.contains(&k), lines: k == "lines" }
        };
        let names =
            DECIMAL_FIELDS.iter().chain(DATE_FIELDS).chain(IDENTIFIER_FIELDS.iter().map(|(n, _)| n)).chain(crate::text::MULTILINE_FIELDS);
        for k in names.copied().chain(["lines", "id", "", "Amount", "amounts", "dat", "ibans", "line", "notes2", "é"]) {
            assert_eq!(FieldKind::of(Some(k)), linear(k), "{k}");
        }
        assert_eq!(FieldKind::of(None), FieldKind { class: Class::Text, multiline: false, lines: false });
        assert!(FIELD_TABLE.iter().filter(|(n, _)| !n.is_empty()).count() < FIELD_SLOTS / 2, "the table stays sparse");
    }

    #[test]
    fn type_errors_carry_the_path() {
        let e = from_str::<L>(r#"{"lines":[{"quantity":"abc"}]}"#).unwrap_err();
        assert_eq!(e.path(), Some("lines[0].quantity"));
    }
}
