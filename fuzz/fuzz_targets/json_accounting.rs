//! Raw bytes as the accounting input's JSON; whatever parses is posted on a few dates (every
//! entry balances) and its VAT due computed for a period.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::json_accounting(data));
