//! Receivables as of a date: who owes what, how late, what interest the law allows, which
//! reminders to send and what cash to expect.
//!
//! [`receivables`] reads one [`ReceivablesInput`] — the issued invoices and credit notes with
//! their customer, the payments, refunds and reminders already sent, and optionally a dunning
//! schedule, rate overrides, a period and the forecast weighting — and builds the whole
//! [`ReceivablesReport`] as of a date. Each part is also a public function of its own:
//! [`ledger::allocate`] (ledger and statuses), [`account::invoice_status`], [`aging::aging`],
//! [`interest::late_interest_report`] (and [`interest::late_interest`] for one debt),
//! [`dunning::reminders_due`] and [`cash::cash_report`].
//!
//! The files, one job each: [`payment`] (what the host records), `intake` (which facts are
//! accepted, and the problems of the others), [`ledger`] (the booking engine), [`account`] (the
//! accounts it keeps and the invoice status), [`statement`] (a customer's account statement),
//! [`aging`], [`rates`] (the dated ECB and legal-rate tables), [`interest`], [`dunning`] and its
//! [`letters`], [`cash`].
//!
//! Everything is a pure function of the facts and the date: facts dated after `as_of` are not
//! read, and the order of the inputs does not matter (see [`ledger`] for the booking order and
//! the customer identity).

pub mod account;
pub mod aging;
pub mod cash;
pub mod dunning;
mod intake;
pub mod interest;
pub mod ledger;
pub mod letters;
pub mod payment;
pub mod rates;
pub mod statement;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::draft::InvoiceDraft;
use std::collections::BTreeMap;

use crate::error::{CoreError, Result, Rule, Violation};
use crate::receivables::account::InvoiceStatus;
use crate::receivables::account::{CreditNoteAccount, InvoiceAccount, PaymentAccount, RefundAccount};
use crate::receivables::aging::Aging;
use crate::receivables::cash::{CashReport, Period};
use crate::receivables::dunning::{DunningSchedule, Reminder, SentReminder};
use crate::receivables::interest::InterestReport;
use crate::receivables::interest::late_interest_report;
use crate::receivables::ledger::Ledger;
use crate::receivables::payment::{Payment, ReceivableInvoice, Refund};
use crate::receivables::rates::{RateOverrides, RateTables};
use crate::receivables::statement::CustomerAccount;

/// Every rule the receivables checks apply, for documentation and for bindings that list codes.
pub const RULES: &[Rule] = &[
    crate::receivables::payment::RULE_CURRENCY,
    crate::receivables::payment::RULE_CUSTOMER,
    crate::receivables::payment::RULE_INVOICE_DUPLICATE,
    crate::receivables::payment::RULE_ID,
    crate::receivables::payment::RULE_AMOUNT,
    crate::receivables::payment::RULE_NEGATIVE_DUE,
    crate::receivables::payment::RULE_ALLOCATION_UNKNOWN,
    crate::receivables::payment::RULE_ALLOCATION_OTHER_CUSTOMER,
    crate::receivables::payment::RULE_ALLOCATION_EXCEEDS,
    crate::receivables::payment::RULE_ALLOCATION_EXCEEDS_PAYMENT,
    crate::receivables::payment::RULE_REFUND_EXCEEDS,
    crate::receivables::payment::RULE_CREDIT_NOTE_INVOICE,
    crate::receivables::payment::RULE_CREDIT_NOTES_EXCEED,
    crate::receivables::payment::RULE_PAYMENT_REQUEST,
    crate::receivables::payment::RULE_PAYMENT_REQUEST_UNKNOWN,
    crate::receivables::payment::RULE_CASH_LIMIT,
    crate::receivables::interest::RULE_DEBT,
    crate::receivables::rates::RULE_RATES_INVALID,
    crate::receivables::rates::RULE_RATE_UNKNOWN,
    crate::receivables::dunning::RULE_SCHEDULE,
    crate::receivables::dunning::RULE_SENT_REMINDER,
    crate::receivables::cash::RULE_PERIOD,
    crate::money::RULE_PRECISION,
    crate::money::RULE_RANGE,
];

/// An invoice draft the host holds for a customer: listed with status draft, owing nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftInvoice {
    /// The host's id of the draft (a draft has no number: numbers are allocated at issuance).
    pub id: String,
    /// The host's customer key; the buyer's SIREN, else its name, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The draft.
    pub draft: InvoiceDraft,
}

