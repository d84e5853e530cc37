//! Every rule and error code the bindings report, for `rules()`.

use serde::Serialize;

/// One rule or error code: its stable code, a message (error codes) and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable machine code.
    pub code: &'static str,
    /// What the code means (error codes; a legal rule's message depends on the document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    /// The legal or normative source, or who reports the code (`facturier-core`,
    /// `facturier-pdf`, `binding`).
    pub source: &'static str,
}

/// The codes only the bindings report.
pub const BINDING_CODES: &[(&str, &str)] = &[
    ("float", "a binary float where an exact amount is expected: pass a decimal string (Python: Decimal)"),
    ("type", "an input value of a type facturier does not take"),
    ("panic", "an internal error in facturier (a bug, please report it); the process goes on"),
];

/// The error codes of the FEC operations ([`facturier_fec::FecError::code`]).
pub const FEC_CODES: &[(&str, &str)] = &[
    ("fec.io", "reading or writing a FEC file failed (the file system's error)"),
    ("fec.charset", "the bytes are not ASCII, ISO 8859-15 or UTF-8 without BOM (LPF A47 A-1 XII 1°)"),
    ("fec.header", "the header line is missing or unusable (LPF A47 A-1 VII 4°)"),
    ("fec.field", "a record is malformed: field count, a date, an amount, a required field (A47 A-1 VII, XII)"),
    ("fec.xml", "the XML is not well formed or not of the DGFiP's shape (A47 A-1 VI 2°)"),
    ("fec.entry", "an entry cannot be written: not validated, unbalanced, out of order, amount not in cents (A47 A-1 VII)"),
    ("fec.input", "an option or argument of a FEC operation is unusable (the XML FEC without its closing date…)"),
];

/// The error codes of the e-invoice operations ([`facturier_einvoice::EinvoiceError::code`]).
pub const EINVOICE_CODES: &[(&str, &str)] = &[
    ("einvoice.rules", "the invoice breaks EN 16931 rules: no XML is written (every finding in the details)"),
    ("einvoice.core", "the core refused the document or overflowed computing it"),
    ("einvoice.xml", "the XML is not well formed, or not an invoice that can be read"),
    ("einvoice.hostile", "the XML carries a DTD, an entity declaration or an external reference: refused, never expanded"),
    ("einvoice.too_large", "the input is larger, deeper or longer than the limits"),
    ("einvoice.unknown_syntax", "neither a CII CrossIndustryInvoice nor a UBL Invoice / CreditNote (a PDF, until Factur-X PDFs are read)"),
    ("einvoice.value", "a value of the XML (a date, a decimal) cannot be read where the model needs it"),
];

/// Every rule and error code: the core's single listing ([`facturier_core::rules`]: legal checks,
/// refusals of operations, numbering, receivables and documents, with their sources), the
/// renderer's codes ([`facturier_pdf::CODES`]), the FEC's errors ([`FEC_CODES`]) and the rules of its
/// checker (`F01`…, the codes of a `fec_check` report's findings), the e-invoice errors
/// ([`EINVOICE_CODES`]) and the bindings' own, each code once.
pub fn rules() -> Vec<RuleInfo> {
    let core = facturier_core::rules().into_iter().map(|r| RuleInfo { code: r.code, message: None, source: r.source });
    let pdf = facturier_pdf::CODES.iter().map(|&(code, message)| RuleInfo { code, message: Some(message), source: "facturier-pdf" });
    let fec = FEC_CODES.iter().map(|&(code, message)| RuleInfo { code, message: Some(message), source: "facturier-fec" });
    let checker = facturier_fec::check::RULES.iter().map(|r| RuleInfo { code: r.code, message: Some(r.title), source: r.source });
    let einvoice = EINVOICE_CODES.iter().map(|&(code, message)| RuleInfo { code, message: Some(message), source: "facturier-einvoice" });
    let binding = BINDING_CODES.iter().map(|&(code, message)| RuleInfo { code, message: Some(message), source: "binding" });
    let mut out: Vec<RuleInfo> = Vec::new();
    for r in core.chain(pdf).chain(fec).chain(checker).chain(einvoice).chain(binding) {
        if !out.iter().any(|o| o.code == r.code) {
            out.push(r);
        }
    }
    out
}
