use super::*;
use crate::contracts::contract::{BillingFrequency, check_contract};
use crate::contracts::fixtures::{amendment, contract, d, dec, line, maintenance, price, quantity};
use crate::line::Discount;

#[test]
fn the_contract_as_of_any_date() {
    let c = maintenance();
    // before the start: upcoming, nothing counted
    let s = contract_as_of(&c, d(2025, 12, 31)).unwrap();
    assert_eq!((s.status, s.mrr), (ContractStatus::Upcoming, Decimal::ZERO));
    // 2 sites × 200 € = 400 €/month until avenant n° 1, 3 sites × 200 € = 600 € from 01/03
    let s = contract_as_of(&c, d(2026, 2, 28)).unwrap();
    assert_eq!((s.lines[0].quantity, s.mrr, s.amendments.clone()), (dec("2"), dec("400.00"), vec![]));
    let s = contract_as_of(&c, d(2026, 3, 1)).unwrap();
    assert_eq!((s.lines[0].quantity, s.mrr, s.amendments.clone()), (dec("3"), dec("600.00"), vec![1]));
    assert_eq!(s.term.map(|t| (t.number, t.from, t.to)), Some((0, d(2026, 1, 1), Some(d(2026, 12, 31)))));
    // the history itself is never rewritten
    assert_eq!(c.lines[0].quantity, dec("2"));
}

#[test]
fn amendments_apply_by_effective_date_then_number() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.lines.push(line("2", "1", "50", BillingFrequency::Monthly));
    // written out of order: n° 3 (01/04), n° 1 (01/02), n° 2 (01/02)
    c.amendments = vec![
        amendment(3, d(2026, 4, 1), vec![Change::RemoveLine { line_id: "2".into() }]),
        amendment(1, d(2026, 2, 1), vec![price("1", "120")]),
        amendment(2, d(2026, 2, 1), vec![price("1", "130"), quantity("2", "2")]),
    ];
    assert_eq!(check_contract(&c), vec![]);
    let at = |y, m, day| contract_as_of(&c, d(y, m, day)).unwrap();
    // January 100 + 50; February 130 (n° 2 after n° 1) + 2 × 50; April 130 alone
    assert_eq!(at(2026, 1, 31).mrr, dec("150"));
    assert_eq!(at(2026, 2, 1).mrr, dec("230"));
    assert_eq!(at(2026, 2, 1).amendments, vec![1, 2]);
    assert_eq!(at(2026, 4, 1).mrr, dec("130"));
    assert_eq!(at(2026, 4, 1).lines.len(), 1);
}

#[test]
fn lines_and_discounts_added_by_amendment() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    let mut annual = line("2", "1", "1200", BillingFrequency::Annual);
    annual.description = "Licence".into();
    let discount = RecurringDiscount {
        id: "promo".into(),
        description: "Remise de lancement".into(),
        value: Discount::Percent(dec("10")),
        line_id: None,
        from: None,
        until: Some(d(2026, 6, 30)),
    };
    c.amendments = vec![amendment(1, d(2026, 3, 1), vec![Change::AddLine(Box::new(annual)), Change::AddDiscount(Box::new(discount))])];
    assert_eq!(check_contract(&c), vec![]);
    // from 01/03: (100 + 1 200 / 12) × 90 % = (100 + 100) × 0.9 = 180; the discount ends 30/06
    assert_eq!(contract_as_of(&c, d(2026, 3, 1)).unwrap().mrr, dec("180.00"));
    assert_eq!(contract_as_of(&c, d(2026, 3, 1)).unwrap().discounts.len(), 1);
    assert_eq!(contract_as_of(&c, d(2026, 7, 1)).unwrap().mrr, dec("200.00"));
    assert_eq!(contract_as_of(&c, d(2026, 7, 1)).unwrap().discounts.len(), 0);
}

#[test]
fn the_history_is_checked() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "100");
    c.amendments = vec![
        amendment(1, d(2026, 2, 1), vec![Change::RemoveLine { line_id: "1".into() }]),
        amendment(1, d(2026, 3, 1), vec![price("1", "90")]),
        amendment(0, d(2025, 3, 1), vec![]),
        amendment(
            4,
            d(2026, 4, 1),
            vec![Change::SetTermEnd { date: d(2026, 3, 1) }, Change::AddLine(Box::new(line("1", "1", "5", BillingFrequency::Monthly)))],
        ),
    ];
    let mut v: Vec<(String, String)> = check_contract(&c).into_iter().map(|x| (x.code, x.path)).collect();
    v.sort();
    let mut want = vec![
        ("contract.amendment.number.invalid", "amendments[1].number"),
        ("contract.amendment.number.invalid", "amendments[2].number"),
        ("contract.amendment.before_start", "amendments[2].effective"),
        ("contract.amendment.empty", "amendments[2].changes"),
        // n° 1 (01/03) names line 1, removed on 01/02 by the other n° 1
        ("contract.amendment.reference.unknown", "amendments[1].changes[0].set_unit_price.line_id"),
        ("contract.amendment.term_end.invalid", "amendments[3].changes[0].set_term_end.date"),
    ];
    want.sort();
    assert_eq!(v, want.into_iter().map(|(a, b)| (a.to_owned(), b.to_owned())).collect::<Vec<_>>());
}

#[test]
fn json_of_changes() {
    let ch: Change = serde_json::from_str(r#"{"set_quantity": {"line_id": "1", "quantity": "3"}}"#).unwrap();
    assert_eq!(ch, quantity("1", "3"));
    assert!(serde_json::from_str::<Change>(r#"{"set_quantity": {"line_id": "1", "quantity": "3", "x": 1}}"#).is_err());
    let a: Amendment =
        serde_json::from_str(r#"{"number": 2, "effective": "2026-05-01", "changes": [{"remove_line": {"line_id": "1"}}]}"#).unwrap();
    assert_eq!((a.kind, a.signed()), (AmendmentKind::Avenant, d(2026, 5, 1)));
}
