//! The seeds of the structure-aware targets are valid documents: the shortest input (all
//! zeros) of each target reaches the deep code, issuance and beyond.

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
