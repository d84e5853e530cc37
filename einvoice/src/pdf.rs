//! A received Factur-X / ZUGFeRD / XRechnung PDF: the XML invoice embedded in it, extracted with
//! lopdf and read as any CII or UBL file.
//!
//! The PDF's attachments are those of the catalog's `/AF` array (PDF/A-3) and of its
//! `/Names /EmbeddedFiles` name tree. The invoice is the attachment with one of the names the
//! Factur-X / ZUGFeRD / XRechnung specifications give it ([`INVOICE_FILE_NAMES`]); a PDF with
//! no such name but exactly one XML attachment is read from that one. No XML: a typed
//! [`EinvoiceError::PdfNoXml`]; several candidates: [`EinvoiceError::PdfSeveralXml`] (never a
//! guess); a PDF lopdf cannot read: [`EinvoiceError::PdfUnreadable`]. The input, each
//! decompressed stream and the name tree's walk are bounded.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::error::{EinvoiceError, Result};
use crate::model::ReceivedInvoice;
use crate::xml::Limits;

/// The names an embedded invoice is given: `factur-x.xml` (Factur-X 1.0), `zugferd-invoice.xml`
/// (ZUGFeRD 2.x), `ZUGFeRD-invoice.xml` (ZUGFeRD 1.0), `xrechnung.xml` (XRechnung in ZUGFeRD
/// 2.1+); compared without case.
pub const INVOICE_FILE_NAMES: [&str; 3] = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"];

/// Largest PDF read (64 MiB).
pub const MAX_PDF_BYTES: usize = 64 * 1024 * 1024;

/// Most file specifications walked in the name tree and `/AF` (a hostile tree cannot loop or
/// fan out without end).
const MAX_FILE_SPECS: usize = 10_000;

/// Deepest name tree walked.
const MAX_TREE_DEPTH: usize = 32;

/// One file attached to a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfAttachment {
    /// Its name (`/UF`, else `/F`).
    pub name: String,
    /// Its MIME type (the `/Subtype` of the embedded file stream), when given.
    pub mime_type: Option<String>,
    /// The file specification's object, when indirect (to list each file once).
    id: Option<ObjectId>,
    /// The embedded file stream.
    stream: Option<ObjectId>,
}

impl PdfAttachment {
    /// True for an XML file: a `.xml` name or an XML MIME type.
    pub fn is_xml(&self) -> bool {
        self.name.to_ascii_lowercase().ends_with(".xml") || matches!(self.mime_type.as_deref(), Some("text/xml" | "application/xml"))
    }

    /// True when the name is one of [`INVOICE_FILE_NAMES`].
    pub fn is_invoice_name(&self) -> bool {
        INVOICE_FILE_NAMES.iter().any(|n| n.eq_ignore_ascii_case(&self.name))
    }
}

fn unreadable(message: impl Into<String>) -> EinvoiceError {
    EinvoiceError::PdfUnreadable(message.into())
}

/// Parses a PDF, bounded: at most [`MAX_PDF_BYTES`], each stream decompressed to at most the XML
/// limit. A panic of the parser on hostile bytes is caught and reported as unreadable.
fn load(bytes: &[u8], limits: &Limits) -> Result<Document> {
    if bytes.len() > MAX_PDF_BYTES {
        return Err(EinvoiceError::TooLarge(format!("PDF of {} bytes, at most {MAX_PDF_BYTES}", bytes.len())));
    }
    let options = lopdf::LoadOptions::with_max_decompressed_size(limits.max_bytes);
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(bytes, options));
    match loaded {
        Ok(Ok(doc)) if doc.is_encrypted() => Err(unreadable("the PDF is encrypted")),
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(unreadable(format!("not a readable PDF: {e}"))),
        Err(_) => Err(unreadable("not a readable PDF: the parser gave up")),
    }
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    resolve(doc, o).and_then(|o| o.as_dict().ok())
}

fn attachment(doc: &Document, spec: &Object) -> Option<PdfAttachment> {
    let id = match spec {
        Object::Reference(id) => Some(*id),
        _ => None,
    };
    let d = dict(doc, spec)?;
    let name =
        d.get(b"UF").or_else(|_| d.get(b"F")).ok().and_then(|n| lopdf::decode_text_string(resolve(doc, n)?).ok()).unwrap_or_default();
    let ef = d.get(b"EF").ok().and_then(|e| dict(doc, e));
    let file = ef.and_then(|ef| ef.get(b"UF").or_else(|_| ef.get(b"F")).ok());
    let stream = match file {
        Some(Object::Reference(sid)) => Some(*sid),
        _ => None,
    };
    let mime_type = stream
        .and_then(|sid| doc.get_object(sid).ok())
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| s.dict.get(b"Subtype").ok())
        .and_then(|t| t.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned());
    Some(PdfAttachment { name, mime_type, id, stream })
}

