//! The corpus of public sample invoices (tests/einvoice/corpus/, sources in its README):
//! - every CEN example invoice (CII and UBL) is read and validated: no EN 16931 error, so the
//!   totals recomputed natively match the invoices' own;
//! - the CEN unit test sets (UBL) of the arithmetic and VAT category rules: each test's invoice
//!   is flagged with the rule the CEN expects as an error, and not flagged where it expects success.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use facturier_einvoice::xml::{Limits, parse};
use facturier_einvoice::{Finding, Level, read_invoice, validate};

fn corpus(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/einvoice/corpus").join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
        .collect();
    out.sort();
    out
}

fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.level == Level::Error && !f.rule.starts_with("BR-FR-")).collect()
}

#[test]
fn cen_examples_are_read_and_valid() {
    let mut n = 0;
    for dir in ["cen/cii", "cen/ubl"] {
        for p in corpus(dir) {
            let inv = read_invoice(&std::fs::read(&p).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(!inv.number.is_empty() && !inv.lines.is_empty(), "{}", p.display());
            let findings = validate(&inv);
            assert_eq!(errors(&findings), Vec::<&Finding>::new(), "{}", p.display());
            n += 1;
        }
    }
    assert!(n >= 30, "{n} samples");
}

#[test]
fn cen_unit_tests_flag_the_right_rule() {
    let (mut flagged, mut passed) = (0, 0);
    for p in corpus("cen-unit-ubl") {
        let set = parse(&std::fs::read(&p).unwrap(), &Limits::default()).unwrap();
        for (k, test) in set.all("test").enumerate() {
            let Some(doc) = test.children.iter().find(|c| c.name == "Invoice" || c.name == "CreditNote") else { continue };
            let inv = facturier_einvoice::read::from_element(doc).unwrap();
            let found: Vec<String> = errors(&validate(&inv)).iter().map(|f| f.rule.clone()).collect();
            let assert = test.child("assert").unwrap();
            let name = format!("{} test {}", p.file_name().unwrap().to_string_lossy(), k + 1);
            for e in assert.all("error").filter_map(|e| e.value()) {
                assert!(found.contains(&e), "{name}: expected {e}, found {found:?}");
                flagged += 1;
            }
            for s in assert.all("success").filter_map(|e| e.value()) {
                assert!(!found.contains(&s), "{name}: {s} flagged but the CEN expects success");
                passed += 1;
            }
        }
    }
    eprintln!("CEN unit tests: {flagged} expected errors flagged, {passed} expected successes not flagged");
    assert!(flagged >= 50 && passed >= 80, "{flagged} flagged, {passed} passed");
}
