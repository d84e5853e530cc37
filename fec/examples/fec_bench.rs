//! The FEC benchmark runner of bench/fec/run.sh: exports the synthetic year of N lines to a file
//! (streaming, constant memory) or checks a file, and prints one JSON line with the time, the
//! lines per second and the peak resident memory (VmHWM).
//!
//! ```sh
//! fec_bench export --lines 10000000 --out /tmp/813883964FEC20261231.txt
//! fec_bench check /tmp/813883964FEC20261231.txt
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::float_arithmetic)] // timings, not money

use std::io::BufWriter;
use std::time::Instant;

use facturier_fec::{FecWriter, WriteOptions};

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

/// User + system CPU seconds of this process (from /proc/self/stat, in clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit(')').next()?.split_whitespace().collect::<Vec<_>>();
            let utime: f64 = rest.get(11)?.parse().ok()?;
            let stime: f64 = rest.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    match args.get(1).map(String::as_str) {
        Some("export") => {
            let lines: u64 = arg("--lines").and_then(|s| s.parse().ok()).unwrap_or(10_000_000);
            let out = arg("--out").expect("--out FILE");
            let start = Instant::now();
            let file = std::fs::File::create(&out).unwrap();
            let mut w = FecWriter::new(BufWriter::with_capacity(1 << 20, file), WriteOptions::default()).unwrap();
            let mut year = synthetic::Year::new();
            let mut n = 0u64;
            while n < lines || !year.at_entry_start() {
                w.write_record(year.next_record()).unwrap();
                n += 1;
            }
            w.finish().unwrap();
            let s = start.elapsed().as_secs_f64();
            println!(
                "{{\"op\": \"export\", \"lines\": {n}, \"seconds\": {s:.3}, \"cpu_seconds\": {:.2}, \"lines_per_s\": {:.0}, \"peak_rss_kb\": {}}}",
                cpu_seconds(),
                n as f64 / s,
                peak_rss_kb()
            );
        }
        Some("generate") => {
            let lines: u64 = arg("--lines").and_then(|s| s.parse().ok()).unwrap_or(10_000_000);
            let start = Instant::now();
            let mut year = synthetic::Year::new();
            let mut sum = 0usize;
            for _ in 0..lines {
                sum += year.next_record().ecriture_lib.len();
            }
            let s = start.elapsed().as_secs_f64();
            println!(
                "{{\"op\": \"generate\", \"lines\": {lines}, \"seconds\": {s:.3}, \"lines_per_s\": {:.0}, \"bytes\": {sum}}}",
                lines as f64 / s
            );
        }
        Some("check") => {
            let path = args.get(2).expect("check FILE");
            let start = Instant::now();
            let r = facturier_fec::check::check_path(std::path::Path::new(path), &Default::default());
            let s = start.elapsed().as_secs_f64();
            println!(
                "{{\"op\": \"check\", \"lines\": {}, \"seconds\": {s:.3}, \"cpu_seconds\": {:.2}, \"lines_per_s\": {:.0}, \"peak_rss_kb\": {}, \"errors\": {}, \"warnings\": {}}}",
                r.records,
                cpu_seconds(),
                r.records as f64 / s,
                peak_rss_kb(),
                r.errors,
                r.warnings
            );
        }
        _ => eprintln!("usage: fec_bench export --lines N --out FILE | fec_bench check FILE"),
    }
}
