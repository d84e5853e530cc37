//! The test kit of the document model (feature `proptest`): fixed parties that pass every check,
//! sample drafts, dates, and proptest strategies, for the tests here and downstream (one kit
//! instead of a copy per test file).

// test data generators: plain arithmetic on small generated numbers
#![allow(clippy::arithmetic_side_effects)]

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::documents::draft::InvoiceDraft;
use crate::line::{AllowanceCharge, Discount, Line, SupplyKind};
use crate::party::{Address, Buyer, BuyerKind, CompanySize, Entity, Registration, Seller, VatRegime};
use crate::terms::PaymentTerms;
use crate::vat::VatCategory;

/// A decimal `units × 10^-scale` with `units` in `range`.
pub fn decimal(range: std::ops::Range<i64>, scale: u32) -> impl Strategy<Value = Decimal> {
    range.prop_map(move |u| Decimal::new(u, scale))
}

/// A metropolitan standard VAT rate in force in 2026.
pub fn vat_rate() -> impl Strategy<Value = Decimal> {
    prop_oneof![Just(Decimal::new(20, 0)), Just(Decimal::new(10, 0)), Just(Decimal::new(55, 1)), Just(Decimal::new(21, 1))]
}

/// A valid line with id `id`: quantity up to 4 dp, price up to 6 dp, optional discount.
pub fn line(id: usize) -> impl Strategy<Value = Line> {
    (
        decimal(1..1_000_000, 4),
        decimal(0..100_000_000_000, 6),
        prop_oneof![Just(None), decimal(0..10_000, 2).prop_map(|p| Some(Discount::Percent(p))),],
        vat_rate(),
        any::<bool>(),
    )
        .prop_map(move |(quantity, unit_price, discount, vat_rate, goods)| Line {
            id: format!("{}", id + 1),
            description: format!("Ligne {}", id + 1),
            quantity,
            unit: "C62".to_owned(),
            unit_price,
            discount,
            vat_category: VatCategory::S,
            vat_rate,
            supply: if goods { SupplyKind::Goods } else { SupplyKind::Services },
        })
}

/// 1 to `max` valid lines with ids 1, 2, …
pub fn lines(max: usize) -> impl Strategy<Value = Vec<Line>> {
    (1..=max).prop_flat_map(|n| (0..n).map(line).collect::<Vec<_>>())
}

/// A document charge in a standard-rate group.
pub fn charge() -> impl Strategy<Value = AllowanceCharge> {
    (decimal(0..100_000, 2), vat_rate()).prop_map(|(amount, vat_rate)| AllowanceCharge {
        amount,
        reason: "Frais".to_owned(),
        vat_category: VatCategory::S,
        vat_rate,
    })
}

/// A date of the tests: `NaiveDate::MIN` for an impossible one (which no test expects).
pub use crate::dated::day as date;

/// One service line of one unit at `unit_price` excl. tax, VAT S 20 %.
pub fn service_line(id: &str, unit_price: Decimal) -> Line {
    Line {
        id: id.into(),
        description: "Prestation".into(),
        quantity: Decimal::ONE,
        unit: "C62".into(),
        unit_price,
        discount: None,
        vat_category: VatCategory::S,
        vat_rate: Decimal::new(20, 0),
        supply: SupplyKind::Services,
    }
}

/// The sample draft of `examples/invoice-draft.json` with `lines` lines (its lines repeated,
/// renumbered 1, 2, …): the N-line invoice of benches and tests.
pub fn sample_draft(lines: usize) -> crate::error::Result<InvoiceDraft> {
    let mut d: InvoiceDraft = crate::json::from_str(include_str!("../../examples/invoice-draft.json"))?;
    let template = d.lines.clone();
    d.lines =
        (0..lines).filter_map(|i| template.get(i % template.len().max(1)).map(|l| Line { id: (i + 1).to_string(), ..l.clone() })).collect();
    Ok(d)
}

