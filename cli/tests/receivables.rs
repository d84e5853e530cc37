//! `facturier receivables`, run as a binary on `examples/receivables.json`: the text and JSON
//! reports against golden files (`UPDATE_GOLDEN=1` rewrites them), the exit codes and the
//! messages of invalid inputs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;

use support::{compare, facturier, root, stderr, stdout};

/// A file in a fresh temporary folder, removed by the caller.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("facturier-cli-receivables-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn text_report_matches_golden() {
    let o = facturier(&["receivables", "examples/receivables.json", "--as-of", "2026-03-16"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    compare(&root().join("tests/golden/receivables/report.txt"), &text);
    // the figures worked by hand in tests/tests/receivables.rs
    for figure in [
        "Créances au 16/03/2026",
        "Total                                910,56 €  0,00 €  2 250,00 €   0,00 €  0,00 €  3 160,56 €",
        "restant dû 1 400,00 €, intérêts 18,64 €, indemnité 40,00 €, total réclamé 1 458,64 €",
        "mise en demeure : payer avant le 24/03/2026",
        "Intérêts de retard et indemnités : 39,27 € + 80,00 € = 119,27 €",
        "facturé   9 080,56 €",
    ] {
        let figure = figure.replace(' ', "").replace(['\u{a0}', '\u{202f}'], "");
        assert!(text.replace([' ', '\u{a0}', '\u{202f}'], "").contains(&figure), "{figure} not in\n{text}");
    }
    assert!(!text.contains("provisoire"), "no provisional rate as of 16/03/2026:\n{text}");
}

#[test]
fn json_report_matches_golden_and_the_core() {
    let o = facturier(&["receivables", "examples/receivables.json", "--as-of", "2026-03-16", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    compare(&root().join("tests/golden/receivables/report.json"), &text);
    let input = facturier_cli::receivables::parse(&std::fs::read_to_string(root().join("examples/receivables.json")).unwrap()).unwrap();
    let report = facturier_cli::receivables::report(&input, facturier_core::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()).unwrap();
    assert_eq!(text, facturier_cli::receivables::to_json(&report).unwrap());
    // decimals are strings
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["as_of"], "2026-03-16");
    assert_eq!(value["aging"]["total"]["total"], "3160.56");
    assert_eq!(value["interest"]["total"], "119.27");
    assert_eq!(value["reminders"][0]["total_claimed"], "1458.64");
}

#[test]
fn provisional_rate_is_flagged_with_its_reference_date() {
    let o = facturier(&["receivables", "examples/receivables.json", "--as-of", "2026-07-10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Attention : taux provisoire. Le taux de référence du 01/07/2026"), "{text}");
    assert!(text.contains("`rates`"), "{text}");
}

#[test]
fn invalid_input_exits_1_with_every_violation_and_its_path() {
    let path = temp_file(
        "invalid.json",
        r#"{
            "payments": [{"id": "P1", "customer_id": "C1", "date": "2026-01-01", "amount": "-1", "mode": "cash"}],
            "refunds": [{"id": "R1", "customer_id": "C1", "date": "2026-01-02", "amount": "1", "mode": "transfer"}],
            "period": {"from": "2026-02-01", "to": "2026-01-01"}
        }"#,
    );
    let file = path.to_str().unwrap();
    let o = facturier(&["receivables", file, "--as-of", "2026-03-16"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains(&format!("{file}: 3 violation(s) as of 2026-03-16")), "{text}");
    for (code, p) in [
        ("cash.period.invalid", "period"),
        ("payment.amount.invalid", "payments[0].amount"),
        ("refund.exceeds_credit", "refunds[0].amount"),
    ] {
        let line = text.lines().find(|l| l.trim_start().starts_with(code)).unwrap_or_else(|| panic!("{code} missing:\n{text}"));
        assert!(line.contains(p), "{line}");
    }
    assert!(text.contains("source: C. civ. 1342"), "{text}");

    let o = facturier(&["receivables", file, "--as-of", "2026-03-16", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let paths: Vec<&str> = v.as_array().unwrap().iter().map(|x| x["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["period", "payments[0].amount", "refunds[0].amount"]);
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn float_amount_is_refused_with_its_path() {
    let sample = std::fs::read_to_string(root().join("examples/receivables.json")).unwrap();
    let text = sample.replacen(r#""amount": "3600.00""#, r#""amount": 3600.5"#, 1);
    assert_ne!(text, sample);
    let path = temp_file("float.json", &text);
    let o = facturier(&["receivables", path.to_str().unwrap(), "--as-of", "2026-03-16"]);
    // as `check` does: an input that is not the expected JSON is a usage error, exit 2
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.starts_with("error[parse]: invalid input at `payments[1].amount`"), "{err}");
    assert!(err.contains("binary floating-point"), "{err}");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn usage_and_io_errors_exit_2() {
    let o = facturier(&["receivables", "examples/no-such-file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error[io]: examples/no-such-file.json"), "{}", stderr(&o));
    let o = facturier(&["receivables", "examples/receivables.json", "--as-of", "16/03/2026"]);
    assert_eq!(o.status.code(), Some(2));
    let o = facturier(&["receivables", "examples/receivables.json", "--unknown"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn default_date_is_today() {
    // no --as-of: the report is dated today (UTC); only the exit code and the header's shape are stable
    let o = facturier(&["receivables", "examples/receivables.json", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["as_of"].as_str().unwrap().parse::<facturier_core::NaiveDate>().is_ok());
}
