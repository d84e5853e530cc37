use super::*;
use crate::contracts::contract::{ChurnReason, OneOffLine, Pause, RecurringDiscount, TerminatedBy, Termination};
use crate::contracts::fixtures::{amendment, contract, d, dec, maintenance, price};
use crate::documents::numbering::NumberingState;
use crate::testkit::seller;
use crate::vat::VatCategory;

fn period(from: NaiveDate, to: NaiveDate) -> Period {
    Period { from, to }
}

fn lines(i: &ContractInvoice) -> Vec<(String, Decimal, Decimal)> {
    i.draft.lines.iter().map(|l| (l.description.clone(), l.quantity, l.unit_price)).collect()
}

/// The total excl. tax of the draft once issued: drafts go through `check` and `issue`.
fn issued_total(i: &ContractInvoice) -> Decimal {
    assert_eq!(crate::check(&i.draft, i.billing_date), vec![], "{:#?}", i.draft);
    let state = NumberingState::new("F", "F-{YYYY}-{SEQ:5}").unwrap();
    let (inv, _) = crate::issue(i.draft.clone(), &state, i.billing_date).unwrap();
    inv.totals().total_excl_tax
}

#[test]
fn a_partial_first_month_is_prorated_on_its_actual_days() {
    let c = contract("C1", "A", d(2026, 1, 15), "310");
    let drafts = invoices_due(&[c], d(2026, 2, 1), &[], &seller()).unwrap();
    assert_eq!(drafts.len(), 2);
    // 15 → 31 January: 17 days of 31: 310 × 17 / 31 = 170.00
    assert_eq!(drafts[0].billing_date, d(2026, 1, 15));
    assert_eq!(
        lines(&drafts[0]),
        vec![("Service 1 — du 15/01/2026 au 31/01/2026 (prorata 17/31 jours)".into(), dec("1"), dec("170.000000"))]
    );
    assert_eq!(issued_total(&drafts[0]), dec("170.00"));
    assert_eq!((drafts[0].lines[0].days, drafts[0].lines[0].period_days), (17, 31));
    assert_eq!(drafts[0].period, period(d(2026, 1, 1), d(2026, 1, 31)));
    // February whole, no prorata
    assert_eq!(lines(&drafts[1]), vec![("Service 1 — du 01/02/2026 au 28/02/2026".into(), dec("1"), dec("310"))]);
    assert_eq!(issued_total(&drafts[1]), dec("310.00"));
    assert_eq!(drafts[1].draft.notes, vec!["Contrat N° C1".to_owned(), "Période facturée : du 01/02/2026 au 28/02/2026".to_owned()]);
    // the same, structured for the e-invoice: BT-12 and BG-14
    assert_eq!(drafts[1].draft.contract_reference.as_deref(), Some("C1"));
    let period = drafts[1].draft.invoicing_period.as_ref().map(|p| (p.start, p.end));
    assert_eq!(period, Some((d(2026, 2, 1), d(2026, 2, 28))));
}

#[test]
fn a_mid_period_amendment_splits_the_period() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "280");
    c.amendments = vec![amendment(1, d(2026, 2, 15), vec![price("1", "560")])];
    let feb = billing_runs(&[c], period(d(2026, 2, 1), d(2026, 2, 28)), &[], &seller()).unwrap();
    assert_eq!(feb.len(), 1);
    // 1 → 14 February at 280: 280 × 14 / 28 = 140; 15 → 28 at 560: 560 × 14 / 28 = 280
    assert_eq!(
        lines(&feb[0]),
        vec![
            ("Service 1 — du 01/02/2026 au 14/02/2026 (prorata 14/28 jours)".into(), dec("1"), dec("140.000000")),
            ("Service 1 — du 15/02/2026 au 28/02/2026 (prorata 14/28 jours)".into(), dec("1"), dec("280.000000"))
        ]
    );
    assert_eq!(issued_total(&feb[0]), dec("420.00"));
}

#[test]
fn never_twice() {
    let c = maintenance();
    let run = |invoiced: &[InvoicedPeriod]| {
        billing_runs(std::slice::from_ref(&c), period(d(2026, 1, 1), d(2026, 3, 31)), invoiced, &seller()).unwrap()
    };
    let first = run(&[]);
    assert_eq!(first, run(&[])); // same input, same drafts
    assert_eq!(first.len(), 3); // January (with the set-up fee), February, March
    assert_eq!(issued_total(&first[0]), dec("550.00")); // 2 × 200 + 150
    assert!(first[0].lines.iter().any(|l| l.one_off && l.contract_line_id == "setup"));
    // the host records what it issued: nothing is billed again
    let billed: Vec<InvoicedPeriod> = first.iter().flat_map(|i| i.billed.clone()).collect();
    assert_eq!(run(&billed), vec![]);
    // only January recorded: February and March come again, identical
    assert_eq!(run(&first[0].billed), first[1..].to_vec());
    // a day of March recorded as invoiced is left out of March
    let one_day = [InvoicedPeriod { contract_id: c.id.clone(), line_id: "maint".into(), from: d(2026, 3, 10), to: d(2026, 3, 10) }];
    let again = run(&[first[0].billed.clone(), first[1].billed.clone(), one_day.to_vec()].concat());
    assert_eq!(again.len(), 1);
    let days: Vec<(NaiveDate, NaiveDate)> = again[0].lines.iter().map(|l| (l.from, l.to)).collect();
    assert_eq!(days, vec![(d(2026, 3, 1), d(2026, 3, 9)), (d(2026, 3, 11), d(2026, 3, 31))]);
    let e = invoices_due(
        &[c],
        d(2026, 3, 1),
        &[InvoicedPeriod { contract_id: "x".into(), line_id: "y".into(), from: d(2026, 2, 1), to: d(2026, 1, 1) }],
        &seller(),
    )
    .unwrap_err();
    assert_eq!(e.violations()[0].code, "billing.invoiced.invalid");
}

