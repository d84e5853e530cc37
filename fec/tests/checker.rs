//! The checker on hand-made broken files, one per rule, and on the dialects of other software
//! (pipe, zero-padded amounts, Montant/Sens, ISO 8859-15, CR line ends, XML).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::needless_range_loop)]

mod support;

use facturier_fec::WriteOptions;
use facturier_fec::check::{CheckOptions, Report, Severity, check_reader};
use facturier_fec::format::{AmountStyle, Encoding, Separator};
use support::*;

/// The story's flat file as rows of fields (row 0: the header).
fn rows() -> Vec<Vec<String>> {
    let text = String::from_utf8(flat(&story_entries(), WriteOptions::default())).unwrap();
    text.split("\r\n").filter(|l| !l.is_empty()).map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|n| n == name).unwrap()
}

/// The index of the first row of entry `num` on `account`.
fn row(rows: &[Vec<String>], num: &str, account: &str) -> usize {
    let (n, a) = (col(rows, "EcritureNum"), col(rows, "CompteNum"));
    rows.iter().position(|r| r[n] == num && r[a] == account).unwrap_or_else(|| panic!("no {num} {account}"))
}

fn set(rows: &mut [Vec<String>], num: &str, account: &str, field: &str, value: &str) {
    let c = col(rows, field);
    let r = row(rows, num, account);
    rows[r][c] = value.to_owned();
}

fn join(rows: &[Vec<String>]) -> Vec<u8> {
    rows.iter().map(|r| r.join("\t") + "\r\n").collect::<String>().into_bytes()
}

fn checked(bytes: &[u8]) -> Report {
    check(bytes)
}

/// Asserts `report` has `code` (as an error unless `warning`).
fn has(report: &Report, code: &str, severity: Severity) {
    assert!(
        report.findings.iter().any(|f| f.code == code && f.severity == severity),
        "expected {code} ({severity:?}) in {}",
        report.to_json()
    );
}

fn error(bytes: &[u8], code: &str) {
    let r = checked(bytes);
    has(&r, code, Severity::Error);
    assert_eq!(r.exit_code(), 1, "{}", r.to_json());
}

fn warning(bytes: &[u8], code: &str) {
    has(&checked(bytes), code, Severity::Warning);
}

fn mutated(f: impl FnOnce(&mut Vec<Vec<String>>)) -> Vec<u8> {
    let mut r = rows();
    f(&mut r);
    join(&r)
}

#[test]
fn the_base_file_is_clean() {
    let r = checked(&join(&rows()));
    assert!(r.is_clean() && r.warnings == 0, "{}", r.to_json());
    assert_eq!(r.exit_code(), 0);
    assert_eq!(r.entries, 9);
    assert_eq!(r.records, 27);
}

#[test]
fn file_name_rules() {
    let bytes = join(&rows());
    let o = CheckOptions::default();
    has(&check_reader(&bytes[..], Some("fec.txt"), &o), "F01", Severity::Error);
    has(&check_reader(&bytes[..], Some("813883965FEC20241231.txt"), &o), "F02", Severity::Warning);
    has(&check_reader(&bytes[..], Some("813883964FEC20241331.txt"), &o), "F03", Severity::Error);
}

#[test]
fn charset_rules() {
    let bytes = join(&rows());
    // UTF-16: unreadable
    let mut utf16 = vec![0xFF, 0xFE];
    for b in &bytes[..40] {
        utf16.extend([*b, 0]);
    }
    let r = checked(&utf16);
    has(&r, "F04", Severity::Error);
    assert_eq!(r.exit_code(), 2);
    // a BOM
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(&bytes);
    let r = checked(&bom);
    has(&r, "F04", Severity::Error);
    // a Windows-1252 quote (0x92) in an otherwise Latin file
    let mut latin = flat(&story_entries(), WriteOptions { encoding: Encoding::Iso8859_15, ..Default::default() });
    let pos = latin.windows(6).position(|w| w == b"Banque").unwrap();
    latin[pos + 1] = 0x92;
    error(&latin, "F04");
    // UTF-8 then Latin bytes: two charsets
    let mut mixed = bytes.clone();
    let pos = mixed.windows(6).position(|w| w == b"Banque").unwrap();
    mixed[pos + 1] = 0xE9;
    error(&mixed, "F04");
}

