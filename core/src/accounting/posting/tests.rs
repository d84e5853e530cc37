use rust_decimal_macros::dec;

use super::*;
use crate::documents::invoice::issue;
use crate::documents::numbering::NumberingState;
use crate::line::Line;
use crate::testkit::{date, sample_draft, service_line};

/// A VAT group mixing goods and services is split pro rata of its line nets.
#[test]
fn a_mixed_group_is_split_between_issue_and_receipt() {
    let mut d = sample_draft(1).unwrap();
    d.seller.vat_regime = VatRegime::Normal;
    d.charges.clear();
    d.allowances.clear();
    d.lines = vec![service_line("1", dec!(300)), Line { supply: SupplyKind::Goods, ..service_line("2", dec!(100)) }];
    let (inv, _) = issue(d, &NumberingState::new("i", "F-{YYYY}-{SEQ}").unwrap(), date(2026, 3, 1)).unwrap();
    let s = split_groups(&inv, InvoiceKind::Standard).unwrap();
    let g = s.get(&(VatCategory::S, dec!(20))).unwrap();
    assert_eq!(g.on_receipt, Amounts { basis: dec!(300.00), vat: dec!(60.00) });
    assert_eq!(g.at_issue, Amounts { basis: dec!(100.00), vat: dec!(20.00) });
    // a deposit for goods waits for its payment too (CGI 269-2-a since 2023)
    let s = split_groups(&inv, InvoiceKind::Deposit).unwrap();
    assert_eq!(s.get(&(VatCategory::S, dec!(20))).unwrap().at_issue, Amounts::default());
}

#[test]
fn shares_are_exact_at_the_end() {
    let a = Amounts { basis: dec!(100.00), vat: dec!(20.00) };
    assert_eq!(a.share(dec!(1), dec!(3), "x").unwrap(), Amounts { basis: dec!(33.33), vat: dec!(6.67) });
    assert_eq!(a.share(dec!(5), dec!(3), "x").unwrap(), a);
}
