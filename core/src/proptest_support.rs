//! proptest strategies for the document model (feature `proptest`), for property tests here and downstream.

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::invoice::{InvoiceDraft, InvoiceKind};
use crate::line::{AllowanceCharge, Discount, Line, SupplyKind};
use crate::party::{Address, Buyer, BuyerKind, CompanySize, Seller, VatRegime};
use crate::terms::PaymentTerms;
use crate::vat::{Territory, VatCategory};

/// A decimal `units × 10^-scale` with `units` in `range`.
pub fn decimal(range: std::ops::Range<i64>, scale: u32) -> impl Strategy<Value = Decimal> {
    range.prop_map(move |u| Decimal::new(u, scale))
}

/// A metropolitan standard VAT rate in force in 2026.
pub fn vat_rate() -> impl Strategy<Value = Decimal> {
    prop_oneof![Just(Decimal::new(20, 0)), Just(Decimal::new(10, 0)), Just(Decimal::new(55, 1)), Just(Decimal::new(21, 1))]
}

/// A valid line with id `id`: quantity up to 4 dp, price up to 6 dp, optional discount.
pub fn line(id: usize) -> impl Strategy<Value = Line> {
    (
        decimal(1..1_000_000, 4),
        decimal(0..100_000_000_000, 6),
        prop_oneof![Just(None), decimal(0..10_000, 2).prop_map(|p| Some(Discount::Percent(p))),],
        vat_rate(),
        any::<bool>(),
    )
        .prop_map(move |(quantity, unit_price, discount, vat_rate, goods)| Line {
            id: format!("{}", id + 1),
            description: format!("Ligne {}", id + 1),
            quantity,
            unit: "C62".to_owned(),
            unit_price,
            discount,
            vat_category: VatCategory::S,
            vat_rate,
            supply: if goods { SupplyKind::Goods } else { SupplyKind::Services },
        })
}

/// 1 to `max` valid lines with ids 1, 2, …
pub fn lines(max: usize) -> impl Strategy<Value = Vec<Line>> {
    (1..=max).prop_flat_map(|n| (0..n).map(line).collect::<Vec<_>>())
}

/// A document charge in a standard-rate group.
pub fn charge() -> impl Strategy<Value = AllowanceCharge> {
    (decimal(0..100_000, 2), vat_rate()).prop_map(|(amount, vat_rate)| AllowanceCharge {
        amount,
        reason: "Frais".to_owned(),
        vat_category: VatCategory::S,
        vat_rate,
    })
}

/// A seller that passes every identity check.
pub fn seller() -> Seller {
    Seller {
        name: "Atelier Numérique".into(),
        legal_form: Some("SAS".into()),
        share_capital: Some(Decimal::new(1_000_000, 2)),
        siren: Some("813883964".into()),
        siret: Some("81388396400013".into()),
        rcs_city: Some("Lyon".into()),
        vat_number: Some("FR11813883964".into()),
        address: Address {
            line1: "12 rue de la Charité".into(),
            line2: None,
            postal_code: "69002".into(),
            city: "Lyon".into(),
            country: "FR".into(),
        },
        iban: Some("FR7630004000031234567890143".into()),
        bic: Some("BNPAFRPPXXX".into()),
        individual_entrepreneur: false,
        vat_regime: VatRegime::Normal,
        company_size: CompanySize::Sme,
        email: None,
    }
}

/// A business buyer that passes every identity check.
pub fn buyer() -> Buyer {
    Buyer {
        kind: BuyerKind::Business,
        name: "Boulangerie Martin".into(),
        siren: Some("552100554".into()),
        siret: None,
        vat_number: Some("FR96552100554".into()),
        address: Address {
            line1: "3 place Bellecour".into(),
            line2: None,
            postal_code: "69002".into(),
            city: "Lyon".into(),
            country: "FR".into(),
        },
        delivery_address: None,
        email: None,
    }
}

/// A lawful standard invoice draft with up to `max_lines` lines.
pub fn invoice_draft(max_lines: usize) -> impl Strategy<Value = InvoiceDraft> {
    (lines(max_lines), proptest::collection::vec(charge(), 0..3), proptest::collection::vec(charge(), 0..2)).prop_map(
        |(lines, charges, allowances)| {
            // at most one allowance of up to 1 cent in the first line's group, so no group basis goes negative
            let rate = lines.first().map_or(Decimal::new(20, 0), |l| l.vat_rate);
            let room = lines.first().and_then(|l| crate::totals::line_total(l, "").ok()).map_or(Decimal::ZERO, |t| t.net);
            let allowances = allowances
                .into_iter()
                .take(1)
                .map(|mut a| {
                    a.amount = room.min(Decimal::new(1, 2));
                    a.vat_rate = rate;
                    a
                })
                .collect();
            InvoiceDraft {
                kind: InvoiceKind::Standard,
                currency: Default::default(),
                territory: Territory::Metropole,
                seller: seller(),
                buyer: buyer(),
                lines,
                allowances,
                charges,
                exemptions: vec![],
                payment_terms: PaymentTerms::default(),
                delivery_date: None,
                late_payment_rate: None,
                early_payment_discount: None,
                purchase_order: None,
                quote: None,
                preceding_invoice: None,
                deposits: vec![],
                prepaid_amount: Decimal::ZERO,
                notes: vec![],
            }
        },
    )
}
