use super::*;
use crate::contracts::amendment::Change;
use crate::contracts::fixtures::{amendment, contract, d, dec, line, maintenance};

fn codes(v: &[Violation]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v.iter().map(|x| (x.code.clone(), x.path.clone())).collect();
    out.sort();
    out
}

#[test]
fn the_examples_are_valid() {
    assert_eq!(check_contract(&maintenance()), vec![]);
    assert_eq!(check_contract(&crate::contracts::fixtures::consumer()), vec![]);
    assert_eq!(check_contract(&contract("C1", "A", d(2026, 1, 1), "100")), vec![]);
}

#[test]
fn every_violation_is_reported_with_its_code_path_and_source() {
    let mut c = contract("", " ", d(2026, 1, 1), "-5");
    c.currency = Currency("euro".into());
    c.first_term = Term::Months(3);
    c.renewal.notice = Notice::Months(4);
    c.lines.push(line("1", "1.23456", "10", BillingFrequency::MultiYear(1)));
    c.lines[1].vat_rate = dec("19.6");
    c.discounts.push(RecurringDiscount {
        id: "r".into(),
        description: "Remise".into(),
        value: Discount::Percent(dec("120")),
        line_id: Some("9".into()),
        from: Some(d(2026, 5, 1)),
        until: Some(d(2026, 4, 1)),
    });
    c.pauses = vec![Pause { from: d(2026, 3, 1), until: Some(d(2026, 2, 1)) }, Pause { from: d(2026, 1, 15), until: None }];
    c.trial_until = Some(d(2025, 12, 1));
    c.termination = Some(Termination {
        notified_on: d(2026, 6, 1),
        effective: d(2026, 5, 1),
        reason: ChurnReason::Other,
        reason_text: None,
        by: TerminatedBy::Customer,
    });
    c.signed_document = Some(SignedDocument { uri: "s3://x".into(), sha256: "abc".into() });
    c.amendments.push(amendment(1, d(2025, 6, 1), vec![Change::SetQuantity { line_id: "nope".into(), quantity: dec("-1") }]));
    let v = check_contract(&c);
    let expected = [
        ("contract.id.invalid", "id"),
        ("contract.customer_id.missing", "customer_id"),
        ("currency.invalid", "currency"),
        ("contract.notice.invalid", "renewal.notice"),
        ("contract.line.unit_price.negative", "lines[0].unit_price"),
        ("contract.line.id.invalid", "lines[1].id"),
        ("decimal.precision", "lines[1].quantity"),
        ("vat.rate.not_allowed", "lines[1].vat_rate"),
        ("contract.billing.invalid", "lines[1].billing"),
        ("contract.discount.invalid", "discounts[0].value"),
        ("contract.discount.invalid", "discounts[0].line_id"),
        ("contract.discount.invalid", "discounts[0].until"),
        ("contract.trial.invalid", "trial_until"),
        ("contract.pause.invalid", "pauses[0].until"),
        ("contract.pause.invalid", "pauses[0].from"),
        ("contract.termination.invalid", "termination.effective"),
        ("contract.termination.invalid", "termination.reason_text"),
        ("contract.signed_document.invalid", "signed_document.sha256"),
        ("contract.amendment.before_start", "amendments[0].effective"),
        ("contract.amendment.reference.unknown", "amendments[0].changes[0].set_quantity.line_id"),
        ("contract.line.quantity.negative", "amendments[0].changes[0].set_quantity.quantity"),
    ];
    let mut want: Vec<(String, String)> = expected.iter().map(|(c, p)| ((*c).to_owned(), (*p).to_owned())).collect();
    want.sort();
    assert_eq!(codes(&v), want, "{v:#?}");
    // each violation carries the source of its rule
    assert!(v.iter().all(|x| !x.source.is_empty()));
    let notice = v.iter().find(|x| x.code == "contract.notice.invalid").map(|x| x.source.as_str());
    assert_eq!(notice, Some(NOTICE.source));
}

