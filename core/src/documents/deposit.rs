//! Deposit invoices (factures d'acompte) and the final invoice that deducts them.

use rust_decimal::Decimal;

use crate::documents::draft::{DepositReference, DepositSpec, InvoiceDraft, InvoiceKind};
use crate::documents::invoice::IssuedInvoice;
use crate::error::declare_rules;
use crate::error::{CoreError, Result};
use crate::line::Line;
use crate::money::round2;
use crate::totals::{DeductedGroup, Totals, capped_deposit, spread, supply_parts};
use crate::vat::VatCategory;

declare_rules! { RULES;
    /// A deposit is a percentage of the operation in ]0, 100].
    DEPOSIT_PERCENT = "deposit.percent.out_of_range", "CGI 289 I-1-c (an invoice for each deposit, part of the operation's price)";
    /// A deposit amount is in ]0, the operation's basis], in cents.
    DEPOSIT_AMOUNT = "deposit.amount.out_of_range", "CGI 289 I-1-c (an invoice for each deposit, part of the operation's price); EN 16931 BR-DEC-23";
    /// Earlier deposits already cover the whole operation.
    DEPOSIT_NOTHING_LEFT = "deposit.nothing_left", "CGI 289 I-1-c; 269-2-a (VAT on deposits never exceeds the operation's)";
    /// A final invoice deducts at least one deposit invoice.
    FINAL_NO_DEPOSIT = "deposit.final.no_deposit", "CGI 289 I-1-c (final invoice minus the deposits invoiced, each referenced); EN 16931 BT-113";
    /// A deposit deducted is in the final invoice's currency.
    FINAL_CURRENCY = "deposit.final.currency_mismatch", "EN 16931 BT-5 (every amount of an invoice is in its one currency)";
    /// A deposit is deducted once.
    FINAL_DUPLICATE = "deposit.final.duplicate", "CGI 289 I-1-c (each deposit deducted once)";
    /// Only deposit invoices (386) are deducted.
    FINAL_NOT_A_DEPOSIT = "deposit.final.not_a_deposit", "CGI 289 I-1-c; UNTDID 1001 code 386 (prepayment invoice)";
    /// A deposit credited in full is not deducted: nothing of it remains paid on account.
    FINAL_CREDITED = "deposit.final.credited", "BOI-TVA-DECLA-30-20-20-20 (BOI 3 CA n° 136 §120: the credit note cancels the deposit invoice); CGI 289 I-1-c";
    /// A deposit deducted was invoiced by the same seller to the same buyer.
    FINAL_OTHER_PARTY = "deposit.final.other_party", "CGI 289 I-1-c (the final invoice deducts the deposits of its own operation)";
}

