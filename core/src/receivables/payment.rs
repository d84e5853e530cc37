//! Payments and refunds as the host records them, and the invoices they settle.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::invoice::IssuedInvoice;
use crate::error::Rule;
use crate::money::Currency;

/// Receivables are kept in euros, the currency of France.
pub const RULE_CURRENCY: Rule =
    Rule { code: "receivables.currency.unsupported", source: "C. mon. fin. L111-1 (la monnaie de la France est l'euro)" };
/// Every invoice, payment and refund names its customer.
pub const RULE_CUSTOMER: Rule =
    Rule { code: "receivables.customer.missing", source: "C. civ. 1342-10 (payments are imputed between the debts of one debtor)" };
/// One invoice per number.
pub const RULE_INVOICE_DUPLICATE: Rule =
    Rule { code: "receivables.invoice.duplicate", source: "CGI ann. II art. 242 nonies A, I-7° (unique invoice numbers)" };
/// Payments and refunds have unique, non-empty ids.
pub const RULE_ID: Rule =
    Rule { code: "receivables.id.invalid", source: "facturier: each payment and refund is identified (C. civ. 1342-10)" };
/// Payments, refunds and allocations are positive amounts.
pub const RULE_AMOUNT: Rule = Rule { code: "payment.amount.invalid", source: "C. civ. 1342 (payment of a sum of money); EN 16931 BR-DEC" };
/// An invoice never asks for a negative amount: that is a credit note.
pub const RULE_NEGATIVE_DUE: Rule = Rule { code: "receivables.amount_due.negative", source: "BOI-TVA-DECLA-30-20-20-20 §210" };
/// An allocation names an invoice of the customer issued on or before the payment.
pub const RULE_ALLOCATION_UNKNOWN: Rule =
    Rule { code: "payment.allocation.unknown_invoice", source: "C. civ. 1342-10 (the debtor indicates the debt it pays)" };
/// An allocation never settles another customer's invoice.
pub const RULE_ALLOCATION_OTHER_CUSTOMER: Rule =
    Rule { code: "payment.allocation.other_customer", source: "C. civ. 1342-10 (imputation between the debts of the payer)" };
/// No allocation exceeds what the invoice still owes.
pub const RULE_ALLOCATION_EXCEEDS: Rule =
    Rule { code: "payment.allocation.exceeds_outstanding", source: "C. civ. 1302 (what is paid beyond the debt is not owed)" };
/// The allocations of a payment never exceed its amount.
pub const RULE_ALLOCATION_EXCEEDS_PAYMENT: Rule =
    Rule { code: "payment.allocation.exceeds_payment", source: "facturier: a payment allocates at most its amount" };
/// A refund draws on the customer's credit and never exceeds it.
pub const RULE_REFUND_EXCEEDS: Rule =
    Rule { code: "refund.exceeds_credit", source: "C. civ. 1302, 1302-1 (restitution of what was received and not owed)" };
/// A credit note corrects an invoice of the same customer, among the inputs.
pub const RULE_CREDIT_NOTE_INVOICE: Rule = Rule {
    code: "credit_note.invoice.unknown",
    source: "BOI-TVA-DECLA-30-20-20-20 §220 (a credit note refers to the invoice it corrects)",
};

/// How a payment was made.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    /// Bank transfer (virement).
    Transfer,
    /// Bank card.
    Card,
    /// Cheque.
    Cheque,
    /// Cash (C. mon. fin. D112-3 caps cash payments between professionals).
    Cash,
    /// Direct debit (prélèvement SEPA).
    DirectDebit,
    /// Any other means.
    Other,
}

/// Credit notes never credit an invoice beyond what it charged, per VAT group.
pub const RULE_CREDIT_NOTES_EXCEED: Rule = Rule {
    code: "receivables.credit_notes.exceed_invoice",
    source: "CGI art. 289 I-5, 272-1 (a credit note reverses what was invoiced, no more)",
};
/// Only a public buyer's payment period runs from receipt of the payment request, never before issue.
pub const RULE_PAYMENT_REQUEST: Rule =
    Rule { code: "receivables.payment_request.invalid", source: "CCP R2192-12 (the period runs from receipt of the payment request)" };
