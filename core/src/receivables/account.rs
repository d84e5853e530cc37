//! The accounts the ledger keeps: of each invoice, credit note, payment and refund, and the
//! ledger itself.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::draft::InvoiceKind;
use crate::party::BuyerKind;
use crate::receivables::payment::PaymentMode;

/// Where money that settles an invoice comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundsSource {
    /// A payment received.
    Payment,
    /// A credit note issued.
    CreditNote,
}

/// Why an amount settled an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AllocationMethod {
    /// The payer assigned it to this invoice.
    Explicit,
    /// A credit note reducing the invoice it corrects.
    CreditNote,
    /// Unassigned money or customer credit, applied oldest-first.
    OldestFirst,
}

/// An amount that reduced what an invoice owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Settlement {
    /// Date booked.
    pub date: NaiveDate,
    /// Amount incl. tax.
    pub amount: Decimal,
    /// Payment or credit note.
    pub source: FundsSource,
    /// The payment id or credit note number.
    pub reference: String,
    /// Why it went to this invoice.
    pub method: AllocationMethod,
}

/// Where part of a payment or credit note went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AllocationRecord {
    /// The invoice settled.
    pub invoice: String,
    /// Date booked.
    pub date: NaiveDate,
    /// Amount incl. tax.
    pub amount: Decimal,
    /// Why it went there.
    pub method: AllocationMethod,
}

/// Customer credit a refund drew on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditDraw {
    /// Payment or credit note the credit came from.
    pub source: FundsSource,
    /// Its id or number.
    pub reference: String,
    /// Amount drawn.
    pub amount: Decimal,
}

/// One invoice (not a credit note) as of a date: what it asked, what settled it, what it owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvoiceAccount {
    /// Invoice number.
    pub number: String,
    /// Customer key.
    pub customer_id: String,
    /// Buyer's name.
    pub buyer_name: String,
    /// Business, public or consumer buyer.
    pub buyer_kind: BuyerKind,
    /// Standard, deposit or final invoice.
    pub kind: InvoiceKind,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date: the invoice's, moved by the days its payment request took to reach a public
    /// buyer (CCP R2192-12).
    pub due_date: NaiveDate,
    /// The day a public buyer received the payment request, when the host recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_received: Option<NaiveDate>,
    /// The day a judgment condemning the buyer became enforceable (C. mon. fin. L313-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgment_enforceable: Option<NaiveDate>,
    /// Contractual late-payment rate, percent per year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_payment_rate: Option<Decimal>,
    /// Amount due incl. tax (BT-115).
    pub amount_due: Decimal,
    /// Settled by credit notes.
    pub credited: Decimal,
    /// Settled by payments.
    pub paid: Decimal,
    /// Still owed: amount_due − credited − paid, never negative.
    pub outstanding: Decimal,
    /// Status as of the ledger's date.
    pub status: InvoiceStatus,
    /// Days past the due date while something is owed, else 0.
    pub days_late: i64,
    /// The day it became fully settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_on: Option<NaiveDate>,
    /// Every amount that reduced it, in booking order.
    pub settlements: Vec<Settlement>,
}

/// One payment: where every cent went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PaymentAccount {
    /// Payment id.
    pub id: String,
    /// Customer key.
    pub customer_id: String,
    /// Date received.
    pub date: NaiveDate,
    /// Amount received.
    pub amount: Decimal,
    /// How it was paid.
    pub mode: PaymentMode,
    /// Bank reference…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Settled invoices with it.
    pub allocated: Decimal,
    /// Returned to the customer.
    pub refunded: Decimal,
    /// Still customer credit: amount − allocated − refunded.
    pub credit: Decimal,
    /// Where it went.
    pub allocations: Vec<AllocationRecord>,
}

/// One credit note: how much reduced its invoice, and where the excess went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditNoteAccount {
    /// Credit note number.
    pub number: String,
    /// Number of the invoice it corrects.
    pub invoice: String,
    /// Customer key.
    pub customer_id: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Amount credited incl. tax (its BT-115).
    pub amount: Decimal,
    /// Settled invoices with it (its own invoice first).
    pub allocated: Decimal,
    /// Returned to the customer.
    pub refunded: Decimal,
    /// Still customer credit: amount − allocated − refunded.
    pub credit: Decimal,
    /// Where it went.
    pub allocations: Vec<AllocationRecord>,
}

/// One refund and the credit it drew on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RefundAccount {
    /// Refund id.
    pub id: String,
    /// Customer key.
    pub customer_id: String,
    /// Date.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Decimal,
    /// How it was paid back.
    pub mode: PaymentMode,
    /// Bank reference…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The credit drawn, oldest first.
    pub drawn: Vec<CreditDraw>,
}
/// Where an invoice stands as of a date.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Not issued yet: owes nothing, has no number.
    Draft,
    /// Issued, not due yet, nothing settled.
    IssuedUnpaid,
    /// Issued, not due yet, partly settled.
    PartiallyPaid,
    /// Fully settled, by payments (and possibly credit notes).
    Paid,
    /// Past its due date with something still owed (see `days_late`).
    Overdue,
    /// Fully settled by credit notes alone.
    Credited,
}

/// The status of an invoice account as of `as_of`, and its days late (0 unless overdue).
///
/// A pure function of the amounts and the dates: overdue when something is owed after the due
/// date (C. com. L441-10 II: penalties run from the next day); paid or credited when nothing is
/// owed; else issued-unpaid or partially paid.
pub fn invoice_status(account: &InvoiceAccount, as_of: NaiveDate) -> (InvoiceStatus, i64) {
    if account.outstanding <= Decimal::ZERO {
        let by_credit_notes = account.paid.is_zero() && account.credited > Decimal::ZERO;
        return (if by_credit_notes { InvoiceStatus::Credited } else { InvoiceStatus::Paid }, 0);
    }
    if as_of > account.due_date {
        return (InvoiceStatus::Overdue, as_of.signed_duration_since(account.due_date).num_days());
    }
    if account.outstanding < account.amount_due { (InvoiceStatus::PartiallyPaid, 0) } else { (InvoiceStatus::IssuedUnpaid, 0) }
}
