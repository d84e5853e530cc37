//! CII (Factur-X, ZUGFeRD, XRechnung CII) and UBL 2.1 Invoice / CreditNote XML → the EN 16931
//! model. Reading is lenient about what is missing (the validator reports it) and strict about
//! what is malformed (a decimal or a date that does not parse is an error with its path).

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{EinvoiceError, Result};
use crate::model::{
    AllowanceCharge, Attachment, DocumentReference, DocumentTotals, Identifier, InvoiceLine, Note, Party, PaymentInstructions, Period,
    PostalAddress, ReceivedInvoice, Syntax, VatGroup,
};
use crate::xml::{Element, Limits, parse};

/// Reads CII or UBL XML into the model, with the default [`Limits`].
pub fn read_xml(bytes: &[u8]) -> Result<ReceivedInvoice> {
    read_xml_with(bytes, &Limits::default())
}

/// Reads CII or UBL XML into the model within `limits`.
pub fn read_xml_with(bytes: &[u8], limits: &Limits) -> Result<ReceivedInvoice> {
    from_element(&parse(bytes, limits)?)
}

/// Reads the model from a parsed root element (`CrossIndustryInvoice`, `Invoice` or `CreditNote`).
pub fn from_element(root: &Element) -> Result<ReceivedInvoice> {
    match root.name.as_str() {
        "CrossIndustryInvoice" => cii(root),
        "Invoice" | "CreditNote" => ubl(root),
        other => Err(EinvoiceError::UnknownSyntax(other.to_owned())),
    }
}

fn value_error(path: &str, message: String) -> EinvoiceError {
    EinvoiceError::Value { path: path.to_owned(), message }
}

fn decimal(e: &Element, path: &str) -> Result<Option<Decimal>> {
    match e.value() {
        None => Ok(None),
        Some(t) => Decimal::from_str(&t).map(Some).map_err(|err| value_error(path, format!("`{t}` is not a decimal: {err}"))),
    }
}

fn dec_at(e: &Element, names: &[&str], path: &str) -> Result<Option<Decimal>> {
    match e.at(names) {
        Some(x) => decimal(x, path),
        None => Ok(None),
    }
}

fn dec_or_zero(e: &Element, names: &[&str], path: &str) -> Result<Decimal> {
    Ok(dec_at(e, names, path)?.unwrap_or_default())
}

/// A CII date: `udt:DateTimeString` (or `qdt:`) in format 102 (`YYYYMMDD`).
fn cii_date(e: Option<&Element>, path: &str) -> Result<Option<NaiveDate>> {
    let Some(t) = e.and_then(|e| e.child("DateTimeString")).and_then(Element::value) else { return Ok(None) };
    let d = NaiveDate::parse_from_str(&t, "%Y%m%d").map_err(|err| value_error(path, format!("`{t}` is not a format 102 date: {err}")))?;
    four_digit_year(d, path).map(Some)
}

fn ubl_date(e: Option<&Element>, path: &str) -> Result<Option<NaiveDate>> {
    let Some(t) = e.and_then(Element::value) else { return Ok(None) };
    let d = NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|err| value_error(path, format!("`{t}` is not a YYYY-MM-DD date: {err}")))?;
    four_digit_year(d, path).map(Some)
}

/// `d` when its year has four digits, 1 to 9999, as the date formats of EN 16931 (102, ISO 8601
/// `YYYY-MM-DD`) write it; year 0 (`00000101`) is refused, and every date read fits the hosts'
/// date types (Python's `datetime.date`).
fn four_digit_year(d: NaiveDate, path: &str) -> Result<NaiveDate> {
    use chrono::Datelike;
    if (1..=9999).contains(&d.year()) { Ok(d) } else { Err(value_error(path, format!("the date {d} is out of the years 1 to 9999"))) }
}

fn ident(e: &Element) -> Option<Identifier> {
    e.value().map(|id| Identifier { id, scheme: e.attr("schemeID").map(str::to_owned) })
}