/// A draft as listed in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DraftState {
    /// The host's id.
    pub id: String,
    /// Customer key.
    pub customer_id: String,
    /// Always [`InvoiceStatus::Draft`].
    pub status: InvoiceStatus,
    /// Its total incl. tax if issued as of the report's date.
    pub total_incl_tax: Decimal,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

/// Everything the receivables of a seller are computed from; JSON: see `schema/receivables-input.schema.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceivablesInput {
    /// Issued invoices and credit notes, each with its customer.
    #[serde(default)]
    pub invoices: Vec<ReceivableInvoice>,
    /// Drafts, listed with status draft.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drafts: Vec<DraftInvoice>,
    /// Payments received.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<Payment>,
    /// Refunds made out of customer credit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refunds: Vec<Refund>,
    /// Reminders already sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<SentReminder>,
    /// The dunning schedule; J-3, J+7, J+30 (formal notice) by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dunning: Option<DunningSchedule>,
    /// Rates merged into the shipped ECB and legal-rate tables.
    #[serde(default, skip_serializing_if = "is_default")]
    pub rates: RateOverrides,
    /// Period of the invoiced-versus-collected figures; the month of `as_of` up to it by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Shift the cash forecast by each customer's average payment delay.
    #[serde(default, skip_serializing_if = "is_false")]
    pub weighted_forecast: bool,
}

/// The receivables as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReceivablesReport {
    /// The date of the report.
    pub as_of: NaiveDate,
    /// Invoices with their settlements and status, by issue date then number.
    pub invoices: Vec<InvoiceAccount>,
    /// Drafts, by id.
    pub drafts: Vec<DraftState>,
    /// Credit notes and where their amount went.
    pub credit_notes: Vec<CreditNoteAccount>,
    /// Payments and where every cent went.
    pub payments: Vec<PaymentAccount>,
    /// Refunds and the credit they drew on.
    pub refunds: Vec<RefundAccount>,
    /// Customer accounts and statements.
    pub customers: Vec<CustomerAccount>,
    /// Aging balance.
    pub aging: Aging,
    /// Late interest and indemnities.
    pub interest: InterestReport,
    /// Reminders to send as of the date.
    pub reminders: Vec<Reminder>,
    /// Cash figures and forecast.
    pub cash: CashReport,
    /// What the host should know but does not stop the report: a public buyer's payment request
    /// whose receipt date is unknown, a debt above the legal limit paid in cash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Violation>,
}

