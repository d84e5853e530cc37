//! An issued facturier invoice, deposit, final invoice or credit note → the EN 16931 model,
//! with the French 2026 fields computed from the document: BT-23, SIREN/SIRET, electronic
//! addresses (0225), the PMT / PMD / AAB / TXD / BAR notes.

use facturier_core::documents::draft::{InvoiceKind, SupplyCategory};
use facturier_core::documents::invoice::IssuedInvoice;
use facturier_core::line::{Discount, Line};
use facturier_core::party::{Address, Buyer, BuyerKind, Registration, Seller};
use facturier_core::terms::PaymentMeans;
use facturier_core::texts::MentionKey;
use facturier_core::vat::VatCategory;
use rust_decimal::Decimal;

use crate::error::{EinvoiceError, Result};
use crate::model::{
    AllowanceCharge, DocumentReference, DocumentTotals, Identifier, InvoiceLine, Note, Party, PaymentInstructions, Period, PostalAddress,
    ReceivedInvoice, Syntax, VatGroup,
};

/// The reason code of a line discount (UNTDID 5189 `95`, "Discount").
const DISCOUNT_CODE: &str = "95";

/// The EN 16931 specification identifier BT-24 of the EN 16931 profile.
pub const EN16931_URN: &str = "urn:cen.eu:en16931:2017";

/// The payment terms BT-20 of a credit note, which has no due date: the credit is refunded or
/// set off against a later payment.
pub const CREDIT_TERMS: &str = "Avoir : remboursé ou imputé sur un prochain règlement";

/// The French business process BT-23 of an issued document ("cadre de facturation", FNFE BR-FR-08,
/// XP Z12-012): B (goods), S (services) or M (mixed), then 4 for a final invoice after deposits
/// (BR-FR-CO-08), 2 for an invoice already paid in full (BR-FR-CO-09: BT-113 = BT-112, BT-115 = 0),
/// else 1.
pub fn business_process(invoice: &IssuedInvoice) -> String {
    let letter = match invoice.supply_category() {
        SupplyCategory::Goods => 'B',
        SupplyCategory::Services => 'S',
        SupplyCategory::Mixed => 'M',
    };
    let t = invoice.totals();
    let digit = if invoice.kind() == InvoiceKind::Final {
        '4'
    } else if invoice.kind() != InvoiceKind::CreditNote && t.amount_due.is_zero() && t.prepaid == t.total_incl_tax && !t.prepaid.is_zero() {
        '2'
    } else {
        '1'
    };
    format!("{letter}{digit}")
}

/// The BAR note value (FNFE BR-FR-20/31): B2B, B2BINT, B2C or B2CINT from the buyer's kind and
/// country. A public buyer is B2B (its invoices go through Chorus Pro).
pub fn bar(buyer: &Buyer) -> &'static str {
    let domestic = buyer.address.country == "FR";
    match (buyer.kind, domestic) {
        (BuyerKind::Consumer, true) => "B2C",
        (BuyerKind::Consumer, false) => "B2CINT",
        (_, true) => "B2B",
        (_, false) => "B2BINT",
    }
}

