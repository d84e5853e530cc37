//! A customer's account statement (relevé de compte): its totals and its lines in booking order.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::{add, sub};
use crate::party::BuyerKind;
use crate::receivables::account::CreditNoteAccount;
use crate::receivables::account::InvoiceAccount;
use crate::receivables::account::PaymentAccount;
use crate::receivables::account::RefundAccount;

/// The kind of a line of an account statement.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// An invoice issued (debit).
    Invoice,
    /// A payment received (credit).
    Payment,
    /// A credit note issued (credit).
    CreditNote,
    /// A refund made (debit).
    Refund,
}

/// A line of a customer's account statement (relevé de compte).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LedgerEntry {
    /// Date.
    pub date: NaiveDate,
    /// What happened.
    pub kind: EntryKind,
    /// Invoice or credit note number, payment or refund id.
    pub reference: String,
    /// Amount the customer owes more.
    pub debit: Decimal,
    /// Amount the customer owes less.
    pub credit: Decimal,
    /// Running balance: positive when the customer owes, negative when it holds credit.
    pub balance: Decimal,
}

/// One customer's account as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerAccount {
    /// Customer key.
    pub customer_id: String,
    /// Buyer's name on its latest invoice, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Buyer's kind on its latest invoice, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_kind: Option<BuyerKind>,
    /// Σ amount due of its invoices.
    pub invoiced: Decimal,
    /// Σ its credit notes.
    pub credited: Decimal,
    /// Σ its payments.
    pub received: Decimal,
    /// Σ its refunds.
    pub refunded: Decimal,
    /// Σ what its invoices still owe.
    pub outstanding: Decimal,
    /// Its credit not yet used or refunded.
    pub credit: Decimal,
    /// invoiced − credited − received + refunded = outstanding − credit.
    pub balance: Decimal,
    /// The account statement, in booking order.
    pub entries: Vec<LedgerEntry>,
}

/// A statement line before its balance: date, booking phase, reference, kind, debit, credit.
type Row<'a> = (NaiveDate, u8, &'a str, EntryKind, Decimal, Decimal);

/// Each customer's totals and account statement, from the accounts the ledger closed.
pub(super) fn customer_accounts(
    invoices: &[InvoiceAccount],
    credit_notes: &[CreditNoteAccount],
    payments: &[PaymentAccount],
    refunds: &[RefundAccount],
) -> Result<Vec<CustomerAccount>> {
    let mut customers: BTreeMap<&str, CustomerAccount> = BTreeMap::new();
    let mut entries: BTreeMap<&str, Vec<Row<'_>>> = BTreeMap::new();
    let blank = |id: &str| CustomerAccount {
        customer_id: id.to_owned(),
        name: None,
        buyer_kind: None,
        invoiced: Decimal::ZERO,
        credited: Decimal::ZERO,
        received: Decimal::ZERO,
        refunded: Decimal::ZERO,
        outstanding: Decimal::ZERO,
        credit: Decimal::ZERO,
        balance: Decimal::ZERO,
        entries: vec![],
    };
    for i in invoices {
        let c = customers.entry(&i.customer_id).or_insert_with(|| blank(&i.customer_id));
        c.name = Some(i.buyer_name.clone());
        c.buyer_kind = Some(i.buyer_kind);
        c.invoiced = add(c.invoiced, i.amount_due, "invoices")?;
        c.outstanding = add(c.outstanding, i.outstanding, "invoices")?;
        entries.entry(&i.customer_id).or_default().push((i.issue_date, 0, &i.number, EntryKind::Invoice, i.amount_due, Decimal::ZERO));
    }
    for n in credit_notes {
        let c = customers.entry(&n.customer_id).or_insert_with(|| blank(&n.customer_id));
        c.credited = add(c.credited, n.amount, "credit_notes")?;
        c.credit = add(c.credit, n.credit, "credit_notes")?;
        entries.entry(&n.customer_id).or_default().push((n.issue_date, 2, &n.number, EntryKind::CreditNote, Decimal::ZERO, n.amount));
    }
    for p in payments {
        let c = customers.entry(&p.customer_id).or_insert_with(|| blank(&p.customer_id));
        c.received = add(c.received, p.amount, "payments")?;
        c.credit = add(c.credit, p.credit, "payments")?;
        entries.entry(&p.customer_id).or_default().push((p.date, 1, &p.id, EntryKind::Payment, Decimal::ZERO, p.amount));
    }
    for r in refunds {
        let c = customers.entry(&r.customer_id).or_insert_with(|| blank(&r.customer_id));
        c.refunded = add(c.refunded, r.amount, "refunds")?;
        entries.entry(&r.customer_id).or_default().push((r.date, 3, &r.id, EntryKind::Refund, r.amount, Decimal::ZERO));
    }
    for (id, mut list) in entries {
        list.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let Some(c) = customers.get_mut(id) else { continue };
        let mut balance = Decimal::ZERO;
        for (date, _, reference, kind, debit, credit) in list {
            balance = sub(add(balance, debit, "customers")?, credit, "customers")?;
            c.entries.push(LedgerEntry { date, kind, reference: reference.to_owned(), debit, credit, balance });
        }
        c.balance = balance;
    }
    Ok(customers.into_values().collect())
}
