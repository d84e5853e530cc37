//! The dated rate tables late interest is computed from: the ECB main refinancing rate and the
//! legal interest rate, shipped as published and overridable by the caller.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dated::day;
use crate::error::{CoreError, Result, Rule, Violation};

/// Rate tables given by the caller are dated percentages in [0, 100] with at most 4 decimals.
pub const RULE_RATES_INVALID: Rule =
    Rule { code: "rates.invalid", source: "C. mon. fin. L313-2 (taux semestriels); ECB key interest rates (dated percentages)" };
/// No rate is known for the period of a delay: the tables must be extended by the caller.
pub const RULE_RATE_UNKNOWN: Rule = Rule { code: "rates.unknown", source: "C. com. L441-10 II; CCP R2192-31; C. mon. fin. L313-2" };

/// A percentage with two decimals, from its hundredths.
const fn pct(hundredths: u32) -> Decimal {
    Decimal::from_parts(hundredths, 0, 0, false, 2)
}

/// The fixed recovery indemnity per late invoice for a professional or public buyer:
/// C. com. L441-10 II and D441-5 (décret 2012-1115); CCP L2192-13 and D2192-35.
pub const RECOVERY_INDEMNITY: Decimal = Decimal::from_parts(4000, 0, 0, false, 2);
/// Points added to the ECB rate for a business buyer without a contractual rate (C. com. L441-10 II).
pub const COMMERCIAL_MARGIN: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// Points added to the ECB rate for a public buyer (CCP R2192-31).
pub const PUBLIC_MARGIN: Decimal = Decimal::from_parts(8, 0, 0, false, 0);
/// A contractual rate is at least this many times the legal interest rate (C. com. L441-10 II).
pub const LEGAL_RATE_FLOOR_MULTIPLIER: Decimal = Decimal::from_parts(3, 0, 0, false, 0);
/// Days in the year of the simple-interest formula: 365, leap years included.
///
/// No text fixes the divisor of late-payment penalties or legal interest: the rates are yearly
/// (C. com. L441-10 II; C. mon. fin. L313-2) and the formula in use is `amount × rate × days /
/// 365` (shared/spec/domain.md §3.2, source L21), which this library applies in every year. In a
/// leap year it gives the creditor one day's interest more than a 366 divisor would over the
/// whole year (+0,27 %).
pub const DAYS_PER_YEAR: i64 = 365;

/// One change of the ECB rate on its main refinancing operations (MRO), in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcbRate {
    /// First day the rate applies (the ECB's "with effect from" date).
    pub effective_from: NaiveDate,
    /// The MRO fixed rate, in percent per year.
    pub rate: Decimal,
}

/// ECB main refinancing operations rate since 16 March 2016 (every change of the MRO rate).
///
/// Source: ECB, Key ECB interest rates,
/// <https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.en.html>
/// (also Banque de France, <https://www.banque-france.fr/en/policy-rates>).
pub const ECB_MAIN_REFINANCING: &[EcbRate] = &[
    EcbRate { effective_from: day(2016, 3, 16), rate: pct(0) },
    EcbRate { effective_from: day(2022, 7, 27), rate: pct(50) },
    EcbRate { effective_from: day(2022, 9, 14), rate: pct(125) },
    EcbRate { effective_from: day(2022, 11, 2), rate: pct(200) },
    EcbRate { effective_from: day(2022, 12, 21), rate: pct(250) },
    EcbRate { effective_from: day(2023, 2, 8), rate: pct(300) },
    EcbRate { effective_from: day(2023, 3, 22), rate: pct(350) },
    EcbRate { effective_from: day(2023, 5, 10), rate: pct(375) },
    EcbRate { effective_from: day(2023, 6, 21), rate: pct(400) },
    EcbRate { effective_from: day(2023, 8, 2), rate: pct(425) },
    EcbRate { effective_from: day(2023, 9, 20), rate: pct(450) },
    EcbRate { effective_from: day(2024, 6, 12), rate: pct(425) },
    EcbRate { effective_from: day(2024, 9, 18), rate: pct(365) },
    EcbRate { effective_from: day(2024, 10, 23), rate: pct(340) },
    EcbRate { effective_from: day(2024, 12, 18), rate: pct(315) },
    EcbRate { effective_from: day(2025, 2, 5), rate: pct(290) },
    EcbRate { effective_from: day(2025, 3, 12), rate: pct(265) },
    EcbRate { effective_from: day(2025, 4, 23), rate: pct(240) },
    EcbRate { effective_from: day(2025, 6, 11), rate: pct(215) },
];

