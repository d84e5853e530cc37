//! Times CII write (facturx_xml, checks included), read (read_invoice) and validate of a
//! 500-line invoice, for bench/einvoice/compare.py: prints one JSON line of medians in
//! microseconds and writes the XML to the path given (for the Python peers to read).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use facturier_einvoice::{Profile, facturx_xml, read_invoice, validate};

fn median(mut xs: Vec<u128>) -> u128 {
    xs.sort_unstable();
    xs[xs.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> u128 {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_micros()
            })
            .collect(),
    )
}

fn main() {
    let lines: usize = std::env::args().nth(2).map_or(500, |n| n.parse().unwrap());
    let runs = 51;
    let inv = facturier_einvoice::sample::invoice(lines).unwrap();
    let xml = facturx_xml(&inv, Profile::En16931).unwrap();
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(path, &xml).unwrap();
    }
    let write = time(runs, || {
        std::hint::black_box(facturx_xml(&inv, Profile::En16931).unwrap());
    });
    let read = time(runs, || {
        std::hint::black_box(read_invoice(&xml).unwrap());
    });
    let parsed = read_invoice(&xml).unwrap();
    let check = time(runs, || {
        std::hint::black_box(validate(&parsed));
    });
    println!(
        "{{\"lines\": {lines}, \"bytes\": {}, \"runs\": {runs}, \"write_us\": {write}, \"read_us\": {read}, \"validate_us\": {check}}}",
        xml.len()
    );
}
