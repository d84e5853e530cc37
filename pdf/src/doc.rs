//! The render document: what a template receives as `/data.json`.
//!
//! Everything is pre-formatted in French by Rust; templates only lay strings out. The contract is
//! documented field by field in `templates/README.md`; [`SCHEMA_VERSION`] changes when a field
//! is removed or changes meaning (adding one does not).

use facturier_core::documents::draft::{InvoiceDraft, SupplyCategory};
use facturier_core::line::LineAllowanceCharge;
use facturier_core::party::{Address, Buyer, Management, Registration, Seller, VatRegime};
use facturier_core::presentation::{self as format, NBSP};
use facturier_core::texts::{self, MentionKey};
use facturier_core::{
    AllowanceCharge, Decimal, InvoiceKind, IssuedInvoice, Line, NaiveDate, PaymentTerms, Quote, Totals, VatBreakdown, VatCategory,
};
use serde::{Deserialize, Serialize};

use crate::error::{PdfError, data};

/// Version of the render JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// The data a template receives, every value a ready-to-print string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderDoc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `quote`, `invoice`, `deposit`, `final` or `credit_note`.
    pub kind: String,
    /// "Devis", "Facture", "Facture d'acompte", "Facture de solde", "Avoir".
    pub title: String,
    /// The document number.
    pub number: String,
    /// Document metadata (PDF title, author, language).
    pub meta: Meta,
    /// Dates printed under the title, in order: label and value.
    pub dates: Vec<Field>,
    /// Issue date, `22/11/2026`.
    pub issue_date: String,
    /// Due date (invoices), `22/12/2026`.
    pub due_date: Option<String>,
    /// Delivery or completion date.
    pub delivery_date: Option<String>,
    /// Other references: quote, purchase order, original invoice.
    pub references: Vec<Field>,
    /// The seller.
    pub seller: Party,
    /// The buyer.
    pub buyer: Party,
    /// Delivery address lines when different from the billing address.
    pub delivery_address: Option<Vec<String>>,
    /// True when at least one line has a discount (the table shows a discount column).
    pub has_discounts: bool,
    /// The lines.
    pub lines: Vec<RenderLine>,
    /// Document-level allowances (negative adjustments) and charges.
    pub adjustments: Vec<Adjustment>,
    /// False for a seller under franchise en base, whose documents show no VAT at all: no VAT
    /// column, breakdown nor total (CGI 293 E: no VAT "sur leurs factures ou tout autre document
    /// en tenant lieu").
    pub show_vat: bool,
    /// The VAT breakdown, one row per category and rate (empty when `show_vat` is false).
    pub vat: Vec<VatRow>,
    /// True when a VAT row carries deposit columns (final invoice).
    pub vat_has_deposits: bool,
    /// The totals.
    pub totals: RenderTotals,
    /// Deposit invoices deducted (final invoice).
    pub deposits: Vec<DepositRow>,
    /// The invoice a credit note corrects.
    pub preceding_invoice: Option<Field>,
    /// Quote specifics.
    pub quote: Option<QuoteBlock>,
    /// Payment details (invoices and quotes; none on a credit note).
    pub payment: Option<Payment>,
    /// Legal mentions computed by the core, in order.
    pub mentions: Vec<String>,
    /// Free notes.
    pub notes: Vec<String>,
    /// "Prestations de services", "Livraison de biens" or both.
    pub supply_category: Option<String>,
    /// Fixed labels (column headers, page label…), so a template holds no French text.
    pub labels: Labels,
    /// Branding: colour, footer, logo path.
    pub branding: BrandingData,
    /// The Factur-X XML to attach (a Factur-X PDF only; absent otherwise). The XML itself is
    /// not here: the world serves it as the file `/factur-x.xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facturx: Option<FacturxAttachment>,
}

/// How the template attaches `/factur-x.xml` with `pdf.attach` (Factur-X 1.0, § 6.2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacturxAttachment {
    /// The AFRelationship: `data` for MINIMUM and BASIC WL, `alternative` otherwise.
    pub relationship: String,
    /// The attachment's description, e.g. "Factur-X invoice (EN 16931)".
    pub description: String,
}

/// PDF metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Document title, e.g. "Facture F-2026-00042".
    pub title: String,
    /// Author: the seller's printed name.
    pub author: String,
    /// Language, `fr`.
    pub lang: String,
    /// The generator, "facturier 0.1.0".
    pub creator: String,
}

/// A label and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The label, e.g. "Échéance".
    pub label: String,
    /// The value, e.g. "22/12/2026".
    pub value: String,
}

