//! Invoices: drafts, issuance against a numbering state, deposits, finals and credit notes.
//!
//! A draft is freely editable. [`issue`] checks it against the law as of the issue date, allocates
//! the next number of its series and returns an [`IssuedInvoice`]: an immutable value whose totals
//! are derived from its lines. An issued invoice is corrected only by a credit note
//! (CGI art. 289 I-5 and V; BOI-TVA-DECLA-30-20-20-20 §§190-260).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule};
use crate::line::{AllowanceCharge, Line, SupplyKind};
use crate::mentions::LegalMention;
use crate::money::{Currency, round2};
use crate::numbering::NumberingState;
use crate::party::{Buyer, Seller};
use crate::terms::PaymentTerms;
use crate::totals::{DeductedGroup, Totals, compute_totals};
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
    /// Credit note, avoir (381), referencing the invoice it corrects.
    CreditNote,
}

impl InvoiceKind {
    /// UNTDID 1001 document type code (EN 16931 BT-3; FR CTC code list).
    pub fn type_code(self) -> u16 {
        match self {
            InvoiceKind::Standard | InvoiceKind::Final => 380,
            InvoiceKind::Deposit => 386,
            InvoiceKind::CreditNote => 381,
        }
    }

    /// French title printed on the document.
    pub fn title_fr(self) -> &'static str {
        match self {
            InvoiceKind::Standard => "Facture",
            InvoiceKind::Deposit => "Facture d'acompte",
            InvoiceKind::Final => "Facture de solde",
            InvoiceKind::CreditNote => "Avoir",
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
}

impl InvoiceDraft {
    /// Deposit deductions flattened per VAT group, in deposit order.
    fn deducted_groups(&self) -> Vec<DeductedGroup> {
        self.deposits.iter().flat_map(|d| d.groups.iter().cloned()).collect()
    }

    /// The totals of the draft with exemption reasons filled in, as of `date`.
    pub fn totals(&self, date: NaiveDate) -> Result<Totals> {
        let mut t = compute_totals(&self.lines, &self.allowances, &self.charges, &self.deducted_groups(), self.prepaid_amount)?;
        for row in &mut t.vat_breakdown {
            row.exemption = self.exemption_for(row.category, date);
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
        category.default_exemption()
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

/// An issued invoice: immutable, numbered, with totals and mentions derived from its content.
///
/// Deserialising one recomputes its totals, due date and mentions and refuses a value whose
/// stored figures are out of step with its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "IssuedInvoiceData")]
pub struct IssuedInvoice {
    number: String,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    supply_category: SupplyCategory,
    content: InvoiceDraft,
    totals: Totals,
    mentions: Vec<LegalMention>,
}

/// The serialised shape of an [`IssuedInvoice`], checked on the way in.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuedInvoiceData {
    number: String,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    supply_category: SupplyCategory,
    content: InvoiceDraft,
    totals: Totals,
    mentions: Vec<LegalMention>,
}

/// The stored figures of an issued invoice disagree with its content.
const RULE_TAMPERED: Rule = Rule { code: "issued.out_of_step", source: "CGI art. 289 V (integrity of issued invoices)" };

impl TryFrom<IssuedInvoiceData> for IssuedInvoice {
    type Error = CoreError;

    fn try_from(d: IssuedInvoiceData) -> Result<Self> {
        let rebuilt = build_issued(d.content, d.number, d.issue_date)?;
        let mut v = vec![];
        if rebuilt.totals != d.totals {
            v.push(RULE_TAMPERED.at("totals", "stored totals differ from the totals of the lines"));
        }
        if rebuilt.due_date != d.due_date {
            v.push(RULE_TAMPERED.at("due_date", "stored due date differs from the payment terms"));
        }
        if rebuilt.mentions != d.mentions || rebuilt.supply_category != d.supply_category {
            v.push(RULE_TAMPERED.at("mentions", "stored mentions differ from those of the content"));
        }
        if v.is_empty() { Ok(rebuilt) } else { Err(CoreError::Invalid(v)) }
    }
}

impl std::fmt::Display for IssuedInvoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} du {}", self.content.kind.title_fr(), self.number, self.issue_date.format("%d/%m/%Y"))
    }
}

impl IssuedInvoice {
    /// The invoice number allocated at issuance.
    pub fn number(&self) -> &str {
        &self.number
    }
    /// The issue date.
    pub fn issue_date(&self) -> NaiveDate {
        self.issue_date
    }
    /// The due date computed from the payment terms.
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// Goods, services or mixed.
    pub fn supply_category(&self) -> SupplyCategory {
        self.supply_category
    }
    /// The kind of invoice.
    pub fn kind(&self) -> InvoiceKind {
        self.content.kind
    }
    /// The content as it was issued.
    pub fn content(&self) -> &InvoiceDraft {
        &self.content
    }
    /// The derived totals.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
    /// The legal mentions printed on the invoice.
    pub fn mentions(&self) -> &[LegalMention] {
        &self.mentions
    }
    /// Its VAT groups (basis and VAT), as a final invoice deducts them.
    pub fn deposit_groups(&self) -> Vec<DeductedGroup> {
        self.totals.vat_breakdown.iter().map(|g| DeductedGroup { category: g.category, rate: g.rate, basis: g.basis, vat: g.vat }).collect()
    }

