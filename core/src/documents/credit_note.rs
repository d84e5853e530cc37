//! Credit notes (avoirs): the only way to correct an issued invoice (CGI art. 289 I-5).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::documents::invoice::IssuedInvoice;
use crate::error::declare_rules;
use crate::error::{CoreError, Result};
use crate::line::Line;
use crate::money::{round2, sub};
use crate::terms::PaymentTerms;
use crate::totals::DeductedGroup;
use crate::vat::VatCategory;

declare_rules! { RULES;
    /// A credit note corrects an invoice, never another credit note.
    OF_CREDIT_NOTE = "credit_note.of_credit_note", "CGI 289 I-5 (a credit note refers to the invoice it corrects)";
    /// A credited line is a line of the invoice.
    LINE_UNKNOWN = "credit_note.line.unknown", "BOI-TVA-DECLA-30-20-20-20 §210 (the credit note refers to the initial invoice)";
    /// A credited quantity is in ]0, the invoiced quantity].
    QUANTITY = "credit_note.quantity.out_of_range", "CGI 272-1 (VAT is reduced only for what is cancelled); 289 I-5";
    /// A credit note never credits more than was invoiced.
    EXCEEDS = "credit_note.exceeds_invoice", "CGI 272-1; 289 I-5; BOI-TVA-DECLA-30-20-20-20 §210";
    /// A negative credit is an invoice, not a credit note.
    NEGATIVE = "credit_note.negative", "CGI 289 I-5; UNTDID 1001 code 381";
    /// A lump credit is in one of the invoice's VAT groups.
    VAT_GROUP_UNKNOWN = "credit_note.vat_group.unknown", "BOI-TVA-DECLA-30-20-20-20 §260 (a price reduction reduces the basis and VAT of its operation)";
    /// A lump credit is a positive amount, in cents (at most what is left of its group: [`CUMULATIVE`]).
    AMOUNT = "credit_note.amount.out_of_range", "CGI 272-1; BOI-TVA-DECLA-30-20-20-20 §260; EN 16931 BR-DEC-23";
    /// The earlier credit notes given are credit notes of this invoice, each given once.
    EARLIER = "credit_note.earlier.invalid", "CGI 289 I-5 (each credit note refers to the invoice it corrects)";
    /// Together with the earlier ones, a credit note never credits a VAT group beyond what was
    /// invoiced in it, net of the deposits deducted on a final invoice.
    CUMULATIVE = "credit_note.exceeds_remaining", "CGI 272-1; 289 I-5; BOI-TVA-DECLA-30-20-20-20 §210; CGI 269-2-a (the deposits' VAT stays with the deposit invoices)";
    /// Everything of the invoice is already credited.
    NOTHING_LEFT = "credit_note.nothing_left", "CGI 272-1; 289 I-5";
}

/// Which part of an invoice a credit note cancels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CreditSelection {
    /// The whole invoice.
    Full,
    /// Some quantity of some lines.
    Lines(Vec<CreditLine>),
    /// A lump amount excl. tax in one VAT group (a commercial gesture, a price reduction).
    Amount {
        /// Amount excl. tax, 2 decimals.
        amount: Decimal,
        /// VAT category of the reduced operation.
        vat_category: VatCategory,
        /// VAT rate of the reduced operation.
        vat_rate: Decimal,
        /// Reason printed on the credit note.
        reason: String,
    },
}

/// A quantity of one line of the original invoice to credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditLine {
    /// Id of the line in the original invoice.
    pub line_id: String,
    /// Quantity credited, at most the invoiced quantity.
    pub quantity: Decimal,
}

