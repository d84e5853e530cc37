//! Raw bytes as a received electronic invoice: CII or UBL XML, or a Factur-X / ZUGFeRD PDF,
//! through `facturier_einvoice::read_invoice` then `validate`: a `ReceivedInvoice` whose findings
//! carry a rule id, or a typed `EinvoiceError`; never a panic, bounded work (hostile XML and PDFs
//! expected).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| facturier_fuzz::targets::einvoice_read(data));
