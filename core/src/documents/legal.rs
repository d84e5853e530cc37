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
use crate::party::{Address, Buyer, BuyerKind, CompanySize, Registration, Seller, VatRegime};
use crate::receivables::rates::RateTables;
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
    /// A franchise-en-base seller charges no VAT: category E, or AE for services to a business in another EU country.
    VAT_FRANCHISE = "vat.franchise.category", "CGI art. 293 B and 293 E; CGI 283-2 and 259-1° (autoliquidation); FR CTC VATEX-FR-FRANCHISE";
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
    /// The seller states the trade register it is entered in, or that it is in none.
    SELLER_REGISTRATION = "seller.registration.missing", "C. com. R123-237 1° and 2°";
    /// A seller registered at the RCS states the city of its greffe.
    SELLER_RCS = "seller.rcs_city.missing", "C. com. R123-237 2°";
    /// A seller registered at the répertoire des métiers states its department.
    SELLER_RM = "seller.registration.department.missing", "C. com. R123-237 2°; décret 98-247 art. 9";
    /// A company is registered at the RCS.
    SELLER_COMPANY_RCS = "seller.registration.company_not_rcs", "C. com. L123-1 I 2° (companies register at the RCS), R123-237 2°";
    /// A company states its legal form.
    SELLER_FORM_CAPITAL = "seller.legal_form.missing", "C. com. R123-238";
    /// A company states its share capital, or that it is variable.
    SELLER_CAPITAL = "seller.share_capital.missing", "C. com. R123-238; L231-1 (capital variable)";
    /// A seller in liquidation names its liquidator.
    SELLER_LIQUIDATION = "seller.liquidation.liquidator.missing", "C. com. L237-2";
    /// The seller's intra-EU VAT number is stated (optional up to 150 € HT outside intra-EU operations).
    SELLER_VAT_MISSING = "seller.vat_number.missing", "CGI ann. II art. 242 nonies A, I-2°; BOI-TVA-DECLA-30-20-20-30";
    /// A VAT number is well formed with the right French key.
    VAT_NUMBER_INVALID = "party.vat_number.invalid", "CGI ann. IV art. 286 ter; DGFiP key formula";
    /// Bank details are valid when given.
    BANK_INVALID = "seller.bank.invalid", "ISO 13616 (IBAN), ISO 9362 (BIC)";
    /// The buyer's SIREN is stated on invoices to French businesses and public buyers once the reform applies.
    BUYER_SIREN_MISSING = "buyer.siren.missing", "CGI ann. II art. 242 nonies A, I-1° (décret 2022-1299, décret 2024-266)";
    /// The late-payment rate is a yearly percentage in ]0, 100].
    LATE_RATE = "late_payment_rate.invalid", "C. com. L441-10 II";
    /// A contractual late-payment rate is at least three times the legal interest rate of the half-year.
    LATE_RATE_FLOOR = "late_payment_rate.below_floor", "C. com. L441-10 II (au moins trois fois le taux d'intérêt légal); C. mon. fin. L313-2";
    /// An invoice in another currency than the euro gives the exchange rate of its VAT total in euros.
    EXCHANGE_RATE = "currency.exchange_rate.missing", "CGI art. 289; Directive 2006/112 art. 230; EN 16931 BT-6, BT-111; FNFE BR-FR-CO-12";
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
    /// What was already paid never exceeds the total: an invoice never asks for a negative amount.
    PREPAID_EXCEEDS = "prepaid.exceeds_total", "EN 16931 BR-CO-16 (BT-115 = BT-112 − BT-113 ≥ 0 on an invoice)";
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

