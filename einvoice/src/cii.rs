//! The EN 16931 model → UN/CEFACT CII D16B XML, per Factur-X profile. Elements are written in
//! the order of the D16B schema; the output is deterministic (no clock, no map iteration) and
//! indented by two spaces.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{AllowanceCharge, Identifier, InvoiceLine, Party, ReceivedInvoice};

/// A Factur-X profile (Factur-X 1.07 / ZUGFeRD 2.3 conformance levels).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    /// MINIMUM: header totals only, not an EN 16931 invoice (not accepted in France after 2026).
    Minimum,
    /// BASIC WL: the EN 16931 header without lines (accepted in France the first year only).
    BasicWl,
    /// BASIC: a subset of EN 16931 with simple lines.
    Basic,
    /// EN 16931 (COMFORT): the full European norm. The default.
    #[default]
    En16931,
    /// EXTENDED: EN 16931 and more (several preceding invoices, sub-lines).
    Extended,
}

impl Profile {
    /// The specification identifier BT-24 written in `GuidelineSpecifiedDocumentContextParameter`.
    pub fn urn(self) -> &'static str {
        match self {
            Profile::Minimum => "urn:factur-x.eu:1p0:minimum",
            Profile::BasicWl => "urn:factur-x.eu:1p0:basicwl",
            Profile::Basic => "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            Profile::En16931 => "urn:cen.eu:en16931:2017",
            Profile::Extended => "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        }
    }

    /// The profile of a specification identifier, if it is a Factur-X one.
    pub fn from_urn(urn: &str) -> Option<Profile> {
        [Profile::Minimum, Profile::BasicWl, Profile::Basic, Profile::En16931, Profile::Extended].into_iter().find(|p| p.urn() == urn)
    }

    /// The `fx:ConformanceLevel` value of the XMP metadata (phase 2: the Factur-X PDF).
    pub fn conformance_level(self) -> &'static str {
        match self {
            Profile::Minimum => "MINIMUM",
            Profile::BasicWl => "BASIC WL",
            Profile::Basic => "BASIC",
            Profile::En16931 => "EN 16931",
            Profile::Extended => "EXTENDED",
        }
    }

    /// Parses `minimum`, `basicwl` / `basic_wl` / `basic-wl`, `basic`, `en16931`, `extended` (any case).
    pub fn parse(name: &str) -> Option<Profile> {
        match name.to_ascii_lowercase().replace(['_', '-', ' '], "").as_str() {
            "minimum" => Some(Profile::Minimum),
            "basicwl" => Some(Profile::BasicWl),
            "basic" => Some(Profile::Basic),
            "en16931" | "comfort" => Some(Profile::En16931),
            "extended" => Some(Profile::Extended),
            _ => None,
        }
    }

    fn has_lines(self) -> bool {
        self >= Profile::Basic
    }

    fn full(self) -> bool {
        self >= Profile::En16931
    }
}

const NAMESPACES: &str = concat!(
    r#"xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" "#,
    r#"xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" "#,
    r#"xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" "#,
    r#"xmlns:xs="http://www.w3.org/2001/XMLSchema" "#,
    r#"xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100""#
);

/// A small indenting XML writer over a `String`: text and attributes are escaped.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.depth = self.depth.saturating_add(1);
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn empty(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str("/>\n");
    }

    fn leaf_attr(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&quick_xml::escape::escape(*v));
            self.out.push('"');
        }
        self.out.push('>');
        self.out.push_str(&quick_xml::escape::partial_escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_attr(name, &[], text);
    }

    fn opt(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.leaf(name, t);
        }
    }

    fn amount(&mut self, name: &str, x: Decimal) {
        self.leaf(name, &amount(x));
    }

    fn date(&mut self, name: &str, d: NaiveDate) {
        self.open(name);
        self.leaf_attr("udt:DateTimeString", &[("format", "102")], &d.format("%Y%m%d").to_string());
        self.close(name);
    }

    fn id(&mut self, name: &str, i: &Identifier) {
        match &i.scheme {
            Some(s) => self.leaf_attr(name, &[("schemeID", s)], &i.id),
            None => self.leaf(name, &i.id),
        }
    }

    fn indicator(&mut self, charge: bool) {
        self.open("ram:ChargeIndicator");
        self.leaf("udt:Indicator", if charge { "true" } else { "false" });
        self.close("ram:ChargeIndicator");
    }
}

