//! facturier-core: a pure, exact and lawful model of French billing documents.
//!
//! Quotes (devis) with versions and statuses, invoices (standard, deposit, final), credit notes,
//! gapless numbering, EN 16931 totals and the legal checks of French law; then what follows
//! issuance: payments and their allocation, receivables and aging, late-payment interest,
//! reminders and cash figures. Everything here is a pure function of its arguments: no I/O, no
//! clock, no randomness, no global state. Dates and numbering state come in as arguments; money
//! is `rust_decimal::Decimal`, never a binary float (the clippy configuration of the workspace
//! bans float conversions and the clock here).
//!
//! # Where things are
//!
//! - The shared vocabulary at the top: [`money`], [`vat`], [`party`], [`identifiers`], [`line`](mod@line),
//!   [`totals`], [`terms`], [`dated`] (rules and texts in force between two dates), [`error`]
//!   (one error type, stable codes), [`json`] (the exact JSON reader), [`schema`].
//! - [`documents`]: what a seller writes — the invoice draft, quotes, issued invoices, deposits
//!   and final invoices, credit notes, numbering, the legal checks and mentions.
//! - [`receivables`](mod@receivables): what follows issuance — payments and refunds, the ledger and each
//!   customer's statement, statuses and aging, rate tables, late interest, dunning, cash.
//! - [`accounting`]: what the books show — the chart of accounts, posting rules, journal entries,
//!   lettering, entry numbering at validation, the VAT due per period and the audit trail.
//! - [`contracts`]: what recurs — contracts and their amendments, terms, renewals and the
//!   consumer's information letter, termination, indexation, recurring invoice drafts, MRR and
//!   its movements, churn, retention and the other recurring-revenue rates.
//!
//! Each type has one documented path, in the module that defines it; the crate root re-exports
//! the main entry points for convenience.
//!
//! What is already good and kept on purpose: the `rules!` tables (every rule a stable code and its
//! source, [`documents::legal::RULES`]), validated values read through `try_from` (an
//! [`IssuedInvoice`] or a [`Quote`] cannot be deserialised out of step with its content), and the
//! clippy bans.

// every sum, product and difference of the core is checked: an overflow is a typed error,
// never a panic across the FFI (tests may use plain arithmetic)
#![cfg_attr(not(test), warn(clippy::arithmetic_side_effects))]

pub mod accounting;
pub mod contracts;
pub mod dated;
pub mod document;
pub mod documents;
pub mod error;
pub mod format;
pub mod identifiers;
pub mod json;
pub mod line;
pub mod money;
pub mod party;
pub mod presentation;
pub mod receivables;
pub mod schema;
pub mod terms;
#[cfg(any(test, feature = "proptest"))]
pub mod testkit;
pub mod text;
pub mod texts;
pub mod totals;
pub mod vat;

#[doc(no_inline)]
pub use accounting::{AccountingInput, Journal, post, vat_due};
#[doc(no_inline)]
pub use chrono::NaiveDate;
#[doc(no_inline)]
pub use contracts::{
    Contract, ContractsInput, Month, MrrReport, MrrSettings, MrrSnapshot, RenewalSchedule, billing_runs, chatel_letter, contract_as_of,
    invoices_due, mrr_at, mrr_report, renew, renewal_schedule, terminate,
};
#[doc(no_inline)]
pub use document::{Document, Draft, ReminderLetter, Statement};
#[doc(no_inline)]
pub use documents::credit_note::{CreditSelection, credit_note};
#[doc(no_inline)]
pub use documents::deposit::final_invoice;
#[doc(no_inline)]
pub use documents::draft::{DepositSpec, InvoiceDraft, InvoiceKind};
#[doc(no_inline)]
pub use documents::invoice::{IssuedInvoice, issue};
#[doc(no_inline)]
pub use documents::legal::check;
#[doc(no_inline)]
pub use documents::numbering::{NumberingReport, NumberingState};
#[doc(no_inline)]
pub use documents::quote::{Quote, QuoteContent, QuoteStatus, check_quote};
#[doc(no_inline)]
pub use error::{CoreError, Rule, Violation};
#[doc(no_inline)]
pub use line::{AllowanceCharge, Discount, Line};
#[doc(no_inline)]
pub use party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};
#[doc(no_inline)]
pub use receivables::account::InvoiceStatus;
#[doc(no_inline)]
pub use receivables::cash::{CashReport, Period};
#[doc(no_inline)]
pub use receivables::dunning::{DunningSchedule, Reminder, ReminderKind, SentReminder, reminders_due};
#[doc(no_inline)]
pub use receivables::interest::{InterestResult, LateDebt, late_interest};
#[doc(no_inline)]
pub use receivables::ledger::{Ledger, allocate};
#[doc(no_inline)]
pub use receivables::payment::{Allocation, Payment, PaymentMode, ReceivableInvoice, Refund};
#[doc(no_inline)]
pub use receivables::rates::{RateOverrides, RateTables};
#[doc(no_inline)]
pub use receivables::{ReceivablesInput, ReceivablesReport, receivables};
#[doc(no_inline)]
pub use rust_decimal::Decimal;
#[doc(no_inline)]
pub use terms::PaymentTerms;
#[doc(no_inline)]
pub use totals::{Totals, VatBreakdown, compute_totals};
#[doc(no_inline)]
pub use vat::{Territory, VatCategory};

/// Every rule and error code of the core, each with its source: the legal checks, the operations'
/// refusals, the numbering conditions, the receivables checks and the error families. Codes are
/// stable once published; `facturier rules`, `facturier.rules()` and `rules()` list these.
pub fn rules() -> Vec<Rule> {
    let contracts = contracts::rules();
    let tables: [&[Rule]; 13] = [
        error::ERROR_RULES,
        json::RULES,
        dated::RULES,
        documents::legal::RULES,
        documents::quote::RULES,
        documents::deposit::RULES,
        documents::credit_note::RULES,
        documents::numbering::RULES,
        documents::invoice::RULES,
        receivables::RULES,
        document::RULES,
        accounting::RULES,
        &contracts,
    ];
    let mut out: Vec<Rule> = Vec::new();
    for rule in tables.into_iter().flatten() {
        if !out.iter().any(|r| r.code == rule.code) {
            out.push(*rule);
        }
    }
    out
}

/// The version of facturier, shared by every crate and binding of the workspace.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
