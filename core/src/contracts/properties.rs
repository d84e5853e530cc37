//! Properties of the contracts domain over random contract histories (1 000 cases each).

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::contracts::amendment::Change;
use crate::contracts::billing::{InvoicedPeriod, invoices_due};
use crate::contracts::calendar::{Month, add_days};
use crate::contracts::contract::{
    BillingFrequency, ChurnReason, Contract, Pause, RecurringDiscount, RenewalTerm, TerminatedBy, Termination, Timing, check_contract,
};
use crate::contracts::fixtures::{amendment, contract, d, line};
use crate::contracts::metrics::Ratio;
use crate::contracts::movements::{MrrReport, mrr_report};
use crate::contracts::mrr::{MrrSettings, mrr_at};
use crate::line::Discount;

/// One contract's dice: customer, start, lines, clause, amendments, pause, trial, discount, end.
type Dice = [u32; 24];

const ORIGIN: NaiveDate = crate::dated::day(2024, 1, 1);

fn cents(n: u32) -> Decimal {
    Decimal::new(i64::from(n % 60_000), 2)
}

fn billing(n: u32) -> BillingFrequency {
    match n % 6 {
        0..=2 => BillingFrequency::Monthly,
        3 => BillingFrequency::Quarterly,
        4 => BillingFrequency::Annual,
        _ => BillingFrequency::MultiYear(2),
    }
}

/// A valid contract from its dice.
fn build(i: usize, x: &Dice) -> Contract {
    let start = add_days(ORIGIN, u64::from(x[1] % 900));
    let mut c = contract(&format!("C{i}"), &format!("cust-{}", x[0] % 4), start, "0");
    c.lines = vec![line("1", &(x[2] % 5 + 1).to_string(), &cents(x[3]).to_string(), billing(x[4]))];
    c.lines[0].timing = if x[4] % 2 == 0 { Timing::Advance } else { Timing::Arrears };
    c.renewal.tacit = x[5] % 4 != 0;
    c.renewal.term = if x[5] % 5 == 0 { RenewalTerm::Indefinite } else { RenewalTerm::SameAsFirst };
    // amendments: quantity, price, a line added or removed
    let mut day = start;
    let mut next_id = 2;
    let mut live = vec!["1".to_owned()];
    for k in 0..(x[6] % 6) as usize {
        let r = x[7 + k];
        day = add_days(day, u64::from(1 + r % 200));
        let change = match (r % 5, live.len()) {
            (0, _) => {
                let id = next_id.to_string();
                next_id += 1;
                live.push(id.clone());
                Change::AddLine(Box::new(line(&id, &(r % 3 + 1).to_string(), &cents(r / 7).to_string(), billing(r / 3))))
            }
            (1, n) if n > 1 => Change::RemoveLine { line_id: live.remove((r as usize / 5) % n) },
            (2, n) => Change::SetQuantity { line_id: live[(r as usize / 5) % n].clone(), quantity: Decimal::from((r / 11) % 4) },
            (_, n) => Change::SetUnitPrice { line_id: live[(r as usize / 5) % n].clone(), unit_price: cents(r / 13) },
        };
        c.amendments.push(amendment(k as u32 + 1, day, vec![change]));
    }
    if x[13] % 4 == 0 {
        let from = add_days(start, u64::from(x[14] % 500));
        c.pauses.push(Pause { from, until: (x[14] % 3 != 0).then(|| add_days(from, u64::from(x[15] % 90))) });
    }
    if x[16] % 5 == 0 {
        c.trial_until = Some(add_days(start, u64::from(x[16] % 40)));
    }
    if x[17] % 4 == 0 {
        let value =
            if x[17] % 8 == 0 { Discount::Percent(Decimal::from(x[18] % 100 + 1)) } else { Discount::Amount(cents(x[18] % 3000 + 1)) };
        c.discounts.push(RecurringDiscount {
            id: "r".into(),
            description: "Remise".into(),
            value,
            line_id: Some("1".into()),
            from: Some(add_days(start, u64::from(x[19] % 200))),
            until: (x[19] % 2 == 0).then(|| add_days(start, u64::from(200 + x[19] % 300))),
        });
    }
    if x[20] % 3 == 0 {
        let notified_on = add_days(start, u64::from(x[21] % 700));
        let effective = add_days(notified_on, u64::from(x[22] % 120));
        let reason = [ChurnReason::Price, ChurnReason::Competition, ChurnReason::NoLongerNeeded][(x[22] % 3) as usize];
        c.termination = Some(Termination { notified_on, effective, reason, reason_text: None, by: TerminatedBy::Mutual });
    }
    c
}

fn histories() -> impl Strategy<Value = Vec<Contract>> {
    proptest::collection::vec(any::<Dice>(), 1..8).prop_map(|dice| dice.iter().enumerate().map(|(i, x)| build(i, x)).collect())
}

fn range() -> impl Strategy<Value = (Month, Month)> {
    (0i32..30, 0i32..18).prop_map(|(a, n)| {
        let from = Month::of(ORIGIN).index() + a;
        (Month::from_index(from), Month::from_index(from + n))
    })
}

