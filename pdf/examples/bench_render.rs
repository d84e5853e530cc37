//! The Rust row of the PDF benchmark (`bench/pdf/run.sh`): renders the same issued invoice N
//! times in this process with one shared `Renderer` and prints the figures.
//!
//! ```text
//! cargo run --release -p facturier-pdf --example bench_render -- \
//!     [--n 300] [--threads 1] [--warmup 3] [--invoice bench/pdf/invoice-20.json] [--save out.pdf] [--json] [--bare]
//!     [--dump-data data.json]
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
//!
//! `--bare` measures Typst alone, for comparison: the same template, fonts and render data
//! (built from each variant before timing), compiled by `typst::compile` and exported by
//! `typst_pdf::pdf` in a minimal in-memory world, with `comemo::evict(1)` after each document
//! — none of facturier's layers (render model, NFC, limits, eviction policy, rayon scope).
//! `--dump-data F` writes the fixture's render data to F and exits: the input of the same
//! template under the `typst` CLI (`bench/pdf/typst_cli.sh`).
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
    bare: bool,
    dump_data: Option<String>,
}

fn parse_args() -> Args {
    let default_invoice = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/pdf/invoice-20.json").to_owned();
    let mut a = Args {
        n: 300,
        threads: 1,
        warmup: 3,
        invoice: default_invoice,
        save: None,
        json: false,
        distinct: 0,
        bare: false,
        dump_data: None,
    };
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
            "--bare" => a.bare = true,
            "--dump-data" => a.dump_data = Some(value()),
            other => {
                panic!(
                    "unknown argument {other} (--n N --threads T --warmup W --invoice F --save F --json --distinct K --bare --dump-data F)"
                )
            }
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

/// Typst alone (`--bare`): the embedded template, fonts and data in a minimal world.
mod bare {
    use typst::diag::{FileError, FileResult};
    use typst::foundations::{Bytes, Datetime, Duration};
    use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
    use typst::text::{Font, FontBook};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt as _, World};
    use typst_layout::PagedDocument;

    const FONTS: [&[u8]; 4] = [
        include_bytes!("../../templates/fonts/Inter-Regular.otf"),
        include_bytes!("../../templates/fonts/Inter-Italic.otf"),
        include_bytes!("../../templates/fonts/Inter-SemiBold.otf"),
        include_bytes!("../../templates/fonts/Inter-Bold.otf"),
    ];

    fn id(path: &str) -> FileId {
        RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("virtual path")).intern()
    }

    /// What every compile shares: library, fonts, the template's two files.
    pub struct Bare {
        library: LazyHash<Library>,
        book: LazyHash<FontBook>,
        fonts: Vec<Font>,
        main: Source,
        lib: Source,
        data: FileId,
    }

    struct Doc<'a> {
        bare: &'a Bare,
        data: Bytes,
        today: Datetime,
    }

    impl Bare {
        pub fn new(template: &str) -> Bare {
            let fonts: Vec<Font> = FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
            let source = |path: &str| Source::new(id(path), facturier_pdf::template_source(path).expect("template").to_owned());
            Bare {
                library: LazyHash::new(Library::builder().build()),
                book: LazyHash::new(FontBook::from_fonts(&fonts)),
                fonts,
                main: source(template),
                lib: source("/lib.typ"),
                data: id("/data.json"),
            }
        }

        /// Compiles one document's render data (JSON) to PDF, then evicts as a long-running
        /// host must (what the last document did not use).
        pub fn render(&self, data: &Bytes, today: Datetime) -> Vec<u8> {
            let world = Doc { bare: self, data: data.clone(), today };
            let document = typst::compile::<PagedDocument>(&world).output.expect("compile");
            let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).expect("export");
            typst::comemo::evict(1);
            pdf
        }
    }

    impl World for Doc<'_> {
        fn library(&self) -> &LazyHash<Library> {
            &self.bare.library
        }
        fn book(&self) -> &LazyHash<FontBook> {
            &self.bare.book
        }
        fn main(&self) -> FileId {
            self.bare.main.id()
        }
        fn source(&self, id: FileId) -> FileResult<Source> {
            [&self.bare.main, &self.bare.lib].into_iter().find(|s| s.id() == id).cloned().ok_or(FileError::NotSource)
        }
        fn file(&self, id: FileId) -> FileResult<Bytes> {
            if id == self.bare.data { Ok(self.data.clone()) } else { Err(FileError::NotFound(id.vpath().get_with_slash().into())) }
        }
        fn font(&self, index: usize) -> Option<Font> {
            self.bare.fonts.get(index).cloned()
        }
        fn today(&self, _: Option<Duration>) -> Option<Datetime> {
            Some(self.today)
        }
    }
}

