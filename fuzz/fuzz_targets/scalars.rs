//! Raw bytes as a decimal and as a date, the way the core reads them: through
//! `facturier_core::json::from_str` on small typed wrappers, as a bare JSON token (`{"v": 1e3}`)
//! and as a JSON string (`{"v": "1e3"}`), and in the fields of a line and of payment terms.
//! What is read writes back as the same value (decimals keep their scale).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::scalars(data));
