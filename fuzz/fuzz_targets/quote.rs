//! Structure-aware quotes: an example's content edited, then the quote's life (sent, revised,
//! refused or accepted, duplicated) and, once accepted, its invoice, a deposit (a percentage or
//! an amount), the final invoice and credit notes; the quote is also tampered with and read back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::quote(data));
