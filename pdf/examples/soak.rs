//! Memory soak of a long-lived `Renderer`: renders N distinct invoices (default 20 000) on T
//! threads and prints the resident set size every 1 000 documents. Memory must stay flat:
//! Typst's memoisation caches are evicted as renders finish (see `Renderer`).
//!
//! ```text
//! cargo run --release -p facturier-pdf --example soak -- [--n 20000] [--threads 1]
//! ```
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::float_arithmetic, missing_docs)]

use std::sync::atomic::{AtomicUsize, Ordering};

use facturier_core::documents::numbering::NumberingState;
use facturier_core::{Document, InvoiceDraft, IssuedInvoice, NaiveDate, issue, json};
use facturier_pdf::{RenderOptions, Renderer};

/// The allocator every facturier host ships (the CLI, the Python and Node modules).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// A 20-line invoice made distinct by `k` (buyer name and descriptions).
fn invoice(k: usize) -> IssuedInvoice {
    let mut d: InvoiceDraft = json::from_str(include_str!("../../examples/invoice-draft.json")).expect("sample draft");
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
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").expect("pattern");
    issue(d, &state, NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")).expect("issue").0
}

fn main() {
    let mut n = 20_000usize;
    let mut threads = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--n" => n = value,
            "--threads" => threads = value,
            other => panic!("unknown argument {other} (--n N --threads T)"),
        }
    }
    let docs: Vec<Document> = (0..256).map(|k| Document::Invoice(invoice(k))).collect();
    let renderer = Renderer::new().expect("renderer");
    let options = RenderOptions::default();
    let done = AtomicUsize::new(0);
    println!("documents,rss_mib,peak_rss_mib");
    std::thread::scope(|s| {
        for t in 0..threads {
            let (renderer, options, docs, done) = (&renderer, &options, &docs, &done);
            s.spawn(move || {
                let mut k = t;
                loop {
                    let i = done.fetch_add(1, Ordering::AcqRel);
                    if i >= n {
                        break;
                    }
                    std::hint::black_box(renderer.render(&docs[k % docs.len()], options).expect("render"));
                    k += threads;
                    if (i + 1) % 1000 == 0 {
                        println!("{},{:.1},{:.1}", i + 1, rss_mib("VmRSS:"), rss_mib("VmHWM:"));
                    }
                }
            });
        }
    });
}
