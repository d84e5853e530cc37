//! Throughput of the EN 16931 totals (lines per second) and of a full legal check + issue.
#![allow(clippy::panic, missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use facturier_core::documents::numbering::NumberingState;
use facturier_core::{InvoiceDraft, NaiveDate, check, compute_totals, issue, json};

fn draft(lines: usize) -> InvoiceDraft {
    let mut d: InvoiceDraft = json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap_or_else(|e| panic!("{e}"));
    let template = d.lines.clone();
    d.lines = (0..lines)
        .map(|i| {
            let mut l = template[i % template.len()].clone();
            l.id = (i + 1).to_string();
            l
        })
        .collect();
    d
}

fn totals(c: &mut Criterion) {
    let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let mut group = c.benchmark_group("totals");
    for n in [20usize, 500, 10_000] {
        let d = draft(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("compute_totals", n), &d, |b, d| {
            b.iter(|| compute_totals(&d.lines, &d.allowances, &d.charges, &[], d.prepaid_amount))
        });
        group.bench_with_input(BenchmarkId::new("check", n), &d, |b, d| b.iter(|| check(d, date)));
    }
    group.finish();

    let d = draft(20);
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("issue/20 lines", |b| b.iter(|| issue(d.clone(), &state, date)));
}

criterion_group!(benches, totals);
criterion_main!(benches);
