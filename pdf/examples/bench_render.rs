//! The Rust row of the PDF benchmark (`bench/pdf/run.sh`): renders the same issued invoice N
//! times in this process with one shared `Renderer` and prints the figures.
//!
//! ```text
//! cargo run --release -p facturier-pdf --example bench_render -- \
//!     [--n 300] [--threads 1] [--warmup 3] [--invoice bench/pdf/invoice-20.json] [--save out.pdf] [--json]
//! ```
//!
//! Timed span of one document: `Renderer::render(&Document, &RenderOptions)` up to
//! the PDF bytes in memory (render data, French formatting, Typst compile, PDF export,
//! eviction); loading and checking the JSON is done once, before. Every render is a distinct
//! document by default: a variant of the fixture that differs in the buyer's name and the line
//! descriptions (a short suffix, same layout), issued before timing. Identical documents would
//! hit Typst's memoisation cache and measure a replay, not a render; `--distinct K` cycles
//! through K variants instead (`--distinct 1` shows the replay). With `--threads T`, T threads
//! share one `Renderer`, each renders `--warmup` untimed documents, then they start together on
//! a barrier and render N documents between them; throughput = N / wall time. Peak RSS is
//! VmHWM from /proc/self/status (Linux; 0 elsewhere).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::float_arithmetic, missing_docs)]

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use facturier_core::documents::numbering::NumberingState;
use facturier_core::{Document, IssuedInvoice};
use facturier_pdf::{RenderOptions, Renderer};

/// The allocator every facturier host ships (the CLI, the Python and Node modules).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    n: usize,
    threads: usize,
    warmup: usize,
    invoice: String,
    save: Option<String>,
    json: bool,
    distinct: usize,
}

fn parse_args() -> Args {
    let default_invoice = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/pdf/invoice-20.json").to_owned();
    let mut a = Args { n: 300, threads: 1, warmup: 3, invoice: default_invoice, save: None, json: false, distinct: 0 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--n" => a.n = value().parse().expect("--n: a number"),
            "--threads" => a.threads = value().parse().expect("--threads: a number"),
            "--warmup" => a.warmup = value().parse().expect("--warmup: a number"),
            "--invoice" => a.invoice = value(),
            "--save" => a.save = Some(value()),
            "--json" => a.json = true,
            "--distinct" => a.distinct = value().parse().expect("--distinct: a number"),
            other => panic!("unknown argument {other} (--n N --threads T --warmup W --invoice F --save F --json --distinct K)"),
        }
    }
    assert!(a.n > 0 && a.threads > 0, "--n and --threads must be positive");
    if a.distinct == 0 {
        // One variant per render, warm-ups included, so that no document repeats.
        a.distinct = a.n + a.warmup * a.threads + a.threads;
    }
    a
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    let k = ((p / 100.0 * sorted.len() as f64 + 0.5).round() as usize).clamp(1, sorted.len()) - 1;
    sorted[k]
}

/// The fixture itself for `k == 0`; otherwise the same invoice re-issued with a suffix on the
/// buyer's name and on each line description, so that successive renders are different documents.
fn variant(invoice: &IssuedInvoice, k: usize) -> IssuedInvoice {
    if k == 0 {
        return invoice.clone();
    }
    let mut draft = invoice.content().clone();
    draft.buyer.name = format!("{} {k}", draft.buyer.name);
    for line in &mut draft.lines {
        line.description = format!("{} {k}", line.description);
    }
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").expect("numbering pattern");
    facturier_core::issue(draft, &state, invoice.issue_date()).expect("issue a variant").0
}

fn main() {
    let args = parse_args();
    let text = std::fs::read_to_string(&args.invoice).unwrap_or_else(|e| panic!("{}: {e}", args.invoice));
    let invoice: IssuedInvoice = facturier_core::json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", args.invoice));
    let options = RenderOptions::default();
    let variants: Vec<Document> = (0..args.distinct).map(|k| Document::Invoice(variant(&invoice, k))).collect();
    let invoice = Document::Invoice(invoice);

    let t0 = Instant::now();
    let renderer = Renderer::new().unwrap_or_else(|e| panic!("Renderer::new: {e}"));
    let setup = t0.elapsed();
    let t0 = Instant::now();
    let first = renderer.render(&invoice, &options).unwrap_or_else(|e| panic!("render: {e}"));
    let first_ms = ms(t0.elapsed());

    let barrier = Arc::new(Barrier::new(args.threads + 1));
    let (mut times, wall) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..args.threads)
            .map(|t| {
                let share = args.n / args.threads + usize::from(t < args.n % args.threads);
                let (renderer, variants, options, barrier) = (&renderer, &variants, &options, Arc::clone(&barrier));
                s.spawn(move || {
                    let mut k = t;
                    let mut next = || {
                        k = (k + args.threads) % variants.len();
                        &variants[k]
                    };
                    for _ in 0..args.warmup {
                        renderer.render(next(), options).unwrap_or_else(|e| panic!("render: {e}"));
                    }
                    barrier.wait();
                    let mut times = Vec::with_capacity(share);
                    for _ in 0..share {
                        let doc = next();
                        let t0 = Instant::now();
                        let pdf = renderer.render(doc, options).unwrap_or_else(|e| panic!("render: {e}"));
                        times.push(ms(t0.elapsed()));
                        std::hint::black_box(pdf);
                    }
                    times
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let mut all = Vec::with_capacity(args.n);
        for h in handles {
            all.extend(h.join().expect("a render thread panicked"));
        }
        (all, start.elapsed())
    });
    let last = renderer.render(&invoice, &options).unwrap_or_else(|e| panic!("render: {e}"));
    assert_eq!(last, first, "renders of the same invoice differ: output is not deterministic");
    if let Some(path) = &args.save {
        std::fs::write(path, &last).unwrap_or_else(|e| panic!("{path}: {e}"));
    }

    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    let median = if times.len() % 2 == 1 { times[mid] } else { (times[mid - 1] + times[mid]) / 2.0 };
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let docs_per_s = args.n as f64 / wall.as_secs_f64();
    let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
    if args.json {
        let out = serde_json::json!({
            "renderer": "facturier-rust",
            "available": true,
            "version": facturier_core::VERSION,
            "n": args.n,
            "threads": args.threads,
            "warmup": args.warmup,
            "distinct": args.distinct,
            "setup_ms": r3(ms(setup)),
            "first_ms": r3(first_ms),
            "median_ms": r3(median),
            "p90_ms": r3(pct(&times, 90.0)),
            "min_ms": r3(times[0]),
            "mean_ms": r3(mean),
            "wall_ms": r3(ms(wall)),
            "docs_per_s": r3(docs_per_s),
            "peak_rss_mib": (peak_rss_mib() * 10.0).round() / 10.0,
            "size_bytes": last.len(),
        });
        println!("{out}");
    } else {
        println!(
            "facturier-pdf {}: {} docs, {} thread(s): setup {:.1} ms, first {:.1} ms, median {:.2} ms, p90 {:.2} ms, \
             {:.1} docs/s, peak RSS {:.1} MiB, {} bytes",
            facturier_core::VERSION,
            args.n,
            args.threads,
            ms(setup),
            first_ms,
            median,
            pct(&times, 90.0),
            docs_per_s,
            peak_rss_mib(),
            last.len()
        );
    }
}