#[test]
fn separator_rules() {
    let semicolons: Vec<u8> = join(&rows()).into_iter().map(|b| if b == b'\t' { b';' } else { b }).collect();
    error(&semicolons, "F05");
    error(&mutated(|r| set(r, "000003", "512", "EcritureLib", "Règlement | virement")), "F05");
}

#[test]
fn header_rules() {
    error(&mutated(|r| r[0][3] = "DateEcriture".into()), "F07");
    error(&mutated(|r| r[0].swap(3, 4)), "F07");
    let mut trailing = rows();
    for row in &mut trailing {
        row.push(String::new());
    }
    error(&join(&trailing), "F07");
    warning(&mutated(|r| r[0][0] = "journalcode".into()), "F07");
}

#[test]
fn an_empty_file_is_unreadable() {
    let r = checked(b"");
    has(&r, "F07", Severity::Error);
    assert_eq!(r.exit_code(), 2);
    let r = checked(b"JournalCode JournalLib EcritureNum\r\n");
    has(&r, "F05", Severity::Error);
}

#[test]
fn blank_lines_and_field_counts() {
    let mut bytes = join(&rows());
    let at = bytes.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    bytes.splice(at..at, b"\r\n".iter().copied());
    error(&bytes, "F09");
    error(&mutated(|r| r[3].pop().map(|_| ()).unwrap()), "L01");
}

#[test]
fn field_rules() {
    error(&mutated(|r| set(r, "000003", "512", "PieceRef", "")), "L02");
    error(&mutated(|r| set(r, "000003", "512", "EcritureDate", "20240230")), "L03");
    error(&mutated(|r| set(r, "000003", "512", "Debit", "720.00")), "L04");
    error(&mutated(|r| set(r, "000003", "512", "Debit", "7 20,00")), "L04");
    warning(&mutated(|r| set(r, "000003", "512", "Credit", "720,00")), "L05");
    warning(&mutated(|r| set(r, "000003", "512", "Debit", "-720,00")), "L07");
    error(&mutated(|r| set(r, "000003", "512", "CompteNum", "ABC")), "L08");
    error(&mutated(|r| set(r, "000003", "512", "CompteNum", "912")), "L08");
    warning(&mutated(|r| set(r, "000003", "512", "CompteNum", "801")), "L08");
    error(&mutated(|r| set(r, "000003", "411", "CompAuxLib", "")), "L09");
    warning(
        &mutated(|r| {
            set(r, "000001", "706", "CompAuxNum", "C0001");
            set(r, "000001", "706", "CompAuxLib", "Boulangerie Martin");
        }),
        "L09",
    );
    error(&mutated(|r| set(r, "000003", "512", "DateLet", "20240310")), "L10");
    warning(&mutated(|r| set(r, "000003", "411", "DateLet", "")), "L10");
    error(
        &mutated(|r| {
            set(r, "000003", "512", "Montantdevise", "800,00");
            set(r, "000003", "512", "Idevise", "USDOLLAR");
        }),
        "L11",
    );
    error(&mutated(|r| set(r, "000003", "512", "Montantdevise", "800,00")), "L11");
    error(&mutated(|r| set(r, "000009", "512", "EcritureDate", "20250102")), "L12");
    warning(&mutated(|r| set(r, "000003", "512", "EcritureDate", "20221231")), "L12");
    warning(&mutated(|r| set(r, "000003", "411", "DateLet", "20240101")), "L13");
    warning(&mutated(|r| set(r, "000003", "512", "EcritureLib", "/")), "L14");
    warning(&mutated(|r| set(r, "000003", "512", "CompteLib", "Banque Populaire")), "L15");
}