/// An amount with at least two decimals (`12.5` → `12.50`), never in exponent form.
fn amount(x: Decimal) -> String {
    let mut y = x.normalize();
    if y.scale() < 2 {
        y.rescale(2);
    }
    y.to_string()
}

/// A quantity, price or rate as given, without trailing zeros (`20.00` → `20`).
fn plain(x: Decimal) -> String {
    x.normalize().to_string()
}

/// Writes `invoice` as CII for `profile`. The caller has validated it ([`crate::facturx_xml`]).
pub fn write(invoice: &ReceivedInvoice, profile: Profile) -> Vec<u8> {
    let mut w = Xml { out: String::with_capacity(4096usize.saturating_add(invoice.lines.len().saturating_mul(1500))), depth: 0 };
    w.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.out.push_str("<rsm:CrossIndustryInvoice ");
    w.out.push_str(NAMESPACES);
    w.out.push_str(">\n");
    w.depth = 1;
    context(&mut w, invoice, profile);
    document(&mut w, invoice, profile);
    w.open("rsm:SupplyChainTradeTransaction");
    if profile.has_lines() {
        for l in &invoice.lines {
            line(&mut w, l, profile);
        }
    }
    agreement(&mut w, invoice, profile);
    delivery(&mut w, invoice, profile);
    settlement(&mut w, invoice, profile);
    w.close("rsm:SupplyChainTradeTransaction");
    w.out.push_str("</rsm:CrossIndustryInvoice>\n");
    w.out.into_bytes()
}

fn context(w: &mut Xml, inv: &ReceivedInvoice, profile: Profile) {
    w.open("rsm:ExchangedDocumentContext");
    if let Some(bp) = &inv.business_process {
        w.open("ram:BusinessProcessSpecifiedDocumentContextParameter");
        w.leaf("ram:ID", bp);
        w.close("ram:BusinessProcessSpecifiedDocumentContextParameter");
    }
    w.open("ram:GuidelineSpecifiedDocumentContextParameter");
    w.leaf("ram:ID", profile.urn());
    w.close("ram:GuidelineSpecifiedDocumentContextParameter");
    w.close("rsm:ExchangedDocumentContext");
}

fn document(w: &mut Xml, inv: &ReceivedInvoice, profile: Profile) {
    w.open("rsm:ExchangedDocument");
    w.leaf("ram:ID", &inv.number);
    w.leaf("ram:TypeCode", &inv.type_code);
    if let Some(d) = inv.issue_date {
        w.date("ram:IssueDateTime", d);
    }
    if profile > Profile::Minimum {
        for n in &inv.notes {
            w.open("ram:IncludedNote");
            w.leaf("ram:Content", &n.text);
            w.opt("ram:SubjectCode", n.subject.as_deref());
            w.close("ram:IncludedNote");
        }
    }
    w.close("rsm:ExchangedDocument");
}

fn allowance_charge(w: &mut Xml, a: &AllowanceCharge, charge: bool, profile: Profile, document_level: bool) {
    w.open("ram:SpecifiedTradeAllowanceCharge");
    w.indicator(charge);
    // BASIC has no percentage nor base on line allowances and charges (its schematron)
    if document_level || profile.full() {
        if let Some(p) = a.percent {
            w.leaf("ram:CalculationPercent", &plain(p));
        }
        if let Some(b) = a.base {
            w.amount("ram:BasisAmount", b);
        }
    }
    w.amount("ram:ActualAmount", a.amount);
    w.opt("ram:ReasonCode", a.reason_code.as_deref());
    w.opt("ram:Reason", a.reason.as_deref());
    if document_level {
        w.open("ram:CategoryTradeTax");
        w.leaf("ram:TypeCode", "VAT");
        w.opt("ram:CategoryCode", a.vat_category.as_deref());
        if let Some(r) = a.vat_rate {
            w.leaf("ram:RateApplicablePercent", &plain(r));
        }
        w.close("ram:CategoryTradeTax");
    }
    w.close("ram:SpecifiedTradeAllowanceCharge");
}