/// The EN 16931 model of an issued document. Fails only when the core fails to compute a line.
pub fn from_issued(invoice: &IssuedInvoice) -> Result<ReceivedInvoice> {
    let d = invoice.content();
    let t = invoice.totals();
    let credit = invoice.kind() == InvoiceKind::CreditNote;
    let mut notes = Vec::new();
    for n in &d.notes {
        notes.push(Note { subject: None, text: n.clone() });
    }
    let mut tax_mentions = Vec::new();
    let mut aab = d.early_payment_discount.clone();
    for m in invoice.mentions() {
        match m.key {
            MentionKey::RecoveryIndemnity => notes.push(Note { subject: Some("PMT".into()), text: m.text.clone() }),
            MentionKey::LatePenalty => notes.push(Note { subject: Some("PMD".into()), text: m.text.clone() }),
            MentionKey::NoEarlyPaymentDiscount => {
                aab.get_or_insert_with(|| m.text.clone());
            }
            MentionKey::QuoteAcceptance => {}
            MentionKey::Franchise
            | MentionKey::Autoliquidation
            | MentionKey::DebitsOption
            | MentionKey::IntraEuSupply
            | MentionKey::Export
            | MentionKey::OutOfScope => tax_mentions.push(m.text.clone()),
        }
    }
    // FNFE BR-FR-05 asks for the three notes on every document (fatal, unconditional in the Flux 2
    // schematron), also where the core prints none of these mentions: a credit note asks for no
    // payment, a consumer owes no recovery indemnity (C. com. L441-10 applies between professionals).
    let why = if credit { "avoir" } else { "client non professionnel" };
    for (code, label) in [("PMT", "Indemnité forfaitaire pour frais de recouvrement"), ("PMD", "Pénalités de retard")] {
        if !notes.iter().any(|n| n.subject.as_deref() == Some(code)) {
            notes.push(Note { subject: Some(code.into()), text: format!("{label} : sans objet ({why}).") });
        }
    }
    if aab.is_none() {
        aab = Some(format!("Escompte : sans objet ({why})."));
    }
    if let Some(text) = aab {
        notes.push(Note { subject: Some("AAB".into()), text });
    }
    if !tax_mentions.is_empty() {
        // FNFE BR-FR-06: one TXD note at most
        notes.push(Note { subject: Some("TXD".into()), text: tax_mentions.join(" ") });
    }
    notes.push(Note { subject: Some("BAR".into()), text: bar(&d.buyer).to_owned() });

    let mut lines = Vec::with_capacity(d.lines.len());
    for (i, (l, lt)) in d.lines.iter().zip(&t.lines).enumerate() {
        lines.push(line(l, lt.net, i)?);
    }
    let doc_ac = |a: &facturier_core::line::AllowanceCharge| AllowanceCharge {
        amount: a.amount,
        base: None,
        percent: None,
        reason: Some(a.reason.clone()),
        reason_code: a.reason_code.clone(),
        vat_category: Some(a.vat_category.code().to_owned()),
        vat_rate: rate_of(a.vat_category, a.vat_rate),
    };
    let vat_breakdown = t
        .vat_breakdown
        .iter()
        .map(|g| {
            let ex = invoice.vat_exemption(g);
            VatGroup {
                category: g.category.code().to_owned(),
                rate: rate_of(g.category, g.rate),
                basis: g.basis,
                vat: g.vat,
                exemption_reason: ex.as_ref().map(|e| e.reason.clone()),
                exemption_code: ex.and_then(|e| e.vatex),
            }
        })
        .collect();
    let mut preceding: Vec<DocumentReference> =
        d.preceding_invoice.iter().map(|r| DocumentReference { number: r.number.clone(), issue_date: Some(r.issue_date) }).collect();
    if invoice.kind() == InvoiceKind::Final {
        preceding.extend(d.deposits.iter().map(|r| DocumentReference { number: r.number.clone(), issue_date: Some(r.issue_date) }));
    }
    let nonzero = |x: Decimal| (!x.is_zero()).then_some(x);
    Ok(ReceivedInvoice {
        syntax: Syntax::Cii,
        specification: EN16931_URN.to_owned(),
        business_process: Some(business_process(invoice)),
        number: invoice.number().to_owned(),
        type_code: invoice.type_code().to_string(),
        issue_date: Some(invoice.issue_date()),
        currency: d.currency.0.clone(),
        tax_currency: (!d.currency.is_eur()).then(|| "EUR".to_owned()),
        due_date: (!credit).then(|| invoice.due_date()),
        buyer_reference: d.buyer_reference.clone(),
        project_reference: d.project_reference.clone(),
        contract_reference: d.contract_reference.clone(),
        purchase_order: d.purchase_order.clone(),
        preceding_invoices: preceding,
        notes,
        seller: seller(&d.seller),
        buyer: buyer(&d.buyer),
        delivery_date: d.delivery_date,
        period: d.invoicing_period.map(|p| Period { start: Some(p.start), end: Some(p.end) }),
        // A credit note has no due date: its payment terms BT-20 say how the credit is settled, as
        // BR-CO-25 asks of a positive amount due (BT-115) in the artefacts that still carry it
        // (the Factur-X 1.09 EXTENDED schematron, Mustang's ZF 2.3; CEN removed it in 1.3.16).
        payment: if credit {
            PaymentInstructions { terms: Some(CREDIT_TERMS.to_owned()), ..PaymentInstructions::default() }
        } else {
            payment(&d.seller, d.payment_means.as_ref(), invoice.number())
        },
        lines,
        allowances: d.allowances.iter().map(doc_ac).collect(),
        charges: d.charges.iter().map(doc_ac).collect(),
        vat_breakdown,
        totals: DocumentTotals {
            line_total: Some(t.line_total),
            allowance_total: (!d.allowances.is_empty()).then_some(t.allowance_total),
            charge_total: (!d.charges.is_empty()).then_some(t.charge_total),
            tax_basis_total: t.total_excl_tax,
            vat_total: Some(t.vat_total),
            vat_total_tax_currency: t.vat_total_eur,
            grand_total: t.total_incl_tax,
            prepaid: nonzero(t.prepaid),
            rounding: nonzero(t.rounding_amount),
            due: t.amount_due,
        },
        attachments: Vec::new(),
    })
}