/// Lines of a deposit invoice: one line per VAT group of `totals`, asking for `spec`, after the
/// deposits already invoiced (`previous`, as deducted groups).
///
/// Each deposit line is a line "Acompte … " at the group's category and rate (CGI 269-2-a: VAT
/// is due on deposits for goods and services since 1 January 2023), goods or services as the
/// operation's lines of that group are ([`crate::totals::supply_parts`], 242 nonies A I-8° bis). A group's
/// deposits never exceed its basis, nor — through the per-invoice rounding of BR-CO-17 — its VAT:
/// the amount is lowered by the cents needed, so the final invoice never deducts more than the
/// operation bears in any VAT group.
pub(crate) fn deposit_lines(
    operation: &[Line],
    totals: &Totals,
    previous: &[DeductedGroup],
    spec: DepositSpec,
    label: &str,
) -> Result<Vec<Line>> {
    let groups: Vec<_> = totals.vat_breakdown.iter().filter(|g| g.basis > Decimal::ZERO).collect();
    let base = crate::money::sum(groups.iter().map(|g| g.basis), "deposit")?;
    let asked: Vec<Decimal> = match spec {
        DepositSpec::Percent(p) => {
            if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(DEPOSIT_PERCENT.refuse("deposit.percent", "a deposit percentage is in ]0, 100]"));
            }
            groups
                .iter()
                .map(|g| g.basis.checked_mul(p).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)).map(round2))
                .collect::<Option<_>>()
                .ok_or_else(|| CoreError::Overflow { path: "deposit.percent".into() })?
        }
        DepositSpec::AmountExclTax(a) => {
            if a <= Decimal::ZERO || a > base || round2(a) != a {
                return Err(DEPOSIT_AMOUNT.refuse("deposit.amount_excl_tax", format!("a deposit amount is in ]0, {base}] with 2 decimals")));
            }
            spread(a, &groups.iter().map(|g| g.basis).collect::<Vec<_>>())
                .ok_or_else(|| CoreError::Overflow { path: "deposit.amount_excl_tax".into() })?
        }
    };
    let what = match spec {
        DepositSpec::Percent(p) => format!("Acompte de {} %", crate::format::plain_number(p)),
        DepositSpec::AmountExclTax(_) => "Acompte".to_owned(),
    };
    let mut lines = Vec::with_capacity(groups.len());
    for (g, asked) in groups.iter().zip(asked) {
        let same = |d: &&DeductedGroup| d.category == g.category && d.rate.normalize() == g.rate.normalize();
        let done_basis = crate::money::sum(previous.iter().filter(same).map(|d| d.basis), "previous")?;
        let done_vat = crate::money::sum(previous.iter().filter(same).map(|d| d.vat), "previous")?;
        let room_basis = crate::money::sub(g.basis, done_basis, "previous")?;
        let room_vat = crate::money::sub(g.vat, done_vat, "previous")?;
        let amount = capped_deposit(asked, room_basis, room_vat, g.rate).ok_or_else(|| CoreError::Overflow { path: "deposit".into() })?;
        if amount <= Decimal::ZERO {
            continue;
        }
        let description = if g.category == VatCategory::S {
            format!("{what} {label} (TVA {} %)", crate::format::plain_number(g.rate))
        } else {
            format!("{what} {label} ({})", g.category.code())
        };
        let parts = supply_parts(operation, g.category, g.rate, amount).ok_or_else(|| CoreError::Overflow { path: "deposit".into() })?;
        for (supply, part) in parts {
            let n = lines.len().saturating_add(1);
            lines.push(Line {
                id: format!("A{n}"),
                description: description.clone(),
                quantity: Decimal::ONE,
                unit: "C62".to_owned(),
                unit_price: part,
                discount: None,
                vat_category: g.category,
                vat_rate: g.rate,
                supply,
            });
        }
    }
    if lines.is_empty() {
        return Err(DEPOSIT_NOTHING_LEFT.refuse("deposit", "nothing is left to invoice as a deposit"));
    }
    Ok(lines)
}