/// Fuzz finding (fuzz/regressions/fec_check/negative-debit-max-credit.txt): a negative debit
/// and a credit at the edge of the decimals on a lettered line made `debit − credit` overflow,
/// and the checker panicked; the line gets its findings (L05 both amounts, L07 negative amount,
/// LPF A47 A-1 XII 2°) and the check goes on.
#[test]
fn amounts_whose_difference_overflows_are_findings() {
    let max = "79228162514264337593543950335";
    let bytes = mutated(|r| {
        set(r, "000001", "411", "Debit", &format!("-{max}"));
        set(r, "000001", "411", "Credit", max);
    });
    let r = checked(&bytes);
    assert!(r.readable, "{}", r.to_json());
    has(&r, "L05", Severity::Warning);
    has(&r, "L07", Severity::Warning);
}

#[test]
fn montant_sens_rules() {
    let bytes = flat(&story_entries(), WriteOptions { amounts: AmountStyle::MontantSens, ..Default::default() });
    let text = String::from_utf8(bytes).unwrap().replacen("\tD\t", "\tX\t", 1);
    error(text.as_bytes(), "L06");
}

#[test]
fn entry_rules() {
    error(&mutated(|r| set(r, "000003", "512", "Debit", "721,00")), "E01");
    error(&mutated(|r| set(r, "000003", "512", "Debit", "721,00")), "E09");
    error(&mutated(|r| set(r, "000003", "512", "Debit", "721,00")), "G01");
    error(
        &mutated(|r| {
            let i = row(r, "000003", "411");
            r.remove(i);
        }),
        "E02",
    );
    error(&mutated(|r| set(r, "000003", "512", "EcritureDate", "20240311")), "E03");
    error(&mutated(|r| set(r, "000003", "512", "JournalCode", "CA")), "E04");
    error(&mutated(|r| set(r, "000003", "512", "ValidDate", "20241230")), "E05");
    warning(&mutated(|r| set(r, "000003", "512", "PieceRef", "P1bis")), "E06");
    // an entry's line moved after the next entry
    let moved = mutated(|r| {
        let i = row(r, "000003", "512");
        let line = r.remove(i);
        let j = row(r, "000004", "411");
        r.insert(j + 1, line);
    });
    warning(&moved, "E07");
    error(&moved, "N02");
    warning(
        &mutated(|r| {
            set(r, "000003", "512", "CompteLib", "Résultat");
            set(r, "000003", "512", "CompteNum", "120");
            set(r, "000003", "411", "CompteLib", "Prestations de services");
            set(r, "000003", "411", "CompteNum", "706");
            set(r, "000003", "706", "CompAuxNum", "");
            set(r, "000003", "706", "CompAuxLib", "");
            set(r, "000003", "706", "EcritureLet", "");
            set(r, "000003", "706", "DateLet", "");
        }),
        "E08",
    );
}

fn renumber(r: &mut [Vec<String>], from: &str, to: &str) {
    let n = col(r, "EcritureNum");
    for row in r.iter_mut().skip(1) {
        if row[n] == from {
            row[n] = to.to_owned();
        }
    }
}

#[test]
fn numbering_and_order_rules() {
    error(&mutated(|r| renumber(r, "000009", "000010")), "N01");
    error(
        &mutated(|r| {
            renumber(r, "000004", "000099");
            renumber(r, "000003", "000004");
            renumber(r, "000099", "000003");
        }),
        "N02",
    );
    let n = |r: &mut Vec<Vec<String>>| {
        let j = col(r, "JournalCode");
        let i = row(r, "000009", "512");
        for k in i - 2..=i {
            r[k][j] = "AN".into();
        }
    };
    error(&mutated(n), "N03");
    error(
        &mutated(|r| {
            let j = col(r, "JournalCode");
            let i = row(r, "000001", "411");
            for k in i..i + 5 {
                r[k][j] = "AN".into();
            }
            let l = col(r, "JournalLib");
            for k in i..i + 5 {
                r[k][l] = "A-nouveaux".into();
            }
        }),
        "N03",
    );
    error(
        &mutated(|r| {
            let v = col(r, "ValidDate");
            let i = row(r, "000009", "512");
            for k in i - 2..=i {
                r[k][v] = "20241230".into();
            }
            let i = row(r, "000008", "512");
            for k in i..i + 3 {
                r[k][v] = "20241230".into();
            }
            let i = row(r, "000007", "512");
            for k in i..i + 2 {
                r[k][v] = "20241231".into();
            }
            for k in 1..i {
                r[k][v] = "20241130".into();
            }
        }),
        "C01",
    );
}

