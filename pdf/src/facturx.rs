//! The Factur-X PDF (Factur-X 1.0 / ZUGFeRD 2.x, issue 15): the PDF/A-3b of an issued invoice
//! with its CII XML attached as `factur-x.xml`, and the XMP metadata carrying the `fx:` values
//! and their PDF/A extension schema.
//!
//! Typst writes the PDF/A-3b and the attachment (`pdf.attach` in the templates' `document-body`,
//! the XML served by the world as `/factur-x.xml`, never spliced into a source) but cannot write
//! custom XMP (typst/typst#5667): the metadata stream is then replaced in an incremental update
//! (lopdf), which leaves Typst's bytes and the `/ID` untouched. No clock, no random identifier:
//! the same invoice gives the same bytes.

use facturier_core::IssuedInvoice;
use facturier_einvoice::Profile;
use lopdf::{Object, ObjectId};

use crate::error::{PdfError, internal};

/// The name of the attachment (Factur-X 1.0, § 6.2.2: `factur-x.xml` for every profile).
pub const FACTURX_FILE_NAME: &str = "factur-x.xml";

/// The namespace of the `fx:` XMP properties (Factur-X 1.0, § 6.2.3).
pub const FX_NAMESPACE: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

/// The AFRelationship of the attachment: `data` for MINIMUM and BASIC WL (not a full invoice,
/// the PDF is the invoice), `alternative` otherwise (Factur-X 1.0, § 6.2.2).
pub fn relationship(profile: Profile) -> &'static str {
    match profile {
        Profile::Minimum | Profile::BasicWl => "data",
        _ => "alternative",
    }
}

/// The XML of a Factur-X PDF, or the error of the e-invoice crate as a [`PdfError::Einvoice`].
pub(crate) fn xml(invoice: &IssuedInvoice, profile: Profile) -> Result<Vec<u8>, PdfError> {
    facturier_einvoice::facturx_xml(invoice, profile).map_err(einvoice_error)
}

/// An e-invoice error as a [`PdfError::Einvoice`], its code kept.
fn einvoice_error(e: facturier_einvoice::EinvoiceError) -> PdfError {
    PdfError::Einvoice { code: e.code(), message: e.to_string() }
}

/// The attachment's description.
pub(crate) fn description(profile: Profile) -> String {
    format!("Factur-X invoice ({})", profile.conformance_level())
}

/// The `rdf:li` of the PDF/A extension schema describing the `fx:` properties (ISO 19005-1,
/// 6.7.8; the text of the Factur-X 1.0 specification, § 6.2.3).
fn extension_schema() -> String {
    let property = |name: &str, description: &str| {
        format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
        )
    };
    format!(
        "<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>{FX_NAMESPACE}</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>{}{}{}{}</rdf:Seq></pdfaSchema:property></rdf:li>",
        property("DocumentFileName", "name of the embedded XML invoice file"),
        property("DocumentType", "INVOICE"),
        property("Version", "The actual version of the Factur-X XML schema"),
        property("ConformanceLevel", "The conformance level of the embedded Factur-X data"),
    )
}

/// The `rdf:Description` carrying the `fx:` values.
fn fx_description(profile: Profile) -> String {
    format!(
        "<rdf:Description rdf:about=\"\" xmlns:fx=\"{FX_NAMESPACE}\"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>{FACTURX_FILE_NAME}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>{}</fx:ConformanceLevel></rdf:Description>",
        profile.conformance_level()
    )
}

const EXTENSION_NS: &str = "xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"";

/// The XMP packet with the Factur-X values: the extension schema added to the packet's
/// `pdfaExtension:schemas` bag when it has one (a property may appear once), else in a
/// description of its own, and the `fx:` description before `</rdf:RDF>`.
pub(crate) fn facturx_xmp(packet: &str, profile: Profile) -> Result<String, PdfError> {
    let bad = |what: &str| internal(format!("the XMP packet of the PDF {what}"));
    if packet.contains(FX_NAMESPACE) {
        return Err(bad("already carries Factur-X values"));
    }
    let end = packet.rfind("</rdf:RDF>").ok_or_else(|| bad("has no </rdf:RDF>"))?;
    let schema = extension_schema();
    let mut out = String::with_capacity(packet.len() + 4096);
    match packet.find("<pdfaExtension:schemas>") {
        Some(start) => {
            let close =
                packet[start..].find("</rdf:Bag>").map(|i| start + i).filter(|&i| i < end).ok_or_else(|| bad("has no schemas bag"))?;
            // the bag's declarations of the pdfaSchema / pdfaProperty prefixes are those of
            // the packet's own extension schemas: check they are there
            if !packet.contains("xmlns:pdfaSchema=") || !packet.contains("xmlns:pdfaProperty=") {
                return Err(bad("declares no pdfaSchema / pdfaProperty prefix"));
            }
            out.push_str(&packet[..close]);
            out.push_str(&schema);
            out.push_str(&packet[close..end]);
        }
        None => {
            out.push_str(&packet[..end]);
            out.push_str(&format!(
                "<rdf:Description rdf:about=\"\" {EXTENSION_NS}><pdfaExtension:schemas><rdf:Bag>{schema}</rdf:Bag></pdfaExtension:schemas></rdf:Description>"
            ));
        }
    }
    out.push_str(&fx_description(profile));
    out.push_str(&packet[end..]);
    Ok(out)
}

