//! A large sample invoice for benchmarks and the comparison script (bench/einvoice/).

use facturier_core::documents::draft::InvoiceDraft;
use facturier_core::documents::invoice::{IssuedInvoice, issue};
use facturier_core::documents::numbering::NumberingState;
use facturier_core::line::{Discount, Line, LineAllowanceCharge, SupplyKind};
use facturier_core::party::{Address, Buyer, BuyerKind, Entity, Registration, Seller};
use facturier_core::terms::PaymentTerms;
use facturier_core::vat::VatCategory;
use rust_decimal::Decimal;

use crate::error::Result;

fn address(line1: &str, postal_code: &str, city: &str) -> Address {
    Address { line1: line1.into(), line2: None, postal_code: postal_code.into(), city: city.into(), country: "FR".into() }
}

/// An issued invoice of `lines` lines (goods and services at 20 % and 5.5 %, every tenth line
/// with a 5 % discount, every seventh with a palette charge), issued on 2 March 2026.
pub fn invoice(lines: usize) -> Result<IssuedInvoice> {
    let seller = Seller {
        name: "Atelier Numérique".into(),
        legal_form: Some("SAS".into()),
        share_capital: Some(Decimal::new(1_000_000, 2)),
        siren: Some("813883964".into()),
        siret: Some("81388396400013".into()),
        registration: Some(Registration::Rcs { city: "Lyon".into() }),
        vat_number: Some("FR11813883964".into()),
        address: address("12 rue de la Charité", "69002", "Lyon"),
        iban: Some("FR7630004000031234567890143".into()),
        bic: Some("BNPAFRPPXXX".into()),
        entity: Entity::Company,
        ..Seller::default()
    };
    let buyer = Buyer {
        kind: BuyerKind::Business,
        name: "Boulangerie Martin".into(),
        siren: Some("552100554".into()),
        vat_number: Some("FR96552100554".into()),
        address: address("3 place Bellecour", "69002", "Lyon"),
        ..Buyer::default()
    };
    let mut out = Vec::with_capacity(lines);
    for i in 0..lines {
        let n = i64::try_from(i).unwrap_or_default();
        let goods = i % 3 == 0;
        let mut l = Line::new(
            &(i + 1).to_string(),
            &format!("Article n° {} — référence {:05}", i + 1, i * 7),
            Decimal::new(n % 9 + 1, 0),
            Decimal::new(1_999 + n * 37 % 5_000, 2),
            VatCategory::S,
            if goods { Decimal::new(55, 1) } else { Decimal::new(20, 0) },
        );
        l.supply = if goods { SupplyKind::Goods } else { SupplyKind::Services };
        if i % 10 == 0 {
            l.discount = Some(Discount::Percent(Decimal::new(5, 0)));
        }
        if i % 7 == 0 {
            l.charges.push(LineAllowanceCharge {
                amount: Some(Decimal::new(750, 2)),
                percent: None,
                reason: Some("Frais palette".into()),
                reason_code: Some("ABK".into()),
            });
        }
        out.push(l);
    }
    let mut draft = InvoiceDraft::new(seller, buyer, out);
    draft.payment_terms = PaymentTerms::NetDays { days: 30 };
    draft.purchase_order = Some("PO-2026-118".into());
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?;
    let (inv, _) = issue(draft, &state, chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default())?;
    Ok(inv)
}
