//! The posting hook of a received invoice: the purchase entry a host adds to its ledger
//! ([`facturier_core::accounting::entry::HostEntry`], journal AC), so the FEC includes purchases.
//!
//! PCG art. 944-40 (401 Fournisseurs), 944-60 (60x Achats, 61/62 services extérieurs), 944-44
//! (44566 TVA déductible sur autres biens et services): the supplier is credited with the total
//! incl. tax (BT-112) on its auxiliary account, each expense account debited with the taxable
//! amounts of its VAT groups (BT-116), deductible VAT debited with the VAT of the invoice (BT-117).
//! A credit note (UNTDID 1001 381, 261, 262, 396, 502, 503…) posts the same lines on the other side.

use facturier_core::accounting::chart::{Account, Journal};
use facturier_core::accounting::entry::{EntryLine, HostEntry};
use rust_decimal::Decimal;

use crate::error::{EinvoiceError, Result};
use crate::model::ReceivedInvoice;
use crate::validate::{Level, validate};

/// The accounts a purchase is posted to; [`PurchaseMapping::default`] gives the PCG ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseMapping {
    /// The purchases journal (AC, Achats).
    pub journal: Journal,
    /// The suppliers account (401 Fournisseurs); the auxiliary account is the supplier's key.
    pub supplier: Account,
    /// The expense account when no rule below matches (607 Achats de marchandises).
    pub expense: Account,
    /// Expense accounts by VAT rate of the group, e.g. 5.5 % → 601, 20 % → 6226; first match wins.
    pub expense_by_rate: Vec<(Decimal, Account)>,
    /// Deductible VAT on goods and services (44566).
    pub deductible_vat: Account,
}

impl Default for PurchaseMapping {
    fn default() -> Self {
        PurchaseMapping {
            journal: Journal::new("AC", "Achats"),
            supplier: Account::new("401", "Fournisseurs"),
            expense: Account::new("607", "Achats de marchandises"),
            expense_by_rate: Vec::new(),
            deductible_vat: Account::new("44566", "TVA déductible sur autres biens et services"),
        }
    }
}

/// The supplier's auxiliary account: its SIREN, else its VAT number, else its name, upper-cased.
pub fn supplier_key(inv: &ReceivedInvoice) -> String {
    let s = &inv.seller;
    s.siren().map(str::to_owned).or_else(|| s.vat_number.clone()).unwrap_or_else(|| s.name.clone()).to_uppercase()
}

/// The credit note type codes of UNTDID 1001 a purchase is reversed for.
const CREDIT_NOTES: &[&str] = &["81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "502", "503", "532"];

/// The purchase entry of a received invoice booked on `date`. Refused with
/// [`EinvoiceError::Rules`] when the invoice has EN 16931 errors (its figures cannot be posted),
/// and with [`EinvoiceError::Value`] for an invoice not in euros (the rate of the day is the
/// host's to give: not supported yet). Reverse-charge groups (AE, K) post their expense only:
/// the self-assessed VAT (4452 / 44566) is left to the host.
pub fn purchase_entry(inv: &ReceivedInvoice, mapping: &PurchaseMapping, date: chrono::NaiveDate) -> Result<HostEntry> {
    let errors: Vec<_> = validate(inv).into_iter().filter(|f| f.level == Level::Error && !f.rule.starts_with("BR-FR-")).collect();
    if !errors.is_empty() {
        return Err(EinvoiceError::Rules(errors));
    }
    if inv.currency != "EUR" {
        return Err(EinvoiceError::Value {
            path: "/BT-5".into(),
            message: format!("a purchase in {} needs the exchange rate of its date", inv.currency),
        });
    }
    let credit = CREDIT_NOTES.contains(&inv.type_code.as_str());
    let side = |account: &Account, amount: Decimal, debit: bool| {
        if debit != credit { EntryLine::debit(account, amount) } else { EntryLine::credit(account, amount) }
    };
    // expense per account, in the order the accounts first appear
    let mut expenses: Vec<(Account, Decimal)> = Vec::new();
    let mut vat = Decimal::ZERO;
    for g in &inv.vat_breakdown {
        let rate = g.rate.unwrap_or_default();
        let account = mapping.expense_by_rate.iter().find(|(r, _)| r.normalize() == rate.normalize()).map_or(&mapping.expense, |(_, a)| a);
        match expenses.iter_mut().find(|(a, _)| a == account) {
            Some((_, x)) => *x = x.checked_add(g.basis).ok_or_else(|| overflow("/BG-23"))?,
            None => expenses.push((account.clone(), g.basis)),
        }
        vat = vat.checked_add(g.vat).ok_or_else(|| overflow("/BG-23"))?;
    }
    let supplier = supplier_key(inv);
    let mut lines: Vec<EntryLine> = expenses.iter().filter(|(_, x)| !x.is_zero()).map(|(a, x)| side(a, *x, true)).collect();
    if !vat.is_zero() {
        lines.push(side(&mapping.deductible_vat, vat, true));
    }
    lines.push(side(&mapping.supplier, inv.totals.grand_total, false).with_aux(&supplier, &inv.seller.name));
    let issue = inv.issue_date.unwrap_or(date);
    Ok(HostEntry {
        id: format!("purchase:{supplier}:{}", inv.number),
        journal: mapping.journal.code.clone(),
        journal_label: mapping.journal.label.clone(),
        date,
        piece_ref: inv.number.clone(),
        piece_date: issue,
        label: format!("{} {} {}", if credit { "Avoir" } else { "Facture" }, inv.seller.name, inv.number),
        opening: false,
        lines,
    })
}

fn overflow(path: &str) -> EinvoiceError {
    EinvoiceError::Value { path: path.to_owned(), message: "amount out of range".into() }
}
