use super::*;
use crate::documents::credit_note::{CreditSelection, credit_note};
use crate::documents::draft::InvoiceDraft;
use crate::documents::invoice::issue;
use crate::documents::numbering::NumberingState;
use crate::money::Currency;
use crate::receivables::account::AllocationMethod;
use crate::receivables::account::CreditDraw;
use crate::receivables::account::FundsSource;
use crate::receivables::account::InvoiceStatus;
use crate::receivables::payment::Allocation;
use crate::receivables::payment::Payment;
use crate::receivables::payment::PaymentMode;
use crate::receivables::payment::ReceivableInvoice;
use crate::receivables::payment::Refund;
use crate::receivables::statement::EntryKind;
use crate::terms::PaymentTerms;
use crate::testkit::{buyer, seller, service_line};
use crate::vat::VatCategory;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

/// A draft of one service line of `net` excl. tax at 20 % (`net` × 1.2 incl. tax).
fn draft(net: Decimal) -> InvoiceDraft {
    InvoiceDraft { payment_terms: PaymentTerms::NetDays { days: 30 }, ..InvoiceDraft::new(seller(), buyer(), vec![service_line("1", net)]) }
}

struct World {
    invoices: Vec<ReceivableInvoice>,
    series: NumberingState,
    credits: NumberingState,
}

impl World {
    fn new() -> Self {
        World {
            invoices: vec![],
            series: NumberingState::continuous("invoices", "F-{SEQ}").unwrap(),
            credits: NumberingState::continuous("credit-notes", "AV-{SEQ}").unwrap(),
        }
    }

    /// Issues an invoice of `net` HT (× 1.2 TTC) for `customer` on `date`; returns its number.
    fn invoice(&mut self, customer: &str, net: Decimal, date: NaiveDate) -> String {
        let (inv, next) = issue(draft(net), &self.series, date).unwrap();
        self.series = next;
        let n = inv.number().to_owned();
        self.invoices.push(ReceivableInvoice::new(Some(customer.into()), inv));
        n
    }

    /// Credits `net` HT (× 1.2 TTC) of invoice `number` on `date`.
    fn credit(&mut self, number: &str, net: Decimal, date: NaiveDate) -> String {
        let original = self.invoices.iter().find(|i| i.invoice.number() == number).unwrap().clone();
        let sel = CreditSelection::Amount { amount: net, vat_category: VatCategory::S, vat_rate: dec!(20), reason: "Geste".into() };
        let (cn, next) = issue(credit_note(&original.invoice, &sel, &[]).unwrap(), &self.credits, date).unwrap();
        self.credits = next;
        let n = cn.number().to_owned();
        self.invoices.push(ReceivableInvoice::new(original.customer_id, cn));
        n
    }
}

fn pay(id: &str, customer: &str, date: NaiveDate, amount: Decimal) -> Payment {
    Payment {
        id: id.into(),
        customer_id: customer.into(),
        date,
        amount,
        currency: Currency::default(),
        mode: PaymentMode::Transfer,
        reference: None,
        allocations: vec![],
    }
}

fn to(mut p: Payment, invoice: &str, amount: Decimal) -> Payment {
    p.allocations.push(Allocation { invoice: invoice.into(), amount });
    p
}

fn refund(id: &str, customer: &str, date: NaiveDate, amount: Decimal) -> Refund {
    Refund {
        id: id.into(),
        customer_id: customer.into(),
        date,
        amount,
        currency: Currency::default(),
        mode: PaymentMode::Transfer,
        reference: None,
    }
}

/// Every cent of every payment and credit note is accounted for, per customer too.
fn assert_conserved(l: &Ledger) {
    for p in &l.payments {
        assert_eq!(p.allocated + p.refunded + p.credit, p.amount, "{}", p.id);
        assert_eq!(p.allocations.iter().map(|a| a.amount).sum::<Decimal>(), p.allocated);
    }
    for c in &l.credit_notes {
        assert_eq!(c.allocated + c.refunded + c.credit, c.amount, "{}", c.number);
    }
    for c in &l.customers {
        assert_eq!(c.balance, c.outstanding - c.credit, "{}", c.customer_id);
        assert_eq!(c.balance, c.invoiced - c.credited - c.received + c.refunded);
    }
    for i in &l.invoices {
        assert!(i.outstanding >= Decimal::ZERO);
        assert_eq!(i.amount_due - i.credited - i.paid, i.outstanding);
    }
}

