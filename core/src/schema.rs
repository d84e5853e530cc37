//! JSON Schemas of the inputs, published under `schema/` for users of every language.

use schemars::schema_for;

/// Every published schema: file stem and schema document.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("invoice-draft", schema_for!(crate::invoice::InvoiceDraft).to_value()),
        ("issued-invoice", schema_for!(crate::invoice::IssuedInvoice).to_value()),
        ("quote-content", schema_for!(crate::quote::QuoteContent).to_value()),
        ("quote", schema_for!(crate::quote::Quote).to_value()),
        ("numbering-state", schema_for!(crate::numbering::NumberingState).to_value()),
        ("credit-selection", schema_for!(crate::invoice::CreditSelection).to_value()),
        ("deposit-spec", schema_for!(crate::invoice::DepositSpec).to_value()),
    ]
}