fn report(contracts: &[Contract], (from, to): (Month, Month), settings: &MrrSettings) -> MrrReport {
    mrr_report(contracts, from, to, settings).unwrap_or_else(|e| panic!("{e}"))
}

fn with_months() -> MrrSettings {
    MrrSettings { customer_months: true, ..MrrSettings::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn generated_contracts_are_valid(contracts in histories()) {
        for c in &contracts {
            prop_assert_eq!(check_contract(c), vec![]);
        }
    }

    /// MRR_end = MRR_start + new + expansion + reactivation − contraction − churn (+ FX), per
    /// month, per customer and per customer-month; and the month's MRR is the MRR on its last day.
    #[test]
    fn movements_reconcile_per_month_and_per_customer(contracts in histories(), range in range()) {
        let r = report(&contracts, range, &with_months());
        let mut previous = r.period.mrr_start;
        for m in &r.months {
            prop_assert_eq!(m.mrr_start, previous);
            prop_assert_eq!(m.mrr_start + m.movements.net().unwrap(), m.mrr_end);
            let snapshot = mrr_at(&contracts, m.month.last_day(), &MrrSettings::default()).unwrap();
            prop_assert_eq!(snapshot.mrr, m.mrr_end, "{}", m.month);
            prop_assert_eq!(snapshot.paying_customers, m.customers_end);
            previous = m.mrr_end;
        }
        prop_assert_eq!(previous, r.period.mrr_end);
        let mut total_start = Decimal::ZERO;
        let mut total_end = Decimal::ZERO;
        for c in &r.customers {
            prop_assert_eq!(c.mrr_start + c.movements.net().unwrap(), c.mrr_end);
            let mut running = c.mrr_start;
            for m in &c.months {
                running += m.movements.net().unwrap();
                prop_assert_eq!(running, m.mrr_end);
            }
            prop_assert_eq!(running, c.mrr_end);
            total_start += c.mrr_start;
            total_end += c.mrr_end;
        }
        prop_assert_eq!(total_start, r.period.mrr_start);
        prop_assert_eq!(total_end, r.period.mrr_end);
        let net: Decimal = r.customers.iter().map(|c| c.movements.net().unwrap()).sum();
        prop_assert_eq!(net, r.period.movements.net().unwrap());
    }

    /// MRR is never negative, and ARR is 12 × MRR, everywhere.
    #[test]
    fn mrr_is_never_negative_and_arr_is_twelve_times(contracts in histories(), range in range()) {
        let r = report(&contracts, range, &with_months());
        let twelve = Decimal::from(12);
        for m in &r.months {
            prop_assert!(m.mrr_end >= Decimal::ZERO && m.mrr_start >= Decimal::ZERO);
            prop_assert_eq!(m.arr_end, m.mrr_end * twelve);
            for x in [m.movements.new, m.movements.expansion, m.movements.contraction, m.movements.churn, m.movements.reactivation] {
                prop_assert!(x >= Decimal::ZERO);
            }
        }
        for c in &r.customers {
            prop_assert!(c.mrr_end >= Decimal::ZERO);
            prop_assert_eq!(c.arr_end, c.mrr_end * twelve);
            for m in &c.months {
                prop_assert!(m.mrr_end >= Decimal::ZERO);
            }
        }
        for c in &r.contracts {
            prop_assert!(c.mrr >= Decimal::ZERO);
            prop_assert_eq!(c.arr, c.mrr * twelve);
        }
        prop_assert_eq!(r.period.arr_end, r.period.mrr_end * twelve);
        prop_assert!(r.period.cmrr >= Decimal::ZERO);
    }

    /// The same contracts in any order give the same report (contracts listed in input order).
    #[test]
    fn results_do_not_depend_on_input_order(contracts in histories(), range in range(), k in 0usize..8) {
        let a = report(&contracts, range, &with_months());
        let mut shuffled = contracts.clone();
        shuffled.reverse();
        let len = shuffled.len();
        shuffled.rotate_left(k % len);
        let mut b = report(&shuffled, range, &with_months());
        b.contracts.sort_by(|x, y| x.contract_id.cmp(&y.contract_id));
        let mut a_contracts = a.contracts.clone();
        a_contracts.sort_by(|x, y| x.contract_id.cmp(&y.contract_id));
        prop_assert_eq!(&a_contracts, &b.contracts);
        prop_assert_eq!(a.months, b.months);
        prop_assert_eq!(a.customers, b.customers);
        prop_assert_eq!(a.period, b.period);
    }

    /// Recording a tacit renewal at the same price changes no figure: no movement.
    #[test]
    fn a_same_price_renewal_is_no_movement(contracts in histories(), range in range()) {
        let renewed: Vec<Contract> = contracts
            .iter()
            .map(|c| {
                let end = crate::contracts::renewal::terms(c).next().and_then(|t| t.to);
                match end {
                    Some(e) if c.renewal.tacit => crate::contracts::renew(c, e, &[]).unwrap_or_else(|_| c.clone()),
                    _ => c.clone(),
                }
            })
            .collect();
        let a = report(&contracts, range, &with_months());
        let b = report(&renewed, range, &with_months());
        prop_assert_eq!(a.months, b.months);
        prop_assert_eq!(a.customers, b.customers);
    }

    /// Each month's figures depend on the days up to its end (and the next day's renewals): a
    /// report ending earlier, which reads fewer days of each contract, gives the same months.
    #[test]
    fn a_shorter_report_gives_the_same_months(contracts in histories(), range in range(), cut in 0i32..18) {
        let (from, to) = range;
        let short_to = Month::from_index(from.index() + cut).min(to);
        let long = report(&contracts, (from, to), &MrrSettings::default());
        let short = report(&contracts, (from, short_to), &MrrSettings::default());
        prop_assert_eq!(&long.months[..short.months.len()], &short.months[..]);
    }

    /// GRR never exceeds 100 % (and is never negative); NRR is never negative.
    #[test]
    fn grr_is_at_most_100(contracts in histories(), range in range()) {
        let r = report(&contracts, range, &MrrSettings::default());
        if let Ratio::Value(g) = r.period.grr {
            prop_assert!(g <= Decimal::ONE_HUNDRED && g >= Decimal::ZERO, "GRR {}", g);
        }
        if let Ratio::Value(n) = r.period.nrr {
            prop_assert!(n >= Decimal::ZERO);
        }
        if let (Ratio::Value(n), Ratio::Value(g)) = (r.period.nrr, r.period.grr) {
            prop_assert!(n >= g);
        }
    }

    /// No day of a line is billed twice: not within a run, not once recorded.
    #[test]
    fn billing_a_period_twice_is_impossible(contracts in histories(), days in 0u64..1200) {
        let seller = crate::testkit::seller();
        let as_of = add_days(ORIGIN, days);
        let due = invoices_due(&contracts, as_of, &[], &seller).unwrap();
        let mut billed: Vec<InvoicedPeriod> = due.iter().flat_map(|i| i.billed.clone()).collect();
        billed.sort();
        for w in billed.windows(2) {
            let overlap = w[0].contract_id == w[1].contract_id && w[0].line_id == w[1].line_id && w[1].from <= w[0].to;
            prop_assert!(!overlap, "{:?} and {:?}", w[0], w[1]);
        }
        for i in &due {
            prop_assert!(i.billing_date <= as_of);
            prop_assert_eq!(crate::check(&i.draft, i.billing_date), vec![]);
        }
        prop_assert_eq!(invoices_due(&contracts, as_of, &billed, &seller).unwrap(), vec![]);
        // a later run bills only days after those: none of the recorded ones
        let later = invoices_due(&contracts, add_days(as_of, 400), &billed, &seller).unwrap();
        for i in &later {
            for b in &i.billed {
                let again = billed.iter().any(|x| x.contract_id == b.contract_id && x.line_id == b.line_id && x.from <= b.to && b.from <= x.to);
                prop_assert!(!again, "{:?} billed twice", b);
            }
        }
    }

    /// A period split in two (a contract ending on a day, another starting the next) bills,
    /// in all, the whole period's amount within the rounding rule: one cent per part.
    #[test]
    fn prorata_over_a_split_period_sums_to_the_whole(price in 1u32..5_000_000, quantity in 1u32..20, split in 1u64..27, month in 0u32..24, billing in 0u32..3) {
        let frequency = [BillingFrequency::Monthly, BillingFrequency::Quarterly, BillingFrequency::Annual][billing as usize];
        let from = Month::from_index(Month::of(ORIGIN).index() + month as i32);
        let first = match frequency {
            BillingFrequency::Quarterly => Month::from_index(from.index() - (from.month() as i32 - 1) % 3).first_day(),
            BillingFrequency::Annual => d(from.year(), 1, 1),
            _ => from.first_day(),
        };
        let day = add_days(first, split);
        let unit_price = Decimal::new(i64::from(price), 4);
        let mut before = contract("C1", "A", d(2023, 1, 1), "0");
        before.lines = vec![line("1", &quantity.to_string(), &unit_price.to_string(), frequency)];
        before.termination = Some(Termination { notified_on: day, effective: day.pred_opt().unwrap(), reason: ChurnReason::Price, reason_text: None, by: TerminatedBy::Mutual });
        before.termination.as_mut().unwrap().notified_on = before.termination.as_ref().unwrap().effective;
        let mut after = before.clone();
        after.id = "C2".into();
        after.start = day;
        after.termination = None;
        let seller = crate::testkit::seller();
        let period_end = crate::contracts::calendar::prev_day(crate::contracts::calendar::add_months(first, frequency.months()));
        let parts: Vec<_> = invoices_due(&[before, after], period_end, &[], &seller)
            .unwrap()
            .into_iter()
            .filter(|i| i.period.from == first)
            .collect();
        prop_assert_eq!(parts.len(), 2);
        let total: Decimal = parts.iter().map(|i| i.draft.totals(i.billing_date).unwrap().total_excl_tax).sum();
        let whole = crate::money::round2(unit_price * Decimal::from(quantity));
        prop_assert!((total - whole).abs() <= Decimal::new(2, 2), "{} vs {}", total, whole);
    }
}
