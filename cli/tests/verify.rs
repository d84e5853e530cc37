//! `facturier verify`, run as a binary: the tamper check of an issued invoice, with the rules of
//! the version that issued it (CGI 289 V).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn facturier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facturier")).args(args).output().unwrap()
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/demo").join(name)
}

fn tmp(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("facturier-verify-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_invoice_as_issued_passes_and_a_tampered_one_exits_1_with_the_field() {
    let file = golden("final-invoice.json");
    let o = facturier(&["verify", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("is as it was issued (rules v2)"));

    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    json["totals"]["amount_due"] = "1.00".into();
    let tampered = tmp("tampered.json", &json.to_string());
    let o = facturier(&["verify", tampered.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        found.iter().map(|v| (v["code"].as_str().unwrap(), v["path"].as_str().unwrap())).collect::<Vec<_>>(),
        [("issued.out_of_step", "totals")]
    );

    // an invoice written before the rules were versioned is read and verified as version 1
    let mut old = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&file).unwrap()).unwrap();
    old.as_object_mut().unwrap().remove("rules_version");
    let old = tmp("v1.json", &old.to_string());
    let o = facturier(&["verify", old.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("rules v1"), "{text}");
    let _ = std::fs::remove_file(tampered);
}