/// A party block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Printed name (the seller's with "EI" for a sole trader).
    pub name: String,
    /// Address lines: street, second line, postal code and city, country when not France.
    pub address: Vec<String>,
    /// Identity lines: legal form and capital, RCS, SIREN/SIRET, VAT number, management,
    /// liquidation.
    pub identity: Vec<String>,
    /// "Adresse de facturation : …", when the billing address differs from the address
    /// (C. com. L441-9 I).
    pub billing: Option<String>,
    /// The identity lines joined with " · ".
    pub identity_line: String,
    /// E-mail.
    pub email: Option<String>,
}

/// One document line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderLine {
    /// Line id.
    pub id: String,
    /// Description.
    pub description: String,
    /// Quantity, `3,5`.
    pub quantity: String,
    /// Unit label, `j`, `h`, `u`, `mois`.
    pub unit: String,
    /// Unit price excl. tax, `650,00 €`.
    pub unit_price: String,
    /// Discount, `-10 %` or `-50,00 €`, empty when none.
    pub discount: String,
    /// VAT rate, `20 %`, or the category code for a non-standard category.
    pub vat_rate: String,
    /// Line net excl. tax.
    pub net: String,
    /// The quantity the unit price is for (EN 16931 BT-149), `12`, empty when 1; the unit price
    /// then already reads `14,40 € / 12`.
    #[serde(default)]
    pub price_base_quantity: String,
    /// What else makes the line net, one printed line each, under the description: the gross
    /// price and price discount (BT-148/147), every line allowance (BG-27, besides `discount`)
    /// and line charge (BG-28) with its reason and amount. Empty for a plain line.
    #[serde(default)]
    pub details: Vec<String>,
}

/// A document-level allowance or charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// `allowance` or `charge`.
    pub kind: String,
    /// The reason.
    pub reason: String,
    /// VAT rate.
    pub vat_rate: String,
    /// Signed amount excl. tax (`-50,00 €` for an allowance).
    pub amount: String,
}

/// One row of the VAT breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatRow {
    /// EN 16931 category code (S, Z, E, AE, K, G, O).
    pub category: String,
    /// Rate, `20 %`.
    pub rate: String,
    /// Basis excl. tax.
    pub basis: String,
    /// VAT.
    pub vat: String,
    /// Exemption reason for a non-standard category.
    pub exemption: Option<String>,
    /// Basis already invoiced by deposits (final invoice), else `None`.
    pub deposit_basis: Option<String>,
    /// VAT already invoiced by deposits (final invoice), else `None`.
    pub deposit_vat: Option<String>,
}

/// The totals, named and as ordered rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderTotals {
    /// Sum of line nets.
    pub lines: String,
    /// Total excl. tax.
    pub excl_tax: String,
    /// Total VAT.
    pub vat: String,
    /// Total incl. tax.
    pub incl_tax: String,
    /// Deposits deducted incl. tax (final invoice).
    pub deposits: Option<String>,
    /// Amount already paid (deposits and other prepayments).
    pub prepaid: Option<String>,
    /// Amount due.
    pub amount_due: String,
    /// The rows to print in order; `style` is `normal`, `strong` or `due`.
    pub rows: Vec<TotalRow>,
}

/// One printed total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalRow {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
    /// `normal`, `strong` or `due`.
    pub style: String,
}

/// One deducted deposit invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositRow {
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub date: String,
    /// Excl. tax.
    pub excl_tax: String,
    /// VAT.
    pub vat: String,
    /// Incl. tax.
    pub incl_tax: String,
}

/// Quote specifics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteBlock {
    /// Version number, `2`.
    pub version: String,
    /// Last day of validity.
    pub valid_until: String,
    /// "Devis valable jusqu'au 07/11/2026".
    pub validity_text: String,
    /// "Bon pour accord".
    pub acceptance: String,
    /// The instruction above the signature zone.
    pub signature_hint: String,
}

/// Payment details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// "30 jours date de facture".
    pub terms: String,
    /// Due date (invoices).
    pub due_date: Option<String>,
    /// IBAN in groups of four.
    pub iban: Option<String>,
    /// BIC.
    pub bic: Option<String>,
    /// Rows to print: label and value (terms, due date, IBAN, BIC).
    pub rows: Vec<Field>,
}