/// A seller that passes every identity check.
pub fn seller() -> Seller {
    Seller {
        name: "Atelier Numérique".into(),
        legal_form: Some("SAS".into()),
        share_capital: Some(Decimal::new(1_000_000, 2)),
        siren: Some("813883964".into()),
        siret: Some("81388396400013".into()),
        registration: Some(Registration::Rcs { city: "Lyon".into() }),
        vat_number: Some("FR11813883964".into()),
        address: Address {
            line1: "12 rue de la Charité".into(),
            line2: None,
            postal_code: "69002".into(),
            city: "Lyon".into(),
            country: "FR".into(),
        },
        iban: Some("FR7630004000031234567890143".into()),
        bic: Some("BNPAFRPPXXX".into()),
        individual_entrepreneur: false,
        entity: Entity::Company,
        variable_capital: false,
        billing_address: None,
        management: None,
        liquidation: None,
        vat_regime: VatRegime::Normal,
        company_size: CompanySize::Sme,
        email: None,
    }
}

/// A business buyer that passes every identity check.
pub fn buyer() -> Buyer {
    Buyer {
        kind: BuyerKind::Business,
        name: "Boulangerie Martin".into(),
        siren: Some("552100554".into()),
        siret: None,
        vat_number: Some("FR96552100554".into()),
        address: Address {
            line1: "3 place Bellecour".into(),
            line2: None,
            postal_code: "69002".into(),
            city: "Lyon".into(),
            country: "FR".into(),
        },
        billing_address: None,
        delivery_address: None,
        public_body: None,
        email: None,
    }
}

/// A lawful standard invoice draft with up to `max_lines` lines.
pub fn invoice_draft(max_lines: usize) -> impl Strategy<Value = InvoiceDraft> {
    (lines(max_lines), proptest::collection::vec(charge(), 0..3), proptest::collection::vec(charge(), 0..2)).prop_map(
        |(lines, charges, allowances)| {
            // at most one allowance of up to 1 cent in the first line's group, so no group basis goes negative
            let rate = lines.first().map_or(Decimal::new(20, 0), |l| l.vat_rate);
            let room = lines.first().and_then(|l| crate::totals::line_total(l, "").ok()).map_or(Decimal::ZERO, |t| t.net);
            let allowances = allowances
                .into_iter()
                .take(1)
                .map(|mut a| {
                    a.amount = room.min(Decimal::new(1, 2));
                    a.vat_rate = rate;
                    a
                })
                .collect();
            InvoiceDraft { allowances, charges, ..InvoiceDraft::new(seller(), buyer(), lines) }
        },
    )
}

/// A payment mode.
pub fn payment_mode() -> impl Strategy<Value = crate::receivables::payment::PaymentMode> {
    use crate::receivables::payment::PaymentMode;
    prop_oneof![
        Just(PaymentMode::Transfer),
        Just(PaymentMode::Card),
        Just(PaymentMode::Cheque),
        Just(PaymentMode::Cash),
        Just(PaymentMode::DirectDebit),
        Just(PaymentMode::Other),
    ]
}

/// A business, public or consumer buyer kind.
pub fn buyer_kind() -> impl Strategy<Value = BuyerKind> {
    prop_oneof![Just(BuyerKind::Business), Just(BuyerKind::Public), Just(BuyerKind::Consumer)]
}

/// The first day of the receivables scenarios.
pub const SCENARIO_START: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2025, 1, 1) {
    Some(d) => d,
    None => chrono::NaiveDate::MIN,
};

/// Every fact of a scenario is dated before this day.
pub const SCENARIO_END: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2026, 9, 1) {
    Some(d) => d,
    None => chrono::NaiveDate::MAX,
};

/// `SCENARIO_START` + `days`.
pub fn scenario_day(days: u32) -> chrono::NaiveDate {
    SCENARIO_START.checked_add_days(chrono::Days::new(u64::from(days))).unwrap_or(SCENARIO_END)
}

/// A payment of `amount` by `customer` on `date`, without allocation.
pub fn payment(
    id: &str,
    customer: &str,
    date: chrono::NaiveDate,
    amount: Decimal,
    mode: crate::receivables::payment::PaymentMode,
) -> crate::receivables::payment::Payment {
    crate::receivables::payment::Payment {
        id: id.to_owned(),
        customer_id: customer.to_owned(),
        date,
        amount,
        currency: Default::default(),
        mode,
        reference: None,
        allocations: vec![],
    }
}

/// `amount` × `percent` / 100, to the cent, at least one cent.
fn part(amount: Decimal, percent: i64) -> Decimal {
    let p = amount.checked_mul(Decimal::from(percent)).map_or(Decimal::ONE, |x| crate::money::round2(x / Decimal::ONE_HUNDRED));
    p.max(Decimal::new(1, 2))
}

