use super::*;
use crate::contracts::contract::{BillingFrequency, ChurnReason, RecurringDiscount, TerminatedBy, Termination};
use crate::contracts::fixtures::{amendment, contract, d, dec, line, price};
use crate::line::Discount;

fn mrr_on(c: &Contract, date: NaiveDate) -> Decimal {
    mrr_at(std::slice::from_ref(c), date, &MrrSettings::default()).unwrap().mrr
}

fn one_line(billing: BillingFrequency, unit_price: &str) -> Contract {
    let mut c = contract("C1", "A", d(2026, 1, 1), "0");
    c.lines = vec![line("1", "1", unit_price, billing)];
    c
}

#[test]
fn normalised_to_a_month() {
    let on = d(2026, 6, 1);
    // Stripe (domain.md §4.1): annual 1 200 ⇒ 100 a month; Baremetrics: annual 120 ⇒ 10
    assert_eq!(mrr_on(&one_line(BillingFrequency::Annual, "1200"), on), dec("100.00"));
    assert_eq!(mrr_on(&one_line(BillingFrequency::Annual, "120"), on), dec("10.00"));
    // quarterly ÷ 3, half-yearly ÷ 6, multi-year ÷ 12n: 300 / 3, 600 / 6, 3 600 / 36
    assert_eq!(mrr_on(&one_line(BillingFrequency::Quarterly, "300"), on), dec("100.00"));
    assert_eq!(mrr_on(&one_line(BillingFrequency::HalfYearly, "600"), on), dec("100.00"));
    assert_eq!(mrr_on(&one_line(BillingFrequency::MultiYear(3), "3600"), on), dec("100.00"));
    // 1 000 / 12 = 83.333… → 83.33 (rounded to the cent, half away from zero)
    assert_eq!(mrr_on(&one_line(BillingFrequency::Annual, "1000"), on), dec("83.33"));
    // several lines are summed, then rounded once: 10.01 + 100 / 12 = 18.3433… → 18.34
    let mut c = one_line(BillingFrequency::Monthly, "10.01");
    c.lines.push(line("2", "1", "100", BillingFrequency::Annual));
    assert_eq!(mrr_on(&c, on), dec("18.34"));
    // quantities: 3 × 19.99 = 59.97; 2.5 hours × 40 = 100
    let mut c = one_line(BillingFrequency::Monthly, "19.99");
    c.lines[0].quantity = dec("3");
    assert_eq!(mrr_on(&c, on), dec("59.97"));
    c.lines[0].quantity = dec("2.5");
    c.lines[0].unit_price = dec("40");
    assert_eq!(mrr_on(&c, on), dec("100.00"));
}

#[test]
fn chartmogul_mrr_formula() {
    // ChartMogul (dev.chartmogul.com, "How MRR is calculated from prorated invoices"):
    // MRR = (amount − tax) × duration_ratio × prorate_factor. An annual invoice of 1 440 € incl.
    // 20 % VAT: (1 440 − 240) × 1/12 × 1 = 100. Lines here are excl. tax: 1 200 × 1/12 = 100.
    let c = one_line(BillingFrequency::Annual, "1200");
    assert_eq!(c.lines[0].vat_rate, dec("20"));
    assert_eq!(mrr_on(&c, d(2026, 3, 1)), dec("100.00"));
    // prorate_factor = full period / prorated period: an upgrade from 100 to 150 a month on the
    // 16th is invoiced 50 × 15/30 = 25 for the rest of the month, but MRR is the full-period
    // rate: 150 from the 16th, not 125
    let mut c = one_line(BillingFrequency::Monthly, "100");
    c.amendments = vec![amendment(1, d(2026, 6, 16), vec![price("1", "150")])];
    assert_eq!(mrr_on(&c, d(2026, 6, 15)), dec("100"));
    assert_eq!(mrr_on(&c, d(2026, 6, 16)), dec("150"));
}

