//! The invoice draft: the editable content of an invoice before it is issued, and the references
//! it carries (quote, preceding invoice, deposits).
//!
//! A draft is freely editable; [`crate::documents::legal::check`] tells what the law requires of
//! it, and [`crate::documents::invoice::issue`] turns it into an immutable issued invoice. This
//! file sits below the checks so that neither imports the other back.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::line::{AllowanceCharge, Line, SupplyKind};
use crate::money::{Currency, ExchangeRate};
use crate::party::{Buyer, Seller};
use crate::terms::{PaymentMeans, PaymentTerms};
use crate::totals::{DeductedGroup, Totals, VatBreakdown, compute_totals};
use crate::vat::{Exemption, Territory, VatCategory};

/// The kind of invoice, which fixes its UNTDID 1001 type code (BT-3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// Commercial invoice (380).
    #[default]
    Standard,
    /// Deposit invoice, facture d'acompte (386), mandatory for every deposit (CGI 289 I-1-c).
    Deposit,
    /// Final invoice after deposits (380), deducting each deposit invoice.
    Final,
    /// Credit note, avoir (381; 503 for the credit note of a deposit invoice), referencing the
    /// invoice it corrects.
    CreditNote,
}

impl InvoiceKind {
    /// UNTDID 1001 document type code of the kind (EN 16931 BT-3; FR CTC code list): 381 for any
    /// credit note; [`InvoiceDraft::type_code`] tells a credit note of a deposit (503).
    pub fn type_code(self) -> u16 {
        match self {
            InvoiceKind::Standard | InvoiceKind::Final => 380,
            InvoiceKind::Deposit => 386,
            InvoiceKind::CreditNote => 381,
        }
    }
}

/// A reference to an earlier invoice: number and issue date (BT-25/BT-26).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceRef {
    /// Number of the referenced invoice.
    pub number: String,
    /// Issue date of the referenced invoice.
    pub issue_date: NaiveDate,
    /// Kind of the referenced invoice, when known: a credit note of a deposit invoice is typed
    /// 503 (FNFE BR-FR-04 code list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InvoiceKind>,
}

/// A reference to the quote an invoice comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteRef {
    /// Quote number.
    pub number: String,
    /// Version accepted.
    pub version: u32,
}

/// A deposit invoice deducted on a final invoice: its reference and its amounts per VAT group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DepositReference {
    /// Number of the deposit invoice.
    pub number: String,
    /// Issue date of the deposit invoice.
    pub issue_date: NaiveDate,
    /// Its amounts per VAT group, excl. tax and VAT.
    pub groups: Vec<DeductedGroup>,
}

/// How much of a quote a deposit invoice asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DepositSpec {
    /// A percentage of each VAT group's basis, e.g. `"30"`.
    Percent(Decimal),
    /// An amount excl. tax, spread over the VAT groups pro rata of their basis.
    AmountExclTax(Decimal),
}

/// An invoice before issuance: every field a French invoice needs, but no number yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceDraft {
    /// Standard, deposit, final or credit note.
    #[serde(default)]
    pub kind: InvoiceKind,
    /// ISO 4217 currency; EUR by default.
    #[serde(default)]
    pub currency: Currency,
    /// For an invoice in another currency than the euro: the rate that gives its VAT total in
    /// euros, required (CGI art. 289; Directive 2006/112 art. 230; FNFE BR-FR-CO-12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<ExchangeRate>,
    /// Where the operation is taxed (selects the VAT rates).
    #[serde(default)]
    pub territory: Territory,
    /// The seller.
    pub seller: Seller,
    /// The buyer.
    pub buyer: Buyer,
    /// The lines.
    pub lines: Vec<Line>,
    /// Document-level allowances (BG-20).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceCharge>,
    /// Document-level charges (BG-21).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<AllowanceCharge>,
    /// Exemption reasons for non-S categories, overriding the defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<Exemption>,
    /// Payment terms; net 30 days by default (C. com. L441-10 I).
    #[serde(default)]
    pub payment_terms: PaymentTerms,
    /// Date of the supply, or of the deposit received, when it differs from the issue date (I-10°).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_date: Option<NaiveDate>,
    /// Contractual late-payment interest rate in percent per year; the statutory default applies when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_payment_rate: Option<Decimal>,
    /// Conditions of the discount for early payment (escompte); "none" is printed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_payment_discount: Option<String>,
    /// The buyer's purchase-order number (C. com. L441-9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    /// The quote this invoice comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteRef>,
    /// For a credit note: the invoice it corrects (BT-25/26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preceding_invoice: Option<InvoiceRef>,
    /// For a final invoice: every deposit invoice deducted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposits: Vec<DepositReference>,
    /// Any other amount already paid (incl. tax), part of BT-113.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub prepaid_amount: Decimal,
    /// Free notes printed on the invoice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The buyer's own reference for routing the invoice (EN 16931 BT-10), e.g. a service code
    /// or the buyer's order handler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_reference: Option<String>,
    /// The project the invoice belongs to (EN 16931 BT-11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_reference: Option<String>,
    /// The contract the invoice is issued under (EN 16931 BT-12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_reference: Option<String>,
    /// The period the invoice covers (EN 16931 BG-14), e.g. a month of service; the delivery
    /// date (`delivery_date`, BT-72) is the date of a single supply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoicing_period: Option<InvoicingPeriod>,
    /// How the buyer pays (EN 16931 BG-16); a SEPA credit transfer to the seller's IBAN when
    /// absent and the seller gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_means: Option<PaymentMeans>,
    /// Rounding amount (EN 16931 BT-114) added to the amount due, e.g. `"0.01"` or `"-0.02"`
    /// where payments are rounded; 0 by default.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub rounding_amount: Decimal,
}

