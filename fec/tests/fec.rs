//! Writer, reader and XML of the FEC on the journal of fec.md §5's story.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use facturier_fec::format::{AmountStyle, Encoding, Separator};
use facturier_fec::reader::{Charset, FlatReader, XmlReader};
use facturier_fec::{FecRecord, WriteOptions, entry_records};
use support::*;

fn records() -> Vec<FecRecord> {
    story_entries().iter().flat_map(|e| entry_records(e).unwrap()).collect()
}

/// The records as written: text fields sanitised.
fn sanitised(mut r: Vec<FecRecord>) -> Vec<FecRecord> {
    for x in &mut r {
        for s in [&mut x.ecriture_lib, &mut x.compte_lib, &mut x.comp_aux_lib, &mut x.journal_lib, &mut x.piece_ref] {
            if let Some(clean) = facturier_fec::format::sanitize(s) {
                *s = clean;
            }
        }
    }
    r
}

#[test]
fn the_flat_file_is_as_the_law_writes_it() {
    let bytes = flat(&story_entries(), WriteOptions::default());
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(!text.starts_with('\u{feff}'), "no BOM");
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise"
    );
    assert!(text.contains("\t411\tClients\tC0001\tBoulangerie Martin\tF001\t20240301\tFacture F001 Boulangerie Martin\t1411,00\t0,00\tA\t20240320\t20241231\t\t\r\n"), "{text}");
    assert!(text.ends_with("\r\n"));
    assert!(!text.contains('.'), "no decimal point anywhere in this story");
    let report = check(&bytes);
    assert!(report.is_clean(), "{}", report.to_json());
    assert_eq!(report.warnings, 0, "{}", report.to_json());
}

#[test]
fn every_dialect_round_trips() {
    let expected = sanitised(records());
    for (separator, encoding, amounts) in [
        (Separator::Tab, Encoding::Utf8, AmountStyle::DebitCredit),
        (Separator::Pipe, Encoding::Utf8, AmountStyle::DebitCredit),
        (Separator::Tab, Encoding::Iso8859_15, AmountStyle::DebitCredit),
        (Separator::Pipe, Encoding::Iso8859_15, AmountStyle::MontantSens),
    ] {
        let options = WriteOptions { separator, encoding, amounts, ..Default::default() };
        let bytes = flat(&story_entries(), options.clone());
        let mut reader = FlatReader::new(&bytes[..]).unwrap();
        let back: Vec<FecRecord> = reader.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, expected, "{options:?}");
        let charset = if encoding == Encoding::Utf8 { Charset::Utf8 } else { Charset::Iso8859_15 };
        assert_eq!(reader.charset(), charset);
        let report = check(&bytes);
        assert!(report.is_clean(), "{options:?}: {}", report.to_json());
    }
}

#[test]
fn the_xml_round_trips_and_checks() {
    let bytes = xml(&story_entries(), WriteOptions::default());
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("xsi:noNamespaceSchemaLocation=\"formatA47A-I-VII-1.xsd\""));
    assert!(text.contains("<Debit>1411.00</Debit>"), "{text}");
    let back: Vec<FecRecord> = XmlReader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(back, sanitised(records()));
    let report = check(&bytes);
    assert_eq!(report.format, "xml");
    assert!(report.is_clean(), "{}", report.to_json());
}

#[test]
fn the_writer_refuses_what_the_law_refuses() {
    let mut entries = story_entries();
    // not validated
    let mut e = entries[0].clone();
    e.number = None;
    let mut w = facturier_fec::FecWriter::new(Vec::new(), WriteOptions::default()).unwrap();
    assert_eq!(w.write_entry(&e).unwrap_err().code(), "fec.entry");
    // unbalanced
    entries[0].lines[0].debit += facturier_core::Decimal::ONE;
    let mut w = facturier_fec::FecWriter::new(Vec::new(), WriteOptions::default()).unwrap();
    assert_eq!(w.write_entry(&entries[0]).unwrap_err().code(), "fec.entry");
    // validation dates going back
    let mut entries = story_entries();
    entries[1].valid_date = Some(facturier_core::testkit::date(2024, 1, 1));
    let mut w = facturier_fec::FecWriter::new(Vec::new(), WriteOptions::default()).unwrap();
    w.write_entry(&entries[0]).unwrap();
    assert!(w.write_entry(&entries[1]).is_err());
}