#[test]
fn lettering_rules() {
    error(&mutated(|r| set(r, "000003", "411", "EcritureLet", "A")), "T01");
    warning(
        &mutated(|r| {
            set(r, "000003", "411", "EcritureLet", "z");
            set(r, "000002", "411", "EcritureLet", "z");
            set(r, "000003", "411", "Credit", "700,00");
            set(r, "000003", "512", "Debit", "700,00");
        }),
        "T01",
    );
    error(&mutated(|r| set(r, "000003", "411", "DateLet", "20240311")), "T02");
    error(
        &mutated(|r| {
            set(r, "000003", "411", "DateLet", "20240309");
            set(r, "000002", "411", "DateLet", "20240309");
        }),
        "T02",
    );
    error(
        &mutated(|r| {
            set(r, "000001", "706", "EcritureLet", "Z");
            set(r, "000001", "706", "DateLet", "20240301");
        }),
        "T03",
    );
}

fn xml_text() -> String {
    String::from_utf8(xml(&story_entries(), WriteOptions::default())).unwrap()
}

#[test]
fn xml_rules() {
    let r = checked(b"<?xml version=\"1.0\"?><comptabilite><exercice><journal><JournalCode>VT</JournalCode");
    assert!(r.findings.iter().any(|f| f.code == "X01" || f.code == "X02"), "{}", r.to_json());
    assert_ne!(r.exit_code(), 0);
    error(xml_text().replacen("<Debit>1411.00</Debit>", "", 1).as_bytes(), "X02");
    error(xml_text().replace(" xsi:noNamespaceSchemaLocation=\"formatA47A-I-VII-1.xsd\"", "").as_bytes(), "X02");
    error(xml_text().replace("<DateCloture>2024-12-31</DateCloture>", "<DateCloture>2024-06-30</DateCloture>").as_bytes(), "X03");
    // the content rules run on XML too
    error(xml_text().replacen("<Debit>1411.00</Debit>", "<Debit>1412.00</Debit>", 1).as_bytes(), "E01");
    error(xml_text().replacen("<EcritureNum>000009</EcritureNum>", "<EcritureNum>000011</EcritureNum>", 1).as_bytes(), "N01");
}

