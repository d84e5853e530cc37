//! `facturier contracts` and `facturier mrr`, run as a binary on the demo's contracts
//! (`tests/golden/demo-contracts/contracts-input.json`, written by `tests/tests/contracts.rs`):
//! the text reports against golden files (`UPDATE_GOLDEN=1` rewrites them), JSON equal to the
//! demo's, the letters and the report as PDF, exit codes and every violation of an invalid input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;

use support::{compare, facturier, root, stderr, stdout};

const INPUT: &str = "tests/golden/demo-contracts/contracts-input.json";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("facturier-cli-contracts-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Spaces of any kind removed: columns and French number separators compare.
fn squeeze(s: &str) -> String {
    s.replace([' ', '\u{a0}', '\u{202f}'], "")
}

#[test]
fn contracts_text_json_and_letters() {
    let o = facturier(&["contracts", INPUT, "--as-of", "2026-12-28"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    compare(&root().join("tests/golden/contracts/contracts.txt"), &text);
    for want in [
        "Contrats au 28/12/2026 : 6 contrat(s)",
        "CT-2025-005  CUST-004  J-90",
        "CT-2025-005  CUST-004  lettre à envoyer",
        "lettre à envoyer du 28/11/2026 au 28/01/2027, date limite de non-reconduction 28/02/2027",
        "reconductions à enregistrer (renew) : CT-2026-006",
        "CT-2025-003  CUST-003  terminé",
        "reconduit le 01/07/2027 jusqu'au 30/06/2028",
        "Factures à émettre au 28/12/2026",
    ] {
        assert!(squeeze(&text).contains(&squeeze(want)), "lacks {want:?}:\n{text}");
    }

    let o = facturier(&["contracts", INPUT, "--as-of", "2026-12-28", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), std::fs::read_to_string(root().join("tests/golden/demo-contracts/contracts-report.json")).unwrap());

    let dir = temp_dir("letters");
    let o = facturier(&["contracts", INPUT, "--as-of", "2026-12-28", "--letters", dir.to_str().unwrap(), "--pdf-a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = std::fs::read(dir.join("chatel-CT-2025-005.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && String::from_utf8_lossy(&pdf).contains("pdfaid"), "a PDF/A letter");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "one letter due");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_invalid_input_exits_1_with_every_violation() {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join(INPUT)).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("seller");
    v["contracts"][1]["lines"][0]["unit_price"] = "-1".into();
    v["contracts"][3]["id"] = "CT-2025-003".into();
    v["renewal"] = serde_json::json!({"alert_days": [30, 30]});
    v["mrr"]["currency"] = "euro".into();
    let dir = temp_dir("invalid");
    let file = dir.join("input.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let o = facturier(&["contracts", file.to_str().unwrap(), "--as-of", "2026-12-28", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<(&str, &str)> = found.iter().map(|x| (x["code"].as_str().unwrap(), x["path"].as_str().unwrap())).collect();
    for want in [
        ("contract.line.unit_price.negative", "contracts[1].lines[0].unit_price"),
        ("contract.id.invalid", "contracts[3].id"),
        ("currency.invalid", "mrr.currency"),
        ("contract.alerts.invalid", "renewal.alert_days[1]"),
        ("contracts.seller.missing", "seller"),
    ] {
        assert!(codes.iter().any(|c| c.0 == want.0 && c.1 == want.1), "lacks {want:?}: {codes:?}");
    }
    // the MRR report refuses the same input with the violations it reads (not the seller)
    let o = facturier(&["mrr", file.to_str().unwrap(), "--from", "2026-01", "--to", "2026-12"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("contract.line.unit_price.negative") && !text.contains("contracts.seller.missing"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mrr_text_json_and_pdf() {
    let o = facturier(&["mrr", INPUT, "--from", "2025-07", "--to", "2026-12"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    compare(&root().join("tests/golden/contracts/mrr.txt"), &text);
    for want in [
        "Revenus récurrents de juillet 2025 à décembre 2026, en EUR",
        "nov. 2026  1 261,34 €  15 136,08 €",
        "Churn par motif",
        "Concurrence  1 contrat(s)  350,00 €",
    ] {
        assert!(squeeze(&text).contains(&squeeze(want)), "lacks {want:?}:\n{text}");
    }
    let o = facturier(&["mrr", INPUT, "--from", "2025-07", "--to", "2026-12", "--json"]);
    assert_eq!(stdout(&o), std::fs::read_to_string(root().join("tests/golden/demo-contracts/mrr-report.json")).unwrap());

    let dir = temp_dir("mrr");
    let out = dir.join("report.pdf");
    let o = facturier(&["mrr", INPUT, "--from", "2025-07", "--to", "2026-12", "--pdf", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    std::fs::remove_dir_all(&dir).unwrap();

    // a range running backwards is refused with its code; a month that is not one, by the parser
    let o = facturier(&["mrr", INPUT, "--from", "2026-12", "--to", "2025-07"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error[mrr.period.invalid]"), "{}", stderr(&o));
    let o = facturier(&["mrr", INPUT, "--from", "2026-13", "--to", "2026-12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a month YYYY-MM"), "{}", stderr(&o));
}
