//! The one error type of the crate, each variant with a stable code.

use crate::validate::Finding;

/// What can go wrong writing or reading an electronic invoice.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EinvoiceError {
    /// The document would break EN 16931 / BR-FR rules: no file is written. Every finding is listed.
    #[error("the invoice breaks {} rule(s): {}", .0.len(), crate::validate::summary(.0))]
    Rules(Vec<Finding>),
    /// The core refused the document or overflowed computing it.
    #[error("{0}")]
    Core(#[from] facturier_core::CoreError),
    /// The XML is not well formed, or not an invoice this crate reads.
    #[error("XML error at byte {position}: {message}")]
    Xml {
        /// Byte offset in the input, where known (0 otherwise).
        position: u64,
        /// What is wrong.
        message: String,
    },
    /// The XML carries a DTD, an entity declaration or an external reference: refused, never expanded.
    #[error("hostile XML refused: {0}")]
    Hostile(String),
    /// The input is larger, deeper or longer than the limits.
    #[error("input too large: {0}")]
    TooLarge(String),
    /// The root element is neither a CII CrossIndustryInvoice nor a UBL Invoice / CreditNote.
    #[error("not an invoice: root element `{0}`")]
    UnknownSyntax(String),
    /// A PDF with no XML invoice attached (a plain PDF, or attachments none of which is XML).
    #[error("no XML invoice in the PDF: {0}")]
    PdfNoXml(String),
    /// A PDF with several candidate XML invoices attached (their names): never a guess.
    #[error("several XML invoices in the PDF: {}", .0.join(", "))]
    PdfSeveralXml(Vec<String>),
    /// A PDF that cannot be read: corrupt, encrypted, or an attachment that cannot be decoded.
    #[error("unreadable PDF: {0}")]
    PdfUnreadable(String),
    /// A value of the XML cannot be read (a date, a decimal) where the model needs it.
    #[error("{path}: {message}")]
    Value {
        /// XPath-like location.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl EinvoiceError {
    /// The stable code of the error, for bindings and logs.
    pub fn code(&self) -> &'static str {
        match self {
            EinvoiceError::Rules(_) => "einvoice.rules",
            EinvoiceError::Core(_) => "einvoice.core",
            EinvoiceError::Xml { .. } => "einvoice.xml",
            EinvoiceError::Hostile(_) => "einvoice.hostile",
            EinvoiceError::TooLarge(_) => "einvoice.too_large",
            EinvoiceError::UnknownSyntax(_) => "einvoice.unknown_syntax",
            EinvoiceError::Value { .. } => "einvoice.value",
            EinvoiceError::PdfNoXml(_) => "einvoice.pdf.no_xml",
            EinvoiceError::PdfSeveralXml(_) => "einvoice.pdf.several_xml",
            EinvoiceError::PdfUnreadable(_) => "einvoice.pdf.unreadable",
        }
    }
}

/// Every code of [`EinvoiceError::code`] with what it means, for the published list of codes.
pub const CODES: &[(&str, &str)] = &[
    ("einvoice.rules", "the invoice would break EN 16931 rules: no e-invoice is written, every finding is listed"),
    ("einvoice.core", "the core refused the document or overflowed computing it"),
    ("einvoice.xml", "the XML is not well formed, or not an invoice this crate reads"),
    ("einvoice.hostile", "the XML carries a DTD, an entity declaration or an external reference: refused, never expanded"),
    ("einvoice.too_large", "the input is larger, deeper or longer than the limits"),
    ("einvoice.unknown_syntax", "the root element is neither a CII CrossIndustryInvoice nor a UBL Invoice / CreditNote"),
    ("einvoice.value", "a value of the XML (a date, a decimal) cannot be read"),
    ("einvoice.pdf.no_xml", "a PDF with no XML invoice attached"),
    ("einvoice.pdf.several_xml", "a PDF with several candidate XML invoices attached"),
    ("einvoice.pdf.unreadable", "a PDF that cannot be read: corrupt, encrypted, or an attachment that cannot be decoded"),
];

/// The crate's result type.
pub type Result<T> = std::result::Result<T, EinvoiceError>;
