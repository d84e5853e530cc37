//! Raw bytes as the receivables input's JSON; whatever parses is computed as of two dates (the
//! example's and a year later), with its reminder letters and statements.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::json_receivables(data));
