//! Credit notes against what is left of an invoice (issue 11, items 1, 5 and 6).

use super::*;
use crate::documents::deposit::final_invoice;
use crate::documents::invoice::issue;
use crate::documents::numbering::NumberingState;
use crate::testkit::{buyer, date as d, seller};
use rust_decimal_macros::dec;

fn line(id: &str, quantity: Decimal, price: Decimal, rate: Decimal, supply: SupplyKind) -> Line {
    Line {
        id: id.into(),
        description: format!("Article {id}"),
        quantity,
        unit: "C62".into(),
        unit_price: price,
        discount: None,
        vat_category: VatCategory::S,
        vat_rate: rate,
        supply,
        allowances: Vec::new(),
        charges: Vec::new(),
        price_base_quantity: None,
        gross_price: None,
    }
}

use crate::line::SupplyKind;

/// 10 × 100.00 € of services at 20 % and 20 × 25.00 € of goods at 5.5 %.
fn operation() -> InvoiceDraft {
    InvoiceDraft::new(
        seller(),
        buyer(),
        vec![
            line("1", dec!(10), dec!(100.00), dec!(20), SupplyKind::Services),
            line("2", dec!(20), dec!(25.00), dec!(5.5), SupplyKind::Goods),
        ],
    )
}

/// Issues drafts one after the other in one series.
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

fn amount(amount: Decimal, rate: Decimal) -> CreditSelection {
    CreditSelection::Amount { amount, vat_category: VatCategory::S, vat_rate: rate, reason: "Geste commercial".into() }
}

fn lines(picks: &[(&str, Decimal)]) -> CreditSelection {
    CreditSelection::Lines(picks.iter().map(|(id, q)| CreditLine { line_id: (*id).into(), quantity: *q }).collect())
}

#[test]
fn several_credit_notes_never_credit_a_vat_group_beyond_the_invoice() {
    let mut s = Series::new();
    let inv = s.issue(operation());
    // 600 + 400 = the whole 1 000.00 of the 20 % group: allowed
    let a = s.issue(credit_note(&inv, &amount(dec!(600.00), dec!(20)), &[]).unwrap());
    let b = s.issue(credit_note(&inv, &amount(dec!(400.00), dec!(20)), std::slice::from_ref(&a)).unwrap());
    // one cent more, one note at a time, was accepted before: now refused
    let e = credit_note(&inv, &amount(dec!(0.01), dec!(20)), &[a.clone(), b.clone()]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.exceeds_remaining", Some("selection.amount")));
    // the 5.5 % group is untouched
    assert!(credit_note(&inv, &amount(dec!(500.00), dec!(5.5)), &[a.clone(), b.clone()]).is_ok());
    // crediting by lines counts what the amount notes took from the group
    let e = credit_note(&inv, &lines(&[("1", dec!(1))]), &[a.clone(), b.clone()]).unwrap_err();
    assert_eq!(e.code(), "credit_note.exceeds_remaining");
    // a full credit note now credits only the 5.5 % group
    let full = credit_note(&inv, &CreditSelection::Full, &[a.clone(), b.clone()]).unwrap();
    let t = full.totals(d(2026, 3, 2)).unwrap();
    assert_eq!((t.total_excl_tax, t.vat_total), (dec!(500.00), dec!(27.50)));
    let c = s.issue(full);
    let e = credit_note(&inv, &CreditSelection::Full, &[a, b, c]).unwrap_err();
    assert_eq!(e.code(), "credit_note.nothing_left");
}

#[test]
fn credited_quantities_add_up_across_credit_notes() {
    let mut s = Series::new();
    let inv = s.issue(operation());
    let a = s.issue(credit_note(&inv, &lines(&[("1", dec!(6))]), &[]).unwrap());
    assert!(credit_note(&inv, &lines(&[("1", dec!(4))]), std::slice::from_ref(&a)).is_ok());
    let e = credit_note(&inv, &lines(&[("1", dec!(4.0001))]), std::slice::from_ref(&a)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.quantity.out_of_range", Some("selection[0].quantity")));
}

#[test]
fn credit_notes_of_other_invoices_are_ignored_and_each_is_given_once() {
    let mut s = Series::new();
    let inv = s.issue(operation());
    let other = s.issue(operation());
    let of_other = s.issue(credit_note(&other, &CreditSelection::Full, &[]).unwrap());
    assert!(credit_note(&inv, &CreditSelection::Full, std::slice::from_ref(&of_other)).is_ok());
    let a = s.issue(credit_note(&inv, &amount(dec!(1.00), dec!(20)), &[]).unwrap());
    let e = credit_note(&inv, &amount(dec!(1.00), dec!(20)), &[a.clone(), a]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.earlier.invalid", Some("credit_notes[1]")));
}

#[test]
fn a_full_credit_note_of_a_final_invoice_leaves_the_deposits_vat() {
    let mut s = Series::new();
    let mut dep = operation();
    dep.kind = InvoiceKind::Deposit;
    dep.lines = vec![line("A1", dec!(1), dec!(300.00), dec!(20), SupplyKind::Services)];
    let dep = s.issue(dep);
    let fin = s.issue(final_invoice(operation(), std::slice::from_ref(&dep), &[]).unwrap());
    let g20 = |t: &crate::totals::Totals| t.vat_breakdown.iter().find(|g| g.rate == dec!(20)).map(|g| (g.basis, g.vat));
    assert_eq!(g20(fin.totals()), Some((dec!(1000.00), dec!(200.00))));
    let cn = credit_note(&fin, &CreditSelection::Full, &[]).unwrap();
    assert!(cn.deposits.is_empty());
    let t = cn.totals(d(2026, 3, 2)).unwrap();
    // 1 000 − 300 deposited at 20 %, and the whole 5.5 % group: the 60.00 of VAT invoiced on the
    // deposit stays, to be cancelled by a credit note of the deposit invoice itself
    assert_eq!(g20(&t), Some((dec!(700.00), dec!(140.00))));
    assert_eq!(t.total_incl_tax, fin.totals().amount_due);
    // crediting every line of the final invoice would cancel the deposit's VAT too: refused
    let e = credit_note(&fin, &lines(&[("1", dec!(10)), ("2", dec!(20))]), &[]).unwrap_err();
    assert_eq!(e.code(), "credit_note.exceeds_remaining");
}

#[test]
fn lump_credits_take_goods_or_services_from_the_lines_of_their_vat_group() {
    let mut s = Series::new();
    let inv = s.issue(operation());
    // the 5.5 % group holds goods only: its credit note is for goods (242 nonies A I-8° bis)
    let cn = credit_note(&inv, &amount(dec!(50.00), dec!(5.5)), &[]).unwrap();
    assert_eq!(cn.lines.iter().map(|l| l.supply).collect::<Vec<_>>(), [SupplyKind::Goods]);
    // a mixed group is split pro rata of its goods and services, to the cent
    let mut op = operation();
    op.lines.push(line("3", dec!(1), dec!(500.00), dec!(20), SupplyKind::Goods));
    let inv = s.issue(op);
    let cn = credit_note(&inv, &amount(dec!(100.00), dec!(20)), &[]).unwrap();
    let parts: Vec<_> = cn.lines.iter().map(|l| (l.supply, l.unit_price)).collect();
    assert_eq!(parts, [(SupplyKind::Goods, dec!(33.33)), (SupplyKind::Services, dec!(66.67))]);
}
