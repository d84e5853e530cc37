//! Criterion benchmarks of the CII writer, reader and validator on a 500-line invoice.

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use facturier_einvoice::{Profile, facturx_xml, read_invoice, validate};

fn cii(c: &mut Criterion) {
    let inv = facturier_einvoice::sample::invoice(500).unwrap();
    let xml = facturx_xml(&inv, Profile::En16931).unwrap();
    let parsed = read_invoice(&xml).unwrap();
    c.bench_function("cii_write_500_lines", |b| b.iter(|| facturx_xml(std::hint::black_box(&inv), Profile::En16931).unwrap()));
    c.bench_function("cii_read_500_lines", |b| b.iter(|| read_invoice(std::hint::black_box(&xml)).unwrap()));
    c.bench_function("validate_500_lines", |b| b.iter(|| validate(std::hint::black_box(&parsed))));
}

criterion_group!(benches, cii);
criterion_main!(benches);
