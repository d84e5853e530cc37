//! facturier-core: a pure, exact and lawful model of French billing documents.
//!
//! Quotes (devis) with versions and statuses, invoices (standard, deposit, final), credit notes,
//! gapless numbering, EN 16931 totals and the legal checks of French law. Everything here is a
//! pure function of its arguments: no I/O, no clock, no randomness, no global state. Dates and
//! numbering state come in as arguments; money is `rust_decimal::Decimal`, never a binary float.

pub mod error;
pub mod identifiers;
pub mod invoice;
pub mod json;
pub mod legal;
pub mod line;
pub mod mentions;
pub mod money;
pub mod numbering;
pub mod party;


pub mod quote;
pub mod terms;
pub mod totals;
pub mod vat;

pub use error::{CoreError, Rule, Violation};


pub use line::{AllowanceCharge, Discount, Line};

pub use party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};

pub use rust_decimal::Decimal;
pub use chrono::NaiveDate;


pub use vat::{Territory, VatCategory};

/// The version of facturier, shared by every crate and binding of the workspace.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
