use super::*;
use crate::contracts::contract::{Notice, RenewalTerm, SentLetter, Term};
use crate::contracts::fixtures::{consumer, contract, d, maintenance};

fn ask(notified_on: NaiveDate, effective: Option<NaiveDate>, by: TerminatedBy, reason: ChurnReason) -> TerminationRequest {
    TerminationRequest { notified_on, effective, reason, reason_text: None, by }
}

#[test]
fn a_fixed_term_runs_to_its_end() {
    let c = maintenance(); // 31/12/2026, 3 months' notice: deadline 30/09/2026, tacit 12 months
    let e = |day| earliest_end(&c, day, TerminatedBy::Customer, ChurnReason::Price);
    assert_eq!(e(d(2026, 2, 1)), d(2026, 12, 31));
    assert_eq!(e(d(2026, 9, 30)), d(2026, 12, 31));
    // one day late: the contract renews, it ends with the next term
    assert_eq!(e(d(2026, 10, 1)), d(2027, 12, 31));
    // a notice before the start
    assert_eq!(e(d(2025, 12, 20)), d(2026, 12, 31));
}

#[test]
fn an_indefinite_contract_ends_after_the_notice() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "10");
    c.first_term = Term::Indefinite;
    c.renewal.notice = Notice::Months(2);
    // C. civ. 1211: notified 10/03 + 2 months = 10/05
    assert_eq!(earliest_end(&c, d(2026, 3, 10), TerminatedBy::Customer, ChurnReason::Competition), d(2026, 5, 10));
    c.renewal.notice = Notice::Days(30);
    assert_eq!(earliest_end(&c, d(2026, 3, 10), TerminatedBy::Customer, ChurnReason::Competition), d(2026, 4, 9));
    // renewed into an indefinite duration (C. civ. 1214-1215): after the first term
    let mut c = contract("C1", "A", d(2026, 1, 1), "10");
    c.renewal.term = RenewalTerm::Indefinite;
    assert_eq!(earliest_end(&c, d(2026, 12, 15), TerminatedBy::Customer, ChurnReason::Price), d(2027, 1, 15));
}

#[test]
fn agreement_non_payment_and_missed_chatel_letter() {
    let c = maintenance();
    assert_eq!(earliest_end(&c, d(2026, 4, 2), TerminatedBy::Mutual, ChurnReason::NoLongerNeeded), d(2026, 4, 2));
    assert_eq!(earliest_end(&c, d(2026, 4, 2), TerminatedBy::Provider, ChurnReason::NonPayment), d(2026, 4, 2));
    assert_eq!(earliest_end(&c, d(2026, 4, 2), TerminatedBy::Provider, ChurnReason::Other), d(2026, 12, 31));
    // a consumer renewed on 01/07/2026 without a letter in its window may terminate at any time
    let mut c = consumer();
    assert_eq!(earliest_end(&c, d(2026, 8, 20), TerminatedBy::Customer, ChurnReason::Price), d(2026, 8, 20));
    // with the letter sent in time (window 28/02 – 30/04/2026), the term runs to 30/06/2027
    c.chatel_letters = vec![SentLetter { sent_on: d(2026, 3, 15), reference: None }];
    assert_eq!(earliest_end(&c, d(2026, 8, 20), TerminatedBy::Customer, ChurnReason::Price), d(2027, 6, 30));
}

#[test]
fn terminate_records_or_refuses_naming_the_earliest_date() {
    let c = maintenance();
    let t = terminate(&c, ask(d(2026, 6, 10), None, TerminatedBy::Customer, ChurnReason::Price)).unwrap();
    assert_eq!(t.termination.as_ref().map(|x| x.effective), Some(d(2026, 12, 31)));
    assert_eq!(crate::contracts::check_contract(&t), vec![]);
    // later than the earliest: allowed
    let t2 = terminate(&c, ask(d(2026, 6, 10), Some(d(2027, 3, 31)), TerminatedBy::Customer, ChurnReason::Price)).unwrap();
    assert_eq!(t2.termination.map(|x| x.effective), Some(d(2027, 3, 31)));
    let e = terminate(&c, ask(d(2026, 6, 10), Some(d(2026, 7, 31)), TerminatedBy::Customer, ChurnReason::Price)).unwrap_err();
    assert_eq!((e.code(), e.path(), e.source().is_some()), ("contract.termination.too_early", Some("effective"), true));
    assert!(e.to_string().contains("2026-12-31"), "{e}");
    assert_eq!(
        terminate(&t, ask(d(2026, 7, 1), None, TerminatedBy::Customer, ChurnReason::Price)).unwrap_err().code(),
        "contract.termination.already"
    );
    let e = terminate(&c, ask(d(2026, 7, 1), Some(d(2026, 6, 1)), TerminatedBy::Customer, ChurnReason::Other)).unwrap_err();
    let codes: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(codes, ["reason_text", "effective"]);
}
