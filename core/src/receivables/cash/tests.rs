use super::*;
use crate::documents::draft::InvoiceKind;
use crate::party::BuyerKind;
use crate::receivables::account::{InvoiceAccount, PaymentAccount};
use crate::receivables::payment::PaymentMode;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

fn inv(number: &str, customer: &str, due: NaiveDate, amount: Decimal, outstanding: Decimal, settled: Option<NaiveDate>) -> InvoiceAccount {
    InvoiceAccount {
        number: number.into(),
        customer_id: customer.into(),
        buyer_name: customer.into(),
        buyer_kind: BuyerKind::Business,
        kind: InvoiceKind::Standard,
        issue_date: due - Days::new(30),
        due_date: due,
        payment_request_received: None,
        judgment_enforceable: None,
        late_payment_rate: None,
        amount_due: amount,
        credited: dec!(0),
        paid: amount - outstanding,
        outstanding,
        status: if outstanding.is_zero() { InvoiceStatus::Paid } else { InvoiceStatus::IssuedUnpaid },
        days_late: 0,
        settled_on: settled,
        settlements: vec![],
    }
}

fn ledger(invoices: Vec<InvoiceAccount>) -> Ledger {
    Ledger { as_of: d(2026, 3, 1), invoices, credit_notes: vec![], payments: vec![], refunds: vec![], customers: vec![] }
}

#[test]
fn forecast_windows_and_overdue_in_the_first() {
    let l = ledger(vec![
        inv("F-1", "A", d(2026, 1, 15), dec!(100), dec!(100), None), // overdue: first window
        inv("F-2", "A", d(2026, 3, 31), dec!(200), dec!(50), None),  // J+30 exactly
        inv("F-3", "B", d(2026, 4, 1), dec!(300), dec!(300), None),  // J+31
        inv("F-4", "B", d(2026, 5, 30), dec!(400), dec!(400), None), // J+90
        inv("F-5", "B", d(2026, 5, 31), dec!(500), dec!(500), None), // later
    ]);
    let f = forecast(&l, false).unwrap();
    let rows: Vec<_> = f.windows.iter().map(|w| (w.horizon_days, w.until, w.expected, w.cumulative)).collect();
    assert_eq!(
        rows,
        [
            (30, d(2026, 3, 31), dec!(150), dec!(150)),
            (60, d(2026, 4, 30), dec!(300), dec!(450)),
            (90, d(2026, 5, 30), dec!(400), dec!(850)),
        ]
    );
    assert_eq!((f.later, f.total), (dec!(500), dec!(1350)));
}

#[test]
fn weighted_forecast_shifts_by_the_average_delay_never_earlier() {
    let l = ledger(vec![
        // A paid 10 and 21 days late: mean 15.5 → 16 days
        inv("P-1", "A", d(2025, 10, 1), dec!(1), dec!(0), Some(d(2025, 10, 11))),
        inv("P-2", "A", d(2025, 11, 1), dec!(1), dec!(0), Some(d(2025, 11, 22))),
        // B pays early: no shift
        inv("P-3", "B", d(2025, 11, 1), dec!(1), dec!(0), Some(d(2025, 10, 20))),
        inv("F-1", "A", d(2026, 3, 20), dec!(100), dec!(100), None), // 20 Mar + 16 = 5 Apr
        inv("F-2", "B", d(2026, 3, 20), dec!(100), dec!(100), None),
    ]);
    let f = forecast(&l, true).unwrap();
    assert_eq!(f.delays.len(), 2);
    assert_eq!((f.delays[0].paid_invoices, f.delays[0].average_delay_days, f.delays[0].shift_days), (2, 16, 16));
    assert_eq!((f.delays[1].average_delay_days, f.delays[1].shift_days), (-12, 0));
    assert_eq!((f.windows[0].expected, f.windows[1].expected), (dec!(100), dec!(100)));
    let f = forecast(&l, false).unwrap();
    assert_eq!((f.windows[0].expected, f.windows[1].expected), (dec!(200), dec!(0)));
}

#[test]
fn flow_over_a_period_and_unpaid_list() {
    let mut l = ledger(vec![
        inv("F-1", "A", d(2026, 3, 10), dec!(100), dec!(100), None), // issued 8 Feb
        inv("F-2", "B", d(2026, 2, 10), dec!(50), dec!(20), None),   // issued 11 Jan
    ]);
    l.payments.push(PaymentAccount {
        id: "P1".into(),
        customer_id: "B".into(),
        date: d(2026, 2, 3),
        amount: dec!(30),
        mode: PaymentMode::Card,
        reference: None,
        allocated: dec!(30),
        refunded: dec!(0),
        credit: dec!(0),
        allocations: vec![],
    });
    let f = cash_flow(&l, Period { from: d(2026, 2, 1), to: d(2026, 2, 28) }).unwrap();
    assert_eq!((f.invoiced, f.net_invoiced, f.collected, f.net_collected), (dec!(100), dec!(100), dec!(30), dec!(30)));
    assert_eq!(f.customers.len(), 2);
    let u = unpaid(&l);
    assert_eq!(u.iter().map(|x| x.invoice.as_str()).collect::<Vec<_>>(), ["F-2", "F-1"]);
    assert_eq!(Period::month_to_date(d(2026, 3, 16)), Period { from: d(2026, 3, 1), to: d(2026, 3, 16) });
    let mut v = vec![];
    check_period(&Period { from: d(2026, 3, 2), to: d(2026, 3, 1) }, "period", &mut v);
    assert_eq!(v[0].code, "cash.period.invalid");
}
