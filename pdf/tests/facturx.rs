//! Factur-X PDFs (issue 15): the XML attached as `factur-x.xml` (extracted back with lopdf, the
//! same bytes as `facturx_xml`), its AFRelationship and MIME type per profile, the `fx:` XMP
//! values and their extension schema, PDF/A-3b kept, reproducible bytes, every invoice kind and
//! profile; read back by the e-invoice reader to the same totals.
//!
//! `FACTURIER_EINVOICE_OUT=dir` keeps the PDFs and their XML there (for
//! `scripts/einvoice-validate` and `scripts/facturx-pdf-validate`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use facturier_core::IssuedInvoice;
use facturier_einvoice::{Profile, facturx_xml, read_invoice};
use facturier_pdf::{RenderOptions, Renderer};
use lopdf::{Document, Object};

const PROFILES: [Profile; 5] = [Profile::Minimum, Profile::BasicWl, Profile::Basic, Profile::En16931, Profile::Extended];

fn keep(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("FACTURIER_EINVOICE_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn invoices() -> Vec<(&'static str, IssuedInvoice)> {
    let s = support::story();
    vec![
        ("invoice", facturier_einvoice::sample::invoice(12).unwrap()),
        ("deposit", s.deposit),
        ("final", s.final_invoice),
        ("credit-note", s.credit_note),
    ]
}

/// The attached files of the catalog's `/AF`: (name, AFRelationship, MIME subtype, description, bytes).
fn attachments(pdf: &[u8]) -> Vec<(String, String, String, String, Vec<u8>)> {
    let doc = Document::load_mem(pdf).unwrap();
    let af = doc.catalog().unwrap().get(b"AF").unwrap();
    let af = match af {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    };
    af.as_array()
        .unwrap()
        .iter()
        .map(|spec| {
            let spec = doc.get_dictionary(spec.as_reference().unwrap()).unwrap();
            let name = lopdf::decode_text_string(spec.get(b"UF").unwrap()).unwrap();
            let rel = String::from_utf8(spec.get(b"AFRelationship").unwrap().as_name().unwrap().to_vec()).unwrap();
            let desc = lopdf::decode_text_string(spec.get(b"Desc").unwrap()).unwrap();
            let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
            let stream = doc.get_object(ef.get(b"F").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
            let mime = String::from_utf8(stream.dict.get(b"Subtype").unwrap().as_name().unwrap().to_vec()).unwrap();
            (name, rel, mime, desc, stream.decompressed_content().unwrap())
        })
        .collect()
}

fn xmp(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).unwrap();
    let id = doc.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    String::from_utf8(doc.get_object(id).unwrap().as_stream().unwrap().content.clone()).unwrap()
}

#[test]
fn every_kind_and_profile_attaches_its_xml_with_the_fx_xmp() {
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    for (name, inv) in invoices() {
        for profile in PROFILES {
            let pdf = r.render_facturx(&inv, &o, profile).unwrap();
            let xml = facturx_xml(&inv, profile).unwrap();
            let tag = profile.conformance_level().replace(' ', "-").to_lowercase();
            keep(&format!("{name}-{tag}.pdf"), &pdf);
            keep(&format!("{name}-{tag}.xml"), &xml);

            let files = attachments(&pdf);
            assert_eq!(files.len(), 1, "{name} {profile:?}");
            let (file, rel, mime, desc, bytes) = &files[0];
            assert_eq!(file, "factur-x.xml");
            let expected = if matches!(profile, Profile::Minimum | Profile::BasicWl) { "Data" } else { "Alternative" };
            assert_eq!(rel, expected, "{name} {profile:?}");
            assert_eq!(mime, "text/xml");
            assert!(desc.contains(profile.conformance_level()), "{desc}");
            assert_eq!(bytes, &xml, "{name} {profile:?}: the attached XML is facturx_xml's");

            let meta = xmp(&pdf);
            for value in [
                "<fx:DocumentType>INVOICE</fx:DocumentType>",
                "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
                "<fx:Version>1.0</fx:Version>",
                &format!("<fx:ConformanceLevel>{}</fx:ConformanceLevel>", profile.conformance_level()),
                "<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>",
                "<pdfaSchema:prefix>fx</pdfaSchema:prefix>",
                "<pdfaid:part>3</pdfaid:part>",
            ] {
                assert!(meta.contains(value), "{name} {profile:?}: no {value} in\n{meta}");
            }
            assert_eq!(meta.matches("<pdfaExtension:schemas>").count(), 1, "one schemas property:\n{meta}");
            assert!(meta.trim_end().ends_with("?>"), "the packet is closed");

            // the e-invoice reader reads it back to the same invoice as the XML
            assert_eq!(read_invoice(&pdf).unwrap(), read_invoice(&xml).unwrap(), "{name} {profile:?}");
        }
    }
}

#[test]
fn factur_x_pdfs_are_reproducible_and_the_plain_render_is_unchanged() {
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let (_, inv) = invoices().remove(2);
    let a = r.render_facturx(&inv, &o, Profile::En16931).unwrap();
    let _other = r.render_facturx(&invoices()[0].1, &o, Profile::Basic).unwrap();
    let b = r.render_facturx(&inv, &o, Profile::En16931).unwrap();
    assert_eq!(support::sha256(&a), support::sha256(&b));
    // an incremental update: Typst's PDF/A-3b bytes come first, untouched, /ID kept
    let pdfa = RenderOptions { pdf_a: true, ..RenderOptions::default() };
    let plain = r.render(&support::invoice_doc(&inv), &pdfa).unwrap();
    assert!(!plain.windows(12).any(|w| w == b"factur-x.xml"), "the plain render attaches nothing");
    let doc = Document::load_mem(&a).unwrap();
    assert!(doc.trailer.get(b"ID").is_ok());
    assert_eq!(a.windows(9).filter(|w| w == b"startxref").count(), 2, "the XMP is an incremental update");
}

#[test]
fn a_custom_template_must_attach_the_xml() {
    let r = Renderer::new().unwrap();
    let (_, inv) = invoices().remove(0);
    let bare = RenderOptions {
        custom_template: Some("#let d = json(\"/data.json\")\n#set document(title: d.meta.title)\n= #d.number\n".into()),
        ..RenderOptions::default()
    };
    let e = r.render_facturx(&inv, &bare, Profile::En16931).unwrap_err();
    assert_eq!(e.code(), "pdf.data", "{e}");
    let attached = RenderOptions {
        custom_template: Some(
            "#import \"/lib.typ\": *\n#let d = json(\"/data.json\")\n#set document(title: d.meta.title)\n#facturx-attach(d)\n= #d.number\n"
                .into(),
        ),
        ..RenderOptions::default()
    };
    let pdf = r.render_facturx(&inv, &attached, Profile::En16931).unwrap();
    assert_eq!(attachments(&pdf)[0].4, facturx_xml(&inv, Profile::En16931).unwrap());
}