fn line(w: &mut Xml, l: &InvoiceLine, profile: Profile) {
    w.open("ram:IncludedSupplyChainTradeLineItem");
    w.open("ram:AssociatedDocumentLineDocument");
    w.leaf("ram:LineID", &l.id);
    if profile == Profile::Extended {
        w.opt("ram:ParentLineID", l.parent_id.as_deref());
    }
    if let Some(n) = &l.note {
        w.open("ram:IncludedNote");
        w.leaf("ram:Content", n);
        w.close("ram:IncludedNote");
    }
    w.close("ram:AssociatedDocumentLineDocument");
    w.open("ram:SpecifiedTradeProduct");
    w.leaf("ram:Name", &l.name);
    if profile.full() {
        w.opt("ram:Description", l.description.as_deref());
    }
    w.close("ram:SpecifiedTradeProduct");
    w.open("ram:SpecifiedLineTradeAgreement");
    let unit = l.unit.as_str();
    if let Some(g) = l.gross_price {
        w.open("ram:GrossPriceProductTradePrice");
        w.leaf("ram:ChargeAmount", &plain(g));
        if let Some(b) = l.base_quantity {
            w.leaf_attr("ram:BasisQuantity", &[("unitCode", unit)], &plain(b));
        }
        if let Some(d) = l.price_discount.filter(|d| !d.is_zero()) {
            w.open("ram:AppliedTradeAllowanceCharge");
            w.indicator(false);
            w.leaf("ram:ActualAmount", &plain(d));
            w.close("ram:AppliedTradeAllowanceCharge");
        }
        w.close("ram:GrossPriceProductTradePrice");
    }
    w.open("ram:NetPriceProductTradePrice");
    w.leaf("ram:ChargeAmount", &plain(l.net_price));
    if let Some(b) = l.base_quantity {
        w.leaf_attr("ram:BasisQuantity", &[("unitCode", unit)], &plain(b));
    }
    w.close("ram:NetPriceProductTradePrice");
    w.close("ram:SpecifiedLineTradeAgreement");
    w.open("ram:SpecifiedLineTradeDelivery");
    w.leaf_attr("ram:BilledQuantity", &[("unitCode", unit)], &plain(l.quantity));
    w.close("ram:SpecifiedLineTradeDelivery");
    w.open("ram:SpecifiedLineTradeSettlement");
    w.open("ram:ApplicableTradeTax");
    w.leaf("ram:TypeCode", "VAT");
    w.leaf("ram:CategoryCode", &l.vat_category);
    if let Some(r) = l.vat_rate {
        w.leaf("ram:RateApplicablePercent", &plain(r));
    }
    w.close("ram:ApplicableTradeTax");
    if let Some(p) = &l.period {
        w.open("ram:BillingSpecifiedPeriod");
        if let Some(s) = p.start {
            w.date("ram:StartDateTime", s);
        }
        if let Some(e) = p.end {
            w.date("ram:EndDateTime", e);
        }
        w.close("ram:BillingSpecifiedPeriod");
    }
    for a in &l.allowances {
        allowance_charge(w, a, false, profile, false);
    }
    for c in &l.charges {
        allowance_charge(w, c, true, profile, false);
    }
    w.open("ram:SpecifiedTradeSettlementLineMonetarySummation");
    w.amount("ram:LineTotalAmount", l.net_amount);
    w.close("ram:SpecifiedTradeSettlementLineMonetarySummation");
    w.close("ram:SpecifiedLineTradeSettlement");
    w.close("ram:IncludedSupplyChainTradeLineItem");
}

