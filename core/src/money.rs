//! Exact money: currencies, the EN 16931 rounding rule and the decimal precision limits.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule};

/// Rounds an amount to the cent, half away from zero: the only rounding EN 16931 applies
/// (BR-DEC-19/20; line nets PEPPOL-EN16931-R120, VAT per rate BR-CO-17).
pub fn round2(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Amounts carry at most 2 decimals (BR-FR-DEC-03, BR-DEC-*).
pub const AMOUNT_DECIMALS: u32 = 2;
/// Unit prices carry at most 6 decimals (BR-FR-DEC-01).
pub const UNIT_PRICE_DECIMALS: u32 = 6;
/// Quantities carry at most 4 decimals (BR-FR-DEC-02).
pub const QUANTITY_DECIMALS: u32 = 4;
/// Largest magnitude accepted for any input number: keeps every product and sum exact
/// (a 96-bit decimal holds 28 digits; 10^12 × 10^12 with 10 decimals still fits).
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0); // 10^12

/// BR-FR-DEC-01..03: decimal precision of amounts, prices and quantities.
pub const RULE_PRECISION: Rule = Rule { code: "decimal.precision", source: "EN 16931 BR-DEC-*, FNFE CTC BR-FR-DEC-01..03" };
/// Magnitude guard: not a legal rule, keeps arithmetic exact.
pub const RULE_RANGE: Rule = Rule { code: "decimal.range", source: "facturier: exact-arithmetic range (|x| < 10^12)" };

/// Pushes a violation if `value` has more than `max_dp` decimals or is out of range.
pub(crate) fn check_decimal(value: Decimal, max_dp: u32, path: &str, out: &mut Vec<crate::Violation>) {
    if value.normalize().scale() > max_dp {
        out.push(RULE_PRECISION.at(path, format!("{value} has more than {max_dp} decimals")));
    }
    if value.abs() >= MAX_MAGNITUDE {
        out.push(RULE_RANGE.at(path, format!("{value} is out of range")));
    }
}

/// Checked `a + b`, reporting `path` on overflow.
pub(crate) fn add(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| CoreError::Overflow { path: path.to_owned() })
}

/// Checked `a - b`, reporting `path` on overflow.
pub(crate) fn sub(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| CoreError::Overflow { path: path.to_owned() })
}

/// Checked `Σ values`, reporting `path` on overflow (`Iterator::sum` of decimals panics on
/// overflow: never use it on amounts that come from an input).
pub(crate) fn sum(values: impl IntoIterator<Item = Decimal>, path: &str) -> Result<Decimal> {
    checked_sum(values).ok_or_else(|| CoreError::Overflow { path: path.to_owned() })
}

/// Checked `Σ values`, `None` on overflow.
pub(crate) fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// Checked `a ÷ b`, reporting `path` on overflow or a zero divisor.
pub(crate) fn div(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_div(b).ok_or_else(|| CoreError::Overflow { path: path.to_owned() })
}

/// Checked `a × b`, reporting `path` on overflow.
pub(crate) fn mul(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| CoreError::Overflow { path: path.to_owned() })
}

/// An ISO 4217 currency code (three capital letters); EUR by default.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Currency(#[schemars(regex(pattern = r"^[A-Z]{3}$"))] pub String);

impl Default for Currency {
    fn default() -> Self {
        Currency("EUR".to_owned())
    }
}

/// EN 16931 BT-5: the invoice currency is an ISO 4217 alpha-3 code.
pub const RULE_CURRENCY: Rule = Rule { code: "currency.invalid", source: "EN 16931 BT-5 (ISO 4217)" };

impl Currency {
    /// True when the code has the ISO 4217 shape (three ASCII capitals).
    pub fn is_well_formed(&self) -> bool {
        self.0.len() == 3 && self.0.bytes().all(|b| b.is_ascii_uppercase())
    }

    /// The currency of the ISO 4217 list (`iso_currency`, the ISO maintenance agency's tables),
    /// when the code is one an invoice may be in: a current currency, not a precious metal, a
    /// fund, a testing or "no currency" code, nor one superseded (HRK since the euro).
    pub fn iso(&self) -> Option<iso_currency::Currency> {
        iso_currency::Currency::from_code(&self.0).filter(|c| !c.is_special() && !c.is_fund() && c.is_superseded().is_none())
    }

    /// The decimals an amount of this currency carries: its ISO 4217 minor units, at most 2
    /// (EN 16931 BR-DEC: amounts have at most 2 decimals); 2 for an unknown code, which the
    /// checks refuse anyway. 0 for the yen, 2 for the euro.
    pub fn amount_decimals(&self) -> u32 {
        self.iso().and_then(|c| c.exponent()).map_or(AMOUNT_DECIMALS, |e| u32::from(e).min(AMOUNT_DECIMALS))
    }

    /// True for the euro.
    pub fn is_eur(&self) -> bool {
        self.0 == "EUR"
    }
}

/// The rate that converts an invoice's amounts into euros, for the VAT total a French invoice in
/// another currency must state in euros (CGI art. 289; Directive 2006/112 art. 230; EN 16931
/// BT-6/BT-111; FNFE BR-FR-CO-12).
///
/// Quoted as the ECB quotes its reference rates: units of the invoice currency for one euro
/// (`1.0823` USD). The rate is the one of the chargeable event: the latest selling rate of the
/// most representative exchange market, or the latest ECB rate (Directive 2006/112 art. 91-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRate {
    /// Units of the invoice currency for one euro, e.g. `"1.0823"` for USD.
    pub units_per_euro: Decimal,
    /// The date the rate was published or recorded.
    pub date: chrono::NaiveDate,
    /// Where the rate comes from, e.g. `BCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Exchange rates carry at most 6 decimals (the ECB publishes 4 or 5 significant digits).
pub const EXCHANGE_RATE_DECIMALS: u32 = 6;

impl ExchangeRate {
    /// `amount` of the invoice currency in euros, rounded to the cent (half away from zero);
    /// `None` for a rate that is not positive.
    pub fn to_euros(&self, amount: Decimal) -> Option<Decimal> {
        if self.units_per_euro <= Decimal::ZERO {
            return None;
        }
        amount.checked_div(self.units_per_euro).map(round2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn round_half_away_from_zero() {
        assert_eq!(round2(dec!(0.125)), dec!(0.13));
        assert_eq!(round2(dec!(-0.125)), dec!(-0.13));
        assert_eq!(round2(dec!(0.124999)), dec!(0.12));
    }

    #[test]
    fn exchange_rate_converts_to_euros() {
        let usd = ExchangeRate { units_per_euro: dec!(1.0823), date: crate::dated::day(2026, 3, 2), source: None };
        // 200.00 USD / 1.0823 = 184.7916...
        assert_eq!(usd.to_euros(dec!(200.00)), Some(dec!(184.79)));
        assert_eq!(ExchangeRate { units_per_euro: Decimal::ZERO, ..usd }.to_euros(dec!(1)), None);
    }

    #[test]
    fn max_magnitude_is_ten_to_the_twelve() {
        assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_i64));
    }

    #[test]
    fn precision_checks() {
        let mut v = vec![];
        check_decimal(dec!(1.2300), 2, "x", &mut v);
        assert!(v.is_empty());
        check_decimal(dec!(1.234), 2, "x", &mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].code, "decimal.precision");
    }
}
