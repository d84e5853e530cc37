//! facturier-core: a pure, exact and lawful model of French billing documents.
//!
//! Quotes (devis) with versions and statuses, invoices (standard, deposit, final), credit notes,
//! gapless numbering, EN 16931 totals and the legal checks of French law; then what follows
//! issuance: payments and their allocation, receivables and aging, late-payment interest,
//! reminders and cash figures ([`receivables::receivables`]). Everything here is a pure function
//! of its arguments: no I/O, no clock, no randomness, no global state. Dates and numbering state
//! come in as arguments; money is `rust_decimal::Decimal`, never a binary float.

pub mod cash;
pub mod document;
pub mod dunning;
pub mod error;
pub mod identifiers;
pub mod interest;
pub mod invoice;
pub mod json;
pub mod legal;
pub mod line;
pub mod mentions;
pub mod money;
pub mod numbering;
pub mod party;
pub mod payment;
pub mod presentation;
#[cfg(any(test, feature = "proptest"))]
pub mod proptest_support;

pub mod quote;
pub mod receivables;
pub mod schema;
pub mod terms;
pub mod totals;
pub mod vat;

pub use cash::{CashReport, Period};
pub use chrono::NaiveDate;
pub use document::{Document, Draft, ReminderLetter, Statement};
pub use dunning::{DunningSchedule, Reminder, ReminderKind, SentReminder, reminders_due};
pub use error::{CoreError, Rule, Violation};
pub use interest::{InterestResult, LateDebt, RateOverrides, RateTables, late_interest};
pub use invoice::{CreditSelection, DepositSpec, InvoiceDraft, InvoiceKind, IssuedInvoice, credit_note, final_invoice, issue};
pub use legal::check;
pub use line::{AllowanceCharge, Discount, Line};
pub use numbering::{NumberingReport, NumberingState};
pub use party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};
pub use payment::{Allocation, Ledger, Payment, PaymentMode, ReceivableInvoice, Refund, allocate};
pub use quote::{Quote, QuoteContent, QuoteStatus, check_quote};
pub use receivables::{InvoiceStatus, ReceivablesInput, ReceivablesReport, receivables};
pub use rust_decimal::Decimal;
pub use terms::PaymentTerms;
pub use totals::{Totals, VatBreakdown, compute_totals};
pub use vat::{Territory, VatCategory};

/// The version of facturier, shared by every crate and binding of the workspace.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
