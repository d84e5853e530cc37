//! Tests of the crate: write → read round trips per document kind and profile, native
//! validation of tampered invoices, UBL reading, hostile input.

use facturier_core::documents::credit_note::{CreditSelection, credit_note};
use facturier_core::documents::deposit::final_invoice;
use facturier_core::documents::draft::{InvoiceDraft, InvoiceKind, InvoicingPeriod};
use facturier_core::documents::invoice::{IssuedInvoice, issue};
use facturier_core::documents::numbering::NumberingState;
use facturier_core::line::{AllowanceCharge as CoreAllowance, Discount, LineAllowanceCharge, SupplyKind};
use facturier_core::terms::{PaymentMeans, PaymentTerms};
use facturier_core::testkit::{buyer, date, seller, service_line};
use facturier_core::vat::VatCategory;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

/// Writes produced files where the official validators read them, when asked
/// (`FACTURIER_EINVOICE_OUT=dir`, see scripts/einvoice-validate).
fn keep(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("FACTURIER_EINVOICE_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// An operation with what real invoices carry: goods and services, a percentage discount, line
/// allowances and charges, a price per dozen, a gross price, a document charge, references.
fn operation() -> InvoiceDraft {
    let mut a = service_line("1", dec!(650.00));
    a.description = "Développement du site".into();
    a.quantity = dec!(3);
    a.unit = "DAY".into();
    a.discount = Some(Discount::Percent(dec!(10)));
    let mut b = service_line("2", dec!(12.00));
    b.description = "Bouteilles de 75 cl, prix par 12".into();
    b.supply = SupplyKind::Goods;
    b.quantity = dec!(250);
    b.unit = "C62".into();
    b.price_base_quantity = Some(dec!(12));
    b.gross_price = Some(dec!(13.50));
    b.vat_rate = dec!(5.5);
    b.allowances.push(LineAllowanceCharge {
        amount: Some(dec!(3.00)),
        percent: None,
        reason: Some("Fidélité".into()),
        reason_code: Some("95".into()),
    });
    b.charges.push(LineAllowanceCharge {
        amount: Some(dec!(7.50)),
        percent: None,
        reason: Some("Frais palette".into()),
        reason_code: Some("ABK".into()),
    });
    let mut c = service_line("3", dec!(0.333));
    c.description = "Pièces".into();
    c.supply = SupplyKind::Goods;
    c.quantity = dec!(7);
    let mut d = InvoiceDraft::new(seller(), buyer(), vec![a, b, c]);
    d.payment_terms = PaymentTerms::NetDays { days: 30 };
    d.charges.push(CoreAllowance {
        amount: dec!(15.00),
        reason: "Port".into(),
        vat_category: VatCategory::S,
        vat_rate: dec!(20),
        reason_code: Some("FC".into()),
    });
    d.allowances.push(CoreAllowance {
        amount: dec!(5.00),
        reason: "Remise commerciale".into(),
        vat_category: VatCategory::S,
        vat_rate: dec!(20),
        reason_code: Some("95".into()),
    });
    d.purchase_order = Some("PO-2026-118".into());
    d.buyer_reference = Some("SERVICE-ACHATS".into());
    d.contract_reference = Some("CT-7".into());
    d.project_reference = Some("PRJ-12".into());
    d.invoicing_period = Some(InvoicingPeriod { start: date(2026, 2, 1), end: date(2026, 2, 28) });
    d.delivery_date = Some(date(2026, 2, 27));
    d.notes.push("Merci pour votre confiance".into());
    d
}

struct Series(NumberingState);

impl Series {
    fn new(prefix: &str) -> Series {
        Series(NumberingState::new("invoices", format!("{prefix}-{{YYYY}}-{{SEQ:5}}")).unwrap())
    }
    fn issue(&mut self, draft: InvoiceDraft) -> IssuedInvoice {
        let (inv, next) = issue(draft, &self.0, date(2026, 3, 2)).unwrap();
        self.0 = next;
        inv
    }
}

fn roundtrip(inv: &IssuedInvoice, profile: Profile, name: &str) -> ReceivedInvoice {
    let xml = facturx_xml(inv, profile).unwrap();
    assert_eq!(xml, facturx_xml(inv, profile).unwrap(), "the bytes are deterministic");
    keep(name, &xml);
    read_invoice(&xml).unwrap()
}

#[test]
fn en16931_invoice_round_trips_and_validates() {
    let inv = Series::new("F").issue(operation());
    let read = roundtrip(&inv, Profile::En16931, "invoice-en16931.xml");
    let mut model = issued::from_issued(&inv).unwrap();
    model.specification = Profile::En16931.urn().to_owned();
    assert_eq!(read, model, "what is written is read back whole");
    assert_eq!(validate(&read), vec![]);
    assert_eq!(read.business_process.as_deref(), Some("M1"));
    assert_eq!(read.seller.legal_id.as_ref().map(|i| (i.id.as_str(), i.scheme.as_deref())), Some(("813883964", Some("0002"))));
    assert_eq!(read.buyer.electronic_address.as_ref().map(|i| i.scheme.as_deref()), Some(Some("0225")));
    for code in ["PMT", "PMD", "AAB", "BAR"] {
        assert!(read.notes.iter().any(|n| n.subject.as_deref() == Some(code)), "{code} note");
    }
    // the line per dozen: 250 × 12.00 / 12 − 3.00 + 7.50 = 254.50
    assert_eq!(read.lines[1].net_amount, dec!(254.50));
    assert_eq!(read.totals.due, inv.totals().amount_due);
}

#[test]
fn every_profile_writes_what_it_carries() {
    let inv = Series::new("F").issue(operation());
    for (profile, name) in [
        (Profile::Minimum, "minimum"),
        (Profile::BasicWl, "basicwl"),
        (Profile::Basic, "basic"),
        (Profile::En16931, "en16931"),
        (Profile::Extended, "extended"),
    ] {
        let read = roundtrip(&inv, profile, &format!("invoice-{name}.xml"));
        assert_eq!(read.specification, profile.urn());
        assert_eq!(read.lines.is_empty(), profile < Profile::Basic, "{name}");
        assert_eq!(read.totals.grand_total, inv.totals().total_incl_tax);
        let findings: Vec<_> = validate(&read).into_iter().filter(|f| !is_french_only_profile_gap(profile, f)).collect();
        assert_eq!(findings, vec![], "{name}");
    }
}

/// MINIMUM carries no notes, addresses or electronic addresses: the French rules flag it (it is
/// not accepted in France after 2026, shared/spec/facturx.md §6).
fn is_french_only_profile_gap(profile: Profile, f: &Finding) -> bool {
    profile == Profile::Minimum && validate::is_french_rule(&f.rule)
}

#[test]
fn deposit_final_invoice_and_credit_notes_have_their_codes() {
    let mut series = Series::new("F");
    let op = operation();
    let totals = op.totals(date(2026, 3, 2)).unwrap();
    // 30 % of each VAT group's basis, as the core's deposit lines are
    let lines = totals
        .vat_breakdown
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut l = service_line(&format!("A{}", i + 1), facturier_core::money::round2(g.basis * dec!(0.3)));
            l.description = format!("Acompte de 30 % sur commande n° 42 (TVA {} %)", g.rate);
            l.vat_rate = g.rate;
            l
        })
        .collect();
    let dep = series.issue(InvoiceDraft { kind: InvoiceKind::Deposit, lines, allowances: vec![], charges: vec![], ..op.clone() });
    let read = roundtrip(&dep, Profile::En16931, "deposit.xml");
    assert_eq!(read.type_code, "386");
    assert_eq!(validate(&read), vec![]);

    let fin = series.issue(final_invoice(op, std::slice::from_ref(&dep), &[]).unwrap());
    let read = roundtrip(&fin, Profile::En16931, "final.xml");
    assert_eq!((read.type_code.as_str(), read.business_process.as_deref()), ("380", Some("M4")));
    assert_eq!(read.totals.prepaid, Some(dep.totals().total_incl_tax));
    assert_eq!(read.preceding_invoices.len(), 1);
    assert_eq!(validate(&read), vec![]);

    let mut credits = Series::new("AV");
    let cn = credits.issue(credit_note(&fin, &CreditSelection::Full, &[]).unwrap());
    let read = roundtrip(&cn, Profile::En16931, "credit-note.xml");
    assert_eq!(read.type_code, "381");
    assert_eq!(read.preceding_invoices[0].number, fin.number());
    assert_eq!(validate(&read), vec![]);

    let cn = credits.issue(credit_note(&dep, &CreditSelection::Full, &[]).unwrap());
    let read = roundtrip(&cn, Profile::En16931, "credit-note-of-deposit.xml");
    assert_eq!(read.type_code, "503");
    assert_eq!(validate(&read), vec![]);
}