/// Makes the final-invoice draft of an operation: `operation` lists the whole operation, and
/// what remains of every deposit invoice in `deposits` after the `credit_notes` issued against it
/// is deducted, HT and VAT per rate, and referenced.
///
/// `credit_notes` may hold any credit notes of the customer: those of other invoices are ignored.
/// A deposit credited in full is refused ([`FINAL_CREDITED`]: nothing of it remains on account,
/// BOI 3 CA n° 136 §120), as is a deposit of another seller or buyer ([`FINAL_OTHER_PARTY`]) or
/// currency ([`FINAL_CURRENCY`]).
///
/// Source: CGI 289 I-1-c; practice of the final invoice "minus deposits invoiced, referencing
/// each" (shared/spec/domain.md §2.2); EN 16931 BT-113, FR CTC BT-23 B4/S4/M4.
///
/// # Examples
///
/// ```
/// use facturier_core::{DepositSpec, NaiveDate, NumberingState, Quote, QuoteContent, issue, json, Decimal};
///
/// let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap_or_default(); // the quote is of 1 October
/// let content: QuoteContent = json::from_str(include_str!("../../../examples/quote-v1.json"))?;
/// let quote = Quote::new("D-2026-001", content)?.send(day(3))?.accept(day(10))?;
/// let series = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?;
/// let (deposit, series) = issue(quote.to_deposit_draft(DepositSpec::Percent(Decimal::from(30)), &[])?, &series, day(11))?;
/// let final_draft = quote.to_final_draft(&[deposit.clone()], &[])?; // deducts the deposit, per VAT rate
/// let (final_invoice, _) = issue(final_draft, &series, day(31))?;
/// let t = final_invoice.totals();
/// assert_eq!(t.amount_due, t.total_incl_tax - deposit.totals().total_incl_tax);
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn final_invoice(mut operation: InvoiceDraft, deposits: &[IssuedInvoice], credit_notes: &[IssuedInvoice]) -> Result<InvoiceDraft> {
    if deposits.is_empty() {
        return Err(FINAL_NO_DEPOSIT.refuse("deposits", "a final invoice deducts at least one deposit invoice"));
    }
    // deduct the figures the deposits were issued with, never tampered ones (CGI 289 V)
    crate::documents::invoice::verified_all(deposits, "deposits")?;
    crate::documents::invoice::verified_all(credit_notes, "credit_notes")?;
    deducted_groups(deposits)?;
    let mut references = Vec::with_capacity(deposits.len());
    for (i, d) in deposits.iter().enumerate() {
        if d.content().currency != operation.currency {
            return Err(FINAL_CURRENCY.refuse(format!("deposits[{i}].currency"), "deposit and final invoice currencies differ"));
        }
        if deposits.iter().take(i).any(|x| x.number() == d.number()) {
            return Err(FINAL_DUPLICATE.refuse(format!("deposits[{i}]"), format!("deposit {} is listed twice", d.number())));
        }
        if !same_party(&d.content().seller.siren, &d.content().seller.name, &operation.seller.siren, &operation.seller.name) {
            return Err(
                FINAL_OTHER_PARTY.refuse(format!("deposits[{i}].seller"), format!("deposit {} was issued by another seller", d.number()))
            );
        }
        if !same_party(&d.content().buyer.siren, &d.content().buyer.name, &operation.buyer.siren, &operation.buyer.name) {
            return Err(
                FINAL_OTHER_PARTY.refuse(format!("deposits[{i}].buyer"), format!("deposit {} was invoiced to another buyer", d.number()))
            );
        }
        let groups: Vec<DeductedGroup> = crate::documents::credit_note::creditable(d, credit_notes, "credit_notes")?
            .into_iter()
            .filter(|g| !g.basis.is_zero() || !g.vat.is_zero())
            .collect();
        if groups.is_empty() {
            return Err(FINAL_CREDITED
                .refuse(format!("deposits[{i}]"), format!("deposit {} is credited in full: nothing of it is left to deduct", d.number())));
        }
        references.push(DepositReference { number: d.number().to_owned(), issue_date: d.issue_date(), groups });
    }
    operation.kind = InvoiceKind::Final;
    operation.deposits = references;
    Ok(operation)
}

/// Two parties are the same when their SIRENs match, or, without a SIREN on either side, their
/// names do (ignoring case and surrounding spaces).
fn same_party(siren_a: &Option<String>, name_a: &str, siren_b: &Option<String>, name_b: &str) -> bool {
    match (siren_a, siren_b) {
        (Some(a), Some(b)) => crate::identifiers::normalize(a) == crate::identifiers::normalize(b),
        _ => name_a.trim().to_lowercase() == name_b.trim().to_lowercase(),
    }
}

/// Every VAT group invoiced by `deposits`, which must all be deposit invoices.
pub(crate) fn deducted_groups(deposits: &[IssuedInvoice]) -> Result<Vec<DeductedGroup>> {
    let mut out = Vec::new();
    for (i, d) in deposits.iter().enumerate() {
        if d.kind() != InvoiceKind::Deposit {
            return Err(FINAL_NOT_A_DEPOSIT.refuse(format!("deposits[{i}]"), format!("{} is not a deposit invoice", d.number())));
        }
        out.extend(d.deposit_groups());
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
