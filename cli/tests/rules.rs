//! `facturier rules`, run as a binary: every rule code with its source, every error code, as
//! text and as JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn facturier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facturier")).args(args).output().unwrap()
}

#[test]
fn rules_lists_every_rule_and_error_code() {
    let o = facturier(&["rules"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    for rule in
        facturier_core::documents::legal::RULES.iter().chain(facturier_core::receivables::RULES).chain(facturier_core::document::RULES)
    {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(rule.code));
        assert!(line.is_some_and(|l| l.contains(rule.source)), "{} missing or without its source:\n{text}", rule.code);
    }
    for code in [
        "invalid",
        "parse",
        "overflow",
        "pdf.template",
        "pdf.data",
        "pdf.limit",
        "pdf.internal",
        "pdf.einvoice",
        "einvoice.pdf.no_xml",
        "einvoice.rules",
        "usage",
    ] {
        assert!(text.lines().any(|l| l.split_whitespace().next() == Some(code)), "{code} missing:\n{text}");
    }
    assert!(text.contains("lines.empty") && text.contains("EN 16931 BR-16"), "{text}");
}

#[test]
fn rules_as_json() {
    let o = facturier(&["rules", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = entries.iter().map(|e| e["code"].as_str().unwrap()).collect();
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "each code once");
    let notice = entries.iter().find(|e| e["code"] == "reminder.deadline.invalid").unwrap();
    assert_eq!(notice["kind"], "rule");
    assert!(notice["source"].as_str().unwrap().contains("C. civ. 1344"), "{notice}");
    let internal = entries.iter().find(|e| e["code"] == "pdf.internal").unwrap();
    assert_eq!(internal["kind"], "error");
    assert!(internal["message"].is_string());
    assert_eq!(entries.len(), facturier_cli::rules::list().len());
}
