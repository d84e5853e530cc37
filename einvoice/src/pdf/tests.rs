#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use super::*;
use crate::{Profile, facturx_xml, read_invoice, sample};

/// A one-page PDF attaching `files` (name, MIME type, bytes) in the `/EmbeddedFiles` name tree
/// and, when `af`, in the catalog's `/AF`, the streams compressed when `compress`.
fn pdf_with(files: &[(&str, &str, &[u8])], af: bool, compress: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let page = doc
        .add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let mut names = Vec::new();
    let mut specs = Vec::new();
    for (name, mime, bytes) in files {
        let mut stream =
            Stream::new(dictionary! { "Type" => "EmbeddedFile", "Subtype" => Object::Name(mime.as_bytes().to_vec()) }, bytes.to_vec());
        if compress {
            stream.compress().unwrap();
        }
        let file = doc.add_object(stream);
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(*name),
            "UF" => Object::string_literal(*name),
            "EF" => dictionary! { "F" => file, "UF" => file },
            "AFRelationship" => "Alternative",
        });
        names.push(Object::string_literal(*name));
        names.push(spec.into());
        specs.push(Object::from(spec));
    }
    let mut catalog: Dictionary = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    if !files.is_empty() {
        catalog.set("Names", dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } });
    }
    if af {
        catalog.set("AF", specs);
    }
    let catalog = doc.add_object(catalog);
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn xml() -> Vec<u8> {
    facturx_xml(&sample::invoice(3).unwrap(), Profile::En16931).unwrap()
}

#[test]
fn a_factur_x_pdf_reads_back_to_the_xml_totals() {
    let xml = xml();
    let from_xml = read_invoice(&xml).unwrap();
    for (af, compress) in [(true, true), (false, false), (true, false)] {
        let pdf = pdf_with(&[("factur-x.xml", "text/xml", &xml)], af, compress);
        let (name, extracted) = embedded_xml(&pdf).unwrap();
        assert_eq!(name, "factur-x.xml");
        assert_eq!(extracted, xml);
        let read = read_invoice(&pdf).unwrap();
        assert_eq!(read.totals, from_xml.totals);
        assert_eq!(read, from_xml);
    }
    // the ZUGFeRD and XRechnung names, any case
    for name in ["zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"] {
        let pdf = pdf_with(&[(name, "text/xml", &xml)], true, true);
        assert_eq!(read_pdf(&pdf).unwrap().totals, from_xml.totals, "{name}");
    }
    // an invoice name beside a supplementary XML: the invoice; one XML of another name: that one
    let pdf = pdf_with(&[("factur-x.xml", "text/xml", &xml), ("timesheet.xml", "text/xml", b"<a/>")], true, true);
    assert_eq!(embedded_xml(&pdf).unwrap().0, "factur-x.xml");
    let pdf = pdf_with(&[("invoice.xml", "application/xml", &xml), ("photo.png", "image/png", b"png")], true, true);
    assert_eq!(read_pdf(&pdf).unwrap().totals, from_xml.totals);
    assert_eq!(attachment_names(&pdf).unwrap(), ["invoice.xml", "photo.png"]);
}

#[test]
fn a_pdf_without_xml_is_no_xml() {
    let e = read_invoice(&pdf_with(&[], false, false)).unwrap_err();
    assert_eq!(e.code(), "einvoice.pdf.no_xml", "{e}");
    let e = read_invoice(&pdf_with(&[("photo.png", "image/png", b"png")], true, false)).unwrap_err();
    assert_eq!(e.code(), "einvoice.pdf.no_xml");
    assert!(e.to_string().contains("photo.png"), "{e}");
}

#[test]
fn a_pdf_with_two_xml_is_several_xml() {
    let xml = xml();
    let pdf = pdf_with(&[("a.xml", "text/xml", &xml), ("b.xml", "text/xml", &xml)], true, true);
    let e = read_invoice(&pdf).unwrap_err();
    assert_eq!(e.code(), "einvoice.pdf.several_xml");
    assert!(matches!(&e, EinvoiceError::PdfSeveralXml(names) if names == &["a.xml", "b.xml"]), "{e:?}");
    let pdf = pdf_with(&[("factur-x.xml", "text/xml", &xml), ("zugferd-invoice.xml", "text/xml", &xml)], false, true);
    assert_eq!(read_invoice(&pdf).unwrap_err().code(), "einvoice.pdf.several_xml");
}

#[test]
fn a_corrupt_pdf_is_unreadable() {
    let xml = xml();
    let good = pdf_with(&[("factur-x.xml", "text/xml", &xml)], true, true);
    for bad in [b"%PDF-1.7".to_vec(), b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec(), good[..good.len() / 3].to_vec(), {
        let mut g = good.clone();
        g.iter_mut().skip(20).step_by(7).for_each(|b| *b = b'#');
        g
    }] {
        let e = read_invoice(&bad).unwrap_err();
        assert!(e.code().starts_with("einvoice.pdf."), "{e:?}");
    }
    assert_eq!(read_invoice(b"%PDF-1.7 garbage").unwrap_err().code(), "einvoice.pdf.unreadable");
}

#[test]
fn sizes_are_bounded() {
    // a decompression bomb: 40 MiB of zeros deflated to a few KiB
    let bomb = vec![b' '; 40 * 1024 * 1024];
    let pdf = pdf_with(&[("factur-x.xml", "text/xml", &bomb)], true, true);
    assert!(pdf.len() < 1024 * 1024);
    let e = read_invoice(&pdf).unwrap_err();
    assert!(matches!(e.code(), "einvoice.too_large" | "einvoice.pdf.unreadable"), "{e:?}");
    let small = Limits { max_bytes: 1000, ..Limits::default() };
    let pdf = pdf_with(&[("factur-x.xml", "text/xml", &xml())], true, true);
    assert_eq!(embedded_xml_with(&pdf, &small).unwrap_err().code(), "einvoice.too_large");
}
