//! Contracts for the tests of this domain: a valid business contract built field by field, the
//! JSON examples, and small constructors.

use rust_decimal::Decimal;

use crate::contracts::amendment::{Amendment, AmendmentKind, Change};
use crate::contracts::calendar::Month;
use crate::contracts::contract::{
    BillingAnchor, BillingFrequency, Contract, ContractKind, Notice, RecurringLine, RenewalClause, RenewalTerm, Term, Timing,
};
use crate::line::SupplyKind;
use crate::money::Currency;
use crate::terms::PaymentTerms;
use crate::vat::{Territory, VatCategory};

pub use crate::dated::day as d;

/// `"12.50"` as a decimal.
pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// `"2026-03"` as a month.
pub fn month(s: &str) -> Month {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A recurring service line, VAT 20 %, billed in advance.
pub fn line(id: &str, quantity: &str, unit_price: &str, billing: BillingFrequency) -> RecurringLine {
    RecurringLine {
        id: id.into(),
        description: format!("Service {id}"),
        quantity: dec(quantity),
        unit: "C62".into(),
        unit_price: dec(unit_price),
        vat_category: VatCategory::S,
        vat_rate: dec("20"),
        supply: SupplyKind::Services,
        billing,
        timing: Timing::Advance,
    }
}

/// A business subscription of `customer` from `start`, 12-month terms renewed tacitly for 12
/// months with 1 month's notice, with one monthly line at `price`.
pub fn contract(id: &str, customer: &str, start: chrono::NaiveDate, price: &str) -> Contract {
    Contract {
        id: id.into(),
        customer_id: customer.into(),
        buyer: crate::testkit::buyer(),
        kind: ContractKind::Subscription,
        signed_on: None,
        start,
        first_term: Term::Months(12),
        currency: Currency::default(),
        territory: Territory::Metropole,
        lines: vec![line("1", "1", price, BillingFrequency::Monthly)],
        one_off_lines: vec![],
        discounts: vec![],
        billing_anchor: BillingAnchor::Calendar,
        payment_terms: PaymentTerms::default(),
        purchase_order: None,
        renewal: RenewalClause { tacit: true, term: RenewalTerm::SameAsFirst, notice: Notice::Months(1) },
        indexation: None,
        trial_until: None,
        concluded_online: false,
        termination_url: None,
        origin: None,
        signed_document: None,
        amendments: vec![],
        pauses: vec![],
        renewals: vec![],
        chatel_letters: vec![],
        termination: None,
    }
}

/// Avenant `number` effective on `effective` with `changes`.
pub fn amendment(number: u32, effective: chrono::NaiveDate, changes: Vec<Change>) -> Amendment {
    Amendment { number, effective, signed_on: None, kind: AmendmentKind::Avenant, changes, note: None, indexation: None }
}

/// A new unit price for line `id`.
pub fn price(id: &str, unit_price: &str) -> Change {
    Change::SetUnitPrice { line_id: id.into(), unit_price: dec(unit_price) }
}

/// A new quantity for line `id`.
pub fn quantity(id: &str, quantity: &str) -> Change {
    Change::SetQuantity { line_id: id.into(), quantity: dec(quantity) }
}

/// The maintenance contract of `examples/maintenance.json`.
pub fn maintenance() -> Contract {
    crate::json::from_str(include_str!("examples/maintenance.json")).unwrap_or_else(|e| panic!("{e}"))
}

/// The consumer subscription of `examples/consumer-subscription.json`.
pub fn consumer() -> Contract {
    crate::json::from_str(include_str!("examples/consumer-subscription.json")).unwrap_or_else(|e| panic!("{e}"))
}
