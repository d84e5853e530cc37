//! Legal checks of drafts and the mentions an invoice must print.
//!
//! [`check`] returns every violation of a draft as of its issue date, each with a stable code,
//! the field path and the text of law it breaks. Every rule is a [`Rule`] constant below, listed
//! in [`RULES`]. Rules that change with time are keyed on the date (see [`REFORM_DATES`]).

use std::collections::BTreeSet;

use crate::dated::day;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::error::{Rule, Violation};
use crate::identifiers;
use crate::line::{AllowanceCharge, Discount, Line};
use crate::money::{AMOUNT_DECIMALS, QUANTITY_DECIMALS, UNIT_PRICE_DECIMALS, check_decimal};
use crate::party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};
use crate::totals::Totals;
use crate::vat::{self, Territory, VatCategory};

macro_rules! rules {
    (also: [$($other:path),* $(,)?]; $($(#[$doc:meta])* $name:ident = $code:literal, $source:literal;)*) => {
        $( $(#[$doc])* pub const $name: Rule = Rule { code: $code, source: $source }; )*
        /// Every rule [`check`] and [`crate::documents::quote::check_quote`] apply, for documentation and for
        /// bindings that list codes: the rules below, the payment-term caps of [`crate::terms`]
        /// and the decimal checks of [`crate::money`].
        pub const RULES: &[Rule] = &[$($name,)* $($other),*];
    };
}

rules! {
    also: [
        crate::terms::RULE_NET_DAYS_CAP,
        crate::terms::RULE_END_OF_MONTH_CAP,
        crate::terms::RULE_PUBLIC_CAP,
        crate::money::RULE_PRECISION,
        crate::money::RULE_RANGE,
    ];
    /// A document has at least one line.
    LINES_EMPTY = "lines.empty", "EN 16931 BR-16";
    /// Line ids are unique.
    LINE_ID_DUPLICATE = "lines.id.duplicate", "EN 16931 BT-126, BR-21";
    /// Each line describes precisely the goods or service.
    LINE_DESCRIPTION = "lines.description.missing", "CGI ann. II art. 242 nonies A, I-8°";
    /// The unit price excl. tax is never negative.
    LINE_PRICE_NEGATIVE = "lines.unit_price.negative", "EN 16931 BR-27";
    /// The unit is a UN/ECE Recommendation 20 code.
    LINE_UNIT = "lines.unit.invalid", "EN 16931 BT-130 (UN/ECE Rec 20)";
    /// A percentage discount is between 0 and 100; an amount discount is not negative.
    LINE_DISCOUNT = "lines.discount.invalid", "EN 16931 BT-136/BT-138";
    /// A standard rate is one of the French rates in force for the territory.
    VAT_RATE_NOT_ALLOWED = "vat.rate.not_allowed", "CGI art. 278 ff., 296, 297; FNFE CTC BR-FR-16";
    /// A non-standard category carries a zero rate.
    VAT_RATE_NOT_ZERO = "vat.rate.must_be_zero", "EN 16931 BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05, BR-O-05";
    /// A franchise-en-base seller charges no VAT.
    VAT_FRANCHISE = "vat.franchise.category", "CGI art. 293 B and 293 E; FR CTC VATEX-FR-FRANCHISE";
    /// An exempt operation cites the exempting article.
    VAT_EXEMPTION_MISSING = "vat.exemption.missing", "CGI ann. II art. 242 nonies A, I-12°; EN 16931 BR-E-10";
    /// Reverse charge and intra-EU supplies carry both parties' VAT numbers.
    VAT_NUMBERS_REQUIRED = "vat.numbers.required", "CGI ann. II art. 242 nonies A, I-3° and 4°; EN 16931 BR-AE-02, BR-IC-02";
    /// Allowances and charges state a reason and a non-negative amount.
    ALLOWANCE_INVALID = "allowances.invalid", "EN 16931 BR-31..BR-38";
    /// Currency is an ISO 4217 code.
    CURRENCY = "currency.invalid", "EN 16931 BT-5 (ISO 4217)";
    /// Seller and buyer names.
    NAME_MISSING = "party.name.missing", "CGI ann. II art. 242 nonies A, I-1°";
    /// Seller and buyer addresses.
    ADDRESS_INCOMPLETE = "party.address.incomplete", "CGI ann. II art. 242 nonies A, I-1°; C. com. L441-9";
    /// The seller's SIREN is on every business paper.
    SELLER_SIREN_MISSING = "seller.siren.missing", "CGI ann. II art. 242 nonies A, I-1°; C. com. R123-237";
    /// A SIREN passes the INSEE Luhn check.
    SIREN_INVALID = "party.siren.invalid", "C. com. R123-221 (INSEE identification number)";
    /// A SIRET passes the Luhn check (La Poste exception) and belongs to the SIREN.
    SIRET_INVALID = "party.siret.invalid", "C. com. R123-221; INSEE SIRET";
    /// A company states its RCS registration city.
    SELLER_RCS = "seller.rcs_city.missing", "C. com. R123-237 1°";
    /// A company states its legal form and share capital.
    SELLER_FORM_CAPITAL = "seller.legal_form.missing", "C. com. R123-238";
    /// A company states its share capital.
    SELLER_CAPITAL = "seller.share_capital.missing", "C. com. R123-238";
    /// The seller's intra-EU VAT number is stated (optional up to 150 € HT outside intra-EU operations).
    SELLER_VAT_MISSING = "seller.vat_number.missing", "CGI ann. II art. 242 nonies A, I-2°; BOI-TVA-DECLA-30-20-20-30";
    /// A VAT number is well formed with the right French key.
    VAT_NUMBER_INVALID = "party.vat_number.invalid", "CGI ann. IV art. 286 ter; DGFiP key formula";
    /// Bank details are valid when given.
    BANK_INVALID = "seller.bank.invalid", "ISO 13616 (IBAN), ISO 9362 (BIC)";
    /// The buyer's SIREN is stated on invoices to French businesses once the reform applies.
    BUYER_SIREN_MISSING = "buyer.siren.missing", "CGI ann. II art. 242 nonies A, I-1° (décret 2022-1299, décret 2024-266)";
    /// The late-payment rate is a percentage, at least three times the legal interest rate.
    LATE_RATE = "late_payment_rate.invalid", "C. com. L441-10 II";
    /// A credit note refers to the invoice it corrects.
    CREDIT_REFERENCE = "credit_note.reference.missing", "BOI-TVA-DECLA-30-20-20-20 §220; FNFE CTC BR-FR-CO-05";
    /// A credit note is issued on or after the invoice it corrects.
    CREDIT_DATE = "credit_note.date.before_invoice", "BOI-TVA-DECLA-30-20-20-20 §§210-220";
    /// A final invoice references every deposit invoice it deducts.
    FINAL_DEPOSITS = "final.deposits.missing", "CGI 289 I-1-c; domain digest §2.2 (final invoice references each deposit)";
    /// Deposits never exceed the operation in any VAT group.
    FINAL_DEPOSITS_EXCEED = "final.deposits.exceed", "CGI 269-2-a; EN 16931 BR-CO-16";
    /// A negative total is issued as a credit note, not an invoice.
    NEGATIVE_TOTAL = "totals.negative", "BOI-TVA-DECLA-30-20-20-20 §210";
    /// A quote states its validity, not before its date.
    QUOTE_VALIDITY = "quote.validity.invalid", "arrêté du 24 janvier 2017; C. conso L111-1";
    /// A quote has a number.
    QUOTE_NUMBER = "quote.number.missing", "usage (free series, shared/spec/domain.md §1.5)";
}

/// A dated rule: from which issue date the e-invoicing reform mentions (buyer SIREN, delivery
/// address, goods/services category, débits option) are required, by seller size.
///
/// Source: décret 2022-1299 as postponed by décret 2024-266 and LF 2024 art. 91:
/// 1 September 2026 for large companies and ETI, 1 September 2027 for SME and micro-enterprises.
pub const REFORM_DATES: &[(CompanySize, NaiveDate)] = &[
    (CompanySize::Large, day(2026, 9, 1)),
    (CompanySize::Intermediate, day(2026, 9, 1)),
    (CompanySize::Sme, day(2027, 9, 1)),
    (CompanySize::Micro, day(2027, 9, 1)),
];

/// True when the reform mentions are required on an invoice issued on `date` by a seller of `size`.
pub fn reform_mentions_required(size: CompanySize, date: NaiveDate) -> bool {
    REFORM_DATES.iter().any(|(s, from)| *s == size && date >= *from)
}

/// Seller VAT number may be omitted up to this total excl. tax, outside intra-EU operations
/// (CGI ann. II art. 242 nonies A, II; BOI-TVA-DECLA-30-20-20-30).
pub const SMALL_INVOICE_LIMIT: Decimal = Decimal::from_parts(150, 0, 0, false, 0);

/// Checks an invoice draft against the law as of `issue_date`; returns every violation found.
pub fn check(draft: &InvoiceDraft, issue_date: NaiveDate) -> Vec<Violation> {
    check_and_total(draft, issue_date).0
}

/// [`check`], and the totals it computed on the way (`None` when they overflow), so that
/// issuance computes them once.
pub(crate) fn check_and_total(draft: &InvoiceDraft, issue_date: NaiveDate) -> (Vec<Violation>, Option<Totals>) {
    let mut v = Vec::new();
    if !draft.currency.is_well_formed() {
        v.push(CURRENCY.at("currency", format!("`{}` is not an ISO 4217 code", draft.currency.0)));
    }
    check_seller(&draft.seller, "seller", &mut v);
    check_buyer(&draft.buyer, "buyer", &mut v);
    check_body(&draft.seller, draft.territory, &draft.lines, &draft.allowances, &draft.charges, issue_date, &mut v);

    check_exemptions(draft, issue_date, &mut v);
    let categories: BTreeSet<VatCategory> = draft.lines.iter().map(|l| l.vat_category).collect();
    let intra_eu = categories.contains(&VatCategory::AE) || categories.contains(&VatCategory::K);
    if intra_eu {
        if draft.seller.vat_number.is_none() {
            v.push(VAT_NUMBERS_REQUIRED.at("seller.vat_number", "reverse charge and intra-EU supplies need the seller's VAT number"));
        }
        if draft.buyer.vat_number.is_none() {
            v.push(VAT_NUMBERS_REQUIRED.at("buyer.vat_number", "reverse charge and intra-EU supplies need the buyer's VAT number"));
        }
    }

    let totals = match draft.totals(issue_date) {
        Ok(t) => Some(t),
        Err(e) => {
            v.push(crate::money::RULE_RANGE.at(e.path().unwrap_or_default(), e.to_string()));
            None
        }
    };
    if let Some(t) = &totals {
        // intra-EU operations are covered by VAT_NUMBERS_REQUIRED above
        let needs_seller_vat = draft.seller.vat_regime != VatRegime::Franchise && !intra_eu && t.total_excl_tax > SMALL_INVOICE_LIMIT;
        if needs_seller_vat && draft.seller.vat_number.is_none() {
            v.push(SELLER_VAT_MISSING.at("seller.vat_number", "the seller's intra-EU VAT number is required above 150 € excl. tax"));
        }
        if draft.kind != InvoiceKind::CreditNote && t.total_incl_tax < Decimal::ZERO {
            v.push(NEGATIVE_TOTAL.at("lines", "a negative total must be issued as a credit note"));
        }
        if draft.kind == InvoiceKind::Final {
            for g in &t.vat_breakdown {
                if g.remaining_basis() < Decimal::ZERO || g.remaining_vat() < Decimal::ZERO {
                    v.push(
                        FINAL_DEPOSITS_EXCEED
                            .at("deposits", format!("deposits exceed the operation in VAT group {} {} %", g.category.code(), g.rate)),
                    );
                }
            }
        }
    }

    if reform_mentions_required(draft.seller.company_size, issue_date)
        && draft.buyer.kind == BuyerKind::Business
        && draft.buyer.address.country == "FR"
        && draft.buyer.siren.is_none()
    {
        v.push(BUYER_SIREN_MISSING.at("buyer.siren", "the buyer's SIREN is required on invoices issued from the reform date"));
    }

    match draft.kind {
        InvoiceKind::CreditNote => match &draft.preceding_invoice {
            Some(r) if r.issue_date > issue_date => {
                v.push(CREDIT_DATE.at("preceding_invoice.issue_date", "a credit note cannot predate the invoice it corrects"))
            }
            Some(r) if !r.number.trim().is_empty() => {}
            _ => v.push(CREDIT_REFERENCE.at("preceding_invoice", "a credit note refers to the number and date of the invoice it corrects")),
        },
        InvoiceKind::Final => {
            if draft.deposits.is_empty() {
                v.push(FINAL_DEPOSITS.at("deposits", "a final invoice lists the deposit invoices it deducts"));
            }
            for (i, d) in draft.deposits.iter().enumerate() {
                if d.number.trim().is_empty() {
                    v.push(FINAL_DEPOSITS.at(format!("deposits[{i}].number"), "deposit invoice number missing"));
                } else if draft.deposits.iter().take(i).any(|x| x.number == d.number) {
                    v.push(FINAL_DEPOSITS.at(format!("deposits[{i}].number"), format!("deposit invoice {} is deducted twice", d.number)));
                }
            }
        }
        InvoiceKind::Standard | InvoiceKind::Deposit => {}
    }
    if draft.kind != InvoiceKind::CreditNote {
        let mut caps = Vec::new();
        crate::terms::check_caps(&draft.payment_terms, issue_date, draft.buyer.kind, "payment_terms", &mut caps);
        v.extend(caps);
    }
    if let Some(rate) = draft.late_payment_rate {
        if rate <= Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
            v.push(LATE_RATE.at("late_payment_rate", "the late-payment rate is a yearly percentage in ]0, 100]"));
        }
    }
    if draft.prepaid_amount < Decimal::ZERO {
        v.push(ALLOWANCE_INVALID.at("prepaid_amount", "the prepaid amount is not negative"));
    }
    check_decimal(draft.prepaid_amount, AMOUNT_DECIMALS, "prepaid_amount", &mut v);
    (v, totals)
}

/// Checks that every exempt or out-of-scope category used by `draft` has its exemption reason
/// (CGI ann. II art. 242 nonies A, I-12°; EN 16931 BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).
pub(crate) fn check_exemptions(draft: &InvoiceDraft, date: NaiveDate, v: &mut Vec<Violation>) {
    let categories: BTreeSet<VatCategory> = draft.lines.iter().map(|l| l.vat_category).collect();
    for c in categories.iter().filter(|c| **c != VatCategory::S && **c != VatCategory::Z) {
        if draft.exemption_for(*c, date).is_none_or(|e| e.reason.trim().is_empty()) {
            v.push(
                VAT_EXEMPTION_MISSING
                    .at("exemptions", format!("category {} needs an exemption reason citing the exempting article", c.code())),
            );
        }
    }
}

/// Checks the seller's identity: the mentions of every business paper (C. com. R123-237/238,
/// décret 2022-725 for the EI mention, which [`Seller::display_name`] adds).
pub(crate) fn check_seller(s: &Seller, path: &str, v: &mut Vec<Violation>) {
    if s.name.trim().is_empty() {
        v.push(NAME_MISSING.at(format!("{path}.name"), "the seller's name is required"));
    }
    check_address(&s.address, &format!("{path}.address"), v);
    match &s.siren {
        None => v.push(SELLER_SIREN_MISSING.at(format!("{path}.siren"), "the seller's SIREN is required")),
        Some(siren) => {
            if let Err(p) = identifiers::check_siren(siren) {
                v.push(SIREN_INVALID.at(format!("{path}.siren"), p.describe()));
            }
        }
    }
    if let Some(siret) = &s.siret {
        check_siret(siret, s.siren.as_deref(), &format!("{path}.siret"), v);
    }
    if !s.individual_entrepreneur {
        if s.rcs_city.as_deref().is_none_or(|c| c.trim().is_empty()) {
            v.push(SELLER_RCS.at(format!("{path}.rcs_city"), "a company states the city of its RCS registry"));
        }
        if s.legal_form.as_deref().is_none_or(|c| c.trim().is_empty()) {
            v.push(SELLER_FORM_CAPITAL.at(format!("{path}.legal_form"), "a company states its legal form"));
        }
        match s.share_capital {
            None => v.push(SELLER_CAPITAL.at(format!("{path}.share_capital"), "a company states its share capital")),
            Some(c) => check_decimal(c, AMOUNT_DECIMALS, &format!("{path}.share_capital"), v),
        }
    }
    if let Some(n) = &s.vat_number {
        check_vat_number(n, s.siren.as_deref(), &format!("{path}.vat_number"), v);
    }
    if let Some(iban) = &s.iban {
        if let Err(p) = identifiers::check_iban(iban) {
            v.push(BANK_INVALID.at(format!("{path}.iban"), p.describe()));
        }
    }
    if let Some(bic) = &s.bic {
        if let Err(p) = identifiers::check_bic(bic) {
            v.push(BANK_INVALID.at(format!("{path}.bic"), p.describe()));
        }
    }
}

/// Checks the buyer's identity (CGI ann. II art. 242 nonies A, I-1°).
pub(crate) fn check_buyer(b: &Buyer, path: &str, v: &mut Vec<Violation>) {
    if b.name.trim().is_empty() {
        v.push(NAME_MISSING.at(format!("{path}.name"), "the buyer's name is required"));
    }
    check_address(&b.address, &format!("{path}.address"), v);
    if let Some(d) = &b.delivery_address {
        check_address(d, &format!("{path}.delivery_address"), v);
    }
    if let Some(siren) = &b.siren {
        if let Err(p) = identifiers::check_siren(siren) {
            v.push(SIREN_INVALID.at(format!("{path}.siren"), p.describe()));
        }
    }
    if let Some(siret) = &b.siret {
        check_siret(siret, b.siren.as_deref(), &format!("{path}.siret"), v);
    }
    if let Some(n) = &b.vat_number {
        check_vat_number(n, b.siren.as_deref(), &format!("{path}.vat_number"), v);
    }
}

/// The SIREN to compare SIRET and VAT numbers with: only a valid one (an invalid SIREN is
/// reported once, not once more per identifier derived from it).
fn valid_siren(siren: Option<&str>) -> Option<&str> {
    siren.filter(|s| identifiers::check_siren(s).is_ok())
}

fn check_siret(siret: &str, siren: Option<&str>, path: &str, v: &mut Vec<Violation>) {
    let siren = valid_siren(siren);
    if let Err(p) = identifiers::check_siret(siret) {
        v.push(SIRET_INVALID.at(path, p.describe()));
    } else if siren.is_some_and(|s| !identifiers::siret_matches_siren(siret, s)) {
        v.push(SIRET_INVALID.at(path, "the SIRET does not belong to the SIREN"));
    }
}

fn check_vat_number(n: &str, siren: Option<&str>, path: &str, v: &mut Vec<Violation>) {
    let siren = valid_siren(siren);
    if let Err(p) = identifiers::check_vat_number(n) {
        v.push(VAT_NUMBER_INVALID.at(path, p.describe()));
    } else if let (Some(in_vat), Some(siren)) = (identifiers::vat_number_siren(n), siren) {
        if identifiers::normalize(siren) != in_vat {
            v.push(VAT_NUMBER_INVALID.at(path, "the French VAT number does not contain the SIREN"));
        }
    }
}

fn check_address(a: &Address, path: &str, v: &mut Vec<Violation>) {
    for (field, value) in [("line1", &a.line1), ("postal_code", &a.postal_code), ("city", &a.city)] {
        if value.trim().is_empty() {
            v.push(ADDRESS_INCOMPLETE.at(format!("{path}.{field}"), "address incomplete"));
        }
    }
    if a.country.len() != 2 || !a.country.bytes().all(|b| b.is_ascii_uppercase()) {
        v.push(ADDRESS_INCOMPLETE.at(format!("{path}.country"), "country is an ISO 3166-1 alpha-2 code"));
    }
}

/// Checks lines, allowances and charges, shared by invoices and quotes.
pub(crate) fn check_body(
    seller: &Seller,
    territory: Territory,
    lines: &[Line],
    allowances: &[AllowanceCharge],
    charges: &[AllowanceCharge],
    date: NaiveDate,
    v: &mut Vec<Violation>,
) {
    if lines.is_empty() {
        v.push(LINES_EMPTY.at("lines", "a document has at least one line"));
    }
    let mut ids = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let p = format!("lines[{i}]");
        if !ids.insert(l.id.as_str()) || l.id.trim().is_empty() {
            v.push(LINE_ID_DUPLICATE.at(format!("{p}.id"), format!("line id `{}` is empty or not unique", l.id)));
        }
        if l.description.trim().is_empty() {
            v.push(LINE_DESCRIPTION.at(format!("{p}.description"), "each line describes the goods or service"));
        }
        check_decimal(l.quantity, QUANTITY_DECIMALS, &format!("{p}.quantity"), v);
        check_decimal(l.unit_price, UNIT_PRICE_DECIMALS, &format!("{p}.unit_price"), v);
        if l.unit_price < Decimal::ZERO {
            v.push(
                LINE_PRICE_NEGATIVE
                    .at(format!("{p}.unit_price"), "the unit price is not negative; use a negative quantity or a credit note"),
            );
        }
        if !(2..=3).contains(&l.unit.len()) || !l.unit.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            v.push(LINE_UNIT.at(format!("{p}.unit"), format!("`{}` is not a UN/ECE Rec 20 code (C62, HUR, DAY…)", l.unit)));
        }
        match l.discount {
            Some(Discount::Percent(x)) => {
                if x < Decimal::ZERO || x > Decimal::ONE_HUNDRED {
                    v.push(LINE_DISCOUNT.at(format!("{p}.discount"), "a percentage is between 0 and 100"));
                }
                check_decimal(x, QUANTITY_DECIMALS, &format!("{p}.discount"), v);
            }
            Some(Discount::Amount(x)) => {
                if x < Decimal::ZERO {
                    v.push(LINE_DISCOUNT.at(format!("{p}.discount"), "a discount amount is not negative"));
                }
                check_decimal(x, AMOUNT_DECIMALS, &format!("{p}.discount"), v);
            }
            None => {}
        }
        check_vat(seller, territory, l.vat_category, l.vat_rate, date, &p, v);
    }
    for (name, list) in [("allowances", allowances), ("charges", charges)] {
        for (i, a) in list.iter().enumerate() {
            let p = format!("{name}[{i}]");
            if a.amount < Decimal::ZERO {
                v.push(ALLOWANCE_INVALID.at(format!("{p}.amount"), "the amount is not negative"));
            }
            if a.reason.trim().is_empty() {
                v.push(ALLOWANCE_INVALID.at(format!("{p}.reason"), "a reason is stated"));
            }
            check_decimal(a.amount, AMOUNT_DECIMALS, &format!("{p}.amount"), v);
            check_vat(seller, territory, a.vat_category, a.vat_rate, date, &p, v);
        }
    }
}

fn check_vat(
    seller: &Seller,
    territory: Territory,
    category: VatCategory,
    rate: Decimal,
    date: NaiveDate,
    p: &str,
    v: &mut Vec<Violation>,
) {
    if seller.vat_regime == VatRegime::Franchise && category != VatCategory::E {
        v.push(VAT_FRANCHISE.at(format!("{p}.vat_category"), "a seller under franchise en base charges no VAT: use category E"));
    }
    if category == VatCategory::S {
        if !vat::is_rate_allowed(territory, rate, date) {
            let allowed: Vec<String> = vat::rates_in_force(territory, date).iter().map(ToString::to_string).collect();
            v.push(
                VAT_RATE_NOT_ALLOWED
                    .at(format!("{p}.vat_rate"), format!("{rate} % is not a rate in force (allowed: {})", allowed.join(", "))),
            );
        }
    } else if !rate.is_zero() {
        v.push(VAT_RATE_NOT_ZERO.at(format!("{p}.vat_rate"), format!("category {} carries a 0 % rate", category.code())));
    }
}

#[cfg(test)]
mod tests;