// ---------------------------------------------------------------- CII

fn cii(root: &Element) -> Result<ReceivedInvoice> {
    let ctx = root.child("ExchangedDocumentContext");
    let doc = root.child("ExchangedDocument");
    let empty = Element::default();
    let tx = root.child("SupplyChainTradeTransaction").unwrap_or(&empty);
    let agreement = tx.child("ApplicableHeaderTradeAgreement").unwrap_or(&empty);
    let delivery = tx.child("ApplicableHeaderTradeDelivery").unwrap_or(&empty);
    let st = tx.child("ApplicableHeaderTradeSettlement").unwrap_or(&empty);
    let mut inv = ReceivedInvoice {
        syntax: Syntax::Cii,
        specification: ctx.and_then(|c| c.text_at(&["GuidelineSpecifiedDocumentContextParameter", "ID"])).unwrap_or_default(),
        business_process: ctx.and_then(|c| c.text_at(&["BusinessProcessSpecifiedDocumentContextParameter", "ID"])),
        number: doc.and_then(|d| d.text_at(&["ID"])).unwrap_or_default(),
        type_code: doc.and_then(|d| d.text_at(&["TypeCode"])).unwrap_or_default(),
        issue_date: cii_date(doc.and_then(|d| d.child("IssueDateTime")), "/ExchangedDocument/IssueDateTime")?,
        currency: st.text_at(&["InvoiceCurrencyCode"]).unwrap_or_default(),
        tax_currency: st.text_at(&["TaxCurrencyCode"]),
        buyer_reference: agreement.text_at(&["BuyerReference"]),
        project_reference: agreement.text_at(&["SpecifiedProcuringProject", "ID"]),
        contract_reference: agreement.text_at(&["ContractReferencedDocument", "IssuerAssignedID"]),
        purchase_order: agreement.text_at(&["BuyerOrderReferencedDocument", "IssuerAssignedID"]),
        seller: agreement.child("SellerTradeParty").map(cii_party).unwrap_or_default(),
        buyer: agreement.child("BuyerTradeParty").map(cii_party).unwrap_or_default(),
        delivery_date: cii_date(delivery.at(&["ActualDeliverySupplyChainEvent", "OccurrenceDateTime"]), "/BT-72")?,
        ..ReceivedInvoice::default()
    };
    if let Some(d) = doc {
        inv.notes = d
            .all("IncludedNote")
            .map(|n| Note { subject: n.text_at(&["SubjectCode"]), text: n.text_at(&["Content"]).unwrap_or_default() })
            .collect();
    }
    for r in st.all("InvoiceReferencedDocument") {
        inv.preceding_invoices.push(DocumentReference {
            number: r.text_at(&["IssuerAssignedID"]).unwrap_or_default(),
            issue_date: cii_date(r.child("FormattedIssueDateTime"), "/BG-3/BT-26")?,
        });
    }
    for a in agreement.all("AdditionalReferencedDocument") {
        let bin = a.child("AttachmentBinaryObject");
        inv.attachments.push(Attachment {
            id: a.text_at(&["IssuerAssignedID"]).unwrap_or_default(),
            description: a.text_at(&["Name"]),
            uri: a.text_at(&["URIID"]),
            filename: bin.and_then(|b| b.attr("filename")).map(str::to_owned),
            mime: bin.and_then(|b| b.attr("mimeCode")).map(str::to_owned),
            size: bin.map_or(0, |b| b.text.trim().len().saturating_mul(3) / 4),
        });
    }
    if let Some(p) = st.child("BillingSpecifiedPeriod") {
        inv.period = Some(cii_period(p)?);
    }
    let means = st.child("SpecifiedTradeSettlementPaymentMeans");
    let terms = st.child("SpecifiedTradePaymentTerms");
    inv.payment = PaymentInstructions {
        means_code: means.and_then(|m| m.text_at(&["TypeCode"])),
        remittance: st.text_at(&["PaymentReference"]),
        iban: means.and_then(|m| {
            m.text_at(&["PayeePartyCreditorFinancialAccount", "IBANID"])
                .or_else(|| m.text_at(&["PayeePartyCreditorFinancialAccount", "ProprietaryID"]))
        }),
        bic: means.and_then(|m| m.text_at(&["PayeeSpecifiedCreditorFinancialInstitution", "BICID"])),
        mandate: terms.and_then(|t| t.text_at(&["DirectDebitMandateID"])),
        creditor_id: st.text_at(&["CreditorReferenceID"]),
        debtor_iban: means.and_then(|m| m.text_at(&["PayerPartyDebtorFinancialAccount", "IBANID"])),
        terms: terms.and_then(|t| t.text_at(&["Description"])),
    };
    inv.due_date = cii_date(terms.and_then(|t| t.child("DueDateDateTime")), "/BT-9")?;
    for (i, t) in st.all("ApplicableTradeTax").enumerate() {
        let at = format!("/BG-23[{}]", i.saturating_add(1));
        inv.vat_breakdown.push(VatGroup {
            category: t.text_at(&["CategoryCode"]).unwrap_or_default(),
            rate: dec_at(t, &["RateApplicablePercent"], &format!("{at}/BT-119"))?,
            basis: dec_or_zero(t, &["BasisAmount"], &format!("{at}/BT-116"))?,
            vat: dec_or_zero(t, &["CalculatedAmount"], &format!("{at}/BT-117"))?,
            exemption_reason: t.text_at(&["ExemptionReason"]),
            exemption_code: t.text_at(&["ExemptionReasonCode"]),
        });
    }
    for (i, a) in st.all("SpecifiedTradeAllowanceCharge").enumerate() {
        let (charge, ac) = cii_allowance(a, &format!("/SpecifiedTradeAllowanceCharge[{}]", i.saturating_add(1)), true)?;
        if charge { inv.charges.push(ac) } else { inv.allowances.push(ac) }
    }
    let m = st.child("SpecifiedTradeSettlementHeaderMonetarySummation").unwrap_or(&empty);
    let mut vat_total = None;
    let mut vat_total_tax_currency = None;
    for t in m.all("TaxTotalAmount") {
        let x = decimal(t, "/BG-22/BT-110")?;
        match (t.attr("currencyID"), &inv.tax_currency) {
            (Some(c), Some(tc)) if c == tc && c != inv.currency => vat_total_tax_currency = x,
            _ if vat_total.is_none() => vat_total = x,
            _ => vat_total_tax_currency = x,
        }
    }
    inv.totals = DocumentTotals {
        line_total: dec_at(m, &["LineTotalAmount"], "/BG-22/BT-106")?,
        allowance_total: dec_at(m, &["AllowanceTotalAmount"], "/BG-22/BT-107")?,
        charge_total: dec_at(m, &["ChargeTotalAmount"], "/BG-22/BT-108")?,
        tax_basis_total: dec_or_zero(m, &["TaxBasisTotalAmount"], "/BG-22/BT-109")?,
        vat_total,
        vat_total_tax_currency,
        grand_total: dec_or_zero(m, &["GrandTotalAmount"], "/BG-22/BT-112")?,
        prepaid: dec_at(m, &["TotalPrepaidAmount"], "/BG-22/BT-113")?,
        rounding: dec_at(m, &["RoundingAmount"], "/BG-22/BT-114")?,
        due: dec_or_zero(m, &["DuePayableAmount"], "/BG-22/BT-115")?,
    };
    for (i, l) in tx.all("IncludedSupplyChainTradeLineItem").enumerate() {
        inv.lines.push(cii_line(l, &format!("/BG-25[{}]", i.saturating_add(1)))?);
    }
    Ok(inv)
}

