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
    /// Further line allowances (EN 16931 BG-27), each with its reason or reason code, taken off
    /// the line besides `discount`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<LineAllowanceCharge>,
    /// Line charges (EN 16931 BG-28), e.g. "frais palette", added to the line net.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<LineAllowanceCharge>,
    /// The quantity the unit price is for (EN 16931 BT-149), e.g. `"12"` for a price per dozen or
    /// `"1000"` per thousand; 1 when absent. The line amount is quantity × unit price ÷ this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_base_quantity: Option<Decimal>,
    /// The item gross price before the price discount (EN 16931 BT-148), for the same base
    /// quantity; the price discount (BT-147) is this minus `unit_price`, never negative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_price: Option<Decimal>,
}

impl Line {
    /// A line of `quantity` × `unit_price` excl. tax in VAT group (`vat_category`, `vat_rate`),
    /// in units (C62), services, with nothing else set: the usual start of a line.
    pub fn new(id: &str, description: &str, quantity: Decimal, unit_price: Decimal, vat_category: VatCategory, vat_rate: Decimal) -> Line {
        Line {
            id: id.to_owned(),
            description: description.to_owned(),
            quantity,
            unit: default_unit(),
            unit_price,
            discount: None,
            vat_category,
            vat_rate,
            supply: SupplyKind::Services,
            allowances: Vec::new(),
            charges: Vec::new(),
            price_base_quantity: None,
            gross_price: None,
        }
    }

    /// The base quantity the unit price is for (EN 16931 BT-149), when it is not 1 (an absent,
    /// zero or unit base quantity prices one unit).
    pub fn price_base(&self) -> Option<Decimal> {
        self.price_base_quantity.filter(|b| !b.is_zero() && *b != Decimal::ONE)
    }

    /// The price discount (EN 16931 BT-147): gross price minus net unit price, when a gross
    /// price is given (`None` on overflow too; the checks refuse such prices first).
    pub fn price_discount(&self) -> Option<Decimal> {
        self.gross_price.and_then(|g| g.checked_sub(self.unit_price))
    }
}

/// A line allowance or charge (EN 16931 BG-27 / BG-28): a fixed amount, or a percentage of the
/// line amount (quantity × unit price ÷ base quantity), with its reason (BT-139 / BT-144) or its
/// reason code (UNTDID 5189 for allowances, BT-140; UNTDID 7161 for charges, BT-145), or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineAllowanceCharge {
    /// A fixed amount excl. tax, 2 decimals (BT-136 / BT-141); exclusive with `percent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// A percentage of the line amount (BT-138 / BT-143), e.g. `"5"`; exclusive with `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// The reason, in words (BT-139 / BT-144).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reason code: UNTDID 5189 for an allowance (`95` discount), UNTDID 7161 for a charge
    /// (`ABK` miscellaneous, `FC` freight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
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
    /// The reason code (BT-98 / BT-105): UNTDID 5189 for an allowance, UNTDID 7161 for a charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}
