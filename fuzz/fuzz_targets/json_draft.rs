//! Raw bytes as a draft's JSON: `Draft::from_json_str` (an invoice draft, or a quote's content
//! when it has `valid_until`), and the same text read as each type; whatever parses is checked,
//! totalled, issued, credited and put in receivables.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::json_draft(data));
