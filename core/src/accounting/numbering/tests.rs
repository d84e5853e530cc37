use rust_decimal::Decimal;

use super::*;
use crate::accounting::chart::{Account, Journal};
use crate::accounting::entry::{EntryHead, EntryLine, EntryOrigin};
use crate::testkit::date;

fn entry(id: &str, journal: &str) -> JournalEntry {
    let j = Journal::new(journal, "J");
    let head = EntryHead {
        id: id.into(),
        origin: EntryOrigin::Host,
        journal: &j,
        date: date(2026, 1, 2),
        piece_ref: "P".into(),
        piece_date: date(2026, 1, 2),
        label: "L".into(),
    };
    let a = Account::new("512", "Banque");
    let b = Account::new("411", "Clients");
    JournalEntry::balanced(head, vec![EntryLine::debit(&a, Decimal::ONE), EntryLine::credit(&b, Decimal::ONE)]).unwrap()
}

#[test]
fn file_wide_numbers_are_gapless_and_never_reassigned() {
    let s = EntryNumbering::file_wide();
    let (a, s2) = s.validate(vec![entry("a", "VT"), entry("b", "BQ")], date(2026, 1, 5)).unwrap();
    assert_eq!(a.iter().map(|e| e.number.clone().unwrap()).collect::<Vec<_>>(), ["000001", "000002"]);
    assert_eq!(a[0].valid_date, Some(date(2026, 1, 5)));
    assert_eq!(s.last_sequence("VT"), 0, "the state given is unchanged");
    let (b, s3) = s2.validate(vec![entry("c", "VT")], date(2026, 1, 5)).unwrap();
    assert_eq!(b[0].number.as_deref(), Some("000003"));
    assert_eq!(s3.last_sequence("XX"), 3);
    let e = s3.validate(vec![b[0].clone()], date(2026, 1, 6)).unwrap_err();
    assert_eq!(e.code(), "accounting.numbering.already_numbered");
    let e = s3.validate(vec![entry("d", "VT")], date(2026, 1, 4)).unwrap_err();
    assert_eq!(e.code(), "accounting.numbering.date_before_last");
}

#[test]
fn per_journal_sequences_carry_the_journal_prefix() {
    let (a, s) =
        EntryNumbering::per_journal().validate(vec![entry("a", "VT"), entry("b", "BQ"), entry("c", "VT")], date(2026, 1, 5)).unwrap();
    assert_eq!(a.iter().map(|e| e.number.clone().unwrap()).collect::<Vec<_>>(), ["VT000001", "BQ000001", "VT000002"]);
    assert_eq!(s.last_sequence("VT"), 2);
    let json = crate::json::to_string_pretty(&s).unwrap();
    let back: EntryNumbering = crate::json::from_str(&json).unwrap();
    assert_eq!(back, s);
}

#[test]
fn an_unbalanced_entry_is_never_validated() {
    let mut e = entry("a", "VT");
    e.lines[0].debit = Decimal::TWO;
    let err = EntryNumbering::file_wide().validate(vec![e], date(2026, 1, 5)).unwrap_err();
    assert_eq!(err.code(), "accounting.numbering.unbalanced");
}
