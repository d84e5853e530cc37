//! Time per document of a warm renderer: a 20-line invoice (1 page), plus PDF/A and a
//! 500-line invoice; a reminder letter (firm reminder with its interest table, 1 page) and an
//! account statement (3 entries, 1 page). `cargo bench -p facturier-pdf --bench render`.
#![allow(clippy::panic, missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use facturier_core::documents::numbering::NumberingState;
use facturier_core::{Document, InvoiceDraft, NaiveDate, ReminderLetter, Statement, issue, json};
use facturier_pdf::{RenderOptions, Renderer};

/// The allocator every facturier host ships (the CLI, the Python and Node modules).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A 20-line (or `lines`-line) invoice; `k` varies the number, buyer and descriptions so that
/// successive renders are different documents, as in production (identical documents would
/// mostly hit Typst's memoisation cache).
fn invoice(lines: usize, k: usize) -> Document {
    let mut d: InvoiceDraft = json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap_or_else(|e| panic!("{e}"));
    let template = d.lines.clone();
    d.lines = (0..lines)
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
    Document::Invoice(issue(d, &state, date).unwrap_or_else(|e| panic!("{e}")).0)
}

fn render(c: &mut Criterion) {
    let r = Renderer::new().unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    let o = RenderOptions::default();
    for n in [20usize, 500] {
        let docs: Vec<Document> = (0..64).map(|k| invoice(n, k)).collect();
        let mut k = 0;
        group.bench_with_input(BenchmarkId::new("invoice", n), &docs, |b, docs| {
            b.iter(|| {
                k = (k + 1) % docs.len();
                r.render(&docs[k], &o).unwrap_or_else(|e| panic!("{e}"))
            })
        });
    }
    let docs: Vec<Document> = (0..64).map(|k| invoice(20, k)).collect();
    let mut k = 0;
    let a = RenderOptions { pdf_a: true, ..RenderOptions::default() };
    group.bench_function("invoice_pdfa/20", |b| {
        b.iter(|| {
            k = (k + 1) % docs.len();
            r.render(&docs[k], &a).unwrap_or_else(|e| panic!("{e}"))
        })
    });
    let same = invoice(20, 0);
    group.bench_function("same_invoice_again/20", |b| b.iter(|| r.render(&same, &o).unwrap_or_else(|e| panic!("{e}"))));
    letters(&mut group, &r, &o);
    group.finish();
}

/// The firm reminder of F-2026-00006 and the statement of CUST-001 from
/// `examples/receivables.json`, each dated on 64 successive days so that successive renders
/// are distinct documents.
fn letters(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, r: &Renderer, o: &RenderOptions) {
    use facturier_core::receivables::{ReceivablesInput, receivables};
    let input: ReceivablesInput = json::from_str(include_str!("../../examples/receivables.json")).unwrap_or_else(|e| panic!("{e}"));
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 24).unwrap_or_default();
    let report = receivables(&input, as_of).unwrap_or_else(|e| panic!("{e}"));
    let reminder = report.reminders.iter().find(|m| m.invoice == "F-2026-00006").unwrap_or_else(|| panic!("no reminder"));
    let invoice = &input.invoices.iter().find(|i| i.invoice.number() == "F-2026-00006").unwrap_or_else(|| panic!("no invoice")).invoice;
    let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").unwrap_or_else(|| panic!("no account"));
    let (seller, buyer) = (&invoice.content().seller, &invoice.content().buyer);
    let dates: Vec<NaiveDate> = (0..64).map(|k| as_of + chrono::Days::new(k)).collect();
    let letters: Vec<Document> = dates
        .iter()
        .map(|d| Document::Reminder(ReminderLetter::new(reminder.clone(), invoice.clone(), *d).unwrap_or_else(|e| panic!("{e}"))))
        .collect();
    let statements: Vec<Document> = dates
        .iter()
        .map(|d| {
            let s = Statement::new(account.clone(), seller.clone(), buyer.clone(), *d, &report.invoices);
            Document::Statement(s.unwrap_or_else(|e| panic!("{e}")))
        })
        .collect();
    let mut k = 0;
    group.bench_function("reminder_firm", |b| {
        b.iter(|| {
            k = (k + 1) % letters.len();
            r.render(&letters[k], o).unwrap_or_else(|e| panic!("{e}"))
        })
    });
    group.bench_function("statement", |b| {
        b.iter(|| {
            k = (k + 1) % statements.len();
            r.render(&statements[k], o).unwrap_or_else(|e| panic!("{e}"))
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