/// What remains creditable of `original`, per VAT group (basis and VAT), after the credit notes
/// among `earlier` that correct it (others are ignored); `path` names `earlier` in errors.
///
/// The limit of a group is what the invoice charged in it, net of the deposits a final invoice
/// deducts: the deposits' VAT was charged by the deposit invoices and is cancelled only by their
/// own credit notes (CGI 269-2-a, 272-1, 289 I-5). Fails with [`EARLIER`] when a credit note is
/// given twice.
pub fn creditable(original: &IssuedInvoice, earlier: &[IssuedInvoice], path: &str) -> Result<Vec<DeductedGroup>> {
    let mut room: Vec<DeductedGroup> = original
        .totals()
        .vat_breakdown
        .iter()
        .map(|g| DeductedGroup { category: g.category, rate: g.rate, basis: g.remaining_basis(), vat: g.remaining_vat() })
        .collect();
    for (i, c) in earlier.iter().enumerate() {
        let of_original =
            c.kind() == InvoiceKind::CreditNote && c.content().preceding_invoice.as_ref().is_some_and(|r| r.number == original.number());
        if !of_original {
            continue;
        }
        if earlier.iter().take(i).any(|x| x.number() == c.number()) {
            return Err(EARLIER.refuse(format!("{path}[{i}]"), format!("credit note {} is given twice", c.number())));
        }
        for g in &c.totals().vat_breakdown {
            let same = |r: &&mut DeductedGroup| r.category == g.category && r.rate.normalize() == g.rate.normalize();
            if let Some(r) = room.iter_mut().find(same) {
                let p = format!("{path}[{i}]");
                r.basis = sub(r.basis, g.remaining_basis(), &p)?;
                r.vat = sub(r.vat, g.remaining_vat(), &p)?;
            }
        }
    }
    Ok(room)
}

