//! Receivables: property tests (≥ 1000 cases each), examples worked by hand and the sample
//! input `examples/receivables.json` (rewritten with `UPDATE_GOLDEN=1`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use facturier_core::documents::draft::InvoiceDraft;
use facturier_core::documents::numbering::NumberingState;
use facturier_core::line::SupplyKind;
use facturier_core::receivables::account::FundsSource;
use facturier_core::receivables::account::InvoiceStatus;
use facturier_core::receivables::cash::Period;
use facturier_core::receivables::dunning::{ReminderKind, SentReminder};
use facturier_core::receivables::interest::{InterestRegime, RateBasis};
use facturier_core::receivables::payment::{Allocation, PaymentMode, ReceivableInvoice, Refund};
use facturier_core::receivables::rates::{EcbRate, EcbTable};
use facturier_core::receivables::statement::EntryKind;
use facturier_core::receivables::{DraftInvoice, ReceivablesInput, ReceivablesReport, receivables};
use facturier_core::testkit::{receivables_input, scenario_day};
use facturier_core::{
    Address, Buyer, BuyerKind, CreditSelection, Decimal, IssuedInvoice, Line, NaiveDate, Payment, PaymentTerms, RateOverrides, VatCategory,
    credit_note, issue, json,
};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The input restricted to the facts dated on or before `as_of`.
fn known_by(input: &ReceivablesInput, as_of: NaiveDate) -> ReceivablesInput {
    let mut x = input.clone();
    x.invoices.retain(|r| r.invoice.issue_date() <= as_of);
    x.payments.retain(|p| p.date <= as_of);
    x.refunds.retain(|r| r.date <= as_of);
    x.reminders.retain(|r| r.date <= as_of);
    x
}

/// A permutation of `v` driven by `seed` (xorshift Fisher-Yates).
fn permute<T: Clone>(v: &[T], seed: u64) -> Vec<T> {
    let mut out = v.to_vec();
    let mut s = seed | 1;
    for i in (1..out.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.swap(i, (s % (i as u64 + 1)) as usize);
    }
    out
}