#[test]
fn exact_payment_settles_the_invoice() {
    let mut w = World::new();
    let n = w.invoice("C1", dec!(1000.00), d(2026, 1, 5));
    let l = allocate(&w.invoices, &[pay("P1", "C1", d(2026, 1, 20), dec!(1200.00))], &[], d(2026, 2, 1)).unwrap();
    let inv = l.invoice(&n).unwrap();
    assert_eq!(
        (inv.outstanding, inv.paid, inv.status, inv.settled_on),
        (dec!(0), dec!(1200.00), InvoiceStatus::Paid, Some(d(2026, 1, 20)))
    );
    assert_eq!(inv.settlements[0].method, AllocationMethod::OldestFirst);
    assert_eq!(l.payments[0].credit, dec!(0));
    assert_conserved(&l);
}

#[test]
fn unallocated_money_goes_to_the_oldest_due_date_first() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5)); // due 4 Feb
    let mut late = draft(dec!(100.00));
    late.payment_terms = PaymentTerms::NetDays { days: 10 };
    let (b_inv, next) = issue(late, &w.series, d(2026, 1, 10)).unwrap(); // due 20 Jan
    w.series = next;
    let b = b_inv.number().to_owned();
    w.invoices.push(ReceivableInvoice::new(Some("C1".into()), b_inv));
    let l = allocate(&w.invoices, &[pay("P1", "C1", d(2026, 1, 25), dec!(150.00))], &[], d(2026, 1, 25)).unwrap();
    assert_eq!(l.invoice(&b).unwrap().outstanding, dec!(0));
    assert_eq!(l.invoice(&a).unwrap().outstanding, dec!(90.00));
    assert_eq!(l.invoice(&a).unwrap().status, InvoiceStatus::PartiallyPaid);
    assert_conserved(&l);
}

#[test]
fn overpayment_becomes_credit_that_a_later_invoice_uses() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    let p = to(pay("P1", "C1", d(2026, 1, 10), dec!(200.00)), &a, dec!(120.00));
    let l = allocate(&w.invoices, std::slice::from_ref(&p), &[], d(2026, 1, 31)).unwrap();
    assert_eq!(l.payments[0].credit, dec!(80.00));
    assert_eq!(l.customers[0].credit, dec!(80.00));
    assert_eq!(l.customers[0].balance, dec!(-80.00));
    let b = w.invoice("C1", dec!(50.00), d(2026, 2, 2));
    let l = allocate(&w.invoices, &[p], &[], d(2026, 2, 2)).unwrap();
    let inv = l.invoice(&b).unwrap();
    assert_eq!((inv.outstanding, inv.status), (dec!(0), InvoiceStatus::Paid));
    assert_eq!(inv.settlements[0].reference, "P1");
    assert_eq!(inv.settlements[0].method, AllocationMethod::OldestFirst);
    assert_eq!((l.payments[0].allocated, l.payments[0].credit), (dec!(180.00), dec!(20.00)));
    assert_conserved(&l);
}

#[test]
fn refunds_draw_on_credit_and_never_exceed_it() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    let p = to(pay("P1", "C1", d(2026, 1, 10), dec!(150.00)), &a, dec!(120.00));
    let l = allocate(&w.invoices, std::slice::from_ref(&p), &[refund("R1", "C1", d(2026, 1, 12), dec!(30.00))], d(2026, 2, 1)).unwrap();
    assert_eq!((l.payments[0].refunded, l.payments[0].credit), (dec!(30.00), dec!(0)));
    assert_eq!(l.refunds[0].drawn, [CreditDraw { source: FundsSource::Payment, reference: "P1".into(), amount: dec!(30.00) }]);
    assert_conserved(&l);
    let e = allocate(&w.invoices, std::slice::from_ref(&p), &[refund("R1", "C1", d(2026, 1, 12), dec!(30.01))], d(2026, 2, 1)).unwrap_err();
    assert_eq!((e.violations()[0].code.as_str(), e.path()), ("refund.exceeds_credit", Some("refunds[0].amount")));
    // a refund before the overpayment has no credit to draw on
    let e = allocate(&w.invoices, &[p], &[refund("R1", "C1", d(2026, 1, 9), dec!(1))], d(2026, 2, 1)).unwrap_err();
    assert_eq!(e.path(), Some("refunds[0].amount"));
}

