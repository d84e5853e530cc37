//! `facturier facturx`: an issued invoice (JSON, as `facturier demo` writes it) → its Factur-X PDF
//! (PDF/A-3b with `factur-x.xml` attached and the Factur-X XMP), or the CII XML alone.

use facturier_core::{Document, IssuedInvoice};
use facturier_einvoice::Profile;
use facturier_pdf::{RenderOptions, Renderer};

use crate::CliError;

/// The profile named on the command line: `en16931` (default), `basic-wl`, `basic`, `minimum`, `extended`.
pub fn profile(name: Option<&str>) -> Result<Profile, CliError> {
    match name {
        None => Ok(Profile::En16931),
        Some(n) => Profile::parse(n)
            .ok_or_else(|| CliError::Usage(format!("unknown Factur-X profile {n:?}: en16931, basic-wl, basic, minimum or extended"))),
    }
}

/// The issued invoice of the JSON `text` (a quote is refused: it is no invoice).
pub fn invoice(text: &str) -> Result<IssuedInvoice, CliError> {
    match Document::from_json_str(text)? {
        Document::Invoice(inv) => Ok(inv),
        _ => Err(CliError::Usage("a Factur-X document is made of an issued invoice, deposit, final invoice or credit note".into())),
    }
}

/// The Factur-X PDF of the issued invoice `text`, or its XML alone when `xml_only`.
pub fn facturx(text: &str, profile: Profile, xml_only: bool, options: &RenderOptions) -> Result<Vec<u8>, CliError> {
    let invoice = invoice(text)?;
    if xml_only {
        return Ok(facturier_einvoice::facturx_xml(&invoice, profile)?);
    }
    Ok(Renderer::new()?.render_facturx(&invoice, options, profile)?)
}