/// The rate written for a category: none for O (EN 16931 BR-O-05), else the rate normalized.
fn rate_of(category: VatCategory, rate: Decimal) -> Option<Decimal> {
    (category != VatCategory::O).then(|| rate.normalize())
}

fn line(l: &Line, net: Decimal, i: usize) -> Result<InvoiceLine> {
    let overflow = || EinvoiceError::Core(facturier_core::CoreError::Overflow { path: format!("lines[{i}]") });
    let amounts = facturier_core::totals::line_amounts(l).ok_or_else(overflow)?;
    let gross = amounts.gross;
    let base = facturier_core::money::round2(gross);
    let mut allowances = Vec::new();
    match l.discount {
        Some(Discount::Percent(p)) => allowances.push(AllowanceCharge {
            amount: facturier_core::money::round2(
                gross.checked_mul(p).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)).ok_or_else(overflow)?,
            ),
            base: Some(base),
            percent: Some(p.normalize()),
            reason: Some("Remise".into()),
            reason_code: Some(DISCOUNT_CODE.into()),
            ..AllowanceCharge::default()
        }),
        Some(Discount::Amount(a)) => allowances.push(AllowanceCharge {
            amount: a,
            reason: Some("Remise".into()),
            reason_code: Some(DISCOUNT_CODE.into()),
            ..AllowanceCharge::default()
        }),
        None => {}
    }
    let convert = |a: &facturier_core::line::LineAllowanceCharge| -> Result<AllowanceCharge> {
        Ok(AllowanceCharge {
            amount: facturier_core::totals::allowance_charge_amount(gross, a).ok_or_else(overflow)?,
            base: a.percent.map(|_| base),
            percent: a.percent.map(|p| p.normalize()),
            reason: a.reason.clone(),
            reason_code: a.reason_code.clone(),
            ..AllowanceCharge::default()
        })
    };
    for a in &l.allowances {
        allowances.push(convert(a)?);
    }
    let charges = l.charges.iter().map(convert).collect::<Result<Vec<_>>>()?;
    Ok(InvoiceLine {
        id: l.id.clone(),
        parent_id: None,
        note: None,
        name: l.description.clone(),
        description: None,
        quantity: l.quantity,
        unit: l.unit.clone(),
        net_price: l.unit_price,
        gross_price: l.gross_price,
        price_discount: l.price_discount(),
        base_quantity: l.price_base_quantity,
        allowances,
        charges,
        net_amount: net,
        vat_category: l.vat_category.code().to_owned(),
        vat_rate: rate_of(l.vat_category, l.vat_rate),
        period: None,
    })
}

