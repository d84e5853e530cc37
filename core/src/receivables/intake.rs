//! Acceptance of the facts: the invoices, payments and refunds the ledger may book, and the
//! problems of the others.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::documents::draft::InvoiceKind;
use crate::documents::invoice::IssuedInvoice;
use crate::error::Violation;
use crate::money::{AMOUNT_DECIMALS, Currency, check_decimal};
use crate::party::BuyerKind;
use crate::receivables::payment::Payment;
use crate::receivables::payment::RULE_AMOUNT;
use crate::receivables::payment::RULE_CREDIT_NOTE_INVOICE;
use crate::receivables::payment::RULE_CREDIT_NOTES_EXCEED;
use crate::receivables::payment::RULE_CURRENCY;
use crate::receivables::payment::RULE_CUSTOMER;
use crate::receivables::payment::RULE_ID;
use crate::receivables::payment::RULE_INVOICE_DUPLICATE;
use crate::receivables::payment::RULE_NEGATIVE_DUE;
use crate::receivables::payment::RULE_PAYMENT_REQUEST;
use crate::receivables::payment::ReceivableInvoice;
use crate::receivables::payment::Refund;

/// A positive amount in cents, within range.
pub(super) fn check_amount(amount: Decimal, path: &str, v: &mut Vec<Violation>) -> bool {
    let before = v.len();
    if amount <= Decimal::ZERO {
        v.push(RULE_AMOUNT.at(path, format!("{amount} is not a positive amount")));
    }
    check_decimal(amount, AMOUNT_DECIMALS, path, v);
    v.len() == before
}

/// Checks a currency is the euro.
pub(super) fn check_eur(currency: &Currency, path: &str, v: &mut Vec<Violation>) -> bool {
    if currency.is_eur() {
        return true;
    }
    v.push(RULE_CURRENCY.at(path, format!("`{}`: receivables are kept in EUR", currency.0)));
    false
}

/// An accepted invoice or credit note: input index and customer.
pub(super) struct Accepted<'a> {
    pub(super) index: usize,
    pub(super) entry: &'a IssuedInvoice,
    pub(super) source: &'a ReceivableInvoice,
    pub(super) customer: String,
}

/// The invoices and credit notes issued by `as_of` that pass the checks, each sorted by issue
/// date then number; the problems of the others go to `v`.
pub(super) fn accept_invoices<'a>(
    invoices: &'a [ReceivableInvoice],
    as_of: NaiveDate,
    v: &mut Vec<Violation>,
) -> (Vec<Accepted<'a>>, Vec<Accepted<'a>>) {
    let mut numbers = BTreeSet::new();
    let (mut accepted, mut notes) = (Vec::new(), Vec::new());
    for (i, r) in invoices.iter().enumerate() {
        let inv = &r.invoice;
        if inv.issue_date() > as_of {
            continue;
        }
        let p = format!("invoices[{i}]");
        if !numbers.insert(inv.number()) {
            v.push(RULE_INVOICE_DUPLICATE.at(format!("{p}.invoice.number"), format!("{} is given twice", inv.number())));
            continue;
        }
        let mut ok = check_eur(&inv.content().currency, &format!("{p}.invoice.content.currency"), v);
        let customer = r.customer();
        if customer.is_empty() {
            v.push(RULE_CUSTOMER.at(format!("{p}.customer_id"), "no customer id, buyer SIREN or buyer name"));
            ok = false;
        }
        let note = inv.kind() == InvoiceKind::CreditNote;
        if inv.totals().amount_due < Decimal::ZERO {
            let what = if note { "a credit note credits" } else { "an invoice asks for" };
            v.push(RULE_NEGATIVE_DUE.at(format!("{p}.invoice.totals.amount_due"), format!("{what} a positive amount")));
            ok = false;
        }
        if note && inv.content().preceding_invoice.is_none() {
            v.push(RULE_CREDIT_NOTE_INVOICE.at(format!("{p}.invoice.content.preceding_invoice"), "the credit note names no invoice"));
            ok = false;
        }
        if let Some(received) = r.payment_request_received {
            let path = format!("{p}.payment_request_received");
            if inv.content().buyer.kind != BuyerKind::Public || note {
                v.push(
                    RULE_PAYMENT_REQUEST.at(path, "only a public buyer's invoice has its period run from receipt of the payment request"),
                );
                ok = false;
            } else if received < inv.issue_date() {
                v.push(
                    RULE_PAYMENT_REQUEST.at(path, format!("received on {received}, before the invoice was issued on {}", inv.issue_date())),
                );
                ok = false;
            }
        }
        // the receivables are computed from the figures the documents were issued with (CGI 289 V)
        if let Err(crate::error::CoreError::Invalid(more)) = inv.verified(&format!("{p}.invoice")) {
            v.extend(more);
            ok = false;
        }
        if ok {
            let a = Accepted { index: i, entry: inv, source: r, customer };
            if note { notes.push(a) } else { accepted.push(a) }
        }
    }
    for list in [&mut accepted, &mut notes] {
        list.sort_by(|a, b| (a.entry.issue_date(), a.entry.number()).cmp(&(b.entry.issue_date(), b.entry.number())));
    }
    (accepted, notes)
}

