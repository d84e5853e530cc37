//! The cost of a Factur-X PDF against the plain PDF/A-3b and the plain PDF of the same 20-line
//! invoices, in the same run (issue 15: goal ≤ 1.3× the plain PDF).
//! `cargo bench -p facturier-pdf --bench facturx`.
#![allow(clippy::panic, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use facturier_core::documents::numbering::NumberingState;
use facturier_core::{Document, InvoiceDraft, IssuedInvoice, NaiveDate, issue, json};
use facturier_pdf::{Profile, RenderOptions, Renderer};

/// The allocator every facturier host ships (the CLI, the Python and Node modules).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A 20-line invoice; `k` varies the number, buyer and descriptions (distinct documents, as in
/// production), as in the `render` bench.
fn invoice(k: usize) -> IssuedInvoice {
    let mut d: InvoiceDraft = json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap_or_else(|e| panic!("{e}"));
    let template = d.lines.clone();
    d.lines = (0..20)
        .map(|i| {
            let mut l = template[i % template.len()].clone();
            l.id = (i + 1).to_string();
            l.description = format!("{} — lot {k}-{i}", l.description);
            l
        })
        .collect();
    d.buyer.name = format!("{} {k}", d.buyer.name);
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap_or_else(|e| panic!("{e}"));
    let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    issue(d, &state, date).unwrap_or_else(|e| panic!("{e}")).0
}

fn facturx(c: &mut Criterion) {
    let r = Renderer::new().unwrap_or_else(|e| panic!("{e}"));
    let invoices: Vec<IssuedInvoice> = (0..64).map(invoice).collect();
    let docs: Vec<Document> = invoices.iter().cloned().map(Document::Invoice).collect();
    let plain = RenderOptions::default();
    let pdfa = RenderOptions { pdf_a: true, ..RenderOptions::default() };
    let mut group = c.benchmark_group("facturx");
    group.sample_size(40);
    let mut k = 0;
    group.bench_function("plain/20", |b| {
        b.iter(|| {
            k = (k + 1) % docs.len();
            r.render(&docs[k], &plain).unwrap_or_else(|e| panic!("{e}"))
        })
    });
    group.bench_function("pdfa/20", |b| {
        b.iter(|| {
            k = (k + 1) % docs.len();
            r.render(&docs[k], &pdfa).unwrap_or_else(|e| panic!("{e}"))
        })
    });
    group.bench_function("facturx_en16931/20", |b| {
        b.iter(|| {
            k = (k + 1) % invoices.len();
            r.render_facturx(&invoices[k], &plain, Profile::En16931).unwrap_or_else(|e| panic!("{e}"))
        })
    });
    group.bench_function("facturx_xml_only/20", |b| {
        b.iter(|| {
            k = (k + 1) % invoices.len();
            facturier_einvoice::facturx_xml(&invoices[k], Profile::En16931).unwrap_or_else(|e| panic!("{e}"))
        })
    });
    group.finish();
}

criterion_group!(benches, facturx);
criterion_main!(benches);