/// Fixed labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// "Émetteur".
    pub seller: String,
    /// "Client".
    pub buyer: String,
    /// "Adresse de livraison".
    pub delivery_address: String,
    /// "Désignation".
    pub description: String,
    /// "Qté".
    pub quantity: String,
    /// "Unité".
    pub unit: String,
    /// "PU HT".
    pub unit_price: String,
    /// "Remise".
    pub discount: String,
    /// "TVA".
    pub vat_rate: String,
    /// "Total HT".
    pub net: String,
    /// "Détail de la TVA".
    pub vat_breakdown: String,
    /// "Taux".
    pub rate: String,
    /// "Base HT".
    pub basis: String,
    /// "Montant TVA".
    pub vat_amount: String,
    /// "dont acomptes HT".
    pub deposit_basis: String,
    /// "dont TVA des acomptes".
    pub deposit_vat: String,
    /// "Acomptes déduits".
    pub deposits: String,
    /// "Facture d'acompte".
    pub deposit_number: String,
    /// "Date".
    pub date: String,
    /// "TTC".
    pub incl_tax: String,
    /// "Règlement".
    pub payment: String,
    /// "Mentions légales".
    pub mentions: String,
    /// "Notes".
    pub notes: String,
    /// "Nature des opérations".
    pub supply_category: String,
    /// "Page".
    pub page: String,
    /// "N°".
    pub number: String,
    /// "Remises et frais".
    pub adjustments: String,
}

impl Default for Labels {
    fn default() -> Self {
        let s = |x: &str| x.to_owned();
        Labels {
            seller: s("Émetteur"),
            buyer: s("Client"),
            delivery_address: s("Adresse de livraison"),
            description: s("Désignation"),
            quantity: s("Qté"),
            unit: s("Unité"),
            unit_price: s("PU HT"),
            discount: s("Remise"),
            vat_rate: s("TVA"),
            net: s("Total HT"),
            vat_breakdown: s("Détail de la TVA"),
            rate: s("Taux"),
            basis: s("Base HT"),
            vat_amount: s("Montant TVA"),
            deposit_basis: s("dont acomptes HT"),
            deposit_vat: s("dont TVA acomptes"),
            deposits: s("Acomptes déduits"),
            deposit_number: s("Facture d'acompte"),
            date: s("Date"),
            incl_tax: s("TTC"),
            payment: s("Règlement"),
            mentions: s("Mentions légales"),
            notes: s("Notes"),
            supply_category: s("Nature des opérations"),
            page: s("Page"),
            number: s("N°"),
            adjustments: s("Remises et frais"),
        }
    }
}

/// Branding as the template sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandingData {
    /// Primary colour `#RRGGBB` (a default when none is given).
    pub primary_color: String,
    /// Footer text.
    pub footer: Option<String>,
    /// The logo, when given.
    pub logo: Option<LogoData>,
}

/// Where the template finds the logo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogoData {
    /// Virtual path: `/logo.svg` or `/logo.png`.
    pub path: String,
    /// Alternative text.
    pub alt: String,
}

/// The default primary colour.
pub const DEFAULT_COLOR: &str = "#1F3A5F";

fn overflow(what: &str) -> PdfError {
    data(format!("amount overflow while summing {what}"))
}

fn address_lines(a: &Address) -> Vec<String> {
    let mut out = vec![a.line1.clone()];
    if let Some(l2) = a.line2.as_ref().filter(|l| !l.trim().is_empty()) {
        out.push(l2.clone());
    }
    out.push(format!("{} {}", a.postal_code, a.city).trim().to_owned());
    if !a.country.eq_ignore_ascii_case("FR") {
        out.push(format::country_name(&a.country));
    }
    out.retain(|l| !l.trim().is_empty());
    out
}

