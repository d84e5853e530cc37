//! EN 16931 electronic invoices for facturier (issue 15).
//!
//! - **Write**: an issued invoice, deposit invoice (386), final invoice or credit note (381, 503
//!   for a credit note of a deposit) → UN/CEFACT CII D16B XML for a Factur-X profile
//!   ([`facturx_xml`]), EN 16931 by default, with the French 2026 fields first-class (BT-23,
//!   SIREN BT-30 scheme 0002, SIRET 0009, electronic addresses 0225, PMT / PMD / AAB / TXD / BAR
//!   notes). The arithmetic and the EN 16931 rules are checked natively first: a document that
//!   would fail is [`EinvoiceError::Rules`], never a file. Same input, same bytes.
//! - **Read**: CII or UBL 2.1 Invoice / CreditNote XML, or a Factur-X / ZUGFeRD / XRechnung PDF
//!   (its embedded XML, [`pdf::read_pdf`]) → one [`ReceivedInvoice`] ([`read_invoice`]); hostile
//!   XML (DTD, entities) is refused and sizes are bounded.
//! - **Validate**: [`validate`] recomputes the EN 16931 rules and the FNFE BR-FR rules with exact
//!   decimals and returns every [`Finding`] with its rule id and location.
//!
//! The Factur-X PDF itself is written by `facturier-pdf` (`Renderer::render_facturx`).

pub mod cii;
pub mod error;
pub mod issued;
pub mod model;
pub mod pdf;
pub mod purchase;
pub mod read;
pub mod sample;
pub mod validate;
pub mod xml;

#[cfg(test)]
mod tests;

pub use cii::Profile;
pub use error::{CODES, EinvoiceError, Result};
pub use model::ReceivedInvoice;
pub use pdf::read_pdf;
pub use validate::{Finding, Level, validate};

use facturier_core::documents::invoice::IssuedInvoice;

/// The EN 16931 findings that stop [`facturx_xml`]: every error except the French BR-FR ones
/// (which depend on the flow, B2B or B2C, and are reported by [`validate`] for the caller).
pub fn blocking_findings(model: &ReceivedInvoice) -> Vec<Finding> {
    validate(model).into_iter().filter(|f| f.level == Level::Error && !validate::is_french_rule(&f.rule)).collect()
}

/// The CII XML of an issued document for `profile`, checked first (EN 16931 BR-CO-10..17,
/// BR-S/Z/E/AE/K/G/O-08/09/10, BR-DEC, code lists): a document that would fail is
/// [`EinvoiceError::Rules`] with every finding, never a file.
pub fn facturx_xml(invoice: &IssuedInvoice, profile: Profile) -> Result<Vec<u8>> {
    let mut model = issued::from_issued(invoice)?;
    let findings = blocking_findings(&model);
    if !findings.is_empty() {
        return Err(EinvoiceError::Rules(findings));
    }
    model.specification = profile.urn().to_owned();
    Ok(cii::write(&model, profile))
}

/// Reads a received invoice: CII (Factur-X, ZUGFeRD, XRechnung CII) or UBL 2.1 Invoice /
/// CreditNote XML, or a PDF (starting `%PDF-`) carrying one of them ([`read_pdf`]).
pub fn read_invoice(bytes: &[u8]) -> Result<ReceivedInvoice> {
    if is_pdf(bytes) {
        return read_pdf(bytes);
    }
    read::read_xml(bytes)
}

/// True when `bytes` are a PDF: they start with the header `%PDF-` (ISO 32000-1, 7.5.2).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Reads and validates a received invoice: every finding, or the error that kept it from being read.
pub fn validate_invoice(bytes: &[u8]) -> Result<Vec<Finding>> {
    read_invoice(bytes).map(|inv| validate(&inv))
}