/// The Governing Council's monetary policy meetings since the last change of
/// [`ECB_MAIN_REFINANCING`] that left the rate unchanged (ECB monetary policy decisions,
/// <https://www.ecb.europa.eu/press/govcdec/mopo/html/index.en.html>).
///
/// Adding a published decision is one line: a change of rate in [`ECB_MAIN_REFINANCING`] (its
/// effective date), or the meeting's date here when the rate stayed; the table is then known
/// to be complete up to the latest of the two ([`ecb_verified_until`]).
pub const ECB_UNCHANGED: &[NaiveDate] = &[day(2025, 7, 24), day(2025, 9, 11), day(2025, 10, 30), day(2025, 12, 18), day(2026, 2, 5)];

/// The last date [`ECB_MAIN_REFINANCING`] is known to be complete: its last change or the last
/// meeting of [`ECB_UNCHANGED`], whichever is later.
pub fn ecb_verified_until() -> NaiveDate {
    let last_change = ECB_MAIN_REFINANCING.iter().map(|c| c.effective_from).max().unwrap_or(crate::dated::ORIGIN);
    ECB_UNCHANGED.iter().copied().fold(last_change, NaiveDate::max)
}

/// The legal interest rates of one half-year, in percent (C. mon. fin. L313-2, D313-1-A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalRate {
    /// First day of the half-year: 1 January or 1 July.
    pub half_year_from: NaiveDate,
    /// Rate for debts owed to natural persons not acting for professional purposes.
    pub natural_person_rate: Decimal,
    /// Rate in all other cases, notably when the creditor is a professional.
    pub other_cases_rate: Decimal,
}

const fn legal(y: i32, second_half: bool, natural_person: u32, other_cases: u32) -> LegalRate {
    LegalRate {
        half_year_from: day(y, if second_half { 7 } else { 1 }, 1),
        natural_person_rate: pct(natural_person),
        other_cases_rate: pct(other_cases),
    }
}

/// Taux de l'intérêt légal per half-year since 2022, fixed by arrêté published in the JORF each
/// December and June (C. mon. fin. L313-2). Sources: the arrêtés, e.g. arrêté du 15 décembre 2025
/// (JORF n°0302 du 26 décembre 2025) for H1 2026; Banque de France,
/// <https://www.banque-france.fr/fr/statistiques/taux-et-cours/taux-de-linteret-legal>.
///
/// Adding a published half-year is one line, `legal(year, second_half, natural person, other
/// cases)` in hundredths of a percent: the table is complete up to the end of its last half-year
/// ([`legal_verified_until`]), and interest in that half-year stops being provisional.
pub const LEGAL_INTEREST: &[LegalRate] = &[
    legal(2022, false, 313, 76),
    legal(2022, true, 315, 77),
    legal(2023, false, 447, 206),
    legal(2023, true, 682, 422),
    legal(2024, false, 801, 507),
    legal(2024, true, 816, 492),
    legal(2025, false, 721, 371),
    legal(2025, true, 665, 276),
    legal(2026, false, 667, 262),
];

/// The last day [`LEGAL_INTEREST`] is complete: the end of its last half-year.
pub fn legal_verified_until() -> NaiveDate {
    LEGAL_INTEREST.iter().map(|h| h.half_year_from).max().and_then(half_year_end).unwrap_or(crate::dated::ORIGIN)
}

/// The ECB MRO rate changes and the last date the table is known to be complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcbTable {
    /// Every change of the rate, by effective date.
    pub changes: Vec<EcbRate>,
    /// The table is complete up to this date; later reference dates are provisional.
    pub verified_until: NaiveDate,
}

/// The legal interest rates per half-year and the last date the table is known to be complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalRateTable {
    /// The rates of each half-year.
    pub half_years: Vec<LegalRate>,
    /// The table is complete up to this date; later half-years are provisional.
    pub verified_until: NaiveDate,
}

/// Both rate tables the interest computation reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateTables {
    /// ECB main refinancing operations rate.
    pub ecb_main_refinancing: EcbTable,
    /// Taux de l'intérêt légal.
    pub legal_interest: LegalRateTable,
}

impl Default for RateTables {
    /// The tables shipped with facturier.
    fn default() -> Self {
        RateTables {
            ecb_main_refinancing: EcbTable { changes: ECB_MAIN_REFINANCING.to_vec(), verified_until: ecb_verified_until() },
            legal_interest: LegalRateTable { half_years: LEGAL_INTEREST.to_vec(), verified_until: legal_verified_until() },
        }
    }
}

