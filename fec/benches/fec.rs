//! Criterion benchmarks of the FEC: export (records → flat file into a sink) and check (a flat
//! file in memory → report), in lines per second. The 10-million-line run with its memory is
//! `cargo run --release -p facturier-fec --example fec_bench` (bench/fec/run.sh).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturier_fec::{FecWriter, WriteOptions};

#[path = "support/synthetic.rs"]
mod synthetic;

const LINES: u64 = 200_000;

/// The synthetic year's first `lines` records (whole entries) as a flat file.
fn file(lines: u64) -> Vec<u8> {
    let mut year = synthetic::Year::new();
    let mut w = FecWriter::new(Vec::new(), WriteOptions::default()).unwrap();
    let mut n = 0;
    while n < lines || !year.at_entry_start() {
        w.write_record(year.next_record()).unwrap();
        n += 1;
    }
    w.finish().unwrap()
}

fn export(c: &mut Criterion) {
    let mut g = c.benchmark_group("fec");
    g.throughput(Throughput::Elements(LINES));
    g.sample_size(20);
    g.bench_function("export 200k lines", |b| {
        b.iter(|| {
            let mut year = synthetic::Year::new();
            let mut w = FecWriter::new(std::io::sink(), WriteOptions::default()).unwrap();
            let mut n = 0;
            while n < LINES || !year.at_entry_start() {
                w.write_record(year.next_record()).unwrap();
                n += 1;
            }
            w.finish().unwrap();
        })
    });
    let bytes = file(LINES);
    g.bench_function("check 200k lines", |b| {
        b.iter(|| {
            let r = facturier_fec::check::check_reader(&bytes[..], Some("813883964FEC20261231.txt"), &Default::default());
            assert!(r.is_clean(), "{}", r.to_json());
        })
    });
    g.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