/// The whole receivables report of `input` as of `as_of`.
///
/// Fails with [`CoreError::Invalid`] listing every problem of the input (paths like
/// `payments[2].allocations[0].amount`, `rates.legal_interest.half_years[0].half_year_from`,
/// `reminders[1].level`), or with an overflow or unknown-rate error.
///
/// # Examples
///
/// ```
/// use facturier_core::{NaiveDate, ReceivablesInput, json, receivables};
///
/// let input: ReceivablesInput = json::from_str(include_str!("../../../examples/receivables.json"))?;
/// let report = receivables(&input, NaiveDate::from_ymd_opt(2026, 3, 16).unwrap_or_default())?;
/// assert_eq!(report.reminders.len(), 2); // a formal notice and a firm reminder are due
/// assert_eq!(report.aging.total.total, report.invoices.iter().map(|i| i.outstanding).sum());
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn receivables(input: &ReceivablesInput, as_of: NaiveDate) -> Result<ReceivablesReport> {
    let mut v = Vec::new();
    input.rates.check("rates", &mut v);
    let schedule = input.dunning.clone().unwrap_or_default();
    crate::receivables::dunning::check_schedule(&schedule, "dunning", &mut v);
    if let Some(p) = &input.period {
        crate::receivables::cash::check_period(p, "period", &mut v);
    }
    let ledger = match crate::receivables::ledger::allocate(&input.invoices, &input.payments, &input.refunds, as_of) {
        Ok(l) => Some(l),
        Err(CoreError::Invalid(more)) => {
            v.extend(more);
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(l) = &ledger {
        crate::receivables::dunning::check_sent(&input.reminders, &schedule, l, "reminders", &mut v);
    }
    let Some(ledger) = ledger.filter(|_| v.is_empty()) else { return Err(CoreError::Invalid(v)) };

    let tables = RateTables::default().with_overrides(&input.rates)?;
    let notices = crate::receivables::dunning::formal_notices(&input.reminders, &schedule, as_of);
    let interest = late_interest_report(&ledger, &notices, &tables)?;
    let reminders = crate::receivables::dunning::reminders_due(&ledger, &input.reminders, &schedule, &tables)?;
    let aging = aging::aging(&ledger)?;
    let cash = crate::receivables::cash::cash_report(&ledger, input.period, input.weighted_forecast)?;
    let mut drafts = Vec::with_capacity(input.drafts.len());
    for (i, d) in input.drafts.iter().enumerate() {
        let totals = d
            .draft
            .totals(as_of)
            .map_err(|e| CoreError::Overflow { path: format!("drafts[{i}].draft.{}", e.path().unwrap_or("lines")) })?;
        drafts.push(DraftState {
            id: d.id.clone(),
            customer_id: crate::receivables::payment::customer_key(d.customer_id.as_deref(), &d.draft.buyer),
            status: InvoiceStatus::Draft,
            total_incl_tax: totals.total_incl_tax,
        });
    }
    drafts.sort_by(|a, b| a.id.cmp(&b.id));
    let warnings = warnings(input, &ledger);
    Ok(ReceivablesReport {
        as_of,
        invoices: ledger.invoices,
        drafts,
        credit_notes: ledger.credit_notes,
        payments: ledger.payments,
        refunds: ledger.refunds,
        customers: ledger.customers,
        aging,
        interest,
        reminders,
        cash,
        warnings,
    })
}

/// The warnings of the report (see [`ReceivablesReport::warnings`]), by code then message.
///
/// - A public buyer's invoice without `payment_request_received`: its period is counted from
///   the issue date, never later than receipt (CCP R2192-12).
/// - A cash payment of a debt above the limit of C. mon. fin. L112-6 and D112-3: 1 000 € when the
///   debtor acts for professional purposes or lives in France, 15 000 € for another natural
///   person. The limit applies to the debt (the invoice), not to each payment: paying a larger
///   invoice in several small cash amounts is also reported. The payment is recorded as received.
fn warnings(input: &ReceivablesInput, ledger: &Ledger) -> Vec<Violation> {
    use crate::receivables::payment::{CASH_LIMITS, PaymentMode, RULE_CASH_LIMIT, RULE_PAYMENT_REQUEST_UNKNOWN};
    let mut out = Vec::new();
    for (i, r) in input.invoices.iter().enumerate() {
        let inv = &r.invoice;
        let public = inv.content().buyer.kind == crate::party::BuyerKind::Public;
        if public
            && inv.kind() != crate::documents::draft::InvoiceKind::CreditNote
            && r.payment_request_received.is_none()
            && ledger.invoice(inv.number()).is_some()
        {
            out.push(RULE_PAYMENT_REQUEST_UNKNOWN.at(
                format!("invoices[{i}].payment_request_received"),
                format!(
                    "{}: the day the public buyer received the payment request is unknown, its period runs from the issue date",
                    inv.number()
                ),
            ));
        }
    }
    let buyers: BTreeMap<&str, &crate::party::Buyer> =
        input.invoices.iter().map(|r| (r.invoice.number(), &r.invoice.content().buyer)).collect();
    for (k, p) in input.payments.iter().enumerate() {
        if p.mode != PaymentMode::Cash || p.date > ledger.as_of {
            continue;
        }
        let Some(account) = ledger.payments.iter().find(|a| a.id == p.id) else { continue };
        let Some((_, resident, other)) = CASH_LIMITS.iter().rev().find(|(from, _, _)| *from <= p.date) else { continue };
        // the debtor's limit: 15 000 € only for a natural person not acting professionally and
        // living abroad, as every invoice this payment settles says of its buyer
        let abroad = |number: &str| buyers.get(number).is_some_and(|b| !b.is_professional() && !b.is_established_in_france());
        let consumer_abroad = !account.allocations.is_empty() && account.allocations.iter().all(|a| abroad(&a.invoice));
        let limit = if consumer_abroad { *other } else { *resident };
        let mut over: Vec<String> = account
            .allocations
            .iter()
            .filter_map(|a| ledger.invoice(&a.invoice))
            .filter(|inv| inv.amount_due > limit)
            .map(|inv| format!("{} ({} € > {limit} €)", inv.number, inv.amount_due))
            .collect();
        if over.is_empty() && p.amount > limit {
            over.push(format!("the payment itself ({} € > {limit} €)", p.amount));
        }
        if !over.is_empty() {
            out.push(RULE_CASH_LIMIT.at(format!("payments[{k}]"), format!("paid in cash beyond the legal limit: {}", over.join(", "))));
        }
    }
    // the same warnings in the same order whatever the order of the input (paths name its indices)
    out.sort_by(|a, b| (&a.code, &a.message).cmp(&(&b.code, &b.message)));
    out
}

#[cfg(test)]
mod tests;