#[test]
fn what_counts_and_what_does_not() {
    let mut c = one_line(BillingFrequency::Monthly, "100");
    c.one_off_lines = crate::contracts::fixtures::maintenance().one_off_lines; // set-up fee: never MRR
    c.trial_until = Some(d(2026, 1, 31));
    c.pauses = vec![crate::contracts::contract::Pause { from: d(2026, 4, 1), until: Some(d(2026, 4, 30)) }];
    c.termination = Some(Termination {
        notified_on: d(2026, 5, 10),
        effective: d(2026, 6, 30),
        reason: ChurnReason::Price,
        reason_text: None,
        by: TerminatedBy::Mutual,
    });
    let m = |y, mo, day| mrr_on(&c, d(y, mo, day));
    assert_eq!(
        [m(2025, 12, 31), m(2026, 1, 31), m(2026, 2, 1), m(2026, 4, 15), m(2026, 5, 1), m(2026, 6, 30), m(2026, 7, 1)],
        [Decimal::ZERO, Decimal::ZERO, dec("100"), Decimal::ZERO, dec("100"), dec("100"), Decimal::ZERO]
    );
    // churn recognised at notification: nothing from 10/05
    let at_notice = MrrSettings { churn_recognition: ChurnRecognition::AtNotification, ..MrrSettings::default() };
    assert_eq!(mrr_at(std::slice::from_ref(&c), d(2026, 5, 9), &at_notice).unwrap().mrr, dec("100"));
    assert_eq!(mrr_at(std::slice::from_ref(&c), d(2026, 5, 10), &at_notice).unwrap().mrr, Decimal::ZERO);
}

#[test]
fn discount_policies() {
    let mut c = one_line(BillingFrequency::Monthly, "100");
    c.lines.push(line("2", "1", "1200", BillingFrequency::Annual));
    c.discounts = vec![
        RecurringDiscount {
            id: "launch".into(),
            description: "Lancement".into(),
            value: Discount::Percent(dec("20")),
            line_id: Some("1".into()),
            from: None,
            until: Some(d(2026, 12, 31)),
        },
        RecurringDiscount {
            id: "forever".into(),
            description: "Partenaire".into(),
            value: Discount::Amount(dec("120")),
            line_id: Some("2".into()),
            from: None,
            until: None,
        },
    ];
    let on = d(2026, 6, 1);
    // as invoiced (ChartMogul): 100 × 80 % + (1 200 − 120) / 12 = 80 + 90 = 170
    assert_eq!(mrr_on(&c, on), dec("170.00"));
    // forever discounts only (Stripe): 100 + 90 = 190
    let forever = MrrSettings { discounts: DiscountPolicy::ForeverOnly, ..MrrSettings::default() };
    assert_eq!(mrr_at(std::slice::from_ref(&c), on, &forever).unwrap().mrr, dec("190.00"));
    // 100 % off: a free customer (Baremetrics), MRR 0, never negative
    c.discounts = vec![RecurringDiscount {
        id: "free".into(),
        description: "Gratuit".into(),
        value: Discount::Percent(dec("100")),
        line_id: None,
        from: None,
        until: None,
    }];
    assert_eq!(mrr_on(&c, on), Decimal::ZERO);
}

#[test]
fn currencies_need_rates() {
    let mut usd = contract("U1", "B", d(2026, 1, 1), "100");
    usd.currency = Currency("USD".into());
    let eur = contract("E1", "A", d(2026, 1, 1), "100");
    let contracts = [eur, usd];
    let e = mrr_at(&contracts, d(2026, 3, 1), &MrrSettings::default()).unwrap_err();
    assert_eq!((e.code(), e.path()), ("mrr.exchange_rate.missing", Some("contracts[1].currency")));
    let settings = MrrSettings {
        exchange_rates: vec![ReportingRate { currency: Currency("USD".into()), from: d(2026, 1, 1), rate: dec("0.9235") }],
        ..MrrSettings::default()
    };
    // 100 USD × 0.9235 = 92.35 €
    let s = mrr_at(&contracts, d(2026, 3, 1), &settings).unwrap();
    assert_eq!((s.mrr, s.arr, s.paying_customers), (dec("192.35"), dec("2308.20"), 2));
    assert_eq!(s.arpa, crate::contracts::metrics::Ratio::Value(dec("96.18"))); // 192.35 / 2 = 96.175 → 96.18
    let bad = MrrSettings {
        exchange_rates: vec![ReportingRate { currency: Currency("usd".into()), from: d(2026, 1, 1), rate: dec("0") }],
        ..MrrSettings::default()
    };
    assert_eq!(mrr_at(&contracts, d(2026, 3, 1), &bad).unwrap_err().violations().len(), 2);
}