/// The index in `[payments|refunds][i]…` of a violation path.
fn index_in(path: &str, name: &str) -> Option<usize> {
    let rest = path.strip_prefix(name)?.strip_prefix('[')?;
    rest.split(']').next()?.parse().ok()
}

/// Drops the explicit allocations and refunds that the ledger refuses, until it accepts them.
fn repair(input: &mut crate::receivables::ReceivablesInput) {
    for _ in 0..32 {
        match crate::receivables::ledger::allocate(&input.invoices, &input.payments, &input.refunds, SCENARIO_END) {
            Err(crate::error::CoreError::Invalid(v)) => {
                let mut refunds: Vec<usize> = v.iter().filter_map(|x| index_in(&x.path, "refunds")).collect();
                let payments: Vec<usize> = v.iter().filter_map(|x| index_in(&x.path, "payments")).collect();
                if refunds.is_empty() && payments.is_empty() {
                    break;
                }
                for i in payments {
                    if let Some(p) = input.payments.get_mut(i) {
                        p.allocations.clear();
                    }
                }
                refunds.sort_unstable();
                refunds.dedup();
                for i in refunds.into_iter().rev() {
                    if i < input.refunds.len() {
                        input.refunds.remove(i);
                    }
                }
            }
            _ => return,
        }
    }
    for p in &mut input.payments {
        p.allocations.clear();
    }
    input.refunds.clear();
}