/// The seller's identity as every business paper prints it (C. com. R123-237, R123-238, L237-2):
/// legal form and capital (or "à capital variable"), the register and its city or department
/// before the SIREN, SIRET, VAT number, locataire-gérant or gérant-mandataire, liquidation.
pub(crate) fn seller_party(s: &Seller) -> Party {
    let mut identity = Vec::new();
    let capital = match (s.share_capital, s.variable_capital) {
        (Some(c), true) => Some(format!("à capital variable (capital de {})", format::euros(c))),
        (None, true) => Some("à capital variable".to_owned()),
        (Some(c), false) => Some(format!("au capital de {}", format::euros(c))),
        (None, false) => None,
    };
    match (&s.legal_form, capital) {
        (Some(form), Some(capital)) => identity.push(format!("{form} {capital}")),
        (Some(form), None) => identity.push(form.clone()),
        (None, Some(capital)) => identity.push(format!("Société {capital}")),
        (None, None) => {}
    }
    let siren = s.siren.as_deref().map(format::siren_siret);
    let register = match &s.registration {
        Some(Registration::Rcs { city }) => Some(format!("RCS {city}")),
        Some(Registration::Rm { department }) => Some(format!("RM {department}")),
        Some(Registration::None) | None => None,
    };
    match (register, siren) {
        (Some(r), Some(siren)) => identity.push(format!("{r} {siren}")),
        (None, Some(siren)) => identity.push(format!("SIREN {siren}")),
        (Some(r), None) => identity.push(r),
        (None, None) => {}
    }
    if let Some(siret) = &s.siret {
        identity.push(format!("SIRET {}", format::siren_siret(siret)));
    }
    if let Some(vat) = &s.vat_number {
        identity.push(format!("TVA intracom. {vat}"));
    }
    match s.management {
        Some(Management::LocataireGerant) => identity.push("Locataire-gérant".to_owned()),
        Some(Management::GerantMandataire) => identity.push("Gérant-mandataire".to_owned()),
        None => {}
    }
    if let Some(l) = &s.liquidation {
        identity.push(format!("Société en liquidation, liquidateur{NBSP}: {}", l.liquidator));
    }
    let identity_line = identity.join(" · ");
    Party {
        name: s.display_name(),
        address: address_lines(&s.address),
        identity,
        identity_line,
        billing: s.billing_address.as_ref().map(billing_line),
        email: s.email.clone(),
    }
}

/// The billing address on one line, labelled (C. com. L441-9 I).
fn billing_line(a: &Address) -> String {
    format!("Adresse de facturation{NBSP}: {}", address_lines(a).join(", "))
}

pub(crate) fn buyer_party(b: &Buyer) -> Party {
    let mut identity = Vec::new();
    match (&b.siret, &b.siren) {
        (Some(siret), _) => identity.push(format!("SIRET {}", format::siren_siret(siret))),
        (None, Some(siren)) => identity.push(format!("SIREN {}", format::siren_siret(siren))),
        (None, None) => {}
    }
    if let Some(vat) = &b.vat_number {
        identity.push(format!("TVA intracom. {vat}"));
    }
    let identity_line = identity.join(" · ");
    Party {
        name: b.name.clone(),
        address: address_lines(&b.address),
        identity,
        identity_line,
        billing: b.billing_address.as_ref().map(billing_line),
        email: b.email.clone(),
    }
}

fn rate_label(category: VatCategory, rate: Decimal) -> String {
    if category.is_taxed() || !rate.is_zero() { format::percent(rate) } else { category.code().to_owned() }
}

/// What a document contributes, independent of being a quote or an invoice: the parts of an
/// invoice's draft or of a quote version's content, borrowed, and the facts the core computed
/// for it (totals, mentions, the exemption of each VAT group).
struct Common<'a> {
    /// Standard for a quote.
    kind: InvoiceKind,
    currency: &'a str,
    seller: &'a Seller,
    buyer: &'a Buyer,
    lines: &'a [Line],
    allowances: &'a [AllowanceCharge],
    charges: &'a [AllowanceCharge],
    payment_terms: &'a PaymentTerms,
    delivery_date: Option<NaiveDate>,
    notes: &'a [String],
    supply: SupplyCategory,
    totals: &'a Totals,
    issue_date: NaiveDate,
    mentions: Vec<String>,
    /// The exemption reason of each group of `totals.vat_breakdown`, in order.
    exemptions: Vec<Option<String>>,
    /// False under franchise en base: no VAT is shown (CGI 293 E).
    show_vat: bool,
}

fn lines(c: &Common<'_>) -> Vec<RenderLine> {
    let cur = c.currency;
    c.lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let net = c.totals.lines.get(i).map_or(Decimal::ZERO, |t| t.net);
            let discount = match l.discount {
                Some(facturier_core::Discount::Percent(p)) => format!("-{}", format::percent(p)),
                Some(facturier_core::Discount::Amount(a)) => format!("-{}", format::money(a, cur)),
                None => String::new(),
            };
            // EN 16931 BT-149: a price per 12 or per 1 000 units is printed as such
            let base = l.price_base();
            let per = |price: Decimal| match base {
                Some(b) => format!("{}{NBSP}/{NBSP}{}", price_text(price, cur), format::quantity(b)),
                None => price_text(price, cur),
            };
            RenderLine {
                id: l.id.clone(),
                description: l.description.clone(),
                quantity: format::quantity(l.quantity),
                unit: format::unit(&l.unit),
                unit_price: per(l.unit_price),
                discount,
                vat_rate: rate_label(l.vat_category, l.vat_rate),
                net: format::money(net, cur),
                price_base_quantity: base.map(format::quantity).unwrap_or_default(),
                details: line_details(l, cur, &per),
            }
        })
        .collect()
}