#[test]
fn direct_debit_exempt_and_foreign_currency() {
    let mut d = operation();
    d.payment_means = Some(PaymentMeans::DirectDebit {
        sepa: true,
        mandate: "MANDAT-0042".into(),
        creditor_id: "FR12ZZZ123456".into(),
        debtor_iban: Some("FR7630006000011234567890189".into()),
    });
    let inv = Series::new("F").issue(d);
    let read = roundtrip(&inv, Profile::En16931, "direct-debit.xml");
    assert_eq!(read.payment.means_code.as_deref(), Some("59"));
    assert_eq!(read.payment.mandate.as_deref(), Some("MANDAT-0042"));
    assert_eq!(validate(&read), vec![]);

    let mut d = operation();
    d.currency = facturier_core::money::Currency("USD".into());
    d.exchange_rate = Some(facturier_core::money::ExchangeRate { units_per_euro: dec!(1.0823), date: date(2026, 3, 2), source: None });
    let inv = Series::new("F").issue(d);
    let read = roundtrip(&inv, Profile::En16931, "usd.xml");
    assert_eq!(read.tax_currency.as_deref(), Some("EUR"));
    assert_eq!(read.totals.vat_total_tax_currency, inv.totals().vat_total_eur);
    assert_eq!(validate(&read), vec![]);
}

