//! The one-pass reader answers only what the long way answers: on every input, either it gives
//! up, or the long way accepts the input and gives the same value.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::read;
use crate::contracts::ContractsInput;
use crate::documents::draft::InvoiceDraft;
use crate::json::{Limits, read_long_way};

/// The one pass and the long way on `text`: same value when the one pass answers; `true` when it did.
fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str, limits: &Limits) -> bool {
    match read::<T>(text, limits) {
        None => false,
        Some(fast) => {
            match read_long_way::<T>(text, limits) {
                Ok(slow) => assert_eq!(fast, slow, "{text}"),
                Err(e) => panic!("the one pass accepted what the long way refuses ({e}): {text}"),
            }
            true
        }
    }
}

#[test]
fn clean_inputs_are_read_in_one_pass_normalised_as_the_long_way_does() {
    let limits = Limits::default();
    let maintenance = include_str!("../../contracts/examples/maintenance.json");
    assert!(agree::<crate::contracts::Contract>(maintenance, &limits));
    assert!(agree::<Value>(maintenance, &limits));
    let draft = include_str!("../../../../examples/invoice-draft.json");
    assert!(agree::<InvoiceDraft>(draft, &limits));
    // NFC and identifiers: normalised in one pass, as the long way does
    let v = r#"{"name":"Cafe\u0301","siren":"813 883 964","vat_number":"fr 11 813883964","notes":["a\nb"],"lines":[{"quantity":"1.50"}]}"#;
    assert!(agree::<Value>(v, &limits));
    let read: Value = read(v, &limits).unwrap();
    assert_eq!(
        (read["name"].as_str(), read["siren"].as_str(), read["vat_number"].as_str()),
        (Some("Café"), Some("813883964"), Some("FR11813883964"))
    );
}

#[test]
fn anything_to_report_is_left_to_the_long_way() {
    let limits = Limits { max_text_chars: 5, max_total_chars: 12, max_lines: 2, max_items: 3 };
    for bad in [
        r#"{"quantity":1.5}"#,
        r#"{"quantity":"1e3"}"#,
        r#"{"issue_date":"2026-02-30"}"#,
        r#"{"issue_date":"2100-01-01"}"#,
        "{\"name\":\"A\\u0000B\"}",
        "{\"city\":\"x\\u202e\"}",
        "{\"description\":\"a\\tb\"}",
        r#"{"lines":[1,2,3]}"#,
        r#"{"payments":[1,2,3,4]}"#,
        r#"{"name":"abcdef"}"#,
        r#"{"a":"abcde","b":"abcde","c":"abcde"}"#,
        r#"{"a":1} x"#,
        r#"{"a":"#,
    ] {
        assert!(read::<Value>(bad, &limits).is_none(), "{bad}");
    }
    // a repeated key: the last value, both ways (a struct's repeated field is an error)
    assert!(agree::<Value>(r#"{"a":1,"a":2}"#, &Limits::default()));
    assert!(read::<crate::contracts::Pause>(r#"{"from":"2026-01-01","from":"2026-01-02"}"#, &Limits::default()).is_none());
    // an enum's unit variant is a text of its field; a variant's value is of the field it names
    let limits = Limits::default();
    assert!(agree::<crate::contracts::BillingFrequency>(r#""monthly""#, &limits));
    assert!(read::<crate::contracts::BillingFrequency>("\"month\\u0000ly\"", &limits).is_none());
    assert!(agree::<crate::line::Discount>(r#"{"percent":"10"}"#, &limits));
    assert!(read::<crate::line::Discount>(r#"{"percent":"1e1"}"#, &limits).is_none());
    assert!(read::<crate::line::Discount>(r#"{"percent":10.5}"#, &limits).is_none());
}

/// Texts that exercise every rule: clean, to normalise, refused.
const TEXTS: &[&str] = &[
    "",
    " ",
    "Café",
    "Cafe\u{301}",
    "a\tb",
    "a\nb",
    "x\u{202e}y",
    "\u{7f}",
    "12.50",
    "0.1234567",
    "1e3",
    "-0",
    "2026-02-28",
    "2026-02-30",
    "1999-12-31",
    "2026-2-28",
    " fr 11 813883964",
    "813 883 964",
    "ß",
    "monthly",
    "percent",
    "EUR",
    "abcdefghijklmnopqrstuvwxyz",
];

/// A value with some of its texts and numbers replaced by the picks.
fn mutate(v: &mut Value, picks: &mut impl Iterator<Item = (u8, usize)>) {
    match v {
        Value::String(s) => {
            if let Some((what, k)) = picks.next() {
                match what % 32 {
                    0 => *s = TEXTS[k % TEXTS.len()].to_owned(),
                    1 => *v = serde_json::json!(1.5),
                    2 => *v = serde_json::json!(k),
                    _ => {}
                }
            }
        }
        Value::Number(_) => {
            if let Some((what, k)) = picks.next()
                && what % 32 == 0
            {
                *v = if k % 2 == 0 { serde_json::json!(0.5) } else { Value::String(TEXTS[k % TEXTS.len()].to_owned()) };
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| mutate(x, picks)),
        Value::Object(map) => map.values_mut().for_each(|x| mutate(x, picks)),
        _ => {}
    }
}

fn limits(small: bool) -> Limits {
    if small { Limits { max_text_chars: 20, max_total_chars: 400, max_lines: 3, max_items: 4 } } else { Limits::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn invoice_drafts_read_in_one_pass_as_the_long_way(
        d in crate::testkit::invoice_draft(5),
        picks in proptest::collection::vec((any::<u8>(), any::<usize>()), 0..200),
        small in any::<bool>(),
    ) {
        let mut v = serde_json::to_value(&d).unwrap();
        if picks.is_empty() {
            // untouched, the draft is clean: read in one pass
            prop_assert!(agree::<InvoiceDraft>(&v.to_string(), &Limits::default()));
        }
        mutate(&mut v, &mut picks.into_iter());
        let text = v.to_string();
        agree::<InvoiceDraft>(&text, &limits(small));
        agree::<Value>(&text, &limits(small));
    }

    #[test]
    fn contracts_read_in_one_pass_as_the_long_way(
        picks in proptest::collection::vec((any::<u8>(), any::<usize>()), 0..200),
        small in any::<bool>(),
    ) {
        let text = format!(r#"{{"contracts":[{}]}}"#, include_str!("../../contracts/examples/maintenance.json"));
        let mut v: Value = serde_json::from_str(&text).unwrap();
        mutate(&mut v, &mut picks.into_iter());
        let text = v.to_string();
        agree::<ContractsInput>(&text, &limits(small));
        agree::<Value>(&text, &limits(small));
    }
}
