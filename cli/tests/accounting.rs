//! The accounting commands run as a binary: `fec export` then `fec check` round trips clean in
//! every dialect, the checker's exit codes (0 clean, 1 with the rule, 2 unreadable), the file
//! name rule, the JSON shapes, `entries`, `export csv`, `audit verify`, `rules`, and the demo's
//! FEC against its golden file (`UPDATE_GOLDEN=1` rewrites it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{facturier, stderr, stdout};

use facturier_cli::demo;
use facturier_core::accounting::audit::{AuditFact, AuditRecord, append};
use serde_json::Value;

const SIREN: &str = "813883964";
const NAME: &str = "813883964FEC20261231.txt";

/// A fresh folder for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("facturier-accounting-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The demo's accounting input with an opening entry (AN) and a bank fee: every kind of entry.
fn input(d: &Path) -> PathBuf {
    let story = demo::story().unwrap();
    let mut v = serde_json::to_value(facturier_cli::fec::demo_input(&story)).unwrap();
    v["entries"] = serde_json::json!([{
        "id": "AN-2026", "journal": "AN", "journal_label": "A-nouveaux", "date": "2026-01-01",
        "piece_ref": "BILAN-2025", "piece_date": "2026-01-01", "label": "Reprise des soldes", "opening": true,
        "lines": [
            {"account": "512", "account_label": "Banque", "debit": "5000.00"},
            {"account": "101", "account_label": "Capital", "credit": "5000.00"}
        ]
    }]);
    v["bank_fees"] = serde_json::json!([{"id": "FRAIS-11", "date": "2026-11-30", "amount": "10.00", "vat": "2.00"}]);
    let path = d.join("accounting-input.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path
}

fn export(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["fec", "export", s(input), "--siren", SIREN, "--closing", "2026-12-31", "-o", s(out)];
    args.extend_from_slice(extra);
    facturier(&args)
}

fn check_json(file: &Path) -> (Option<i32>, Value) {
    let o = facturier(&["fec", "check", s(file), "--json"]);
    (o.status.code(), serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o))))
}