#[test]
fn a_list_is_checked_under_its_paths_and_ids_are_unique() {
    let a = contract("C1", "A", d(2026, 1, 1), "100");
    let mut b = contract("C1", "B", d(2026, 1, 1), "100");
    b.lines[0].description = String::new();
    let e = check_contracts(&[a, b]).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert_eq!(
        codes(e.violations()),
        vec![
            ("contract.id.invalid".to_owned(), "contracts[1].id".to_owned()),
            ("contract.line.description.missing".to_owned(), "contracts[1].lines[0].description".to_owned())
        ]
    );
}

#[test]
fn json_is_strict() {
    let text = include_str!("../examples/maintenance.json");
    let c: Contract = crate::json::from_str(text).unwrap();
    assert_eq!(c.lines[0].unit_price, dec("200.00"));
    assert_eq!(c.renewal, RenewalClause { tacit: true, term: RenewalTerm::SameAsFirst, notice: Notice::Months(3) });
    // round trip
    let again: Contract = crate::json::from_str(&crate::json::to_string_pretty(&c).unwrap()).unwrap();
    assert_eq!(again, c);
    // an unknown field, a binary float
    let e = crate::json::from_str::<Contract>(&text.replacen("\"kind\": \"maintenance\"", "\"kind\": \"maintenance\", \"colour\": 1", 1))
        .unwrap_err();
    assert_eq!(e.code(), "parse");
    let e = crate::json::from_str::<Contract>(&text.replacen("\"200.00\"", "200.5", 1)).unwrap_err();
    assert_eq!(e.path(), Some("lines[0].unit_price"));
    // indefinite terms and notices in days
    let t: Term = serde_json::from_str("\"indefinite\"").unwrap();
    assert_eq!(t, Term::Indefinite);
    let n: Notice = serde_json::from_str(r#"{"days": 30}"#).unwrap();
    assert_eq!(n, Notice::Days(30));
    let b: BillingFrequency = serde_json::from_str(r#"{"multi_year": 3}"#).unwrap();
    assert_eq!(b.months(), 36);
}

#[test]
fn refusal_deadlines() {
    // term ending 31/12, 3 months' notice: a notice given on 30/09 expires on 30/12, one given on
    // 01/10 on 01/01 (too late): the deadline is 30/09
    assert_eq!(Notice::Months(3).deadline(d(2026, 12, 31)), d(2026, 9, 30));
    // term ending 28/02/2027, 1 month: 31/01 + 1 month = 28/02 (clamped), 01/02 + 1 month = 01/03
    assert_eq!(Notice::Months(1).deadline(d(2027, 2, 28)), d(2027, 1, 31));
    // 30 days: 01/12 + 30 days = 31/12
    assert_eq!(Notice::Days(30).deadline(d(2026, 12, 31)), d(2026, 12, 1));
    assert_eq!(Notice::Months(1).expires(d(2026, 1, 31)), d(2026, 2, 28));
    for (end, n) in [(d(2026, 12, 31), 3), (d(2027, 2, 28), 1), (d(2028, 2, 29), 2), (d(2026, 4, 30), 1)] {
        let deadline = Notice::Months(n).deadline(end);
        assert!(Notice::Months(n).expires(deadline) <= end);
        assert!(Notice::Months(n).expires(deadline.succ_opt().unwrap()) > end);
    }
}

#[test]
fn notice_fits_the_term() {
    let mut c = contract("C1", "A", d(2026, 1, 31), "10");
    c.first_term = Term::Months(1);
    c.renewal.notice = Notice::Days(27);
    assert_eq!(check_contract(&c), vec![]); // 31/01 + 27 days = 27/02, the term's last day
    c.renewal.notice = Notice::Days(28);
    assert_eq!(codes(&check_contract(&c)), vec![("contract.notice.invalid".to_owned(), "renewal.notice".to_owned())]);
    c.renewal.notice = Notice::Months(1);
    assert_eq!(check_contract(&c).len(), 1);
}