/// Rates the caller adds to, or corrects in, the shipped tables.
///
/// Entries are merged by date: an entry with the date of a shipped one replaces it, others are
/// added. A table given here also sets its `verified_until` (state how far your data is complete).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateOverrides {
    /// ECB MRO rate changes to merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecb_main_refinancing: Option<EcbTable>,
    /// Legal interest half-years to merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_interest: Option<LegalRateTable>,
}

/// A reference rate looked up for a date, and whether it is only the last known one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReferenceRate {
    /// The date the rate is read for (1 January or 1 July).
    pub reference_date: NaiveDate,
    /// The rate, in percent per year.
    pub rate: Decimal,
    /// True when the table is not known to be complete on the reference date.
    pub provisional: bool,
}

/// The first day of the half-year holding `date` (1 January or 1 July).
pub fn half_year_start(date: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year(), if date.month() <= 6 { 1 } else { 7 }, 1)
}

/// The last day of the half-year holding `date` (30 June or 31 December).
pub fn half_year_end(date: NaiveDate) -> Option<NaiveDate> {
    if date.month() <= 6 { NaiveDate::from_ymd_opt(date.year(), 6, 30) } else { NaiveDate::from_ymd_opt(date.year(), 12, 31) }
}

pub(super) fn overflow(path: &str) -> CoreError {
    CoreError::Overflow { path: path.to_owned() }
}

impl EcbTable {
    /// The MRO rate in force on `reference_date`: the last change effective on or before it.
    ///
    /// Provisional when the table is not verified up to that date; fails with
    /// [`RULE_RATE_UNKNOWN`] before the first change of the table.
    pub fn rate_on(&self, reference_date: NaiveDate) -> Result<ReferenceRate> {
        let found = self.changes.iter().filter(|c| c.effective_from <= reference_date).max_by_key(|c| c.effective_from);
        match found {
            Some(c) => Ok(ReferenceRate { reference_date, rate: c.rate, provisional: reference_date > self.verified_until }),
            None => Err(CoreError::Invalid(vec![RULE_RATE_UNKNOWN.at(
                "rates.ecb_main_refinancing",
                format!("no ECB main refinancing rate is known on {reference_date}: add it to the rate overrides"),
            )])),
        }
    }
}

impl LegalRateTable {
    /// The legal rates of the half-year holding `date`, and whether they are provisional.
    ///
    /// When the half-year has no entry, the latest earlier one is used, flagged provisional;
    /// fails with [`RULE_RATE_UNKNOWN`] before the first half-year of the table.
    pub fn rates_for(&self, date: NaiveDate) -> Result<(LegalRate, bool)> {
        let start = half_year_start(date).ok_or_else(|| overflow("rates.legal_interest"))?;
        let found = self.half_years.iter().filter(|h| h.half_year_from <= start).max_by_key(|h| h.half_year_from);
        match found {
            Some(h) => Ok((*h, start > self.verified_until || h.half_year_from != start)),
            None => Err(CoreError::Invalid(vec![RULE_RATE_UNKNOWN.at(
                "rates.legal_interest",
                format!("no legal interest rate is known for the half-year starting {start}: add it to the rate overrides"),
            )])),
        }
    }

    /// The "autres cas" legal rate of the half-year holding `date` (the creditor is a professional).
    pub fn other_cases_rate(&self, date: NaiveDate) -> Result<ReferenceRate> {
        let (h, provisional) = self.rates_for(date)?;
        let reference_date = half_year_start(date).ok_or_else(|| overflow("rates.legal_interest"))?;
        Ok(ReferenceRate { reference_date, rate: h.other_cases_rate, provisional })
    }
}

/// Interest rates (percent per year) carry at most 4 decimals.
pub const RATE_DECIMALS: u32 = 4;

/// A rate of a table: in [0, 100], at most 4 decimals.
fn check_rate(rate: Decimal, path: String, out: &mut Vec<Violation>) {
    if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED || rate.normalize().scale() > RATE_DECIMALS {
        out.push(RULE_RATES_INVALID.at(path, format!("{rate} is not a percentage in [0, 100] with at most 4 decimals")));
    }
}

