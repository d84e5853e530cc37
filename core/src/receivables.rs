//! Receivables as of a date: who owes what, how late, what interest the law allows, which
//! reminders to send and what cash to expect.
//!
//! [`receivables`] reads one [`ReceivablesInput`] — the issued invoices and credit notes with
//! their customer, the payments, refunds and reminders already sent, and optionally a dunning
//! schedule, rate overrides, a period and the forecast weighting — and builds the whole
//! [`ReceivablesReport`] as of a date. Each part is also a public function of its own:
//! [`crate::payment::allocate`] (ledger and statuses), [`invoice_status`], [`aging`],
//! [`late_interest_report`] (and [`crate::interest::late_interest`] for one debt),
//! [`crate::dunning::reminders_due`] and [`crate::cash::cash_report`].
//!
//! Everything is a pure function of the facts and the date: facts dated after `as_of` are not
//! read, and the order of the inputs does not matter (see [`crate::payment`] for the booking
//! order). Customer identity: see [`crate::payment`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cash::{CashReport, Period};
use crate::dunning::{DunningSchedule, Reminder, SentReminder};
use crate::error::{CoreError, Result, Rule};
use crate::interest::{InterestResult, LateDebt, RateOverrides, RateTables, late_interest};
use crate::invoice::InvoiceDraft;
use crate::money::add;
use crate::payment::{
    CreditNoteAccount, CustomerAccount, InvoiceAccount, Ledger, Payment, PaymentAccount, ReceivableInvoice, Refund, RefundAccount,
};

/// Every rule the receivables checks apply, for documentation and for bindings that list codes.
pub const RULES: &[Rule] = &[
    crate::payment::RULE_CURRENCY,
    crate::payment::RULE_CUSTOMER,
    crate::payment::RULE_INVOICE_DUPLICATE,
    crate::payment::RULE_ID,
    crate::payment::RULE_AMOUNT,
    crate::payment::RULE_NEGATIVE_DUE,
    crate::payment::RULE_ALLOCATION_UNKNOWN,
    crate::payment::RULE_ALLOCATION_OTHER_CUSTOMER,
    crate::payment::RULE_ALLOCATION_EXCEEDS,
    crate::payment::RULE_ALLOCATION_EXCEEDS_PAYMENT,
    crate::payment::RULE_REFUND_EXCEEDS,
    crate::payment::RULE_CREDIT_NOTE_INVOICE,
    crate::interest::RULE_RATES_INVALID,
    crate::interest::RULE_RATE_UNKNOWN,
    crate::dunning::RULE_SCHEDULE,
    crate::dunning::RULE_SENT_REMINDER,
    crate::cash::RULE_PERIOD,
    crate::money::RULE_PRECISION,
    crate::money::RULE_RANGE,
];

/// Where an invoice stands as of a date.
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

/// Outstanding amounts by days past the due date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgingBuckets {
    /// Not due yet (on or before the due date).
    pub not_due: Decimal,
    /// 1 to 30 days late.
    pub days_1_30: Decimal,
    /// 31 to 60 days late.
    pub days_31_60: Decimal,
    /// 61 to 90 days late.
    pub days_61_90: Decimal,
    /// More than 90 days late.
    pub days_over_90: Decimal,
    /// The sum of the buckets: the outstanding total.
    pub total: Decimal,
}

impl AgingBuckets {
    /// Adds `amount` owed `days_late` days past its due date (≤ 0: not due).
    pub fn add(&mut self, days_late: i64, amount: Decimal) -> Result<()> {
        let bucket = match days_late {
            i64::MIN..=0 => &mut self.not_due,
            1..=30 => &mut self.days_1_30,
            31..=60 => &mut self.days_31_60,
            61..=90 => &mut self.days_61_90,
            _ => &mut self.days_over_90,
        };
        *bucket = add(*bucket, amount, "aging")?;
        self.total = add(self.total, amount, "aging")?;
        Ok(())
    }
}

/// The aging of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerAging {
    /// Customer key.
    pub customer_id: String,
    /// Its buckets.
    pub buckets: AgingBuckets,
}

/// The aging balance: in total and per customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Aging {
    /// All customers.
    pub total: AgingBuckets,
    /// Customers that owe something, by key.
    pub customers: Vec<CustomerAging>,
}

