use super::*;
use crate::receivables::rates::ECB_MAIN_REFINANCING;
use crate::receivables::rates::EcbRate;
use crate::receivables::rates::EcbTable;
use crate::receivables::rates::LEGAL_INTEREST;
use crate::receivables::rates::LegalRate;
use crate::receivables::rates::LegalRateTable;
use crate::receivables::rates::RECOVERY_INDEMNITY;
use crate::receivables::rates::RateOverrides;
use crate::receivables::rates::RateTables;
use crate::receivables::rates::half_year_start;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

fn debt(kind: BuyerKind, amount: Decimal, due: NaiveDate) -> LateDebt {
    LateDebt {
        buyer_kind: kind,
        amount_due: amount,
        due_date: due,
        contractual_rate: None,
        settlements: vec![],
        formal_notice: None,
        judgment_enforceable: None,
    }
}

fn paid(date: NaiveDate, amount: Decimal) -> DatedAmount {
    DatedAmount { date, amount }
}

#[test]
fn rate_bases_in_json() {
    let names: Vec<String> = [RateBasis::EcbPlus10, RateBasis::EcbPlus8, RateBasis::ContractualFloor, RateBasis::LegalRate]
        .iter()
        .map(|b| serde_json::to_string(b).unwrap())
        .collect();
    assert_eq!(names, [r#""ecb_plus_10""#, r#""ecb_plus_8""#, r#""contractual_floor""#, r#""legal_rate""#]);
}

#[test]
fn shipped_tables_are_sorted_and_sane() {
    assert!(ECB_MAIN_REFINANCING.windows(2).all(|w| w[0].effective_from < w[1].effective_from));
    assert!(LEGAL_INTEREST.windows(2).all(|w| w[0].half_year_from < w[1].half_year_from));
    assert!(LEGAL_INTEREST.iter().all(|h| half_year_start(h.half_year_from) == Some(h.half_year_from)));
    let mut v = vec![];
    let all = RateOverrides { ecb_main_refinancing: Some(RateTables::default().ecb_main_refinancing), legal_interest: None };
    all.check("rates", &mut v);
    assert_eq!(v, vec![]);
    assert_eq!(RECOVERY_INDEMNITY, dec!(40));
    assert_eq!(RECOVERY_INDEMNITY.to_string(), "40.00");
}

#[test]
fn ecb_rate_in_force_on_the_first_day_of_each_half_year() {
    let t = RateTables::default();
    let ecb = |date| t.ecb_main_refinancing.rate_on(date).unwrap();
    assert_eq!(ecb(d(2025, 1, 1)).rate, dec!(3.15));
    assert_eq!(ecb(d(2025, 7, 1)).rate, dec!(2.15));
    assert_eq!(ecb(d(2024, 7, 1)).rate, dec!(4.25));
    assert_eq!(ecb(d(2024, 1, 1)).rate, dec!(4.50));
    assert_eq!(ecb(d(2025, 6, 11)).rate, dec!(2.15));
    assert_eq!(ecb(d(2025, 6, 10)).rate, dec!(2.40));
    assert!(!ecb(d(2026, 1, 1)).provisional);
    let h2 = ecb(d(2026, 7, 1));
    assert_eq!((h2.rate, h2.provisional, h2.reference_date), (dec!(2.15), true, d(2026, 7, 1)));
    let e = t.ecb_main_refinancing.rate_on(d(2016, 1, 1)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid", Some("rates.ecb_main_refinancing")));
    assert_eq!(e.violations()[0].code, "rates.unknown");
}

#[test]
fn legal_rates_per_half_year() {
    let t = RateTables::default().legal_interest;
    assert_eq!(t.other_cases_rate(d(2026, 3, 1)).unwrap().rate, dec!(2.62));
    assert_eq!(t.rates_for(d(2025, 12, 31)).unwrap().0.natural_person_rate, dec!(6.65));
    assert!(!t.other_cases_rate(d(2026, 6, 30)).unwrap().provisional);
    let h2 = t.other_cases_rate(d(2026, 7, 1)).unwrap();
    assert_eq!((h2.rate, h2.provisional, h2.reference_date), (dec!(2.62), true, d(2026, 7, 1)));
    assert_eq!(t.rates_for(d(2021, 12, 31)).unwrap_err().path(), Some("rates.legal_interest"));
}

#[test]
fn overrides_merge_by_date_and_are_checked() {
    let o = RateOverrides {
        ecb_main_refinancing: Some(EcbTable {
            changes: vec![EcbRate { effective_from: d(2026, 6, 10), rate: dec!(2.00) }],
            verified_until: d(2026, 7, 1),
        }),
        legal_interest: Some(LegalRateTable {
            half_years: vec![
                LegalRate { half_year_from: d(2026, 7, 1), natural_person_rate: dec!(6.5), other_cases_rate: dec!(2.5) },
                LegalRate { half_year_from: d(2026, 1, 1), natural_person_rate: dec!(6.67), other_cases_rate: dec!(2.63) },
            ],
            verified_until: d(2026, 12, 31),
        }),
    };
    let t = RateTables::default().with_overrides(&o).unwrap();
    let r = t.ecb_main_refinancing.rate_on(d(2026, 7, 1)).unwrap();
    assert_eq!((r.rate, r.provisional), (dec!(2.00), false));
    assert_eq!(t.legal_interest.other_cases_rate(d(2026, 1, 1)).unwrap().rate, dec!(2.63));
    assert_eq!(t.legal_interest.other_cases_rate(d(2026, 8, 1)).unwrap().rate, dec!(2.5));
    assert_eq!(t.legal_interest.half_years.len(), LEGAL_INTEREST.len() + 1);

    let bad = RateOverrides {
        ecb_main_refinancing: Some(EcbTable {
            changes: vec![
                EcbRate { effective_from: d(2026, 6, 10), rate: dec!(-1) },
                EcbRate { effective_from: d(2026, 6, 10), rate: dec!(2.00001) },
            ],
            verified_until: d(2026, 7, 1),
        }),
        legal_interest: Some(LegalRateTable {
            half_years: vec![LegalRate { half_year_from: d(2026, 7, 2), natural_person_rate: dec!(101), other_cases_rate: dec!(1) }],
            verified_until: d(2026, 12, 31),
        }),
    };
    let e = RateTables::default().with_overrides(&bad).unwrap_err();
    let paths: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "rates.ecb_main_refinancing.changes[0].rate",
            "rates.ecb_main_refinancing.changes[1].rate",
            "rates.ecb_main_refinancing.changes[1].effective_from",
            "rates.legal_interest.half_years[0].natural_person_rate",
            "rates.legal_interest.half_years[0].half_year_from",
        ]
    );
    assert!(e.violations().iter().all(|v| v.code == "rates.invalid"));
}

/// The worked example of the brief: 10 000,00 € due 20/06/2025, paid 10/07/2025, B2B.
/// 21/06-30/06: 10 days at 3,15 + 10 = 13,15 % → 10 000 × 13,15 × 10 / 36 500 = 36,0274
/// 01/07-10/07: 10 days at 2,15 + 10 = 12,15 % → 10 000 × 12,15 × 10 / 36 500 = 33,2877
/// total 69,3151 → 69,32 €, plus 40 €.
#[test]
fn business_default_rate_across_a_half_year() {
    let mut x = debt(BuyerKind::Business, dec!(10000.00), d(2025, 6, 20));
    x.settlements.push(paid(d(2025, 7, 10), dec!(10000.00)));
    let r = late_interest(&x, d(2025, 12, 31), &RateTables::default()).unwrap();
    assert_eq!(r.regime, InterestRegime::Commercial);
    assert_eq!((r.first_day, r.last_day, r.days), (Some(d(2025, 6, 21)), Some(d(2025, 7, 10)), 20));
    assert_eq!(r.segments.len(), 2);
    let s = &r.segments[0];
    assert_eq!((s.from, s.to, s.days, s.base), (d(2025, 6, 21), d(2025, 6, 30), 10, dec!(10000.00)));
    assert_eq!(
        (s.reference_date, s.reference_rate, s.applied_rate, s.rate_basis),
        (d(2025, 1, 1), dec!(3.15), dec!(13.15), RateBasis::EcbPlus10)
    );
    assert_eq!(s.amount, dec!(36.027397));
    let s = &r.segments[1];
    assert_eq!((s.from, s.to, s.days), (d(2025, 7, 1), d(2025, 7, 10), 10));
    assert_eq!((s.reference_date, s.reference_rate, s.applied_rate), (d(2025, 7, 1), dec!(2.15), dec!(12.15)));
    assert_eq!(s.amount, dec!(33.287671));
    assert_eq!((r.interest, r.indemnity, r.total, r.provisional), (dec!(69.32), dec!(40), dec!(109.32), false));
}

#[test]
fn nothing_is_due_up_to_the_due_date() {
    let x = debt(BuyerKind::Business, dec!(500.00), d(2025, 6, 20));
    for as_of in [d(2025, 1, 1), d(2025, 6, 19), d(2025, 6, 20)] {
        let r = late_interest(&x, as_of, &RateTables::default()).unwrap();
        assert_eq!((r.interest, r.indemnity, r.days, r.segments.len()), (dec!(0), dec!(0), 0, 0), "{as_of}");
    }
    // one day late: 500 × 13,15 × 1 / 36 500 = 0,18 and the indemnity
    let r = late_interest(&x, d(2025, 6, 21), &RateTables::default()).unwrap();
    assert_eq!((r.interest, r.indemnity, r.days), (dec!(0.18), dec!(40), 1));
    // paid on the due date: never late
    let mut on_time = x.clone();
    on_time.settlements.push(paid(d(2025, 6, 20), dec!(500.00)));
    let r = late_interest(&on_time, d(2025, 12, 31), &RateTables::default()).unwrap();
    assert_eq!((r.interest, r.indemnity), (dec!(0), dec!(0)));
}

/// A contractual 5 % is below 3 × 2,62 % = 7,86 % in H1 2026: floored.
/// 1 200,00 € due 31/01/2026, paid 02/03/2026: 30 days (01/02-02/03).
/// 1 200 × 7,86 × 30 / 36 500 = 7,7523 → 7,75 €; at a contractual 10 %: 9,8630 → 9,86 €.
#[test]
fn contractual_rate_is_floored_at_three_times_the_legal_rate() {
    let mut x = debt(BuyerKind::Business, dec!(1200.00), d(2026, 1, 31));
    x.settlements.push(paid(d(2026, 3, 2), dec!(1200.00)));
    x.contractual_rate = Some(dec!(5));
    let r = late_interest(&x, d(2026, 4, 1), &RateTables::default()).unwrap();
    assert_eq!(r.days, 30);
    assert_eq!(r.segments.len(), 1);
    let s = &r.segments[0];
    assert_eq!((s.reference_rate, s.applied_rate, s.rate_basis), (dec!(2.62), dec!(7.86), RateBasis::ContractualFloor));
    assert_eq!((r.interest, r.indemnity), (dec!(7.75), dec!(40)));
    x.contractual_rate = Some(dec!(10));
    let r = late_interest(&x, d(2026, 4, 1), &RateTables::default()).unwrap();
    assert_eq!((r.segments[0].applied_rate, r.segments[0].rate_basis), (dec!(10), RateBasis::Contractual));
    assert_eq!(r.interest, dec!(9.86));
}

/// B2G, CCP R2192-31: one rate for the whole delay, the ECB rate on the first day of the
/// half-year the delay started in (1 July 2024: 4,25 %) + 8 = 12,25 %.
/// 6 000,00 € due 20/12/2024, paid 19/01/2025: 11 days in 2024 and 19 in 2025, 30 days.
/// 6 000 × 12,25 × 30 / 36 500 = 60,4110 → 60,41 € (not 56,98 € at 11,15 % for 2025's days).
#[test]
fn public_buyer_rate_is_fixed_by_the_half_year_the_delay_started() {
    let mut x = debt(BuyerKind::Public, dec!(6000.00), d(2024, 12, 20));
    x.settlements.push(paid(d(2025, 1, 19), dec!(6000.00)));
    x.contractual_rate = Some(dec!(20)); // ignored for a public buyer
    let r = late_interest(&x, d(2025, 2, 1), &RateTables::default()).unwrap();
    assert_eq!(r.regime, InterestRegime::PublicProcurement);
    assert_eq!(r.segments.len(), 2);
    for s in &r.segments {
        assert_eq!(
            (s.reference_date, s.reference_rate, s.applied_rate, s.rate_basis),
            (d(2024, 7, 1), dec!(4.25), dec!(12.25), RateBasis::EcbPlus8)
        );
    }
    assert_eq!((r.segments[0].days, r.segments[1].days), (11, 19));
    assert_eq!((r.interest, r.indemnity, r.total), (dec!(60.41), dec!(40), dec!(100.41)));
}

/// Consumer: nothing before the formal notice; then the legal rate "autres cas".
/// 1 500,00 € due 30/09/2025, notice 05/11/2025; as of 05/12/2025: 06/11-05/12 = 30 days
/// at 2,76 % (H2 2025): 1 500 × 2,76 × 30 / 36 500 = 3,4027 → 3,40 €, no indemnity.
#[test]
fn consumer_owes_legal_interest_from_the_formal_notice() {
    let mut x = debt(BuyerKind::Consumer, dec!(1500.00), d(2025, 9, 30));
    let r = late_interest(&x, d(2025, 12, 5), &RateTables::default()).unwrap();
    assert_eq!((r.interest, r.indemnity, r.regime), (dec!(0), dec!(0), InterestRegime::LegalInterest));
    assert!(r.note.is_some());
    x.formal_notice = Some(d(2025, 11, 5));
    let r = late_interest(&x, d(2025, 11, 5), &RateTables::default()).unwrap();
    assert_eq!(r.interest, dec!(0));
    let r = late_interest(&x, d(2025, 12, 5), &RateTables::default()).unwrap();
    assert_eq!((r.first_day, r.days), (Some(d(2025, 11, 6)), 30));
    assert_eq!((r.segments[0].applied_rate, r.segments[0].rate_basis), (dec!(2.76), RateBasis::LegalRate));
    assert_eq!((r.interest, r.indemnity, r.total), (dec!(3.40), dec!(0), dec!(3.40)));
    // a notice sent before the due date runs only from the day after the due date
    x.formal_notice = Some(d(2025, 9, 1));
    let r = late_interest(&x, d(2025, 10, 1), &RateTables::default()).unwrap();
    assert_eq!((r.first_day, r.days), (Some(d(2025, 10, 1)), 1));
}

/// C. mon. fin. L313-3: the legal rate + 5 points from two months after the judgment became
/// enforceable. 1 500,00 € due 30/09/2025, notice 05/11/2025, judgment enforceable 15/10/2025:
/// the surcharge starts on 15/12/2025. As of 31/12/2025:
/// - 06/11 → 14/12: 39 days at 2,76 %: 1 500 × 2,76 × 39 / 36 500 = 4,423562
/// - 15/12 → 31/12: 17 days at 7,76 %: 1 500 × 7,76 × 17 / 36 500 = 5,421370
///
/// Total 9,844932 → 9,84 €. The divisor is 365 days, leap years included ([`DAYS_PER_YEAR`]).
#[test]
fn the_legal_rate_rises_five_points_two_months_after_an_enforceable_judgment() {
    let mut x = debt(BuyerKind::Consumer, dec!(1500.00), d(2025, 9, 30));
    x.formal_notice = Some(d(2025, 11, 5));
    x.judgment_enforceable = Some(d(2025, 10, 15));
    assert_eq!(surcharge_from(d(2025, 10, 15)), Some(d(2025, 12, 15)));
    let r = late_interest(&x, d(2025, 12, 31), &RateTables::default()).unwrap();
    let seg: Vec<_> = r.segments.iter().map(|s| (s.from, s.to, s.days, s.applied_rate, s.rate_basis)).collect();
    assert_eq!(
        seg,
        [
            (d(2025, 11, 6), d(2025, 12, 14), 39, dec!(2.76), RateBasis::LegalRate),
            (d(2025, 12, 15), d(2025, 12, 31), 17, dec!(7.76), RateBasis::LegalRatePlus5),
        ]
    );
    assert_eq!(r.interest, dec!(9.84));
    // a business debt keeps its L441-10 rate: the surcharge raises the legal rate only
    let mut b = debt(BuyerKind::Business, dec!(1500.00), d(2025, 9, 30));
    b.judgment_enforceable = Some(d(2025, 10, 15));
    let r = late_interest(&b, d(2025, 12, 31), &RateTables::default()).unwrap();
    assert!(r.segments.iter().all(|s| s.rate_basis == RateBasis::EcbPlus10));
}

/// A partial payment lowers the base from the day after it is received.
/// 10 000,00 € due 20/06/2025; 4 000 on 25/06; 6 000 on 10/07.
/// 21/06-25/06: 10 000 × 13,15 × 5 = 657 500; 26/06-30/06: 6 000 × 13,15 × 5 = 394 500;
/// 01/07-10/07: 6 000 × 12,15 × 10 = 729 000; 1 781 000 / 36 500 = 48,7945 → 48,79 €.
#[test]
fn partial_payment_lowers_the_base_the_next_day() {
    let mut x = debt(BuyerKind::Business, dec!(10000.00), d(2025, 6, 20));
    x.settlements = vec![paid(d(2025, 7, 10), dec!(6000.00)), paid(d(2025, 6, 25), dec!(4000.00))];
    let r = late_interest(&x, d(2025, 8, 1), &RateTables::default()).unwrap();
    let rows: Vec<_> = r.segments.iter().map(|s| (s.from, s.to, s.base, s.applied_rate)).collect();
    assert_eq!(
        rows,
        [
            (d(2025, 6, 21), d(2025, 6, 25), dec!(10000.00), dec!(13.15)),
            (d(2025, 6, 26), d(2025, 6, 30), dec!(6000.00), dec!(13.15)),
            (d(2025, 7, 1), d(2025, 7, 10), dec!(6000.00), dec!(12.15)),
        ]
    );
    assert_eq!(r.interest, dec!(48.79));
    // settlements after as_of are ignored
    let r = late_interest(&x, d(2025, 6, 30), &RateTables::default()).unwrap();
    assert_eq!(r.last_day, Some(d(2025, 6, 30)));
    assert_eq!(r.interest, round2((dec!(657500) + dec!(394500)) / dec!(36500)));
}

/// Beyond the verified tables: the last known rate, flagged provisional with its reference date.
/// 10 000,00 € due 20/06/2026, unpaid as of 10/07/2026: 10 days at 12,15 % (verified), 10 days
/// at 12,15 % (1 July 2026 not verified): 2 430 000 / 36 500 = 66,5753 → 66,58 €.
#[test]
fn provisional_rate_beyond_the_verified_table() {
    let x = debt(BuyerKind::Business, dec!(10000.00), d(2026, 6, 20));
    let r = late_interest(&x, d(2026, 7, 10), &RateTables::default()).unwrap();
    assert!(r.provisional);
    assert_eq!((r.segments[0].provisional, r.segments[1].provisional), (false, true));
    assert_eq!(r.segments[1].reference_date, d(2026, 7, 1));
    assert_eq!(r.interest, dec!(66.58));
    // with the published rate supplied: 1 215 000 + 1 200 000 = 2 415 000 / 36 500 = 66,1644
    let o = RateOverrides {
        ecb_main_refinancing: Some(EcbTable {
            changes: vec![EcbRate { effective_from: d(2026, 6, 10), rate: dec!(2.00) }],
            verified_until: d(2026, 7, 1),
        }),
        legal_interest: None,
    };
    let t = RateTables::default().with_overrides(&o).unwrap();
    let r = late_interest(&x, d(2026, 7, 10), &t).unwrap();
    assert!(!r.provisional);
    assert_eq!(r.segments[1].applied_rate, dec!(12.00));
    assert_eq!(r.interest, dec!(66.16));
}

#[test]
fn unknown_rates_are_reported_not_panicked() {
    let x = debt(BuyerKind::Business, dec!(100.00), d(2015, 6, 1));
    let e = late_interest(&x, d(2015, 8, 1), &RateTables::default()).unwrap_err();
    assert_eq!(e.violations()[0].code, "rates.unknown");
    // the extremes of the calendar do not panic: they are refused, before any work (a far
    // `as_of` once built a segment per half-year up to it: fuzz finding 5)
    let far = debt(BuyerKind::Business, dec!(100.00), NaiveDate::MAX);
    assert_eq!(late_interest(&far, NaiveDate::MAX, &RateTables::default()).unwrap_err().code(), "date.out_of_range");
    let now = debt(BuyerKind::Business, dec!(10.00), d(2026, 6, 1));
    let e = late_interest(&now, NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap(), &RateTables::default()).unwrap_err();
    assert_eq!((e.code(), e.path()), ("date.out_of_range", Some("as_of")));
    let r = late_interest(&debt(BuyerKind::Consumer, dec!(0), d(2025, 1, 1)), d(2026, 1, 1), &RateTables::default()).unwrap();
    assert_eq!(r.total, dec!(0));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    /// Interest is zero up to the due date and non-decreasing after, whatever the payments.
    #[test]
    fn interest_grows_with_the_date(
        cents in 1i64..100_000_000_000,
        due in 0i64..900,
        kind in 0usize..3,
        rate in proptest::option::of(0i64..3000),
        notice in proptest::option::of(0i64..1000),
        pays in proptest::collection::vec((0i64..1000, 1i64..100_000_000_000), 0..4),
        steps in proptest::collection::vec(0i64..200, 1..6),
    ) {
        let base = d(2023, 1, 1);
        let at = |n: i64| base + chrono::Days::new(n.unsigned_abs());
        let kinds = [BuyerKind::Business, BuyerKind::Public, BuyerKind::Consumer];
        let x = LateDebt {
            buyer_kind: kinds[kind],
            amount_due: Decimal::new(cents, 2),
            due_date: at(due),
            contractual_rate: rate.map(|r| Decimal::new(r, 2)),
            settlements: pays.iter().map(|(n, c)| paid(at(*n), Decimal::new(*c, 2))).collect(),
            formal_notice: notice.map(at),
            judgment_enforceable: None,
        };
        let t = RateTables::default();
        // facts that settle more than is due are refused with a typed error, never computed
        if !x.check("").is_empty() {
            proptest::prop_assert_eq!(late_interest(&x, at(0), &t).map_err(|e| e.code()), Err("invalid"));
            return Ok(());
        }
        let mut as_of = at(0);
        let mut previous = Decimal::ZERO;
        for s in steps {
            as_of = as_of + chrono::Days::new(s.unsigned_abs() * 3);
            let r = late_interest(&x, as_of, &t).unwrap();
            if as_of <= x.due_date {
                proptest::prop_assert_eq!(r.total, Decimal::ZERO);
            }
            proptest::prop_assert!(r.interest >= previous, "{} < {}", r.interest, previous);
            proptest::prop_assert_eq!(r.days, r.segments.iter().map(|s| s.days).sum::<i64>());
            previous = r.interest;
        }
    }
}

/// Issue 12, class 7: negative or over-settling settlements and negative debts are refused.
#[test]
fn inconsistent_debts_are_refused_with_every_problem() {
    let mut x = debt(BuyerKind::Business, dec!(-1.00), d(2026, 1, 1));
    x.settlements = vec![paid(d(2026, 1, 5), dec!(-5)), paid(d(2026, 1, 6), dec!(0.001))];
    let e = late_interest(&x, d(2026, 3, 1), &RateTables::default()).unwrap_err();
    let paths: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["amount_due", "settlements[0].amount", "settlements[1].amount"]);
    let mut x = debt(BuyerKind::Business, dec!(100.00), d(2026, 1, 1));
    x.settlements = vec![paid(d(2026, 1, 5), dec!(60.00)), paid(d(2026, 1, 6), dec!(40.01))];
    let e = late_interest(&x, d(2026, 3, 1), &RateTables::default()).unwrap_err();
    assert_eq!((e.violations()[0].code.as_str(), e.violations()[0].path.as_str()), ("late_debt.invalid", "settlements"));
}