/// Warning: a public buyer's invoice without the date its payment request was received.
pub const RULE_PAYMENT_REQUEST_UNKNOWN: Rule = Rule {
    code: "receivables.payment_request.receipt_unknown",
    source: "CCP R2192-12 (the period runs from receipt of the payment request): the issue date is used",
};
/// Warning: a debt above the cash limit paid in cash.
pub const RULE_CASH_LIMIT: Rule = Rule {
    code: "payments.cash.above_limit",
    source: "C. mon. fin. L112-6, D112-3 (1 000 € for a debtor resident in France or acting professionally, 15 000 € otherwise)",
};

/// The largest debt a debtor domiciled in France or acting for professional purposes may pay in
/// cash, and the one for other natural persons, in force since 1 September 2015 (C. mon. fin.
/// L112-6, D112-3 as amended by décret 2015-741): dated data, `(from, resident, non-resident)`.
pub const CASH_LIMITS: &[(NaiveDate, Decimal, Decimal)] =
    &[(crate::dated::day(2015, 9, 1), Decimal::from_parts(1000, 0, 0, false, 0), Decimal::from_parts(15000, 0, 0, false, 0))];

/// An issued invoice or credit note and the customer it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceivableInvoice {
    /// The host's customer key; the buyer's SIREN, else its name, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The issued invoice or credit note, as [`crate::issue`] returned it.
    pub invoice: IssuedInvoice,
    /// For a public buyer: the day it received the payment request (e.g. its deposit on Chorus
    /// Pro). Its payment period and the moratorium interest run from that day (CCP R2192-12);
    /// the issue date is used, with a warning, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_received: Option<NaiveDate>,
    /// The day a judgment condemning the buyer to pay it became enforceable: two months later,
    /// the legal interest rate is increased by five points (C. mon. fin. L313-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgment_enforceable: Option<NaiveDate>,
}

impl ReceivableInvoice {
    /// `invoice` of customer `customer_id` (its buyer's SIREN, else name, when `None`), with
    /// neither a payment-request receipt nor a judgment recorded.
    pub fn new(customer_id: Option<String>, invoice: IssuedInvoice) -> Self {
        ReceivableInvoice { customer_id, invoice, payment_request_received: None, judgment_enforceable: None }
    }

    /// The customer key: `customer_id`, else the buyer's SIREN, else the buyer's name.
    pub fn customer(&self) -> String {
        customer_key(self.customer_id.as_deref(), &self.invoice.content().buyer)
    }
}

/// The customer key of a document to `buyer`: `explicit` if given, else the buyer's SIREN, else
/// the buyer's name (trimmed).
pub(crate) fn customer_key(explicit: Option<&str>, buyer: &crate::party::Buyer) -> String {
    match explicit {
        Some(id) => id.trim().to_owned(),
        None => match buyer.siren.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(siren) => siren.to_owned(),
            None => buyer.name.trim().to_owned(),
        },
    }
}

/// Part of a payment the payer assigned to one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// Number of the invoice paid.
    pub invoice: String,
    /// Amount incl. tax assigned to it.
    pub amount: Decimal,
}

/// Money received from a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The host's unique id of the payment.
    pub id: String,
    /// The customer who paid.
    pub customer_id: String,
    /// Date the funds were received.
    pub date: NaiveDate,
    /// Amount received.
    pub amount: Decimal,
    /// ISO 4217 currency; EUR by default, the only one accepted.
    #[serde(default)]
    pub currency: Currency,
    /// How it was paid.
    pub mode: PaymentMode,
    /// Bank reference, cheque number…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The invoices it pays, as the payer said; the rest goes oldest-first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<Allocation>,
}

/// Money returned to a customer out of its credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    /// The host's unique id of the refund.
    pub id: String,
    /// The customer refunded.
    pub customer_id: String,
    /// Date of the refund.
    pub date: NaiveDate,
    /// Amount refunded.
    pub amount: Decimal,
    /// ISO 4217 currency; EUR by default, the only one accepted.
    #[serde(default)]
    pub currency: Currency,
    /// How it was paid back.
    pub mode: PaymentMode,
    /// Bank reference…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
