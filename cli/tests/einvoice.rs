//! `facturier facturx`, `read` and `validate`, run as a binary: the Factur-X PDF and XML of an
//! issued invoice, read back and validated; exit codes 0 / 1 / 2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};

use support::{facturier, stdout};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/demo").join(name)
}

fn tmp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("facturier-einvoice-{}-{name}", std::process::id()))
}

#[test]
fn facturx_writes_a_pdf_that_reads_back_and_validates() {
    let file = golden("final-invoice.json");
    let pdf = tmp("final.pdf");
    let o = facturier(&["facturx", file.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.windows(12).any(|w| w == b"factur-x.xml"));

    let o = facturier(&["read", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    for part in ["F-2026-00043", "Atelier", "Boulangerie Martin", "lines", "total", "findings"] {
        assert!(text.contains(part), "no {part} in\n{text}");
    }

    let o = facturier(&["read", pdf.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["invoice"]["number"], "F-2026-00043");
    assert!(json["findings"].is_array());

    let o = facturier(&["validate", pdf.to_str().unwrap(), "--json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let errors = findings.iter().filter(|f| f["level"] == "error").count();
    assert_eq!(o.status.code(), Some(if errors > 0 { 1 } else { 0 }), "{findings:?}");
    for f in &findings {
        assert!(f["rule"].is_string() && f["location"].is_string() && f["message"].is_string());
    }
    std::fs::remove_file(&pdf).unwrap();
}

#[test]
fn facturx_xml_only_and_profiles() {
    let file = golden("deposit-invoice.json");
    for profile in ["en16931", "basic-wl", "basic", "minimum", "extended"] {
        let xml = tmp(&format!("deposit-{profile}.xml"));
        let o = facturier(&["facturx", file.to_str().unwrap(), "-o", xml.to_str().unwrap(), "--profile", profile, "--xml-only"]);
        assert_eq!(o.status.code(), Some(0), "{profile}: {}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&xml).unwrap();
        assert!(bytes.starts_with(b"<?xml"), "{profile}");
        let o = facturier(&["read", xml.to_str().unwrap(), "--json"]);
        assert_eq!(o.status.code(), Some(0));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(json["invoice"]["number"], "F-2026-00042", "{profile}");
        std::fs::remove_file(&xml).unwrap();
    }
    let o = facturier(&["facturx", file.to_str().unwrap(), "-o", "/dev/null", "--profile", "xrechnung"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[usage]"));
}

#[test]
fn validate_exits_1_on_errors_and_2_on_unreadable_files() {
    // a tampered total: the recomputation disagrees (BR-CO-15 or another arithmetic rule)
    let file = golden("final-invoice.json");
    let xml = tmp("tampered.xml");
    let o = facturier(&["facturx", file.to_str().unwrap(), "-o", xml.to_str().unwrap(), "--xml-only"]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&xml).unwrap();
    let start = text.find("<ram:GrandTotalAmount>").unwrap() + "<ram:GrandTotalAmount>".len();
    let end = start + text[start..].find('<').unwrap();
    let tampered = format!("{}1.00{}", &text[..start], &text[end..]);
    std::fs::write(&xml, tampered).unwrap();
    let o = facturier(&["validate", xml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("BR-CO-"), "{}", stdout(&o));

    // not an invoice, a corrupt PDF, a missing file: 2, with the code
    let bad = tmp("bad.pdf");
    std::fs::write(&bad, b"%PDF-1.7 nothing").unwrap();
    let o = facturier(&["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("einvoice.pdf.unreadable"));
    let o = facturier(&["read", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "a JSON file is no invoice");
    let o = facturier(&["validate", "/nonexistent.xml"]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_file(&xml).unwrap();
    std::fs::remove_file(&bad).unwrap();
}