/// The date the rules of the operation itself are read at (the VAT rates allowed): its
/// chargeable event, the date of the supply or of the deposit received when given, else the issue
/// date (CGI art. 269-1 and 2-a: the tax is due at the rate in force at the chargeable event).
/// A credit note takes the date of the operation it corrects: the supply date it carries from
/// the original, else the original's issue date (the correction reverses the VAT as it was
/// charged; BOI-TVA-DECLA-30-20-20-20 §260).
pub fn rules_date(draft: &InvoiceDraft, issue_date: NaiveDate) -> NaiveDate {
    match (&draft.kind, draft.delivery_date, &draft.preceding_invoice) {
        (_, Some(d), _) => d,
        (InvoiceKind::CreditNote, None, Some(original)) => original.issue_date,
        _ => issue_date,
    }
}

/// [`check`], and the totals it computed on the way (`None` when they overflow), so that
/// issuance computes them once.
pub(crate) fn check_and_total(draft: &InvoiceDraft, issue_date: NaiveDate) -> (Vec<Violation>, Option<Totals>) {
    let mut v = Vec::new();
    let operation_date = rules_date(draft, issue_date);
    if draft.currency.iso().is_none() {
        v.push(CURRENCY.at("currency", format!("`{}` is not an ISO 4217 currency an invoice may be in", draft.currency.0)));
    }
    check_exchange_rate(draft, &mut v);
    check_seller(&draft.seller, "seller", &mut v);
    check_buyer(&draft.buyer, "buyer", &mut v);
    let body = Body {
        seller: &draft.seller,
        buyer: &draft.buyer,
        territory: draft.territory,
        lines: &draft.lines,
        allowances: &draft.allowances,
        charges: &draft.charges,
        amount_decimals: draft.currency.amount_decimals(),
    };
    check_body(&body, operation_date, &mut v);

    // the wordings printed are those in force when the invoice is written
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
        let deposits_exceed = v.iter().any(|x| x.code == FINAL_DEPOSITS_EXCEED.code);
        if draft.kind != InvoiceKind::CreditNote && !deposits_exceed && t.total_incl_tax >= Decimal::ZERO && t.amount_due < Decimal::ZERO {
            v.push(
                PREPAID_EXCEEDS
                    .at("prepaid_amount", format!("already paid {} exceeds the total {} incl. tax", t.prepaid, t.total_incl_tax)),
            );
        }
    }

    check_buyer_siren(&draft.buyer, draft.seller.company_size, issue_date, "buyer", &mut v);

    match draft.kind {
        InvoiceKind::CreditNote => match &draft.preceding_invoice {
            Some(r) if r.issue_date > issue_date => {
                v.push(CREDIT_DATE.at("preceding_invoice.issue_date", "a credit note cannot predate the invoice it corrects"))
            }
            Some(r) if !crate::text::is_blank(&r.number) => {}
            _ => v.push(CREDIT_REFERENCE.at("preceding_invoice", "a credit note refers to the number and date of the invoice it corrects")),
        },
        InvoiceKind::Final => {
            if draft.deposits.is_empty() {
                v.push(FINAL_DEPOSITS.at("deposits", "a final invoice lists the deposit invoices it deducts"));
            }
            for (i, d) in draft.deposits.iter().enumerate() {
                if crate::text::is_blank(&d.number) {
                    v.push(FINAL_DEPOSITS.at(format!("deposits[{i}].number"), "deposit invoice number missing"));
                } else if draft.deposits.iter().take(i).any(|x| x.number == d.number) {
                    v.push(FINAL_DEPOSITS.at(format!("deposits[{i}].number"), format!("deposit invoice {} is deducted twice", d.number)));
                }
            }
        }
        InvoiceKind::Standard | InvoiceKind::Deposit => {}
    }
    if draft.kind != InvoiceKind::CreditNote {
        check_terms(&draft.payment_terms, draft.late_payment_rate, &draft.buyer, issue_date, &mut v);
    }
    if draft.prepaid_amount < Decimal::ZERO {
        v.push(ALLOWANCE_INVALID.at("prepaid_amount", "the prepaid amount is not negative"));
    }
    check_decimal(draft.prepaid_amount, draft.currency.amount_decimals(), "prepaid_amount", &mut v);
    (v, totals)
}

