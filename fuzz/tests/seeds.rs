//! The seeds of the structure-aware targets are valid documents: the shortest input (all
//! zeros) of each target reaches the deep code, issuance and beyond; the seed corpora of the raw
//! targets of the domains reach their computations.

use facturier_core::{InvoiceDraft, Quote, QuoteContent};
use facturier_fuzz::{ops, seeds};

#[test]
fn every_draft_seed_but_the_invalid_example_issues() {
    let plan = ops::Plan::plain();
    let issued: Vec<bool> = seeds::drafts()
        .iter()
        .map(|v| {
            let d: InvoiceDraft = facturier_core::json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}"));
            let v = facturier_core::check(&d, plan.issue.0);
            if !v.is_empty() {
                eprintln!("{v:?}");
            }
            ops::draft(&d, &plan).is_some()
        })
        .collect();
    assert_eq!(issued, [true, true, false, true, true, true]);
}

#[test]
fn every_quote_seed_is_sent_and_accepted() {
    let plan = ops::Plan::plain();
    for v in seeds::quotes() {
        let c: QuoteContent = facturier_core::json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}"));
        let d = |n| c.issue_date + chrono::Days::new(n);
        let q = Quote::new("D-1", c.clone()).and_then(|q| q.send(d(1))).and_then(|q| q.accept(d(2)));
        assert!(q.is_ok(), "{q:?}");
        ops::quote(&c, &plan);
    }
}

/// The committed seeds of the raw targets `target` (fuzz/corpus/), by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap_or_else(|e| panic!("{e}")).path())
        .collect();
    files.sort();
    files.iter().map(|p| (p.display().to_string(), std::fs::read(p).unwrap_or_else(|e| panic!("{e}")))).collect()
}

#[test]
fn the_contracts_seeds_are_scheduled_and_reported() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 3).unwrap_or_default();
    let month = |s: &str| facturier_core::json::from_value::<facturier_core::Month>(s.into()).unwrap_or_else(|e| panic!("{e}"));
    for (name, bytes) in corpus("json_contracts") {
        let input: facturier_core::ContractsInput =
            facturier_core::json::from_str(std::str::from_utf8(&bytes).unwrap_or_default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(input.renewal_schedule(day).is_ok(), "{name}");
        assert!(input.mrr_report(month("2026-01"), month("2026-06")).is_ok(), "{name}");
    }
}

#[test]
fn the_accounting_seeds_post_and_give_their_vat() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
    for (name, bytes) in corpus("json_accounting") {
        let input: facturier_core::AccountingInput =
            facturier_core::json::from_str(std::str::from_utf8(&bytes).unwrap_or_default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let journal = facturier_core::post(&input, day).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!journal.entries.is_empty(), "{name}");
        let period = facturier_core::json::from_value(serde_json::json!({"from": "2026-01-01", "to": "2026-12-31"}))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(facturier_core::vat_due(&input, period).is_ok(), "{name}");
    }
}

#[test]
fn the_fec_seeds_are_read_to_their_end() {
    for (name, bytes) in corpus("fec_check") {
        let report = facturier_fec::check::check_reader(&bytes[..], None, &Default::default());
        assert!(report.readable && report.records > 0, "{name}: {report:?}");
    }
}
