//! Structure-aware invoice drafts: an example edited (plain and hostile values, optional
//! members, many lines), read by `Draft::from_json`, then checked, totalled, issued, verified,
//! credited (full, lines or an amount), finalised and put in receivables; the issued invoice is
//! also tampered with and read back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::draft(data));
