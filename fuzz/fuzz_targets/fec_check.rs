//! Raw bytes as a FEC file, flat (tab or pipe) or XML: the checker (`check_reader`, with and
//! without a file name) and the flat and XML readers record by record; a report or a typed
//! `FecError`, never a panic, in bounded work.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::fec_check(data));
