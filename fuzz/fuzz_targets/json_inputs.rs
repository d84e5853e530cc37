//! Raw bytes as the JSON of the other inputs of the surfaces, the first byte choosing which: a
//! numbering state (allocated, peeked, audited), a list of series (checked for collisions),
//! a credit-note selection, a deposit spec, payment terms (their due date), a late-interest
//! call (debt, date, rate overrides).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::json_inputs(data));