fn interest_by_invoice(r: &ReceivablesReport) -> BTreeMap<String, Decimal> {
    r.interest.invoices.iter().map(|i| (i.invoice.clone(), i.result.interest)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Every cent of every payment is accounted for: allocated + refunded + credit = received,
    /// per payment, per credit note and per customer (balance = outstanding − credit).
    #[test]
    fn payments_are_conserved(input in receivables_input(), day in 0u32..620) {
        let r = receivables(&input, scenario_day(day)).unwrap();
        for p in &r.payments {
            prop_assert_eq!(p.allocated + p.refunded + p.credit, p.amount, "{}", p.id);
            prop_assert_eq!(p.allocations.iter().map(|a| a.amount).sum::<Decimal>(), p.allocated);
            prop_assert!(p.credit >= Decimal::ZERO && p.refunded >= Decimal::ZERO);
        }
        for c in &r.credit_notes {
            prop_assert_eq!(c.allocated + c.refunded + c.credit, c.amount, "{}", c.number);
        }
        for rf in &r.refunds {
            prop_assert_eq!(rf.drawn.iter().map(|x| x.amount).sum::<Decimal>(), rf.amount);
        }
        for c in &r.customers {
            prop_assert_eq!(c.balance, c.outstanding - c.credit, "{}", &c.customer_id);
            prop_assert_eq!(c.balance, c.invoiced - c.credited - c.received + c.refunded);
            prop_assert_eq!(c.entries.last().map_or(Decimal::ZERO, |e| e.balance), c.balance);
            let paid: Decimal = r.payments.iter().filter(|p| p.customer_id == c.customer_id).map(|p| p.amount).sum();
            let allocated: Decimal = r.payments.iter().filter(|p| p.customer_id == c.customer_id).map(|p| p.allocated + p.refunded + p.credit).sum();
            prop_assert_eq!(paid, allocated);
        }
        // what the invoices received from payments is what the payments allocated
        let from_payments: Decimal = r.invoices.iter().flat_map(|i| &i.settlements).filter(|s| s.source == FundsSource::Payment).map(|s| s.amount).sum();
        prop_assert_eq!(from_payments, r.payments.iter().map(|p| p.allocated).sum::<Decimal>());
    }

    /// An invoice's outstanding never goes below zero nor above what it asked for.
    #[test]
    fn outstanding_never_goes_below_zero(input in receivables_input(), day in 0u32..620) {
        let r = receivables(&input, scenario_day(day)).unwrap();
        for i in &r.invoices {
            prop_assert!(i.outstanding >= Decimal::ZERO, "{} {}", i.number, i.outstanding);
            prop_assert!(i.outstanding <= i.amount_due);
            prop_assert_eq!(i.amount_due - i.credited - i.paid, i.outstanding);
            prop_assert_eq!(i.settlements.iter().map(|s| s.amount).sum::<Decimal>(), i.credited + i.paid);
            prop_assert!(i.settlements.iter().all(|s| s.amount > Decimal::ZERO && s.date <= r.as_of));
            prop_assert_eq!(i.status == InvoiceStatus::Overdue, i.outstanding > Decimal::ZERO && r.as_of > i.due_date);
        }
    }

    /// The report is a pure function of the facts and the date: the order of the inputs does not
    /// matter, facts dated after the date do not change it, and neither does a JSON round trip.
    #[test]
    fn report_is_a_pure_function_of_the_facts_and_the_date(input in receivables_input(), day in 0u32..620, seed: u64) {
        let as_of = scenario_day(day);
        let r = receivables(&input, as_of).unwrap();
        let mut shuffled = input.clone();
        shuffled.invoices = permute(&input.invoices, seed);
        shuffled.payments = permute(&input.payments, seed.rotate_left(7));
        shuffled.refunds = permute(&input.refunds, seed.rotate_left(19));
        shuffled.reminders = permute(&input.reminders, seed.rotate_left(31));
        // warnings name the input's indices: the rest of the report must not depend on them
        let r = without_input_paths(r);
        prop_assert_eq!(&without_input_paths(receivables(&shuffled, as_of).unwrap()), &r);
        prop_assert_eq!(&without_input_paths(receivables(&known_by(&input, as_of), as_of).unwrap()), &r);
        let back: ReceivablesInput = json::from_str(&json::to_string_pretty(&input).unwrap()).unwrap();
        prop_assert_eq!(&without_input_paths(receivables(&back, as_of).unwrap()), &r);
        prop_assert!(r.invoices.iter().all(|i| i.issue_date <= as_of));
        prop_assert!(r.payments.iter().all(|p| p.date <= as_of));
    }

    /// Interest is zero up to and including the due date, then never decreases as the date moves on.
    #[test]
    fn interest_is_zero_until_due_then_grows(input in receivables_input(), start in 0u32..400, steps in proptest::collection::vec(1u32..60, 1..5)) {
        let mut day = start;
        let mut previous: BTreeMap<String, Decimal> = BTreeMap::new();
        for step in steps {
            let as_of = scenario_day(day);
            let r = receivables(&input, as_of).unwrap();
            let now = interest_by_invoice(&r);
            for i in &r.invoices {
                let interest = now.get(&i.number).copied().unwrap_or_default();
                if as_of <= i.due_date {
                    prop_assert_eq!(interest, Decimal::ZERO, "{} due {} as of {}", i.number, i.due_date, as_of);
                    prop_assert!(r.interest.invoices.iter().all(|x| x.invoice != i.number));
                }
                let before = previous.get(&i.number).copied().unwrap_or_default();
                prop_assert!(interest >= before, "{}: {} < {} as of {}", i.number, interest, before, as_of);
            }
            for x in &r.interest.invoices {
                let inv = r.invoices.iter().find(|i| i.number == x.invoice).unwrap();
                let professional = inv.buyer_kind != BuyerKind::Consumer;
                prop_assert_eq!(x.result.indemnity, if professional { dec("40") } else { Decimal::ZERO });
                prop_assert_eq!(x.result.total, x.result.interest + x.result.indemnity);
            }
            previous = now;
            day += step;
        }
    }

    /// The aging buckets sum to the outstanding total, per customer and in total.
    #[test]
    fn aging_buckets_sum_to_the_outstanding(input in receivables_input(), day in 0u32..620) {
        let r = receivables(&input, scenario_day(day)).unwrap();
        let sum = |b: &facturier_core::receivables::aging::AgingBuckets| b.not_due + b.days_1_30 + b.days_31_60 + b.days_61_90 + b.days_over_90;
        let outstanding: Decimal = r.invoices.iter().map(|i| i.outstanding).sum();
        prop_assert_eq!(sum(&r.aging.total), r.aging.total.total);
        prop_assert_eq!(r.aging.total.total, outstanding);
        prop_assert_eq!(r.cash.outstanding, outstanding);
        prop_assert_eq!(r.cash.forecast.total, outstanding);
        prop_assert_eq!(r.cash.forecast.windows.last().map_or(Decimal::ZERO, |w| w.cumulative) + r.cash.forecast.later, outstanding);
        prop_assert_eq!(r.cash.unpaid.iter().map(|u| u.outstanding).sum::<Decimal>(), outstanding);
        for c in &r.aging.customers {
            prop_assert_eq!(sum(&c.buckets), c.buckets.total);
            let owed: Decimal = r.invoices.iter().filter(|i| i.customer_id == c.customer_id).map(|i| i.outstanding).sum();
            prop_assert_eq!(c.buckets.total, owed);
        }
        prop_assert_eq!(r.aging.customers.iter().map(|c| c.buckets.total).sum::<Decimal>(), outstanding);
    }
}

// ---------------------------------------------------------------------------------------------
// Examples worked by hand, through the whole pipeline (issue → allocate → interest → reminders).

/// The report with the input paths of its warnings blanked (they name positions in the input).
fn without_input_paths(mut r: ReceivablesReport) -> ReceivablesReport {
    for w in &mut r.warnings {
        w.path.clear();
    }
    r
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sample_draft() -> InvoiceDraft {
    json::from_str(&std::fs::read_to_string(root().join("examples/invoice-draft.json")).unwrap()).unwrap()
}

fn address(line1: &str, postal_code: &str, city: &str) -> Address {
    Address { line1: line1.into(), line2: None, postal_code: postal_code.into(), city: city.into(), country: "FR".into() }
}

/// A draft to `buyer`: one service line of `quantity` × `price` at 20 %.
fn draft(buyer: Buyer, description: &str, quantity: &str, unit: &str, price: &str, terms: PaymentTerms) -> InvoiceDraft {
    let mut x = sample_draft();
    x.buyer = buyer;
    x.lines = vec![Line {
        id: "1".into(),
        description: description.into(),
        quantity: dec(quantity),
        unit: unit.into(),
        unit_price: dec(price),
        discount: None,
        vat_category: VatCategory::S,
        vat_rate: dec("20"),
        supply: SupplyKind::Services,
        allowances: Vec::new(),
        charges: Vec::new(),
        price_base_quantity: None,
        gross_price: None,
    }];
    x.charges.clear();
    x.purchase_order = None;
    x.delivery_date = None;
    x.payment_terms = terms;
    x
}

fn business() -> Buyer {
    sample_draft().buyer
}

fn public() -> Buyer {
    Buyer {
        kind: BuyerKind::Public,
        name: "Ville de Villeurbanne".into(),
        siren: Some("216903542".into()),
        siret: None,
        vat_number: None,
        address: address("Place Lazare-Goujon", "69100", "Villeurbanne"),
        delivery_address: None,
        email: None,
        ..Buyer::default()
    }
}

fn consumer() -> Buyer {
    Buyer {
        kind: BuyerKind::Consumer,
        name: "Claire Dubois".into(),
        siren: None,
        siret: None,
        vat_number: None,
        address: address("8 rue Paul Bert", "69003", "Lyon"),
        delivery_address: None,
        email: None,
        ..Buyer::default()
    }
}

/// One invoice of `net` excl. tax (× 1.2 incl. tax) issued on `issue_date`, net 30 days.
fn one(buyer: Buyer, net: &str, issue_date: NaiveDate, rate: Option<&str>) -> IssuedInvoice {
    let mut x = draft(buyer, "Prestation", "1", "C62", net, PaymentTerms::NetDays { days: 30 });
    x.late_payment_rate = rate.map(dec);
    issue(x, &NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap(), issue_date).unwrap().0
}

fn pay(id: &str, date: NaiveDate, amount: &str) -> Payment {
    Payment {
        id: id.into(),
        customer_id: "C".into(),
        date,
        amount: dec(amount),
        currency: Default::default(),
        mode: PaymentMode::Transfer,
        reference: None,
        allocations: vec![],
    }
}

fn input(invoice: IssuedInvoice, payments: Vec<Payment>) -> ReceivablesInput {
    ReceivablesInput { invoices: vec![ReceivableInvoice::new(Some("C".into()), invoice)], payments, ..Default::default() }
}

/// 10 000,00 € TTC due 20/06/2025, paid 10/07/2025, B2B, no contractual rate:
/// 21/06-30/06: 10 days at 3,15 + 10 = 13,15 % → 10 000 × 13,15 × 10 / 36 500 = 36,0274
/// 01/07-10/07: 10 days at 2,15 + 10 = 12,15 % → 10 000 × 12,15 × 10 / 36 500 = 33,2877
/// total 69,3151 → 69,32 € of interest, plus the 40 € indemnity.
#[test]
fn business_invoice_paid_late_across_a_half_year() {
    // 8 333,33 HT + 1 666,67 TVA (20 %) = 10 000,00 TTC, issued 21/05, due 30 days later
    let inv = one(business(), "8333.33", d(2025, 5, 21), None);
    assert_eq!((inv.totals().amount_due, inv.due_date()), (dec("10000.00"), d(2025, 6, 20)));
    let r = receivables(&input(inv, vec![pay("P1", d(2025, 7, 10), "10000.00")]), d(2025, 9, 1)).unwrap();
    assert_eq!(r.invoices[0].status, InvoiceStatus::Paid);
    let x = &r.interest.invoices[0].result;
    assert_eq!(x.regime, InterestRegime::Commercial);
    let rows: Vec<_> = x.segments.iter().map(|s| (s.from, s.to, s.days, s.reference_rate, s.applied_rate, s.amount)).collect();
    assert_eq!(
        rows,
        [
            (d(2025, 6, 21), d(2025, 6, 30), 10, dec("3.15"), dec("13.15"), dec("36.027397")),
            (d(2025, 7, 1), d(2025, 7, 10), 10, dec("2.15"), dec("12.15"), dec("33.287671")),
        ]
    );
    assert_eq!((x.interest, x.indemnity, x.total), (dec("69.32"), dec("40"), dec("109.32")));
    assert_eq!((r.interest.interest, r.interest.indemnities), (dec("69.32"), dec("40")));
    // paid: no reminder
    assert!(r.reminders.is_empty());
}

/// A contractual 5 % is below 3 × 2,62 % = 7,86 % (H1 2026): the floor applies.
/// 1 200,00 € due 31/01/2026, unpaid on 02/03/2026: 30 days; 1 200 × 7,86 × 30 / 36 500 = 7,7523 → 7,75 €.
#[test]
fn contractual_rate_below_the_floor() {
    // issuing a rate below the floor is refused since rules v2 (C. com. L441-10 II)...
    let refused = issue(
        InvoiceDraft {
            late_payment_rate: Some(dec("5")),
            ..draft(business(), "Prestation", "1", "C62", "1000.00", PaymentTerms::default())
        },
        &NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap(),
        d(2026, 1, 1),
    );
    assert_eq!(refused.unwrap_err().violations()[0].code, "late_payment_rate.below_floor");
    // ...but an invoice archived under rules v1 may carry one: the computation raises it to the floor
    let mut json = serde_json::to_value(one(business(), "1000.00", d(2026, 1, 1), Some("12"))).unwrap();
    json["content"]["late_payment_rate"] = "5".into();
    json["rules_version"] = 1.into();
    for m in json["mentions"].as_array_mut().unwrap() {
        if m["key"] == "late_penalty" {
            m["text"] = m["text"].as_str().unwrap().replace("12 %", "5 %").into();
        }
    }
    let inv: IssuedInvoice = json::from_value(json).unwrap();
    assert_eq!(inv.verify(), vec![]);
    assert_eq!(inv.due_date(), d(2026, 1, 31));
    let r = receivables(&input(inv, vec![]), d(2026, 3, 2)).unwrap();
    let x = &r.interest.invoices[0].result;
    assert_eq!((x.days, x.segments[0].applied_rate, x.segments[0].rate_basis), (30, dec("7.86"), RateBasis::ContractualFloor));
    assert_eq!((x.interest, x.indemnity), (dec("7.75"), dec("40")));
    assert_eq!((r.invoices[0].status, r.invoices[0].days_late), (InvoiceStatus::Overdue, 30));
}

/// B2G, CCP R2192-31: ECB rate on the first day of the half-year the delay started in, + 8.
/// 6 000,00 € due 20/12/2024 (ECB 4,25 % on 01/07/2024 → 12,25 %), paid 19/01/2025: 30 days.
/// 6 000 × 12,25 × 30 / 36 500 = 60,4110 → 60,41 € + 40 €.
#[test]
fn public_buyer_at_ecb_plus_eight() {
    let inv = one(public(), "5000.00", d(2024, 11, 20), None);
    assert_eq!((inv.totals().amount_due, inv.due_date()), (dec("6000.00"), d(2024, 12, 20)));
    let r = receivables(&input(inv, vec![pay("P1", d(2025, 1, 19), "6000.00")]), d(2025, 2, 1)).unwrap();
    let x = &r.interest.invoices[0].result;
    assert_eq!(x.regime, InterestRegime::PublicProcurement);
    assert!(x.segments.iter().all(|s| s.applied_rate == dec("12.25") && s.rate_basis == RateBasis::EcbPlus8));
    assert_eq!((x.days, x.interest, x.indemnity), (30, dec("60.41"), dec("40")));
}

/// A partial payment in the middle of the delay lowers the base from the next day.
/// 10 000,00 € due 20/06/2025; 4 000 on 25/06; the 6 000 left on 10/07.
/// 21/06-25/06: 10 000 × 13,15 × 5 = 657 500; 26/06-30/06: 6 000 × 13,15 × 5 = 394 500;
/// 01/07-10/07: 6 000 × 12,15 × 10 = 729 000; 1 781 000 / 36 500 = 48,7945 → 48,79 €.
#[test]
fn partial_payment_in_the_middle_of_the_delay() {
    let inv = one(business(), "8333.33", d(2025, 5, 21), None);
    let n = inv.number().to_owned();
    let mut first = pay("P1", d(2025, 6, 25), "4000.00");
    first.allocations.push(Allocation { invoice: n.clone(), amount: dec("4000.00") });
    let input = input(inv, vec![first, pay("P2", d(2025, 7, 10), "6000.00")]);
    // on 30/06, partly paid and overdue
    let r = receivables(&input, d(2025, 6, 30)).unwrap();
    assert_eq!((r.invoices[0].status, r.invoices[0].outstanding, r.invoices[0].days_late), (InvoiceStatus::Overdue, dec("6000.00"), 10));
    assert_eq!(r.interest.invoices[0].result.interest, dec("28.82")); // (657 500 + 394 500) / 36 500 = 28,8219
    let r = receivables(&input, d(2025, 7, 31)).unwrap();
    let x = &r.interest.invoices[0].result;
    let bases: Vec<Decimal> = x.segments.iter().map(|s| s.base).collect();
    assert_eq!(bases, [dec("10000.00"), dec("6000.00"), dec("6000.00")]);
    assert_eq!((x.interest, x.indemnity), (dec("48.79"), dec("40")));
    assert_eq!(r.invoices[0].settled_on, Some(d(2025, 7, 10)));
}

/// A consumer owes no interest before the formal notice; then the legal rate "autres cas".
/// 1 500,00 € due 30/09/2025; formal notice 05/11/2025; as of 05/12/2025: 06/11-05/12 = 30 days
/// at 2,76 % (H2 2025): 1 500 × 2,76 × 30 / 36 500 = 3,4027 → 3,40 €, no indemnity.
#[test]
fn consumer_interest_runs_from_the_formal_notice() {
    let inv = one(consumer(), "1250.00", d(2025, 8, 31), None);
    assert_eq!(inv.due_date(), d(2025, 9, 30));
    let n = inv.number().to_owned();
    let mut x = input(inv, vec![]);
    x.reminders.push(SentReminder { invoice: n.clone(), level: "firm".into(), date: d(2025, 10, 7) });
    let r = receivables(&x, d(2025, 11, 4)).unwrap();
    assert!(r.interest.invoices.is_empty(), "{:?}", r.interest);
    // the formal notice is due (J+30 = 30/10), claiming the principal only
    assert_eq!(r.reminders.len(), 1);
    let m = &r.reminders[0];
    assert_eq!((m.kind, m.interest, m.indemnity, m.total_claimed), (ReminderKind::FormalNotice, dec("0"), dec("0"), dec("1500.00")));
    assert_eq!(m.payment_deadline, Some(d(2025, 11, 12)));
    x.reminders.push(SentReminder { invoice: n, level: "formal_notice".into(), date: d(2025, 11, 5) });
    let r = receivables(&x, d(2025, 11, 5)).unwrap();
    assert!(r.interest.invoices.is_empty());
    assert!(r.reminders.is_empty());
    let r = receivables(&x, d(2025, 12, 5)).unwrap();
    let i = &r.interest.invoices[0];
    assert_eq!(i.formal_notice, Some(d(2025, 11, 5)));
    assert_eq!((i.result.regime, i.result.days, i.result.segments[0].applied_rate), (InterestRegime::LegalInterest, 30, dec("2.76")));
    assert_eq!((i.result.interest, i.result.indemnity), (dec("3.40"), dec("0")));
}

/// Beyond the verified tables, the last known rate is used and flagged with its reference date.
/// 10 000,00 € due 20/06/2026, unpaid on 10/07/2026: 20 days at 12,15 % → 66,58 €, provisional
/// for 01/07/2026; with the caller's rate for H2 (ECB 2,00 %): 1 215 000 + 1 200 000 = 2 415 000
/// / 36 500 = 66,1644 → 66,16 €, not provisional.
#[test]
fn provisional_rate_then_override() {
    let inv = one(business(), "8333.33", d(2026, 5, 21), None);
    let mut x = input(inv, vec![]);
    let r = receivables(&x, d(2026, 7, 10)).unwrap();
    let i = &r.interest.invoices[0].result;
    assert!(r.interest.provisional && i.provisional);
    assert_eq!(
        i.segments.iter().map(|s| (s.reference_date, s.provisional)).collect::<Vec<_>>(),
        [(d(2026, 1, 1), false), (d(2026, 7, 1), true)]
    );
    assert_eq!(i.interest, dec("66.58"));
    x.rates = RateOverrides {
        ecb_main_refinancing: Some(EcbTable {
            changes: vec![EcbRate { effective_from: d(2026, 6, 10), rate: dec("2.00") }],
            verified_until: d(2026, 7, 1),
        }),
        legal_interest: None,
    };
    let r = receivables(&x, d(2026, 7, 10)).unwrap();
    assert!(!r.interest.provisional);
    assert_eq!(r.interest.invoices[0].result.interest, dec("66.16"));
}

// ---------------------------------------------------------------------------------------------
// The sample input of examples/receivables.json.

fn compare(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(expected == actual, "{} differs from the generated sample (run with UPDATE_GOLDEN=1 and review the diff)", path.display());
}

/// The sample, issued in chronological order.
fn build_sample() -> ReceivablesInput {
    let mut series = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
    let mut credits = NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:4}").unwrap();
    let mut invoices: Vec<ReceivableInvoice> = Vec::new();
    let net30 = PaymentTerms::NetDays { days: 30 };
    let studio = Buyer {
        name: "Studio Lumière".into(),
        siren: Some("429317159".into()),
        siret: None,
        vat_number: None,
        address: address("27 quai Saint-Vincent", "69001", "Lyon"),
        delivery_address: None,
        ..business()
    };
    let docs = [
        ("CUST-001", draft(business(), "Conception de la boutique en ligne", "4", "DAY", "500.00", net30.clone()), d(2026, 1, 5)),
        ("CUST-002", draft(public(), "Refonte du portail citoyen", "6", "DAY", "500.00", net30.clone()), d(2026, 1, 12)),
        ("CUST-003", draft(consumer(), "Site vitrine personnel", "1", "C62", "708.33", PaymentTerms::NetDays { days: 15 }), d(2026, 1, 20)),
        ("CUST-004", draft(studio.clone(), "Séance photo produits", "1", "C62", "1000.00", net30), d(2026, 1, 26)),
        (
            "CUST-001",
            draft(
                business(),
                "Hébergement et maintenance, 12 mois",
                "12",
                "MON",
                "29.90",
                PaymentTerms::EndOfMonth { days: 45, method: Default::default() },
            ),
            d(2026, 2, 16),
        ),
        ("CUST-004", draft(studio, "Séance photo complémentaire", "1", "C62", "500.00", PaymentTerms::NetDays { days: 15 }), d(2026, 3, 2)),
    ];
    for (customer, draft, date) in docs {
        if date == d(2026, 3, 2) {
            // the credit note on the photo shoot comes first, on 24/02
            let shoot = invoices.iter().find(|r| r.invoice.content().lines[0].description == "Séance photo produits").unwrap().clone();
            let sel = CreditSelection::Amount {
                amount: dec("100.00"),
                vat_category: VatCategory::S,
                vat_rate: dec("20"),
                reason: "Geste commercial : retouches non livrées".into(),
            };
            let (cn, next) = issue(credit_note(&shoot.invoice, &sel, &[]).unwrap(), &credits, d(2026, 2, 24)).unwrap();
            credits = next;
            invoices.push(ReceivableInvoice::new(shoot.customer_id.clone(), cn));
        }
        let (inv, next) = issue(draft, &series, date).unwrap();
        series = next;
        invoices.push(ReceivableInvoice::new(Some(customer.into()), inv));
    }
    let number = |description: &str| {
        invoices.iter().find(|r| r.invoice.content().lines[0].description == description).unwrap().invoice.number().to_owned()
    };
    let payment = |id: &str, customer: &str, date, amount, mode, reference: &str, allocations: Vec<Allocation>| Payment {
        id: id.into(),
        customer_id: customer.into(),
        date,
        amount: dec(amount),
        currency: Default::default(),
        mode,
        reference: Some(reference.into()),
        allocations,
    };
    let (shop, site, shoot) =
        (number("Conception de la boutique en ligne"), number("Site vitrine personnel"), number("Séance photo produits"));
    let payments = vec![
        payment(
            "PAY-0001",
            "CUST-001",
            d(2026, 2, 2),
            "1000.00",
            PaymentMode::Transfer,
            "VIR BOULANGERIE MARTIN FACT F-2026-00001",
            vec![Allocation { invoice: shop.clone(), amount: dec("1000.00") }],
        ),
        payment("PAY-0002", "CUST-002", d(2026, 3, 3), "3600.00", PaymentMode::Transfer, "DGFIP MANDAT 2026-0412", vec![]),
        payment(
            "PAY-0003",
            "CUST-004",
            d(2026, 2, 20),
            "1250.00",
            PaymentMode::Card,
            "CB 4970 ****",
            vec![Allocation { invoice: shoot.clone(), amount: dec("1200.00") }],
        ),
    ];
    let refunds = vec![Refund {
        id: "REF-0001".into(),
        customer_id: "CUST-004".into(),
        date: d(2026, 2, 27),
        amount: dec("50.00"),
        currency: Default::default(),
        mode: PaymentMode::Transfer,
        reference: Some("Trop-perçu CB du 20/02".into()),
    }];
    let sent = |invoice: &str, level: &str, date| SentReminder { invoice: invoice.into(), level: level.into(), date };
    let reminders = vec![
        sent(&shop, "courteous", d(2026, 2, 1)),
        sent(&shop, "firm", d(2026, 2, 11)),
        sent(&site, "firm", d(2026, 2, 11)),
        sent(&site, "formal_notice", d(2026, 3, 6)),
    ];
    let drafts = vec![DraftInvoice {
        id: "draft-0007".into(),
        customer_id: Some("CUST-002".into()),
        draft: draft(public(), "Maintenance du portail, T2", "3", "MON", "250.00", PaymentTerms::NetDays { days: 30 }),
    }];
    ReceivablesInput {
        invoices,
        drafts,
        payments,
        refunds,
        reminders,
        dunning: None,
        rates: RateOverrides::default(),
        period: Some(Period { from: d(2026, 1, 1), to: d(2026, 3, 31) }),
        weighted_forecast: true,
    }
}

#[test]
fn sample_input_is_up_to_date() {
    let text = json::to_string_pretty(&build_sample()).unwrap() + "\n";
    compare(&root().join("examples/receivables.json"), &text);
}

/// The sample as of 16/03/2026, every figure computed by hand:
/// - CUST-001 (business): F-2026-00001, 2 400,00 TTC due 04/02, 1 000 paid on 02/02, 1 400 owed
///   40 days late; courteous and firm reminders sent → formal notice due, 8 days to pay
///   (24/03). Interest 05/02-16/03 at 2,15 + 10 = 12,15 %: 1 400 × 12,15 × 40 / 36 500 =
///   18,6411 → 18,64 €, + 40 €; claimed 1 458,64 €. F-2026-00005, 430,56 TTC due 30/04: not due.
/// - CUST-002 (public): F-2026-00002, 3 600,00 due 11/02 paid 03/03: 20 days at 2,15 + 8 =
///   10,15 %: 3 600 × 10,15 × 20 / 36 500 = 20,0219 → 20,02 €, + 40 €.
/// - CUST-003 (consumer): F-2026-00003, 850,00 due 04/02, formal notice sent 06/03: 07/03-16/03,
///   10 days at 2,62 %: 850 × 2,62 × 10 / 36 500 = 0,6101 → 0,61 €, no indemnity, nothing to send.
/// - CUST-004 (business): F-2026-00004, 1 200,00 paid 1 250,00 by card on 20/02 (50 of credit);
///   credit note AV-2026-0001 of 120,00 on 24/02 (invoice paid: 120 of credit); 50 refunded on
///   27/02 (from the card payment, the oldest credit); F-2026-00006, 600,00 on 02/03 takes the
///   120 left: 480 owed, due 17/03 → courteous reminder (J-3 = 14/03).
#[test]
fn sample_as_of_mid_march() {
    let input: ReceivablesInput = json::from_str(&std::fs::read_to_string(root().join("examples/receivables.json")).unwrap()).unwrap();
    assert_eq!(input, build_sample());
    let r = receivables(&input, d(2026, 3, 16)).unwrap();
    let inv = |n: &str| r.invoices.iter().find(|i| i.number == n).unwrap();
    let rows: Vec<_> =
        r.invoices.iter().map(|i| (i.number.as_str(), i.customer_id.as_str(), i.amount_due, i.outstanding, i.status)).collect();
    assert_eq!(
        rows,
        [
            ("F-2026-00001", "CUST-001", dec("2400.00"), dec("1400.00"), InvoiceStatus::Overdue),
            ("F-2026-00002", "CUST-002", dec("3600.00"), dec("0"), InvoiceStatus::Paid),
            ("F-2026-00003", "CUST-003", dec("850.00"), dec("850.00"), InvoiceStatus::Overdue),
            ("F-2026-00004", "CUST-004", dec("1200.00"), dec("0"), InvoiceStatus::Paid),
            ("F-2026-00005", "CUST-001", dec("430.56"), dec("430.56"), InvoiceStatus::IssuedUnpaid),
            ("F-2026-00006", "CUST-004", dec("600.00"), dec("480.00"), InvoiceStatus::PartiallyPaid),
        ]
    );
    assert_eq!((inv("F-2026-00001").days_late, inv("F-2026-00005").due_date), (40, d(2026, 4, 30)));
    assert_eq!(inv("F-2026-00002").settled_on, Some(d(2026, 3, 3)));

    // every cent: the card payment, the credit note and the refund
    let card = r.payments.iter().find(|p| p.id == "PAY-0003").unwrap();
    assert_eq!((card.allocated, card.refunded, card.credit), (dec("1200.00"), dec("50.00"), dec("0")));
    let cn = &r.credit_notes[0];
    assert_eq!(
        (cn.number.as_str(), cn.invoice.as_str(), cn.amount, cn.allocated, cn.credit),
        ("AV-2026-0001", "F-2026-00004", dec("120.00"), dec("120.00"), dec("0"))
    );
    assert_eq!(cn.allocations[0].invoice, "F-2026-00006");
    assert_eq!(r.refunds[0].drawn[0].reference, "PAY-0003");
    let studio = r.customers.iter().find(|c| c.customer_id == "CUST-004").unwrap();
    assert_eq!(
        (studio.invoiced, studio.credited, studio.received, studio.refunded),
        (dec("1800.00"), dec("120.00"), dec("1250.00"), dec("50.00"))
    );
    assert_eq!((studio.outstanding, studio.credit, studio.balance), (dec("480.00"), dec("0"), dec("480.00")));
    let kinds: Vec<EntryKind> = studio.entries.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EntryKind::Invoice, EntryKind::Payment, EntryKind::CreditNote, EntryKind::Refund, EntryKind::Invoice]);

    // aging: 1 400 and 850 are 40 days late; 430,56 and 480 not due
    assert_eq!((r.aging.total.not_due, r.aging.total.days_31_60, r.aging.total.total), (dec("910.56"), dec("2250.00"), dec("3160.56")));

    // interest and indemnities
    let interest: Vec<_> = r.interest.invoices.iter().map(|i| (i.invoice.as_str(), i.result.interest, i.result.indemnity)).collect();
    assert_eq!(
        interest,
        [("F-2026-00001", dec("18.64"), dec("40")), ("F-2026-00002", dec("20.02"), dec("40")), ("F-2026-00003", dec("0.61"), dec("0"))]
    );
    assert_eq!((r.interest.interest, r.interest.indemnities, r.interest.total), (dec("39.27"), dec("80"), dec("119.27")));
    assert!(!r.interest.provisional);

    // reminders: the formal notice of F-2026-00001, the courteous reminder of F-2026-00006
    let due: Vec<_> = r.reminders.iter().map(|m| (m.invoice.as_str(), m.level.as_str(), m.total_claimed, m.payment_deadline)).collect();
    assert_eq!(
        due,
        [("F-2026-00001", "formal_notice", dec("1458.64"), Some(d(2026, 3, 24))), ("F-2026-00006", "courteous", dec("480.00"), None)]
    );

    // cash over Q1 up to the date
    let f = &r.cash.flow;
    assert_eq!((f.invoiced, f.credited, f.net_invoiced), (dec("9080.56"), dec("120.00"), dec("8960.56")));
    assert_eq!((f.collected, f.refunded, f.net_collected), (dec("5850.00"), dec("50.00"), dec("5800.00")));
    assert_eq!((r.cash.outstanding, r.cash.credit), (dec("3160.56"), dec("0")));
    assert_eq!(
        r.cash.unpaid.iter().map(|u| u.invoice.as_str()).collect::<Vec<_>>(),
        ["F-2026-00001", "F-2026-00003", "F-2026-00006", "F-2026-00005"]
    );
    // weighted forecast: the Ville paid 20 days late (shift 20), Studio Lumière 5 days early (no
    // shift); F-2026-00005 due 30/04 lands in J+60 (16/04-15/05), the rest in J+30
    let fc = &r.cash.forecast;
    assert!(fc.weighted);
    let delays: Vec<_> = fc.delays.iter().map(|x| (x.customer_id.as_str(), x.average_delay_days, x.shift_days)).collect();
    assert_eq!(delays, [("CUST-002", 20, 20), ("CUST-004", -5, 0)]);
    let windows: Vec<_> = fc.windows.iter().map(|w| (w.until, w.expected, w.cumulative)).collect();
    assert_eq!(
        windows,
        [
            (d(2026, 4, 15), dec("2730.00"), dec("2730.00")),
            (d(2026, 5, 15), dec("430.56"), dec("3160.56")),
            (d(2026, 6, 14), dec("0"), dec("3160.56")),
        ]
    );
    assert_eq!(r.drafts[0].total_incl_tax, dec("900.00"));
    assert_eq!(r.drafts[0].status, InvoiceStatus::Draft);
}