#[test]
fn names_and_description() {
    assert_eq!(file_name(), "813883964FEC20241231.txt");
    let d = facturier_fec::description::description(&WriteOptions::default(), SIREN, closing(), &[("VT".into(), "Ventes".into())], &[]);
    for needle in ["UTF-8", "tabulation", "EcritureNum", "VT : Ventes", "Lettrage", "AAAAMMJJ"] {
        assert!(d.contains(needle), "{needle}");
    }
    assert_eq!(facturier_fec::description::description_file_name(&file_name()), "813883964FEC20241231-description.txt");
}

/// The XML is valid against DGFiP's official XSD (shared/spec/fec-xsd/), checked with xmllint
/// (Debian package libxml2-utils: `apt-get install -y libxml2-utils`, which scripts/test installs).
#[test]
fn the_xml_is_valid_against_the_official_xsd() {
    let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xsd/formatA47A-I-VII-1.xsd");
    let dir = std::env::temp_dir().join(format!("facturier-fec-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for amounts in [AmountStyle::DebitCredit, AmountStyle::MontantSens] {
        let file = dir.join(format!("{amounts:?}.xml"));
        std::fs::write(&file, xml(&story_entries(), WriteOptions { amounts, ..Default::default() })).unwrap();
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&xsd)
            .arg(&file)
            .output()
            .expect("xmllint runs (apt-get install -y libxml2-utils)");
        if !out.status.success() {
            failures.push(format!("{amounts:?}: {}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(failures.is_empty(), "{failures:?}");
}

/// The cash-basis layouts (A47 A-1 VIII 5°, 7°): 21 and 22 columns, and their XML valid against
/// their XSD; the writer refuses a record without its settlement fields.
#[test]
fn the_cash_basis_layouts() {
    use facturier_fec::format::Regime;
    use facturier_fec::record::Treasury;
    let mut records: Vec<FecRecord> = records().into_iter().filter(|r| r.ecriture_num == "000003").collect();
    let mut w = facturier_fec::FecWriter::new(Vec::new(), WriteOptions { regime: Regime::BaTresorerie, ..Default::default() }).unwrap();
    assert!(w.write_record(&records[0]).is_err(), "DateRglt and ModeRglt are required");
    for r in &mut records {
        r.ecriture_let.clear(); // its partner is not in this one-entry file
        r.date_let = None;
        r.treasury =
            Some(Treasury { date_rglt: r.ecriture_date, mode_rglt: "Virement".into(), nat_op: String::new(), id_client: "C0001".into() });
    }
    for (regime, columns, xsd) in
        [(Regime::BaTresorerie, 21, "formatA47A-I-VIII-5.xsd"), (Regime::BncTresorerie, 22, "formatA47A-I-VIII-7.xsd")]
    {
        let options = WriteOptions { regime, ..Default::default() };
        let mut w = facturier_fec::FecWriter::new(Vec::new(), options.clone()).unwrap();
        for r in &records {
            w.write_record(r).unwrap();
        }
        let bytes = w.finish().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(text.lines().next().unwrap().split('\t').count(), columns);
        let back: Vec<FecRecord> = FlatReader::new(&bytes[..]).unwrap().collect::<Result<_, _>>().unwrap();
        let expected: Vec<FecRecord> = records
            .iter()
            .map(|r| {
                let mut r = r.clone();
                if regime == Regime::BaTresorerie {
                    r.treasury.as_mut().unwrap().id_client.clear();
                }
                r
            })
            .collect();
        assert_eq!(back, expected, "{regime:?}");
        let report = facturier_fec::check::check_reader(&bytes[..], Some(&file_name()), &Default::default());
        assert!(report.is_clean(), "{regime:?}: {}", report.to_json());
        assert_eq!(report.regime, Some(regime));
        // the XML of the regime, against its XSD
        let mut x = facturier_fec::XmlWriter::new(Vec::new(), options, closing()).unwrap();
        for r in &records {
            x.write_record(r).unwrap();
        }
        let xml = x.finish().unwrap();
        let dir = std::env::temp_dir().join(format!("facturier-fec-cash-{}-{columns}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("fec.xml");
        std::fs::write(&file, &xml).unwrap();
        let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xsd").join(xsd);
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&xsd)
            .arg(&file)
            .output()
            .expect("xmllint (libxml2-utils)");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(out.status.success(), "{regime:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The story's FEC, its XML and its description file, byte for byte (`UPDATE_GOLDEN=1` rewrites
/// them after a deliberate change: review the diff).
#[test]
fn golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/story");
    let entries = story_entries();
    let journals = vec![("VT".to_owned(), "Ventes".to_owned()), ("BQ".to_owned(), "Banque".to_owned())];
    let description = facturier_fec::description::description(&WriteOptions::default(), SIREN, closing(), &journals, &[]);
    let name = file_name();
    for (file, body) in [
        (name.clone(), flat(&entries, WriteOptions::default())),
        (name.replace(".txt", ".xml"), xml(&entries, WriteOptions::default())),
        (facturier_fec::description::description_file_name(&name), description.into_bytes()),
    ] {
        let path = dir.join(&file);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &body).unwrap();
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
        assert!(expected == body, "{} differs from the golden file (UPDATE_GOLDEN=1 and review the diff)", path.display());
    }
}

/// A complete year assembled from facturier's entries and the host's (opening balances,
/// purchases), validated, written and checked clean; the opening entry carries number 1.
#[test]
fn a_complete_year_with_host_entries() {
    use facturier_core::Decimal;
    use facturier_core::accounting::chart::Account;
    use facturier_core::accounting::entry::{EntryLine, HostEntry};
    use facturier_core::testkit::date;
    let line = |account: &str, label: &str, debit: i64, credit: i64| EntryLine {
        debit: Decimal::new(debit, 2),
        credit: Decimal::new(credit, 2),
        ..EntryLine::debit(&Account::new(account, label), Decimal::ONE)
    };
    let mut input = story_input();
    input.entries.push(HostEntry {
        id: "AN-2024".into(),
        journal: "AN".into(),
        journal_label: "A-nouveaux".into(),
        date: date(2024, 1, 1),
        piece_ref: "BILAN-2023".into(),
        piece_date: date(2024, 1, 1),
        label: "Reprise des soldes au 31/12/2023".into(),
        opening: true,
        lines: vec![line("512", "Banque", 500_000, 0), line("101", "Capital", 0, 500_000)],
    });
    input.entries.push(HostEntry {
        id: "AC-17".into(),
        journal: "AC".into(),
        journal_label: "Achats".into(),
        date: date(2024, 2, 12),
        piece_ref: "FF-2024-17".into(),
        piece_date: date(2024, 2, 10),
        label: "Fournitures de bureau".into(),
        opening: false,
        lines: vec![
            line("606", "Achats non stockés", 10_000, 0),
            line("44566", "TVA déductible sur autres biens et services", 2_000, 0),
            line("401", "Fournisseurs", 0, 12_000),
        ],
    });
    let entries = validated(&input, closing());
    assert_eq!((entries[0].journal.as_str(), entries[0].number.as_deref()), ("AN", Some("000001")));
    let bytes = flat(&entries, WriteOptions::default());
    let report = check(&bytes);
    assert!(report.is_clean() && report.warnings == 0, "{}", report.to_json());
    assert_eq!(report.entries, 11);
}