#[test]
fn arrears_anniversary_and_annual_lines() {
    let mut c = contract("C1", "A", d(2026, 3, 10), "1200");
    c.lines[0].billing = BillingFrequency::Annual;
    c.lines[0].timing = Timing::Arrears;
    c.billing_anchor = BillingAnchor::Start;
    let due = invoices_due(std::slice::from_ref(&c), d(2027, 3, 10), &[], &seller()).unwrap();
    // one period 10/03/2026 – 09/03/2027, invoiced the day after
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].billing_date, due[0].period), (d(2027, 3, 10), period(d(2026, 3, 10), d(2027, 3, 9))));
    assert_eq!(issued_total(&due[0]), dec("1200.00"));
    assert_eq!(invoices_due(std::slice::from_ref(&c), d(2027, 3, 9), &[], &seller()).unwrap(), vec![]);
    // calendar years: 10/03 → 31/12/2026 is 297 days of 365: 1 200 × 297 / 365 = 976.438356… → 976.44
    c.billing_anchor = BillingAnchor::Calendar;
    c.lines[0].timing = Timing::Advance;
    let due = invoices_due(&[c], d(2026, 3, 10), &[], &seller()).unwrap();
    assert_eq!(due[0].lines[0].days, 297);
    assert_eq!(issued_total(&due[0]), dec("976.44"));
}

#[test]
fn quarterly_periods_start_in_january() {
    let mut c = contract("C1", "A", d(2026, 2, 1), "300");
    c.lines[0].billing = BillingFrequency::Quarterly;
    let due = invoices_due(&[c], d(2026, 4, 1), &[], &seller()).unwrap();
    let periods: Vec<(NaiveDate, NaiveDate, u32, u32)> =
        due.iter().map(|i| (i.period.from, i.period.to, i.lines[0].days, i.lines[0].period_days)).collect();
    // Q1 is 90 days; February and March are 59 of them: 300 × 59 / 90 = 196.666… → 196.666667 → 196.67
    assert_eq!(periods, vec![(d(2026, 1, 1), d(2026, 3, 31), 59, 90), (d(2026, 4, 1), d(2026, 6, 30), 91, 91)]);
    assert_eq!(issued_total(&due[0]), dec("196.67"));
}

#[test]
fn pauses_trials_and_terminations_are_not_billed() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "300");
    c.trial_until = Some(d(2026, 1, 31));
    c.pauses = vec![Pause { from: d(2026, 4, 1), until: Some(d(2026, 4, 15)) }];
    c.termination = Some(Termination {
        notified_on: d(2026, 3, 1),
        effective: d(2026, 5, 20),
        reason: ChurnReason::Price,
        reason_text: None,
        by: TerminatedBy::Mutual,
    });
    let due = invoices_due(&[c], d(2026, 12, 31), &[], &seller()).unwrap();
    let got: Vec<(NaiveDate, Decimal)> = due.iter().map(|i| (i.billing_date, issued_total(i))).collect();
    // February and March whole; April 16 → 30 (15/30 × 300 = 150); May 1 → 20 (20/31 × 300 = 193.548… → 193.55)
    assert_eq!(
        got,
        vec![
            (d(2026, 2, 1), dec("300.00")),
            (d(2026, 3, 1), dec("300.00")),
            (d(2026, 4, 16), dec("150.00")),
            (d(2026, 5, 1), dec("193.55"))
        ]
    );
}

#[test]
fn discounts_on_the_lines() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.discounts = vec![
        RecurringDiscount {
            id: "p".into(),
            description: "Fidélité".into(),
            value: Discount::Percent(dec("10")),
            line_id: None,
            from: None,
            until: Some(d(2026, 1, 31)),
        },
        RecurringDiscount {
            id: "a".into(),
            description: "Geste".into(),
            value: Discount::Amount(dec("5.00")),
            line_id: Some("1".into()),
            from: Some(d(2026, 2, 1)),
            until: None,
        },
    ];
    let due = invoices_due(&[c], d(2026, 2, 1), &[], &seller()).unwrap();
    assert_eq!(due[0].draft.lines[0].discount, Some(Discount::Percent(dec("10"))));
    assert_eq!(issued_total(&due[0]), dec("90.00"));
    assert_eq!(due[1].draft.lines[0].discount, Some(Discount::Amount(dec("5.00"))));
    assert_eq!(issued_total(&due[1]), dec("95.00"));
}

#[test]
fn one_off_lines_on_their_day() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.one_off_lines = vec![OneOffLine {
        id: "formation".into(),
        description: "Formation".into(),
        quantity: dec("1"),
        unit: "C62".into(),
        unit_price: dec("400"),
        vat_category: VatCategory::S,
        vat_rate: dec("20"),
        supply: crate::line::SupplyKind::Services,
        on: Some(d(2026, 2, 10)),
    }];
    let due = invoices_due(std::slice::from_ref(&c), d(2026, 2, 28), &[], &seller()).unwrap();
    // not on January's draft; February's was dated 01/02, before it: a draft of its own
    assert_eq!(due.len(), 3);
    assert_eq!((due[2].billing_date, issued_total(&due[2])), (d(2026, 2, 10), dec("400.00")));
    assert_eq!(
        due[2].billed,
        vec![InvoicedPeriod { contract_id: "C1".into(), line_id: "formation".into(), from: d(2026, 2, 10), to: d(2026, 2, 10) }]
    );
    let e = billing_runs(&[c], period(d(2026, 2, 1), d(2026, 1, 1)), &[], &seller()).unwrap_err();
    assert_eq!(e.code(), "billing.period.invalid");
}