/// Makes the credit-note draft correcting `original` after the credit notes already issued for
/// it (`credit_notes`: any credit notes of the customer, those of other invoices are ignored),
/// referencing its number and date (CGI 289 I-5; BOI-TVA-DECLA-30-20-20-20 §§210-260: the credit
/// note shows the HT reduction and the matching VAT, and refers to the initial invoice).
///
/// Per VAT group, the credited basis and VAT of all credit notes together never exceed what the
/// invoice charged, net of the deposits of a final invoice ([`creditable`], [`CUMULATIVE`]).
/// [`CreditSelection::Full`] credits what remains: the invoice's own lines when nothing was
/// credited yet and no deposit is deducted, else one line per VAT group for the remainder (so a
/// full credit note of a final invoice leaves the VAT of the deposit invoices in place: those are
/// cancelled by credit notes of their own).
///
/// # Examples
///
/// ```
/// use facturier_core::{CreditSelection, InvoiceDraft, InvoiceKind, NaiveDate, NumberingState, credit_note, issue, json};
///
/// let draft: InvoiceDraft = json::from_str(include_str!("../../../examples/invoice-draft.json"))?;
/// let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
/// let (invoice, _) = issue(draft, &NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?, date)?;
/// let avoir = credit_note(&invoice, &CreditSelection::Full, &[])?;
/// assert_eq!(avoir.kind, InvoiceKind::CreditNote);
/// let (issued, _) = issue(avoir, &NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:5}")?, date)?;
/// assert_eq!(issued.totals().total_incl_tax, invoice.totals().total_incl_tax); // the whole invoice is cancelled
/// assert!(credit_note(&invoice, &CreditSelection::Full, &[issued]).is_err()); // nothing is left to credit
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn credit_note(original: &IssuedInvoice, selection: &CreditSelection, credit_notes: &[IssuedInvoice]) -> Result<InvoiceDraft> {
    if original.kind() == InvoiceKind::CreditNote {
        return Err(OF_CREDIT_NOTE.refuse("original", "a credit note is not itself credited"));
    }
    // a credit note is computed from the figures of what it corrects: never from tampered ones (CGI 289 V)
    original.verified("")?;
    crate::documents::invoice::verified_all(credit_notes, "credit_notes")?;
    let room = creditable(original, credit_notes, "credit_notes")?;
    let earlier: Vec<&IssuedInvoice> = credit_notes
        .iter()
        .filter(|c| {
            c.kind() == InvoiceKind::CreditNote && c.content().preceding_invoice.as_ref().is_some_and(|r| r.number == original.number())
        })
        .collect();
    let mut draft = original.content().clone();
    draft.kind = InvoiceKind::CreditNote;
    draft.preceding_invoice = Some(original.reference());
    draft.prepaid_amount = Decimal::ZERO;
    draft.payment_terms = PaymentTerms::OnReceipt;
    draft.notes = vec![format!("Avoir sur la facture n° {} du {}", original.number(), original.issue_date().format("%d/%m/%Y"))];
    match selection {
        CreditSelection::Full if earlier.is_empty() && original.content().deposits.is_empty() => {}
        CreditSelection::Full => {
            let mut lines = Vec::new();
            for g in &room {
                let amount = crate::totals::capped_deposit(g.basis, g.basis, g.vat, g.rate)
                    .ok_or_else(|| CoreError::Overflow { path: "selection".into() })?;
                if amount <= Decimal::ZERO {
                    continue;
                }
                let what = if original.content().deposits.is_empty() { "Solde" } else { "Solde après acomptes" };
                let description = format!("{what} de la facture n° {} ({})", original.number(), group_label(g.category, g.rate));
                lines.extend(reduction_lines(original, g.category, g.rate, amount, &description, lines.len())?);
            }
            if lines.is_empty() {
                return Err(NOTHING_LEFT.refuse("selection", format!("{} is already credited in full", original.number())));
            }
            draft.lines = lines;
            draft.allowances.clear();
            draft.charges.clear();
        }
        CreditSelection::Lines(picks) => {
            let mut lines = Vec::with_capacity(picks.len());
            let mut seen: BTreeMap<&str, Decimal> = BTreeMap::new();
            for (i, p) in picks.iter().enumerate() {
                let Some(line) = original.content().lines.iter().find(|l| l.id == p.line_id) else {
                    return Err(
                        LINE_UNKNOWN.refuse(format!("selection[{i}].line_id"), format!("no line `{}` in {}", p.line_id, original.number()))
                    );
                };
                let total = match seen.entry(line.id.as_str()) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    // the quantities earlier credit notes took from the same line
                    std::collections::btree_map::Entry::Vacant(e) => e.insert(credited_quantity(&earlier, line)),
                };
                *total = total.checked_add(p.quantity).unwrap_or(Decimal::MAX);
                if p.quantity <= Decimal::ZERO || *total > line.quantity.abs() {
                    return Err(QUANTITY.refuse(
                        format!("selection[{i}].quantity"),
                        format!("credited quantity must be in ]0, {}], less what earlier credit notes credited", line.quantity),
                    ));
                }
                let mut l = line.clone();
                // a negative line (a return netted on the invoice) is credited negative
                l.quantity = p.quantity;
                l.quantity.set_sign_negative(line.quantity.is_sign_negative());
                if let Some(crate::line::Discount::Amount(a)) = l.discount {
                    // pro rata of the credited quantity, to the cent
                    let prorata = a.checked_mul(l.quantity).and_then(|x| x.checked_div(line.quantity)).map(round2);
                    l.discount = prorata.map(crate::line::Discount::Amount);
                }
                lines.push(l);
            }
            draft.lines = lines;
            draft.allowances.clear();
            draft.charges.clear();
            // Document allowances are not prorated: never credit more than was invoiced.
            let credited = draft.totals(original.issue_date())?.total_excl_tax;
            if credited > original.totals().total_excl_tax {
                return Err(EXCEEDS.refuse(
                    "selection",
                    format!("credited {credited} excl. tax exceeds the {} invoiced", original.totals().total_excl_tax),
                ));
            }
            if credited < Decimal::ZERO {
                return Err(NEGATIVE.refuse("selection", format!("credited {credited} excl. tax is negative: issue an invoice")));
            }
        }
        CreditSelection::Amount { amount, vat_category, vat_rate, reason } => {
            // a price reduction reduces the basis and the VAT of the operation it concerns (§260)
            let same = |g: &&DeductedGroup| g.category == *vat_category && g.rate.normalize() == vat_rate.normalize();
            let Some(group) = room.iter().find(same) else {
                return Err(VAT_GROUP_UNKNOWN.refuse(
                    "selection.vat_rate",
                    format!("{} has no VAT group {} {} %", original.number(), vat_category.code(), vat_rate),
                ));
            };
            if *amount <= Decimal::ZERO || round2(*amount) != *amount {
                return Err(AMOUNT.refuse("selection.amount", "a credited amount is positive, with 2 decimals"));
            }
            if *amount > group.basis {
                return Err(CUMULATIVE.refuse(
                    "selection.amount",
                    format!("{amount} exceeds the {} excl. tax left to credit in this VAT group", group.basis),
                ));
            }
            draft.lines = reduction_lines(original, *vat_category, *vat_rate, *amount, reason, 0)?;
            draft.allowances.clear();
            draft.charges.clear();
        }
    }
    draft.deposits.clear();
    check_cumulative(&draft, &room, original)?;
    Ok(draft)
}

