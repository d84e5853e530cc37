//! Peak heap of each stage of checking a large draft (issue 12, class 6): text, JSON edge, typed
//! draft, check. A counting allocator around the system one; run with
//! `cargo run --release -p facturier-core --example check_memory -- FILE [as_of]`.
// The counting allocator is the one unsafe block: a measurement tool, never linked into the library.
#![allow(unsafe_code, clippy::print_stdout, clippy::arithmetic_side_effects)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's pointer and layout, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(b: usize) -> String {
    format!("{} MiB", b / 1_048_576)
}

/// Prints the stage's peak and what stays allocated after it, then resets the peak.
fn stage(name: &str) {
    println!("{name:<28} peak {:>10}   held after {:>10}", mib(PEAK.load(Ordering::Relaxed)), mib(NOW.load(Ordering::Relaxed)));
    PEAK.store(NOW.load(Ordering::Relaxed), Ordering::Relaxed);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: check_memory FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let as_of = args.next().and_then(|s| s.parse().ok()).unwrap_or(facturier_core::dated::day(2026, 12, 1));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    stage("read the file");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    stage("serde_json::Value");
    drop(value);
    PEAK.store(NOW.load(Ordering::Relaxed), Ordering::Relaxed);
    let draft = match facturier_core::Draft::from_json_str(&text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    stage("Draft::from_json_str");
    let n = draft.violations(as_of).map(|v| v.len()).unwrap_or(0);
    stage("violations");
    println!("{n} violation(s)");
}
