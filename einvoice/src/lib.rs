//! EN 16931 electronic invoices for facturier (issue 15).
//!
//! - **Write**: an issued invoice, deposit invoice (386), final invoice or credit note (381, 503
//!   for a credit note of a deposit) → UN/CEFACT CII D16B XML for a Factur-X profile
//!   ([`facturx_xml`]), EN 16931 by default, with the French 2026 fields first-class (BT-23,
//!   SIREN BT-30 scheme 0002, SIRET 0009, electronic addresses 0225, PMT / PMD / AAB / TXD / BAR
//!   notes). The arithmetic and the EN 16931 rules are checked natively first: a document that
//!   would fail is [`EinvoiceError::Rules`], never a file. Same input, same bytes.
//! - **Read**: CII or UBL 2.1 Invoice / CreditNote XML → one [`ReceivedInvoice`]
//!   ([`read_invoice`]); hostile XML (DTD, entities) is refused and sizes are bounded.
//! - **Validate**: [`validate`] recomputes the EN 16931 rules and the FNFE BR-FR rules with exact
//!   decimals and returns every [`Finding`] with its rule id and location.
//!
//! Phase 2 (not here yet): reading the `factur-x.xml` embedded in a Factur-X / ZUGFeRD PDF
//! (`read_pdf(bytes: &[u8]) -> Result<ReceivedInvoice>`, with lopdf: exactly one XML attachment
//! named factur-x.xml / zugferd-invoice.xml / xrechnung.xml, else a typed error), and writing the
//! Factur-X PDF itself (in `pdf`, XMP post-processing).

pub mod cii;
pub mod error;
pub mod issued;
pub mod model;
pub mod purchase;
pub mod read;
pub mod sample;
pub mod validate;
pub mod xml;

#[cfg(test)]
mod tests;

pub use cii::Profile;
pub use error::{EinvoiceError, Result};
pub use model::ReceivedInvoice;
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
/// CreditNote XML. A PDF is refused for now ([`EinvoiceError::UnknownSyntax`]; phase 2).
pub fn read_invoice(bytes: &[u8]) -> Result<ReceivedInvoice> {
    if bytes.starts_with(b"%PDF") {
        return Err(EinvoiceError::UnknownSyntax("PDF (reading the embedded XML of a Factur-X PDF is not supported yet)".into()));
    }
    read::read_xml(bytes)
}

/// Reads and validates a received invoice: every finding, or the error that kept it from being read.
pub fn validate_invoice(bytes: &[u8]) -> Result<Vec<Finding>> {
    read_invoice(bytes).map(|inv| validate(&inv))
}
