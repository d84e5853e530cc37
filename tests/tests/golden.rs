//! Golden tests: the demo story, the example documents and the published JSON Schemas.
//! Run with `UPDATE_GOLDEN=1` to rewrite the expected files after a deliberate change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use facturier_cli::{check, demo};
use facturier_core::NaiveDate;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn compare(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(expected == actual, "{} differs from the golden file (run with UPDATE_GOLDEN=1 and review the diff)", path.display());
}

#[test]
fn demo_story_matches_golden_json() {
    let story = demo::story().unwrap();
    for (name, body) in demo::files(&story).unwrap() {
        compare(&root().join("tests/golden/demo").join(name), &body);
    }
    compare(&root().join("tests/golden/demo/summary.txt"), &demo::summary(&story));
}

#[test]
fn demo_is_deterministic() {
    let a = demo::files(&demo::story().unwrap()).unwrap();
    let b = demo::files(&demo::story().unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn examples_check_as_documented() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for (file, expected) in [
        ("invoice-draft.json", vec![]),
        ("quote-v1.json", vec![]),
        ("quote-v2.json", vec![]),
        (
            "invoice-draft-invalid.json",
            vec![
                "party.siren.invalid",
                "seller.rcs_city.missing",
                "vat.rate.not_allowed",
                "vat.exemption.missing",
                "payment_terms.net_days_cap",
            ],
        ),
    ] {
        let text = std::fs::read_to_string(root().join("examples").join(file)).unwrap();
        let doc = check::parse(&text).unwrap();
        let codes: Vec<String> = check::violations(&doc, as_of).unwrap().into_iter().map(|v| v.code).collect();
        assert_eq!(codes, expected, "{file}");
    }
}

#[test]
fn published_schemas_are_up_to_date() {
    for (name, schema) in facturier_core::schema::all() {
        let text = facturier_core::json::to_string_pretty(&schema).unwrap() + "\n";
        compare(&root().join("schema").join(format!("{name}.schema.json")), &text);
    }
}

#[test]
fn demo_writes_every_document_as_json_and_pdf() {
    let out = std::env::temp_dir().join(format!("facturier-demo-{}", std::process::id()));
    let summary = demo::run(&out).unwrap();
    assert!(summary.contains("Facture de solde F-2026-00043"), "{summary}");
    for name in ["quote", "deposit-invoice", "final-invoice", "credit-note"] {
        let pdf = std::fs::read(out.join(format!("{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}.pdf");
        assert!(out.join(format!("{name}.json")).exists());
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn render_command_reads_invoices_and_quotes() {
    let story = demo::story().unwrap();
    let renderer = facturier_pdf::Renderer::new().unwrap();
    let options = facturier_pdf::RenderOptions::default();
    for (name, text) in demo::files(&story).unwrap().into_iter().take(4) {
        let pdf = facturier_cli::render::render(&renderer, &text, &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
    }
    let e = facturier_cli::render::render(&renderer, r#"{"versions": []}"#, &options).unwrap_err();
    assert_eq!(e.code(), "parse");
    let e = facturier_cli::render::options(Some(std::path::Path::new("logo.gif")), None, None, None, false, None).unwrap_err();
    assert_eq!(e.code(), "usage");
}