fn party(w: &mut Xml, tag: &str, p: &Party, profile: Profile, seller: bool) {
    w.open(tag);
    if profile > Profile::Minimum {
        for i in &p.ids {
            // a SIRET (0009) is a global id with its ICD scheme; a scheme-less id is the plain ID
            match i.scheme {
                Some(_) => w.id("ram:GlobalID", i),
                None => w.leaf("ram:ID", &i.id),
            }
        }
    }
    w.leaf("ram:Name", &p.name);
    if seller && profile.full() {
        w.opt("ram:Description", p.legal_info.as_deref());
    }
    if p.legal_id.is_some() || (p.trading_name.is_some() && profile > Profile::Minimum) {
        w.open("ram:SpecifiedLegalOrganization");
        if let Some(l) = &p.legal_id {
            w.id("ram:ID", l);
        }
        if profile > Profile::Minimum {
            w.opt("ram:TradingBusinessName", p.trading_name.as_deref());
        }
        w.close("ram:SpecifiedLegalOrganization");
    }
    if profile.full() {
        if let Some(e) = &p.email {
            w.open("ram:DefinedTradeContact");
            w.open("ram:EmailURIUniversalCommunication");
            w.leaf("ram:URIID", e);
            w.close("ram:EmailURIUniversalCommunication");
            w.close("ram:DefinedTradeContact");
        }
    }
    if profile > Profile::Minimum || seller {
        let a = &p.address;
        w.open("ram:PostalTradeAddress");
        if profile > Profile::Minimum {
            w.opt("ram:PostcodeCode", a.postal_code.as_deref());
            let names = ["ram:LineOne", "ram:LineTwo", "ram:LineThree"];
            for (n, text) in names.iter().zip(&a.lines) {
                w.leaf(n, text);
            }
            w.opt("ram:CityName", a.city.as_deref());
        }
        w.leaf("ram:CountryID", &a.country);
        if profile > Profile::Minimum {
            w.opt("ram:CountrySubDivisionName", a.subdivision.as_deref());
        }
        w.close("ram:PostalTradeAddress");
    }
    if profile > Profile::Minimum {
        if let Some(e) = &p.electronic_address {
            w.open("ram:URIUniversalCommunication");
            w.id("ram:URIID", e);
            w.close("ram:URIUniversalCommunication");
        }
    }
    if let Some(v) = &p.vat_number {
        if profile > Profile::Minimum || seller {
            w.open("ram:SpecifiedTaxRegistration");
            w.leaf_attr("ram:ID", &[("schemeID", "VA")], v);
            w.close("ram:SpecifiedTaxRegistration");
        }
    }
    if let Some(fc) = &p.tax_registration {
        if seller && profile > Profile::Minimum {
            w.open("ram:SpecifiedTaxRegistration");
            w.leaf_attr("ram:ID", &[("schemeID", "FC")], fc);
            w.close("ram:SpecifiedTaxRegistration");
        }
    }
    w.close(tag);
}

fn referenced(w: &mut Xml, tag: &str, id: Option<&str>) {
    if let Some(id) = id {
        w.open(tag);
        w.leaf("ram:IssuerAssignedID", id);
        w.close(tag);
    }
}

fn agreement(w: &mut Xml, inv: &ReceivedInvoice, profile: Profile) {
    w.open("ram:ApplicableHeaderTradeAgreement");
    w.opt("ram:BuyerReference", inv.buyer_reference.as_deref());
    party(w, "ram:SellerTradeParty", &inv.seller, profile, true);
    party(w, "ram:BuyerTradeParty", &inv.buyer, profile, false);
    referenced(w, "ram:BuyerOrderReferencedDocument", inv.purchase_order.as_deref());
    if profile > Profile::Minimum {
        referenced(w, "ram:ContractReferencedDocument", inv.contract_reference.as_deref());
    }
    if profile.full() {
        if let Some(p) = &inv.project_reference {
            w.open("ram:SpecifiedProcuringProject");
            w.leaf("ram:ID", p);
            w.leaf("ram:Name", "Project");
            w.close("ram:SpecifiedProcuringProject");
        }
    }
    w.close("ram:ApplicableHeaderTradeAgreement");
}

fn delivery(w: &mut Xml, inv: &ReceivedInvoice, profile: Profile) {
    match inv.delivery_date {
        Some(d) if profile > Profile::Minimum => {
            w.open("ram:ApplicableHeaderTradeDelivery");
            w.open("ram:ActualDeliverySupplyChainEvent");
            w.date("ram:OccurrenceDateTime", d);
            w.close("ram:ActualDeliverySupplyChainEvent");
            w.close("ram:ApplicableHeaderTradeDelivery");
        }
        // the XSD types it as empty content when there is nothing inside: no whitespace either
        _ => w.empty("ram:ApplicableHeaderTradeDelivery"),
    }
}