/// A unit price, to its 6 decimals in any currency (BR-FR-DEC-01): `14,40 €`, `0,123456 USD`.
fn price_text(price: Decimal, currency: &str) -> String {
    if currency == "EUR" { format::unit_price(price) } else { format::money_precise(price, currency) }
}

/// The printed lines under a line's description: gross price and price discount, then each
/// further allowance and each charge with its amount, as the totals computed them
/// ([`facturier_core::totals::allowance_charge_amount`]), so the page adds up to the line net.
fn line_details(l: &Line, cur: &str, per: &dyn Fn(Decimal) -> String) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(gross), Some(discount)) = (l.gross_price, l.price_discount()) {
        out.push(format!("Prix brut {}, remise sur prix {}", per(gross), per(discount)));
    }
    if l.allowances.is_empty() && l.charges.is_empty() {
        return out;
    }
    let gross = facturier_core::totals::line_amounts(l).map_or(Decimal::ZERO, |a| a.gross);
    let item = |label: &str, sign: &str, a: &LineAllowanceCharge| {
        let reason = match (&a.reason, &a.reason_code) {
            (Some(r), _) if !r.trim().is_empty() => format!(" : {r}"),
            (_, Some(code)) => format!(" : code {code}"),
            _ => String::new(),
        };
        let amount = facturier_core::totals::allowance_charge_amount(gross, a).unwrap_or(Decimal::ZERO);
        let share = a.percent.map(|p| format!(" ({sign}{})", format::percent(p))).unwrap_or_default();
        format!("{label}{reason}{share} {sign}{}", format::money(amount, cur))
    };
    out.extend(l.allowances.iter().map(|a| item("Remise", "-", a)));
    out.extend(l.charges.iter().map(|a| item("Frais", "+", a)));
    out
}

fn adjustments(c: &Common<'_>) -> Vec<Adjustment> {
    let cur = c.currency;
    let a = c.allowances.iter().map(|a| Adjustment {
        kind: "allowance".into(),
        reason: a.reason.clone(),
        vat_rate: rate_label(a.vat_category, a.vat_rate),
        amount: format::money(-a.amount, cur),
    });
    let ch = c.charges.iter().map(|a| Adjustment {
        kind: "charge".into(),
        reason: a.reason.clone(),
        vat_rate: rate_label(a.vat_category, a.vat_rate),
        amount: format::money(a.amount, cur),
    });
    a.chain(ch).collect()
}

fn vat_rows(c: &Common<'_>) -> (Vec<VatRow>, bool) {
    let cur = c.currency;
    let with_deposits = c.totals.vat_breakdown.iter().any(|g| !g.deposit_basis.is_zero() || !g.deposit_vat.is_zero());
    let rows = c
        .totals
        .vat_breakdown
        .iter()
        .zip(&c.exemptions)
        .map(|(g, exemption)| VatRow {
            category: g.category.code().to_owned(),
            rate: format::percent(g.rate),
            basis: format::money(g.basis, cur),
            vat: format::money(g.vat, cur),
            exemption: exemption.clone(),
            deposit_basis: with_deposits.then(|| format::money(g.deposit_basis, cur)),
            deposit_vat: with_deposits.then(|| format::money(g.deposit_vat, cur)),
        })
        .collect();
    (rows, with_deposits)
}

