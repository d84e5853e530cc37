//! Structure-aware late interest: a debt (amount, due date, contractual rate, settlements,
//! formal notice, judgment) and rate overrides, read as the bindings read them, the tables
//! merged and the interest computed.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::late_interest(data));