/// Files in the other software's dialects the spec describes are read and found clean.
#[test]
fn other_dialects_are_clean() {
    let entries = story_entries();
    // Odoo: pipe, CRLF, no final newline, amounts zero-padded to 18 characters
    let pipe = String::from_utf8(flat(&entries, WriteOptions { separator: Separator::Pipe, ..Default::default() })).unwrap();
    let odoo: Vec<String> = pipe
        .trim_end()
        .split("\r\n")
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return l.to_owned();
            }
            let mut f: Vec<String> = l.split('|').map(str::to_owned).collect();
            for k in [11, 12] {
                f[k] = format!("{:0>18}", f[k]);
            }
            f.join("|")
        })
        .collect();
    let odoo = odoo.join("\r\n");
    assert!(odoo.contains("|000000000001411,00|"));
    let r = checked(odoo.as_bytes());
    assert!(r.is_clean() && r.warnings == 0, "odoo: {}", r.to_json());
    // Montant/Sens, ISO 8859-15, CR-only line ends (VI 1° a: CR and/or LF)
    for (name, bytes) in [
        ("montant/sens", flat(&entries, WriteOptions { amounts: AmountStyle::MontantSens, ..Default::default() })),
        ("iso-8859-15", flat(&entries, WriteOptions { encoding: Encoding::Iso8859_15, ..Default::default() })),
        ("cr", String::from_utf8(flat(&entries, WriteOptions::default())).unwrap().replace("\r\n", "\r").into_bytes()),
        ("xml", xml(&entries, WriteOptions::default())),
        ("xml montant/sens", xml(&entries, WriteOptions { amounts: AmountStyle::MontantSens, ..Default::default() })),
    ] {
        let r = checked(&bytes);
        assert!(r.is_clean() && r.warnings == 0, "{name}: {}", r.to_json());
        assert_eq!(r.records, 27, "{name}");
    }
    // Sens written +1 / -1
    let signs: String = String::from_utf8(flat(&entries, WriteOptions { amounts: AmountStyle::MontantSens, ..Default::default() }))
        .unwrap()
        .split_inclusive("\r\n")
        .map(|l| {
            let mut f: Vec<&str> = l.split('\t').collect();
            f[12] = match f[12] {
                "D" => "+1",
                "C" => "-1",
                other => other,
            };
            f.join("\t")
        })
        .collect();
    let r = checked(signs.as_bytes());
    assert!(r.is_clean(), "{}", r.to_json());
}

#[test]
fn every_rule_is_documented_and_the_report_is_json() {
    let codes: Vec<&str> = facturier_fec::check::RULES.iter().map(|r| r.code).collect();
    for c in ["F01", "F04", "F05", "F07", "L01", "E01", "N01", "N02", "N03", "C01", "T01", "T02", "T03", "X02", "X03"] {
        assert!(codes.contains(&c), "{c}");
    }
    assert!(facturier_fec::check::RULES.iter().all(|r| !r.source.is_empty()));
    let r = checked(&mutated(|r| set(r, "000003", "512", "Debit", "721,00")));
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert!(v["findings"][0]["source"].as_str().is_some());
    assert!(v["counts"]["E01"].as_u64() == Some(1));
}

/// Line numbers are in every read error.
#[test]
fn read_errors_carry_line_numbers() {
    let bytes = mutated(|r| set(r, "000003", "512", "EcritureDate", "2024-03-10"));
    let err = facturier_fec::FlatReader::new(&bytes[..]).unwrap().find_map(Result::err).unwrap();
    assert_eq!(err.line(), Some(10));
    assert_eq!(err.code(), "fec.field");
    let text = xml_text().replacen("<EcritureDate>2024-03-10</EcritureDate>", "<EcritureDate>10/03/2024</EcritureDate>", 1);
    let err = facturier_fec::XmlReader::new(text.as_bytes()).find_map(Result::err).unwrap();
    assert!(err.line().unwrap_or(0) > 3, "{err}");
}

/// Per-journal sequences: with a journal prefix they are told apart by it; without one, the
/// checker is told so (`Numbering::PerJournal`).
#[test]
fn per_journal_numbering() {
    use facturier_core::accounting::numbering::EntryNumbering;
    use facturier_fec::check::Numbering;
    let j = facturier_core::accounting::post(&story_input(), closing()).unwrap();
    let (entries, _) = EntryNumbering::per_journal().validate(j.entries, closing()).unwrap();
    assert_eq!(entries[0].number.as_deref(), Some("VT000001"));
    let bytes = flat(&entries, WriteOptions::default());
    assert!(checked(&bytes).is_clean(), "{}", checked(&bytes).to_json());
    // the same numbers without their prefix: one sequence per journal
    let plain = String::from_utf8(bytes).unwrap().replace("\tVT0", "\t0").replace("\tBQ0", "\t0");
    let per_journal = CheckOptions { numbering: Numbering::PerJournal, ..Default::default() };
    let r = check_reader(plain.as_bytes(), Some(&file_name()), &per_journal);
    assert!(r.is_clean(), "{}", r.to_json());
    has(&checked(plain.as_bytes()), "N02", Severity::Error);
}