fn totals(c: &Common<'_>, kind: InvoiceKind, is_quote: bool) -> RenderTotals {
    let cur = c.currency;
    let t = c.totals;
    let m = |d: Decimal| format::money(d, cur);
    let row = |label: &str, value: String, style: &str| TotalRow { label: label.to_owned(), value, style: style.to_owned() };
    let mut rows = Vec::new();
    if !t.allowance_total.is_zero() || !t.charge_total.is_zero() {
        rows.push(row("Total des lignes HT", m(t.line_total), "normal"));
        if !t.allowance_total.is_zero() {
            rows.push(row("Remises", m(-t.allowance_total), "normal"));
        }
        if !t.charge_total.is_zero() {
            rows.push(row("Frais", m(t.charge_total), "normal"));
        }
    }
    rows.push(row("Total HT", m(t.total_excl_tax), "normal"));
    if c.show_vat {
        rows.push(row("Total TVA", m(t.vat_total), "normal"));
        // CGI 289; Directive 2006/112 art. 230: the VAT of an invoice in another currency, in euros
        if let Some(eur) = t.vat_total_eur {
            rows.push(row("Total TVA en euros", format::euros(eur), "normal"));
        }
    }
    let deposits = (!t.deposits_total.is_zero()).then(|| m(t.deposits_total));
    let prepaid = (!t.prepaid.is_zero()).then(|| m(t.prepaid));
    let due_label = match (kind, is_quote) {
        (_, true) => "Total TTC",
        (InvoiceKind::CreditNote, _) => "Montant de l'avoir TTC",
        _ => "Net à payer",
    };
    if t.prepaid.is_zero() && t.rounding_amount.is_zero() {
        rows.push(row(due_label, m(t.amount_due), "due"));
    } else {
        rows.push(row("Total TTC", m(t.total_incl_tax), "strong"));
        if !t.deposits_total.is_zero() {
            rows.push(row("Acomptes déduits TTC", m(-t.deposits_total), "normal"));
        }
        let other = t.prepaid.checked_sub(t.deposits_total).unwrap_or(Decimal::ZERO);
        if !other.is_zero() {
            rows.push(row("Déjà réglé", m(-other), "normal"));
        }
        // EN 16931 BT-114: the rounding added to the amount due is printed, so the page adds up
        if !t.rounding_amount.is_zero() {
            rows.push(row("Arrondi", m(t.rounding_amount), "normal"));
        }
        rows.push(row(due_label, m(t.amount_due), "due"));
    }
    RenderTotals {
        lines: m(t.line_total),
        excl_tax: m(t.total_excl_tax),
        vat: m(t.vat_total),
        incl_tax: m(t.total_incl_tax),
        deposits,
        prepaid,
        amount_due: m(t.amount_due),
        rows,
    }
}

fn deposit_rows(draft: &InvoiceDraft) -> Result<Vec<DepositRow>, PdfError> {
    let cur = draft.currency.0.as_str();
    draft
        .deposits
        .iter()
        .map(|d| {
            let mut basis = Decimal::ZERO;
            let mut vat = Decimal::ZERO;
            for g in &d.groups {
                basis = basis.checked_add(g.basis).ok_or_else(|| overflow("deposits"))?;
                vat = vat.checked_add(g.vat).ok_or_else(|| overflow("deposits"))?;
            }
            let incl = basis.checked_add(vat).ok_or_else(|| overflow("deposits"))?;
            Ok(DepositRow {
                number: d.number.clone(),
                date: format::date(d.issue_date),
                excl_tax: format::money(basis, cur),
                vat: format::money(vat, cur),
                incl_tax: format::money(incl, cur),
            })
        })
        .collect()
}

fn payment(c: &Common<'_>, due: Option<NaiveDate>) -> Payment {
    let terms = format::payment_terms(c.payment_terms);
    let iban = c.seller.iban.as_deref().map(format::iban);
    let bic = c.seller.bic.clone();
    let mut rows = vec![Field { label: "Conditions de paiement".into(), value: terms.clone() }];
    if let Some(d) = due {
        rows.push(Field { label: "Date d'échéance".into(), value: format::date(d) });
    }
    rows.extend(bank_rows(c.seller));
    Payment { terms, due_date: due.map(format::date), iban, bic, rows }
}

/// The seller's bank details as printed rows: mode of payment (transfer), IBAN, BIC, each when
/// known.
pub(crate) fn bank_rows(seller: &Seller) -> Vec<Field> {
    let mut rows = Vec::new();
    if seller.iban.is_some() || seller.bic.is_some() {
        rows.push(Field { label: "Mode de règlement".into(), value: "Virement bancaire".into() });
    }
    if let Some(i) = &seller.iban {
        rows.push(Field { label: "IBAN".into(), value: format::iban(i) });
    }
    if let Some(b) = &seller.bic {
        rows.push(Field { label: "BIC".into(), value: b.clone() });
    }
    rows
}

fn base(c: &Common<'_>, kind: &str, title: &str, number: &str, branding: BrandingData) -> RenderDoc {
    let (vat, vat_has_deposits) = if c.show_vat { vat_rows(c) } else { (vec![], false) };
    let seller = seller_party(c.seller);
    let delivery_address = c.buyer.delivery_address.as_ref().map(address_lines);
    RenderDoc {
        schema_version: SCHEMA_VERSION,
        kind: kind.to_owned(),
        title: title.to_owned(),
        number: number.to_owned(),
        meta: Meta { title: format!("{title} {number}"), author: seller.name.clone(), lang: "fr".into(), creator: crate::creator() },
        dates: vec![],
        issue_date: format::date(c.issue_date),
        due_date: None,
        delivery_date: c.delivery_date.map(format::date),
        references: vec![],
        buyer: buyer_party(c.buyer),
        seller,
        delivery_address,
        has_discounts: c.lines.iter().any(|l| l.discount.is_some()),
        lines: lines(c),
        adjustments: adjustments(c),
        show_vat: c.show_vat,
        vat,
        vat_has_deposits,
        totals: totals(c, c.kind, kind == "quote"),
        deposits: vec![],
        preceding_invoice: None,
        quote: None,
        payment: None,
        mentions: c.mentions.clone(),
        notes: c.notes.iter().filter(|n| !n.trim().is_empty()).cloned().collect(),
        supply_category: Some(format::supply_category(c.supply).to_owned()),
        labels: Labels::default(),
        branding,
        facturx: None,
    }
}