#[test]
fn credit_note_larger_than_what_is_owed_becomes_credit() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    let pays = [pay("P1", "C1", d(2026, 1, 10), dec!(60.00))];
    let cn = w.credit(&a, dec!(80.00), d(2026, 1, 15)); // 96.00 TTC, 60.00 owed
    let l = allocate(&w.invoices, &pays, &[], d(2026, 1, 31)).unwrap();
    let inv = l.invoice(&a).unwrap();
    assert_eq!((inv.credited, inv.paid, inv.outstanding, inv.status), (dec!(60.00), dec!(60.00), dec!(0), InvoiceStatus::Paid));
    let note = &l.credit_notes[0];
    assert_eq!((note.number.as_str(), note.amount, note.allocated, note.credit), (cn.as_str(), dec!(96.00), dec!(60.00), dec!(36.00)));
    assert_eq!(l.customers[0].credit, dec!(36.00));
    assert_conserved(&l);
    // a full credit note on an unpaid invoice: credited
    let b = w.invoice("C1", dec!(10.00), d(2026, 2, 1));
    w.credit(&b, dec!(10.00), d(2026, 2, 3));
    let l = allocate(&w.invoices, &[], &[], d(2026, 2, 3)).unwrap();
    // the earlier credit note's 36.00 paid b on its issue day, the new one became credit
    let inv = l.invoice(&b).unwrap();
    assert_eq!((inv.outstanding, inv.status), (dec!(0), InvoiceStatus::Credited));
    assert_conserved(&l);
}

#[test]
fn explicit_allocations_are_checked_with_their_paths() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    let b = w.invoice("C2", dec!(100.00), d(2026, 1, 5));
    let later = w.invoice("C1", dec!(100.00), d(2026, 1, 20));
    let pays = [
        to(pay("P1", "C1", d(2026, 1, 10), dec!(500.00)), &a, dec!(120.01)),
        to(to(pay("P2", "C1", d(2026, 1, 10), dec!(500.00)), &b, dec!(1)), "F-99", dec!(1)),
        to(pay("P3", "C1", d(2026, 1, 10), dec!(10.00)), &a, dec!(10.01)),
        to(pay("P4", "C1", d(2026, 1, 10), dec!(10.00)), &later, dec!(1)),
        to(pay("P5", "C1", d(2026, 1, 10), dec!(10.00)), &a, dec!(0)),
    ];
    let e = allocate(&w.invoices, &pays, &[], d(2026, 2, 1)).unwrap_err();
    let got: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
    assert_eq!(
        got,
        [
            ("payment.amount.invalid", "payments[4].allocations[0].amount"),
            ("payment.allocation.exceeds_outstanding", "payments[0].allocations[0].amount"),
            ("payment.allocation.other_customer", "payments[1].allocations[0].invoice"),
            ("payment.allocation.unknown_invoice", "payments[1].allocations[1].invoice"),
            ("payment.allocation.exceeds_payment", "payments[2].allocations"),
            ("payment.allocation.unknown_invoice", "payments[3].allocations[0].invoice"),
        ]
    );
    assert!(e.violations().iter().all(|v| !v.source.is_empty()));
}

#[test]
fn an_allocation_sees_earlier_payments() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    let pays = [
        to(pay("P1", "C1", d(2026, 1, 10), dec!(100.00)), &a, dec!(100.00)),
        to(pay("P2", "C1", d(2026, 1, 11), dec!(30.00)), &a, dec!(20.01)),
    ];
    let e = allocate(&w.invoices, &pays, &[], d(2026, 2, 1)).unwrap_err();
    assert_eq!(e.path(), Some("payments[1].allocations[0].amount"));
    let ok = [pays[0].clone(), to(pay("P2", "C1", d(2026, 1, 11), dec!(20.00)), &a, dec!(20.00))];
    let l = allocate(&w.invoices, &ok, &[], d(2026, 2, 1)).unwrap();
    assert_eq!(l.invoice(&a).unwrap().status, InvoiceStatus::Paid);
    assert_conserved(&l);
}

