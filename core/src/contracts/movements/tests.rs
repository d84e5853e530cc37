use super::*;
use crate::contracts::contract::{BillingFrequency, Pause, TerminatedBy, Termination};
use crate::contracts::fixtures::{amendment, contract, d, dec, line, month, price};
use crate::contracts::metrics::Ratio;
use crate::contracts::mrr::ChurnRecognition;

fn ended(c: &mut Contract, notified_on: NaiveDate, effective: NaiveDate, reason: ChurnReason) {
    c.termination = Some(Termination { notified_on, effective, reason, reason_text: None, by: TerminatedBy::Mutual });
}

/// Four customers over January – June 2026 (see `the_story`).
fn story() -> Vec<Contract> {
    // A: new in January at 100; upgrade to 150 on 10/02; down to 120 on 01/04
    let mut a1 = contract("A1", "A", d(2026, 1, 1), "100");
    a1.amendments = vec![amendment(1, d(2026, 2, 10), vec![price("1", "150")]), amendment(2, d(2026, 4, 1), vec![price("1", "120")])];
    // B: paying 2 400 a year (200 a month) since 06/2025; a second contract from 01/02 at 50,
    // ended 31/03 (one of several: contraction); the first ended 30/04 (the last: churn); back
    // on 01/06 at 80 (reactivation)
    let mut b1 = contract("B1", "B", d(2025, 6, 1), "0");
    b1.lines = vec![line("1", "1", "2400", BillingFrequency::Annual)];
    ended(&mut b1, d(2026, 3, 1), d(2026, 4, 30), ChurnReason::Competition);
    let mut b2 = contract("B2", "B", d(2026, 2, 1), "50");
    ended(&mut b2, d(2026, 3, 1), d(2026, 3, 31), ChurnReason::Price);
    let b3 = contract("B3", "B", d(2026, 6, 1), "80");
    // C: 300 since 01/03/2025, renewed tacitly at the same price on 01/03/2026 (no movement),
    // paused 02/03 → 31/03 (contraction, not churn), resumed 01/04 (expansion)
    let mut c1 = contract("C1", "C", d(2025, 3, 1), "300");
    c1.pauses = vec![Pause { from: d(2026, 3, 2), until: Some(d(2026, 3, 31)) }];
    // D: free trial in January, paying 60 from 01/02 (new)
    let mut d1 = contract("D1", "D", d(2026, 1, 1), "60");
    d1.trial_until = Some(d(2026, 1, 31));
    vec![a1, b1, b2, b3, c1, d1]
}

fn mv(new: &str, expansion: &str, contraction: &str, churn: &str, reactivation: &str) -> Movements {
    Movements {
        new: dec(new),
        expansion: dec(expansion),
        contraction: dec(contraction),
        churn: dec(churn),
        reactivation: dec(reactivation),
        fx: Decimal::ZERO,
    }
}