/// Reports every credit note that, with the earlier ones of the same invoice, credits a VAT group
/// beyond what the invoice charged in it (net of the deposits a final invoice deducts), or a
/// group it never charged: the excess would be customer credit invented out of nothing (CGI
/// 289 I-5, 272-1; [`crate::documents::credit_note::creditable`] refuses to make such a note).
pub(super) fn check_credit_caps(invoices: &[Accepted<'_>], notes: &[Accepted<'_>], v: &mut Vec<Violation>) {
    for inv in invoices {
        let original = inv.entry;
        let mut room: Vec<(crate::vat::VatCategory, Decimal, Decimal, Decimal)> = original
            .totals()
            .vat_breakdown
            .iter()
            .map(|g| (g.category, g.rate.normalize(), g.remaining_basis(), g.remaining_vat()))
            .collect();
        // `notes` are sorted by issue date then number: the first note that crosses the limit is reported
        let of_original =
            notes.iter().filter(|n| n.entry.content().preceding_invoice.as_ref().is_some_and(|r| r.number == original.number()));
        for note in of_original {
            let mut over = Vec::new();
            for g in &note.entry.totals().vat_breakdown {
                let label = format!("{} {} %", g.category.code(), g.rate.normalize());
                match room.iter_mut().find(|r| r.0 == g.category && r.1 == g.rate.normalize()) {
                    Some(r) => {
                        r.2 = r.2.checked_sub(g.remaining_basis()).unwrap_or(Decimal::MIN);
                        r.3 = r.3.checked_sub(g.remaining_vat()).unwrap_or(Decimal::MIN);
                        if r.2 < Decimal::ZERO || r.3 < Decimal::ZERO {
                            over.push(label);
                        }
                    }
                    None => over.push(format!("{label} (not invoiced)")),
                }
            }
            if !over.is_empty() {
                v.push(RULE_CREDIT_NOTES_EXCEED.at(
                    format!("invoices[{}].invoice", note.index),
                    format!(
                        "with the earlier credit notes, {} credits {} beyond what it charged in VAT group {}",
                        note.entry.number(),
                        original.number(),
                        over.join(", ")
                    ),
                ));
            }
        }
    }
}

/// What payments and refunds have in common for their checks.
pub(super) trait Money {
    fn id(&self) -> &str;
    fn customer(&self) -> &str;
    fn date(&self) -> NaiveDate;
    fn currency(&self) -> &Currency;
    fn amount(&self) -> Decimal;
}

impl Money for Payment {
    fn id(&self) -> &str {
        &self.id
    }
    fn customer(&self) -> &str {
        self.customer_id.trim()
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn currency(&self) -> &Currency {
        &self.currency
    }
    fn amount(&self) -> Decimal {
        self.amount
    }
}

impl Money for Refund {
    fn id(&self) -> &str {
        &self.id
    }
    fn customer(&self) -> &str {
        self.customer_id.trim()
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn currency(&self) -> &Currency {
        &self.currency
    }
    fn amount(&self) -> Decimal {
        self.amount
    }
}

/// The payments or refunds (`name`) dated by `as_of` that pass the checks, with their input
/// index, sorted by date then id; the problems of the others go to `v`.
pub(super) fn accept_money<'a, T: Money>(items: &'a [T], name: &str, as_of: NaiveDate, v: &mut Vec<Violation>) -> Vec<(usize, &'a T)> {
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate().filter(|(_, x)| x.date() <= as_of) {
        let path = format!("{name}[{i}]");
        let mut ok = true;
        if crate::text::is_blank(x.id()) || !ids.insert(x.id()) {
            v.push(RULE_ID.at(format!("{path}.id"), format!("id `{}` is empty or not unique", x.id())));
            ok = false;
        }
        if x.customer().is_empty() {
            v.push(RULE_CUSTOMER.at(format!("{path}.customer_id"), "no customer named"));
            ok = false;
        }
        ok &= check_eur(x.currency(), &format!("{path}.currency"), v);
        ok &= check_amount(x.amount(), &format!("{path}.amount"), v);
        if ok {
            out.push((i, x));
        }
    }
    out.sort_by(|a, b| (a.1.date(), a.1.id()).cmp(&(b.1.date(), b.1.id())));
    out
}

/// The facts to book, each list sorted in booking order.
pub(super) struct Facts<'a> {
    pub(super) invoices: Vec<Accepted<'a>>,
    pub(super) notes: Vec<Accepted<'a>>,
    pub(super) payments: Vec<(usize, &'a Payment)>,
    pub(super) refunds: Vec<(usize, &'a Refund)>,
}