    /// A reference (number, date) to this invoice.
    pub fn reference(&self) -> InvoiceRef {
        InvoiceRef { number: self.number.clone(), issue_date: self.issue_date }
    }
}

fn build_issued(content: InvoiceDraft, number: String, issue_date: NaiveDate) -> Result<IssuedInvoice> {
    let totals = content.totals(issue_date)?;
    let due_date = content.payment_terms.due_date(issue_date)?;
    let mentions = crate::legal::mentions_for(&content, issue_date);
    Ok(IssuedInvoice { number, issue_date, due_date, supply_category: content.supply_category(), content, totals, mentions })
}

/// Issues `draft` on `issue_date` with the next number of `state`'s series.
///
/// Refuses a draft with legal violations and returns them all ([`CoreError::Invalid`]).
/// Returns the issued invoice and the next numbering state, which the host must persist in the
/// same transaction as the invoice (see [`crate::numbering`]).
pub fn issue(draft: InvoiceDraft, state: &NumberingState, issue_date: NaiveDate) -> Result<(IssuedInvoice, NumberingState)> {
    let violations = crate::legal::check(&draft, issue_date);
    if !violations.is_empty() {
        return Err(CoreError::Invalid(violations));
    }
    let (number, next) = state.allocate(issue_date)?;
    Ok((build_issued(draft, number, issue_date)?, next))
}

/// Lines of a deposit invoice: one line per VAT group of `totals`, asking for `spec`, after the
/// deposits already invoiced (`previous`, as deducted groups).
///
/// Each deposit line is a service line "Acompte … " at the group's category and rate
/// (CGI 269-2-a: VAT is due on deposits for goods and services since 1 January 2023). A group's
/// deposits never exceed its basis, nor — through the per-invoice rounding of BR-CO-17 — its VAT:
/// the amount is lowered by the cents needed, so the final invoice never deducts more than the
/// operation bears in any VAT group.
pub fn deposit_lines(totals: &Totals, previous: &[DeductedGroup], spec: DepositSpec, label: &str) -> Result<Vec<Line>> {
    let groups: Vec<_> = totals.vat_breakdown.iter().filter(|g| g.basis > Decimal::ZERO).collect();
    let base: Decimal = groups.iter().map(|g| g.basis).sum();
    let asked: Vec<Decimal> = match spec {
        DepositSpec::Percent(p) => {
            if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(CoreError::wrong_state("deposit.percent", "a deposit percentage is in ]0, 100]"));
            }
            groups
                .iter()
                .map(|g| g.basis.checked_mul(p).map(|x| round2(x / Decimal::ONE_HUNDRED)))
                .collect::<Option<_>>()
                .ok_or_else(|| CoreError::Overflow { path: "deposit.percent".into() })?
        }
        DepositSpec::AmountExclTax(a) => {
            if a <= Decimal::ZERO || a > base || round2(a) != a {
                return Err(CoreError::wrong_state(
                    "deposit.amount_excl_tax",
                    format!("a deposit amount is in ]0, {base}] with 2 decimals"),
                ));
            }
            spread(a, &groups.iter().map(|g| g.basis).collect::<Vec<_>>())
                .ok_or_else(|| CoreError::Overflow { path: "deposit.amount_excl_tax".into() })?
        }
    };
    let what = match spec {
        DepositSpec::Percent(p) => format!("Acompte de {} %", p.normalize().to_string().replace('.', ",")),
        DepositSpec::AmountExclTax(_) => "Acompte".to_owned(),
    };
    let mut lines = Vec::with_capacity(groups.len());
    for (g, asked) in groups.iter().zip(asked) {
        let same = |d: &&DeductedGroup| d.category == g.category && d.rate.normalize() == g.rate.normalize();
        let done_basis: Decimal = previous.iter().filter(same).map(|d| d.basis).sum();
        let done_vat: Decimal = previous.iter().filter(same).map(|d| d.vat).sum();
        let amount = capped_deposit(asked, g.basis - done_basis, g.vat - done_vat, g.rate);
        if amount <= Decimal::ZERO {
            continue;
        }
        let n = lines.len() + 1;
        lines.push(Line {
            id: format!("A{n}"),
            description: if g.category == VatCategory::S {
                format!("{what} {label} (TVA {} %)", g.rate.normalize().to_string().replace('.', ","))
            } else {
                format!("{what} {label} ({})", g.category.code())
            },
            quantity: Decimal::ONE,
            unit: "C62".to_owned(),
            unit_price: amount,
            discount: None,
            vat_category: g.category,
            vat_rate: g.rate,
            supply: SupplyKind::Services,
        });
    }
    if lines.is_empty() {
        return Err(CoreError::wrong_state("deposit", "nothing is left to invoice as a deposit"));
    }
    Ok(lines)
}