/// Rewrites the XMP metadata of a Typst PDF/A-3b for `profile`, in an incremental update (the
/// original bytes, the `/ID` and every other object untouched), after checking that the PDF
/// carries exactly the attachment `factur-x.xml` (a custom template must call `document-body`
/// or `facturx-attach`).
pub(crate) fn add_facturx_xmp(pdf: Vec<u8>, profile: Profile) -> Result<Vec<u8>, PdfError> {
    let failed = |e: lopdf::Error| internal(format!("the Factur-X XMP rewrite failed: {e}"));
    let prev = lopdf::Document::load_mem(&pdf).map_err(failed)?;
    let mut doc = lopdf::IncrementalDocument::create_from(pdf, prev);
    let prev = doc.get_prev_documents();
    if !attached_names(prev).iter().any(|n| n == FACTURX_FILE_NAME) {
        return Err(PdfError::Data {
            message: "the template attached no factur-x.xml: a custom template for a Factur-X PDF must call `document-body` or `facturx-attach(d)`".into(),
        });
    }
    let metadata: ObjectId = prev
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|_| internal("the PDF has no XMP metadata (is it PDF/A?)"))?;
    let stream = prev.get_object(metadata).and_then(Object::as_stream).map_err(failed)?;
    if stream.dict.has(b"Filter") {
        return Err(internal("the XMP metadata stream is filtered"));
    }
    let packet = std::str::from_utf8(&stream.content).map_err(|e| internal(format!("the XMP packet is not UTF-8: {e}")))?;
    let rewritten = facturx_xmp(packet, profile)?;
    let mut stream = stream.clone();
    stream.set_content(rewritten.into_bytes());
    doc.new_document.set_object(metadata, Object::Stream(stream));
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| internal(format!("the Factur-X PDF could not be written: {e}")))?;
    Ok(out)
}

/// The names (`/UF`, else `/F`) of the files of the catalog's `/AF` array.
pub(crate) fn attached_names(doc: &lopdf::Document) -> Vec<String> {
    let Ok(af) = doc.catalog().and_then(|c| c.get(b"AF")) else { return vec![] };
    let af = match af {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    };
    let Some(Ok(list)) = af.map(Object::as_array) else { return vec![] };
    list.iter()
        .filter_map(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .filter_map(|spec| spec.get(b"UF").or_else(|_| spec.get(b"F")).ok())
        .filter_map(|name| lopdf::decode_text_string(name).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_einvoice_error_keeps_its_code() {
        let finding = facturier_einvoice::Finding {
            rule: "BR-CO-26".into(),
            level: facturier_einvoice::Level::Error,
            location: "/BG-4".into(),
            message: "no seller identifier".into(),
        };
        let e = einvoice_error(facturier_einvoice::EinvoiceError::Rules(vec![finding]));
        assert_eq!(e.code(), "pdf.einvoice");
        assert!(matches!(&e, PdfError::Einvoice { code: "einvoice.rules", message } if message.contains("BR-CO-26")), "{e:?}");
    }

    #[test]
    fn the_xmp_gets_the_fx_values_once() {
        let packet =
            "<?xpacket begin=\"\"?><x:xmpmeta><rdf:RDF><rdf:Description rdf:about=\"\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
        let out = facturx_xmp(packet, Profile::BasicWl).unwrap_or_default();
        assert!(out.contains("<fx:ConformanceLevel>BASIC WL</fx:ConformanceLevel>"), "{out}");
        assert_eq!(out.matches("<pdfaExtension:schemas>").count(), 1);
        assert!(out.ends_with("</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"));
        assert_eq!(facturx_xmp(&out, Profile::BasicWl).err().map(|e| e.code()), Some("pdf.internal"), "never twice");
    }
}