fn address(a: &Address) -> PostalAddress {
    let mut lines = vec![a.line1.clone()];
    lines.extend(a.line2.clone());
    PostalAddress {
        lines,
        city: Some(a.city.clone()),
        postal_code: Some(a.postal_code.clone()),
        subdivision: None,
        country: a.country.clone(),
    }
}

fn ident(id: &str, scheme: &str) -> Identifier {
    Identifier { id: id.to_owned(), scheme: Some(scheme.to_owned()) }
}

/// The seller's legal information BT-33: legal form, share capital and register (C. com. R123-237, R123-238).
fn legal_info(s: &Seller) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(form) = &s.legal_form {
        let capital = match s.share_capital {
            Some(c) if !s.variable_capital => format!(" au capital de {}", facturier_core::format::euros(c)),
            _ if s.variable_capital => " à capital variable".to_owned(),
            _ => String::new(),
        };
        parts.push(format!("{form}{capital}"));
    }
    match (&s.registration, &s.siren) {
        (Some(Registration::Rcs { city }), Some(siren)) => parts.push(format!("RCS {city} {siren}")),
        (Some(Registration::Rm { department }), Some(siren)) => parts.push(format!("RM {department} {siren}")),
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn seller(s: &Seller) -> Party {
    Party {
        name: s.name.clone(),
        trading_name: None,
        ids: s.siret.iter().map(|x| ident(x, "0009")).collect(),
        legal_id: s.siren.as_deref().map(|x| ident(x, "0002")),
        vat_number: s.vat_number.clone(),
        // EN 16931 BR-E-02 / BR-S-02: a seller without a VAT number (franchise en base, CGI 293 B)
        // gives its tax registration (BT-32, scheme FC): the SIREN
        tax_registration: if s.vat_number.is_none() { s.siren.clone() } else { None },
        legal_info: legal_info(s),
        electronic_address: s.electronic_address_or_default().map(|a| ident(&a.id, &a.scheme)),
        address: address(&s.address),
        email: s.email.clone(),
    }
}

fn buyer(b: &Buyer) -> Party {
    Party {
        name: b.name.clone(),
        trading_name: None,
        ids: b.siret.iter().map(|x| ident(x, "0009")).collect(),
        legal_id: b.siren.as_deref().map(|x| ident(x, "0002")),
        vat_number: b.vat_number.clone(),
        tax_registration: None,
        legal_info: None,
        electronic_address: b.electronic_address_or_default().map(|a| ident(&a.id, &a.scheme)),
        address: address(&b.address),
        email: b.email.clone(),
    }
}

/// The payment instructions: the means given, else a SEPA credit transfer to the seller's IBAN
/// when it has one; the invoice number as remittance information (BT-83).
fn payment(s: &Seller, means: Option<&PaymentMeans>, number: &str) -> PaymentInstructions {
    let default = PaymentMeans::CreditTransfer { sepa: true };
    let means = match means {
        Some(m) => Some(m),
        None if s.iban.is_some() => Some(&default),
        None => None,
    };
    let mut p = PaymentInstructions { remittance: Some(number.to_owned()), ..PaymentInstructions::default() };
    match means {
        Some(m @ PaymentMeans::CreditTransfer { .. }) => {
            p.means_code = Some(m.code().to_owned());
            p.iban = s.iban.clone();
            p.bic = s.bic.clone();
        }
        Some(m @ PaymentMeans::DirectDebit { mandate, creditor_id, debtor_iban, .. }) => {
            p.means_code = Some(m.code().to_owned());
            p.mandate = Some(mandate.clone());
            p.creditor_id = Some(creditor_id.clone());
            p.debtor_iban = debtor_iban.clone();
        }
        Some(m) => p.means_code = Some(m.code().to_owned()),
        None => {}
    }
    p
}