/// The aging balance of `ledger` as of its date: each outstanding amount by days past due.
pub fn aging(ledger: &Ledger) -> Result<Aging> {
    let mut total = AgingBuckets::default();
    let mut customers: BTreeMap<&str, AgingBuckets> = BTreeMap::new();
    for inv in ledger.invoices.iter().filter(|i| i.outstanding > Decimal::ZERO) {
        let days = ledger.as_of.signed_duration_since(inv.due_date).num_days();
        total.add(days, inv.outstanding)?;
        customers.entry(&inv.customer_id).or_default().add(days, inv.outstanding)?;
    }
    Ok(Aging {
        total,
        customers: customers.into_iter().map(|(id, buckets)| CustomerAging { customer_id: id.to_owned(), buckets }).collect(),
    })
}

/// The late interest of one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvoiceInterest {
    /// Invoice number.
    pub invoice: String,
    /// Customer key.
    pub customer_id: String,
    /// The formal notice that started a consumer's interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal_notice: Option<NaiveDate>,
    /// The computation.
    pub result: InterestResult,
}

/// Interest and indemnities of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerInterest {
    /// Customer key.
    pub customer_id: String,
    /// Σ interest.
    pub interest: Decimal,
    /// Σ recovery indemnities.
    pub indemnities: Decimal,
    /// interest + indemnities.
    pub total: Decimal,
}

/// Late interest and indemnities of every invoice that was late as of the ledger's date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterestReport {
    /// Each late invoice (paid late or still overdue), in ledger order.
    pub invoices: Vec<InvoiceInterest>,
    /// Per customer, by key.
    pub customers: Vec<CustomerInterest>,
    /// Σ interest.
    pub interest: Decimal,
    /// Σ recovery indemnities.
    pub indemnities: Decimal,
    /// interest + indemnities.
    pub total: Decimal,
    /// Some rate used is the last known one: see [`crate::interest`].
    pub provisional: bool,
}

/// Late interest and indemnity of every invoice of `ledger` late as of its date.
///
/// `formal_notices` maps invoice numbers to the date of their formal notice (see
/// [`crate::dunning::formal_notices`]); it starts a consumer's interest.
pub fn late_interest_report(ledger: &Ledger, formal_notices: &BTreeMap<String, NaiveDate>, tables: &RateTables) -> Result<InterestReport> {
    let mut report = InterestReport::default();
    let mut customers: BTreeMap<&str, CustomerInterest> = BTreeMap::new();
    for inv in &ledger.invoices {
        let notice = formal_notices.get(&inv.number).copied();
        let result = late_interest(&LateDebt::of_account(inv, notice), ledger.as_of, tables)?;
        if result.days == 0 {
            continue;
        }
        let path = format!("invoices[{}]", inv.number);
        let c = customers.entry(&inv.customer_id).or_insert_with(|| CustomerInterest {
            customer_id: inv.customer_id.clone(),
            interest: Decimal::ZERO,
            indemnities: Decimal::ZERO,
            total: Decimal::ZERO,
        });
        c.interest = add(c.interest, result.interest, &path)?;
        c.indemnities = add(c.indemnities, result.indemnity, &path)?;
        c.total = add(c.total, result.total, &path)?;
        report.interest = add(report.interest, result.interest, &path)?;
        report.indemnities = add(report.indemnities, result.indemnity, &path)?;
        report.total = add(report.total, result.total, &path)?;
        report.provisional |= result.provisional;
        report.invoices.push(InvoiceInterest {
            invoice: inv.number.clone(),
            customer_id: inv.customer_id.clone(),
            formal_notice: notice,
            result,
        });
    }
    report.customers = customers.into_values().collect();
    Ok(report)
}

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
}