#[test]
fn snapshot_statuses_and_cmrr() {
    let mut a = contract("A1", "A", d(2025, 1, 1), "100");
    a.termination = Some(Termination {
        notified_on: d(2026, 2, 1),
        effective: d(2026, 12, 31),
        reason: ChurnReason::Competition,
        reason_text: None,
        by: TerminatedBy::Customer,
    });
    let b = contract("B1", "B", d(2026, 9, 1), "50"); // signed on its start: not known before
    let mut b2 = contract("B2", "B", d(2026, 9, 1), "70");
    b2.signed_on = Some(d(2026, 2, 15)); // signed, starts later: scheduled new business
    let mut c = contract("C1", "C", d(2025, 1, 1), "30");
    c.pauses = vec![crate::contracts::contract::Pause { from: d(2026, 1, 1), until: None }];
    let mut e = contract("E1", "E", d(2024, 1, 1), "10");
    e.renewal.tacit = false; // ended on 31/12/2024
    let s = mrr_at(&[a, b, b2, c, e], d(2026, 3, 1), &MrrSettings::default()).unwrap();
    let st: Vec<(String, CustomerStatus, Decimal)> = s.customers.iter().map(|x| (x.customer_id.clone(), x.status, x.mrr)).collect();
    assert_eq!(
        st,
        vec![
            ("A".into(), CustomerStatus::Active, dec("100")),
            ("B".into(), CustomerStatus::Inactive, Decimal::ZERO),
            ("C".into(), CustomerStatus::Paused, Decimal::ZERO),
            ("E".into(), CustomerStatus::Churned, Decimal::ZERO)
        ]
    );
    // CMRR = MRR 100 − A's notified termination 100 + B2's scheduled start 70 = 70
    assert_eq!((s.mrr, s.cmrr), (dec("100"), dec("70")));
    assert_eq!(s.contracts[0].status, ContractStatus::Terminating);
}

#[test]
fn exact_rounding_helpers() {
    assert_eq!(div_round2(dec("1000"), 12).unwrap(), dec("83.33"));
    assert_eq!(div_round2(dec("0.125"), 1).unwrap(), dec("0.13"));
    assert_eq!(div_round2(dec("-0.125"), 1).unwrap(), dec("-0.13"));
    assert_eq!(div_round2(dec("1.005"), 1).unwrap(), dec("1.01"));
    assert_eq!(cents(dec("12.5")).unwrap(), 1250);
    assert_eq!(decimal(1250).unwrap(), dec("12.50"));
    assert!(cents(dec("0.001")).is_err());
}

mod integer_path {
    use super::*;
    use crate::contracts::amendment::LineState;
    use proptest::prelude::*;

    fn frequency(n: u8) -> BillingFrequency {
        match n % 6 {
            0 => BillingFrequency::Monthly,
            1 => BillingFrequency::Quarterly,
            2 => BillingFrequency::HalfYearly,
            3 => BillingFrequency::Annual,
            k => BillingFrequency::MultiYear(u32::from(k)),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The MRR in 64-bit integers, from the amounts the replay keeps, is the exact decimal
        /// computation rounded once, half away from zero, whenever it answers; and the MRR is
        /// the same with it as without it.
        #[test]
        fn the_64_bit_path_is_the_decimal_computation(
            lines in proptest::collection::vec((0i64..10_000_000, 0u32..=4, 0i64..1_000_000_000, 0u32..=6, any::<u8>()), 1..4),
            huge in any::<bool>(),
        ) {
            let written: Vec<_> = lines
                .iter()
                .enumerate()
                .map(|(i, (q, qs, p, ps, f))| {
                    let mut l = line(&i.to_string(), "1", "1", frequency(*f));
                    l.quantity = Decimal::new(*q, *qs);
                    // beyond 64 bits now and then
                    l.unit_price = if huge { Decimal::new(*p, *ps) * Decimal::from(1_000_000_000_000i64) } else { Decimal::new(*p, *ps) };
                    l
                })
                .collect();
            let states: Vec<LineState<'_>> = written.iter().map(|l| LineState::new(l, l.quantity, l.unit_price)).collect();
            if let Some(fast) = monthly_cents_64(&states) {
                let exact = monthly_value(&states, &[], d(2026, 1, 1), DiscountPolicy::AsInvoiced).and_then(cents);
                prop_assert_eq!(Ok(fast), exact);
            }
            // without the 64-bit path: the amounts unknown, the 128-bit one answers
            let unknown: Vec<LineState<'_>> = states.iter().map(|l| LineState { amount: None, ..*l }).collect();
            prop_assert_eq!(monthly_cents_integer(&states), monthly_cents_integer(&unknown));
        }
    }
}

#[test]
fn a_point_takes_24_bytes() {
    assert_eq!(std::mem::size_of::<Point>(), 24);
}
