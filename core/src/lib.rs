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
#[cfg(any(test, feature = "proptest"))]
pub mod proptest_support;

pub mod quote;
pub mod schema;
pub mod terms;
pub mod totals;
pub mod vat;

pub use chrono::NaiveDate;
pub use error::{CoreError, Rule, Violation};
pub use invoice::{CreditSelection, DepositSpec, InvoiceDraft, InvoiceKind, IssuedInvoice, credit_note, final_invoice, issue};
pub use legal::check;
pub use line::{AllowanceCharge, Discount, Line};
pub use numbering::{NumberingReport, NumberingState};
pub use party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};
pub use quote::{Quote, QuoteContent, QuoteStatus, check_quote};
pub use rust_decimal::Decimal;
pub use terms::PaymentTerms;
pub use totals::{Totals, VatBreakdown, compute_totals};
pub use vat::{Territory, VatCategory};

/// The version of facturier, shared by every crate and binding of the workspace.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
