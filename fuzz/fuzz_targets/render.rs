//! The render data path (NOT run by CI: it links Typst, ~10 minutes of instrumented build on 2
//! cores; `pdf/tests/text_literal.rs` is the cheap equivalent CI runs). An edited draft whose
//! party names, line descriptions and notes are arbitrary text is issued by the core and
//! rendered: the render gives a PDF or a typed `PdfError` (never `pdf.internal`). With
//! `FACTURIER_FUZZ_PDFTOTEXT=1` and `pdftotext` installed, each text that was rendered must
//! appear literally in the PDF's text (whitespace and invisible characters aside; texts with
//! controls, bidi controls or characters the fonts lack are only rendered: open findings 1, 2).
//!
//! Build and run: `RUSTC_BOOTSTRAP=1 cargo fuzz run --features render render` (see README.md).
#![no_main]

use std::sync::OnceLock;

use facturier_fuzz::edit::DocGen;
use facturier_fuzz::leaf::{Few, Text};
use facturier_fuzz::pools::{Descriptions, Names};
use facturier_fuzz::{literal, ops, seeds};
use facturier_pdf::{Branding, RenderOptions, Renderer};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| Renderer::new().unwrap_or_else(|e| panic!("the renderer does not start: {e}")))
}

fn set(doc: &mut Value, path: &[&str], text: &str) {
    let mut v = doc;
    for k in path {
        let Some(next) = v.get_mut(*k) else { return };
        v = next;
    }
    *v = Value::from(text);
}

fuzz_target!(|input: (DocGen, Text<Names>, Text<Names>, Few<Text<Descriptions>, 3>, Option<Text<Descriptions>>)| {
    let (doc, seller, buyer, texts, footer) = input;
    let mut value = doc.render(seeds::drafts());
    set(&mut value, &["seller", "name"], seller.as_str());
    set(&mut value, &["buyer", "name"], buyer.as_str());
    let mut printed = vec![seller.as_str(), buyer.as_str()];
    for (i, t) in texts.0.iter().enumerate() {
        if let Some(line) = value.get_mut("lines").and_then(|l| l.get_mut(i)) {
            line["description"] = Value::from(t.as_str());
            printed.push(t.as_str());
        }
    }
    // open finding 6: a text of hundreds of KiB takes the render past a minute and 2 GB
    // (issue 12, class 1: text bounded per field): tolerated unless strict
    let long = printed.iter().chain(footer.as_ref().map(|f| f.as_str()).iter()).any(|t| t.len() > 4096);
    if long && !ops::strict() {
        return;
    }
    let plan = ops::Plan::plain();
    let Some(draft) = ops::read::<facturier_core::InvoiceDraft>(value) else { return };
    let state = ops::series("invoices", "F-{YYYY}-{SEQ:5}");
    let Some((invoice, _)) = ops::typed(facturier_core::issue(draft, &state, plan.issue.0)) else { return };
    let options = RenderOptions {
        branding: Branding { footer: footer.as_ref().map(|f| f.as_str().to_owned()), ..Branding::default() },
        ..RenderOptions::default()
    };
    match renderer().render(&facturier_core::Document::Invoice(invoice), &options) {
        Ok(pdf) => {
            assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
            if std::env::var_os("FACTURIER_FUZZ_PDFTOTEXT").is_some()
                && let Some(text) = literal::pdftotext(&pdf)
            {
                for t in printed.into_iter().filter(|t| literal::comparable(t)) {
                    assert!(literal::printed(&text, t), "{t:?} is not printed literally:\n{text}");
                }
            }
        }
        Err(e) => assert_ne!(e.code(), "pdf.internal", "a failure of the renderer itself: {e}"),
    }
});