/// The period an invoice covers (EN 16931 BG-14: BT-73 start, BT-74 end, both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoicingPeriod {
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period, not before the first (EN 16931 BR-29).
    pub end: NaiveDate,
}

impl InvoiceDraft {
    /// Deposit deductions flattened per VAT group, in deposit order.
    fn deducted_groups(&self) -> Vec<DeductedGroup> {
        self.deposits.iter().flat_map(|d| d.groups.iter().cloned()).collect()
    }

    /// The totals of the draft with exemption reasons filled in, as of `date`, and the VAT
    /// total in euros of an invoice in another currency when its exchange rate is given.
    pub fn totals(&self, date: NaiveDate) -> Result<Totals> {
        let mut t = compute_totals(&self.lines, &self.allowances, &self.charges, &self.deducted_groups(), self.prepaid_amount)?;
        for row in &mut t.vat_breakdown {
            row.exemption = self.exemption_for(row.category, date);
        }
        if !self.currency.is_eur() {
            t.vat_total_eur = self.exchange_rate.as_ref().and_then(|r| r.to_euros(t.vat_total));
        }
        if !self.rounding_amount.is_zero() {
            // EN 16931 BR-CO-16: BT-115 = BT-112 − BT-113 + BT-114
            t.rounding_amount = self.rounding_amount;
            t.amount_due = crate::money::add(t.amount_due, self.rounding_amount, "rounding_amount")?;
        }
        Ok(t)
    }

    /// The exemption reason of a non-S category: the draft's own, else franchise, else the default.
    pub fn exemption_for(&self, category: VatCategory, date: NaiveDate) -> Option<Exemption> {
        if category == VatCategory::S {
            return None;
        }
        if let Some(e) = self.exemptions.iter().find(|e| e.category == category) {
            return Some(e.clone());
        }
        if category == VatCategory::E && self.seller.vat_regime == crate::party::VatRegime::Franchise {
            return Some(crate::vat::franchise_exemption(date));
        }
        category.default_exemption(date)
    }

    /// A standard invoice in euros in metropolitan France from `seller` to `buyer` with `lines`,
    /// payable on the default terms, with nothing else set: the usual start of a draft.
    ///
    /// # Examples
    ///
    /// ```
    /// use facturier_core::{InvoiceDraft, NaiveDate, json};
    ///
    /// let sample: InvoiceDraft = json::from_str(include_str!("../../../examples/invoice-draft.json"))?;
    /// let draft = InvoiceDraft::new(sample.seller, sample.buyer, sample.lines);
    /// let totals = draft.totals(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default())?;
    /// assert_eq!(totals.vat_breakdown.len(), 2); // VAT at 20 % and at 5,5 %
    /// # Ok::<(), facturier_core::CoreError>(())
    /// ```
    pub fn new(seller: Seller, buyer: Buyer, lines: Vec<Line>) -> InvoiceDraft {
        InvoiceDraft {
            kind: InvoiceKind::Standard,
            currency: Currency::default(),
            exchange_rate: None,
            territory: Territory::Metropole,
            seller,
            buyer,
            lines,
            allowances: vec![],
            charges: vec![],
            exemptions: vec![],
            payment_terms: PaymentTerms::default(),
            delivery_date: None,
            late_payment_rate: None,
            early_payment_discount: None,
            purchase_order: None,
            quote: None,
            preceding_invoice: None,
            deposits: vec![],
            prepaid_amount: Decimal::ZERO,
            notes: vec![],
            buyer_reference: None,
            project_reference: None,
            contract_reference: None,
            invoicing_period: None,
            payment_means: None,
            rounding_amount: Decimal::ZERO,
        }
    }

    /// The exemption a VAT group of this draft prints (BT-120/121): none for a taxed group, else
    /// the group's own, else [`InvoiceDraft::exemption_for`] its category on `date`.
    ///
    /// CGI ann. II art. 242 nonies A, I-12°; EN 16931 BR-E-10, BR-AE-10, BR-G-10, BR-O-10.
    pub fn group_exemption(&self, group: &VatBreakdown, date: NaiveDate) -> Option<Exemption> {
        if group.category.is_taxed() {
            return None;
        }
        group.exemption.clone().or_else(|| self.exemption_for(group.category, date))
    }

    /// UNTDID 1001 type code (BT-3): [`InvoiceKind::type_code`], except 503 for a credit note of
    /// a deposit invoice (FNFE BR-FR-04 code list: 503 "avoir d'acompte").
    pub fn type_code(&self) -> u16 {
        match (self.kind, self.preceding_invoice.as_ref().and_then(|r| r.kind)) {
            (InvoiceKind::CreditNote, Some(InvoiceKind::Deposit)) => 503,
            (kind, _) => kind.type_code(),
        }
    }

    /// Goods only, services only or mixed (242 nonies A, I-8° bis; BT-23 B1/S1/M1).
    pub fn supply_category(&self) -> SupplyCategory {
        let goods = self.lines.iter().any(|l| l.supply == SupplyKind::Goods);
        let services = self.lines.iter().any(|l| l.supply == SupplyKind::Services);
        match (goods, services) {
            (true, true) => SupplyCategory::Mixed,
            (true, false) => SupplyCategory::Goods,
            _ => SupplyCategory::Services,
        }
    }
}

/// Goods, services or mixed operations (mention 8° bis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SupplyCategory {
    /// Deliveries of goods only.
    Goods,
    /// Services only.
    Services,
    /// Both.
    Mixed,
}