#[test]
fn export_then_check_round_trips_clean_in_every_dialect() {
    let d = dir("round-trip");
    let input = input(&d);
    for (sub, args, name) in [
        ("tab", vec![], NAME),
        ("pipe", vec!["--format", "pipe"], NAME),
        ("latin9", vec!["--encoding", "iso-8859-15"], NAME),
        ("montant", vec!["--amounts", "montant-sens"], NAME),
        ("xml", vec!["--format", "xml"], "813883964FEC20261231.xml"),
    ] {
        let out = d.join(sub);
        let mut a = vec!["--validate-on", "2026-12-31"];
        a.extend(args);
        let o = export(&input, &out, &a);
        assert_eq!(o.status.code(), Some(0), "{sub}: {}", stderr(&o));
        let fec = out.join(name);
        assert!(stdout(&o).contains(name) && stdout(&o).contains("debits = credits"), "{}", stdout(&o));
        assert!(out.join("813883964FEC20261231-description.txt").exists(), "{sub}: the description file (A47 A-1 XI)");
        let o = facturier(&["fec", "check", s(&fec)]);
        assert_eq!(o.status.code(), Some(0), "{sub}:\n{}", stdout(&o));
        assert!(stdout(&o).contains("clean"), "{}", stdout(&o));
        let (_, report) = check_json(&fec);
        assert_eq!(report["errors"], 0, "{sub}: {report}");
        assert_eq!(report["total_debit"], report["total_credit"]);
    }
    // the flat file as the law writes it: header, tab, CRLF, decimal comma, opening entry first
    let text = std::fs::read_to_string(d.join("tab").join(NAME)).unwrap();
    let mut lines = text.split("\r\n");
    assert!(lines.next().unwrap().starts_with("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\t"));
    let first = lines.next().unwrap();
    assert!(first.starts_with("AN\tA-nouveaux\t000001\t20260101\t512\tBanque\t"), "{first}");
    assert!(text.contains("\t5000,00\t0,00\t"));
    let latin9 = std::fs::read(d.join("latin9").join(NAME)).unwrap();
    assert!(std::str::from_utf8(&latin9).is_err(), "ISO 8859-15 bytes (é is 0xE9)");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn unvalidated_entries_are_refused_and_the_numbers_given_are_kept() {
    let d = dir("validate");
    let input = input(&d);
    let o = export(&input, &d.join("a"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not validated yet") && stderr(&o).contains("--validate-on"), "{}", stderr(&o));

    let o = export(&input, &d.join("a"), &["--validate-on", "2026-12-31"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let validated = d.join("a/813883964FEC20261231-validated.json");
    assert!(stdout(&o).contains("persist these numbers"), "{}", stdout(&o));
    let numbers: Value = serde_json::from_str(&std::fs::read_to_string(&validated).unwrap()).unwrap();
    assert_eq!(numbers[0]["number"], "000001");
    assert_eq!(numbers[0]["valid_date"], "2026-12-31");

    // the host persists them: the next export shows the same numbers without validating anything
    let mut facts: Value = serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    facts["validated"] = numbers;
    std::fs::write(&input, facts.to_string()).unwrap();
    let o = export(&input, &d.join("b"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!d.join("b/813883964FEC20261231-validated.json").exists());
    assert_eq!(std::fs::read(d.join("a").join(NAME)).unwrap(), std::fs::read(d.join("b").join(NAME)).unwrap());

    // a SIREN that is not nine digits, a validation date before the last one
    let o = facturier(&["fec", "export", s(&input), "--siren", "12345", "--closing", "2026-12-31", "-o", s(&d.join("c"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error[fec.input]"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&d);
}

/// The tab file exported from the input, with its records split into fields.
fn exported(d: &Path) -> (PathBuf, Vec<Vec<String>>) {
    let input = input(d);
    let o = export(&input, &d.join("fec"), &["--validate-on", "2026-12-31"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = d.join("fec").join(NAME);
    let rows = std::fs::read_to_string(&path)
        .unwrap()
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    (path, rows)
}

fn write_rows(path: &Path, rows: &[Vec<String>]) {
    let text: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_broken_file_exits_1_with_its_rules() {
    let d = dir("broken");
    let (_, mut rows) = exported(&d);
    let debit = rows[0].iter().position(|c| c == "Debit").unwrap();
    let date = rows[0].iter().position(|c| c == "EcritureDate").unwrap();
    rows[2][debit] = "4999,99".into(); // the opening entry no longer balances
    rows[3][date] = "20260230".into(); // a date that does not exist
    let broken = d.join(NAME);
    write_rows(&broken, &rows);
    let o = facturier(&["fec", "check", s(&broken)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    for needle in ["E01 error", "Entry balanced, exactly", "source: PCG", "line 2", "L03 error", "20260230", "error(s)"] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let (code, report) = check_json(&broken);
    assert_eq!(code, Some(1));
    assert!(report["counts"]["E01"].as_u64().unwrap() >= 1 && report["counts"]["L03"].as_u64().unwrap() >= 1, "{report}");
    let e01 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "E01").unwrap();
    assert_eq!(e01["severity"], "error");
    assert_eq!(e01["line"], 2);
    assert!(e01["source"].as_str().unwrap().contains("partie double"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn an_unreadable_file_exits_2() {
    let d = dir("unreadable");
    let o = facturier(&["fec", "check", s(&d.join(NAME))]);
    assert_eq!(o.status.code(), Some(2), "a missing file: {}", stdout(&o));
    assert!(stdout(&o).contains("unreadable"), "{}", stdout(&o));
    let utf16: Vec<u8> = "JournalCode\tJournalLib\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(d.join(NAME), [&[0xFF, 0xFE][..], &utf16].concat()).unwrap();
    let (code, report) = check_json(&d.join(NAME));
    assert_eq!(code, Some(2), "{report}");
    assert_eq!(report["readable"], false);
    std::fs::write(d.join(NAME), b"").unwrap();
    assert_eq!(check_json(&d.join(NAME)).0, Some(2), "an empty file");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_file_name_rule() {
    let d = dir("name");
    let (path, _) = exported(&d);
    for (name, code, expected) in [
        ("FEC.txt", "F01", Some(1)),
        ("813883964-2026.txt", "F01", Some(1)),
        ("813883965FEC20261231.txt", "F02", Some(0)), // a wrong Luhn key is a warning
        ("813883964FEC20261331.txt", "F03", Some(1)),
    ] {
        let copy = d.join(name);
        std::fs::copy(&path, &copy).unwrap();
        let (exit, report) = check_json(&copy);
        assert_eq!(exit, expected, "{name}: {report}");
        assert!(report["counts"][code].as_u64().is_some(), "{name}: {code} expected in {report}");
    }
    // the closing date given on the command line wins over a name without one
    let o = facturier(&["fec", "check", s(&d.join("FEC.txt")), "--closing", "2026-12-31"]);
    assert!(stdout(&o).contains("F01"), "{}", stdout(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn json_shapes() {
    let d = dir("json");
    let (path, _) = exported(&d);
    let (_, report) = check_json(&path);
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "file_name",
        "format",
        "charset",
        "separator",
        "regime",
        "readable",
        "lines",
        "records",
        "entries",
        "total_debit",
        "total_credit",
        "errors",
        "warnings",
        "counts",
        "findings",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(report["file_name"], NAME);
    assert_eq!(
        (report["format"].as_str(), report["separator"].as_str(), report["regime"].as_str()),
        (Some("flat"), Some("tab"), Some("bic"))
    );
    assert!(report["total_debit"].is_string(), "decimals are JSON strings");
    for f in report["findings"].as_array().unwrap() {
        let mut k: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(k, ["code", "field", "line", "message", "severity", "source"]);
    }

    // the journal as JSON is the core's Journal
    let o = facturier(&["entries", s(&d.join("accounting-input.json")), "--as-of", "2026-12-31", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let journal: facturier_core::accounting::Journal = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(journal.as_of.to_string(), "2026-12-31");
    assert!(journal.entries.iter().all(|e| e.number.is_none()));
    // the violations of an invalid input are listed, exit 1
    let mut bad: Value = serde_json::from_str(&std::fs::read_to_string(d.join("accounting-input.json")).unwrap()).unwrap();
    bad["bank_fees"][0]["amount"] = "-1.00".into();
    std::fs::write(d.join("bad.json"), bad.to_string()).unwrap();
    let o = facturier(&["entries", s(&d.join("bad.json")), "--as-of", "2026-12-31", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["code"], "accounting.line.amount");
    assert_eq!(v[0]["path"], "bank_fees[0].amount");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn entries_prints_the_journal() {
    let d = dir("entries");
    let input = input(&d);
    let o = facturier(&["entries", s(&input), "--as-of", "2026-12-31"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in
        ["Journal as of 31/12/2026", "not validated yet", "F-2026-00042", "AV-2026-0001", "411", "4191", "512", "627", "BILAN-2025"]
    {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn export_csv_with_the_sage_preset() {
    let d = dir("csv");
    let input = input(&d);
    let out = d.join("sage.csv");
    let o =
        facturier(&["export", "csv", s(&input), "--preset", "sage", "--to", "2026-12-31", "--validate-on", "2026-12-31", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"Code journal;Date;N\xb0 pi\xe8ce;N\xb0 compte g\xe9n\xe9ral;"), "ISO 8859-15 header");
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    assert!(text.contains("\r\nAN;010126;BILAN-2025;512;;Reprise des soldes;5000,00;;\r\n"), "{text}");
    assert!(d.join("sage.validated.json").exists());
    let o = facturier(&["export", "csv", s(&input), "--to", "2026-12-31", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "a preset or a mapping is required");
    let mapping = d.join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"columns": [{"header": "Compte", "field": "account"}, {"header": "Solde", "field": "signed_amount"}],
            "separator": ",", "decimal": ".", "date_format": "iso", "header": false, "crlf": false}"#,
    )
    .unwrap();
    let o = facturier(&[
        "export",
        "csv",
        s(&input),
        "--mapping",
        s(&mapping),
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--validate-on",
        "2026-12-31",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "512,5000.00\n101,-5000.00\n");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn audit_verify_reports_the_first_broken_link() {
    let d = dir("audit");
    let story = demo::story().unwrap();
    let mut trail: Vec<AuditRecord> = Vec::new();
    for inv in [&story.deposit, &story.final_invoice, &story.credit_note, &story.late_invoice] {
        let r = append(trail.last(), AuditFact::document(inv).unwrap());
        trail.push(r);
    }
    let array = d.join("trail.json");
    std::fs::write(&array, serde_json::to_string_pretty(&trail).unwrap()).unwrap();
    let o = facturier(&["audit", "verify", s(&array)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("4 record(s), every link holds"), "{}", stdout(&o));

    // JSON Lines, with the second record changed
    trail[1].totals[2] = "1.00".parse().unwrap();
    let lines = d.join("trail.jsonl");
    std::fs::write(&lines, trail.iter().map(|r| serde_json::to_string(r).unwrap() + "\n").collect::<String>()).unwrap();
    let o = facturier(&["audit", "verify", s(&lines)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("broken at record 2") && stdout(&o).contains("F-2026-00043"), "{}", stdout(&o));
    let o = facturier(&["audit", "verify", s(&lines), "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["checked"], 2);
    assert_eq!(v["first_broken"]["index"], 1);
    assert_eq!(v["first_broken"]["kind"], "hash_mismatch");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn rules_lists_the_fec_checker() {
    let o = facturier(&["rules"]);
    let text = stdout(&o);
    assert!(text.contains("FEC checker rules"), "{text}");
    for r in facturier_fec::check::RULES {
        assert!(text.lines().any(|l| l.split_whitespace().next() == Some(r.code) && l.contains(r.source)), "{} missing", r.code);
    }
    assert!(text.lines().any(|l| l.trim_start().starts_with("fec.charset")), "{text}");
    let o = facturier(&["rules", "--json"]);
    let v: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let n01 = v.iter().find(|e| e["code"] == "N01").unwrap();
    assert_eq!(n01["kind"], "fec");
    assert!(n01["source"].as_str().unwrap().contains("BOI-CF-IOR-60-40-20"));
}

/// The demo's FEC, byte for byte (`UPDATE_GOLDEN=1` rewrites it), and clean.
#[test]
fn the_demo_fec_matches_its_golden_file() {
    let d = dir("demo");
    let story = demo::story().unwrap();
    let summary = facturier_cli::fec::demo(&story, &d).unwrap();
    assert_eq!(summary.lines().count(), 2, "{summary}");
    assert!(summary.contains("aucune erreur"), "{summary}");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/demo").join(NAME);
    let actual = std::fs::read_to_string(d.join(NAME)).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", golden.display()));
    assert!(expected == actual, "{} differs from the demo's FEC (run with UPDATE_GOLDEN=1 and review the diff)", golden.display());
    // the input the demo writes (with the numbers given) is what `fec export` reads, and gives the same file
    let o = export(&d.join("accounting-input.json"), &d.join("again"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("again").join(NAME)).unwrap(), actual);
    let _ = std::fs::remove_dir_all(&d);
}
