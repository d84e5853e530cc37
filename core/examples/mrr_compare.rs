//! The Rust side of `bench/contracts/run.sh`: reads a `ContractsInput` JSON file, computes the
//! MRR report over a range of months `--runs` times, and prints one JSON object with the
//! median and every time (ms, parsing excluded) and each month's totals in cents, for the
//! comparison with the pandas implementation.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

use facturier_core::contracts::{ContractsInput, Month, mrr_report};

/// mimalloc, the allocator of every facturier host (CLI, Python and Node modules): the report
/// is measured as a host runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An amount in cents (amounts of the report have at most 2 decimals).
fn cents(d: facturier_core::Decimal) -> i128 {
    let mut x = d;
    x.rescale(2);
    x.mantissa()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: &str| {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned().unwrap_or(default.to_owned())
    };
    let path = arg("--input", "contracts.json");
    let runs: usize = arg("--runs", "7").parse().expect("--runs N");
    let from: Month = arg("--from", "2024-01").parse().expect("--from YYYY-MM");
    let to: Month = arg("--to", "2026-12").parse().expect("--to YYYY-MM");
    let text = std::fs::read_to_string(&path).expect("input");
    let t = Instant::now();
    // the bench's input is larger than the default limits of one input (a host raises them too)
    let limits = facturier_core::json::Limits { max_total_chars: usize::MAX, max_items: usize::MAX, ..Default::default() };
    let input: ContractsInput = facturier_core::json::from_str_with(&text, &limits).expect("contracts");
    let parse_us = t.elapsed().as_micros();
    let events: usize = input.contracts.iter().map(|c| c.amendments.len() + c.pauses.len() + usize::from(c.termination.is_some())).sum();
    let mut times = Vec::with_capacity(runs);
    let mut report = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = mrr_report(&input.contracts, from, to, &input.mrr).expect("report");
        times.push(t.elapsed().as_micros());
        report = Some(r);
    }
    let r = report.expect("one run");
    let mut sorted = times.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let ms = |us: u128| format!("{}.{:03}", us / 1000, us % 1000);
    let months: Vec<serde_json::Value> = r
        .months
        .iter()
        .map(|m| {
            serde_json::json!({
                "month": m.month.to_string(),
                "mrr_end": cents(m.mrr_end),
                "new": cents(m.movements.new),
                "expansion": cents(m.movements.expansion),
                "contraction": cents(m.movements.contraction),
                "churn": cents(m.movements.churn),
                "reactivation": cents(m.movements.reactivation),
            })
        })
        .collect();
    let out = serde_json::json!({
        "implementation": "facturier (Rust)",
        "contracts": input.contracts.len(),
        "events": events,
        "parse_ms": ms(parse_us),
        "input_bytes": text.len(),
        "runs_ms": times.iter().map(|t| ms(*t)).collect::<Vec<_>>(),
        "median_ms": ms(median),
        "mrr_start": cents(r.period.mrr_start),
        "months": months,
    });
    println!("{out}");
}
