use super::*;
use crate::documents::draft::InvoiceKind;
use crate::party::BuyerKind;
use crate::receivables::account::invoice_status;
use crate::receivables::aging::AgingBuckets;
use crate::receivables::ledger::Ledger;
use rust_decimal_macros::dec;
use std::collections::BTreeSet;

use crate::receivables::account::InvoiceStatus;
use crate::testkit::date as d;

fn account(amount_due: Decimal, credited: Decimal, paid: Decimal, due: NaiveDate) -> InvoiceAccount {
    InvoiceAccount {
        number: "F-1".into(),
        customer_id: "C1".into(),
        buyer_name: "Client".into(),
        buyer_kind: BuyerKind::Business,
        kind: InvoiceKind::Standard,
        issue_date: d(2026, 1, 1),
        due_date: due,
        payment_request_received: None,
        judgment_enforceable: None,
        late_payment_rate: None,
        amount_due,
        credited,
        paid,
        outstanding: amount_due - credited - paid,
        status: InvoiceStatus::IssuedUnpaid,
        days_late: 0,
        settled_on: None,
        settlements: vec![],
    }
}

#[test]
fn statuses() {
    let due = d(2026, 1, 31);
    let st = |a: &InvoiceAccount, as_of| invoice_status(a, as_of);
    assert_eq!(st(&account(dec!(100), dec!(0), dec!(0), due), due), (InvoiceStatus::IssuedUnpaid, 0));
    assert_eq!(st(&account(dec!(100), dec!(0), dec!(40), due), due), (InvoiceStatus::PartiallyPaid, 0));
    assert_eq!(st(&account(dec!(100), dec!(10), dec!(0), due), due), (InvoiceStatus::PartiallyPaid, 0));
    assert_eq!(st(&account(dec!(100), dec!(0), dec!(40), due), d(2026, 2, 1)), (InvoiceStatus::Overdue, 1));
    assert_eq!(st(&account(dec!(100), dec!(0), dec!(0), due), d(2026, 3, 2)), (InvoiceStatus::Overdue, 30));
    assert_eq!(st(&account(dec!(100), dec!(0), dec!(100), due), d(2026, 3, 2)), (InvoiceStatus::Paid, 0));
    assert_eq!(st(&account(dec!(100), dec!(30), dec!(70), due), d(2026, 3, 2)), (InvoiceStatus::Paid, 0));
    assert_eq!(st(&account(dec!(100), dec!(100), dec!(0), due), d(2026, 3, 2)), (InvoiceStatus::Credited, 0));
    // nothing was ever owed (a final invoice whose deposits cover it): paid
    assert_eq!(st(&account(dec!(0), dec!(0), dec!(0), due), d(2026, 3, 2)), (InvoiceStatus::Paid, 0));
    let json: BTreeSet<String> = [
        InvoiceStatus::Draft,
        InvoiceStatus::IssuedUnpaid,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
        InvoiceStatus::Overdue,
        InvoiceStatus::Credited,
    ]
    .iter()
    .map(|s| serde_json::to_string(s).unwrap())
    .collect();
    assert!(json.contains("\"issued_unpaid\"") && json.contains("\"partially_paid\"") && json.contains("\"credited\""));
}

#[test]
fn aging_bucket_boundaries() {
    let mut b = AgingBuckets::default();
    for (days, cents) in [(-5, 1), (0, 2), (1, 4), (30, 8), (31, 16), (60, 32), (61, 64), (90, 128), (91, 256), (400, 512)] {
        b.add(days, Decimal::new(cents, 2)).unwrap();
    }
    assert_eq!(b.not_due, dec!(0.03));
    assert_eq!(b.days_1_30, dec!(0.12));
    assert_eq!(b.days_31_60, dec!(0.48));
    assert_eq!(b.days_61_90, dec!(1.92));
    assert_eq!(b.days_over_90, dec!(7.68));
    assert_eq!(b.total, dec!(10.23));
    assert_eq!(b.not_due + b.days_1_30 + b.days_31_60 + b.days_61_90 + b.days_over_90, b.total);
}

