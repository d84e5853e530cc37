//! Legal checks of drafts and the mentions an invoice must print.
//!
//! [`check`] returns every violation of a draft as of its issue date, each with a stable code,
//! the field path and the text of law it breaks. Every rule is a [`Rule`] constant below, listed
//! in [`RULES`]. Rules that change with time are keyed on the date (see [`REFORM_DATES`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{Rule, Violation};
use crate::identifiers;
use crate::invoice::{InvoiceDraft, InvoiceKind};
use crate::line::{AllowanceCharge, Discount, Line};
use crate::mentions::{LegalMention, MentionKey, mention};
use crate::money::{AMOUNT_DECIMALS, QUANTITY_DECIMALS, UNIT_PRICE_DECIMALS, check_decimal};
use crate::party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};
use crate::vat::{self, Territory, VatCategory};

macro_rules! rules {
    (also: [$($other:path),* $(,)?]; $($(#[$doc:meta])* $name:ident = $code:literal, $source:literal;)*) => {
        $( $(#[$doc])* pub const $name: Rule = Rule { code: $code, source: $source }; )*
        /// Every rule [`check`] and [`crate::quote::check_quote`] apply, for documentation and for
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

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => NaiveDate::MAX,
    }
}

/// True when the reform mentions are required on an invoice issued on `date` by a seller of `size`.
pub fn reform_mentions_required(size: CompanySize, date: NaiveDate) -> bool {
    REFORM_DATES.iter().any(|(s, from)| *s == size && date >= *from)
}

/// Seller VAT number may be omitted up to this total excl. tax, outside intra-EU operations
/// (CGI ann. II art. 242 nonies A, II; BOI-TVA-DECLA-30-20-20-30).
pub const SMALL_INVOICE_LIMIT: Decimal = Decimal::from_parts(150, 0, 0, false, 0);

/// Checks an invoice draft against the law as of `issue_date`; returns every violation found.
pub fn check(draft: &InvoiceDraft, issue_date: NaiveDate) -> Vec<Violation> {
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
    v
}

/// Checks that every exempt or out-of-scope category used by `draft` has its exemption reason
/// (CGI ann. II art. 242 nonies A, I-12°; EN 16931 BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).
pub fn check_exemptions(draft: &InvoiceDraft, date: NaiveDate, v: &mut Vec<Violation>) {
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
pub fn check_seller(s: &Seller, path: &str, v: &mut Vec<Violation>) {
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
pub fn check_buyer(b: &Buyer, path: &str, v: &mut Vec<Violation>) {
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
pub fn check_body(
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

/// The legal mentions an invoice prints, computed from its content as of `issue_date`.
///
/// Franchise (CGI 293 E), reverse charge (242 nonies A, I-13°), débits option (I-11° bis), and
/// for professional buyers the penalty rate, the 40 € indemnity and the escompte clause
/// (C. com. L441-9 I, L441-10 II, D441-5). Credit notes carry the VAT mentions only.
pub fn mentions_for(draft: &InvoiceDraft, issue_date: NaiveDate) -> Vec<LegalMention> {
    let mut out = Vec::new();
    if draft.seller.vat_regime == VatRegime::Franchise {
        out.push(mention(MentionKey::Franchise, issue_date, None));
    }
    if draft.lines.iter().any(|l| l.vat_category == VatCategory::AE) {
        out.push(mention(MentionKey::Autoliquidation, issue_date, None));
    }
    if draft.seller.vat_regime == VatRegime::Debits {
        out.push(mention(MentionKey::DebitsOption, issue_date, None));
    }
    if draft.kind != InvoiceKind::CreditNote && draft.buyer.is_professional() {
        let rate = match (draft.late_payment_rate, draft.buyer.kind) {
            (Some(r), _) => format!("au taux de {} % l'an", r.normalize().to_string().replace('.', ",")),
            // CCP R2192-31: public buyers, ECB rate + 8 points
            (None, BuyerKind::Public) => "au taux d'intérêt de la BCE majoré de 8 points".to_owned(),
            // L441-10 II: default ECB refinancing rate + 10 points
            (None, _) => "au taux de refinancement de la BCE majoré de 10 points".to_owned(),
        };
        out.push(mention(MentionKey::LatePenalty, issue_date, Some(&rate)));
        out.push(mention(MentionKey::RecoveryIndemnity, issue_date, None));
        match &draft.early_payment_discount {
            Some(text) if !text.trim().is_empty() => out.push(LegalMention {
                key: MentionKey::NoEarlyPaymentDiscount,
                text: text.clone(),
                source: "C. com. L441-9 I".to_owned(),
            }),
            _ => out.push(mention(MentionKey::NoEarlyPaymentDiscount, issue_date, None)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::{DepositReference, InvoiceRef};
    use crate::line::SupplyKind;
    use crate::proptest_support::{buyer, seller};
    use crate::quote::{Quote, QuoteContent, check_quote};
    use crate::terms::PaymentTerms;
    use crate::totals::DeductedGroup;
    use crate::vat::Exemption;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Before the reform for every company size.
    const BEFORE_REFORM: NaiveDate = day(2026, 3, 2);
    /// After the reform for every company size.
    const AFTER_REFORM: NaiveDate = day(2027, 9, 1);

    fn line(id: &str, quantity: Decimal, price: Decimal, category: VatCategory, rate: Decimal) -> Line {
        Line {
            id: id.into(),
            description: format!("Prestation {id}"),
            quantity,
            unit: "C62".into(),
            unit_price: price,
            discount: None,
            vat_category: category,
            vat_rate: rate,
            supply: SupplyKind::Services,
        }
    }

    /// A lawful B2B invoice draft: 10 × 100.00 € at 20 %.
    fn lawful() -> InvoiceDraft {
        InvoiceDraft {
            kind: InvoiceKind::Standard,
            currency: Default::default(),
            territory: Territory::Metropole,
            seller: seller(),
            buyer: buyer(),
            lines: vec![line("1", dec!(10), dec!(100.00), VatCategory::S, dec!(20))],
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

    fn with(f: impl FnOnce(&mut InvoiceDraft)) -> InvoiceDraft {
        let mut draft = lawful();
        f(&mut draft);
        draft
    }

    fn has(v: &[Violation], rule: Rule, path: &str) -> bool {
        v.iter().any(|x| x.code == rule.code && x.path == path && x.source == rule.source)
    }

    fn codes(v: &[Violation]) -> Vec<&str> {
        v.iter().map(|x| x.code.as_str()).collect()
    }

    fn german_buyer() -> Buyer {
        Buyer {
            kind: BuyerKind::Business,
            name: "Muster GmbH".into(),
            siren: None,
            siret: None,
            vat_number: Some("DE123456789".into()),
            address: Address {
                line1: "Hauptstraße 1".into(),
                line2: None,
                postal_code: "10115".into(),
                city: "Berlin".into(),
                country: "DE".into(),
            },
            delivery_address: None,
            email: None,
        }
    }

    fn american_buyer() -> Buyer {
        Buyer {
            name: "Acme Inc.".into(),
            siren: None,
            vat_number: None,
            address: Address {
                line1: "1 Main Street".into(),
                line2: None,
                postal_code: "10001".into(),
                city: "New York".into(),
                country: "US".into(),
            },
            ..german_buyer()
        }
    }

    fn consumer() -> Buyer {
        Buyer { kind: BuyerKind::Consumer, name: "Paul Durand".into(), siren: None, vat_number: None, ..buyer() }
    }

    fn quote_content() -> QuoteContent {
        QuoteContent {
            issue_date: BEFORE_REFORM,
            valid_until: d(2026, 4, 1),
            currency: Default::default(),
            territory: Territory::Metropole,
            seller: seller(),
            buyer: buyer(),
            lines: vec![line("1", dec!(1), dec!(500), VatCategory::S, dec!(20))],
            allowances: vec![],
            charges: vec![],
            exemptions: vec![],
            payment_terms: PaymentTerms::default(),
            late_payment_rate: None,
            early_payment_discount: None,
            notes: vec![],
        }
    }

    #[test]
    fn lawful_draft_has_no_violation_before_and_after_the_reform() {
        for date in [BEFORE_REFORM, d(2026, 9, 1), AFTER_REFORM] {
            assert_eq!(check(&lawful(), date), vec![], "{date}");
        }
    }

    #[test]
    fn rule_codes_are_unique_and_sourced() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(!r.source.trim().is_empty(), "{} has no source", r.code);
            assert!(r.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_'), "{}", r.code);
        }
    }

    /// Every rule of [`RULES`] is triggered by a minimal change to a lawful draft (or quote), at
    /// the expected path; and every rule triggered here is listed in [`RULES`].
    #[test]
    fn every_rule_is_triggered_at_its_path() {
        let at = AFTER_REFORM;
        let c = |f: fn(&mut InvoiceDraft)| check(&with(f), at);
        let quote = |f: fn(&mut QuoteContent)| {
            let mut content = quote_content();
            f(&mut content);
            check_quote(&Quote::new("D-1", content).unwrap())
        };
        let deposit = DepositReference {
            number: "F-2027-00001".into(),
            issue_date: d(2027, 8, 1),
            groups: vec![DeductedGroup { category: VatCategory::S, rate: dec!(20), basis: dec!(1000.01), vat: dec!(200.00) }],
        };
        let cases: Vec<(Rule, &str, Vec<Violation>)> = vec![
            (LINES_EMPTY, "lines", c(|d| d.lines.clear())),
            (LINE_ID_DUPLICATE, "lines[1].id", c(|d| d.lines.push(line("1", dec!(1), dec!(1), VatCategory::S, dec!(20))))),
            (LINE_ID_DUPLICATE, "lines[0].id", c(|d| d.lines[0].id = " ".into())),
            (LINE_DESCRIPTION, "lines[0].description", c(|d| d.lines[0].description = "  ".into())),
            (LINE_PRICE_NEGATIVE, "lines[0].unit_price", c(|d| d.lines[0].unit_price = dec!(-1))),
            (LINE_UNIT, "lines[0].unit", c(|d| d.lines[0].unit = "pcs".into())),
            (LINE_DISCOUNT, "lines[0].discount", c(|d| d.lines[0].discount = Some(Discount::Percent(dec!(100.01))))),
            (LINE_DISCOUNT, "lines[0].discount", c(|d| d.lines[0].discount = Some(Discount::Amount(dec!(-1))))),
            (VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate", c(|d| d.lines[0].vat_rate = dec!(19.6))),
            (VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate", c(|d| d.lines[0].vat_rate = Decimal::ZERO)),
            (
                VAT_RATE_NOT_ZERO,
                "lines[0].vat_rate",
                c(|d| {
                    d.buyer = american_buyer();
                    d.lines[0].vat_category = VatCategory::G;
                }),
            ),
            (
                VAT_FRANCHISE,
                "lines[0].vat_category",
                c(|d| {
                    d.seller.vat_regime = VatRegime::Franchise;
                }),
            ),
            (
                VAT_EXEMPTION_MISSING,
                "exemptions",
                c(|d| {
                    d.lines[0].vat_category = VatCategory::E;
                    d.lines[0].vat_rate = Decimal::ZERO;
                }),
            ),
            (
                VAT_NUMBERS_REQUIRED,
                "buyer.vat_number",
                c(|d| {
                    d.buyer = Buyer { vat_number: None, ..german_buyer() };
                    d.lines[0].vat_category = VatCategory::AE;
                    d.lines[0].vat_rate = Decimal::ZERO;
                }),
            ),
            (
                ALLOWANCE_INVALID,
                "allowances[0].reason",
                c(|d| {
                    d.allowances.push(AllowanceCharge {
                        amount: dec!(10),
                        reason: String::new(),
                        vat_category: VatCategory::S,
                        vat_rate: dec!(20),
                    })
                }),
            ),
            (
                ALLOWANCE_INVALID,
                "charges[0].amount",
                c(|d| {
                    d.charges.push(AllowanceCharge {
                        amount: dec!(-10),
                        reason: "Port".into(),
                        vat_category: VatCategory::S,
                        vat_rate: dec!(20),
                    })
                }),
            ),
            (ALLOWANCE_INVALID, "prepaid_amount", c(|d| d.prepaid_amount = dec!(-1))),
            (CURRENCY, "currency", c(|d| d.currency = crate::money::Currency("eur".into()))),
            (NAME_MISSING, "seller.name", c(|d| d.seller.name = String::new())),
            (NAME_MISSING, "buyer.name", c(|d| d.buyer.name = " ".into())),
            (ADDRESS_INCOMPLETE, "buyer.address.city", c(|d| d.buyer.address.city = String::new())),
            (ADDRESS_INCOMPLETE, "seller.address.country", c(|d| d.seller.address.country = "France".into())),
            (
                ADDRESS_INCOMPLETE,
                "buyer.delivery_address.postal_code",
                c(|d| d.buyer.delivery_address = Some(Address { postal_code: String::new(), ..d.buyer.address.clone() })),
            ),
            (SELLER_SIREN_MISSING, "seller.siren", c(|d| d.seller.siren = None)),
            (SIREN_INVALID, "seller.siren", c(|d| d.seller.siren = Some("813883965".into()))),
            (SIREN_INVALID, "buyer.siren", c(|d| d.buyer.siren = Some("55210055".into()))),
            (SIRET_INVALID, "seller.siret", c(|d| d.seller.siret = Some("81388396400014".into()))),
            // a valid SIRET of another company
            (SIRET_INVALID, "buyer.siret", c(|d| d.buyer.siret = Some("81388396400013".into()))),
            (SELLER_RCS, "seller.rcs_city", c(|d| d.seller.rcs_city = None)),
            (SELLER_FORM_CAPITAL, "seller.legal_form", c(|d| d.seller.legal_form = Some(" ".into()))),
            (SELLER_CAPITAL, "seller.share_capital", c(|d| d.seller.share_capital = None)),
            (SELLER_VAT_MISSING, "seller.vat_number", c(|d| d.seller.vat_number = None)),
            (VAT_NUMBER_INVALID, "buyer.vat_number", c(|d| d.buyer.vat_number = Some("FR00552100554".into()))),
            // well formed, but the VAT number of another company
            (VAT_NUMBER_INVALID, "seller.vat_number", c(|d| d.seller.vat_number = Some("FR96552100554".into()))),
            (BANK_INVALID, "seller.iban", c(|d| d.seller.iban = Some("FR7630004000031234567890144".into()))),
            (BANK_INVALID, "seller.bic", c(|d| d.seller.bic = Some("BNP".into()))),
            (BUYER_SIREN_MISSING, "buyer.siren", c(|d| d.buyer.siren = None)),
            (LATE_RATE, "late_payment_rate", c(|d| d.late_payment_rate = Some(Decimal::ZERO))),
            (LATE_RATE, "late_payment_rate", c(|d| d.late_payment_rate = Some(dec!(100.01)))),
            (CREDIT_REFERENCE, "preceding_invoice", c(|d| d.kind = InvoiceKind::CreditNote)),
            (
                CREDIT_DATE,
                "preceding_invoice.issue_date",
                c(|d| {
                    d.kind = InvoiceKind::CreditNote;
                    d.preceding_invoice = Some(InvoiceRef { number: "F-1".into(), issue_date: day(2099, 1, 1) });
                }),
            ),
            (FINAL_DEPOSITS, "deposits", c(|d| d.kind = InvoiceKind::Final)),
            (
                FINAL_DEPOSITS,
                "deposits[0].number",
                c(|d| {
                    d.kind = InvoiceKind::Final;
                    d.deposits.push(DepositReference { number: " ".into(), issue_date: day(2027, 8, 1), groups: vec![] });
                }),
            ),
            (FINAL_DEPOSITS_EXCEED, "deposits", check(&InvoiceDraft { kind: InvoiceKind::Final, deposits: vec![deposit], ..lawful() }, at)),
            (NEGATIVE_TOTAL, "lines", c(|d| d.lines[0].quantity = dec!(-10))),
            (QUOTE_VALIDITY, "valid_until", quote(|q| q.valid_until = day(2026, 3, 1))),
            (QUOTE_NUMBER, "number", Quote::new(" ", quote_content()).unwrap_err().violations().to_vec()),
            (crate::terms::RULE_NET_DAYS_CAP, "payment_terms.days", c(|d| d.payment_terms = PaymentTerms::NetDays { days: 61 })),
            (
                crate::terms::RULE_END_OF_MONTH_CAP,
                "payment_terms.days",
                c(|d| d.payment_terms = PaymentTerms::EndOfMonth { days: 46, method: Default::default() }),
            ),
            (
                crate::terms::RULE_PUBLIC_CAP,
                "payment_terms.days",
                c(|d| {
                    d.buyer.kind = BuyerKind::Public;
                    d.payment_terms = PaymentTerms::NetDays { days: 31 };
                }),
            ),
            (crate::money::RULE_PRECISION, "lines[0].quantity", c(|d| d.lines[0].quantity = dec!(1.00001))),
            (crate::money::RULE_PRECISION, "prepaid_amount", c(|d| d.prepaid_amount = dec!(0.001))),
            (crate::money::RULE_RANGE, "lines[0].unit_price", c(|d| d.lines[0].unit_price = dec!(1_000_000_000_000))),
            (crate::money::RULE_RANGE, "lines[0]", c(|d| d.lines[0].quantity = Decimal::MAX)),
        ];
        for (rule, path, violations) in &cases {
            assert!(has(violations, *rule, path), "{} at {path} not found in {violations:#?}", rule.code);
            assert!(RULES.contains(rule), "{} is triggered but not listed in RULES", rule.code);
        }
        for rule in RULES {
            assert!(cases.iter().any(|(r, _, _)| r == rule), "no case triggers {}", rule.code);
        }
    }

    #[test]
    fn minimal_changes_trigger_nothing_else() {
        // A few single-fault drafts report exactly one violation: checks do not cascade.
        let at = AFTER_REFORM;
        for (draft, code) in [
            (with(|d| d.seller.siren = Some("813883965".into())), "party.siren.invalid"),
            (with(|d| d.buyer.siren = Some("552100555".into())), "party.siren.invalid"),
            (with(|d| d.lines[0].vat_rate = dec!(8.5)), "vat.rate.not_allowed"),
            (with(|d| d.seller.rcs_city = None), "seller.rcs_city.missing"),
            (with(|d| d.buyer.siren = None), "buyer.siren.missing"),
        ] {
            assert_eq!(codes(&check(&draft, at)), [code]);
        }
    }

    #[test]
    fn check_collects_every_violation_at_once() {
        let draft = with(|d| {
            d.currency = crate::money::Currency("euro".into());
            d.seller.name = String::new();
            d.seller.rcs_city = None;
            d.buyer.address.city = String::new();
            d.lines[0].vat_rate = dec!(19.6);
            d.lines.push(line("2", dec!(1), dec!(1), VatCategory::S, dec!(7)));
            d.payment_terms = PaymentTerms::NetDays { days: 90 };
        });
        let v = check(&draft, BEFORE_REFORM);
        assert!(has(&v, CURRENCY, "currency"));
        assert!(has(&v, NAME_MISSING, "seller.name"));
        assert!(has(&v, SELLER_RCS, "seller.rcs_city"));
        assert!(has(&v, ADDRESS_INCOMPLETE, "buyer.address.city"));
        assert!(has(&v, VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"));
        assert!(has(&v, VAT_RATE_NOT_ALLOWED, "lines[1].vat_rate"));
        assert!(has(&v, crate::terms::RULE_NET_DAYS_CAP, "payment_terms.days"));
        assert_eq!(v.len(), 7, "{v:#?}");
    }

    #[test]
    fn franchise_en_base_uses_e_with_the_franchise_mention_and_no_vat() {
        let franchise = |f: fn(&mut InvoiceDraft)| {
            with(|d| {
                d.seller.vat_regime = VatRegime::Franchise;
                d.seller.vat_number = None;
                d.lines[0].vat_category = VatCategory::E;
                d.lines[0].vat_rate = Decimal::ZERO;
                f(d);
            })
        };
        let draft = franchise(|_| {});
        assert_eq!(check(&draft, BEFORE_REFORM), vec![]);
        let t = draft.totals(BEFORE_REFORM).unwrap();
        assert_eq!(t.vat_total, Decimal::ZERO);
        assert_eq!(t.total_incl_tax, dec!(1000.00));
        let e = t.vat_breakdown[0].exemption.clone().unwrap();
        assert_eq!(e.reason, "TVA non applicable, art. 293 B du CGI");
        assert_eq!(e.vatex.as_deref(), Some(crate::vat::FRANCHISE_VATEX));
        let m = mentions_for(&draft, BEFORE_REFORM);
        assert_eq!(m[0].key, MentionKey::Franchise);
        assert_eq!(m[0].text, "TVA non applicable, art. 293 B du CGI");

        // VAT is forbidden: a taxed line, a charge at 20 % or a non-zero rate on E
        let v = check(&franchise(|d| d.lines.push(line("2", dec!(1), dec!(10), VatCategory::S, dec!(20)))), BEFORE_REFORM);
        assert_eq!(codes(&v), ["vat.franchise.category"]);
        assert!(has(&v, VAT_FRANCHISE, "lines[1].vat_category"));
        let v = check(
            &franchise(|d| {
                d.charges.push(AllowanceCharge { amount: dec!(5), reason: "Port".into(), vat_category: VatCategory::S, vat_rate: dec!(20) })
            }),
            BEFORE_REFORM,
        );
        assert!(has(&v, VAT_FRANCHISE, "charges[0].vat_category"));
        let v = check(&franchise(|d| d.lines[0].vat_rate = dec!(20)), BEFORE_REFORM);
        assert!(has(&v, VAT_RATE_NOT_ZERO, "lines[0].vat_rate"));
        // other exempt categories are not the franchise
        let v = check(&franchise(|d| d.lines[0].vat_category = VatCategory::O), BEFORE_REFORM);
        assert!(has(&v, VAT_FRANCHISE, "lines[0].vat_category"));
    }

    #[test]
    fn reverse_charge_needs_both_vat_numbers_and_the_autoliquidation_mention() {
        let ae = |f: fn(&mut InvoiceDraft)| {
            with(|d| {
                d.buyer = german_buyer();
                d.lines[0].vat_category = VatCategory::AE;
                d.lines[0].vat_rate = Decimal::ZERO;
                f(d);
            })
        };
        let draft = ae(|_| {});
        assert_eq!(check(&draft, AFTER_REFORM), vec![]);
        let t = draft.totals(AFTER_REFORM).unwrap();
        assert_eq!(t.vat_total, Decimal::ZERO);
        assert_eq!(t.vat_breakdown[0].exemption.as_ref().and_then(|e| e.vatex.as_deref()), Some("VATEX-EU-AE"));
        let m = mentions_for(&draft, AFTER_REFORM);
        assert!(m.iter().any(|m| m.key == MentionKey::Autoliquidation && m.text == "Autoliquidation"), "{m:#?}");

        let v = check(&ae(|d| d.buyer.vat_number = None), AFTER_REFORM);
        assert_eq!(codes(&v), ["vat.numbers.required"]);
        assert!(has(&v, VAT_NUMBERS_REQUIRED, "buyer.vat_number"));
        // required even on a small invoice: the 150 € tolerance is not for intra-EU operations
        let v = check(
            &ae(|d| {
                d.seller.vat_number = None;
                d.lines[0].quantity = dec!(1);
            }),
            AFTER_REFORM,
        );
        assert_eq!(codes(&v), ["vat.numbers.required"]);
        assert!(has(&v, VAT_NUMBERS_REQUIRED, "seller.vat_number"));
        let v = check(
            &ae(|d| {
                d.seller.vat_number = None;
                d.buyer.vat_number = None;
            }),
            AFTER_REFORM,
        );
        assert_eq!(codes(&v), ["vat.numbers.required", "vat.numbers.required"]);
        // the reverse charge carries no VAT
        let v = check(&ae(|d| d.lines[0].vat_rate = dec!(20)), AFTER_REFORM);
        assert!(has(&v, VAT_RATE_NOT_ZERO, "lines[0].vat_rate"));
    }

    #[test]
    fn intra_eu_supply_of_goods_is_k_with_both_vat_numbers() {
        let k = |f: fn(&mut InvoiceDraft)| {
            with(|d| {
                d.buyer = german_buyer();
                d.lines[0].vat_category = VatCategory::K;
                d.lines[0].vat_rate = Decimal::ZERO;
                d.lines[0].supply = SupplyKind::Goods;
                f(d);
            })
        };
        let draft = k(|_| {});
        assert_eq!(check(&draft, AFTER_REFORM), vec![]);
        let e = draft.totals(AFTER_REFORM).unwrap().vat_breakdown[0].exemption.clone().unwrap();
        assert_eq!(e.vatex.as_deref(), Some("VATEX-EU-IC"));
        assert!(e.reason.contains("262 ter I"), "{}", e.reason);
        // no autoliquidation mention for an exempt supply of goods
        assert!(!mentions_for(&draft, AFTER_REFORM).iter().any(|m| m.key == MentionKey::Autoliquidation));
        let v = check(&k(|d| d.buyer.vat_number = None), AFTER_REFORM);
        assert!(has(&v, VAT_NUMBERS_REQUIRED, "buyer.vat_number"));
        let v = check(&k(|d| d.seller.vat_number = None), AFTER_REFORM);
        assert_eq!(codes(&v), ["vat.numbers.required"]);
    }

    #[test]
    fn export_is_g_without_buyer_vat_number() {
        let draft = with(|d| {
            d.buyer = american_buyer();
            d.lines[0].vat_category = VatCategory::G;
            d.lines[0].vat_rate = Decimal::ZERO;
            d.lines[0].supply = SupplyKind::Goods;
        });
        assert_eq!(check(&draft, AFTER_REFORM), vec![]);
        let e = draft.totals(AFTER_REFORM).unwrap().vat_breakdown[0].exemption.clone().unwrap();
        assert_eq!(e.vatex.as_deref(), Some("VATEX-EU-G"));
        assert!(e.reason.contains("262 I du CGI"), "{}", e.reason);
        // the seller's own number is still due above 150 € (not an intra-EU operation)
        let v = check(&InvoiceDraft { seller: Seller { vat_number: None, ..seller() }, ..draft }, AFTER_REFORM);
        assert_eq!(codes(&v), ["seller.vat_number.missing"]);
    }

    #[test]
    fn exempt_e_needs_a_reason() {
        let e = with(|d| {
            d.lines[0].vat_category = VatCategory::E;
            d.lines[0].vat_rate = Decimal::ZERO;
        });
        let v = check(&e, BEFORE_REFORM);
        assert_eq!(codes(&v), ["vat.exemption.missing"]);
        assert!(has(&v, VAT_EXEMPTION_MISSING, "exemptions"));
        assert!(v[0].message.contains("category E"), "{}", v[0].message);

        let reason = Exemption {
            category: VatCategory::E,
            reason: "Exonération de TVA, art. 261-4-4° du CGI".into(),
            vatex: Some("VATEX-EU-132-1I".into()),
        };
        let ok = InvoiceDraft { exemptions: vec![reason.clone()], ..e.clone() };
        assert_eq!(check(&ok, BEFORE_REFORM), vec![]);
        assert_eq!(ok.totals(BEFORE_REFORM).unwrap().vat_breakdown[0].exemption, Some(reason.clone()));
        // a blank reason is no reason; a reason for another category does not count
        let blank = InvoiceDraft { exemptions: vec![Exemption { reason: "  ".into(), ..reason.clone() }], ..e.clone() };
        assert_eq!(codes(&check(&blank, BEFORE_REFORM)), ["vat.exemption.missing"]);
        let other = InvoiceDraft { exemptions: vec![Exemption { category: VatCategory::O, ..reason }], ..e };
        assert_eq!(codes(&check(&other, BEFORE_REFORM)), ["vat.exemption.missing"]);
    }

    #[test]
    fn zero_rated_z_needs_no_reason() {
        let draft = with(|d| {
            d.lines[0].vat_category = VatCategory::Z;
            d.lines[0].vat_rate = Decimal::ZERO;
        });
        assert_eq!(check(&draft, BEFORE_REFORM), vec![]);
    }

    #[test]
    fn individual_entrepreneur_needs_no_rcs_form_or_capital() {
        let ei = Seller {
            name: "Jeanne Martin".into(),
            legal_form: None,
            share_capital: None,
            rcs_city: None,
            individual_entrepreneur: true,
            ..seller()
        };
        assert_eq!(ei.display_name(), "Jeanne Martin EI");
        let draft = InvoiceDraft { seller: ei.clone(), ..lawful() };
        assert_eq!(check(&draft, BEFORE_REFORM), vec![]);
        // the SIREN stays mandatory
        let v =
            check(&InvoiceDraft { seller: Seller { siren: None, siret: None, vat_number: None, ..ei.clone() }, ..lawful() }, BEFORE_REFORM);
        assert!(has(&v, SELLER_SIREN_MISSING, "seller.siren"));
        // the same seller as a company misses three mentions
        let company = Seller { individual_entrepreneur: false, ..ei };
        assert_eq!(company.display_name(), "Jeanne Martin");
        let v = check(&InvoiceDraft { seller: company, ..lawful() }, BEFORE_REFORM);
        assert_eq!(codes(&v), ["seller.rcs_city.missing", "seller.legal_form.missing", "seller.share_capital.missing"]);
    }

    #[test]
    fn reform_dates_follow_the_seller_size() {
        for size in [CompanySize::Large, CompanySize::Intermediate] {
            assert!(!reform_mentions_required(size, d(2026, 8, 31)));
            assert!(reform_mentions_required(size, d(2026, 9, 1)));
        }
        for size in [CompanySize::Sme, CompanySize::Micro] {
            assert!(!reform_mentions_required(size, d(2026, 9, 1)));
            assert!(!reform_mentions_required(size, d(2027, 8, 31)));
            assert!(reform_mentions_required(size, d(2027, 9, 1)));
        }
    }

    #[test]
    fn buyer_siren_is_required_from_the_reform_date_of_the_seller() {
        let no_siren = |size: CompanySize| {
            with(|d| {
                d.seller.company_size = size;
                d.buyer.siren = None;
            })
        };
        let large = no_siren(CompanySize::Large);
        assert_eq!(check(&large, d(2026, 8, 31)), vec![]);
        let v = check(&large, d(2026, 9, 1));
        assert_eq!(codes(&v), ["buyer.siren.missing"]);
        assert!(has(&v, BUYER_SIREN_MISSING, "buyer.siren"));
        assert_eq!(codes(&check(&no_siren(CompanySize::Intermediate), d(2026, 9, 1))), ["buyer.siren.missing"]);

        let sme = no_siren(CompanySize::Sme);
        assert_eq!(check(&sme, d(2026, 9, 1)), vec![]);
        assert_eq!(check(&sme, d(2027, 8, 31)), vec![]);
        assert_eq!(codes(&check(&sme, d(2027, 9, 1))), ["buyer.siren.missing"]);
        assert_eq!(codes(&check(&no_siren(CompanySize::Micro), d(2027, 9, 1))), ["buyer.siren.missing"]);

        // never for a consumer nor for a foreign business
        let b2c = InvoiceDraft { buyer: consumer(), ..lawful() };
        assert_eq!(check(&b2c, AFTER_REFORM), vec![]);
        let foreign = with(|d| {
            d.buyer = german_buyer();
            d.lines[0].vat_category = VatCategory::AE;
            d.lines[0].vat_rate = Decimal::ZERO;
        });
        assert_eq!(check(&foreign, AFTER_REFORM), vec![]);
    }

    #[test]
    fn corsica_and_dom_rates_only_on_their_territory() {
        let at = |territory: Territory, rate: Decimal| {
            check(
                &with(|d| {
                    d.territory = territory;
                    d.lines[0].vat_rate = rate;
                }),
                BEFORE_REFORM,
            )
        };
        for rate in [dec!(0.9), dec!(13)] {
            assert_eq!(at(Territory::Corse, rate), vec![], "{rate}");
            assert!(has(&at(Territory::Metropole, rate), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"), "{rate}");
            assert!(has(&at(Territory::Dom, rate), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"), "{rate}");
        }
        for rate in [dec!(8.5), dec!(1.75), dec!(1.05)] {
            assert_eq!(at(Territory::Dom, rate), vec![], "{rate}");
            assert!(has(&at(Territory::Metropole, rate), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"), "{rate}");
            assert!(has(&at(Territory::Corse, rate), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"), "{rate}");
        }
        // DOM: 8.5 % is the normal rate, 20 % does not apply (CGI 296)
        assert!(has(&at(Territory::Dom, dec!(20)), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"));
        assert_eq!(at(Territory::Dom, dec!(2.10)), vec![]);
        assert_eq!(at(Territory::Corse, dec!(20)), vec![]);
        // the message lists the rates of the territory
        let v = at(Territory::Dom, dec!(20));
        assert!(v[0].message.contains("8.5"), "{}", v[0].message);
        // document charges are checked too
        let v = check(
            &with(|d| {
                d.charges.push(AllowanceCharge { amount: dec!(5), reason: "Port".into(), vat_category: VatCategory::S, vat_rate: dec!(13) })
            }),
            BEFORE_REFORM,
        );
        assert!(has(&v, VAT_RATE_NOT_ALLOWED, "charges[0].vat_rate"));
    }

    #[test]
    fn seller_vat_number_is_optional_up_to_150_euros_excl_tax() {
        let small = |price: Decimal| {
            check(
                &with(|d| {
                    d.seller.vat_number = None;
                    d.lines[0].quantity = dec!(1);
                    d.lines[0].unit_price = price;
                }),
                BEFORE_REFORM,
            )
        };
        assert_eq!(small(dec!(150.00)), vec![]);
        let v = small(dec!(150.01));
        assert_eq!(codes(&v), ["seller.vat_number.missing"]);
        assert!(has(&v, SELLER_VAT_MISSING, "seller.vat_number"));
        // the limit is on the total excl. tax (VAT of 30 € makes 180 € incl. tax)
        assert_eq!(SMALL_INVOICE_LIMIT, dec!(150));
        // a franchise seller need not have one
        let franchise = with(|d| {
            d.seller.vat_regime = VatRegime::Franchise;
            d.seller.vat_number = None;
            d.lines[0].vat_category = VatCategory::E;
            d.lines[0].vat_rate = Decimal::ZERO;
        });
        assert_eq!(check(&franchise, BEFORE_REFORM), vec![]);
    }

    #[test]
    fn credit_notes_refer_to_the_invoice_they_correct() {
        let credit = |r: Option<InvoiceRef>| {
            with(|d| {
                d.kind = InvoiceKind::CreditNote;
                d.preceding_invoice = r;
            })
        };
        let v = check(&credit(None), BEFORE_REFORM);
        assert_eq!(codes(&v), ["credit_note.reference.missing"]);
        assert!(has(&v, CREDIT_REFERENCE, "preceding_invoice"));
        let blank = InvoiceRef { number: " ".into(), issue_date: d(2026, 2, 1) };
        assert_eq!(codes(&check(&credit(Some(blank)), BEFORE_REFORM)), ["credit_note.reference.missing"]);
        let r = InvoiceRef { number: "F-2026-00001".into(), issue_date: d(2026, 2, 1) };
        assert_eq!(check(&credit(Some(r.clone())), BEFORE_REFORM), vec![]);
        // payment-term caps do not apply to a credit note
        let mut long = credit(Some(r));
        long.payment_terms = PaymentTerms::NetDays { days: 90 };
        assert_eq!(check(&long, BEFORE_REFORM), vec![]);
    }

    #[test]
    fn a_negative_total_is_a_credit_note_not_an_invoice() {
        let negative = |kind: InvoiceKind| {
            with(|d| {
                d.kind = kind;
                d.lines.push(line("2", dec!(-11), dec!(100), VatCategory::S, dec!(20)));
                d.preceding_invoice = Some(InvoiceRef { number: "F-2026-00001".into(), issue_date: day(2026, 2, 1) });
            })
        };
        let v = check(&negative(InvoiceKind::Standard), BEFORE_REFORM);
        assert_eq!(codes(&v), ["totals.negative"]);
        assert!(has(&v, NEGATIVE_TOTAL, "lines"));
        assert_eq!(codes(&check(&negative(InvoiceKind::Deposit), BEFORE_REFORM)), ["totals.negative"]);
        assert!(!codes(&check(&negative(InvoiceKind::CreditNote), BEFORE_REFORM)).contains(&"totals.negative"));
        // a negative line with a positive total is fine (a return netted on the invoice)
        let netted = with(|d| d.lines.push(line("2", dec!(-1), dec!(100), VatCategory::S, dec!(20))));
        assert_eq!(check(&netted, BEFORE_REFORM), vec![]);
        // a zero total is not negative
        let zero = with(|d| d.lines.push(line("2", dec!(-10), dec!(100), VatCategory::S, dec!(20))));
        assert_eq!(check(&zero, BEFORE_REFORM), vec![]);
    }

    #[test]
    fn final_invoice_deposits_never_exceed_the_operation() {
        let group = |basis: Decimal, vat: Decimal| DeductedGroup { category: VatCategory::S, rate: dec!(20), basis, vat };
        let fin = |groups: Vec<DeductedGroup>| InvoiceDraft {
            kind: InvoiceKind::Final,
            deposits: vec![DepositReference { number: "F-2026-00001".into(), issue_date: d(2026, 2, 1), groups }],
            ..lawful()
        };
        assert_eq!(check(&fin(vec![group(dec!(300), dec!(60))]), BEFORE_REFORM), vec![]);
        assert_eq!(check(&fin(vec![group(dec!(1000), dec!(200))]), BEFORE_REFORM), vec![]);
        let v = check(&fin(vec![group(dec!(1000), dec!(200.01))]), BEFORE_REFORM);
        assert_eq!(codes(&v), ["final.deposits.exceed"]);
        assert!(v[0].message.contains("S 20"), "{}", v[0].message);
        // the same deposit invoice is deducted once
        let dep = DepositReference { number: "F-2026-00001".into(), issue_date: d(2026, 2, 1), groups: vec![group(dec!(300), dec!(60))] };
        let twice = InvoiceDraft { kind: InvoiceKind::Final, deposits: vec![dep.clone(), dep], ..lawful() };
        let v = check(&twice, BEFORE_REFORM);
        assert_eq!(codes(&v), ["final.deposits.missing"]);
        assert!(has(&v, FINAL_DEPOSITS, "deposits[1].number"));
        // a deposit in a group the operation does not have exceeds it
        let other = DeductedGroup { category: VatCategory::S, rate: dec!(10), basis: dec!(10), vat: dec!(1) };
        assert_eq!(codes(&check(&fin(vec![other]), BEFORE_REFORM)), ["final.deposits.exceed"]);
    }

    #[test]
    fn b2b_mentions_penalties_indemnity_and_escompte() {
        let m = mentions_for(&lawful(), BEFORE_REFORM);
        let keys: Vec<MentionKey> = m.iter().map(|m| m.key).collect();
        assert_eq!(keys, [MentionKey::LatePenalty, MentionKey::RecoveryIndemnity, MentionKey::NoEarlyPaymentDiscount]);
        assert!(m[0].text.contains("taux de refinancement de la BCE majoré de 10 points"), "{}", m[0].text);
        assert!(m[0].text.contains("sans qu'un rappel soit nécessaire"), "{}", m[0].text);
        assert!(!m[0].text.contains("{rate}"));
        assert!(m[0].source.contains("L441-10"));
        assert!(m[1].text.contains("40 €"), "{}", m[1].text);
        assert!(m[1].source.contains("D441-5"));
        assert_eq!(m[2].text, "Pas d'escompte pour paiement anticipé.");

        let custom = with(|d| {
            d.late_payment_rate = Some(dec!(12.150));
            d.early_payment_discount = Some("Escompte de 2 % pour paiement sous 10 jours".into());
        });
        let m = mentions_for(&custom, BEFORE_REFORM);
        assert!(m[0].text.contains("au taux de 12,15 % l'an."), "{}", m[0].text);
        assert_eq!(m[2].key, MentionKey::NoEarlyPaymentDiscount);
        assert_eq!(m[2].text, "Escompte de 2 % pour paiement sous 10 jours");
        // a blank escompte text prints the default clause
        let blank = with(|d| d.early_payment_discount = Some(" ".into()));
        assert_eq!(mentions_for(&blank, BEFORE_REFORM)[2].text, "Pas d'escompte pour paiement anticipé.");
    }

    #[test]
    fn b2g_mentions_ecb_plus_8_points() {
        let draft = with(|d| d.buyer.kind = BuyerKind::Public);
        let m = mentions_for(&draft, BEFORE_REFORM);
        assert_eq!(m.len(), 3);
        assert!(m[0].text.contains("BCE majoré de 8 points"), "{}", m[0].text);
        assert!(m[1].text.contains("40 €"));
    }

    #[test]
    fn b2c_has_no_commercial_mentions() {
        let draft = InvoiceDraft { buyer: consumer(), ..lawful() };
        assert_eq!(mentions_for(&draft, BEFORE_REFORM), vec![]);
        // but the VAT mentions remain
        let debits = InvoiceDraft { seller: Seller { vat_regime: VatRegime::Debits, ..seller() }, ..draft };
        let m = mentions_for(&debits, BEFORE_REFORM);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].key, MentionKey::DebitsOption);
    }

    #[test]
    fn debits_option_is_mentioned() {
        let draft = with(|d| d.seller.vat_regime = VatRegime::Debits);
        assert_eq!(check(&draft, AFTER_REFORM), vec![]);
        let m = mentions_for(&draft, AFTER_REFORM);
        assert_eq!(m[0].key, MentionKey::DebitsOption);
        assert_eq!(m[0].text, "Option pour le paiement de la taxe d'après les débits");
        assert!(m[0].source.contains("11° bis"));
        assert_eq!(m.len(), 4);
        // not for the normal regime
        assert!(!mentions_for(&lawful(), AFTER_REFORM).iter().any(|m| m.key == MentionKey::DebitsOption));
    }

    #[test]
    fn credit_notes_carry_only_the_vat_mentions() {
        let credit = with(|d| {
            d.kind = InvoiceKind::CreditNote;
            d.seller.vat_regime = VatRegime::Debits;
        });
        let m = mentions_for(&credit, BEFORE_REFORM);
        assert_eq!(m.iter().map(|m| m.key).collect::<Vec<_>>(), [MentionKey::DebitsOption]);
    }

    #[test]
    fn quote_rules_apply_to_the_current_version() {
        let q = Quote::new("D-1", QuoteContent { valid_until: day(2026, 3, 1), ..quote_content() }).unwrap();
        let v = check_quote(&q);
        assert_eq!(codes(&v), ["quote.validity.invalid"]);
        assert!(has(&v, QUOTE_VALIDITY, "valid_until"));
        // a quote valid only on its own issue date is fine
        let q = Quote::new("D-1", QuoteContent { valid_until: BEFORE_REFORM, ..quote_content() }).unwrap();
        assert_eq!(check_quote(&q), vec![]);
    }
}
