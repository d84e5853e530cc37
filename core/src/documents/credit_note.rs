//! Credit notes (avoirs): the only way to correct an issued invoice (CGI art. 289 I-5).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::documents::invoice::IssuedInvoice;
use crate::error::Result;
use crate::error::declare_rules;
use crate::line::{Line, SupplyKind};
use crate::money::round2;
use crate::terms::PaymentTerms;
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
    /// A lump credit is in ]0, the group's basis], in cents.
    AMOUNT = "credit_note.amount.out_of_range", "CGI 272-1; BOI-TVA-DECLA-30-20-20-20 §260; EN 16931 BR-DEC-23";
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

/// Makes the credit-note draft correcting `original`, referencing its number and date
/// (CGI 289 I-5; BOI-TVA-DECLA-30-20-20-20 §§210-260: the credit note shows the HT reduction
/// and the matching VAT, and refers to the initial invoice).
///
/// # Examples
///
/// ```
/// use facturier_core::{CreditSelection, InvoiceDraft, InvoiceKind, NaiveDate, NumberingState, credit_note, issue, json};
///
/// let draft: InvoiceDraft = json::from_str(include_str!("../../../examples/invoice-draft.json"))?;
/// let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
/// let (invoice, _) = issue(draft, &NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?, date)?;
/// let avoir = credit_note(&invoice, &CreditSelection::Full)?;
/// assert_eq!(avoir.kind, InvoiceKind::CreditNote);
/// let (issued, _) = issue(avoir, &NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:5}")?, date)?;
/// assert_eq!(issued.totals().total_incl_tax, invoice.totals().total_incl_tax); // the whole invoice is cancelled
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn credit_note(original: &IssuedInvoice, selection: &CreditSelection) -> Result<InvoiceDraft> {
    if original.kind() == InvoiceKind::CreditNote {
        return Err(OF_CREDIT_NOTE.refuse("original", "a credit note is not itself credited"));
    }
    let mut draft = original.content().clone();
    draft.kind = InvoiceKind::CreditNote;
    draft.preceding_invoice = Some(original.reference());
    draft.prepaid_amount = Decimal::ZERO;
    draft.payment_terms = PaymentTerms::OnReceipt;
    draft.notes = vec![format!("Avoir sur la facture n° {} du {}", original.number(), original.issue_date().format("%d/%m/%Y"))];
    match selection {
        CreditSelection::Full => {}
        CreditSelection::Lines(picks) => {
            let mut lines = Vec::with_capacity(picks.len());
            let mut seen: BTreeMap<&str, Decimal> = BTreeMap::new();
            for (i, p) in picks.iter().enumerate() {
                let Some(line) = original.content().lines.iter().find(|l| l.id == p.line_id) else {
                    return Err(
                        LINE_UNKNOWN.refuse(format!("selection[{i}].line_id"), format!("no line `{}` in {}", p.line_id, original.number()))
                    );
                };
                let total = seen.entry(line.id.as_str()).or_default();
                *total += p.quantity;
                if p.quantity <= Decimal::ZERO || *total > line.quantity.abs() {
                    return Err(
                        QUANTITY.refuse(format!("selection[{i}].quantity"), format!("credited quantity must be in ]0, {}]", line.quantity))
                    );
                }
                let mut l = line.clone();
                // a negative line (a return netted on the invoice) is credited negative
                l.quantity = if line.quantity.is_sign_negative() { -p.quantity } else { p.quantity };
                if let Some(crate::line::Discount::Amount(a)) = l.discount {
                    // pro rata of the credited quantity, to the cent
                    let prorata = a.checked_mul(l.quantity).map(|x| round2(x / line.quantity));
                    l.discount = prorata.map(crate::line::Discount::Amount);
                }
                lines.push(l);
            }
            draft.lines = lines;
            draft.allowances.clear();
            draft.charges.clear();
            draft.deposits.clear();
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
            let same = |g: &&crate::totals::VatBreakdown| g.category == *vat_category && g.rate.normalize() == vat_rate.normalize();
            let Some(group) = original.totals().vat_breakdown.iter().find(same) else {
                return Err(VAT_GROUP_UNKNOWN.refuse(
                    "selection.vat_rate",
                    format!("{} has no VAT group {} {} %", original.number(), vat_category.code(), vat_rate),
                ));
            };
            if *amount <= Decimal::ZERO || *amount > group.basis || round2(*amount) != *amount {
                return Err(AMOUNT.refuse("selection.amount", format!("credited amount must be in ]0, {}] with 2 decimals", group.basis)));
            }
            draft.lines = vec![Line {
                id: "1".into(),
                description: reason.clone(),
                quantity: Decimal::ONE,
                unit: "C62".into(),
                unit_price: *amount,
                discount: None,
                vat_category: *vat_category,
                vat_rate: *vat_rate,
                supply: SupplyKind::Services,
            }];
            draft.allowances.clear();
            draft.charges.clear();
            draft.deposits.clear();
        }
    }
    Ok(draft)
}