#[test]
fn aging_of_a_ledger_by_customer() {
    let mut a = account(dec!(100), dec!(0), dec!(0), d(2026, 1, 31));
    let mut b = account(dec!(50), dec!(0), dec!(20), d(2026, 1, 1));
    b.number = "F-2".into();
    b.customer_id = "C2".into();
    let mut c = account(dec!(10), dec!(0), dec!(10), d(2025, 1, 1));
    c.number = "F-3".into();
    a.status = invoice_status(&a, d(2026, 3, 2)).0;
    let ledger = Ledger {
        as_of: d(2026, 3, 2),
        invoices: vec![a, b, c],
        credit_notes: vec![],
        payments: vec![],
        refunds: vec![],
        customers: vec![],
    };
    let g = aging::aging(&ledger).unwrap();
    // F-1: 30 days late; F-2: 60 days late; F-3 paid
    assert_eq!((g.total.days_1_30, g.total.days_31_60, g.total.total), (dec!(100), dec!(30), dec!(130)));
    assert_eq!(g.customers.len(), 2);
    assert_eq!((g.customers[0].customer_id.as_str(), g.customers[0].buckets.total), ("C1", dec!(100)));
    assert_eq!(g.total.total, ledger.outstanding().unwrap());
}

#[test]
fn rule_codes_are_unique_and_sourced() {
    let mut seen = BTreeSet::new();
    for r in RULES {
        assert!(seen.insert(r.code), "duplicate code {}", r.code);
        assert!(!r.source.trim().is_empty(), "{} has no source", r.code);
        assert!(
            crate::documents::legal::RULES.iter().all(|l| l.code != r.code || l.source == r.source),
            "{} clashes with a legal rule",
            r.code
        );
    }
}

#[test]
fn empty_input_gives_an_empty_report() {
    let r = receivables(&ReceivablesInput::default(), d(2026, 3, 16)).unwrap();
    assert!(r.invoices.is_empty() && r.reminders.is_empty() && r.customers.is_empty());
    assert_eq!(r.aging.total.total, dec!(0));
    assert_eq!(r.cash.flow.period.from, d(2026, 3, 1));
    let e = crate::json::from_str::<ReceivablesInput>(r#"{"invoices": [], "unknown": 1}"#).unwrap_err();
    assert_eq!(e.code(), "parse");
    let e = crate::json::from_str::<ReceivablesInput>(
        r#"{"payments": [{"id": "P1", "customer_id": "C1", "date": "2026-01-01", "amount": 1.5, "mode": "cash"}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("payments[0].amount"));
}

#[test]
fn every_input_problem_is_reported_at_once() {
    let input: ReceivablesInput = crate::json::from_str(
        r#"{
            "payments": [{"id": "P1", "customer_id": "C1", "date": "2026-01-01", "amount": "-1", "mode": "cash"}],
            "refunds": [{"id": "R1", "customer_id": "C1", "date": "2026-01-02", "amount": "1", "mode": "transfer"}],
            "dunning": {"steps": [{"level": "a", "kind": "firm", "offset_days": 7}, {"level": "a", "kind": "firm", "offset_days": 1}]},
            "rates": {"legal_interest": {"half_years": [{"half_year_from": "2026-07-02", "natural_person_rate": "1", "other_cases_rate": "1"}], "verified_until": "2026-12-31"}},
            "period": {"from": "2026-02-01", "to": "2026-01-01"}
        }"#,
    )
    .unwrap();
    let e = receivables(&input, d(2026, 3, 16)).unwrap_err();
    let paths: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "rates.legal_interest.half_years[0].half_year_from",
            "dunning.steps[1].level",
            "dunning.steps[1].offset_days",
            "period",
            "payments[0].amount",
            "refunds[0].amount",
        ]
    );
}