/// Checks the payment terms and the late-payment rate a document promises, as of `date`: the
/// legal caps on payment periods ([`crate::terms::check_caps`]) and, for a business buyer, a
/// contractual rate of at least three times the legal interest rate of `date`'s half-year
/// (C. com. L441-10 II). Shared by invoices and quotes, so that a quote never promises what its
/// invoice would be refused for.
///
/// The floor is read from the shipped legal-rate table ([`RateTables::default`]); for a
/// half-year past the table's last one, the last known rate is used and the message says so.
pub(crate) fn check_terms(
    terms: &crate::terms::PaymentTerms,
    rate: Option<Decimal>,
    buyer: &Buyer,
    date: NaiveDate,
    v: &mut Vec<Violation>,
) {
    crate::terms::check_caps(terms, date, buyer, "payment_terms", v);
    let Some(rate) = rate else { return };
    if rate <= Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
        v.push(LATE_RATE.at("late_payment_rate", "the late-payment rate is a yearly percentage in ]0, 100]"));
        return;
    }
    check_decimal(rate, crate::receivables::rates::RATE_DECIMALS, "late_payment_rate", v);
    // public buyers: the CCP rate applies whatever the contract says (R2192-31); consumers: no penalties
    if buyer.kind != BuyerKind::Business {
        return;
    }
    let Ok(legal) = RateTables::default().legal_interest.other_cases_rate(date) else { return };
    let Some(floor) = legal.rate.checked_mul(crate::receivables::rates::LEGAL_RATE_FLOOR_MULTIPLIER) else { return };
    if rate < floor {
        let when = crate::format::date(legal.reference_date);
        let provisional = if legal.provisional { ", the last published rate: add the half-year's rate when it is published" } else { "" };
        v.push(LATE_RATE_FLOOR.at(
            "late_payment_rate",
            format!(
                "{rate} % is below 3 × the legal interest rate of the half-year from {when} ({} % × 3 = {floor} %{provisional})",
                legal.rate
            ),
        ));
    }
}

/// Checks the exchange rate of an invoice in another currency than the euro (CGI art. 289;
/// Directive 2006/112 art. 230; FNFE BR-FR-CO-12): required, positive, at most 6 decimals; and
/// absent from an invoice in euros.
fn check_exchange_rate(draft: &InvoiceDraft, v: &mut Vec<Violation>) {
    match (&draft.exchange_rate, draft.currency.is_eur()) {
        (None, false) => v.push(EXCHANGE_RATE.at(
            "exchange_rate",
            format!("an invoice in {} states its VAT total in euros: give the exchange rate of the chargeable event", draft.currency.0),
        )),
        (Some(_), true) => v.push(EXCHANGE_RATE.at("exchange_rate", "an invoice in euros has no exchange rate")),
        (Some(r), false) => {
            if r.units_per_euro <= Decimal::ZERO {
                v.push(EXCHANGE_RATE.at("exchange_rate.units_per_euro", "the exchange rate is positive"));
            }
            check_decimal(r.units_per_euro, crate::money::EXCHANGE_RATE_DECIMALS, "exchange_rate.units_per_euro", v);
        }
        (None, true) => {}
    }
}

/// The buyer's SIREN on invoices issued from the reform date (décret 2022-1299 as postponed by
/// décret 2024-266): required of every buyer that is not a consumer and is established where
/// businesses have a SIREN ([`crate::party::SIREN_COUNTRIES`]: metropolitan France and the
/// overseas departments included), public buyers included.
pub(crate) fn check_buyer_siren(buyer: &Buyer, size: CompanySize, issue_date: NaiveDate, path: &str, v: &mut Vec<Violation>) {
    if reform_mentions_required(size, issue_date) && buyer.is_professional() && buyer.is_established_in_france() && buyer.siren.is_none() {
        v.push(BUYER_SIREN_MISSING.at(format!("{path}.siren"), "the buyer's SIREN is required on invoices issued from the reform date"));
    }
}