/// What renders the documents: facturier, or Typst alone (`--bare`) from each document's render
/// data made before timing.
enum Engine {
    Facturier(Renderer),
    Bare(Box<bare::Bare>, typst::foundations::Datetime),
}

/// One document to render: the core's document and, for `--bare`, its render data.
struct Job {
    doc: Document,
    data: Option<typst::foundations::Bytes>,
}

impl Engine {
    fn render(&self, job: &Job, options: &RenderOptions) -> Vec<u8> {
        match (self, &job.data) {
            (Engine::Bare(bare, today), Some(data)) => bare.render(data, *today),
            _ => match self {
                Engine::Facturier(r) => r.render(&job.doc, options).unwrap_or_else(|e| panic!("render: {e}")),
                Engine::Bare(..) => panic!("no render data"),
            },
        }
    }
}

fn main() {
    use chrono::Datelike as _;
    let args = parse_args();
    let text = std::fs::read_to_string(&args.invoice).unwrap_or_else(|e| panic!("{}: {e}", args.invoice));
    let invoice: IssuedInvoice = facturier_core::json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", args.invoice));
    let options = RenderOptions::default();
    if let Some(path) = &args.dump_data {
        let renderer = Renderer::new().unwrap_or_else(|e| panic!("Renderer::new: {e}"));
        let model = renderer.data(&Document::Invoice(invoice), &options).unwrap_or_else(|e| panic!("data: {e}"));
        std::fs::write(path, serde_json::to_vec(&model).expect("json")).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }

    let t0 = Instant::now();
    let renderer = Renderer::new().unwrap_or_else(|e| panic!("Renderer::new: {e}"));
    let date = invoice.issue_date();
    let engine = if args.bare {
        let today = typst::foundations::Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8).expect("date");
        Engine::Bare(Box::new(bare::Bare::new("/invoice.typ")), today)
    } else {
        Engine::Facturier(renderer.clone())
    };
    let setup = t0.elapsed();
    // variants[0] is the fixture itself, rendered first and last (never in the timed loop)
    let variants: Vec<Job> = (0..args.distinct)
        .map(|k| {
            let doc = Document::Invoice(variant(&invoice, k));
            let data = args.bare.then(|| {
                let model = renderer.data(&doc, &options).unwrap_or_else(|e| panic!("data: {e}"));
                typst::foundations::Bytes::new(serde_json::to_vec(&model).expect("json"))
            });
            Job { doc, data }
        })
        .collect();

    let t0 = Instant::now();
    let first = engine.render(&variants[0], &options);
    let first_ms = ms(t0.elapsed());

    let barrier = Arc::new(Barrier::new(args.threads + 1));
    let (mut times, wall) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..args.threads)
            .map(|t| {
                let share = args.n / args.threads + usize::from(t < args.n % args.threads);
                let (engine, variants, options, barrier) = (&engine, &variants, &options, Arc::clone(&barrier));
                s.spawn(move || {
                    let mut k = t;
                    let mut next = || {
                        k = (k + args.threads) % variants.len();
                        &variants[k]
                    };
                    for _ in 0..args.warmup {
                        engine.render(next(), options);
                    }
                    barrier.wait();
                    let mut times = Vec::with_capacity(share);
                    for _ in 0..share {
                        let job = next();
                        let t0 = Instant::now();
                        let pdf = engine.render(job, options);
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
    let last = engine.render(&variants[0], &options);
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
            "renderer": if args.bare { "typst-bare" } else { "facturier-rust" },
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
            "{} {}: {} docs, {} thread(s): setup {:.1} ms, first {:.1} ms, median {:.2} ms, p90 {:.2} ms, \
             {:.1} docs/s, peak RSS {:.1} MiB, {} bytes",
            if args.bare { "typst (bare)" } else { "facturier-pdf" },
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
