//! Property tests (1000 cases each) of the journal and the FEC on random histories of documents
//! and payments: every entry balances, lettering is right, numbers are gapless, write → read
//! round-trips, the checker accepts what the writer writes and rejects any single-field
//! corruption of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use facturier_core::accounting::entry::JournalEntry;
use facturier_core::accounting::numbering::EntryNumbering;
use facturier_core::accounting::{AccountingInput, Journal, post};
use facturier_core::receivables::ledger::allocate;
use facturier_core::testkit::{SCENARIO_END, receivables_input};
use facturier_core::{Decimal, NaiveDate, ReceivablesInput};
use facturier_fec::check::{CheckOptions, check_reader};
use facturier_fec::format::{AmountStyle, Encoding, Separator, sanitize};
use facturier_fec::{FecRecord, FecWriter, FlatReader, WriteOptions, XmlReader, XmlWriter, entry_records};
use proptest::prelude::*;

fn input_of(r: &ReceivablesInput) -> AccountingInput {
    AccountingInput { invoices: r.invoices.clone(), payments: r.payments.clone(), refunds: r.refunds.clone(), ..Default::default() }
}

fn closing() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
}

fn journal(r: &ReceivablesInput) -> Journal {
    post(&input_of(r), SCENARIO_END).unwrap()
}

/// The journal validated in `cuts` batches on increasing dates.
fn validated(j: &Journal, cuts: &[usize]) -> Vec<JournalEntry> {
    let mut state = EntryNumbering::file_wide();
    let mut out = Vec::new();
    let mut rest = j.entries.clone();
    let mut day = SCENARIO_END;
    for c in cuts {
        let take = (*c).min(rest.len());
        let batch: Vec<JournalEntry> = rest.drain(..take).collect();
        let (done, next) = state.validate(batch, day).unwrap();
        out.extend(done);
        state = next;
        day = day.succ_opt().unwrap();
    }
    let (done, _) = state.validate(rest, day).unwrap();
    out.extend(done);
    out
}

fn options() -> CheckOptions {
    CheckOptions { closing: Some(closing()), opening: NaiveDate::from_ymd_opt(2025, 1, 1), ..Default::default() }
}

fn name() -> String {
    facturier_fec::file_name("813883964", closing()).unwrap()
}

fn write_flat(entries: &[JournalEntry], o: WriteOptions) -> Vec<u8> {
    let mut w = FecWriter::new(Vec::new(), o).unwrap();
    for e in entries {
        w.write_entry(e).unwrap();
    }
    w.finish().unwrap()
}

fn write_xml(entries: &[JournalEntry]) -> Vec<u8> {
    let mut w = XmlWriter::new(Vec::new(), WriteOptions::default(), closing()).unwrap();
    for e in entries {
        w.write_entry(e).unwrap();
    }
    w.finish().unwrap()
}

fn dialect() -> impl Strategy<Value = WriteOptions> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(pipe, latin, sens)| WriteOptions {
        separator: if pipe { Separator::Pipe } else { Separator::Tab },
        encoding: if latin { Encoding::Iso8859_15 } else { Encoding::Utf8 },
        amounts: if sens { AmountStyle::MontantSens } else { AmountStyle::DebitCredit },
        ..Default::default()
    })
}