/// The largest deposit basis ≤ `asked` whose basis fits in `room_basis` and whose VAT
/// (round2(basis × rate), BR-CO-17) fits in `room_vat`.
fn capped_deposit(asked: Decimal, room_basis: Decimal, room_vat: Decimal, rate: Decimal) -> Decimal {
    let mut amount = asked.min(room_basis);
    if amount <= Decimal::ZERO || rate.is_zero() {
        return amount;
    }
    let vat = |b: Decimal| round2(b * rate / Decimal::ONE_HUNDRED);
    if vat(amount) <= room_vat {
        return amount;
    }
    // Highest basis whose exact VAT stays below the room's rounding boundary, then settle by cents.
    let limit = (room_vat + Decimal::new(5, 3)) * Decimal::ONE_HUNDRED / rate;
    amount = amount.min(limit.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero));
    let cent = Decimal::new(1, 2);
    for _ in 0..4 {
        if amount <= Decimal::ZERO || vat(amount) <= room_vat {
            break;
        }
        amount -= cent;
    }
    amount.max(Decimal::ZERO)
}

/// Spreads `amount` over `weights` pro rata, to the cent, the remainder on the largest weight.
fn spread(amount: Decimal, weights: &[Decimal]) -> Option<Vec<Decimal>> {
    let total: Decimal = weights.iter().copied().sum();
    if total.is_zero() {
        return None;
    }
    let mut parts: Vec<Decimal> = weights.iter().map(|w| amount.checked_mul(*w).map(|x| round2(x / total))).collect::<Option<_>>()?;
    let diff = amount - parts.iter().copied().sum::<Decimal>();
    let largest = weights.iter().enumerate().max_by_key(|(_, w)| **w).map(|(i, _)| i)?;
    if let Some(p) = parts.get_mut(largest) {
        *p += diff;
    }
    Some(parts)
}

/// Makes the final-invoice draft of an operation: `operation` lists the whole operation, and
/// every deposit invoice in `deposits` is deducted, HT and VAT per rate, and referenced.
///
/// Source: CGI 289 I-1-c; practice of the final invoice "minus deposits invoiced, referencing
/// each" (shared/spec/domain.md §2.2); EN 16931 BT-113, FR CTC BT-23 B4/S4/M4.
pub fn final_invoice(mut operation: InvoiceDraft, deposits: &[IssuedInvoice]) -> Result<InvoiceDraft> {
    if deposits.is_empty() {
        return Err(CoreError::wrong_state("deposits", "a final invoice deducts at least one deposit invoice"));
    }
    deducted_groups(deposits)?;
    for (i, d) in deposits.iter().enumerate() {
        if d.content().currency != operation.currency {
            return Err(CoreError::wrong_state(format!("deposits[{i}].currency"), "deposit and final invoice currencies differ"));
        }
    }
    operation.kind = InvoiceKind::Final;
    operation.deposits = deposits
        .iter()
        .map(|d| DepositReference { number: d.number().to_owned(), issue_date: d.issue_date(), groups: d.deposit_groups() })
        .collect();
    Ok(operation)
}

/// Every VAT group invoiced by `deposits`, which must all be deposit invoices.
pub fn deducted_groups(deposits: &[IssuedInvoice]) -> Result<Vec<DeductedGroup>> {
    let mut out = Vec::new();
    for (i, d) in deposits.iter().enumerate() {
        if d.kind() != InvoiceKind::Deposit {
            return Err(CoreError::wrong_state(format!("deposits[{i}]"), format!("{} is not a deposit invoice", d.number())));
        }
        out.extend(d.deposit_groups());
    }
    Ok(out)
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
pub fn credit_note(original: &IssuedInvoice, selection: &CreditSelection) -> Result<InvoiceDraft> {
    if original.kind() == InvoiceKind::CreditNote {
        return Err(CoreError::wrong_state("original", "a credit note is not itself credited"));
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
                    return Err(CoreError::wrong_state(
                        format!("selection[{i}].line_id"),
                        format!("no line `{}` in {}", p.line_id, original.number()),
                    ));
                };
                let total = seen.entry(line.id.as_str()).or_default();
                *total += p.quantity;
                if p.quantity <= Decimal::ZERO || *total > line.quantity.abs() {
                    return Err(CoreError::wrong_state(
                        format!("selection[{i}].quantity"),
                        format!("credited quantity must be in ]0, {}]", line.quantity),
                    ));
                }
                let mut l = line.clone();
                l.quantity = p.quantity;
                if let Some(crate::line::Discount::Amount(a)) = l.discount {
                    // pro rata of the credited quantity, to the cent
                    let prorata = a.checked_mul(p.quantity).map(|x| round2(x / line.quantity));
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
                return Err(CoreError::wrong_state(
                    "selection",
                    format!("credited {credited} excl. tax exceeds the {} invoiced", original.totals().total_excl_tax),
                ));
            }
        }
        CreditSelection::Amount { amount, vat_category, vat_rate, reason } => {
            if *amount <= Decimal::ZERO || *amount > original.totals().total_excl_tax {
                return Err(CoreError::wrong_state(
                    "selection.amount",
                    format!("credited amount must be in ]0, {}]", original.totals().total_excl_tax),
                ));
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
