//! VAT categories (EN 16931 UNCL5305 subset of the French CTC) and the French rates as dated data.

use crate::dated::day;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// EN 16931 VAT category code (BT-151 / BT-118), the subset the French CTC accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum VatCategory {
    /// Standard rate (taux normal, intermédiaire, réduit, particulier).
    S,
    /// Zero-rated goods.
    Z,
    /// Exempt from VAT (also franchise en base with VATEX-FR-FRANCHISE).
    E,
    /// VAT reverse charge (autoliquidation).
    AE,
    /// Intra-community supply of goods, exempt (CGI 262 ter I).
    K,
    /// Export outside the EU, exempt (CGI 262 I).
    G,
    /// Services outside the scope of VAT.
    O,
}

impl VatCategory {
    /// True when the category carries a positive VAT rate (S only).
    pub fn is_taxed(self) -> bool {
        matches!(self, VatCategory::S)
    }

    /// The EN 16931 code as text.
    pub fn code(self) -> &'static str {
        match self {
            VatCategory::S => "S",
            VatCategory::Z => "Z",
            VatCategory::E => "E",
            VatCategory::AE => "AE",
            VatCategory::K => "K",
            VatCategory::G => "G",
            VatCategory::O => "O",
        }
    }

    /// Default exemption reason (BT-120) and VATEX code (BT-121) for the category on `date`, if
    /// the law gives a single one; the wordings are dated texts ([`crate::texts::TEXTS`]: the CGI
    /// articles, then those of the CIBS era). `E` has none by default: the exempting article
    /// depends on the operation (except franchise, see [`franchise_exemption`]).
    ///
    /// Sources: CGI ann. II art. 242 nonies A, I-12° and 13°; CGI 262 ter I (K), 262 I (G),
    /// 283-2 (AE); EN 16931 BR-AE-10, BR-IC-10, BR-G-10, BR-O-10; CEF VATEX code list.
    pub fn default_exemption(self, date: NaiveDate) -> Option<Exemption> {
        use crate::texts::{MentionKey, text};
        let (code, key) = match self {
            VatCategory::AE => ("VATEX-EU-AE", MentionKey::Autoliquidation),
            VatCategory::K => ("VATEX-EU-IC", MentionKey::IntraEuSupply),
            VatCategory::G => ("VATEX-EU-G", MentionKey::Export),
            VatCategory::O => ("VATEX-EU-O", MentionKey::OutOfScope),
            VatCategory::S | VatCategory::Z | VatCategory::E => return None,
        };
        Some(Exemption { category: self, reason: text(key, date).to_owned(), vatex: Some(code.to_owned()) })
    }
}

/// The exemption reason text (BT-120) and code (BT-121) of one non-standard VAT category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    /// The VAT category this reason applies to.
    pub category: VatCategory,
    /// Legal reason printed on the invoice, e.g. `Exonération de TVA, art. 261-4-4° du CGI`.
    pub reason: String,
    /// VATEX code, e.g. `VATEX-EU-132-1I` or `VATEX-FR-FRANCHISE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vatex: Option<String>,
}

/// The franchise-en-base exemption: CGI 293 B, mention required by CGI 293 E; FR CTC code.
pub const FRANCHISE_VATEX: &str = "VATEX-FR-FRANCHISE";

/// The exemption a franchise-en-base seller prints, in force on `date` (see [`crate::documents::mentions`]).
pub fn franchise_exemption(date: NaiveDate) -> Exemption {
    Exemption {
        category: VatCategory::E,
        reason: crate::texts::text(crate::texts::MentionKey::Franchise, date).to_owned(),
        vatex: Some(FRANCHISE_VATEX.to_owned()),
    }
}

/// The member states of the European Union other than France (ISO 3166-1 alpha-2; Greece as
/// `GR`, its ISO code, though its VAT prefix is `EL`), for the reverse charge of services to a
/// business established in another member state (CGI 259-1°, 283-2; Directive 2006/112 art. 44, 196).
pub const OTHER_EU_COUNTRIES: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT",
    "RO", "SE", "SI", "SK",
];

/// True for a member state of the European Union other than France.
pub fn is_other_eu_country(code: &str) -> bool {
    OTHER_EU_COUNTRIES.contains(&code)
}