/// The records as a file holds them: text sanitised; ISO 8859-15 loses what it lacks.
fn as_written(entries: &[JournalEntry]) -> Vec<FecRecord> {
    let mut v: Vec<FecRecord> = entries.iter().flat_map(|e| entry_records(e).unwrap()).collect();
    for r in &mut v {
        for s in [&mut r.ecriture_lib, &mut r.compte_lib, &mut r.comp_aux_lib, &mut r.journal_lib, &mut r.piece_ref, &mut r.comp_aux_num] {
            if let Some(clean) = sanitize(s) {
                *s = clean;
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Every entry balances; each customer's 411 balance is what the ledger says it owes less its
    /// credit; uppercase letter groups net to zero, lowercase ones do not, none is on 6/7; a
    /// customer whose account is settled has every 411 line lettered.
    #[test]
    fn the_journal_balances_and_letters(r in receivables_input()) {
        let j = journal(&r);
        let ledger = allocate(&r.invoices, &r.payments, &r.refunds, SCENARIO_END).unwrap();
        let mut balances: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut groups: BTreeMap<(String, String, String), (Decimal, usize)> = BTreeMap::new();
        for e in &j.entries {
            let (d, c) = e.totals().unwrap();
            prop_assert_eq!(d, c, "{}", e.id);
            prop_assert!(e.lines.len() >= 2);
            for l in &e.lines {
                prop_assert!(l.debit.is_zero() != l.credit.is_zero(), "{} {}", e.id, l.account);
                if l.account == "411" {
                    *balances.entry(l.aux_account.clone().unwrap()).or_default() += l.balance();
                }
                if let Some(code) = &l.letter {
                    prop_assert_eq!(l.class(), 4);
                    let g = groups.entry((l.account.clone(), l.aux_account.clone().unwrap_or_default(), code.clone())).or_default();
                    g.0 += l.balance();
                    g.1 += 1;
                }
            }
        }
        for ((_, _, code), (sum, n)) in &groups {
            prop_assert!(*n >= 2);
            if code.chars().all(|c| c.is_ascii_uppercase()) {
                prop_assert_eq!(*sum, Decimal::ZERO, "group {}", code);
            } else {
                prop_assert_ne!(*sum, Decimal::ZERO, "partial group {}", code);
            }
        }
        // VAT waiting for payments: none left once every invoice is settled
        if ledger.invoices.iter().all(|i| i.outstanding.is_zero()) {
            let waiting: Decimal = j.entries.iter().flat_map(|e| &e.lines).filter(|l| l.account.starts_with("44574")).map(|l| l.credit - l.debit).sum();
            prop_assert_eq!(waiting, Decimal::ZERO);
        }
        for c in &ledger.customers {
            let balance = balances.get(&c.customer_id).copied().unwrap_or_default();
            prop_assert_eq!(balance, c.outstanding - c.credit, "customer {}", c.customer_id);
            if c.outstanding.is_zero() && c.credit.is_zero() {
                for e in &j.entries {
                    for l in e.lines.iter().filter(|l| l.aux_account.as_deref() == Some(c.customer_id.as_str())) {
                        let upper = l.letter.as_deref().is_some_and(|x| x.chars().all(|ch| ch.is_ascii_uppercase()));
                        prop_assert!(upper, "{} of settled customer {} is not lettered", e.id, c.customer_id);
                    }
                }
            }
        }
    }

    /// The VAT return agrees with the collected-VAT accounts of the journal, month by month.
    #[test]
    fn the_vat_return_agrees_with_the_entries(r in receivables_input(), month in 0u32..20) {
        let input = input_of(&r);
        let from = NaiveDate::from_ymd_opt(2025 + i32::try_from(month / 12).unwrap(), month % 12 + 1, 1).unwrap();
        let to = from.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
        let ret = facturier_core::accounting::vat_due(&input, facturier_core::accounting::VatPeriod { from, to }).unwrap();
        let j = post(&input, to).unwrap();
        let collected: Decimal = j.entries.iter().filter(|e| e.date >= from).flat_map(|e| &e.lines)
            .filter(|l| l.account.starts_with("44571")).map(|l| l.credit - l.debit).sum();
        prop_assert_eq!(ret.vat_total, collected);
        let rows: Decimal = ret.rows.iter().map(|x| x.vat).sum();
        prop_assert_eq!(rows, ret.vat_total);
    }

    /// EcritureNum is gapless across validations in any batches, and never reassigned.
    #[test]
    fn entry_numbers_are_gapless(r in receivables_input(), cuts in proptest::collection::vec(0usize..8, 0..5)) {
        let j = journal(&r);
        let entries = validated(&j, &cuts);
        for (i, e) in entries.iter().enumerate() {
            prop_assert_eq!(e.number.clone().unwrap(), format!("{:06}", i + 1));
        }
        let mut state = EntryNumbering::per_journal();
        let (per, next) = state.validate(j.entries.clone(), SCENARIO_END).unwrap();
        state = next;
        let mut seen: BTreeMap<String, u64> = BTreeMap::new();
        for e in &per {
            let n = seen.entry(e.journal.clone()).or_default();
            *n += 1;
            prop_assert_eq!(e.number.clone().unwrap(), format!("{}{:06}", e.journal, n));
        }
        // (a scenario of zero-amount invoices posts no entry, so there is nothing to renumber)
        prop_assert!(per.is_empty() || state.validate(per, SCENARIO_END).is_err(), "never renumbered");
    }

    /// What the writer writes, in any dialect, reads back exactly and checks clean.
    #[test]
    fn write_read_round_trips_and_checks_clean(r in receivables_input(), o in dialect(), cuts in proptest::collection::vec(0usize..8, 0..4)) {
        let entries = validated(&journal(&r), &cuts);
        let expected = as_written(&entries);
        let bytes = write_flat(&entries, o.clone());
        let back: Vec<FecRecord> = FlatReader::new(&bytes[..]).unwrap().collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(&back, &expected);
        let report = check_reader(&bytes[..], Some(&name()), &options());
        prop_assert!(report.is_clean(), "{:?}: {}", o, report.to_json());
        let xml = write_xml(&entries);
        let back: Vec<FecRecord> = XmlReader::new(&xml[..]).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(&back, &expected);
        let report = check_reader(&xml[..], Some(&name()), &options());
        prop_assert!(report.is_clean(), "xml: {}", report.to_json());
    }

    /// Any single-field corruption of a written file is an error the checker reports.
    #[test]
    fn the_checker_rejects_each_single_field_corruption(r in receivables_input(), line in any::<prop::sample::Index>(), field in 0usize..18, variant in 0usize..2) {
        let entries = validated(&journal(&r), &[]);
        prop_assume!(!entries.is_empty());
        let text = String::from_utf8(write_flat(&entries, WriteOptions::default())).unwrap();
        let mut rows: Vec<Vec<String>> = text.split("\r\n").filter(|l| !l.is_empty()).map(|l| l.split('\t').map(str::to_owned).collect()).collect();
        let i = 1 + line.index(rows.len() - 1);
        let row = &mut rows[i];
        let bad = |v: &str| -> String {
            match field {
                // texts the law requires: emptied
                0 | 1 | 2 | 4 | 5 | 8 | 10 => String::new(),
                // dates: not a real date, or not AAAAMMJJ
                3 | 9 | 15 => if variant == 0 { "20240230".into() } else { "2024-02-28".into() },
                // amounts: a decimal point, or one cent more (the entry no longer balances)
                11 | 12 => if variant == 0 { v.replace(',', ".") + if v.contains(',') { "" } else { ".5" } } else {
                    let d = facturier_fec::format::parse_amount(v).unwrap() + Decimal::new(1, 2);
                    let mut out = Vec::new();
                    facturier_fec::format::push_amount(&mut out, d, b',').unwrap();
                    String::from_utf8(out).unwrap()
                },
                // auxiliary account without its label, or the other way round
                6 => if v.is_empty() { "X1".into() } else { String::new() },
                7 => if v.is_empty() { "Someone".into() } else { String::new() },
                // a letter on its own line, or a lettering date without a letter
                13 => if v.is_empty() { "ZZ".into() } else { format!("{v}X") },
                14 => if v.is_empty() { "20260101".into() } else { "20240230".into() },
                // a foreign amount without currency, a currency without amount
                16 => "12,00".into(),
                _ => "USD".into(),
            }
        };
        let before = row[field].clone();
        row[field] = bad(&before);
        prop_assume!(row[field] != before);
        let bytes: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
        let report = check_reader(bytes.as_bytes(), Some(&name()), &options());
        prop_assert!(report.errors > 0, "field {} of line {}: `{}` → `{}` not caught", field, i + 1, before, rows[i][field]);
    }
}