/// The whole receivables report of `input` as of `as_of`.
///
/// Fails with [`CoreError::Invalid`] listing every problem of the input (paths like
/// `payments[2].allocations[0].amount`, `rates.legal_interest.half_years[0].half_year_from`,
/// `reminders[1].level`), or with an overflow or unknown-rate error.
pub fn receivables(input: &ReceivablesInput, as_of: NaiveDate) -> Result<ReceivablesReport> {
    let mut v = Vec::new();
    input.rates.check("rates", &mut v);
    let schedule = input.dunning.clone().unwrap_or_default();
    crate::dunning::check_schedule(&schedule, "dunning", &mut v);
    if let Some(p) = &input.period {
        crate::cash::check_period(p, "period", &mut v);
    }
    let ledger = match crate::payment::allocate(&input.invoices, &input.payments, &input.refunds, as_of) {
        Ok(l) => Some(l),
        Err(CoreError::Invalid(more)) => {
            v.extend(more);
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(l) = &ledger {
        crate::dunning::check_sent(&input.reminders, &schedule, l, "reminders", &mut v);
    }
    let Some(ledger) = ledger.filter(|_| v.is_empty()) else { return Err(CoreError::Invalid(v)) };

    let tables = RateTables::default().with_overrides(&input.rates)?;
    let notices = crate::dunning::formal_notices(&input.reminders, &schedule, as_of);
    let interest = late_interest_report(&ledger, &notices, &tables)?;
    let reminders = crate::dunning::reminders_due(&ledger, &input.reminders, &schedule, &tables)?;
    let aging = aging(&ledger)?;
    let cash = crate::cash::cash_report(&ledger, input.period, input.weighted_forecast)?;
    let mut drafts = Vec::with_capacity(input.drafts.len());
    for (i, d) in input.drafts.iter().enumerate() {
        let totals = d
            .draft
            .totals(as_of)
            .map_err(|e| CoreError::Overflow { path: format!("drafts[{i}].draft.{}", e.path().unwrap_or("lines")) })?;
        drafts.push(DraftState {
            id: d.id.clone(),
            customer_id: crate::payment::customer_key(d.customer_id.as_deref(), &d.draft.buyer),
            status: InvoiceStatus::Draft,
            total_incl_tax: totals.total_incl_tax,
        });
    }
    drafts.sort_by(|a, b| a.id.cmp(&b.id));
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::InvoiceKind;
    use crate::party::BuyerKind;
    use rust_decimal_macros::dec;
    use std::collections::BTreeSet;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn account(amount_due: Decimal, credited: Decimal, paid: Decimal, due: NaiveDate) -> InvoiceAccount {
        InvoiceAccount {
            number: "F-1".into(),
            customer_id: "C1".into(),
            buyer_name: "Client".into(),
            buyer_kind: BuyerKind::Business,
            kind: InvoiceKind::Standard,
            issue_date: d(2026, 1, 1),
            due_date: due,
            late_payment_rate: None,
            amount_due,
            credited,
            paid,
            outstanding: amount_due - credited - paid,
            status: InvoiceStatus::IssuedUnpaid,
            days_late: 0,
            settled_on: None,
            settlements: vec![],
        }
    }

    #[test]
    fn statuses() {
        let due = d(2026, 1, 31);
        let st = |a: &InvoiceAccount, as_of| invoice_status(a, as_of);
        assert_eq!(st(&account(dec!(100), dec!(0), dec!(0), due), due), (InvoiceStatus::IssuedUnpaid, 0));
        assert_eq!(st(&account(dec!(100), dec!(0), dec!(40), due), due), (InvoiceStatus::PartiallyPaid, 0));
        assert_eq!(st(&account(dec!(100), dec!(10), dec!(0), due), due), (InvoiceStatus::PartiallyPaid, 0));
        assert_eq!(st(&account(dec!(100), dec!(0), dec!(40), due), d(2026, 2, 1)), (InvoiceStatus::Overdue, 1));
        assert_eq!(st(&account(dec!(100), dec!(0), dec!(0), due), d(2026, 3, 2)), (InvoiceStatus::Overdue, 30));
        assert_eq!(st(&account(dec!(100), dec!(0), dec!(100), due), d(2026, 3, 2)), (InvoiceStatus::Paid, 0));
        assert_eq!(st(&account(dec!(100), dec!(30), dec!(70), due), d(2026, 3, 2)), (InvoiceStatus::Paid, 0));
        assert_eq!(st(&account(dec!(100), dec!(100), dec!(0), due), d(2026, 3, 2)), (InvoiceStatus::Credited, 0));
        // nothing was ever owed (a final invoice whose deposits cover it): paid
        assert_eq!(st(&account(dec!(0), dec!(0), dec!(0), due), d(2026, 3, 2)), (InvoiceStatus::Paid, 0));
        let json: BTreeSet<String> = [
            InvoiceStatus::Draft,
            InvoiceStatus::IssuedUnpaid,
            InvoiceStatus::PartiallyPaid,
            InvoiceStatus::Paid,
            InvoiceStatus::Overdue,
            InvoiceStatus::Credited,
        ]
        .iter()
        .map(|s| serde_json::to_string(s).unwrap())
        .collect();
        assert!(json.contains("\"issued_unpaid\"") && json.contains("\"partially_paid\"") && json.contains("\"credited\""));
    }

    #[test]
    fn aging_bucket_boundaries() {
        let mut b = AgingBuckets::default();
        for (days, cents) in [(-5, 1), (0, 2), (1, 4), (30, 8), (31, 16), (60, 32), (61, 64), (90, 128), (91, 256), (400, 512)] {
            b.add(days, Decimal::new(cents, 2)).unwrap();
        }
        assert_eq!(b.not_due, dec!(0.03));
        assert_eq!(b.days_1_30, dec!(0.12));
        assert_eq!(b.days_31_60, dec!(0.48));
        assert_eq!(b.days_61_90, dec!(1.92));
        assert_eq!(b.days_over_90, dec!(7.68));
        assert_eq!(b.total, dec!(10.23));
        assert_eq!(b.not_due + b.days_1_30 + b.days_31_60 + b.days_61_90 + b.days_over_90, b.total);
    }

    #[test]
    fn aging_of_a_ledger_by_customer() {
        let mut a = account(dec!(100), dec!(0), dec!(0), d(2026, 1, 31));
        let mut b = account(dec!(50), dec!(0), dec!(20), d(2026, 1, 1));
        b.number = "F-2".into();
        b.customer_id = "C2".into();
        let mut c = account(dec!(10), dec!(0), dec!(10), d(2025, 1, 1));
        c.number = "F-3".into();
        a.status = invoice_status(&a, d(2026, 3, 2)).0;
        let ledger = Ledger {
            as_of: d(2026, 3, 2),
            invoices: vec![a, b, c],
            credit_notes: vec![],
            payments: vec![],
            refunds: vec![],
            customers: vec![],
        };
        let g = aging(&ledger).unwrap();
        // F-1: 30 days late; F-2: 60 days late; F-3 paid
        assert_eq!((g.total.days_1_30, g.total.days_31_60, g.total.total), (dec!(100), dec!(30), dec!(130)));
        assert_eq!(g.customers.len(), 2);
        assert_eq!((g.customers[0].customer_id.as_str(), g.customers[0].buckets.total), ("C1", dec!(100)));
        assert_eq!(g.total.total, ledger.outstanding().unwrap());
    }

    #[test]
    fn rule_codes_are_unique_and_sourced() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(!r.source.trim().is_empty(), "{} has no source", r.code);
            assert!(crate::legal::RULES.iter().all(|l| l.code != r.code || l.source == r.source), "{} clashes with a legal rule", r.code);
        }
    }

    #[test]
    fn empty_input_gives_an_empty_report() {
        let r = receivables(&ReceivablesInput::default(), d(2026, 3, 16)).unwrap();
        assert!(r.invoices.is_empty() && r.reminders.is_empty() && r.customers.is_empty());
        assert_eq!(r.aging.total.total, dec!(0));
        assert_eq!(r.cash.flow.period.from, d(2026, 3, 1));
        let e = crate::json::from_str::<ReceivablesInput>(r#"{"invoices": [], "unknown": 1}"#).unwrap_err();
        assert_eq!(e.code(), "parse");
        let e = crate::json::from_str::<ReceivablesInput>(
            r#"{"payments": [{"id": "P1", "customer_id": "C1", "date": "2026-01-01", "amount": 1.5, "mode": "cash"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), Some("payments[0].amount"));
    }

    #[test]
    fn every_input_problem_is_reported_at_once() {
        let input: ReceivablesInput = crate::json::from_str(
            r#"{
                "payments": [{"id": "P1", "customer_id": "C1", "date": "2026-01-01", "amount": "-1", "mode": "cash"}],
                "refunds": [{"id": "R1", "customer_id": "C1", "date": "2026-01-02", "amount": "1", "mode": "transfer"}],
                "dunning": {"steps": [{"level": "a", "kind": "firm", "offset_days": 7}, {"level": "a", "kind": "firm", "offset_days": 1}]},
                "rates": {"legal_interest": {"half_years": [{"half_year_from": "2026-07-02", "natural_person_rate": "1", "other_cases_rate": "1"}], "verified_until": "2026-12-31"}},
                "period": {"from": "2026-02-01", "to": "2026-01-01"}
            }"#,
        )
        .unwrap();
        let e = receivables(&input, d(2026, 3, 16)).unwrap_err();
        let paths: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "rates.legal_interest.half_years[0].half_year_from",
                "dunning.steps[1].level",
                "dunning.steps[1].offset_days",
                "period",
                "payments[0].amount",
                "refunds[0].amount",
            ]
        );
    }
}
