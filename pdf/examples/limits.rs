//! How long and how much memory a hostile user template or the largest document the JSON edge
//! accepts takes to render (or to be refused): one case per process, so that the peak RSS is the
//! case's own.
//!
//! ```text
//! cargo build --release -p facturier-pdf --example limits
//! limits CASE [--unlimited] [--max-pages N]
//! ```
//!
//! CASE is one of the user templates of [`TEMPLATES`] (`for`, `range`, `string`, …) or
//! `file:PATH` (a template read from a file) or `lines:N[:C]`, an invoice of N lines whose descriptions have C characters (60 by default)
//! rendered with the built-in template. Prints one line: the case, the outcome (pages and bytes
//! of the PDF, or the error code and message), the seconds the render took and the peak RSS
//! (VmHWM). `--unlimited` renders without the render limits, `--max-pages N` with that page limit.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::float_arithmetic, missing_docs)]

use std::time::Instant;

use facturier_core::documents::numbering::NumberingState;
use facturier_core::{Document, InvoiceDraft, NaiveDate, issue, json};
use facturier_pdf::{RenderLimits, RenderOptions, Renderer};

/// The allocator every facturier host ships (the CLI, the Python and Node modules).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hostile user templates: name and Typst source.
const TEMPLATES: &[(&str, &str)] = &[
    ("for", "#for i in range(10000) { for j in range(10000) { for k in range(10000) { } } }"),
    ("for-range", "#for i in range(100000000) { }"),
    ("range", "#let a = range(1000000000)"),
    ("array-repeat", "#let a = (0,) * 1000000000"),
    ("string", "#let s = \"x\" * 1000000000"),
    ("string-doubling", "#let s = \"xx\"\n#for i in range(40) { s = s + s }"),
    ("array-doubling", "#let a = (1, 2)\n#for i in range(40) { a = a + a }"),
    ("content-doubling", "#let c = [x]\n#for i in range(40) { c = c + c }\n#c"),
    ("lorem", "#lorem(100000000)"),
    ("recursion", "#let f(n) = f(n + 1)\n#f(0)"),
    ("exponential", "#let f(n, k) = if n == 0 { k } else { f(n - 1, 2 * k) + f(n - 1, 2 * k + 1) }\n#f(60, 0)"),
    ("pages", "#for i in range(100000) { pagebreak() }"),
    ("pages-text", "#for i in range(100000) [Page #i #pagebreak()]"),
    ("long-text", "#(\"mot \" * 2500000)"),
    ("long-word", "#(\"x\" * 10000000)"),
    ("nesting", "#let c = [x]\n#for i in range(100000) { c = box(c) }\n#c"),
    ("parens", ""),
    ("normal", "#let data = json(\"/data.json\")\n= #data.meta.title\n#for l in data.lines [- #l.description]\n"),
];

/// The page count of a PDF: the largest `/Count` (that of the page tree's root).
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Count ")
        .filter_map(|(i, m)| text[i + m.len()..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .max()
        .unwrap_or(0)
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// An issued invoice of `lines` lines whose descriptions have `chars` characters.
fn invoice(lines: usize, chars: usize) -> Document {
    let mut d: InvoiceDraft = json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap();
    let model = d.lines.clone();
    let words = "Conception intégration maquettes formation équipe outil édition hébergement maintenance ";
    d.lines = (0..lines)
        .map(|i| {
            let mut l = model[i % model.len()].clone();
            l.id = (i + 1).to_string();
            let mut text = format!("{i} ");
            while text.chars().count() < chars {
                text.push_str(words);
            }
            l.description = text.chars().take(chars).collect::<String>().trim_end().to_owned();
            l
        })
        .collect();
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    Document::Invoice(issue(d, &state, date).unwrap().0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().expect("a case: for, range, string, … or lines:N[:C]");
    let rest: Vec<String> = args.collect();
    let unlimited = rest.iter().any(|a| a == "--unlimited");
    let max_pages =
        rest.iter().position(|a| a == "--max-pages").and_then(|i| rest.get(i + 1)).map(|n| n.parse::<usize>().expect("--max-pages N"));
    let renderer = Renderer::new().unwrap();
    let mut options = RenderOptions::default();
    let document = if let Some(spec) = case.strip_prefix("lines:") {
        let mut it = spec.split(':').map(|n| n.parse::<usize>().expect("lines:N[:C] with numbers"));
        let lines = it.next().unwrap();
        invoice(lines, it.next().unwrap_or(60))
    } else {
        let source = match TEMPLATES.iter().find(|(name, _)| *name == case) {
            None if case.starts_with("file:") => std::fs::read_to_string(&case[5..]).expect("a readable template file"),
            Some(("parens", _)) => format!("#{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
            Some((_, source)) => (*source).to_owned(),
            None => panic!("unknown case {case}"),
        };
        options.custom_template = Some(source);
        invoice(20, 60)
    };
    if unlimited {
        options.limits = RenderLimits::UNLIMITED;
    }
    if let Some(n) = max_pages {
        options.limits.max_pages = n;
    }
    let t0 = Instant::now();
    let result = renderer.render(&document, &options);
    let seconds = t0.elapsed().as_secs_f64();
    let outcome = match &result {
        Ok(pdf) => {
            format!("PDF, {} bytes, {} pages", pdf.len(), page_count(pdf))
        }
        Err(e) => {
            let mut m = e.to_string();
            m.truncate(160);
            format!("{}: {m}", e.code())
        }
    };
    println!("{case}: {outcome}; {seconds:.2} s; peak RSS {:.0} MiB", peak_rss_mib());
}