impl RateOverrides {
    /// Every problem of the overrides, with paths under `path` (e.g. `rates`).
    pub fn check(&self, path: &str, out: &mut Vec<Violation>) {
        if let Some(t) = &self.ecb_main_refinancing {
            for (i, c) in t.changes.iter().enumerate() {
                let p = format!("{path}.ecb_main_refinancing.changes[{i}]");
                check_rate(c.rate, format!("{p}.rate"), out);
                if t.changes.iter().take(i).any(|x| x.effective_from == c.effective_from) {
                    out.push(RULE_RATES_INVALID.at(format!("{p}.effective_from"), format!("{} is given twice", c.effective_from)));
                }
            }
        }
        if let Some(t) = &self.legal_interest {
            for (i, h) in t.half_years.iter().enumerate() {
                let p = format!("{path}.legal_interest.half_years[{i}]");
                check_rate(h.natural_person_rate, format!("{p}.natural_person_rate"), out);
                check_rate(h.other_cases_rate, format!("{p}.other_cases_rate"), out);
                if half_year_start(h.half_year_from) != Some(h.half_year_from) {
                    out.push(RULE_RATES_INVALID.at(format!("{p}.half_year_from"), "a half-year starts on 1 January or 1 July"));
                }
                if t.half_years.iter().take(i).any(|x| x.half_year_from == h.half_year_from) {
                    out.push(RULE_RATES_INVALID.at(format!("{p}.half_year_from"), format!("{} is given twice", h.half_year_from)));
                }
            }
        }
    }
}

impl RateTables {
    /// These tables with `overrides` merged in (entries by date, `verified_until` replaced).
    ///
    /// Fails with every problem of the overrides ([`RULE_RATES_INVALID`], paths under `rates`).
    pub fn with_overrides(mut self, overrides: &RateOverrides) -> Result<Self> {
        let mut v = Vec::new();
        overrides.check("rates", &mut v);
        if !v.is_empty() {
            return Err(CoreError::Invalid(v));
        }
        if let Some(t) = &overrides.ecb_main_refinancing {
            let table = &mut self.ecb_main_refinancing;
            table.changes.retain(|c| t.changes.iter().all(|x| x.effective_from != c.effective_from));
            table.changes.extend(t.changes.iter().copied());
            table.changes.sort_by_key(|c| c.effective_from);
            table.verified_until = t.verified_until;
        }
        if let Some(t) = &overrides.legal_interest {
            let table = &mut self.legal_interest;
            table.half_years.retain(|h| t.half_years.iter().all(|x| x.half_year_from != h.half_year_from));
            table.half_years.extend(t.half_years.iter().copied());
            table.half_years.sort_by_key(|h| h.half_year_from);
            table.verified_until = t.verified_until;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_are_sorted_contiguous_and_say_how_far_they_are_complete() {
        let ecb: Vec<NaiveDate> = ECB_MAIN_REFINANCING.iter().map(|c| c.effective_from).collect();
        assert!(ecb.windows(2).all(|w| w[0] < w[1]), "ECB changes sorted by date");
        assert!(ECB_UNCHANGED.windows(2).all(|w| w[0] < w[1]));
        assert!(ECB_UNCHANGED.iter().all(|d| *d > ecb[ecb.len() - 1]), "unchanged meetings follow the last change");
        assert_eq!(ecb_verified_until(), day(2026, 2, 5));
        // legal rates: every half-year from the first one, none missing
        for w in LEGAL_INTEREST.windows(2) {
            assert_eq!(half_year_end(w[0].half_year_from).and_then(|d| d.succ_opt()), Some(w[1].half_year_from));
        }
        assert_eq!(legal_verified_until(), day(2026, 6, 30));
    }

    /// Adding the next published half-year is one line of data: with it, the half-year's rate is
    /// no longer provisional.
    #[test]
    fn adding_a_published_half_year_is_one_line_and_ends_the_provisional_flag() {
        let table = RateTables::default().legal_interest;
        let h2 = day(2026, 9, 1);
        assert!(table.other_cases_rate(h2).is_ok_and(|r| r.provisional));
        let mut half_years = LEGAL_INTEREST.to_vec();
        half_years.push(legal(2026, true, 650, 250)); // the line a maintainer adds (figures invented for the test)
        let verified_until = half_years.iter().map(|h| h.half_year_from).max().and_then(half_year_end).unwrap_or(h2);
        let table = LegalRateTable { half_years, verified_until };
        let r = table.other_cases_rate(h2).unwrap();
        assert_eq!((r.rate, r.provisional), (pct(250), false));
    }
}
