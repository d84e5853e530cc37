//! Raw bytes as a document's JSON: `Document::from_json_str` (an issued invoice, or a quote when
//! it has `versions`), and the same text read as an issued invoice and as a quote; whatever
//! parses is verified, credited, finalised and put in receivables, or moved through its life.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::json_document(data));
