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
///
/// No part goes below zero: when the parts rounded up by more than the largest one holds (many
/// groups, a few cents), the rest of the remainder is taken from the next largest weights.
fn spread(amount: Decimal, weights: &[Decimal]) -> Option<Vec<Decimal>> {
    let total: Decimal = weights.iter().copied().sum();
    if total.is_zero() {
        return None;
    }
    let mut parts: Vec<Decimal> = weights.iter().map(|w| amount.checked_mul(*w).map(|x| round2(x / total))).collect::<Option<_>>()?;
    let mut diff = amount - parts.iter().copied().sum::<Decimal>();
    // largest weight first; among equal weights, the last one first
    let mut order: Vec<(usize, Decimal)> = weights.iter().copied().enumerate().collect();
    order.sort_by(|(i, a), (j, b)| b.cmp(a).then(j.cmp(i)));
    for (i, _) in order {
        if diff.is_zero() {
            break;
        }
        let p = parts.get_mut(i)?;
        let take = if diff < Decimal::ZERO { diff.max(-*p) } else { diff };
        *p += take;
        diff -= take;
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
        if deposits.iter().take(i).any(|x| x.number() == d.number()) {
            return Err(CoreError::wrong_state(format!("deposits[{i}]"), format!("deposit {} is listed twice", d.number())));
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
                return Err(CoreError::wrong_state(
                    "selection",
                    format!("credited {credited} excl. tax exceeds the {} invoiced", original.totals().total_excl_tax),
                ));
            }
            if credited < Decimal::ZERO {
                return Err(CoreError::wrong_state("selection", format!("credited {credited} excl. tax is negative: issue an invoice")));
            }
        }
        CreditSelection::Amount { amount, vat_category, vat_rate, reason } => {
            // a price reduction reduces the basis and the VAT of the operation it concerns (§260)
            let same = |g: &&crate::totals::VatBreakdown| g.category == *vat_category && g.rate.normalize() == vat_rate.normalize();
            let Some(group) = original.totals().vat_breakdown.iter().find(same) else {
                return Err(CoreError::wrong_state(
                    "selection.vat_rate",
                    format!("{} has no VAT group {} {} %", original.number(), vat_category.code(), vat_rate),
                ));
            };
            if *amount <= Decimal::ZERO || *amount > group.basis || round2(*amount) != *amount {
                return Err(CoreError::wrong_state(
                    "selection.amount",
                    format!("credited amount must be in ]0, {}] with 2 decimals", group.basis),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::Discount;
    use crate::mentions::MentionKey;
    use crate::proptest_support::{buyer, seller};
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn line(id: &str, quantity: Decimal, price: Decimal, rate: Decimal, supply: SupplyKind) -> Line {
        Line {
            id: id.into(),
            description: format!("Article {id}"),
            quantity,
            unit: "C62".into(),
            unit_price: price,
            discount: None,
            vat_category: VatCategory::S,
            vat_rate: rate,
            supply,
        }
    }

    /// A lawful operation: 10 × 100.00 € of services at 20 % and 20 × 25.00 € of goods at 5.5 %.
    fn operation() -> InvoiceDraft {
        InvoiceDraft {
            kind: InvoiceKind::Standard,
            currency: Currency::default(),
            territory: Territory::Metropole,
            seller: seller(),
            buyer: buyer(),
            lines: vec![
                line("1", dec!(10), dec!(100.00), dec!(20), SupplyKind::Services),
                line("2", dec!(20), dec!(25.00), dec!(5.5), SupplyKind::Goods),
            ],
            allowances: vec![],
            charges: vec![],
            exemptions: vec![],
            payment_terms: PaymentTerms::NetDays { days: 30 },
            delivery_date: None,
            late_payment_rate: None,
            early_payment_discount: None,
            purchase_order: None,
            quote: None,
            preceding_invoice: None,
            deposits: vec![],
            prepaid_amount: Decimal::ZERO,
            notes: vec![],
        }
    }

    fn series() -> NumberingState {
        NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap()
    }

    const ISSUE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 3, 2) {
        Some(d) => d,
        None => NaiveDate::MIN,
    };

    fn issued(draft: InvoiceDraft) -> IssuedInvoice {
        issue(draft, &series(), ISSUE).unwrap().0
    }

    /// A totals value with one S group per (basis, rate).
    fn totals_of(groups: &[(Decimal, Decimal)]) -> Totals {
        let lines: Vec<Line> =
            groups.iter().enumerate().map(|(i, (b, r))| line(&(i + 1).to_string(), Decimal::ONE, *b, *r, SupplyKind::Services)).collect();
        compute_totals(&lines, &[], &[], &[], Decimal::ZERO).unwrap()
    }

    fn group(rate: Decimal, basis: Decimal, vat: Decimal) -> DeductedGroup {
        DeductedGroup { category: VatCategory::S, rate, basis, vat }
    }

    fn amounts(lines: &[Line]) -> Vec<(Decimal, Decimal)> {
        lines.iter().map(|l| (l.vat_rate, l.unit_price)).collect()
    }

    /// Issues a deposit invoice asking `spec` of `operation()` after `previous`, numbered in `state`.
    fn deposit(
        spec: DepositSpec,
        previous: &[IssuedInvoice],
        state: &NumberingState,
        date: NaiveDate,
    ) -> Result<(IssuedInvoice, NumberingState)> {
        let op = operation();
        let lines = deposit_lines(&op.totals(date)?, &deducted_groups(previous)?, spec, "sur commande n° 42")?;
        issue(InvoiceDraft { kind: InvoiceKind::Deposit, lines, ..op }, state, date)
    }

    #[test]
    fn type_codes_and_titles() {
        assert_eq!(InvoiceKind::Standard.type_code(), 380);
        assert_eq!(InvoiceKind::Final.type_code(), 380);
        assert_eq!(InvoiceKind::Deposit.type_code(), 386);
        assert_eq!(InvoiceKind::CreditNote.type_code(), 381);
        assert_eq!(InvoiceKind::Standard.title_fr(), "Facture");
        assert_eq!(InvoiceKind::Deposit.title_fr(), "Facture d'acompte");
        assert_eq!(InvoiceKind::Final.title_fr(), "Facture de solde");
        assert_eq!(InvoiceKind::CreditNote.title_fr(), "Avoir");
        assert_eq!(InvoiceKind::default(), InvoiceKind::Standard);
    }

    #[test]
    fn supply_category_follows_the_lines() {
        let mut op = operation();
        assert_eq!(op.supply_category(), SupplyCategory::Mixed);
        op.lines.truncate(1);
        assert_eq!(op.supply_category(), SupplyCategory::Services);
        op.lines[0].supply = SupplyKind::Goods;
        assert_eq!(op.supply_category(), SupplyCategory::Goods);
    }

    #[test]
    fn exemption_reasons_come_from_the_draft_then_the_regime_then_the_category() {
        let mut op = operation();
        assert_eq!(op.exemption_for(VatCategory::S, ISSUE), None);
        assert_eq!(op.exemption_for(VatCategory::E, ISSUE), None);
        assert_eq!(op.exemption_for(VatCategory::K, ISSUE), VatCategory::K.default_exemption());
        op.seller.vat_regime = crate::party::VatRegime::Franchise;
        assert_eq!(op.exemption_for(VatCategory::E, ISSUE), Some(crate::vat::franchise_exemption(ISSUE)));
        let own = Exemption { category: VatCategory::E, reason: "Exonération, art. 261 D du CGI".into(), vatex: None };
        op.exemptions.push(own.clone());
        assert_eq!(op.exemption_for(VatCategory::E, ISSUE), Some(own));
    }

    #[test]
    fn issue_refuses_a_draft_with_violations_and_returns_them_all() {
        let mut draft = operation();
        draft.seller.rcs_city = None;
        draft.buyer.name = String::new();
        draft.lines[1].vat_rate = dec!(7);
        let state = series();
        let e = issue(draft.clone(), &state, ISSUE).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert_eq!(e.path(), None);
        let found: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
        assert_eq!(
            found,
            [
                ("seller.rcs_city.missing", "seller.rcs_city"),
                ("party.name.missing", "buyer.name"),
                ("vat.rate.not_allowed", "lines[1].vat_rate")
            ]
        );
        assert_eq!(e.violations(), crate::legal::check(&draft, ISSUE).as_slice());
        // nothing was allocated: the state is untouched and the first number is still free
        assert_eq!(state, series());
        let (inv, next) = issue(operation(), &state, ISSUE).unwrap();
        assert_eq!(inv.number(), "F-2026-00001");
        assert_eq!(next.last_sequence, 1);
    }

    #[test]
    fn issue_allocates_sequential_numbers() {
        let s0 = series();
        let (a, s1) = issue(operation(), &s0, ISSUE).unwrap();
        let (b, s2) = issue(operation(), &s1, ISSUE).unwrap();
        let (c, s3) = issue(operation(), &s2, d(2026, 3, 15)).unwrap();
        assert_eq!([a.number(), b.number(), c.number()], ["F-2026-00001", "F-2026-00002", "F-2026-00003"]);
        assert_eq!((s3.last_sequence, s3.last_issue_date), (3, Some(d(2026, 3, 15))));
        // the previous states are values: re-using one gives the same number again (the host's
        // transaction decides which one is persisted)
        assert_eq!(issue(operation(), &s1, ISSUE).unwrap().0.number(), "F-2026-00002");
        // the sequence restarts with the year in the number
        let (e, _) = issue(operation(), &s3, d(2027, 1, 4)).unwrap();
        assert_eq!(e.number(), "F-2027-00001");

        assert_eq!(a.issue_date(), ISSUE);
        assert_eq!(a.due_date(), d(2026, 4, 1));
        assert_eq!(a.kind(), InvoiceKind::Standard);
        assert_eq!(a.supply_category(), SupplyCategory::Mixed);
        assert_eq!(a.content(), &operation());
        assert_eq!(a.totals(), &operation().totals(ISSUE).unwrap());
        assert_eq!(a.mentions(), crate::legal::mentions_for(&operation(), ISSUE).as_slice());
        assert_eq!(a.reference(), InvoiceRef { number: "F-2026-00001".into(), issue_date: ISSUE });
        assert_eq!(a.to_string(), "Facture F-2026-00001 du 02/03/2026");
        // 1000.00 at 20 % and 500.00 at 5.5 %
        assert_eq!(a.totals().total_excl_tax, dec!(1500.00));
        assert_eq!(a.totals().vat_total, dec!(227.50));
        assert_eq!(a.totals().amount_due, dec!(1727.50));
    }

    #[test]
    fn issue_refuses_a_date_before_the_last_of_the_series() {
        let (_, s1) = issue(operation(), &series(), d(2026, 3, 10)).unwrap();
        let e = issue(operation(), &s1, d(2026, 3, 9)).unwrap_err();
        assert_eq!(e.code(), "numbering");
        assert_eq!(e.path(), Some("issue_date"));
        // the same day is fine
        assert_eq!(issue(operation(), &s1, d(2026, 3, 10)).unwrap().0.number(), "F-2026-00002");
    }

    #[test]
    fn issue_checks_the_law_as_of_the_issue_date() {
        let mut draft = operation();
        draft.seller.company_size = crate::party::CompanySize::Large;
        draft.buyer.siren = None;
        draft.buyer.vat_number = None;
        assert!(issue(draft.clone(), &series(), d(2026, 8, 31)).is_ok());
        let e = issue(draft, &series(), d(2026, 9, 1)).unwrap_err();
        assert_eq!(e.path(), Some("buyer.siren"));
    }

    fn round_trip(inv: &IssuedInvoice) {
        let text = crate::json::to_string_pretty(inv).unwrap();
        let back: IssuedInvoice = crate::json::from_str(&text).unwrap();
        assert_eq!(&back, inv);
        assert_eq!(crate::json::to_string_pretty(&back).unwrap(), text);
    }

    #[test]
    fn issued_invoices_round_trip_through_json() {
        let state = series();
        let mut op = operation();
        op.lines[0].discount = Some(Discount::Percent(dec!(12.5)));
        op.charges.push(AllowanceCharge { amount: dec!(15.00), reason: "Port".into(), vat_category: VatCategory::S, vat_rate: dec!(20) });
        op.notes.push("Merci pour votre confiance".into());
        op.late_payment_rate = Some(dec!(12.15));
        let (inv, _) = issue(op, &state, ISSUE).unwrap();
        round_trip(&inv);

        let (dep, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &state, ISSUE).unwrap();
        round_trip(&dep);
        let (fin, s) = issue(final_invoice(operation(), std::slice::from_ref(&dep)).unwrap(), &s, d(2026, 4, 1)).unwrap();
        round_trip(&fin);
        let (cn, _) = issue(credit_note(&fin, &CreditSelection::Full).unwrap(), &s, d(2026, 4, 2)).unwrap();
        round_trip(&cn);
    }

    fn data_of(inv: &IssuedInvoice) -> IssuedInvoiceData {
        IssuedInvoiceData {
            number: inv.number.clone(),
            issue_date: inv.issue_date,
            due_date: inv.due_date,
            supply_category: inv.supply_category,
            content: inv.content.clone(),
            totals: inv.totals.clone(),
            mentions: inv.mentions.clone(),
        }
    }

    fn tampered_paths(data: IssuedInvoiceData) -> Vec<String> {
        let e = IssuedInvoice::try_from(data).unwrap_err();
        e.violations().iter().inspect(|v| assert_eq!(v.code, "issued.out_of_step")).map(|v| v.path.clone()).collect()
    }

    #[test]
    fn tampered_issued_invoices_are_refused() {
        let inv = issued(operation());
        assert_eq!(IssuedInvoice::try_from(data_of(&inv)).unwrap(), inv);

        let mut data = data_of(&inv);
        data.content.lines[0].unit_price = dec!(90.00);
        assert_eq!(tampered_paths(data), ["totals"]);
        let mut data = data_of(&inv);
        data.totals.amount_due = dec!(1.00);
        assert_eq!(tampered_paths(data), ["totals"]);
        let mut data = data_of(&inv);
        data.due_date = d(2026, 5, 1);
        assert_eq!(tampered_paths(data), ["due_date"]);
        let mut data = data_of(&inv);
        data.mentions.pop();
        assert_eq!(tampered_paths(data), ["mentions"]);
        let mut data = data_of(&inv);
        data.supply_category = SupplyCategory::Services;
        assert_eq!(tampered_paths(data), ["mentions"]);
        // several at once: all reported
        let mut data = data_of(&inv);
        data.content.payment_terms = PaymentTerms::OnReceipt;
        data.content.lines.pop();
        assert_eq!(tampered_paths(data), ["totals", "due_date", "mentions"]);

        // through JSON: a parse error naming the rule
        let mut v = serde_json::to_value(&inv).unwrap();
        v["content"]["lines"][0]["quantity"] = serde_json::Value::String("11".into());
        let e = crate::json::from_value::<IssuedInvoice>(v).unwrap_err();
        assert_eq!(e.code(), "parse");
        assert!(e.to_string().contains("issued.out_of_step"), "{e}");
    }

    #[test]
    fn deposit_lines_by_percent_one_line_per_vat_group() {
        let t = operation().totals(ISSUE).unwrap();
        let lines = deposit_lines(&t, &[], DepositSpec::Percent(dec!(30)), "sur devis n° D-1 v1").unwrap();
        assert_eq!(amounts(&lines), [(dec!(5.5), dec!(150.00)), (dec!(20), dec!(300.00))]);
        assert_eq!(lines[0].id, "A1");
        assert_eq!(lines[1].id, "A2");
        assert_eq!(lines[0].description, "Acompte de 30 % sur devis n° D-1 v1 (TVA 5,5 %)");
        assert_eq!(lines[1].description, "Acompte de 30 % sur devis n° D-1 v1 (TVA 20 %)");
        for l in &lines {
            assert_eq!(
                (l.quantity, l.unit.as_str(), l.supply, l.vat_category),
                (Decimal::ONE, "C62", SupplyKind::Services, VatCategory::S)
            );
        }
        let lines = deposit_lines(&t, &[], DepositSpec::Percent(dec!(12.5)), "x").unwrap();
        assert_eq!(amounts(&lines), [(dec!(5.5), dec!(62.50)), (dec!(20), dec!(125.00))]);
        assert!(lines[0].description.starts_with("Acompte de 12,5 % x"), "{}", lines[0].description);
        // a percentage rounds per group, half away from zero
        let t = totals_of(&[(dec!(0.05), dec!(20))]);
        assert_eq!(amounts(&deposit_lines(&t, &[], DepositSpec::Percent(dec!(50)), "x").unwrap()), [(dec!(20), dec!(0.03))]);
        // 100 % is the whole basis
        let t = operation().totals(ISSUE).unwrap();
        let all = deposit_lines(&t, &[], DepositSpec::Percent(dec!(100)), "x").unwrap();
        assert_eq!(amounts(&all), [(dec!(5.5), dec!(500.00)), (dec!(20), dec!(1000.00))]);
        for p in [dec!(0), dec!(-10), dec!(100.01)] {
            let e = deposit_lines(&t, &[], DepositSpec::Percent(p), "x").unwrap_err();
            assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposit.percent")), "{p}");
        }
    }

    #[test]
    fn deposit_amount_is_spread_pro_rata_and_sums_exactly() {
        let t = totals_of(&[(dec!(1000.00), dec!(20)), (dec!(333.33), dec!(5.5))]);
        let lines = deposit_lines(&t, &[], DepositSpec::AmountExclTax(dec!(500.00)), "x").unwrap();
        assert_eq!(amounts(&lines), [(dec!(5.5), dec!(125.00)), (dec!(20), dec!(375.00))]);
        assert_eq!(lines[0].description, "Acompte x (TVA 5,5 %)");
        // equal weights and an odd cent: both round up, the largest (last) group gives it back
        let t = totals_of(&[(dec!(100.00), dec!(20)), (dec!(100.00), dec!(10))]);
        let lines = deposit_lines(&t, &[], DepositSpec::AmountExclTax(dec!(100.01)), "x").unwrap();
        assert_eq!(amounts(&lines), [(dec!(10), dec!(50.01)), (dec!(20), dec!(50.00))]);
        // the whole basis
        let lines = deposit_lines(&t, &[], DepositSpec::AmountExclTax(dec!(200.00)), "x").unwrap();
        assert_eq!(amounts(&lines), [(dec!(10), dec!(100.00)), (dec!(20), dec!(100.00))]);
        for a in [dec!(0), dec!(-1), dec!(200.01), dec!(10.001)] {
            let e = deposit_lines(&t, &[], DepositSpec::AmountExclTax(a), "x").unwrap_err();
            assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposit.amount_excl_tax")), "{a}");
        }
    }

    #[test]
    fn deposit_amount_sums_exactly_whatever_the_groups() {
        let shapes: [&[(Decimal, Decimal)]; 4] = [
            &[(dec!(1000.00), dec!(20)), (dec!(333.33), dec!(5.5))],
            &[(dec!(0.07), dec!(20)), (dec!(0.05), dec!(10)), (dec!(0.03), dec!(5.5))],
            &[(dec!(1.00), dec!(20)), (dec!(1.00), dec!(10)), (dec!(1.00), dec!(5.5)), (dec!(1.00), dec!(2.1))],
            &[(dec!(10.00), dec!(20)), (dec!(10.00), dec!(10)), (dec!(10.00), dec!(5.5)), (dec!(0.01), dec!(2.1))],
        ];
        for shape in shapes {
            let t = totals_of(shape);
            let base: Decimal = shape.iter().map(|(b, _)| *b).sum();
            let cent = Decimal::new(1, 2);
            let near_zero = (1..=200).map(|n| Decimal::new(n, 2));
            let near_base = (0..200).map(|n| base - Decimal::new(n, 2));
            for cents in near_zero.chain(near_base).filter(|a| *a >= cent && *a <= base) {
                let lines = deposit_lines(&t, &[], DepositSpec::AmountExclTax(cents), "x").unwrap();
                let sum: Decimal = lines.iter().map(|l| l.unit_price).sum();
                assert_eq!(sum, cents, "{shape:?} {cents}: {:?}", amounts(&lines));
                for l in &lines {
                    let g = shape.iter().find(|(_, r)| *r == l.vat_rate).unwrap();
                    assert!(l.unit_price > Decimal::ZERO && l.unit_price <= g.0, "{shape:?} {cents}: {:?}", amounts(&lines));
                }
            }
        }
    }

    #[test]
    fn deposits_never_exceed_the_operation() {
        let state = series();
        let (first, s) = deposit(DepositSpec::Percent(dec!(60)), &[], &state, ISSUE).unwrap();
        assert_eq!(amounts(&first.content().lines), [(dec!(5.5), dec!(300.00)), (dec!(20), dec!(600.00))]);
        // the second 60 % is capped to the remaining 40 %
        let (second, s) = deposit(DepositSpec::Percent(dec!(60)), std::slice::from_ref(&first), &s, ISSUE).unwrap();
        assert_eq!(amounts(&second.content().lines), [(dec!(5.5), dec!(200.00)), (dec!(20), dec!(400.00))]);
        assert_eq!(second.number(), "F-2026-00002");
        // nothing is left
        let both = [first.clone(), second.clone()];
        let e = deposit(DepositSpec::Percent(dec!(60)), &both, &s, ISSUE).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposit")));
        let e = deposit(DepositSpec::AmountExclTax(dec!(0.01)), &both, &s, ISSUE).unwrap_err();
        assert_eq!(e.path(), Some("deposit"));
        // an amount is capped the same way
        let (third, _) = deposit(DepositSpec::AmountExclTax(dec!(1500.00)), std::slice::from_ref(&first), &s, ISSUE).unwrap();
        assert_eq!(amounts(&third.content().lines), [(dec!(5.5), dec!(200.00)), (dec!(20), dec!(400.00))]);
        // previous deposits must be deposit invoices
        let e = deposit(DepositSpec::Percent(dec!(10)), &[issued(operation())], &s, ISSUE).unwrap_err();
        assert_eq!(e.path(), Some("deposits[0]"));
    }

    #[test]
    fn deposit_vat_never_exceeds_the_group_vat() {
        // 10.03 at 5.5 % bears 0.55 of VAT; two halves would bear 0.28 + 0.28
        let t = totals_of(&[(dec!(10.03), dec!(5.5))]);
        assert_eq!(t.vat_total, dec!(0.55));
        let first = deposit_lines(&t, &[], DepositSpec::Percent(dec!(50)), "x").unwrap();
        assert_eq!(amounts(&first), [(dec!(5.5), dec!(5.02))]);
        let done = [group(dec!(5.5), dec!(5.02), dec!(0.28))];
        let second = deposit_lines(&t, &done, DepositSpec::Percent(dec!(100)), "x").unwrap();
        // 5.01 would bear 0.28 > the 0.27 left: lowered to 4.99 (0.27)
        assert_eq!(amounts(&second), [(dec!(5.5), dec!(4.99))]);
        let done = [group(dec!(5.5), dec!(5.02), dec!(0.28)), group(dec!(5.5), dec!(4.99), dec!(0.27))];
        let third = deposit_lines(&t, &done, DepositSpec::Percent(dec!(100)), "x").unwrap();
        // the 0.02 left bears no VAT (0.0011 rounds to 0.00)
        assert_eq!(amounts(&third), [(dec!(5.5), dec!(0.02))]);
        // rates written differently are the same group
        let done = [group(dec!(5.50), dec!(10.03), dec!(0.55))];
        assert_eq!(deposit_lines(&t, &done, DepositSpec::Percent(dec!(1)), "x").unwrap_err().path(), Some("deposit"));
    }

    #[test]
    fn final_invoice_deducts_each_deposit_ht_and_vat_per_rate() {
        let state = series();
        let (a, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &state, ISSUE).unwrap();
        let (b, s) = deposit(DepositSpec::AmountExclTax(dec!(150.00)), std::slice::from_ref(&a), &s, d(2026, 3, 20)).unwrap();
        let deposits = [a.clone(), b.clone()];
        let draft = final_invoice(operation(), &deposits).unwrap();
        assert_eq!(draft.kind, InvoiceKind::Final);
        assert_eq!(draft.deposits.len(), 2);
        assert_eq!(draft.deposits[0].number, a.number());
        assert_eq!(draft.deposits[0].issue_date, a.issue_date());
        assert_eq!(draft.deposits[0].groups, a.deposit_groups());
        assert_eq!(draft.deposits[1].number, b.number());
        assert_eq!(crate::legal::check(&draft, d(2026, 4, 1)), vec![]);

        let (fin, _) = issue(draft, &s, d(2026, 4, 1)).unwrap();
        assert_eq!(fin.number(), "F-2026-00003");
        assert_eq!(fin.kind().type_code(), 380);
        let t = fin.totals();
        // the whole operation…
        assert_eq!(t.total_excl_tax, dec!(1500.00));
        assert_eq!(t.total_incl_tax, dec!(1727.50));
        // …minus 30 % (450.00 + VAT) and 150.00 spread 1/3 at 5.5 %, 2/3 at 20 %
        let g55 = &t.vat_breakdown[0];
        assert_eq!((g55.rate, g55.deposit_basis, g55.deposit_vat), (dec!(5.5), dec!(200.00), dec!(11.00)));
        let g20 = &t.vat_breakdown[1];
        assert_eq!((g20.rate, g20.deposit_basis, g20.deposit_vat), (dec!(20), dec!(400.00), dec!(80.00)));
        let deposits_ttc = a.totals().total_incl_tax + b.totals().total_incl_tax;
        assert_eq!(t.deposits_total, deposits_ttc);
        assert_eq!(t.amount_due, t.total_incl_tax - deposits_ttc);
        assert_eq!(t.amount_due, dec!(1036.50));
    }

    #[test]
    fn final_invoice_needs_deposit_invoices_in_its_currency() {
        let state = series();
        let e = final_invoice(operation(), &[]).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposits")));
        let (dep, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &state, ISSUE).unwrap();
        let (std_inv, s) = issue(operation(), &s, ISSUE).unwrap();
        let e = final_invoice(operation(), &[dep.clone(), std_inv]).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposits[1]")));
        let (cn, s) = issue(credit_note(&dep, &CreditSelection::Full).unwrap(), &s, ISSUE).unwrap();
        assert_eq!(final_invoice(operation(), &[cn]).unwrap_err().path(), Some("deposits[0]"));

        let mut usd = operation();
        usd.currency = Currency("USD".into());
        let lines = deposit_lines(&usd.totals(ISSUE).unwrap(), &[], DepositSpec::Percent(dec!(10)), "x").unwrap();
        let (usd_dep, _) = issue(InvoiceDraft { kind: InvoiceKind::Deposit, lines, ..usd }, &s, ISSUE).unwrap();
        let e = final_invoice(operation(), &[dep, usd_dep]).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposits[1].currency")));
    }

    #[test]
    fn full_credit_note_mirrors_the_invoice_and_refers_to_it() {
        let mut op = operation();
        op.payment_terms = PaymentTerms::NetDays { days: 45 };
        op.prepaid_amount = dec!(100.00);
        op.notes.push("Note".into());
        let inv = issued(op);
        let cn = credit_note(&inv, &CreditSelection::Full).unwrap();
        assert_eq!(cn.kind, InvoiceKind::CreditNote);
        assert_eq!(cn.kind.type_code(), 381);
        assert_eq!(cn.preceding_invoice, Some(InvoiceRef { number: "F-2026-00001".into(), issue_date: ISSUE }));
        assert_eq!(cn.payment_terms, PaymentTerms::OnReceipt);
        assert_eq!(cn.prepaid_amount, Decimal::ZERO);
        assert_eq!(cn.notes, ["Avoir sur la facture n° F-2026-00001 du 02/03/2026"]);
        assert_eq!(cn.lines, inv.content().lines);
        let t = cn.totals(ISSUE).unwrap();
        assert_eq!(t.vat_breakdown, inv.totals().vat_breakdown);
        assert_eq!(t.total_incl_tax, inv.totals().total_incl_tax);
        assert_eq!(crate::legal::check(&cn, ISSUE), vec![]);
        let credits = NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:4}").unwrap();
        let (issued_cn, _) = issue(cn, &credits, d(2026, 3, 3)).unwrap();
        assert_eq!(issued_cn.to_string(), "Avoir AV-2026-0001 du 03/03/2026");
        // credit notes print the VAT mentions only, not the payment clauses
        assert!(issued_cn.mentions().iter().all(|m| m.key != MentionKey::LatePenalty));
    }

    #[test]
    fn credit_note_of_some_lines() {
        let mut op = operation();
        op.lines[0].discount = Some(Discount::Amount(dec!(10.00)));
        op.charges.push(AllowanceCharge { amount: dec!(20.00), reason: "Port".into(), vat_category: VatCategory::S, vat_rate: dec!(20) });
        let inv = issued(op);
        let pick = |picks: &[(&str, Decimal)]| {
            CreditSelection::Lines(picks.iter().map(|(id, q)| CreditLine { line_id: (*id).into(), quantity: *q }).collect())
        };
        let cn = credit_note(&inv, &pick(&[("1", dec!(3)), ("2", dec!(20))])).unwrap();
        assert_eq!(cn.lines.len(), 2);
        assert_eq!(cn.lines[0].quantity, dec!(3));
        // the amount discount is credited pro rata: 10.00 × 3 / 10
        assert_eq!(cn.lines[0].discount, Some(Discount::Amount(dec!(3.00))));
        assert!(cn.charges.is_empty() && cn.allowances.is_empty());
        let t = cn.totals(ISSUE).unwrap();
        assert_eq!(t.total_excl_tax, dec!(297.00) + dec!(500.00));
        assert_eq!(crate::legal::check(&cn, ISSUE), vec![]);
        // the same line picked twice counts once against its quantity
        assert!(credit_note(&inv, &pick(&[("1", dec!(4)), ("1", dec!(6))])).is_ok());
        let e = credit_note(&inv, &pick(&[("1", dec!(4)), ("1", dec!(6.0001))])).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("selection[1].quantity")));
        // more than invoiced, zero or negative quantities
        for q in [dec!(10.0001), dec!(0), dec!(-1)] {
            let e = credit_note(&inv, &pick(&[("2", dec!(1)), ("1", q)])).unwrap_err();
            assert_eq!(e.path(), Some("selection[1].quantity"), "{q}");
        }
        // unknown line
        let e = credit_note(&inv, &pick(&[("1", dec!(1)), ("9", dec!(1))])).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("selection[1].line_id")));
        assert!(e.to_string().contains("F-2026-00001"), "{e}");
    }

    #[test]
    fn credit_note_of_lines_never_exceeds_the_invoice_after_its_allowances() {
        let mut op = operation();
        op.allowances.push(AllowanceCharge {
            amount: dec!(600.00),
            reason: "Remise fidélité".into(),
            vat_category: VatCategory::S,
            vat_rate: dec!(20),
        });
        let inv = issued(op);
        assert_eq!(inv.totals().total_excl_tax, dec!(900.00));
        let all = CreditSelection::Lines(vec![
            CreditLine { line_id: "1".into(), quantity: dec!(10) },
            CreditLine { line_id: "2".into(), quantity: dec!(20) },
        ]);
        let e = credit_note(&inv, &all).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("selection")));
        // the full credit note keeps the allowance
        let full = credit_note(&inv, &CreditSelection::Full).unwrap();
        assert_eq!(full.totals(ISSUE).unwrap().total_excl_tax, dec!(900.00));
    }

    #[test]
    fn credit_note_of_an_amount() {
        let inv = issued(operation());
        let sel = |amount: Decimal| CreditSelection::Amount {
            amount,
            vat_category: VatCategory::S,
            vat_rate: dec!(20),
            reason: "Geste commercial".into(),
        };
        let cn = credit_note(&inv, &sel(dec!(100.00))).unwrap();
        assert_eq!(cn.lines.len(), 1);
        assert_eq!(
            (cn.lines[0].description.as_str(), cn.lines[0].unit_price, cn.lines[0].vat_rate),
            ("Geste commercial", dec!(100.00), dec!(20))
        );
        let t = cn.totals(ISSUE).unwrap();
        assert_eq!((t.total_excl_tax, t.vat_total, t.total_incl_tax), (dec!(100.00), dec!(20.00), dec!(120.00)));
        assert_eq!(crate::legal::check(&cn, ISSUE), vec![]);
        assert!(credit_note(&inv, &sel(dec!(1000.00))).is_ok());
        for a in [dec!(1500.01), dec!(0), dec!(-5)] {
            let e = credit_note(&inv, &sel(a)).unwrap_err();
            assert_eq!((e.code(), e.path()), ("wrong_state", Some("selection.amount")), "{a}");
        }
    }

    #[test]
    fn a_credit_note_is_not_credited() {
        let inv = issued(operation());
        let cn = issued(credit_note(&inv, &CreditSelection::Full).unwrap());
        for sel in [
            CreditSelection::Full,
            CreditSelection::Lines(vec![CreditLine { line_id: "1".into(), quantity: dec!(1) }]),
            CreditSelection::Amount { amount: dec!(1), vat_category: VatCategory::S, vat_rate: dec!(20), reason: "x".into() },
        ] {
            let e = credit_note(&cn, &sel).unwrap_err();
            assert_eq!((e.code(), e.path()), ("wrong_state", Some("original")));
        }
    }

    #[test]
    fn deposit_invoices_are_386_and_credited_as_381() {
        let (dep, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &series(), ISSUE).unwrap();
        assert_eq!(dep.kind().type_code(), 386);
        assert_eq!(dep.to_string(), "Facture d'acompte F-2026-00001 du 02/03/2026");
        assert_eq!(dep.deposit_groups(), [group(dec!(5.5), dec!(150.00), dec!(8.25)), group(dec!(20), dec!(300.00), dec!(60.00))]);
        let (cn, _) = issue(credit_note(&dep, &CreditSelection::Full).unwrap(), &s, ISSUE).unwrap();
        assert_eq!(cn.kind().type_code(), 381);
        assert_eq!(cn.totals().total_incl_tax, dep.totals().total_incl_tax);
    }

    #[test]
    fn crediting_a_negative_line_keeps_its_sign() {
        // an invoice netting a returned item (−1 × 100.00) against the goods sold
        let mut op = operation();
        op.lines.push(line("3", dec!(-1), dec!(100.00), dec!(20), SupplyKind::Goods));
        op.lines[2].discount = Some(Discount::Amount(dec!(10.00)));
        let inv = issued(op);
        assert_eq!(inv.totals().total_excl_tax, dec!(1390.00));
        let pick = |picks: &[(&str, Decimal)]| {
            CreditSelection::Lines(picks.iter().map(|(id, q)| CreditLine { line_id: (*id).into(), quantity: *q }).collect())
        };
        // crediting line 1 and the return together: the credit note nets them
        let cn = credit_note(&inv, &pick(&[("1", dec!(10)), ("3", dec!(1))])).unwrap();
        assert_eq!(cn.lines[1].quantity, dec!(-1));
        assert_eq!(cn.lines[1].discount, Some(Discount::Amount(dec!(10.00))));
        assert_eq!(cn.totals(ISSUE).unwrap().total_excl_tax, dec!(890.00));
        assert_eq!(crate::legal::check(&cn, ISSUE), vec![]);
        // crediting the return alone would be a negative credit note, i.e. an invoice
        let e = credit_note(&inv, &pick(&[("3", dec!(1))])).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("selection")));
    }

    #[test]
    fn an_amount_is_credited_in_a_vat_group_of_the_invoice() {
        let inv = issued(operation());
        let sel = |amount: Decimal, vat_category: VatCategory, vat_rate: Decimal| CreditSelection::Amount {
            amount,
            vat_category,
            vat_rate,
            reason: "Remise".into(),
        };
        // 5.5 % written differently is the same group
        assert!(credit_note(&inv, &sel(dec!(500.00), VatCategory::S, dec!(5.50))).is_ok());
        // at most the basis of that group
        let e = credit_note(&inv, &sel(dec!(500.01), VatCategory::S, dec!(5.5))).unwrap_err();
        assert_eq!(e.path(), Some("selection.amount"));
        // a rate or category the invoice does not bear
        let e = credit_note(&inv, &sel(dec!(10), VatCategory::S, dec!(10))).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("selection.vat_rate")));
        let e = credit_note(&inv, &sel(dec!(10), VatCategory::E, Decimal::ZERO)).unwrap_err();
        assert_eq!(e.path(), Some("selection.vat_rate"));
        // amounts have 2 decimals
        let e = credit_note(&inv, &sel(dec!(10.001), VatCategory::S, dec!(20))).unwrap_err();
        assert_eq!(e.path(), Some("selection.amount"));
    }

    #[test]
    fn a_deposit_is_deducted_once() {
        let (dep, _) = deposit(DepositSpec::Percent(dec!(30)), &[], &series(), ISSUE).unwrap();
        let e = final_invoice(operation(), &[dep.clone(), dep]).unwrap_err();
        assert_eq!((e.code(), e.path()), ("wrong_state", Some("deposits[1]")));
    }
}