#[test]
fn facts_after_as_of_are_ignored_and_input_checks_have_paths() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    let mut usd = pay("P2", "C1", d(2026, 1, 6), dec!(5));
    usd.currency = Currency("USD".into());
    let pays = [pay("P1", "C1", d(2026, 3, 1), dec!(120.00)), usd, pay("P1", "", d(2026, 1, 7), dec!(1.001))];
    let e = allocate(&w.invoices, &pays, &[], d(2026, 2, 1)).unwrap_err();
    let got: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
    assert_eq!(
        got,
        [
            ("receivables.currency.unsupported", "payments[1].currency"),
            ("receivables.customer.missing", "payments[2].customer_id"),
            ("decimal.precision", "payments[2].amount"),
        ]
    );
    let l = allocate(&w.invoices, &pays[..1], &[], d(2026, 2, 1)).unwrap();
    assert!(l.payments.is_empty());
    assert_eq!(l.invoice(&a).unwrap().status, InvoiceStatus::IssuedUnpaid);
    let l = allocate(&w.invoices, &pays[..1], &[], d(2026, 1, 4)).unwrap();
    assert!(l.invoices.is_empty() && l.customers.is_empty());
}

#[test]
fn credit_notes_must_correct_an_invoice_of_the_same_customer() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    w.credit(&a, dec!(10.00), d(2026, 1, 8));
    // the credit note filed under another customer
    let mut moved = w.invoices.clone();
    moved[1].customer_id = Some("C2".into());
    let e = allocate(&moved, &[], &[], d(2026, 2, 1)).unwrap_err();
    assert_eq!(
        (e.violations()[0].code.as_str(), e.path()),
        ("credit_note.invoice.unknown", Some("invoices[1].invoice.content.preceding_invoice"))
    );
    assert!(e.violations()[0].message.contains("C2"), "{}", e.violations()[0].message);
    // its invoice missing from the inputs
    let e = allocate(&w.invoices[1..], &[], &[], d(2026, 2, 1)).unwrap_err();
    assert_eq!(e.path(), Some("invoices[0].invoice.content.preceding_invoice"));
    // the same number twice
    let twice = [w.invoices[0].clone(), w.invoices[0].clone()];
    let e = allocate(&twice, &[], &[], d(2026, 2, 1)).unwrap_err();
    assert_eq!((e.violations()[0].code.as_str(), e.path()), ("receivables.invoice.duplicate", Some("invoices[1].invoice.number")));
}

#[test]
fn customer_key_defaults_to_siren_then_name() {
    let mut w = World::new();
    w.invoice("C1", dec!(1), d(2026, 1, 5));
    let mut r = w.invoices[0].clone();
    r.customer_id = None;
    assert_eq!(r.customer(), "552100554");
    let mut content = r.invoice.content().clone();
    content.buyer.siren = None;
    let (inv, _) = issue(content, &w.series, d(2026, 1, 6)).unwrap();
    assert_eq!(ReceivableInvoice::new(None, inv).customer(), "Boulangerie Martin");
}

#[test]
fn statement_runs_in_booking_order() {
    let mut w = World::new();
    let a = w.invoice("C1", dec!(100.00), d(2026, 1, 5));
    w.credit(&a, dec!(10.00), d(2026, 1, 8));
    let l = allocate(
        &w.invoices,
        &[pay("P1", "C1", d(2026, 1, 8), dec!(200.00))],
        &[refund("R1", "C1", d(2026, 1, 9), dec!(50.00))],
        d(2026, 1, 31),
    )
    .unwrap();
    let c = &l.customers[0];
    let rows: Vec<(EntryKind, Decimal, Decimal, Decimal)> = c.entries.iter().map(|e| (e.kind, e.debit, e.credit, e.balance)).collect();
    assert_eq!(
        rows,
        [
            (EntryKind::Invoice, dec!(120.00), dec!(0), dec!(120.00)),
            (EntryKind::Payment, dec!(0), dec!(200.00), dec!(-80.00)),
            (EntryKind::CreditNote, dec!(0), dec!(12.00), dec!(-92.00)),
            (EntryKind::Refund, dec!(50.00), dec!(0), dec!(-42.00)),
        ]
    );
    // the payment paid the invoice at day's end after the credit note took its share
    let inv = l.invoice(&a).unwrap();
    assert_eq!((inv.credited, inv.paid), (dec!(12.00), dec!(108.00)));
    assert_conserved(&l);
}