fn cii_period(p: &Element) -> Result<Period> {
    Ok(Period { start: cii_date(p.child("StartDateTime"), "/BG-14/BT-73")?, end: cii_date(p.child("EndDateTime"), "/BG-14/BT-74")? })
}

fn cii_party(p: &Element) -> Party {
    let a = p.child("PostalTradeAddress");
    let legal = p.child("SpecifiedLegalOrganization");
    let mut ids: Vec<Identifier> = p.all("ID").filter_map(ident).collect();
    ids.extend(p.all("GlobalID").filter_map(ident));
    let mut vat_number = None;
    let mut tax_registration = None;
    for r in p.all("SpecifiedTaxRegistration") {
        if let Some(id) = r.child("ID") {
            match id.attr("schemeID") {
                Some("VA") if vat_number.is_none() => vat_number = id.value(),
                Some("FC") if tax_registration.is_none() => tax_registration = id.value(),
                _ => {}
            }
        }
    }
    Party {
        name: p.text_at(&["Name"]).unwrap_or_default(),
        trading_name: legal.and_then(|l| l.text_at(&["TradingBusinessName"])),
        ids,
        legal_id: legal.and_then(|l| l.child("ID")).and_then(ident),
        vat_number,
        tax_registration,
        legal_info: p.text_at(&["Description"]),
        electronic_address: p.at(&["URIUniversalCommunication", "URIID"]).and_then(ident),
        address: PostalAddress {
            lines: a.map(|a| ["LineOne", "LineTwo", "LineThree"].iter().filter_map(|n| a.text_at(&[n])).collect()).unwrap_or_default(),
            city: a.and_then(|a| a.text_at(&["CityName"])),
            postal_code: a.and_then(|a| a.text_at(&["PostcodeCode"])),
            subdivision: a.and_then(|a| a.text_at(&["CountrySubDivisionName"])),
            country: a.and_then(|a| a.text_at(&["CountryID"])).unwrap_or_default(),
        },
        email: p.text_at(&["DefinedTradeContact", "EmailURIUniversalCommunication", "URIID"]),
    }
}