/// Refuses a credit-note draft that credits a VAT group beyond `room` ([`CUMULATIVE`]).
fn check_cumulative(draft: &InvoiceDraft, room: &[DeductedGroup], original: &IssuedInvoice) -> Result<()> {
    let totals = draft.totals(original.issue_date())?;
    for g in &totals.vat_breakdown {
        let same = |r: &&DeductedGroup| r.category == g.category && r.rate.normalize() == g.rate.normalize();
        let (basis, vat) = room.iter().find(same).map_or((Decimal::ZERO, Decimal::ZERO), |r| (r.basis, r.vat));
        if g.basis > basis || g.vat > vat {
            return Err(CUMULATIVE.refuse(
                "selection",
                format!(
                    "VAT group {}: crediting {} excl. tax and {} VAT exceeds what is left to credit ({basis} and {vat})",
                    group_label(g.category, g.rate),
                    g.basis,
                    g.vat
                ),
            ));
        }
    }
    Ok(())
}

/// The quantity of `line` that `earlier` credit notes credited (lines with its id and price);
/// `Decimal::MAX` when the sum overflows, which no line can be credited beyond.
fn credited_quantity(earlier: &[&IssuedInvoice], line: &Line) -> Decimal {
    let credited = earlier
        .iter()
        .flat_map(|c| c.content().lines.iter())
        .filter(|l| l.id == line.id && l.unit_price == line.unit_price && l.vat_rate == line.vat_rate)
        .map(|l| l.quantity.abs());
    crate::money::checked_sum(credited).unwrap_or(Decimal::MAX)
}

/// The lines of a lump credit of `amount` in one VAT group of `original`, goods or services as the
/// invoice's lines of that group are (242 nonies A I-8° bis), numbered after `already` lines.
fn reduction_lines(
    original: &IssuedInvoice,
    category: VatCategory,
    rate: Decimal,
    amount: Decimal,
    description: &str,
    already: usize,
) -> Result<Vec<Line>> {
    let parts = crate::totals::supply_parts(&original.content().lines, category, rate, amount)
        .ok_or_else(|| crate::error::CoreError::Overflow { path: "selection".into() })?;
    Ok(parts
        .into_iter()
        .enumerate()
        .map(|(k, (supply, part))| Line {
            id: format!("R{}", already.saturating_add(k).saturating_add(1)),
            description: description.to_owned(),
            quantity: Decimal::ONE,
            unit: "C62".into(),
            unit_price: part,
            discount: None,
            vat_category: category,
            vat_rate: rate,
            supply,
        })
        .collect())
}

/// "TVA 20 %" for a taxed group, else the category code.
fn group_label(category: VatCategory, rate: Decimal) -> String {
    if category == VatCategory::S { format!("TVA {} %", crate::format::plain_number(rate)) } else { category.code().to_owned() }
}

#[cfg(test)]
mod tests;
