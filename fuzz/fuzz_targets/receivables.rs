//! Structure-aware receivables: invoices issued by the core from edited drafts (some credited),
//! payments, refunds and reminders against them, then edits to the whole input; the report is
//! computed, with its reminder letters and the customers' statements.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::receivables(data));