/// A CII allowance or charge: (is a charge, the model value).
fn cii_allowance(a: &Element, at: &str, document_level: bool) -> Result<(bool, AllowanceCharge)> {
    let charge = a.text_at(&["ChargeIndicator", "Indicator"]).is_some_and(|t| t == "true" || t == "1");
    let tax = a.child("CategoryTradeTax");
    Ok((
        charge,
        AllowanceCharge {
            amount: dec_or_zero(a, &["ActualAmount"], &format!("{at}/ActualAmount"))?,
            base: dec_at(a, &["BasisAmount"], &format!("{at}/BasisAmount"))?,
            percent: dec_at(a, &["CalculationPercent"], &format!("{at}/CalculationPercent"))?,
            reason: a.text_at(&["Reason"]),
            reason_code: a.text_at(&["ReasonCode"]),
            vat_category: if document_level { tax.and_then(|t| t.text_at(&["CategoryCode"])) } else { None },
            vat_rate: match tax {
                Some(t) if document_level => dec_at(t, &["RateApplicablePercent"], &format!("{at}/RateApplicablePercent"))?,
                _ => None,
            },
        },
    ))
}

fn cii_line(l: &Element, at: &str) -> Result<InvoiceLine> {
    let empty = Element::default();
    let docl = l.child("AssociatedDocumentLineDocument").unwrap_or(&empty);
    let product = l.child("SpecifiedTradeProduct").unwrap_or(&empty);
    let agreement = l.child("SpecifiedLineTradeAgreement").unwrap_or(&empty);
    let settlement = l.child("SpecifiedLineTradeSettlement").unwrap_or(&empty);
    let gross = agreement.child("GrossPriceProductTradePrice");
    let net = agreement.child("NetPriceProductTradePrice").unwrap_or(&empty);
    let qty = l.at(&["SpecifiedLineTradeDelivery", "BilledQuantity"]);
    let mut allowances = Vec::new();
    let mut charges = Vec::new();
    for (k, a) in settlement.all("SpecifiedTradeAllowanceCharge").enumerate() {
        let (charge, ac) = cii_allowance(a, &format!("{at}/SpecifiedTradeAllowanceCharge[{}]", k.saturating_add(1)), false)?;
        if charge { charges.push(ac) } else { allowances.push(ac) }
    }
    let base = match net.child("BasisQuantity") {
        Some(b) => decimal(b, &format!("{at}/BT-149"))?,
        None => match gross.and_then(|g| g.child("BasisQuantity")) {
            Some(b) => decimal(b, &format!("{at}/BT-149"))?,
            None => None,
        },
    };
    Ok(InvoiceLine {
        id: docl.text_at(&["LineID"]).unwrap_or_default(),
        parent_id: docl.text_at(&["ParentLineID"]),
        note: docl.text_at(&["IncludedNote", "Content"]),
        name: product.text_at(&["Name"]).unwrap_or_default(),
        description: product.text_at(&["Description"]),
        quantity: match qty {
            Some(q) => decimal(q, &format!("{at}/BT-129"))?.unwrap_or_default(),
            None => Decimal::ZERO,
        },
        unit: qty.and_then(|q| q.attr("unitCode")).unwrap_or_default().to_owned(),
        net_price: dec_or_zero(net, &["ChargeAmount"], &format!("{at}/BT-146"))?,
        gross_price: match gross {
            Some(g) => dec_at(g, &["ChargeAmount"], &format!("{at}/BT-148"))?,
            None => None,
        },
        price_discount: match gross {
            Some(g) => dec_at(g, &["AppliedTradeAllowanceCharge", "ActualAmount"], &format!("{at}/BT-147"))?,
            None => None,
        },
        base_quantity: base,
        allowances,
        charges,
        net_amount: dec_or_zero(
            settlement,
            &["SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount"],
            &format!("{at}/BT-131"),
        )?,
        vat_category: settlement.text_at(&["ApplicableTradeTax", "CategoryCode"]).unwrap_or_default(),
        vat_rate: dec_at(settlement, &["ApplicableTradeTax", "RateApplicablePercent"], &format!("{at}/BT-152"))?,
        period: match settlement.child("BillingSpecifiedPeriod") {
            Some(p) => Some(cii_period(p)?),
            None => None,
        },
    })
}