/// The reason printed for each VAT group, as the core gives it.
fn exemptions(groups: &[VatBreakdown], of: impl Fn(&VatBreakdown) -> Option<facturier_core::vat::Exemption>) -> Vec<Option<String>> {
    groups.iter().map(|g| of(g).map(|e| e.reason)).collect()
}

/// The render document of an issued invoice.
pub(crate) fn invoice_doc(inv: &IssuedInvoice, branding: BrandingData) -> Result<RenderDoc, PdfError> {
    let draft = inv.content();
    let c = Common {
        kind: draft.kind,
        currency: draft.currency.0.as_str(),
        seller: &draft.seller,
        buyer: &draft.buyer,
        lines: &draft.lines,
        allowances: &draft.allowances,
        charges: &draft.charges,
        payment_terms: &draft.payment_terms,
        delivery_date: draft.delivery_date,
        notes: &draft.notes,
        supply: draft.supply_category(),
        totals: inv.totals(),
        issue_date: inv.issue_date(),
        mentions: inv.mentions().iter().map(|m| m.text.clone()).collect(),
        exemptions: exemptions(&inv.totals().vat_breakdown, |g| inv.vat_exemption(g)),
        show_vat: draft.seller.vat_regime != VatRegime::Franchise,
    };
    let kind = match inv.kind() {
        InvoiceKind::Standard => "invoice",
        InvoiceKind::Deposit => "deposit",
        InvoiceKind::Final => "final",
        InvoiceKind::CreditNote => "credit_note",
    };
    let mut doc = base(&c, kind, format::invoice_title(inv.kind()), inv.number(), branding);
    let is_credit = inv.kind() == InvoiceKind::CreditNote;
    doc.dates.push(Field { label: "Date d'émission".into(), value: format::date(inv.issue_date()) });
    // 242 nonies A, I-10°: the date of the supply or of the deposit when it differs from the
    // issue date; C. com. L441-9: the date of the sale or service, always, to a professional
    let date = match (inv.kind(), draft.delivery_date) {
        (_, Some(d)) => Some(d),
        (InvoiceKind::Standard | InvoiceKind::Final, None) if draft.buyer.is_professional() => Some(inv.issue_date()),
        _ => None,
    };
    if let Some(d) = date {
        doc.dates.push(Field { label: format::supply_date_label(inv.kind(), draft.supply_category()).into(), value: format::date(d) });
    }
    if !is_credit {
        doc.dates.push(Field { label: "Échéance".into(), value: format::date(inv.due_date()) });
        doc.due_date = Some(format::date(inv.due_date()));
    }
    if let Some(p) = &draft.preceding_invoice {
        let f = Field { label: "Facture d'origine".into(), value: format!("{}{NBSP}du{NBSP}{}", p.number, format::date(p.issue_date)) };
        doc.references.push(f.clone());
        doc.preceding_invoice = Some(f);
    }
    if let Some(q) = &draft.quote {
        doc.references.push(Field { label: "Devis".into(), value: format!("{} (version{NBSP}{})", q.number, q.version) });
    }
    if let Some(po) = &draft.purchase_order {
        doc.references.push(Field { label: "Bon de commande".into(), value: po.clone() });
    }
    if let (Some(r), false) = (&draft.exchange_rate, draft.currency.is_eur()) {
        let source = r.source.as_deref().map(|s| format!("{s}, ")).unwrap_or_default();
        let value =
            format!("1{NBSP}€ = {} {} ({source}{})", format::plain_number(r.units_per_euro), draft.currency.0, format::date(r.date));
        doc.references.push(Field { label: "Taux de change".into(), value });
    }
    doc.deposits = deposit_rows(draft)?;
    if !is_credit {
        doc.payment = Some(payment(&c, Some(inv.due_date())));
    }
    Ok(doc)
}