/// Checks that every exempt or out-of-scope category used by `draft` has its exemption reason
/// (CGI ann. II art. 242 nonies A, I-12°; EN 16931 BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).
pub(crate) fn check_exemptions(draft: &InvoiceDraft, date: NaiveDate, v: &mut Vec<Violation>) {
    let categories: BTreeSet<VatCategory> = draft.lines.iter().map(|l| l.vat_category).collect();
    for c in categories.iter().filter(|c| **c != VatCategory::S && **c != VatCategory::Z) {
        if draft.exemption_for(*c, date).is_none_or(|e| crate::text::is_blank(&e.reason)) {
            v.push(
                VAT_EXEMPTION_MISSING
                    .at("exemptions", format!("category {} needs an exemption reason citing the exempting article", c.code())),
            );
        }
    }
}

/// Checks the seller's identity: the mentions of every business paper (C. com. R123-237/238,
/// décret 2022-725 for the EI mention, which [`Seller::display_name`] adds).
///
/// Every seller states its SIREN and the register it is entered in, or none (R123-237 1° and
/// 2°): "RCS" and the greffe's city, or "RM" and the department. A company (not an individual
/// entrepreneur, association or other legal person) is registered at the RCS (L123-1) and
/// states its legal form and share capital, or that its capital is variable (R123-238). A seller
/// in liquidation names its liquidator (L237-2).
pub(crate) fn check_seller(s: &Seller, path: &str, v: &mut Vec<Violation>) {
    if crate::text::is_blank(&s.name) {
        v.push(NAME_MISSING.at(format!("{path}.name"), "the seller's name is required"));
    }
    check_address(&s.address, &format!("{path}.address"), v);
    if let Some(a) = &s.billing_address {
        check_address(a, &format!("{path}.billing_address"), v);
    }
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
    match &s.registration {
        None => v.push(SELLER_REGISTRATION.at(
            format!("{path}.registration"),
            "state the register the seller is entered in: {\"register\": \"rcs\", \"city\": …}, {\"register\": \"rm\", \"department\": …} or {\"register\": \"none\"}",
        )),
        Some(Registration::Rcs { city }) if crate::text::is_blank(city) => {
            v.push(SELLER_RCS.at(format!("{path}.registration.city"), "a seller registered at the RCS states the city of its greffe"))
        }
        Some(Registration::Rm { department }) if crate::text::is_blank(department) => v.push(
            SELLER_RM.at(format!("{path}.registration.department"), "a seller registered at the répertoire des métiers states its department"),
        ),
        Some(_) => {}
    }
    if s.is_company() {
        if matches!(s.registration, Some(Registration::None | Registration::Rm { .. })) {
            v.push(SELLER_COMPANY_RCS.at(format!("{path}.registration"), "a company is registered at the RCS"));
        }
        if s.legal_form.as_deref().is_none_or(crate::text::is_blank) {
            v.push(SELLER_FORM_CAPITAL.at(format!("{path}.legal_form"), "a company states its legal form"));
        }
        if s.share_capital.is_none() && !s.variable_capital {
            v.push(SELLER_CAPITAL.at(format!("{path}.share_capital"), "a company states its share capital, or that it is variable"));
        }
    }
    if let Some(c) = s.share_capital {
        if c < Decimal::ZERO {
            v.push(SELLER_CAPITAL.at(format!("{path}.share_capital"), "a share capital is not negative"));
        }
        check_decimal(c, AMOUNT_DECIMALS, &format!("{path}.share_capital"), v);
    }
    if s.liquidation.as_ref().is_some_and(|l| crate::text::is_blank(&l.liquidator)) {
        v.push(SELLER_LIQUIDATION.at(format!("{path}.liquidation.liquidator"), "a company in liquidation names its liquidator"));
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
    if crate::text::is_blank(&b.name) {
        v.push(NAME_MISSING.at(format!("{path}.name"), "the buyer's name is required"));
    }
    check_address(&b.address, &format!("{path}.address"), v);
    if let Some(a) = &b.billing_address {
        check_address(a, &format!("{path}.billing_address"), v);
    }
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
        if crate::text::is_blank(value) {
            v.push(ADDRESS_INCOMPLETE.at(format!("{path}.{field}"), "address incomplete"));
        }
    }
    // the ISO 3166-1 list as the iso_country crate ships it
    if a.country.parse::<iso_country::Country>().is_err() || a.country.len() != 2 {
        v.push(ADDRESS_INCOMPLETE.at(format!("{path}.country"), format!("`{}` is not an ISO 3166-1 alpha-2 country code", a.country)));
    }
}

