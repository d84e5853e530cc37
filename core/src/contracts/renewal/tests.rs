use super::*;
use crate::contracts::contract::{ChurnReason, Notice, RenewalClause, TerminatedBy, Termination};
use crate::contracts::fixtures::{amendment, contract, d, dec, maintenance};
use crate::contracts::indexation::IndexValue;

fn spans(c: &Contract, n: usize) -> Vec<(u32, NaiveDate, Option<NaiveDate>)> {
    terms(c).take(n).map(|t| (t.number, t.from, t.to)).collect()
}

#[test]
fn the_terms_of_a_contract() {
    // tacit renewal for 12 months: endless 12-month terms
    let c = contract("C1", "A", d(2026, 1, 31), "10");
    assert_eq!(
        spans(&c, 3),
        vec![
            (0, d(2026, 1, 31), Some(d(2027, 1, 30))),
            (1, d(2027, 1, 31), Some(d(2028, 1, 30))),
            (2, d(2028, 1, 31), Some(d(2029, 1, 30)))
        ]
    );
    assert_eq!(natural_end(&c), None);
    // C. civ. 1214-1215: renewed for an indefinite duration when the clause says nothing else
    let mut c = contract("C1", "A", d(2026, 1, 1), "10");
    c.renewal.term = RenewalTerm::Indefinite;
    assert_eq!(spans(&c, 5), vec![(0, d(2026, 1, 1), Some(d(2026, 12, 31))), (1, d(2027, 1, 1), None)]);
    // no tacit renewal: it ends at term, unless a renewal is recorded
    c.renewal.tacit = false;
    assert_eq!(spans(&c, 5), vec![(0, d(2026, 1, 1), Some(d(2026, 12, 31)))]);
    assert_eq!(natural_end(&c), Some(d(2026, 12, 31)));
    assert_eq!(status_on(&c, d(2026, 12, 31)), ContractStatus::Active);
    assert_eq!(status_on(&c, d(2027, 1, 1)), ContractStatus::Ended);
    // an amendment brings the term forward to 30/06, then the contract ends
    c.amendments = vec![amendment(1, d(2026, 3, 1), vec![Change::SetTermEnd { date: d(2026, 6, 30) }])];
    assert_eq!(natural_end(&c), Some(d(2026, 6, 30)));
    // …or extends it, and a tacit clause from then on renews it every 6 months from 01/03/2027
    c.amendments = vec![amendment(
        1,
        d(2026, 3, 1),
        vec![
            Change::SetTermEnd { date: d(2027, 2, 28) },
            Change::SetRenewal(RenewalClause { tacit: true, term: RenewalTerm::Months(6), notice: Notice::Months(1) }),
        ],
    )];
    assert_eq!(
        spans(&c, 3),
        vec![(0, d(2026, 1, 1), Some(d(2027, 2, 28))), (1, d(2027, 3, 1), Some(d(2027, 8, 31))), (2, d(2027, 9, 1), Some(d(2028, 2, 29)))]
    );
}

#[test]
fn statuses() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "10");
    c.trial_until = Some(d(2026, 1, 14));
    c.pauses = vec![crate::contracts::contract::Pause { from: d(2026, 3, 1), until: Some(d(2026, 3, 31)) }];
    c.termination = Some(Termination {
        notified_on: d(2026, 5, 10),
        effective: d(2026, 12, 31),
        reason: ChurnReason::Price,
        reason_text: None,
        by: TerminatedBy::Customer,
    });
    let s = |y, m, day| status_on(&c, d(y, m, day));
    assert_eq!(
        [s(2025, 12, 31), s(2026, 1, 14), s(2026, 1, 15), s(2026, 3, 15), s(2026, 5, 10), s(2026, 12, 31), s(2027, 1, 1)],
        [
            ContractStatus::Upcoming,
            ContractStatus::Trial,
            ContractStatus::Active,
            ContractStatus::Paused,
            ContractStatus::Terminating,
            ContractStatus::Terminating,
            ContractStatus::Ended
        ]
    );
}