fn settlement(w: &mut Xml, inv: &ReceivedInvoice, profile: Profile) {
    w.open("ram:ApplicableHeaderTradeSettlement");
    let p = &inv.payment;
    if profile > Profile::Minimum {
        w.opt("ram:CreditorReferenceID", p.creditor_id.as_deref());
        w.opt("ram:PaymentReference", p.remittance.as_deref());
        w.opt("ram:TaxCurrencyCode", inv.tax_currency.as_deref());
    }
    w.leaf("ram:InvoiceCurrencyCode", &inv.currency);
    if profile > Profile::Minimum {
        if let Some(code) = &p.means_code {
            w.open("ram:SpecifiedTradeSettlementPaymentMeans");
            w.leaf("ram:TypeCode", code);
            if let Some(iban) = &p.debtor_iban {
                w.open("ram:PayerPartyDebtorFinancialAccount");
                w.leaf("ram:IBANID", iban);
                w.close("ram:PayerPartyDebtorFinancialAccount");
            }
            if let Some(iban) = &p.iban {
                w.open("ram:PayeePartyCreditorFinancialAccount");
                w.leaf("ram:IBANID", iban);
                w.close("ram:PayeePartyCreditorFinancialAccount");
            }
            if profile.full() {
                if let Some(bic) = &p.bic {
                    w.open("ram:PayeeSpecifiedCreditorFinancialInstitution");
                    w.leaf("ram:BICID", bic);
                    w.close("ram:PayeeSpecifiedCreditorFinancialInstitution");
                }
            }
            w.close("ram:SpecifiedTradeSettlementPaymentMeans");
        }
        for g in &inv.vat_breakdown {
            w.open("ram:ApplicableTradeTax");
            w.amount("ram:CalculatedAmount", g.vat);
            w.leaf("ram:TypeCode", "VAT");
            w.opt("ram:ExemptionReason", g.exemption_reason.as_deref());
            w.amount("ram:BasisAmount", g.basis);
            w.leaf("ram:CategoryCode", &g.category);
            w.opt("ram:ExemptionReasonCode", g.exemption_code.as_deref());
            if let Some(r) = g.rate {
                w.leaf("ram:RateApplicablePercent", &plain(r));
            }
            w.close("ram:ApplicableTradeTax");
        }
        if let Some(period) = &inv.period {
            w.open("ram:BillingSpecifiedPeriod");
            if let Some(s) = period.start {
                w.date("ram:StartDateTime", s);
            }
            if let Some(e) = period.end {
                w.date("ram:EndDateTime", e);
            }
            w.close("ram:BillingSpecifiedPeriod");
        }
        for a in &inv.allowances {
            allowance_charge(w, a, false, profile, true);
        }
        for c in &inv.charges {
            allowance_charge(w, c, true, profile, true);
        }
        if p.terms.is_some() || inv.due_date.is_some() || p.mandate.is_some() {
            w.open("ram:SpecifiedTradePaymentTerms");
            w.opt("ram:Description", p.terms.as_deref());
            if let Some(d) = inv.due_date {
                w.date("ram:DueDateDateTime", d);
            }
            w.opt("ram:DirectDebitMandateID", p.mandate.as_deref());
            w.close("ram:SpecifiedTradePaymentTerms");
        }
    }
    let t = &inv.totals;
    w.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    if profile > Profile::Minimum {
        if let Some(x) = t.line_total {
            w.amount("ram:LineTotalAmount", x);
        }
        if let Some(x) = t.charge_total {
            w.amount("ram:ChargeTotalAmount", x);
        }
        if let Some(x) = t.allowance_total {
            w.amount("ram:AllowanceTotalAmount", x);
        }
    }
    w.amount("ram:TaxBasisTotalAmount", t.tax_basis_total);
    if let Some(x) = t.vat_total {
        w.leaf_attr("ram:TaxTotalAmount", &[("currencyID", &inv.currency)], &amount(x));
    }
    if let (Some(x), Some(c)) = (t.vat_total_tax_currency, &inv.tax_currency) {
        w.leaf_attr("ram:TaxTotalAmount", &[("currencyID", c)], &amount(x));
    }
    if profile > Profile::Minimum {
        if let Some(x) = t.rounding {
            w.amount("ram:RoundingAmount", x);
        }
    }
    w.amount("ram:GrandTotalAmount", t.grand_total);
    if profile > Profile::Minimum {
        if let Some(x) = t.prepaid {
            w.amount("ram:TotalPrepaidAmount", x);
        }
    }
    w.amount("ram:DuePayableAmount", t.due);
    w.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    if profile > Profile::Minimum {
        let n = if profile == Profile::Extended { inv.preceding_invoices.len() } else { inv.preceding_invoices.len().min(1) };
        for r in inv.preceding_invoices.iter().take(n) {
            w.open("ram:InvoiceReferencedDocument");
            w.leaf("ram:IssuerAssignedID", &r.number);
            if let Some(d) = r.issue_date {
                w.open("ram:FormattedIssueDateTime");
                w.leaf_attr("qdt:DateTimeString", &[("format", "102")], &d.format("%Y%m%d").to_string());
                w.close("ram:FormattedIssueDateTime");
            }
            w.close("ram:InvoiceReferencedDocument");
        }
    }
    w.close("ram:ApplicableHeaderTradeSettlement");
}