/// Where the operation is taxed in France: rates differ (CGI 278 ff., 296, 297).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Territory {
    /// Metropolitan France.
    #[default]
    Metropole,
    /// Corsica (CGI 297): specific reduced rates on top of the metropolitan ones.
    Corse,
    /// Guadeloupe, Martinique, Réunion (CGI 296).
    Dom,
}

/// One VAT rate in force on a territory during a period: dated data, not a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateEntry {
    /// Territory where the rate applies.
    pub territory: Territory,
    /// Rate in percent.
    pub rate: Decimal,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, `None` while still in force.
    pub valid_to: Option<NaiveDate>,
    /// Legal source of the rate.
    pub source: &'static str,
}

const fn pct(units: i64, scale: u32) -> Decimal {
    Decimal::from_parts(units as u32, 0, 0, false, scale)
}

const RATES_SINCE_2014: NaiveDate = day(2014, 1, 1);

/// French VAT rates (percent), dated. Metropolitan rates since 1 January 2014 (loi 2012-1510);
/// Corsica CGI 297; DOM CGI 296. Source digest: shared/spec/domain.md §2.6.
pub const RATES: &[RateEntry] = &[
    RateEntry { territory: Territory::Metropole, rate: pct(20, 0), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 278" },
    RateEntry {
        territory: Territory::Metropole,
        rate: pct(10, 0),
        valid_from: RATES_SINCE_2014,
        valid_to: None,
        source: "CGI art. 278 bis, 279",
    },
    RateEntry {
        territory: Territory::Metropole,
        rate: pct(55, 1),
        valid_from: RATES_SINCE_2014,
        valid_to: None,
        source: "CGI art. 278-0 bis",
    },
    RateEntry {
        territory: Territory::Metropole,
        rate: pct(21, 1),
        valid_from: RATES_SINCE_2014,
        valid_to: None,
        source: "CGI art. 281 quater ff.",
    },
    RateEntry { territory: Territory::Corse, rate: pct(9, 1), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 297" },
    RateEntry { territory: Territory::Corse, rate: pct(21, 1), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 297" },
    RateEntry { territory: Territory::Corse, rate: pct(10, 0), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 297" },
    RateEntry { territory: Territory::Corse, rate: pct(13, 0), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 297" },
    RateEntry { territory: Territory::Corse, rate: pct(20, 0), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 297, 278" },
    RateEntry {
        territory: Territory::Corse,
        rate: pct(55, 1),
        valid_from: RATES_SINCE_2014,
        valid_to: None,
        source: "CGI art. 297, 278-0 bis",
    },
    RateEntry { territory: Territory::Dom, rate: pct(85, 1), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 296" },
    RateEntry { territory: Territory::Dom, rate: pct(21, 1), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 296" },
    RateEntry { territory: Territory::Dom, rate: pct(175, 2), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 296 ter" },
    RateEntry { territory: Territory::Dom, rate: pct(105, 2), valid_from: RATES_SINCE_2014, valid_to: None, source: "CGI art. 296 ter" },
];

/// True when `rate` (percent) is a French rate in force on `date` on `territory`.
pub fn is_rate_allowed(territory: Territory, rate: Decimal, date: NaiveDate) -> bool {
    RATES.iter().any(|e| e.territory == territory && e.rate == rate && e.valid_from <= date && e.valid_to.is_none_or(|to| date <= to))
}

/// The rates in force on `date` on `territory`, ascending.
pub fn rates_in_force(territory: Territory, date: NaiveDate) -> Vec<Decimal> {
    let mut v: Vec<Decimal> = RATES
        .iter()
        .filter(|e| e.territory == territory && e.valid_from <= date && e.valid_to.is_none_or(|to| date <= to))
        .map(|e| e.rate)
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn metropolitan_rates() {
        let d = day(2026, 11, 22);
        assert_eq!(rates_in_force(Territory::Metropole, d), vec![dec!(2.1), dec!(5.5), dec!(10), dec!(20)]);
        assert!(is_rate_allowed(Territory::Metropole, dec!(20.00), d));
        assert!(!is_rate_allowed(Territory::Metropole, dec!(19.6), d));
        assert!(!is_rate_allowed(Territory::Metropole, dec!(8.5), d));
        assert!(is_rate_allowed(Territory::Dom, dec!(8.5), d));
        assert!(is_rate_allowed(Territory::Corse, dec!(0.9), d));
        assert!(!is_rate_allowed(Territory::Metropole, dec!(20), day(2013, 12, 31)));
    }
}
