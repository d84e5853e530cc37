use super::*;
use crate::contracts::contract::IndexationClause;
use crate::contracts::fixtures::{contract, d, dec};

#[test]
fn the_syntec_formula() {
    // P1 = P0 × (0.15 + 0.85 × S1/S0): 1 000 × (0.15 + 0.85 × 330 / 300) = 1 000 × 1.085 = 1 085.00
    assert_eq!(indexed_price(dec("1000"), dec("300"), dec("330"), dec("0.15")).unwrap(), dec("1085.00"));
    // 99.99 × (0.15 × 274.3 + 0.85 × 283.1) / 274.3 = 99.99 × (41.145 + 240.635) / 274.3
    //   = 99.99 × 281.78 / 274.3 = 28 175.1822 / 274.3 = 102.7166… → 102.72
    assert_eq!(indexed_price(dec("99.99"), dec("274.3"), dec("283.1"), dec("0.15")).unwrap(), dec("102.72"));
    // a price with more decimals keeps them (at most 6): 0.0125 × 1.085 = 0.0135625 → 0.0136 (4 decimals)
    assert_eq!(indexed_price(dec("0.0125"), dec("300"), dec("330"), dec("0.15")).unwrap(), dec("0.0136"));
    // an index falling lowers the price: 100 × (0.15 + 0.85 × 270 / 300) = 100 × 0.915 = 91.50
    assert_eq!(indexed_price(dec("100"), dec("300"), dec("270"), dec("0.15")).unwrap(), dec("91.50"));
}

#[test]
fn revisions_chain_and_are_a_year_apart() {
    let mut c = contract("C1", "A", d(2026, 1, 1), "1000");
    c.first_term = crate::contracts::Term::Indefinite;
    c.indexation = Some(IndexationClause { index: "Syntec".into(), base_value: dec("300"), fixed_part: dec("0.15") });
    let v = |y, m, value: &str| IndexValue { index: "Syntec".into(), date: d(y, m, 1), value: dec(value) };
    let values = [
        v(2026, 11, "330"),
        v(2027, 11, "363"),
        v(2026, 12, "999"),
        IndexValue { index: "Other".into(), date: d(2026, 12, 1), value: dec("1") },
    ];
    let e = revise(&c, d(2026, 12, 31), d(2026, 12, 1), &values).unwrap_err();
    assert_eq!(e.code(), "contract.indexation.too_early");
    assert!(e.to_string().contains("2027-01-01"));
    // the latest value known on 01/01/2027 among those given: 330 (01/11/2026)
    let r = revise(&c, d(2027, 1, 1), d(2026, 12, 31), &values[..2]).unwrap();
    assert_eq!(r.amendments[0].changes, vec![crate::contracts::fixtures::price("1", "1085.00")]);
    // the second revision starts from the first one's value: 1 085 × (0.15 + 0.85 × 363 / 330)
    //   = 1 085 × (0.15 + 0.935) = 1 085 × 1.085 = 1 177.225 → 1 177.23
    let r2 = revise(&r, d(2028, 1, 1), d(2027, 12, 31), &values[..2]).unwrap();
    assert_eq!(r2.amendments[1].changes, vec![crate::contracts::fixtures::price("1", "1177.23")]);
    assert_eq!(r2.amendments[1].indexation.as_ref().map(|x| x.previous_value), Some(dec("330")));
    assert_eq!(crate::contracts::check_contract(&r2), vec![]);
    let e = revise(&r, d(2028, 1, 1), d(2027, 12, 31), &[v(2027, 11, "-3")]).unwrap_err();
    assert_eq!(e.code(), "contract.indexation.value_invalid");
    let e = revise(&contract("C2", "A", d(2026, 1, 1), "1"), d(2027, 1, 1), d(2027, 1, 1), &values).unwrap_err();
    assert_eq!(e.code(), "contract.indexation.no_clause");
}
