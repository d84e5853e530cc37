//! Final invoices deduct what remains of their own deposits (issue 11, items 2 and 5).

use super::*;
use crate::documents::credit_note::{CreditSelection, credit_note};
use crate::documents::invoice::issue;
use crate::documents::numbering::NumberingState;
use crate::line::SupplyKind;
use crate::testkit::{buyer, date as d, seller};
use rust_decimal_macros::dec;

fn line(id: &str, price: Decimal, rate: Decimal, supply: SupplyKind) -> Line {
    Line {
        id: id.into(),
        description: format!("Article {id}"),
        quantity: Decimal::ONE,
        unit: "C62".into(),
        unit_price: price,
        discount: None,
        vat_category: VatCategory::S,
        vat_rate: rate,
        supply,
    }
}

/// 1 000.00 € of services and 500.00 € of goods at 20 %, 200.00 € of goods at 5.5 %.
fn operation() -> InvoiceDraft {
    InvoiceDraft::new(
        seller(),
        buyer(),
        vec![
            line("1", dec!(1000.00), dec!(20), SupplyKind::Services),
            line("2", dec!(500.00), dec!(20), SupplyKind::Goods),
            line("3", dec!(200.00), dec!(5.5), SupplyKind::Goods),
        ],
    )
}

struct Series(NumberingState);

impl Series {
    fn new() -> Series {
        Series(NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap())
    }
    fn issue(&mut self, draft: InvoiceDraft) -> IssuedInvoice {
        let (inv, next) = issue(draft, &self.0, d(2026, 3, 2)).unwrap();
        self.0 = next;
        inv
    }
}

fn deposit_of(op: &InvoiceDraft, percent: Decimal) -> InvoiceDraft {
    let totals = op.totals(d(2026, 3, 2)).unwrap();
    let lines = deposit_lines(&op.lines, &totals, &[], DepositSpec::Percent(percent), "sur commande n° 42").unwrap();
    InvoiceDraft { kind: InvoiceKind::Deposit, lines, ..op.clone() }
}

#[test]
fn deposit_lines_are_goods_or_services_as_the_operation_is() {
    let lines = deposit_of(&operation(), dec!(30)).lines;
    let got: Vec<_> = lines.iter().map(|l| (l.vat_rate, l.supply, l.unit_price)).collect();
    // 30 % of 1 500.00 at 20 % split 2:1 between services and goods; the 5.5 % group is goods
    assert_eq!(
        got,
        [
            (dec!(5.5), SupplyKind::Goods, dec!(60.00)),
            (dec!(20), SupplyKind::Goods, dec!(150.00)),
            (dec!(20), SupplyKind::Services, dec!(300.00)),
        ]
    );
    assert_eq!(InvoiceDraft { lines, ..operation() }.supply_category(), crate::documents::draft::SupplyCategory::Mixed);
}

#[test]
fn a_partly_credited_deposit_is_deducted_for_what_remains() {
    let mut s = Series::new();
    let dep = s.issue(deposit_of(&operation(), dec!(30)));
    let gesture = CreditSelection::Amount {
        amount: dec!(100.00),
        vat_category: VatCategory::S,
        vat_rate: dec!(20),
        reason: "Annulation partielle".into(),
    };
    let cn = s.issue(credit_note(&dep, &gesture, &[]).unwrap());
    let fin = final_invoice(operation(), std::slice::from_ref(&dep), std::slice::from_ref(&cn)).unwrap();
    let g20 = fin.deposits[0].groups.iter().find(|g| g.rate == dec!(20)).cloned();
    assert_eq!(g20, Some(DeductedGroup { category: VatCategory::S, rate: dec!(20), basis: dec!(350.00), vat: dec!(70.00) }));
    let t = s.issue(fin).totals().clone();
    // deducted: 350 + 70 at 20 %, 60 + 3.30 at 5.5 %
    assert_eq!(t.deposits_total, dec!(483.30));
}

#[test]
fn a_deposit_credited_in_full_is_refused() {
    let mut s = Series::new();
    let dep = s.issue(deposit_of(&operation(), dec!(30)));
    let cn = s.issue(credit_note(&dep, &CreditSelection::Full, &[]).unwrap());
    let e = final_invoice(operation(), std::slice::from_ref(&dep), std::slice::from_ref(&cn)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.credited", Some("deposits[0]")));
}

#[test]
fn a_deposit_of_another_buyer_or_seller_is_refused() {
    let mut s = Series::new();
    let mut other = operation();
    other.buyer.name = "Autre client SARL".into();
    other.buyer.siren = Some("732829320".into());
    other.buyer.vat_number = None;
    let dep = s.issue(deposit_of(&other, dec!(30)));
    let e = final_invoice(operation(), std::slice::from_ref(&dep), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.other_party", Some("deposits[0].buyer")));
    let mut other = operation();
    other.seller.siren = Some("732829320".into());
    other.seller.siret = None;
    other.seller.vat_number = Some("FR44732829320".into());
    let dep = Series::new().issue(deposit_of(&other, dec!(30)));
    let e = final_invoice(operation(), std::slice::from_ref(&dep), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.other_party", Some("deposits[0].seller")));
}

/// Issue 12, class 8: a forged accepted quote with huge amounts is an overflow error, never a
/// panic (every sum of deposit building is checked).
#[test]
fn huge_forged_amounts_are_an_overflow_error_not_a_panic() {
    let huge = |category| crate::totals::VatBreakdown {
        category,
        rate: dec!(20),
        basis: Decimal::MAX,
        vat: Decimal::MAX,
        exemption: None,
        deposit_basis: Decimal::ZERO,
        deposit_vat: Decimal::ZERO,
    };
    let mut totals = operation().totals(d(2026, 3, 2)).unwrap();
    totals.vat_breakdown = vec![huge(VatCategory::S), huge(VatCategory::Z)];
    for spec in [DepositSpec::Percent(dec!(30)), DepositSpec::AmountExclTax(dec!(1000.00))] {
        let e = deposit_lines(&operation().lines, &totals, &[], spec, "x").unwrap_err();
        assert_eq!(e.code(), "overflow", "{spec:?}: {e}");
    }
    // and forged earlier deposits beyond any range are an overflow too
    let previous = [DeductedGroup { category: VatCategory::S, rate: dec!(20), basis: Decimal::MIN, vat: Decimal::MIN }];
    let totals = operation().totals(d(2026, 3, 2)).unwrap();
    let e = deposit_lines(&operation().lines, &totals, &previous, DepositSpec::Percent(dec!(30)), "x").unwrap_err();
    assert_eq!(e.code(), "overflow");
}