/// The render document of the current version of a quote.
pub(crate) fn quote_doc(quote: &Quote, branding: BrandingData) -> Result<RenderDoc, PdfError> {
    let v = quote.current();
    let q = &v.content;
    let totals = q.totals().map_err(|e| data(format!("quote totals: {e}")))?;
    let mentions = quote.mentions().into_iter().map(|m| m.text).collect();
    let c = Common {
        kind: InvoiceKind::Standard,
        currency: q.currency.0.as_str(),
        seller: &q.seller,
        buyer: &q.buyer,
        lines: &q.lines,
        allowances: &q.allowances,
        charges: &q.charges,
        payment_terms: &q.payment_terms,
        delivery_date: None,
        notes: &q.notes,
        supply: quote.supply_category(),
        totals: &totals,
        issue_date: q.issue_date,
        mentions,
        exemptions: exemptions(&totals.vat_breakdown, |g| quote.vat_exemption(g)),
        show_vat: q.seller.vat_regime != VatRegime::Franchise,
    };
    let mut doc = base(&c, "quote", "Devis", quote.number(), branding);
    doc.dates.push(Field { label: "Date".into(), value: format::date(q.issue_date) });
    doc.dates.push(Field { label: "Valable jusqu'au".into(), value: format::date(q.valid_until) });
    doc.references.push(Field { label: "Version".into(), value: v.version.to_string() });
    let acceptance = texts::text(MentionKey::QuoteAcceptance, q.issue_date).to_owned();
    doc.quote = Some(QuoteBlock {
        version: v.version.to_string(),
        valid_until: format::date(q.valid_until),
        validity_text: format!("Devis valable jusqu'au {}.", format::date(q.valid_until)),
        signature_hint: format!("Date, signature et cachet du client, précédés de la mention manuscrite « {acceptance} »"),
        acceptance,
    });
    doc.payment = Some(payment(&c, None));
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seller_identity_line() {
        let s = Seller {
            name: "Atelier".into(),
            legal_form: Some("SAS".into()),
            share_capital: Some(Decimal::new(1_000_000, 2)),
            siren: Some("813883964".into()),
            registration: Some(Registration::Rcs { city: "Lyon".into() }),
            vat_number: Some("FR11813883964".into()),
            ..Default::default()
        };
        let p = seller_party(&s);
        assert_eq!(p.identity[0], "SAS au capital de 10\u{202f}000,00\u{a0}€");
        assert_eq!(p.identity[1], "RCS Lyon 813\u{a0}883\u{a0}964");
        assert!(p.identity_line.contains(" · TVA intracom. FR11813883964"));
        // R123-237/238, L237-2: variable capital, the répertoire des métiers, management, liquidation
        let s = Seller {
            legal_form: Some("SCOP SA".into()),
            share_capital: None,
            variable_capital: true,
            registration: Some(Registration::Rm { department: "69".into() }),
            management: Some(Management::LocataireGerant),
            liquidation: Some(facturier_core::party::Liquidation { liquidator: "Me Durand".into() }),
            billing_address: Some(Address {
                line1: "BP 12".into(),
                postal_code: "69001".into(),
                city: "Lyon".into(),
                ..Address::default()
            }),
            ..s
        };
        let p = seller_party(&s);
        assert_eq!(p.identity[0], "SCOP SA à capital variable");
        assert_eq!(p.identity[1], "RM 69 813\u{a0}883\u{a0}964");
        assert_eq!(p.identity[3..], ["Locataire-gérant".to_owned(), "Société en liquidation, liquidateur\u{a0}: Me Durand".to_owned()]);
        assert_eq!(p.billing.as_deref(), Some("Adresse de facturation\u{a0}: BP 12, 69001 Lyon"));
        // an association without register: its SIREN alone
        let s = Seller {
            legal_form: Some("Association".into()),
            registration: Some(Registration::None),
            management: None,
            liquidation: None,
            ..s
        };
        assert_eq!(seller_party(&s).identity[1], "SIREN 813\u{a0}883\u{a0}964");
    }

    #[test]
    fn ei_and_foreign_address() {
        let mut s = Seller { name: "Jeanne Martin".into(), individual_entrepreneur: true, ..Default::default() };
        s.address =
            Address { line1: "1 rue".into(), line2: None, postal_code: "1000".into(), city: "Bruxelles".into(), country: "BE".into() };
        let p = seller_party(&s);
        assert_eq!(p.name, "Jeanne Martin EI");
        assert_eq!(p.address, vec!["1 rue", "1000 Bruxelles", "Belgique"]);
    }
}