/// A valid receivables input: 1 to 3 customers of any kind, 1 to 6 invoices issued with
/// [`crate::issue`] in 2025-2026, credit notes, payments (some allocated explicitly, some
/// overpaying), refunds and reminders sent. Every fact is dated before [`SCENARIO_END`] and the
/// input is valid as of every date (explicit allocations and refunds the ledger would refuse are
/// dropped).
pub fn receivables_input() -> impl Strategy<Value = crate::receivables::ReceivablesInput> {
    let invoices = proptest::collection::vec(
        (0usize..3, invoice_draft(2), 0u32..450, 0u32..=60, proptest::option::of(1i64..2000), any::<bool>()),
        1..=6,
    );
    let notes = proptest::collection::vec((0usize..6, 1i64..=100, 0u32..60), 0..=2);
    let payments = proptest::collection::vec(
        (0usize..3, 0u32..600, 1i64..=130, 0usize..6, proptest::option::of((0usize..6, 1i64..=100)), payment_mode()),
        0..=8,
    );
    let refunds = proptest::collection::vec((0usize..3, 0u32..600, 1i64..=20_000), 0..=2);
    let reminders = proptest::collection::vec((0usize..6, 0usize..3, -5i64..60), 0..=3);
    (proptest::collection::vec(buyer_kind(), 1..=3), invoices, notes, payments, refunds, reminders, any::<bool>()).prop_map(
        |(kinds, mut invoices, mut notes, payments, refunds, reminders, weighted)| {
            use crate::documents::credit_note::{CreditSelection, credit_note};
            use crate::documents::invoice::issue;
            use crate::receivables::payment::{Allocation, ReceivableInvoice, Refund};
            let customer = |c: usize| format!("C{}", c % kinds.len() + 1);
            let mut input = crate::receivables::ReceivablesInput { weighted_forecast: weighted, ..Default::default() };
            let mut series = crate::documents::numbering::NumberingState::continuous("invoices", "F-{SEQ}").ok();
            invoices.sort_by_key(|x| x.2);
            for (c, mut draft, day, days, rate, contractual) in invoices {
                let kind = kinds.get(c % kinds.len()).copied().unwrap_or_default();
                draft.buyer.kind = kind;
                draft.buyer.name = format!("Client {}", customer(c));
                draft.payment_terms = PaymentTerms::NetDays { days: if kind == BuyerKind::Public { days.min(30) } else { days } };
                draft.late_payment_rate = rate.filter(|_| contractual).map(|r| Decimal::new(r, 2));
                let Some(state) = &series else { continue };
                if let Ok((inv, next)) = issue(draft, state, scenario_day(day)) {
                    series = Some(next);
                    input.invoices.push(ReceivableInvoice::new(Some(customer(c)), inv));
                }
            }
            let issued: Vec<ReceivableInvoice> = input.invoices.clone();
            let mut credits = crate::documents::numbering::NumberingState::continuous("credit-notes", "AV-{SEQ}").ok();
            notes.sort_by_key(|n| issued.get(n.0 % issued.len().max(1)).map(|r| r.invoice.issue_date()).map(|d| (d, n.2)));
            let mut dated: Vec<(chrono::NaiveDate, ReceivableInvoice, CreditSelection)> = Vec::new();
            for (i, percent, after) in notes {
                let Some(original) = issued.get(i % issued.len().max(1)) else { continue };
                let Some(group) = original.invoice.totals().vat_breakdown.iter().find(|g| g.basis > Decimal::ZERO) else { continue };
                let amount = part(group.basis, percent).min(group.basis);
                let sel =
                    CreditSelection::Amount { amount, vat_category: group.category, vat_rate: group.rate, reason: "Geste".to_owned() };
                let date = original.invoice.issue_date().checked_add_days(chrono::Days::new(u64::from(after))).unwrap_or(SCENARIO_END);
                dated.push((date.min(SCENARIO_END.pred_opt().unwrap_or(SCENARIO_END)), original.clone(), sel));
            }
            dated.sort_by_key(|x| x.0);
            for (date, original, sel) in dated {
                // as a host must: the credit notes already issued, so that none credits more than was invoiced
                let earlier: Vec<crate::documents::invoice::IssuedInvoice> = input
                    .invoices
                    .iter()
                    .filter(|r| r.invoice.content().preceding_invoice.as_ref().is_some_and(|p| p.number == original.invoice.number()))
                    .map(|r| r.invoice.clone())
                    .collect();
                let (Some(state), Ok(draft)) = (&credits, credit_note(&original.invoice, &sel, &earlier)) else { continue };
                if let Ok((cn, next)) = issue(draft, state, date) {
                    credits = Some(next);
                    input.invoices.push(ReceivableInvoice::new(original.customer_id.clone(), cn));
                }
            }
            for (k, (c, day, percent, basis, explicit, mode)) in payments.into_iter().enumerate() {
                let own: Vec<&ReceivableInvoice> =
                    issued.iter().filter(|r| r.customer_id.as_deref() == Some(customer(c).as_str())).collect();
                let reference = own.get(basis % own.len().max(1)).map_or(Decimal::ONE_HUNDRED, |r| r.invoice.totals().amount_due);
                let amount = part(reference.max(Decimal::ONE), percent);
                let mut p = payment(&format!("P{k}"), &customer(c), scenario_day(day), amount, mode);
                if let Some((target, share)) = explicit {
                    if let Some(t) = own.get(target % own.len().max(1)) {
                        let owed = t.invoice.totals().amount_due;
                        if owed > Decimal::ZERO {
                            p.allocations
                                .push(Allocation { invoice: t.invoice.number().to_owned(), amount: part(owed, share).min(amount) });
                        }
                    }
                }
                input.payments.push(p);
            }
            for (k, (c, day, cents)) in refunds.into_iter().enumerate() {
                input.refunds.push(Refund {
                    id: format!("R{k}"),
                    customer_id: customer(c),
                    date: scenario_day(day),
                    amount: Decimal::new(cents, 2),
                    currency: Default::default(),
                    mode: crate::receivables::payment::PaymentMode::Transfer,
                    reference: None,
                });
            }
            repair(&mut input);
            let levels = ["courteous", "firm", "formal_notice"];
            for (i, level, offset) in reminders {
                let Some(r) = issued.get(i % issued.len().max(1)) else { continue };
                let due = r.invoice.due_date();
                let shifted = if offset < 0 {
                    due.checked_sub_days(chrono::Days::new(offset.unsigned_abs()))
                } else {
                    due.checked_add_days(chrono::Days::new(offset.unsigned_abs()))
                };
                let date = shifted.unwrap_or(due).max(r.invoice.issue_date());
                input.reminders.push(crate::receivables::dunning::SentReminder {
                    invoice: r.invoice.number().to_owned(),
                    level: levels.get(level).copied().unwrap_or("firm").to_owned(),
                    date,
                });
            }
            input
        },
    )
}
