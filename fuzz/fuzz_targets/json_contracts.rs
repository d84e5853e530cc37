//! Raw bytes as the contracts input's JSON; whatever parses gets its renewal schedule on a few
//! dates and its MRR report over a few months.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::json_contracts(data));