/// Walks the `/EmbeddedFiles` name tree (`/Names` pairs, `/Kids`), bounded in depth and count.
fn walk(doc: &Document, node: &Object, depth: usize, seen: &mut BTreeSet<ObjectId>, out: &mut Vec<PdfAttachment>) {
    if depth > MAX_TREE_DEPTH || out.len() >= MAX_FILE_SPECS {
        return;
    }
    if let Object::Reference(id) = node
        && !seen.insert(*id)
    {
        return;
    }
    let Some(d) = dict(doc, node) else { return };
    if let Some(names) = d.get(b"Names").ok().and_then(|n| resolve(doc, n)).and_then(|n| n.as_array().ok()) {
        for pair in names.chunks(2) {
            if let [_, spec] = pair
                && let Some(a) = attachment(doc, spec)
                && out.len() < MAX_FILE_SPECS
            {
                out.push(a);
            }
        }
    }
    if let Some(kids) = d.get(b"Kids").ok().and_then(|k| resolve(doc, k)).and_then(|k| k.as_array().ok()) {
        for kid in kids {
            walk(doc, kid, depth + 1, seen, out);
        }
    }
}

/// Every file attached to the PDF: the catalog's `/AF` and the `/EmbeddedFiles` name tree, each
/// file once.
fn attachments(doc: &Document) -> Result<Vec<PdfAttachment>> {
    let catalog = doc.catalog().map_err(|e| unreadable(format!("the PDF has no catalog: {e}")))?;
    let mut found = Vec::new();
    if let Some(af) = catalog.get(b"AF").ok().and_then(|a| resolve(doc, a)).and_then(|a| a.as_array().ok()) {
        found.extend(af.iter().take(MAX_FILE_SPECS).filter_map(|spec| attachment(doc, spec)));
    }
    if let Some(tree) = catalog.get(b"Names").ok().and_then(|n| dict(doc, n)).and_then(|n| n.get(b"EmbeddedFiles").ok()) {
        walk(doc, tree, 0, &mut BTreeSet::new(), &mut found);
    }
    // each file once: the same file specification (or, direct, the same name and stream)
    let mut seen = BTreeSet::new();
    found.retain(|a| seen.insert((a.id, a.stream, if a.id.is_some() { String::new() } else { a.name.clone() })));
    Ok(found)
}

/// The names of the files attached to a PDF (for a reader's listing).
pub fn attachment_names(bytes: &[u8]) -> Result<Vec<String>> {
    let doc = load(bytes, &Limits::default())?;
    Ok(attachments(&doc)?.into_iter().map(|a| a.name).collect())
}

/// The invoice XML embedded in a PDF: its attachment name and bytes.
pub fn embedded_xml(bytes: &[u8]) -> Result<(String, Vec<u8>)> {
    embedded_xml_with(bytes, &Limits::default())
}

/// [`embedded_xml`] within `limits` (the XML's size bounds the decompressed stream).
pub fn embedded_xml_with(bytes: &[u8], limits: &Limits) -> Result<(String, Vec<u8>)> {
    let doc = load(bytes, limits)?;
    let all = attachments(&doc)?;
    let named: Vec<&PdfAttachment> = all.iter().filter(|a| a.is_invoice_name()).collect();
    let candidates: Vec<&PdfAttachment> = if named.is_empty() { all.iter().filter(|a| a.is_xml()).collect() } else { named };
    let chosen = match candidates.as_slice() {
        [one] => *one,
        [] => {
            let listed = all.iter().map(|a| a.name.as_str()).collect::<Vec<_>>();
            return Err(EinvoiceError::PdfNoXml(if listed.is_empty() {
                "the PDF has no attached file".into()
            } else {
                format!("the PDF attaches no XML file (attached: {})", listed.join(", "))
            }));
        }
        several => return Err(EinvoiceError::PdfSeveralXml(several.iter().map(|a| a.name.clone()).collect())),
    };
    let stream = chosen
        .stream
        .and_then(|id| doc.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
        .ok_or_else(|| unreadable(format!("the attachment {} has no embedded file stream", chosen.name)))?;
    let xml = stream.decompressed_content_with_limit(limits.max_bytes).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            EinvoiceError::TooLarge(format!("the attachment {} is larger than {} bytes", chosen.name, limits.max_bytes))
        }
        other => unreadable(format!("the attachment {} cannot be decoded: {other}", chosen.name)),
    })?;
    Ok((chosen.name.clone(), xml))
}

/// Reads the invoice embedded in a Factur-X / ZUGFeRD / XRechnung PDF ([`embedded_xml`]), CII or UBL.
pub fn read_pdf(bytes: &[u8]) -> Result<ReceivedInvoice> {
    let (_, xml) = embedded_xml(bytes)?;
    crate::read::read_xml(&xml)
}

#[cfg(test)]
mod tests;