#[test]
fn the_story() {
    let r = mrr_report(&story(), month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    // start (31/12/2025): B 200 + C 300 = 500
    // Jan: A new 100                                    → 500 + 100             = 600
    // Feb: D new 60; A +50, B +50 (B2) expansion 100    → 600 + 60 + 100        = 760
    // Mar: C paused −300 (contraction)                  → 760 − 300             = 460
    // Apr: A −30, B2 out −50 (contraction 80); C resumes +300 (expansion)
    //                                                   → 460 − 80 + 300        = 680
    // May: B1 out, B's last: churn 200                  → 680 − 200             = 480
    // Jun: B3, B back: reactivation 80                  → 480 + 80              = 560
    let ends: Vec<Decimal> = r.months.iter().map(|m| m.mrr_end).collect();
    assert_eq!(ends, ["600", "760", "460", "680", "480", "560"].map(dec));
    assert_eq!(r.period.mrr_start, dec("500"));
    let got: Vec<Movements> = r.months.iter().map(|m| m.movements).collect();
    assert_eq!(
        got,
        vec![
            mv("100", "0", "0", "0", "0"),
            mv("60", "100", "0", "0", "0"),
            mv("0", "0", "300", "0", "0"),
            mv("0", "300", "80", "0", "0"),
            mv("0", "0", "0", "200", "0"),
            mv("0", "0", "0", "0", "80"),
        ]
    );
    for m in &r.months {
        assert_eq!(m.mrr_start + m.movements.net().unwrap(), m.mrr_end, "{}", m.month);
        assert_eq!(m.arr_end, m.mrr_end * dec("12"));
    }
    // paying customers (D in trial, C paused): 2 at the start; A; +D; −C; +C; −B; +B
    let counts: Vec<(u64, u64)> = r.months.iter().map(|m| (m.customers_start, m.customers_end)).collect();
    assert_eq!(counts, vec![(2, 3), (3, 4), (4, 3), (3, 4), (4, 3), (3, 4)]);
    assert_eq!(
        r.months.iter().map(|m| (m.new_customers, m.reactivated_customers, m.churned_customers)).collect::<Vec<_>>(),
        vec![(1, 0, 0), (1, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1), (0, 1, 0)]
    );
    // the users' contract churn: ended / active at the start: April 1 / 4, May 1 / 4 = 25.00 %
    assert_eq!(r.months[3].contract_churn_rate, Ratio::Value(dec("25.00")));
    assert_eq!(r.months[4].contracts_ended, 1);
    // ChartMogul customer churn in May: 1 of 4 = 25.00 %; MoM in May: (480 − 680) / 680 = −29.41 %
    assert_eq!(r.months[4].customer_churn_rate, Ratio::Value(dec("25.00")));
    assert_eq!(r.months[4].mom_growth, Ratio::Value(dec("-29.41")));
    // gross MRR churn in April: (0 + 80) / 460 = 17.39 %; net: (80 − 300) / 460 = −47.83 %
    assert_eq!((r.months[3].gross_mrr_churn, r.months[3].net_mrr_churn), (Ratio::Value(dec("17.39")), Ratio::Value(dec("-47.83"))));
    // C's term ended 28/02/2026 and renewed (same price: no movement): 1 of 1, by value 3 600 / 3 600
    assert_eq!((r.months[1].renewals.reaching_term, r.months[1].renewals.renewed), (1, 1));
    assert_eq!(r.period.renewals.rate, Ratio::Value(dec("100.00")));
    assert_eq!(r.period.renewals.rate_by_value, Ratio::Value(dec("100.00")));
    // churn by reason: B2 (price, 50), B1 (competition, 200)
    let reasons: Vec<(Option<ChurnReason>, u64, Decimal)> =
        r.period.churn_by_reason.iter().map(|x| (x.reason, x.contracts, x.mrr)).collect();
    assert_eq!(reasons, vec![(Some(ChurnReason::Price), 1, dec("50")), (Some(ChurnReason::Competition), 1, dec("200"))]);
}

#[test]
fn retention_of_the_starting_cohort() {
    let r = mrr_report(&story(), month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    // cohort: B (200) and C (300) = 500. B churned in May and came back at 80: churn 200,
    // reactivation 80; C paused and resumed at 300: no change
    let c = r.period.cohort;
    assert_eq!(
        (c.customers, c.mrr_start, c.mrr_end, c.churn, c.reactivation, c.expansion, c.contraction),
        (2, dec("500"), dec("380"), dec("200"), dec("80"), dec("0"), dec("0"))
    );
    // NRR = (500 + 0 − 0 − 200) / 500 = 60.00 %; GRR = (500 − 0 − 200) / 500 = 60.00 %
    assert_eq!((r.period.nrr, r.period.grr), (Ratio::Value(dec("60.00")), Ratio::Value(dec("60.00"))));
    // ChartMogul's cohort NRR credits reactivation: (500 − 200 + 80) / 500 = 76.00 %
    let with = MrrSettings { nrr: NrrPolicy::IncludeReactivation, ..MrrSettings::default() };
    assert_eq!(mrr_report(&story(), month("2026-01"), month("2026-06"), &with).unwrap().period.nrr, Ratio::Value(dec("76.00")));
    // nobody of the cohort is lost at the end
    assert_eq!(r.period.customer_churn_rate, Ratio::Value(dec("0.00")));
}

#[test]
fn lifetime_values() {
    let r = mrr_report(&story(), month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    // ARPA in June: 560 / 4 = 140; ChartMogul LTV = ARPA / average churn of the months before
    // (January – May: 0, 0, 0, 0, 25 %): 140 / (25 / 5 / 100) = 140 / 0.05 = 2 800
    assert_eq!((r.period.arpa, r.period.ltv), (Ratio::Value(dec("140.00")), Ratio::Value(dec("2800.00"))));
    // the users' CLV: average contract MRR (120 + 80 + 300 + 60) / 4 = 140 × average relationship:
    // A 181 days, B 395, C 487, D 150 → 1 213 × 48 / (4 × 1 461) = 9.96 months → 1 394.40
    assert_eq!(r.period.average_contract_mrr, Ratio::Value(dec("140.00")));
    assert_eq!(r.period.average_relationship_months, Ratio::Value(dec("9.96")));
    assert_eq!(r.period.clv, Ratio::Value(dec("1394.40")));
    // zero churn history: LTV undefined rather than divided by zero
    assert_eq!(r.months[1].ltv, Ratio::Undefined(crate::contracts::metrics::Undefined::ZeroChurn));
}

#[test]
fn per_customer_movements_reconcile() {
    let settings = MrrSettings { customer_months: true, ..MrrSettings::default() };
    let r = mrr_report(&story(), month("2026-01"), month("2026-06"), &settings).unwrap();
    let b = r.customers.iter().find(|c| c.customer_id == "B").unwrap();
    assert_eq!((b.mrr_start, b.mrr_end, b.status), (dec("200"), dec("80"), CustomerStatus::Active));
    // B: +50 Feb, −50 Apr, −200 May, +80 Jun
    let rows: Vec<(String, Decimal, Decimal)> =
        b.months.iter().map(|m| (m.month.to_string(), m.movements.net().unwrap(), m.mrr_end)).collect();
    assert_eq!(
        rows,
        vec![
            ("2026-02".into(), dec("50"), dec("250")),
            ("2026-04".into(), dec("-50"), dec("200")),
            ("2026-05".into(), dec("-200"), dec("0")),
            ("2026-06".into(), dec("80"), dec("80"))
        ]
    );
    for c in &r.customers {
        assert_eq!(c.mrr_start + c.movements.net().unwrap(), c.mrr_end, "{}", c.customer_id);
    }
    // without the option, the months are left out
    let r = mrr_report(&story(), month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    assert!(r.customers.iter().all(|c| c.months.is_empty()));
}

#[test]
fn churn_at_notification_and_cmrr() {
    let at_notice = MrrSettings { churn_recognition: ChurnRecognition::AtNotification, ..MrrSettings::default() };
    let r = mrr_report(&story(), month("2026-01"), month("2026-06"), &at_notice).unwrap();
    // B1 and B2 notified on 01/03: both leave that day, B pays nothing more: churn 200 + 50 = 250
    // (C's pause on 02/03 is the month's contraction)
    assert_eq!(r.months[2].movements, mv("0", "0", "300", "250", "0"));
    // CMRR: a termination notified for later is scheduled churn
    let mut a = contract("A1", "A", d(2026, 1, 1), "100");
    a.termination = Some(Termination {
        notified_on: d(2026, 5, 1),
        effective: d(2026, 12, 31),
        reason: ChurnReason::Price,
        reason_text: None,
        by: TerminatedBy::Customer,
    });
    let r = mrr_report(&[a], month("2026-06"), month("2026-06"), &MrrSettings::default()).unwrap();
    assert_eq!((r.period.mrr_end, r.period.cmrr, r.period.scheduled.churn), (dec("100"), Decimal::ZERO, dec("100")));
}

#[test]
fn order_does_not_matter_and_errors() {
    let mut s = story();
    let a = mrr_report(&s, month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    s.reverse();
    let mut b = mrr_report(&s, month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    b.contracts.reverse();
    assert_eq!(a, b);
    assert_eq!(mrr_report(&s, month("2026-06"), month("2026-01"), &MrrSettings::default()).unwrap_err().code(), "mrr.period.invalid");
    s[0].id = s[1].id.clone();
    let e = mrr_report(&s, month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap_err();
    assert_eq!((e.code(), e.violations()[0].path.as_str()), ("invalid", "contracts[1].id"));
}

#[test]
fn fx_movements() {
    let mut usd = contract("U1", "U", d(2026, 1, 1), "100");
    usd.currency = crate::money::Currency("USD".into());
    let settings = MrrSettings {
        exchange_rates: vec![
            crate::contracts::mrr::ReportingRate { currency: usd.currency.clone(), from: d(2025, 12, 1), rate: dec("0.90") },
            crate::contracts::mrr::ReportingRate { currency: usd.currency.clone(), from: d(2026, 3, 1), rate: dec("0.95") },
        ],
        ..MrrSettings::default()
    };
    let r = mrr_report(&[usd], month("2026-01"), month("2026-03"), &settings).unwrap();
    // new 100 USD × 0.90 = 90 € in January; the rate moves on 01/03: 100 × (0.95 − 0.90) = +5 € of FX
    assert_eq!(r.months[0].movements.new, dec("90.00"));
    assert_eq!((r.months[2].movements.fx, r.months[2].mrr_end), (dec("5.00"), dec("95.00")));
}

#[test]
fn customers_with_long_ids_are_told_apart_and_sorted() {
    // ids of more than 16 bytes sharing their first 16: told apart by their text
    let long = |s: &str| format!("customer-000000000-{s}");
    let mut s = story();
    for c in &mut s {
        c.customer_id = long(&c.customer_id);
    }
    s.push(contract("Z1", "customer-000000000", d(2026, 1, 1), "10"));
    s.push(contract("Z2", "é", d(2026, 1, 1), "20"));
    s.reverse();
    let r = mrr_report(&s, month("2026-01"), month("2026-06"), &MrrSettings::default()).unwrap();
    let ids: Vec<&str> = r.customers.iter().map(|c| c.customer_id.as_str()).collect();
    let (a, b, c, d) = (long("A"), long("B"), long("C"), long("D"));
    assert_eq!(ids, ["customer-000000000", a.as_str(), b.as_str(), c.as_str(), d.as_str(), "é"]);
    // B's three contracts walked together: churned in May, back in June
    let b = r.customers.iter().find(|c| c.customer_id == long("B")).unwrap();
    assert_eq!((b.mrr_end, b.movements.reactivation), (dec("80.00"), dec("80.00")));
}
