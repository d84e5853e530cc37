use super::*;
use crate::documents::draft::{DepositReference, InvoiceRef};
use crate::documents::mentions::mentions_for;
use crate::documents::quote::{Quote, QuoteContent, check_quote};
use crate::line::SupplyKind;
use crate::party::{Entity, Liquidation, Management};
use crate::terms::PaymentTerms;
use crate::testkit::{buyer, seller};
use crate::texts::MentionKey;
use crate::totals::DeductedGroup;
use crate::vat::Exemption;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

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
        payment_terms: PaymentTerms::NetDays { days: 30 },
        ..InvoiceDraft::new(seller(), buyer(), vec![line("1", dec!(10), dec!(100.00), VatCategory::S, dec!(20))])
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
        billing_address: None,
        delivery_address: None,
        public_body: None,
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
        (SELLER_REGISTRATION, "seller.registration", c(|d| d.seller.registration = None)),
        (SELLER_RCS, "seller.registration.city", c(|d| d.seller.registration = Some(Registration::Rcs { city: " ".into() }))),
        (SELLER_RM, "seller.registration.department", c(|d| d.seller.registration = Some(Registration::Rm { department: String::new() }))),
        (SELLER_COMPANY_RCS, "seller.registration", c(|d| d.seller.registration = Some(Registration::None))),
        (SELLER_LIQUIDATION, "seller.liquidation.liquidator", c(|d| d.seller.liquidation = Some(Liquidation { liquidator: " ".into() }))),
        (SELLER_CAPITAL, "seller.share_capital", c(|d| d.seller.share_capital = Some(dec!(-1)))),
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
                d.preceding_invoice = Some(InvoiceRef { number: "F-1".into(), issue_date: day(2099, 1, 1), kind: None });
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
        (PREPAID_EXCEEDS, "prepaid_amount", c(|d| d.prepaid_amount = dec!(1200.01))),
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
        // H1 2027 uses the last known half-year (H1 2026: 2,62 % × 3 = 7,86 %)
        (LATE_RATE_FLOOR, "late_payment_rate", c(|d| d.late_payment_rate = Some(dec!(7.85)))),
        (EXCHANGE_RATE, "exchange_rate", c(|d| d.currency = crate::money::Currency("USD".into()))),
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
        (with(|d| d.seller.registration = None), "seller.registration.missing"),
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
        d.seller.registration = None;
        d.buyer.address.city = String::new();
        d.lines[0].vat_rate = dec!(19.6);
        d.lines.push(line("2", dec!(1), dec!(1), VatCategory::S, dec!(7)));
        d.payment_terms = PaymentTerms::NetDays { days: 90 };
    });
    let v = check(&draft, BEFORE_REFORM);
    assert!(has(&v, CURRENCY, "currency"));
    assert!(has(&v, NAME_MISSING, "seller.name"));
    assert!(has(&v, SELLER_REGISTRATION, "seller.registration"));
    assert!(has(&v, ADDRESS_INCOMPLETE, "buyer.address.city"));
    assert!(has(&v, VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"));
    assert!(has(&v, VAT_RATE_NOT_ALLOWED, "lines[1].vat_rate"));
    assert!(has(&v, crate::terms::RULE_NET_DAYS_CAP, "payment_terms.days"));
    // "euro" is not the euro: the exchange rate is asked for too
    assert!(has(&v, EXCHANGE_RATE, "exchange_rate"));
    assert_eq!(v.len(), 8, "{v:#?}");
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
fn franchise_seller_reverse_charges_services_to_a_business_in_another_eu_country() {
    // CGI 283-2 and 259-1°: the customer owes the VAT; the franchise covers supplies taxed in France
    let ae = |buyer: Buyer| {
        with(|d| {
            d.seller.vat_regime = VatRegime::Franchise;
            d.lines[0].vat_category = VatCategory::AE;
            d.lines[0].vat_rate = Decimal::ZERO;
            d.buyer = buyer;
        })
    };
    let draft = ae(german_buyer());
    assert_eq!(check(&draft, AFTER_REFORM), vec![]);
    let m: Vec<MentionKey> = mentions_for(&draft, AFTER_REFORM).into_iter().map(|m| m.key).collect();
    assert_eq!(m[..2], [MentionKey::Franchise, MentionKey::Autoliquidation]);
    // with the VAT numbers of both parties (242 nonies A, I-4°)
    let v = check(&InvoiceDraft { seller: Seller { vat_number: None, ..draft.seller.clone() }, ..draft.clone() }, AFTER_REFORM);
    assert!(has(&v, VAT_NUMBERS_REQUIRED, "seller.vat_number"));
    // not to a French business, nor to a consumer elsewhere in the EU
    let v = check(&ae(buyer()), AFTER_REFORM);
    assert!(has(&v, VAT_FRANCHISE, "lines[0].vat_category"));
    let v = check(&ae(Buyer { kind: BuyerKind::Consumer, vat_number: None, ..german_buyer() }), AFTER_REFORM);
    assert!(has(&v, VAT_FRANCHISE, "lines[0].vat_category"));
}

#[test]
fn foreign_currency_invoices_state_their_vat_in_euros() {
    let usd = |rate: Option<Decimal>| {
        with(|d| {
            d.currency = crate::money::Currency("USD".into());
            d.exchange_rate =
                rate.map(|r| crate::money::ExchangeRate { units_per_euro: r, date: BEFORE_REFORM, source: Some("BCE".into()) });
        })
    };
    let v = check(&usd(None), BEFORE_REFORM);
    assert_eq!(codes(&v), ["currency.exchange_rate.missing"]);
    assert!(has(&check(&usd(Some(Decimal::ZERO)), BEFORE_REFORM), EXCHANGE_RATE, "exchange_rate.units_per_euro"));
    assert!(has(&check(&usd(Some(dec!(1.0000001))), BEFORE_REFORM), crate::money::RULE_PRECISION, "exchange_rate.units_per_euro"));
    let draft = usd(Some(dec!(1.0823)));
    assert_eq!(check(&draft, BEFORE_REFORM), vec![]);
    // 1 000.00 USD at 20 %: VAT 200.00 USD = 200 / 1.0823 = 184.79 EUR
    let t = draft.totals(BEFORE_REFORM).unwrap();
    assert_eq!((t.vat_total, t.vat_total_eur), (dec!(200.00), Some(dec!(184.79))));
    // an invoice in euros carries no exchange rate, and no separate VAT in euros
    let eur = with(|d| d.exchange_rate = draft.exchange_rate.clone());
    assert_eq!(codes(&check(&eur, BEFORE_REFORM)), ["currency.exchange_rate.missing"]);
    assert_eq!(lawful().totals(BEFORE_REFORM).unwrap().vat_total_eur, None);
}

#[test]
fn vat_rates_are_those_of_the_chargeable_event_and_credit_notes_those_of_the_original() {
    // CGI 269: the rate in force at the chargeable event (the supply, or the deposit received)
    assert_eq!(rules_date(&lawful(), BEFORE_REFORM), BEFORE_REFORM);
    let supplied = with(|d| d.delivery_date = Some(day(2013, 12, 20)));
    assert_eq!(rules_date(&supplied, BEFORE_REFORM), day(2013, 12, 20));
    // 20 % came into force on 1 January 2014: a supply of December 2013 invoiced in 2026 is refused at 20 %
    assert!(has(&check(&supplied, BEFORE_REFORM), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"));
    // a credit note is checked at the date of the invoice it corrects
    let credit = with(|d| {
        d.kind = InvoiceKind::CreditNote;
        d.preceding_invoice = Some(InvoiceRef { number: "F-2013-1".into(), issue_date: day(2013, 12, 20), kind: None });
    });
    assert_eq!(rules_date(&credit, BEFORE_REFORM), day(2013, 12, 20));
    assert!(has(&check(&credit, BEFORE_REFORM), VAT_RATE_NOT_ALLOWED, "lines[0].vat_rate"));
    let ok = with(|d| {
        d.kind = InvoiceKind::CreditNote;
        d.preceding_invoice = Some(InvoiceRef { number: "F-2026-1".into(), issue_date: day(2026, 1, 5), kind: None });
    });
    assert_eq!(check(&ok, BEFORE_REFORM), vec![]);
}

#[test]
fn the_penalty_mention_states_the_rate_in_force_and_the_floor_is_enforced() {
    let penalty = |draft: &InvoiceDraft, date| {
        mentions_for(draft, date).into_iter().find(|m| m.key == MentionKey::LatePenalty).map(|m| m.text).unwrap_or_default()
    };
    // ECB 2,15 % on 1 January 2026 + 10 points (C. com. L441-10 II)
    let m = penalty(&lawful(), BEFORE_REFORM);
    assert!(m.contains("au taux de refinancement de la BCE majoré de 10 points, soit 12,15 % l'an au 01/01/2026"), "{m}");
    // a public buyer: the CCP rate the computation uses, whatever the contract says (R2192-31)
    let public = with(|d| {
        d.buyer.kind = BuyerKind::Public;
        d.late_payment_rate = Some(dec!(15));
    });
    assert_eq!(check(&public, BEFORE_REFORM), vec![]);
    let m = penalty(&public, BEFORE_REFORM);
    assert!(m.contains("BCE majoré de 8 points (CCP R2192-31), soit 10,15 % l'an au 01/01/2026"), "{m}");
    // beyond the verified ECB table, the formula alone: never a figure that could be wrong
    let m = penalty(&lawful(), day(2026, 11, 20));
    assert!(m.ends_with("majoré de 10 points."), "{m}");
    // a contractual rate is printed as agreed, and refused below 3 × the legal rate (2,62 % × 3 = 7,86 % in H1 2026)
    assert!(penalty(&with(|d| d.late_payment_rate = Some(dec!(12))), BEFORE_REFORM).contains("au taux de 12 % l'an"));
    let v = check(&with(|d| d.late_payment_rate = Some(dec!(7.85))), BEFORE_REFORM);
    assert!(has(&v, LATE_RATE_FLOOR, "late_payment_rate"), "{v:?}");
    assert!(v[0].message.contains("2.62 % × 3 = 7.86"), "{}", v[0].message);
    assert_eq!(check(&with(|d| d.late_payment_rate = Some(dec!(7.86))), BEFORE_REFORM), vec![]);
    // 2025 H2: 2,76 % × 3 = 8,28 %
    assert!(has(&check(&with(|d| d.late_payment_rate = Some(dec!(8.27))), day(2025, 9, 1)), LATE_RATE_FLOOR, "late_payment_rate"));
    // a consumer owes no L441-10 penalties: no floor
    let consumer = with(|d| {
        d.buyer.kind = BuyerKind::Consumer;
        d.buyer.siren = None;
        d.buyer.vat_number = None;
        d.late_payment_rate = Some(dec!(1));
    });
    assert_eq!(check(&consumer, BEFORE_REFORM), vec![]);
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
    // after the CIBS recodification, the article of the directive (242 nonies A, I-12°)
    assert!(e.reason.contains("art. 138 de la directive 2006/112/CE"), "{}", e.reason);
    let before = draft.totals(BEFORE_REFORM).unwrap().vat_breakdown[0].exemption.clone().unwrap();
    assert!(before.reason.contains("262 ter I"), "{}", before.reason);
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
    assert!(e.reason.contains("art. 146 de la directive 2006/112/CE"), "{}", e.reason);
    let before = draft.totals(BEFORE_REFORM).unwrap().vat_breakdown[0].exemption.clone().unwrap();
    assert!(before.reason.contains("262 I du CGI"), "{}", before.reason);
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
fn individual_entrepreneur_needs_no_form_or_capital_but_states_its_register() {
    let ei = Seller {
        name: "Jeanne Martin".into(),
        legal_form: None,
        share_capital: None,
        registration: Some(Registration::None),
        individual_entrepreneur: true,
        ..seller()
    };
    assert_eq!(ei.display_name(), "Jeanne Martin EI");
    let draft = InvoiceDraft { seller: ei.clone(), ..lawful() };
    assert_eq!(check(&draft, BEFORE_REFORM), vec![]);
    // the SIREN stays mandatory
    let v = check(&InvoiceDraft { seller: Seller { siren: None, siret: None, vat_number: None, ..ei.clone() }, ..lawful() }, BEFORE_REFORM);
    assert!(has(&v, SELLER_SIREN_MISSING, "seller.siren"));
    // an EI registered at the RCS is asked for the greffe's city (R123-237 2°), and prints it
    let at_rcs = Seller { registration: Some(Registration::Rcs { city: String::new() }), ..ei.clone() };
    assert_eq!(codes(&check(&InvoiceDraft { seller: at_rcs, ..lawful() }, BEFORE_REFORM)), ["seller.rcs_city.missing"]);
    let artisan = Seller { registration: Some(Registration::Rm { department: "69".into() }), ..ei.clone() };
    assert_eq!(check(&InvoiceDraft { seller: artisan, ..lawful() }, BEFORE_REFORM), vec![]);
    // every seller says where it is registered, even "nowhere"
    let silent = Seller { registration: None, ..ei.clone() };
    assert_eq!(codes(&check(&InvoiceDraft { seller: silent, ..lawful() }, BEFORE_REFORM)), ["seller.registration.missing"]);
    // the same seller as a company misses three mentions
    let company = Seller { individual_entrepreneur: false, ..ei };
    assert_eq!(company.display_name(), "Jeanne Martin");
    let v = check(&InvoiceDraft { seller: company, ..lawful() }, BEFORE_REFORM);
    assert_eq!(codes(&v), ["seller.registration.company_not_rcs", "seller.legal_form.missing", "seller.share_capital.missing"]);
}

#[test]
fn associations_and_variable_capital_companies_are_not_blocked() {
    // an association: a legal form if it wants, no share capital, no RCS (C. com. R123-238 is for companies)
    let association = Seller {
        name: "Les Amis du Vélo".into(),
        entity: Entity::Association,
        legal_form: Some("Association loi 1901".into()),
        share_capital: None,
        registration: Some(Registration::None),
        ..seller()
    };
    assert_eq!(check(&InvoiceDraft { seller: association, ..lawful() }, BEFORE_REFORM), vec![]);
    // a SCOP with variable capital: "à capital variable", the amount optional (C. com. L231-1)
    let scop = Seller { legal_form: Some("SCOP SA".into()), share_capital: None, variable_capital: true, ..seller() };
    assert_eq!(check(&InvoiceDraft { seller: scop, ..lawful() }, BEFORE_REFORM), vec![]);
    // a company in liquidation names its liquidator (C. com. L237-2); a locataire-gérant is lawful
    let winding_up = Seller {
        liquidation: Some(Liquidation { liquidator: "Maître Durand".into() }),
        management: Some(Management::LocataireGerant),
        ..seller()
    };
    assert_eq!(check(&InvoiceDraft { seller: winding_up, ..lawful() }, BEFORE_REFORM), vec![]);
}

#[test]
fn rcs_city_of_rules_v1_documents_is_read_as_the_registration() {
    let mut json = serde_json::to_value(seller()).unwrap();
    assert_eq!(json["registration"], serde_json::json!({"register": "rcs", "city": "Lyon"}));
    json.as_object_mut().unwrap().remove("registration");
    json["rcs_city"] = "Lyon".into();
    let read: Seller = crate::json::from_value(json.clone()).unwrap();
    assert_eq!(read, seller());
    json["registration"] = serde_json::json!({"register": "none"});
    assert!(crate::json::from_value::<Seller>(json).is_err(), "both spellings at once are refused");
    let none: Registration = serde_json::from_str(r#"{"register":"none"}"#).unwrap();
    assert_eq!(none, Registration::None);
    assert!(serde_json::from_str::<Registration>(r#"{"register":"none","city":"Lyon"}"#).is_err());
}

#[test]
fn buyer_siren_is_required_of_every_professional_buyer_established_in_france() {
    let in_country = |country: &str, kind| {
        with(|d| {
            d.buyer.siren = None;
            d.buyer.vat_number = None;
            d.buyer.kind = kind;
            d.buyer.address.country = country.into();
        })
    };
    for country in ["FR", "GP", "MQ", "RE", "GF", "YT"] {
        for kind in [BuyerKind::Business, BuyerKind::Public] {
            let v = check(&in_country(country, kind), AFTER_REFORM);
            assert!(has(&v, BUYER_SIREN_MISSING, "buyer.siren"), "{country} {kind:?}: {v:?}");
        }
    }
    // not for a consumer, nor a business established abroad or in New Caledonia (RIDET)
    for (country, kind) in [("FR", BuyerKind::Consumer), ("DE", BuyerKind::Business), ("NC", BuyerKind::Business)] {
        let v = check(&in_country(country, kind), AFTER_REFORM);
        assert!(!has(&v, BUYER_SIREN_MISSING, "buyer.siren"), "{country} {kind:?}");
    }
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
    let blank = InvoiceRef { number: " ".into(), issue_date: d(2026, 2, 1), kind: None };
    assert_eq!(codes(&check(&credit(Some(blank)), BEFORE_REFORM)), ["credit_note.reference.missing"]);
    let r = InvoiceRef { number: "F-2026-00001".into(), issue_date: d(2026, 2, 1), kind: None };
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
            d.preceding_invoice = Some(InvoiceRef { number: "F-2026-00001".into(), issue_date: day(2026, 2, 1), kind: None });
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

/// Issue 12, classes 3, 4 and 7: what cannot be right is refused.
#[test]
fn hostile_values_that_parse_are_refused_by_the_checks() {
    // invisible-only names and descriptions are blank (zero-width space, word joiner, BOM)
    let v = check(
        &with(|d| {
            d.seller.name = "\u{200B}\u{2060}".into();
            d.lines[0].description = "\u{FEFF} ".into();
            d.buyer.address.city = "\u{00AD}".into();
        }),
        BEFORE_REFORM,
    );
    assert!(has(&v, NAME_MISSING, "seller.name") && has(&v, LINE_DESCRIPTION, "lines[0].description"), "{v:?}");
    assert!(has(&v, ADDRESS_INCOMPLETE, "buyer.address.city"), "{v:?}");
    // codes are checked against their lists (ISO 3166, ISO 4217 via iso_country / iso_currency)
    let v = check(&with(|d| d.buyer.address.country = "ZZ".into()), BEFORE_REFORM);
    assert!(has(&v, ADDRESS_INCOMPLETE, "buyer.address.country"), "{v:?}");
    for code in ["ZZZ", "XAU", "XXX", "HRK", "eur"] {
        let v = check(&with(|d| d.currency = crate::money::Currency(code.into())), BEFORE_REFORM);
        assert!(has(&v, CURRENCY, "currency"), "{code}: {v:?}");
    }
    // an amount in yen has no decimals (ISO 4217 minor units)
    let yen = |amount: Decimal| {
        with(|d| {
            d.currency = crate::money::Currency("JPY".into());
            d.exchange_rate = Some(crate::money::ExchangeRate { units_per_euro: dec!(160.5), date: BEFORE_REFORM, source: None });
            d.allowances.push(AllowanceCharge { amount, reason: "Remise".into(), vat_category: VatCategory::S, vat_rate: dec!(20) });
        })
    };
    assert!(has(&check(&yen(dec!(10.50)), BEFORE_REFORM), crate::money::RULE_PRECISION, "allowances[0].amount"));
    assert_eq!(check(&yen(dec!(10)), BEFORE_REFORM), vec![]);
    // SIREN 000000000 passes the key but is never assigned
    let v = check(&with(|d| d.buyer.siren = Some("000000000".into())), BEFORE_REFORM);
    assert!(has(&v, SIREN_INVALID, "buyer.siren"), "{v:?}");
    // an invoice never asks for a negative amount: what was paid exceeds the total
    let v = check(&with(|d| d.prepaid_amount = dec!(5000)), BEFORE_REFORM);
    assert!(has(&v, PREPAID_EXCEEDS, "prepaid_amount"), "{v:?}");
}
