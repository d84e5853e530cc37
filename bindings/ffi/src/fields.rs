//! The decimal and date fields of every result, by name, for the skins that type them.

/// The decimal and date fields of the results, by name, for the skins that type them (Python's
/// `Decimal` and `date`): the core's ([`facturier_core::schema::field_kinds`]) and those of the
/// FEC records and check reports and of a received e-invoice, which the core's schemas do not
/// describe.
pub fn field_kinds() -> facturier_core::schema::FieldKinds {
    let mut kinds = facturier_core::schema::field_kinds();
    for name in ["debit", "credit", "montant_devise", "total_debit", "total_credit"] {
        kinds.decimals.insert(name.to_owned());
    }
    for name in ["ecriture_date", "piece_date", "date_let", "valid_date", "date_rglt"] {
        kinds.dates.insert(name.to_owned());
    }
    // a received e-invoice (`read_invoice`): the decimals and dates of its EN 16931 model
    // (`due` is a flag elsewhere; only strings are converted, so both read right)
    let decimals = "quantity net_price gross_price price_discount base_quantity net_amount vat_rate amount base percent rate basis vat \
                    line_total allowance_total charge_total tax_basis_total vat_total vat_total_tax_currency grand_total prepaid rounding due";
    for name in decimals.split_whitespace() {
        kinds.decimals.insert(name.to_owned());
    }
    for name in ["issue_date", "due_date", "delivery_date", "start", "end"] {
        kinds.dates.insert(name.to_owned());
    }
    kinds
}
