//! The EN 16931 semantic model of one invoice: what the readers fill from CII or UBL, what the
//! validator checks, and what the CII writer serializes (an issued facturier invoice is turned
//! into it first, [`crate::issued::from_issued`]).
//!
//! Field docs name the EN 16931 business terms (BT-n) and groups (BG-n).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// The XML syntax an invoice came in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD, XRechnung CII).
    #[default]
    Cii,
    /// OASIS UBL 2.1 Invoice or CreditNote.
    Ubl,
}

/// An EN 16931 invoice (or credit note) as read from CII or UBL, or about to be written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReceivedInvoice {
    /// The syntax it was read from (or is written in).
    pub syntax: Syntax,
    /// Specification identifier BT-24 (the Factur-X profile URN for CII).
    pub specification: String,
    /// Business process BT-23 (the French "cadre de facturation": S1, B4…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_process: Option<String>,
    /// Invoice number BT-1.
    pub number: String,
    /// Type code BT-3 (UNTDID 1001: 380, 381, 386, 503…).
    pub type_code: String,
    /// Issue date BT-2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<NaiveDate>,
    /// Invoice currency BT-5.
    pub currency: String,
    /// VAT accounting currency BT-6, when other than BT-5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_currency: Option<String>,
    /// Payment due date BT-9.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// Buyer reference BT-10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_reference: Option<String>,
    /// Project reference BT-11.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_reference: Option<String>,
    /// Contract reference BT-12.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_reference: Option<String>,
    /// Purchase order reference BT-13.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    /// Preceding invoice references BG-3 (BT-25 number, BT-26 date).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preceding_invoices: Vec<DocumentReference>,
    /// Invoice notes BG-1 (BT-21 subject code, BT-22 text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Seller BG-4.
    pub seller: Party,
    /// Buyer BG-7.
    pub buyer: Party,
    /// Actual delivery date BT-72.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_date: Option<NaiveDate>,
    /// Invoicing period BG-14.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Payment instructions BG-16 and terms BT-20.
    pub payment: PaymentInstructions,
    /// Invoice lines BG-25 (none in MINIMUM and BASIC WL).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<InvoiceLine>,
    /// Document-level allowances BG-20.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceCharge>,
    /// Document-level charges BG-21.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<AllowanceCharge>,
    /// VAT breakdown BG-23.
    pub vat_breakdown: Vec<VatGroup>,
    /// Document totals BG-22, as stated by the sender.
    pub totals: DocumentTotals,
    /// Supporting documents BG-24 (listed, their content not kept).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A reference to another document (BT-25/26 for a preceding invoice).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentReference {
    /// Its number.
    pub number: String,
    /// Its issue date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<NaiveDate>,
}

/// An invoice note (BG-1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Subject code BT-21 (UNTDID 4451: PMT, PMD, AAB, TXD, BAR, REG…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The text BT-22.
    pub text: String,
}

/// An identifier with its scheme (ISO 6523 ICD such as `0002` SIREN, `0009` SIRET; EAS for
/// electronic addresses: `0225`, `EM`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identifier {
    /// The identifier.
    pub id: String,
    /// Its scheme, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

/// A postal address (BG-5, BG-8).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PostalAddress {
    /// Address lines BT-35..37, BT-162 (in order, up to three).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
    /// City BT-37 / BT-52.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Post code BT-38 / BT-53.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country subdivision BT-39 / BT-54.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<String>,
    /// ISO 3166-1 alpha-2 country BT-40 / BT-55.
    pub country: String,
}

/// The seller (BG-4) or the buyer (BG-7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Name BT-27 / BT-44.
    pub name: String,
    /// Trading name BT-28 / BT-45.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trading_name: Option<String>,
    /// Other identifiers BT-29 / BT-46 (a SIRET with scheme `0009`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<Identifier>,
    /// Legal registration identifier BT-30 / BT-47 (the SIREN, scheme `0002`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_id: Option<Identifier>,
    /// VAT identifier BT-31 / BT-48.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Tax registration identifier BT-32 (seller only, scheme `FC`): the SIREN of a seller without a
    /// VAT number, e.g. under the franchise en base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_registration: Option<String>,
    /// Additional legal information BT-33 (seller only: legal form, capital, register).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_info: Option<String>,
    /// Electronic address BT-34 / BT-49.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electronic_address: Option<Identifier>,
    /// Postal address BG-5 / BG-8.
    pub address: PostalAddress,
    /// Contact e-mail BT-43 / BT-58.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Party {
    /// The SIREN: the legal id of scheme 0002, else the first 9 digits of a 0009 SIRET.
    pub fn siren(&self) -> Option<&str> {
        match &self.legal_id {
            Some(Identifier { id, scheme }) if scheme.as_deref().is_none_or(|s| s == "0002") => Some(id.as_str()),
            _ => self.ids.iter().find(|i| i.scheme.as_deref() == Some("0009")).and_then(|i| i.id.get(..9)),
        }
    }
}