// ---------------------------------------------------------------- UBL

/// A UBL note, with the `#SUBJECT#text` convention of the EN 16931 UBL binding for BT-21.
fn ubl_note(text: &str) -> Note {
    if let Some(rest) = text.strip_prefix('#') {
        if let Some((code, body)) = rest.split_once('#') {
            if (1..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Note { subject: Some(code.to_owned()), text: body.to_owned() };
            }
        }
    }
    Note { subject: None, text: text.to_owned() }
}

fn ubl(root: &Element) -> Result<ReceivedInvoice> {
    let credit = root.name == "CreditNote";
    let empty = Element::default();
    let mut inv = ReceivedInvoice {
        syntax: Syntax::Ubl,
        specification: root.text_at(&["CustomizationID"]).unwrap_or_default(),
        business_process: root.text_at(&["ProfileID"]),
        number: root.text_at(&["ID"]).unwrap_or_default(),
        type_code: root.text_at(&[if credit { "CreditNoteTypeCode" } else { "InvoiceTypeCode" }]).unwrap_or_default(),
        issue_date: ubl_date(root.child("IssueDate"), "/BT-2")?,
        currency: root.text_at(&["DocumentCurrencyCode"]).unwrap_or_default(),
        tax_currency: root.text_at(&["TaxCurrencyCode"]),
        due_date: match ubl_date(root.child("DueDate"), "/BT-9")? {
            Some(d) => Some(d),
            None => ubl_date(root.at(&["PaymentMeans", "PaymentDueDate"]), "/BT-9")?,
        },
        buyer_reference: root.text_at(&["BuyerReference"]),
        project_reference: root.text_at(&["ProjectReference", "ID"]),
        contract_reference: root.text_at(&["ContractDocumentReference", "ID"]),
        purchase_order: root.text_at(&["OrderReference", "ID"]),
        notes: root.all("Note").filter_map(Element::value).map(|t| ubl_note(&t)).collect(),
        seller: root.at(&["AccountingSupplierParty", "Party"]).map(ubl_party).unwrap_or_default(),
        buyer: root.at(&["AccountingCustomerParty", "Party"]).map(ubl_party).unwrap_or_default(),
        delivery_date: ubl_date(root.at(&["Delivery", "ActualDeliveryDate"]), "/BT-72")?,
        ..ReceivedInvoice::default()
    };
    for r in root.all("BillingReference") {
        if let Some(d) = r.child("InvoiceDocumentReference") {
            inv.preceding_invoices.push(DocumentReference {
                number: d.text_at(&["ID"]).unwrap_or_default(),
                issue_date: ubl_date(d.child("IssueDate"), "/BG-3/BT-26")?,
            });
        }
    }
    for a in root.all("AdditionalDocumentReference") {
        let bin = a.at(&["Attachment", "EmbeddedDocumentBinaryObject"]);
        inv.attachments.push(Attachment {
            id: a.text_at(&["ID"]).unwrap_or_default(),
            description: a.text_at(&["DocumentDescription"]),
            uri: a.text_at(&["Attachment", "ExternalReference", "URI"]),
            filename: bin.and_then(|b| b.attr("filename")).map(str::to_owned),
            mime: bin.and_then(|b| b.attr("mimeCode")).map(str::to_owned),
            size: bin.map_or(0, |b| b.text.trim().len().saturating_mul(3) / 4),
        });
    }
    if let Some(p) = root.child("InvoicePeriod") {
        inv.period =
            Some(Period { start: ubl_date(p.child("StartDate"), "/BG-14/BT-73")?, end: ubl_date(p.child("EndDate"), "/BG-14/BT-74")? });
    }
    let means = root.child("PaymentMeans");
    let creditor = root
        .at(&["AccountingSupplierParty", "Party"])
        .and_then(|p| p.all("PartyIdentification").filter_map(|i| i.child("ID")).find(|i| i.attr("schemeID") == Some("SEPA")))
        .and_then(Element::value);
    inv.payment = PaymentInstructions {
        means_code: means.and_then(|m| m.text_at(&["PaymentMeansCode"])),
        remittance: means.and_then(|m| m.text_at(&["PaymentID"])),
        iban: means.and_then(|m| m.text_at(&["PayeeFinancialAccount", "ID"])),
        bic: means.and_then(|m| m.text_at(&["PayeeFinancialAccount", "FinancialInstitutionBranch", "ID"])),
        mandate: means.and_then(|m| m.text_at(&["PaymentMandate", "ID"])),
        creditor_id: creditor,
        debtor_iban: means.and_then(|m| m.text_at(&["PaymentMandate", "PayerFinancialAccount", "ID"])),
        terms: root.text_at(&["PaymentTerms", "Note"]),
    };
    for (i, a) in root.all("AllowanceCharge").enumerate() {
        let (charge, ac) = ubl_allowance(a, &format!("/AllowanceCharge[{}]", i.saturating_add(1)), true)?;
        if charge { inv.charges.push(ac) } else { inv.allowances.push(ac) }
    }
    let mut vat_total = None;
    let mut vat_total_tax_currency = None;
    for t in root.all("TaxTotal") {
        let amount = t.child("TaxAmount");
        let x = match amount {
            Some(a) => decimal(a, "/BG-22/BT-110")?,
            None => None,
        };
        let currency = amount.and_then(|a| a.attr("currencyID"));
        if currency.is_some() && currency != Some(inv.currency.as_str()) {
            vat_total_tax_currency = x;
        } else {
            vat_total = x;
        }
        for (i, s) in t.all("TaxSubtotal").enumerate() {
            let at = format!("/BG-23[{}]", inv.vat_breakdown.len().saturating_add(1));
            let _ = i;
            let cat = s.child("TaxCategory").unwrap_or(&empty);
            inv.vat_breakdown.push(VatGroup {
                category: cat.text_at(&["ID"]).unwrap_or_default(),
                rate: dec_at(cat, &["Percent"], &format!("{at}/BT-119"))?,
                basis: dec_or_zero(s, &["TaxableAmount"], &format!("{at}/BT-116"))?,
                vat: dec_or_zero(s, &["TaxAmount"], &format!("{at}/BT-117"))?,
                exemption_reason: cat.text_at(&["TaxExemptionReason"]),
                exemption_code: cat.text_at(&["TaxExemptionReasonCode"]),
            });
        }
    }
    let m = root.child("LegalMonetaryTotal").unwrap_or(&empty);
    inv.totals = DocumentTotals {
        line_total: dec_at(m, &["LineExtensionAmount"], "/BG-22/BT-106")?,
        allowance_total: dec_at(m, &["AllowanceTotalAmount"], "/BG-22/BT-107")?,
        charge_total: dec_at(m, &["ChargeTotalAmount"], "/BG-22/BT-108")?,
        tax_basis_total: dec_or_zero(m, &["TaxExclusiveAmount"], "/BG-22/BT-109")?,
        vat_total,
        vat_total_tax_currency,
        grand_total: dec_or_zero(m, &["TaxInclusiveAmount"], "/BG-22/BT-112")?,
        prepaid: dec_at(m, &["PrepaidAmount"], "/BG-22/BT-113")?,
        rounding: dec_at(m, &["PayableRoundingAmount"], "/BG-22/BT-114")?,
        due: dec_or_zero(m, &["PayableAmount"], "/BG-22/BT-115")?,
    };
    let line_name = if credit { "CreditNoteLine" } else { "InvoiceLine" };
    for (i, l) in root.all(line_name).enumerate() {
        inv.lines.push(ubl_line(l, credit, &format!("/BG-25[{}]", i.saturating_add(1)))?);
    }
    Ok(inv)
}