#[test]
fn the_renewal_schedule() {
    let c = maintenance(); // 01/01/2026 – 31/12/2026, tacit, 3 months' notice: deadline 30/09
    let mut ended = contract("C2", "B", d(2025, 6, 1), "10");
    ended.renewal.tacit = false; // its term ended on 31/05/2026
    let s = renewal_schedule(&[c.clone(), ended], d(2026, 7, 2), &RenewalSettings::default()).unwrap();
    let r = &s.contracts[0];
    assert_eq!(r.refusal_deadline, Some(d(2026, 9, 30)));
    assert_eq!(r.at_term, AtTerm::Renews);
    assert_eq!(r.next_term.map(|t| (t.from, t.to)), Some((d(2027, 1, 1), Some(d(2027, 12, 31)))));
    assert_eq!(r.days_to_term_end, Some(182)); // 02/07 → 31/12
    // J-90 = 02/07, J-60 = 01/08, J-30 = 31/08 before the deadline of 30/09
    let alerts: Vec<(u32, NaiveDate, bool)> = r.alerts.iter().map(|a| (a.days_before, a.date, a.due)).collect();
    assert_eq!(alerts, vec![(90, d(2026, 7, 2), true), (60, d(2026, 8, 1), false), (30, d(2026, 8, 31), false)]);
    assert_eq!(s.alerts_due.len(), 1);
    assert!(!r.renewal_due);
    assert_eq!(r.chatel, None); // a business: L215-1 does not apply
    assert_eq!((s.contracts[1].status, s.contracts[1].at_term), (ContractStatus::Ended, AtTerm::Ends));
    assert!(s.to_renew.within_90.is_empty());
    // terms ending in 30 / 60 / 90 days (cumulative)
    let s = renewal_schedule(&[c], d(2026, 11, 15), &RenewalSettings { alert_days: vec![45] }).unwrap();
    assert_eq!((s.to_renew.within_30.len(), s.to_renew.within_60.len(), s.to_renew.within_90.len()), (0, 1, 1));
    assert_eq!(s.renewals_due, vec!["C-2026-001"]);
    assert_eq!(s.contracts[0].alerts.len(), 1);
    let e = renewal_schedule(&[], d(2026, 1, 1), &RenewalSettings { alert_days: vec![30, 30] }).unwrap_err();
    assert_eq!(e.violations()[0].code, "contract.alerts.invalid");
}

#[test]
fn renew_at_j0_once() {
    let c = contract("C1", "A", d(2026, 1, 1), "100"); // deadline 30/11/2026
    let e = renew(&c, d(2026, 11, 30), &[]).unwrap_err();
    assert_eq!(e.code(), "contract.renew.too_early");
    assert!(e.to_string().contains("2026-12-01"), "{e}");
    let r = renew(&c, d(2026, 12, 31), &[]).unwrap();
    assert_eq!(r.renewals.len(), 1);
    let rec = &r.renewals[0];
    assert_eq!((rec.number, rec.from, rec.to, rec.tacit, rec.indexation), (1, d(2027, 1, 1), Some(d(2027, 12, 31)), true, None));
    assert_eq!(crate::contracts::check_contract(&r), vec![]);
    // twice on the same day: refused, naming when the next renewal may be recorded
    let e = renew(&r, d(2026, 12, 31), &[]).unwrap_err();
    assert_eq!(e.code(), "contract.renew.too_early");
    assert!(e.to_string().contains("2027-12-01"), "{e}");
    // a missed year is caught up one renewal at a time
    let r2 = renew(&r, d(2028, 3, 1), &[]).unwrap();
    assert_eq!(r2.renewals[1].from, d(2028, 1, 1));
}