/// A period, both days included (BG-14, BG-26).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Start BT-73 / BT-134.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// End BT-74 / BT-135.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
}

/// How to pay (BG-16..19, BT-20).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PaymentInstructions {
    /// Payment means code BT-81 (UNTDID 4461: 30, 58 transfer; 49, 59 direct debit; 48 card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub means_code: Option<String>,
    /// Remittance information BT-83.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remittance: Option<String>,
    /// Payee account (IBAN) BT-84.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// Payee bank BIC BT-86.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// Direct debit mandate reference BT-89.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate: Option<String>,
    /// Creditor identifier BT-90.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creditor_id: Option<String>,
    /// Debited account BT-91.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debtor_iban: Option<String>,
    /// Payment terms BT-20.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
}

/// An invoice line (BG-25); EXTENDED sub-lines name their parent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InvoiceLine {
    /// Line id BT-126.
    pub id: String,
    /// Parent line id of an EXTENDED sub-line (CII ParentLineID), whose amounts are informative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Line note BT-127.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Item name BT-153.
    pub name: String,
    /// Item description BT-154.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Invoiced quantity BT-129.
    pub quantity: Decimal,
    /// Unit BT-130 (UN/ECE Rec 20/21).
    pub unit: String,
    /// Item net price BT-146.
    pub net_price: Decimal,
    /// Item gross price BT-148.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_price: Option<Decimal>,
    /// Item price discount BT-147.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_discount: Option<Decimal>,
    /// Item price base quantity BT-149 (1 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_quantity: Option<Decimal>,
    /// Line allowances BG-27.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceCharge>,
    /// Line charges BG-28.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<AllowanceCharge>,
    /// Line net amount BT-131, as stated.
    pub net_amount: Decimal,
    /// VAT category BT-151.
    pub vat_category: String,
    /// VAT rate BT-152 (absent for category O).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<Decimal>,
    /// Line period BG-26.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

/// An allowance or a charge, of the document (BG-20/21) or of a line (BG-27/28).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AllowanceCharge {
    /// Amount BT-92 / BT-99 / BT-136 / BT-141.
    pub amount: Decimal,
    /// Base amount BT-93 / BT-100 / BT-137 / BT-142.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Decimal>,
    /// Percentage BT-94 / BT-101 / BT-138 / BT-143.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// Reason BT-97 / BT-104 / BT-139 / BT-144.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Reason code BT-98 / BT-105 / BT-140 / BT-145 (UNTDID 5189 / 7161).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// VAT category BT-95 / BT-102 (document level only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_category: Option<String>,
    /// VAT rate BT-96 / BT-103 (document level only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<Decimal>,
}

/// One row of the VAT breakdown (BG-23).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VatGroup {
    /// Category BT-118.
    pub category: String,
    /// Rate BT-119 (absent for category O).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// Taxable amount BT-116.
    pub basis: Decimal,
    /// VAT amount BT-117.
    pub vat: Decimal,
    /// Exemption reason text BT-120.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption_reason: Option<String>,
    /// Exemption reason code BT-121 (VATEX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption_code: Option<String>,
}

/// Document totals (BG-22), as the sender states them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentTotals {
    /// Sum of line net amounts BT-106 (absent in MINIMUM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_total: Option<Decimal>,
    /// Sum of allowances BT-107.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowance_total: Option<Decimal>,
    /// Sum of charges BT-108.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_total: Option<Decimal>,
    /// Total without VAT BT-109.
    pub tax_basis_total: Decimal,
    /// Total VAT in the invoice currency BT-110.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_total: Option<Decimal>,
    /// Total VAT in the accounting currency BT-111.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_total_tax_currency: Option<Decimal>,
    /// Total with VAT BT-112.
    pub grand_total: Decimal,
    /// Paid amount BT-113.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepaid: Option<Decimal>,
    /// Rounding amount BT-114.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Decimal>,
    /// Amount due BT-115.
    pub due: Decimal,
}

/// A supporting document (BG-24), listed: its id, description and file name and type when embedded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Reference BT-122.
    pub id: String,
    /// Description BT-123.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// External location BT-124.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Embedded file name BT-125 (filename attribute).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Embedded MIME type BT-125 (mimeCode attribute).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    /// Size of the embedded content in bytes, base64-decoded estimate (0 when external).
    pub size: usize,
}
