//! Render limits (`RenderLimits`, `pdf.limit`): hostile custom templates end in a typed error
//! well within twice the time budget, normal renders are untouched (byte-identical with and
//! without limits), and the limits are the host's to set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::time::{Duration, Instant};

use facturier_core::documents::numbering::NumberingState;
use facturier_core::{Document, InvoiceDraft, NaiveDate, issue, json};
use facturier_pdf::{PdfError, RenderLimits, RenderOptions, Renderer};
use support::invoice_doc;

/// A shorter budget than the default (2 s), so that the tests are quick.
const BUDGET: Duration = Duration::from_secs(1);

fn invoice(lines: usize) -> Document {
    let mut d: InvoiceDraft = json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap();
    let model = d.lines.clone();
    d.lines = (0..lines)
        .map(|i| {
            let mut l = model[i % model.len()].clone();
            l.id = (i + 1).to_string();
            l
        })
        .collect();
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
    invoice_doc(&issue(d, &state, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap().0)
}

/// The page count of a PDF: the largest `/Count` (that of the page tree's root).
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Count ")
        .filter_map(|(i, m)| text[i + m.len()..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .max()
        .unwrap_or(0)
}

fn custom(src: &str) -> RenderOptions {
    let limits = RenderLimits { template_time: BUDGET, ..RenderLimits::DEFAULT };
    RenderOptions { custom_template: Some(src.to_owned()), limits, ..RenderOptions::default() }
}

/// Renders `src` as a custom template and expects the error of `limit` (`pdf.limit`; `"size or
/// time"`: `value_size` or `template_time`), or
/// Typst's own `pdf.template` when `limit` is `None`, within ten times the budget: the bound
/// proves the work is stopped, not how fast (a loaded 2-core machine stretches a 1 s budget).
fn refused(r: &Renderer, src: &str, limit: Option<&str>) -> PdfError {
    let t0 = Instant::now();
    let err = r.render(&invoice(3), &custom(src)).map(|_| ()).expect_err(src);
    let took = t0.elapsed();
    assert!(took < 10 * BUDGET, "{src}: refused after {took:?}: {err}");
    match (limit, &err) {
        // `value_size` or `template_time`, whichever comes first on a loaded machine
        (Some("size or time"), PdfError::Limit { limit, .. }) => assert!(["value_size", "template_time"].contains(limit), "{src}: {err}"),
        (Some(want), PdfError::Limit { limit, .. }) => assert_eq!(*limit, want, "{src}: {err}"),
        (None, PdfError::Template { .. }) => {}
        _ => panic!("{src}: expected {limit:?}, got {err}"),
    }
    let code = if limit.is_some() { "pdf.limit" } else { "pdf.template" };
    assert_eq!(err.code(), code);
    err
}

#[test]
fn hostile_templates_are_stopped() {
    let r = Renderer::new().unwrap();
    refused(&r, "#for i in range(10000) { for j in range(10000) { for k in range(10000) { } } }", Some("template_time"));
    refused(&r, "#let f(n, k) = if n == 0 { k } else { f(n - 1, 2 * k) + f(n - 1, 2 * k + 1) }\n#f(60, 0)", Some("template_time"));
    refused(&r, "#for i in range(100000000) { }", Some("value_size"));
    refused(&r, "#let a = range(1000000000)", Some("value_size"));
    refused(&r, "#let a = (0,) * 1000000000", Some("value_size"));
    refused(&r, "#let s = \"x\" * 1000000000", Some("value_size"));
    refused(&r, "#let s = \"xx\"\n#for i in range(40) { s = s + s }", Some("size or time"));
    refused(&r, "#let a = (1, 2)\n#for i in range(40) { a = a + a }", Some("size or time"));
    refused(&r, "#let c = [x]\n#for i in range(40) { c = c + c }\n#c", Some("size or time"));
    refused(&r, "#lorem(100000000)", Some("value_size"));
    refused(&r, "#(\"mot \" * 2500000)", Some("value_size"));
    refused(&r, "#let c = [x]\n#for i in range(100000) { c = box(c) }\n#c", Some("nesting"));
    refused(&r, "#for i in range(100000) { pagebreak() }", Some("max_pages"));
    // Typst's own bounds: iterations of one `while`, call depth and parsing depth.
    refused(&r, "#let i = 0\n#while i >= 0 { i += 1 }", None);
    refused(&r, "#let f(n) = f(n + 1)\n#f(0)", None);
    refused(&r, &format!("#{}1{}", "(".repeat(100_000), ")".repeat(100_000)), None);
}

#[test]
fn a_stopped_render_leaves_the_renderer_sound() {
    let r = Renderer::new().unwrap();
    let doc = invoice(3);
    let before = r.render(&doc, &RenderOptions::default()).unwrap();
    refused(&r, "#for i in range(5000) [Page #i #pagebreak()]", Some("max_pages"));
    refused(&r, "#for i in range(10000) { for j in range(10000) { } }", Some("template_time"));
    refused(&r, "#let c = [y]\n#for i in range(20000) { c = box(c) }\n#c", Some("nesting"));
    assert_eq!(r.render(&doc, &RenderOptions::default()).unwrap(), before);
}

#[test]
fn normal_renders_are_unchanged() {
    let r = Renderer::new().unwrap();
    let doc = invoice(60);
    let limited = r.render(&doc, &RenderOptions::default()).unwrap();
    let unlimited = RenderOptions { limits: RenderLimits::UNLIMITED, ..RenderOptions::default() };
    assert_eq!(limited, r.render(&doc, &unlimited).unwrap(), "byte-identical with and without limits");

    let src = "#let data = json(\"/data.json\")\n= #data.meta.title\n#for l in data.lines [- #l.description]\n";
    let pdf = r.render(&doc, &custom(src)).unwrap();
    let no_limits = RenderOptions { custom_template: Some(src.to_owned()), limits: RenderLimits::UNLIMITED, ..RenderOptions::default() };
    assert_eq!(pdf, r.render(&doc, &no_limits).unwrap(), "byte-identical with and without limits");
}

#[test]
fn limits_are_the_hosts() {
    let r = Renderer::new().unwrap();
    let doc = invoice(100);
    let pages = page_count(&r.render(&doc, &RenderOptions::default()).unwrap());
    assert!(pages >= 2, "the 100-line invoice has {pages} pages");
    let enough = RenderOptions { limits: RenderLimits { max_pages: pages, ..RenderLimits::DEFAULT }, ..RenderOptions::default() };
    r.render(&doc, &enough).unwrap();

    let one_less = RenderOptions { limits: RenderLimits { max_pages: pages - 1, ..RenderLimits::DEFAULT }, ..RenderOptions::default() };
    let err = r.render(&doc, &one_less).map(|_| ()).unwrap_err();
    assert!(matches!(err, PdfError::Limit { limit: "max_pages", .. }), "{err}");
    assert_eq!(err.code(), "pdf.limit");

    let small = RenderOptions { limits: RenderLimits { max_output_bytes: 1000, ..RenderLimits::DEFAULT }, ..RenderOptions::default() };
    let err = r.render(&doc, &small).map(|_| ()).unwrap_err();
    assert!(matches!(err, PdfError::Limit { limit: "max_output_bytes", .. }), "{err}");

    let short =
        RenderOptions { limits: RenderLimits { max_template_bytes: 10, ..RenderLimits::DEFAULT }, ..custom("= Un titre assez long") };
    let err = r.render(&doc, &short).map(|_| ()).unwrap_err();
    assert!(matches!(err, PdfError::Limit { limit: "max_template_bytes", .. }), "{err}");

    // (Another document: Typst replays one it has just made from its caches, without work.)
    let hasty = RenderOptions { limits: RenderLimits { render_time: Duration::ZERO, ..RenderLimits::DEFAULT }, ..RenderOptions::default() };
    let err = r.render(&invoice(99), &hasty).map(|_| ()).unwrap_err();
    assert!(matches!(err, PdfError::Limit { limit: "render_time", .. }), "{err}");

    // A generous budget lets a slow template finish.
    let slow = "#let n = 0\n#for i in range(200000) { n += i }\n#n";
    let generous =
        RenderOptions { limits: RenderLimits { template_time: Duration::from_secs(60), ..RenderLimits::DEFAULT }, ..custom(slow) };
    r.render(&doc, &generous).unwrap();
    let tight = RenderOptions {
        limits: RenderLimits { template_time: Duration::ZERO, ..RenderLimits::DEFAULT },
        ..custom(&slow.replace("200000", "200001"))
    };
    assert!(matches!(r.render(&doc, &tight).map(|_| ()).unwrap_err(), PdfError::Limit { limit: "template_time", .. }));
}