fn ubl_party(p: &Element) -> Party {
    let a = p.child("PostalAddress");
    let legal = p.child("PartyLegalEntity");
    let mut vat_number = None;
    let mut tax_registration = None;
    for t in p.all("PartyTaxScheme") {
        if t.text_at(&["TaxScheme", "ID"]).as_deref() == Some("VAT") {
            if vat_number.is_none() {
                vat_number = t.text_at(&["CompanyID"]);
            }
        } else if tax_registration.is_none() {
            tax_registration = t.text_at(&["CompanyID"]);
        }
    }
    let mut lines = Vec::new();
    if let Some(a) = a {
        lines.extend(a.text_at(&["StreetName"]));
        lines.extend(a.text_at(&["AdditionalStreetName"]));
        lines.extend(a.all("AddressLine").filter_map(|l| l.text_at(&["Line"])));
    }
    Party {
        name: legal.and_then(|l| l.text_at(&["RegistrationName"])).or_else(|| p.text_at(&["PartyName", "Name"])).unwrap_or_default(),
        trading_name: p.text_at(&["PartyName", "Name"]),
        ids: p
            .all("PartyIdentification")
            .filter_map(|i| i.child("ID"))
            .filter(|i| i.attr("schemeID") != Some("SEPA"))
            .filter_map(ident)
            .collect(),
        legal_id: legal.and_then(|l| l.child("CompanyID")).and_then(ident),
        vat_number,
        tax_registration,
        legal_info: legal.and_then(|l| l.text_at(&["CompanyLegalForm"])),
        electronic_address: p.child("EndpointID").and_then(ident),
        address: PostalAddress {
            lines,
            city: a.and_then(|a| a.text_at(&["CityName"])),
            postal_code: a.and_then(|a| a.text_at(&["PostalZone"])),
            subdivision: a.and_then(|a| a.text_at(&["CountrySubentity"])),
            country: a.and_then(|a| a.text_at(&["Country", "IdentificationCode"])).unwrap_or_default(),
        },
        email: p.text_at(&["Contact", "ElectronicMail"]),
    }
}