#[test]
fn express_renewal_and_refusals() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.renewal.tacit = false;
    let r = renew(&c, d(2026, 10, 15), &[]).unwrap(); // agreed during the term
    assert_eq!((r.renewals[0].tacit, natural_end(&r)), (false, Some(d(2027, 12, 31))));
    let e = renew(&c, d(2027, 1, 1), &[]).unwrap_err();
    assert_eq!(e.code(), "contract.renew.lapsed");
    // indefinite
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.first_term = Term::Indefinite;
    assert_eq!(renew(&c, d(2027, 1, 1), &[]).unwrap_err().code(), "contract.renew.indefinite");
    // terminated at term
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.termination = Some(Termination {
        notified_on: d(2026, 6, 1),
        effective: d(2026, 12, 31),
        reason: ChurnReason::Price,
        reason_text: None,
        by: TerminatedBy::Customer,
    });
    assert_eq!(renew(&c, d(2026, 12, 31), &[]).unwrap_err().code(), "contract.renew.terminated");
}

#[test]
fn renewal_with_indexation() {
    let c = maintenance(); // Syntec clause, S0 = 300.0, a = 0.15; 3 sites × 200 € from 01/03/2026
    let values = [
        IndexValue { index: "Syntec".into(), date: d(2026, 10, 1), value: dec("324.0") },
        IndexValue { index: "Syntec".into(), date: d(2027, 2, 1), value: dec("400") }, // not known on 01/01/2027
    ];
    let r = renew(&c, d(2026, 12, 31), &values).unwrap();
    // P1 = 200 × (0.15 + 0.85 × 324 / 300) = 200 × (0.15 + 0.918) = 200 × 1.068 = 213.60
    let a = r.amendments.last().unwrap();
    assert_eq!((a.number, a.effective, a.kind), (2, d(2027, 1, 1), crate::contracts::amendment::AmendmentKind::Indexation));
    assert_eq!(a.changes, vec![crate::contracts::fixtures::price("maint", "213.60")]);
    assert_eq!(a.indexation.as_ref().map(|x| (x.previous_value, x.value, x.factor)), Some((dec("300.0"), dec("324.0"), dec("1.068"))));
    assert_eq!(r.renewals[0].indexation, Some(2));
    assert_eq!(crate::contracts::contract_as_of(&r, d(2027, 1, 1)).unwrap().mrr, dec("640.80")); // 3 × 213.60
    assert_eq!(crate::contracts::check_contract(&r), vec![]);
    // without a value known on the new term's first day
    let e = renew(&c, d(2026, 12, 31), &values[1..]).unwrap_err();
    assert_eq!(e.code(), "contract.indexation.value_missing");
}

mod skipping {
    use super::*;
    use crate::contracts::contract::{RenewalTerm, Term};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Terms skipped before a date all end before it; the terms after are those of the
        /// calendar, in order.
        #[test]
        fn skipped_terms_end_before_the_date(
            start in 0u64..3000, first in 1u32..40, renewal in 0u32..40, tacit in any::<bool>(), date in 0u64..6000,
        ) {
            let mut c = contract("C1", "A", crate::contracts::calendar::add_days(d(2020, 1, 31), start), "10");
            c.first_term = Term::Months(first);
            c.renewal.tacit = tacit;
            c.renewal.term = if renewal == 0 { RenewalTerm::SameAsFirst } else { RenewalTerm::Months(renewal) };
            let date = crate::contracts::calendar::add_days(d(2020, 1, 1), date);
            let all: Vec<TermSpan> = terms(&c).take(400).collect();
            let mut it = terms(&c);
            it.skip_ending_before(date);
            let rest: Vec<TermSpan> = it.take(20).collect();
            let skipped = all.iter().position(|t| Some(t) == rest.first()).unwrap_or(all.len());
            prop_assert!(all[..skipped].iter().all(|t| t.to.is_some_and(|e| e < date)));
            prop_assert_eq!(&all[skipped..(skipped + rest.len()).min(all.len())], &rest[..]);
        }
    }
}