/// What invoices and quotes have in common for their checks: the parties, the territory and
/// the lines, allowances and charges.
pub(crate) struct Body<'a> {
    pub(crate) seller: &'a Seller,
    pub(crate) buyer: &'a Buyer,
    pub(crate) territory: Territory,
    pub(crate) lines: &'a [Line],
    pub(crate) allowances: &'a [AllowanceCharge],
    pub(crate) charges: &'a [AllowanceCharge],
    /// The decimals of an amount in the document's currency ([`crate::money::Currency::amount_decimals`]).
    pub(crate) amount_decimals: u32,
}

/// Checks lines, allowances and charges, shared by invoices and quotes; VAT rates as of `date`.
pub(crate) fn check_body(body: &Body<'_>, date: NaiveDate, v: &mut Vec<Violation>) {
    let Body { lines, allowances, charges, .. } = *body;
    if lines.is_empty() {
        v.push(LINES_EMPTY.at("lines", "a document has at least one line"));
    }
    let mut ids = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let p = format!("lines[{i}]");
        if !ids.insert(l.id.as_str()) || crate::text::is_blank(&l.id) {
            v.push(LINE_ID_DUPLICATE.at(format!("{p}.id"), format!("line id `{}` is empty or not unique", l.id)));
        }
        if crate::text::is_blank(&l.description) {
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
                check_decimal(x, body.amount_decimals, &format!("{p}.discount"), v);
            }
            None => {}
        }
        check_vat(body, l.vat_category, l.vat_rate, date, &p, v);
    }
    for (name, list) in [("allowances", allowances), ("charges", charges)] {
        for (i, a) in list.iter().enumerate() {
            let p = format!("{name}[{i}]");
            if a.amount < Decimal::ZERO {
                v.push(ALLOWANCE_INVALID.at(format!("{p}.amount"), "the amount is not negative"));
            }
            if crate::text::is_blank(&a.reason) {
                v.push(ALLOWANCE_INVALID.at(format!("{p}.reason"), "a reason is stated"));
            }
            check_decimal(a.amount, body.amount_decimals, &format!("{p}.amount"), v);
            check_vat(body, a.vat_category, a.vat_rate, date, &p, v);
        }
    }
}

/// Checks the VAT category and rate of a line, allowance or charge as of the operation's `date`.
///
/// A seller under franchise en base charges no VAT (CGI 293 B, 293 E): category E, except the
/// reverse charge (AE) of services it supplies to a business established in another EU country,
/// where the customer owes the VAT (CGI 283-2, 259-1°; the franchise covers only supplies taxed
/// in France).
fn check_vat(body: &Body<'_>, category: VatCategory, rate: Decimal, date: NaiveDate, p: &str, v: &mut Vec<Violation>) {
    let Body { seller, buyer, territory, .. } = *body;
    if seller.vat_regime == VatRegime::Franchise {
        let eu_business = buyer.kind == BuyerKind::Business && vat::is_other_eu_country(&buyer.address.country);
        match category {
            VatCategory::E => {}
            VatCategory::AE if eu_business => {}
            VatCategory::AE => v.push(VAT_FRANCHISE.at(
                format!("{p}.vat_category"),
                "a seller under franchise en base applies the reverse charge only to services for a business in another EU country",
            )),
            _ => v.push(VAT_FRANCHISE.at(
                format!("{p}.vat_category"),
                "a seller under franchise en base charges no VAT: use category E (or AE for services to a business in another EU country)",
            )),
        }
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