fn ubl_allowance(a: &Element, at: &str, document_level: bool) -> Result<(bool, AllowanceCharge)> {
    let charge = a.text_at(&["ChargeIndicator"]).is_some_and(|t| t == "true" || t == "1");
    let tax = a.child("TaxCategory");
    Ok((
        charge,
        AllowanceCharge {
            amount: dec_or_zero(a, &["Amount"], &format!("{at}/Amount"))?,
            base: dec_at(a, &["BaseAmount"], &format!("{at}/BaseAmount"))?,
            percent: dec_at(a, &["MultiplierFactorNumeric"], &format!("{at}/MultiplierFactorNumeric"))?,
            reason: a.text_at(&["AllowanceChargeReason"]),
            reason_code: a.text_at(&["AllowanceChargeReasonCode"]),
            vat_category: if document_level { tax.and_then(|t| t.text_at(&["ID"])) } else { None },
            vat_rate: match tax {
                Some(t) if document_level => dec_at(t, &["Percent"], &format!("{at}/Percent"))?,
                _ => None,
            },
        },
    ))
}

fn ubl_line(l: &Element, credit: bool, at: &str) -> Result<InvoiceLine> {
    let empty = Element::default();
    let item = l.child("Item").unwrap_or(&empty);
    let price = l.child("Price").unwrap_or(&empty);
    let tax = item.child("ClassifiedTaxCategory").unwrap_or(&empty);
    let qty = l.child(if credit { "CreditedQuantity" } else { "InvoicedQuantity" });
    let mut allowances = Vec::new();
    let mut charges = Vec::new();
    for (k, a) in l.all("AllowanceCharge").enumerate() {
        let (charge, ac) = ubl_allowance(a, &format!("{at}/AllowanceCharge[{}]", k.saturating_add(1)), false)?;
        if charge { charges.push(ac) } else { allowances.push(ac) }
    }
    let price_ac = price.child("AllowanceCharge");
    Ok(InvoiceLine {
        id: l.text_at(&["ID"]).unwrap_or_default(),
        parent_id: None,
        note: l.text_at(&["Note"]),
        name: item.text_at(&["Name"]).unwrap_or_default(),
        description: item.text_at(&["Description"]),
        quantity: match qty {
            Some(q) => decimal(q, &format!("{at}/BT-129"))?.unwrap_or_default(),
            None => Decimal::ZERO,
        },
        unit: qty.and_then(|q| q.attr("unitCode")).unwrap_or_default().to_owned(),
        net_price: dec_or_zero(price, &["PriceAmount"], &format!("{at}/BT-146"))?,
        gross_price: match price_ac {
            Some(p) => dec_at(p, &["BaseAmount"], &format!("{at}/BT-148"))?,
            None => None,
        },
        price_discount: match price_ac {
            Some(p) => dec_at(p, &["Amount"], &format!("{at}/BT-147"))?,
            None => None,
        },
        base_quantity: dec_at(price, &["BaseQuantity"], &format!("{at}/BT-149"))?,
        allowances,
        charges,
        net_amount: dec_or_zero(l, &["LineExtensionAmount"], &format!("{at}/BT-131"))?,
        vat_category: tax.text_at(&["ID"]).unwrap_or_default(),
        vat_rate: dec_at(tax, &["Percent"], &format!("{at}/BT-152"))?,
        period: match l.child("InvoicePeriod") {
            Some(p) => Some(Period {
                start: ubl_date(p.child("StartDate"), &format!("{at}/BT-134"))?,
                end: ubl_date(p.child("EndDate"), &format!("{at}/BT-135"))?,
            }),
            None => None,
        },
    })
}