fn en16931_xml() -> String {
    String::from_utf8(facturx_xml(&Series::new("F").issue(operation()), Profile::En16931).unwrap()).unwrap()
}

fn rules_of(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn tampered_totals_are_found_never_trusted() {
    let xml = en16931_xml();
    let inv = read_invoice(xml.as_bytes()).unwrap();
    let grand = format!("<ram:GrandTotalAmount>{}</ram:GrandTotalAmount>", inv.totals.grand_total);
    assert!(xml.contains(&grand));
    let forged = xml.replace(&grand, "<ram:GrandTotalAmount>1.00</ram:GrandTotalAmount>");
    let findings = validate_invoice(forged.as_bytes()).unwrap();
    assert_eq!(rules_of(&findings), vec!["BR-CO-15", "BR-CO-16"], "{findings:#?}");
    assert_eq!(findings[0].location, "/BG-22/BT-112");

    // a line net that is not quantity × price, and a VAT amount rounded the wrong way
    let mut m = inv.clone();
    m.lines[0].net_amount += dec!(0.01);
    m.vat_breakdown[0].vat += dec!(0.01);
    let r = rules_of(&validate(&m)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    for rule in ["PEPPOL-EN16931-R120", "BR-CO-10", "BR-CO-17", "BR-CO-14", "BR-S-08"] {
        assert!(r.iter().any(|x| x == rule), "{rule} in {r:?}");
    }
    assert!(!blocking_findings(&m).is_empty());
}

#[test]
fn categories_need_their_reasons_and_rates() {
    let mut m = read_invoice(en16931_xml().as_bytes()).unwrap();
    m.vat_breakdown[0].category = "E".into();
    m.lines.iter_mut().filter(|l| l.vat_rate == Some(dec!(5.5))).for_each(|l| l.vat_category = "E".into());
    let r = validate(&m);
    let rules = rules_of(&r);
    assert!(rules.contains(&"BR-E-10"), "{rules:?}");
    assert!(rules.contains(&"BR-E-05"), "{rules:?}");
    assert!(rules.contains(&"BR-E-09"), "{rules:?}");
}

#[test]
fn french_rules_are_checked() {
    let mut m = read_invoice(en16931_xml().as_bytes()).unwrap();
    m.business_process = None;
    m.seller.legal_id = None;
    m.buyer.electronic_address = None;
    m.number = "F 2026 1".into();
    m.notes.retain(|n| n.subject.as_deref() != Some("PMT"));
    let rules = rules_of(&validate(&m)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    for rule in ["BR-FR-01", "BR-FR-05", "BR-FR-08", "BR-FR-10", "BR-FR-12"] {
        assert!(rules.iter().any(|x| x == rule), "{rule} in {rules:?}");
    }
    // a B2B buyer reached by e-mail instead of its directory address (0225 + SIREN)
    let mut m = read_invoice(en16931_xml().as_bytes()).unwrap();
    m.buyer.electronic_address = Some(model::Identifier { id: "compta@example.org".into(), scheme: Some("EM".into()) });
    assert_eq!(rules_of(&validate(&m)), vec!["BR-FR-21"]);
}

const UBL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>INV-12</cbc:ID>
  <cbc:IssueDate>2026-03-02</cbc:IssueDate>
  <cbc:DueDate>2026-04-01</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>#AAI#Thanks &amp; regards</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>REF-1</cbc:BuyerReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="0088">5790000435975</cbc:EndpointID>
    <cac:PostalAddress><cbc:StreetName>Main street 1</cbc:StreetName><cbc:CityName>Copenhagen</cbc:CityName><cbc:PostalZone>1000</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DK</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>DK12345678</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Seller ApS</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0225">552100554</cbc:EndpointID>
    <cac:PostalAddress><cbc:CityName>Lyon</cbc:CityName><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Boulangerie Martin</cbc:RegistrationName><cbc:CompanyID schemeID="0002">552100554</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>DK5000400440116243</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Freight</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">10.00</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">52.50</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">210.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">52.50</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">200.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">210.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">262.50</cbc:TaxInclusiveAmount>
    <cbc:ChargeTotalAmount currencyID="EUR">10.00</cbc:ChargeTotalAmount>
    <cbc:PayableAmount currencyID="EUR">262.50</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="H87">8</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">200.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Widget</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>"#;

#[test]
fn ubl_invoices_are_read_and_validated() {
    let inv = read_invoice(UBL.as_bytes()).unwrap();
    assert_eq!(inv.syntax, model::Syntax::Ubl);
    assert_eq!((inv.number.as_str(), inv.type_code.as_str()), ("INV-12", "380"));
    assert_eq!(inv.notes[0].subject.as_deref(), Some("AAI"));
    assert_eq!(inv.notes[0].text, "Thanks & regards");
    assert_eq!(inv.seller.name, "Seller ApS");
    assert_eq!(inv.buyer.siren(), Some("552100554"));
    assert_eq!(inv.lines[0].unit, "H87");
    assert_eq!(inv.charges[0].amount, dec!(10.00));
    assert_eq!(inv.totals.due, dec!(262.50));
    assert_eq!(validate(&inv), vec![]);
    let forged = UBL.replace("<cbc:TaxableAmount currencyID=\"EUR\">210.00", "<cbc:TaxableAmount currencyID=\"EUR\">200.00");
    let findings = validate_invoice(forged.as_bytes()).unwrap();
    assert_eq!(rules_of(&findings), vec!["BR-CO-17", "BR-S-09", "BR-S-08"], "{findings:#?}");
}

#[test]
fn a_date_of_year_zero_is_a_value_error() {
    // `00000101` parses as year 0, which no host date type holds (Python's `date` starts at 1)
    let xml = en16931_xml();
    let at = xml.find("<udt:DateTimeString format=\"102\">").expect("an issue date");
    let start = at + "<udt:DateTimeString format=\"102\">".len();
    let forged = format!("{}00000101{}", &xml[..start], &xml[start + 8..]);
    let e = read_invoice(forged.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "einvoice.value", "{e}");
    let ubl = UBL.replacen("<cbc:IssueDate>2026-03-02", "<cbc:IssueDate>0000-01-01", 1);
    assert_eq!(read_invoice(ubl.as_bytes()).map(|_| ()).unwrap_err().code(), "einvoice.value");
}

#[test]
fn hostile_xml_is_refused() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rsm:CrossIndustryInvoice xmlns:rsm="x"><a>&lol2;</a></rsm:CrossIndustryInvoice>"#;
    assert_eq!(read_invoice(laughs.as_bytes()).unwrap_err().code(), "einvoice.hostile");
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice>&x;</Invoice>"#;
    assert_eq!(read_invoice(xxe.as_bytes()).unwrap_err().code(), "einvoice.hostile");
    // an undeclared entity without a DTD is refused too, never looked up
    let e = read_invoice(b"<Invoice><ID>&x;</ID></Invoice>").unwrap_err();
    assert_eq!(e.code(), "einvoice.hostile");
    let deep = format!("<Invoice>{}{}</Invoice>", "<a>".repeat(100), "</a>".repeat(100));
    assert_eq!(read_invoice(deep.as_bytes()).unwrap_err().code(), "einvoice.too_large");
    let small = xml::Limits { max_bytes: 100, ..xml::Limits::default() };
    assert_eq!(read::read_xml_with(en16931_xml().as_bytes(), &small).unwrap_err().code(), "einvoice.too_large");
    assert_eq!(read_invoice(b"<Invoice><ID>1</Invoice>").unwrap_err().code(), "einvoice.xml");
    assert_eq!(read_invoice(b"<Order/>").unwrap_err().code(), "einvoice.unknown_syntax");
    assert_eq!(read_invoice(b"%PDF-1.7").unwrap_err().code(), "einvoice.pdf.unreadable");
    let bad = en16931_xml().replacen("<ram:DuePayableAmount>", "<ram:DuePayableAmount>x", 1);
    assert_eq!(read_invoice(bad.as_bytes()).unwrap_err().code(), "einvoice.value");
}

#[test]
fn decimals_and_profiles_are_written_plainly() {
    let xml = en16931_xml();
    assert!(xml.contains("<ram:RateApplicablePercent>5.5</ram:RateApplicablePercent>"));
    assert!(xml.contains("<ram:BasisQuantity unitCode=\"C62\">12</ram:BasisQuantity>"));
    assert!(xml.contains("<ram:ID schemeID=\"0002\">813883964</ram:ID>"));
    assert!(xml.contains("<ram:URIID schemeID=\"0225\">552100554</ram:URIID>"));
    assert_eq!(Profile::parse("BASIC_WL"), Some(Profile::BasicWl));
    assert_eq!(Profile::from_urn(Profile::Extended.urn()), Some(Profile::Extended));
    let _ = Decimal::ZERO;
}

#[test]
fn a_received_invoice_posts_as_a_balanced_purchase() {
    use facturier_core::accounting::chart::Account;
    let read = read_invoice(en16931_xml().as_bytes()).unwrap();
    let mut mapping = purchase::PurchaseMapping::default();
    mapping.expense_by_rate.push((dec!(20), Account::new("6226", "Honoraires")));
    let e = purchase::purchase_entry(&read, &mapping, date(2026, 3, 5)).unwrap();
    let debit: Decimal = e.lines.iter().map(|l| l.debit).sum();
    let credit: Decimal = e.lines.iter().map(|l| l.credit).sum();
    assert_eq!(debit, credit);
    assert_eq!(credit, read.totals.grand_total);
    let accounts: Vec<&str> = e.lines.iter().map(|l| l.account.as_str()).collect();
    assert_eq!(accounts, vec!["607", "6226", "44566", "401"]);
    assert_eq!(e.lines[3].aux_account.as_deref(), Some("813883964"));
    // a credit note posts on the other side; a tampered invoice is refused
    let mut cn = read.clone();
    cn.type_code = "381".into();
    let e = purchase::purchase_entry(&cn, &mapping, date(2026, 3, 5)).unwrap();
    assert!(e.lines[3].debit > Decimal::ZERO && e.lines[0].credit > Decimal::ZERO);
    let mut bad = read;
    bad.totals.grand_total += dec!(1);
    assert_eq!(purchase::purchase_entry(&bad, &mapping, date(2026, 3, 5)).unwrap_err().code(), "einvoice.rules");
}

/// One service line of 800.00 in category `category` at 0 %, for the exempt flows.
fn exempt(category: VatCategory, f: impl FnOnce(&mut InvoiceDraft)) -> IssuedInvoice {
    let mut l = service_line("1", dec!(800.00));
    l.description = "Conseil".into();
    l.vat_category = category;
    l.vat_rate = Decimal::ZERO;
    let mut d = InvoiceDraft::new(seller(), buyer(), vec![l]);
    d.payment_terms = PaymentTerms::NetDays { days: 30 };
    f(&mut d);
    Series::new("F").issue(d)
}

#[test]
fn exempt_flows_carry_their_vatex_and_mentions() {
    use facturier_core::party::{Address, BuyerKind, VatRegime};
    // franchise en base (CGI 293 B): E with VATEX-FR-FRANCHISE and the TXD mention
    let inv = exempt(VatCategory::E, |d| {
        d.seller.vat_regime = VatRegime::Franchise;
        d.seller.vat_number = None;
    });
    let read = roundtrip(&inv, Profile::En16931, "franchise.xml");
    assert_eq!(read.vat_breakdown[0].exemption_code.as_deref(), Some("VATEX-FR-FRANCHISE"));
    assert!(read.notes.iter().any(|n| n.subject.as_deref() == Some("TXD")));
    assert_eq!(validate(&read), vec![]);
    // reverse charge to a German business (CGI 283-2): AE, both VAT numbers, BAR B2BINT
    let inv = exempt(VatCategory::AE, |d| {
        d.buyer.siren = None;
        d.buyer.vat_number = Some("DE123456789".into());
        d.buyer.electronic_address = Some(facturier_core::party::ElectronicAddress { scheme: "9930".into(), id: "DE123456789".into() });
        d.buyer.address = Address {
            line1: "Hauptstraße 1".into(),
            line2: None,
            postal_code: "10115".into(),
            city: "Berlin".into(),
            country: "DE".into(),
        };
    });
    let read = roundtrip(&inv, Profile::En16931, "reverse-charge.xml");
    assert_eq!(read.vat_breakdown[0].category, "AE");
    assert!(read.vat_breakdown[0].exemption_code.is_some() || read.vat_breakdown[0].exemption_reason.is_some());
    assert_eq!(validate(&read), vec![]);
    // a consumer: B2C, the e-mail as electronic address, the PMT/PMD/AAB notes "sans objet"
    let mut c = operation();
    c.buyer = facturier_core::party::Buyer {
        kind: BuyerKind::Consumer,
        name: "Claire Dubois".into(),
        email: Some("claire.dubois@example.org".into()),
        address: Address {
            line1: "8 rue Paul Bert".into(),
            line2: None,
            postal_code: "69003".into(),
            city: "Lyon".into(),
            country: "FR".into(),
        },
        ..facturier_core::party::Buyer::default()
    };
    c.purchase_order = None;
    let inv = Series::new("F").issue(c);
    let read = roundtrip(&inv, Profile::En16931, "consumer.xml");
    assert_eq!(read.notes.iter().find(|n| n.subject.as_deref() == Some("BAR")).map(|n| n.text.as_str()), Some("B2C"));
    assert_eq!(validate(&read), vec![]);
}

#[test]
fn every_error_code_is_listed() {
    let errors = [
        EinvoiceError::Rules(vec![]),
        EinvoiceError::Xml { position: 0, message: String::new() },
        EinvoiceError::Hostile(String::new()),
        EinvoiceError::TooLarge(String::new()),
        EinvoiceError::UnknownSyntax(String::new()),
        EinvoiceError::Value { path: String::new(), message: String::new() },
        EinvoiceError::PdfNoXml(String::new()),
        EinvoiceError::PdfSeveralXml(vec![]),
        EinvoiceError::PdfUnreadable(String::new()),
    ];
    for e in errors {
        assert!(CODES.iter().any(|(c, _)| *c == e.code()), "{} not in CODES", e.code());
    }
    assert!(CODES.iter().any(|(c, _)| *c == "einvoice.core"));
}
