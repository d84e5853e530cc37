//! Document lines and document-level allowances and charges.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::vat::VatCategory;

/// A discount on one line (EN 16931 BG-27, applied before the line net is rounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Discount {
    /// A percentage of quantity × unit price, e.g. `"10"` for 10 %.
    Percent(Decimal),
    /// A fixed amount excl. tax taken off the line.
    Amount(Decimal),
}

/// Whether a line supplies goods or services (242 nonies A, I-8° bis; EN 16931 BT-23 FR).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SupplyKind {
    /// Delivery of goods.
    Goods,
    /// Provision of services.
    #[default]
    Services,
}

/// One line of a quote or invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Line identifier, unique in the document (BT-126).
    pub id: String,
    /// Precise description of the goods or service (242 nonies A, I-8°).
    pub description: String,
    /// Quantity, up to 4 decimals (BR-FR-DEC-02).
    pub quantity: Decimal,
    /// Unit of measure, UN/ECE Recommendation 20 code (C62 = one, HUR = hour, DAY = day).
    #[serde(default = "default_unit")]
    pub unit: String,
    /// Unit price excl. tax, up to 6 decimals (BR-FR-DEC-01).
    pub unit_price: Decimal,
    /// Optional line discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    /// VAT category (BT-151).
    #[serde(default = "default_category")]
    pub vat_category: VatCategory,
    /// VAT rate in percent (BT-152), e.g. `"20"`; `"0"` for non-S categories.
    pub vat_rate: Decimal,
    /// Goods or services.
    #[serde(default)]
    pub supply: SupplyKind,
}

fn default_unit() -> String {
    "C62".to_owned()
}

fn default_category() -> VatCategory {
    VatCategory::S
}

/// A document-level allowance or charge (EN 16931 BG-20 / BG-21), with its VAT group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowanceCharge {
    /// Amount excl. tax, 2 decimals, positive.
    pub amount: Decimal,
    /// Reason printed on the document (BT-97 / BT-104).
    pub reason: String,
    /// VAT category of the allowance or charge (BT-95 / BT-102).
    #[serde(default = "default_category")]
    pub vat_category: VatCategory,
    /// VAT rate in percent (BT-96 / BT-103).
    pub vat_rate: Decimal,
}
