//! Properties of the CII writer and reader over random lawful invoices (1000 cases each).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use facturier_core::documents::draft::InvoiceDraft;
use facturier_core::documents::invoice::issue;
use facturier_core::documents::numbering::NumberingState;
use facturier_core::line::LineAllowanceCharge;
use facturier_core::testkit::invoice_draft;
use facturier_einvoice::{Profile, facturx_xml, issued, read_invoice, validate};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A lawful draft whose lines also carry, in turn, a price per dozen, a 2 % line charge and a
/// fixed line allowance of one cent: the EN 16931 extras the writer and the checks must agree on.
fn draft() -> impl Strategy<Value = InvoiceDraft> {
    invoice_draft(12).prop_map(|mut d| {
        for (i, l) in d.lines.iter_mut().enumerate() {
            match i % 4 {
                1 => l.price_base_quantity = Some(Decimal::new(12, 0)),
                2 => l.charges.push(LineAllowanceCharge {
                    amount: None,
                    percent: Some(Decimal::new(2, 0)),
                    reason: Some("Frais palette".into()),
                    reason_code: Some("ABK".into()),
                }),
                3 => l.allowances.push(LineAllowanceCharge {
                    amount: Some(Decimal::new(1, 2)),
                    percent: None,
                    reason: None,
                    reason_code: Some("95".into()),
                }),
                _ => {}
            }
        }
        d
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// What is written is read back whole, deterministically, and the native EN 16931 and BR-FR
    /// rules find nothing in it: the totals of the core and of the XML agree.
    #[test]
    fn written_invoices_read_back_and_validate(d in draft()) {
        let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
        let (inv, _) = issue(d, &state, NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()).unwrap();
        let xml = facturx_xml(&inv, Profile::En16931).unwrap();
        prop_assert_eq!(&xml, &facturx_xml(&inv, Profile::En16931).unwrap());
        let read = read_invoice(&xml).unwrap();
        let mut model = issued::from_issued(&inv).unwrap();
        model.specification = Profile::En16931.urn().to_owned();
        prop_assert_eq!(&read, &model);
        let findings = validate(&read);
        prop_assert!(findings.is_empty(), "{:?}", findings);
        prop_assert_eq!(read.totals.due, inv.totals().amount_due);
    }
}