#[test]
fn credit_notes_crediting_more_than_the_invoice_are_a_violation_not_credit() {
    // CGI 289 I-5, 272-1: two credit notes of 600 and 500 HT on an invoice of 1 000 HT
    let mut w = World::new();
    let f = w.invoice("C1", dec!(1000.00), d(2026, 1, 5));
    w.credit(&f, dec!(600.00), d(2026, 1, 10));
    assert!(allocate(&w.invoices, &[], &[], d(2026, 1, 31)).is_ok());
    let second = w.credit(&f, dec!(500.00), d(2026, 1, 12));
    let e = allocate(&w.invoices, &[], &[], d(2026, 1, 31)).unwrap_err();
    let v = e.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!((v[0].code.as_str(), v[0].path.as_str()), ("receivables.credit_notes.exceed_invoice", "invoices[2].invoice"));
    assert!(v[0].message.contains(&second) && v[0].message.contains("S 20 %"), "{}", v[0].message);
}

#[test]
fn a_public_buyers_period_runs_from_receipt_of_the_payment_request_and_an_unknown_receipt_is_a_warning() {
    use crate::party::BuyerKind;
    use crate::receivables::{ReceivablesInput, receivables};
    let public = |received: Option<NaiveDate>| {
        let mut w = World::new();
        let mut d0 = draft(dec!(1000.00));
        d0.buyer.kind = BuyerKind::Public;
        let (inv, _) = issue(d0, &w.series, d(2026, 1, 5)).unwrap();
        assert_eq!(inv.due_date(), d(2026, 2, 4));
        w.invoices.push(ReceivableInvoice { payment_request_received: received, ..ReceivableInvoice::new(Some("P".into()), inv) });
        ReceivablesInput { invoices: w.invoices, ..Default::default() }
    };
    // received 10 days after issue (CCP R2192-12): due 10 days later, interest from 15/02
    let r = receivables(&public(Some(d(2026, 1, 15))), d(2026, 3, 1)).unwrap();
    assert_eq!(r.invoices[0].due_date, d(2026, 2, 14));
    assert_eq!(r.interest.invoices[0].result.first_day, Some(d(2026, 2, 15)));
    assert!(r.warnings.is_empty());
    // unknown: the issue date, with a warning
    let r = receivables(&public(None), d(2026, 3, 1)).unwrap();
    assert_eq!(r.invoices[0].due_date, d(2026, 2, 4));
    assert_eq!(r.warnings.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(), ["receivables.payment_request.receipt_unknown"]);
    assert_eq!(r.warnings[0].path, "invoices[0].payment_request_received");
    // before the issue date, or for a business buyer: refused
    let e = receivables(&public(Some(d(2026, 1, 4))), d(2026, 3, 1)).unwrap_err();
    assert_eq!(e.violations()[0].code, "receivables.payment_request.invalid");
}

#[test]
fn debts_above_the_cash_limit_paid_in_cash_are_recorded_with_a_warning() {
    use crate::receivables::{ReceivablesInput, receivables};
    // C. mon. fin. L112-6, D112-3: 1 000 € for a professional debtor, whatever the split
    let mut w = World::new();
    let big = w.invoice("C1", dec!(1000.00), d(2026, 1, 5)); // 1 200,00 TTC
    let small = w.invoice("C1", dec!(500.00), d(2026, 1, 5)); // 600,00 TTC
    let cash = |id: &str, invoice: &str, amount: Decimal| {
        to(Payment { mode: PaymentMode::Cash, ..pay(id, "C1", d(2026, 1, 20), amount) }, invoice, amount)
    };
    let input = ReceivablesInput {
        invoices: w.invoices.clone(),
        payments: vec![cash("P1", &big, dec!(600.00)), cash("P2", &small, dec!(600.00))],
        ..Default::default()
    };
    let r = receivables(&input, d(2026, 1, 31)).unwrap();
    assert_eq!(r.payments.len(), 2, "recorded");
    let warn: Vec<(&str, &str)> = r.warnings.iter().map(|w| (w.code.as_str(), w.path.as_str())).collect();
    assert_eq!(warn, [("payments.cash.above_limit", "payments[0]")]);
    assert!(r.warnings[0].message.contains(&big), "{}", r.warnings[0].message);
}
