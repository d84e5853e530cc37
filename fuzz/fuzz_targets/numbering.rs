//! Structure-aware numbering: a pattern (plain, tokens or odd text), a series new, continuous or
//! resumed, allocations on dates, the audit of the numbers (edited: gaps, duplicates, strangers),
//! the check of the seller's series, and the stored state edited and read back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::numbering(data));
