//! Late-payment interest and the fixed recovery indemnity, computed from dated rate tables.
//!
//! # The law
//!
//! - **Business buyer** (C. com. L441-10 II): penalties run from the day after the due date,
//!   "sans qu'un rappel soit nécessaire", at the contractual rate, which may not be lower than
//!   three times the legal interest rate; failing a contractual rate, at the ECB rate on its most
//!   recent main refinancing operation plus 10 points. The ECB rate in force on 1 January applies
//!   to the first half-year, the one in force on 1 July to the second. Plus a fixed indemnity of
//!   40 € per late invoice for recovery costs (L441-10 II, D441-5).
//! - **Public buyer** (CCP L2192-13, R2192-31, D2192-35): moratorium interest from the day after
//!   the payment period, at the ECB main refinancing rate "en vigueur au premier jour du semestre
//!   de l'année civile au cours duquel les intérêts moratoires ont commencé à courir", plus
//!   8 points — one rate for the whole delay, fixed by the half-year in which it started —, and
//!   the same 40 € indemnity (D2192-35). A contractual rate does not apply to public buyers.
//! - **Consumer** (C. civ. 1231-6, 1344-1): neither L441-10 penalties nor the indemnity; only
//!   interest at the legal rate, from the formal notice (mise en demeure). The creditor is a
//!   professional, so the "autres cas" legal rate applies (C. mon. fin. L313-2); it is fixed per
//!   half-year and each half-year's days bear its rate. Interest runs from the day after the
//!   notice (or after the due date, if the notice came earlier).
//!
//! # The computation
//!
//! Simple interest on the amount due including tax still unpaid on each day:
//! `Σ base × rate % × days / 365`. Day 1 is the day after the due date (after the notice for a
//! consumer); the last day counted is the day the invoice was settled, or `as_of`. A payment or
//! credit lowers the base from the day after its date. The delay is cut into segments at each
//! half-year boundary and each change of base; every segment reports its reference date, the
//! reference rate, the applied rate, its days, base and amount (6 decimals, for reading), so a
//! person can redo the sum by hand. Only the invoice's total is rounded: half away from zero, to
//! the cent, on the exact sum of the segments. Late-payment penalties are not subject to VAT and
//! are claimed apart from the invoice: they never enter the amounts the payments settle.
//!
//! # Rates are dated data
//!
//! [`ECB_MAIN_REFINANCING`] and [`LEGAL_INTEREST`] ship the published rates, each with the last
//! date it is known to be complete ([`ECB_VERIFIED_UNTIL`], [`LEGAL_VERIFIED_UNTIL`]). For a
//! half-year starting after that date the last known rate is used and the result is flagged
//! `provisional`, with the reference date, so the caller knows to supply the published rate
//! through [`RateOverrides`]; nothing fails.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule, Violation};
use crate::money::{add, mul, round2, sub};
use crate::party::BuyerKind;
use crate::payment::InvoiceAccount;

/// Rate tables given by the caller are dated percentages in [0, 100] with at most 4 decimals.
pub const RULE_RATES_INVALID: Rule =
    Rule { code: "rates.invalid", source: "C. mon. fin. L313-2 (taux semestriels); ECB key interest rates (dated percentages)" };
/// No rate is known for the period of a delay: the tables must be extended by the caller.
pub const RULE_RATE_UNKNOWN: Rule = Rule { code: "rates.unknown", source: "C. com. L441-10 II; CCP R2192-31; C. mon. fin. L313-2" };

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => NaiveDate::MIN,
    }
}

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
/// Days in the year of the simple-interest formula.
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

/// [`ECB_MAIN_REFINANCING`] is complete up to this date: the Governing Council left the rates
/// unchanged on 24 July, 11 September, 30 October and 18 December 2025 and on 5 February 2026
/// (ECB monetary policy decisions, <https://www.ecb.europa.eu/press/govcdec/mopo/html/index.en.html>).
pub const ECB_VERIFIED_UNTIL: NaiveDate = day(2026, 2, 5);

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

/// [`LEGAL_INTEREST`] is complete up to the end of the first half-year 2026.
pub const LEGAL_VERIFIED_UNTIL: NaiveDate = day(2026, 6, 30);

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
            ecb_main_refinancing: EcbTable { changes: ECB_MAIN_REFINANCING.to_vec(), verified_until: ECB_VERIFIED_UNTIL },
            legal_interest: LegalRateTable { half_years: LEGAL_INTEREST.to_vec(), verified_until: LEGAL_VERIFIED_UNTIL },
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

fn overflow(path: &str) -> CoreError {
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

/// A rate of a table: in [0, 100], at most 4 decimals.
fn check_rate(rate: Decimal, path: String, out: &mut Vec<Violation>) {
    if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED || rate.normalize().scale() > 4 {
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

/// Which body of law the delay falls under, from the buyer's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterestRegime {
    /// Business buyer: late-payment penalties and 40 € indemnity (C. com. L441-10 II, D441-5).
    Commercial,
    /// Public buyer: moratorium interest at ECB + 8 points and 40 € (CCP L2192-13, R2192-31, D2192-35).
    PublicProcurement,
    /// Consumer: legal interest from the formal notice (C. civ. 1231-6, 1344-1).
    LegalInterest,
}

impl InterestRegime {
    /// The regime of a buyer of `kind`.
    pub fn for_buyer(kind: BuyerKind) -> Self {
        match kind {
            BuyerKind::Business => InterestRegime::Commercial,
            BuyerKind::Public => InterestRegime::PublicProcurement,
            BuyerKind::Consumer => InterestRegime::LegalInterest,
        }
    }

    /// The texts applied.
    pub fn source(self) -> &'static str {
        match self {
            InterestRegime::Commercial => {
                "C. com. L441-10 II (taux contractuel ≥ 3 × taux d'intérêt légal, à défaut taux BCE + 10 points; indemnité forfaitaire), D441-5 (40 €)"
            }
            InterestRegime::PublicProcurement => {
                "CCP L2192-13, R2192-31 (taux BCE au 1er jour du semestre où les intérêts ont commencé à courir + 8 points), D2192-35 (40 €)"
            }
            InterestRegime::LegalInterest => {
                "C. civ. 1231-6, 1344-1 (intérêt au taux légal à compter de la mise en demeure); C. mon. fin. L313-2"
            }
        }
    }

    /// True when the 40 € recovery indemnity is due once the invoice is late.
    pub fn has_indemnity(self) -> bool {
        !matches!(self, InterestRegime::LegalInterest)
    }
}

/// How the rate of a segment was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// ECB MRO rate of the half-year + 10 points (C. com. L441-10 II).
    #[serde(rename = "ecb_plus_10")]
    EcbPlus10,
    /// ECB MRO rate of the half-year the delay started in + 8 points (CCP R2192-31).
    #[serde(rename = "ecb_plus_8")]
    EcbPlus8,
    /// The contractual rate, at least 3 × the legal rate (C. com. L441-10 II).
    Contractual,
    /// The contractual rate was below 3 × the legal rate: raised to that floor (C. com. L441-10 II).
    ContractualFloor,
    /// The legal interest rate, "autres cas" (C. civ. 1231-6; C. mon. fin. L313-2).
    LegalRate,
}

/// A reduction of what an invoice owes on a date (a payment or a credit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedAmount {
    /// The date.
    pub date: NaiveDate,
    /// The amount, incl. tax.
    pub amount: Decimal,
}

/// The facts of one debt that late interest depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LateDebt {
    /// Business, public or consumer buyer: selects the regime.
    pub buyer_kind: BuyerKind,
    /// Amount due incl. tax (EN 16931 BT-115).
    pub amount_due: Decimal,
    /// The due date.
    pub due_date: NaiveDate,
    /// Contractual late-payment rate, percent per year (business buyers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractual_rate: Option<Decimal>,
    /// Payments and credits, each lowering the base from the day after its date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settlements: Vec<DatedAmount>,
    /// Date of the formal notice (mise en demeure), which starts a consumer's interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal_notice: Option<NaiveDate>,
}

impl LateDebt {
    /// The debt of an invoice account, with the date of its formal notice if one was sent.
    pub fn of_account(account: &InvoiceAccount, formal_notice: Option<NaiveDate>) -> Self {
        LateDebt {
            buyer_kind: account.buyer_kind,
            amount_due: account.amount_due,
            due_date: account.due_date,
            contractual_rate: account.late_payment_rate,
            settlements: account.settlements.iter().map(|s| DatedAmount { date: s.date, amount: s.amount }).collect(),
            formal_notice,
        }
    }
}

/// Days with one base and one rate: a line of the interest computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterestSegment {
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
    /// Days counted, both ends included.
    pub days: i64,
    /// Amount incl. tax unpaid during these days.
    pub base: Decimal,
    /// The date the reference rate is read for (1 January or 1 July).
    pub reference_date: NaiveDate,
    /// ECB MRO rate (ECB bases) or legal "autres cas" rate (contractual floor, legal rate).
    pub reference_rate: Decimal,
    /// The yearly rate applied, in percent.
    pub applied_rate: Decimal,
    /// How the applied rate was obtained.
    pub rate_basis: RateBasis,
    /// base × applied_rate / 100 × days / 365, shown to 6 decimals.
    pub amount: Decimal,
    /// The reference rate is the last known one, not a verified one.
    pub provisional: bool,
}

/// Late interest and indemnity of one debt as of a date, with the detail of the computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterestResult {
    /// Commercial, public procurement or legal interest.
    pub regime: InterestRegime,
    /// First day of delay counted, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_day: Option<NaiveDate>,
    /// Last day counted (settlement date or `as_of`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_day: Option<NaiveDate>,
    /// Days of delay counted.
    pub days: i64,
    /// The computation, segment by segment.
    pub segments: Vec<InterestSegment>,
    /// Interest: round2 of the exact sum of the segments.
    pub interest: Decimal,
    /// Fixed recovery indemnity (40 € for professional and public buyers once late, else 0).
    pub indemnity: Decimal,
    /// interest + indemnity.
    pub total: Decimal,
    /// Some rate used is the last known one: supply the published rate as an override.
    pub provisional: bool,
    /// The texts applied.
    pub source: String,
    /// Why nothing is due, when that is not obvious (e.g. no formal notice sent to a consumer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl InterestResult {
    fn nothing(regime: InterestRegime) -> Self {
        InterestResult {
            regime,
            first_day: None,
            last_day: None,
            days: 0,
            segments: vec![],
            interest: Decimal::ZERO,
            indemnity: Decimal::ZERO,
            total: Decimal::ZERO,
            provisional: false,
            source: regime.source().to_owned(),
            note: None,
        }
    }
}

/// The rate of the days from `day` in the regime, and how it was obtained.
fn segment_rate(
    regime: InterestRegime,
    contractual: Option<Decimal>,
    public_reference: Option<ReferenceRate>,
    day: NaiveDate,
    tables: &RateTables,
) -> Result<(ReferenceRate, Decimal, RateBasis)> {
    let path = "rates";
    match regime {
        InterestRegime::PublicProcurement => {
            let r = match public_reference {
                Some(r) => r,
                None => tables.ecb_main_refinancing.rate_on(half_year_start(day).ok_or_else(|| overflow(path))?)?,
            };
            Ok((r, add(r.rate, PUBLIC_MARGIN, path)?, RateBasis::EcbPlus8))
        }
        InterestRegime::LegalInterest => {
            let r = tables.legal_interest.other_cases_rate(day)?;
            Ok((r, r.rate, RateBasis::LegalRate))
        }
        InterestRegime::Commercial => match contractual {
            Some(rate) => {
                let r = tables.legal_interest.other_cases_rate(day)?;
                let floor = mul(r.rate, LEGAL_RATE_FLOOR_MULTIPLIER, path)?;
                if rate < floor { Ok((r, floor, RateBasis::ContractualFloor)) } else { Ok((r, rate, RateBasis::Contractual)) }
            }
            None => {
                let r = tables.ecb_main_refinancing.rate_on(half_year_start(day).ok_or_else(|| overflow(path))?)?;
                Ok((r, add(r.rate, COMMERCIAL_MARGIN, path)?, RateBasis::EcbPlus10))
            }
        },
    }
}

/// Late-payment interest and indemnity of `debt` as of `as_of` (see the module documentation).
///
/// Zero up to and including the due date; then non-decreasing in `as_of` for fixed facts.
/// Settlements dated after `as_of` are ignored. Fails only when a rate is unknown
/// ([`RULE_RATE_UNKNOWN`]) or on arithmetic overflow.
pub fn late_interest(debt: &LateDebt, as_of: NaiveDate, tables: &RateTables) -> Result<InterestResult> {
    let regime = InterestRegime::for_buyer(debt.buyer_kind);
    let mut result = InterestResult::nothing(regime);
    if debt.amount_due <= Decimal::ZERO {
        return Ok(result);
    }
    let counted_after = match (regime, debt.formal_notice) {
        (InterestRegime::LegalInterest, None) => {
            result.note = Some("no formal notice (mise en demeure) sent: a consumer owes no interest before it (C. civ. 1231-6)".into());
            return Ok(result);
        }
        (InterestRegime::LegalInterest, Some(notice)) => notice.max(debt.due_date),
        _ => debt.due_date,
    };
    let Some(first) = counted_after.succ_opt() else { return Ok(result) };

    let mut settlements: Vec<DatedAmount> = debt.settlements.iter().copied().filter(|s| s.date <= as_of).collect();
    settlements.sort_by_key(|s| s.date);
    let mut last = as_of;
    let mut settled = Decimal::ZERO;
    for s in &settlements {
        settled = add(settled, s.amount, "settlements")?;
        if settled >= debt.amount_due {
            last = last.min(s.date);
            break;
        }
    }
    if last < first {
        return Ok(result);
    }

    let public_reference = match regime {
        InterestRegime::PublicProcurement => {
            let start = half_year_start(first).ok_or_else(|| overflow("due_date"))?;
            Some(tables.ecb_main_refinancing.rate_on(start)?)
        }
        _ => None,
    };
    let contractual = if regime == InterestRegime::Commercial { debt.contractual_rate } else { None };

    let year = Decimal::from(DAYS_PER_YEAR) * Decimal::ONE_HUNDRED;
    let mut numerator = Decimal::ZERO;
    let mut cursor = first;
    loop {
        let half_end = half_year_end(cursor).ok_or_else(|| overflow("due_date"))?;
        let mut paid_before = Decimal::ZERO;
        for s in settlements.iter().filter(|s| s.date < cursor) {
            paid_before = add(paid_before, s.amount, "settlements")?;
        }
        let base = sub(debt.amount_due, paid_before, "amount_due")?.max(Decimal::ZERO);
        let next_change = settlements.iter().map(|s| s.date).find(|d| *d >= cursor).unwrap_or(last);
        let to = last.min(half_end).min(next_change);
        let days = to.signed_duration_since(cursor).num_days() + 1;
        if base > Decimal::ZERO {
            let (reference, applied, basis) = segment_rate(regime, contractual, public_reference, cursor, tables)?;
            let n = mul(mul(base, applied, "amount_due")?, Decimal::from(days), "amount_due")?;
            numerator = add(numerator, n, "amount_due")?;
            result.provisional |= reference.provisional;
            result.segments.push(InterestSegment {
                from: cursor,
                to,
                days,
                base,
                reference_date: reference.reference_date,
                reference_rate: reference.rate,
                applied_rate: applied,
                rate_basis: basis,
                amount: (n / year).round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero),
                provisional: reference.provisional,
            });
        }
        if to >= last {
            break;
        }
        cursor = to.succ_opt().ok_or_else(|| overflow("due_date"))?;
    }
    result.first_day = Some(first);
    result.last_day = Some(last);
    result.days = last.signed_duration_since(first).num_days() + 1;
    result.interest = round2(numerator / year);
    if regime.has_indemnity() {
        result.indemnity = RECOVERY_INDEMNITY;
    }
    result.total = add(result.interest, result.indemnity, "amount_due")?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn debt(kind: BuyerKind, amount: Decimal, due: NaiveDate) -> LateDebt {
        LateDebt { buyer_kind: kind, amount_due: amount, due_date: due, contractual_rate: None, settlements: vec![], formal_notice: None }
    }

    fn paid(date: NaiveDate, amount: Decimal) -> DatedAmount {
        DatedAmount { date, amount }
    }

    #[test]
    fn rate_bases_in_json() {
        let names: Vec<String> = [RateBasis::EcbPlus10, RateBasis::EcbPlus8, RateBasis::ContractualFloor, RateBasis::LegalRate]
            .iter()
            .map(|b| serde_json::to_string(b).unwrap())
            .collect();
        assert_eq!(names, [r#""ecb_plus_10""#, r#""ecb_plus_8""#, r#""contractual_floor""#, r#""legal_rate""#]);
    }

    #[test]
    fn shipped_tables_are_sorted_and_sane() {
        assert!(ECB_MAIN_REFINANCING.windows(2).all(|w| w[0].effective_from < w[1].effective_from));
        assert!(LEGAL_INTEREST.windows(2).all(|w| w[0].half_year_from < w[1].half_year_from));
        assert!(LEGAL_INTEREST.iter().all(|h| half_year_start(h.half_year_from) == Some(h.half_year_from)));
        let mut v = vec![];
        let all = RateOverrides { ecb_main_refinancing: Some(RateTables::default().ecb_main_refinancing), legal_interest: None };
        all.check("rates", &mut v);
        assert_eq!(v, vec![]);
        assert_eq!(RECOVERY_INDEMNITY, dec!(40));
        assert_eq!(RECOVERY_INDEMNITY.to_string(), "40.00");
    }

    #[test]
    fn ecb_rate_in_force_on_the_first_day_of_each_half_year() {
        let t = RateTables::default();
        let ecb = |date| t.ecb_main_refinancing.rate_on(date).unwrap();
        assert_eq!(ecb(d(2025, 1, 1)).rate, dec!(3.15));
        assert_eq!(ecb(d(2025, 7, 1)).rate, dec!(2.15));
        assert_eq!(ecb(d(2024, 7, 1)).rate, dec!(4.25));
        assert_eq!(ecb(d(2024, 1, 1)).rate, dec!(4.50));
        assert_eq!(ecb(d(2025, 6, 11)).rate, dec!(2.15));
        assert_eq!(ecb(d(2025, 6, 10)).rate, dec!(2.40));
        assert!(!ecb(d(2026, 1, 1)).provisional);
        let h2 = ecb(d(2026, 7, 1));
        assert_eq!((h2.rate, h2.provisional, h2.reference_date), (dec!(2.15), true, d(2026, 7, 1)));
        let e = t.ecb_main_refinancing.rate_on(d(2016, 1, 1)).unwrap_err();
        assert_eq!((e.code(), e.path()), ("invalid", Some("rates.ecb_main_refinancing")));
        assert_eq!(e.violations()[0].code, "rates.unknown");
    }

    #[test]
    fn legal_rates_per_half_year() {
        let t = RateTables::default().legal_interest;
        assert_eq!(t.other_cases_rate(d(2026, 3, 1)).unwrap().rate, dec!(2.62));
        assert_eq!(t.rates_for(d(2025, 12, 31)).unwrap().0.natural_person_rate, dec!(6.65));
        assert!(!t.other_cases_rate(d(2026, 6, 30)).unwrap().provisional);
        let h2 = t.other_cases_rate(d(2026, 7, 1)).unwrap();
        assert_eq!((h2.rate, h2.provisional, h2.reference_date), (dec!(2.62), true, d(2026, 7, 1)));
        assert_eq!(t.rates_for(d(2021, 12, 31)).unwrap_err().path(), Some("rates.legal_interest"));
    }

    #[test]
    fn overrides_merge_by_date_and_are_checked() {
        let o = RateOverrides {
            ecb_main_refinancing: Some(EcbTable {
                changes: vec![EcbRate { effective_from: d(2026, 6, 10), rate: dec!(2.00) }],
                verified_until: d(2026, 7, 1),
            }),
            legal_interest: Some(LegalRateTable {
                half_years: vec![
                    LegalRate { half_year_from: d(2026, 7, 1), natural_person_rate: dec!(6.5), other_cases_rate: dec!(2.5) },
                    LegalRate { half_year_from: d(2026, 1, 1), natural_person_rate: dec!(6.67), other_cases_rate: dec!(2.63) },
                ],
                verified_until: d(2026, 12, 31),
            }),
        };
        let t = RateTables::default().with_overrides(&o).unwrap();
        let r = t.ecb_main_refinancing.rate_on(d(2026, 7, 1)).unwrap();
        assert_eq!((r.rate, r.provisional), (dec!(2.00), false));
        assert_eq!(t.legal_interest.other_cases_rate(d(2026, 1, 1)).unwrap().rate, dec!(2.63));
        assert_eq!(t.legal_interest.other_cases_rate(d(2026, 8, 1)).unwrap().rate, dec!(2.5));
        assert_eq!(t.legal_interest.half_years.len(), LEGAL_INTEREST.len() + 1);

        let bad = RateOverrides {
            ecb_main_refinancing: Some(EcbTable {
                changes: vec![
                    EcbRate { effective_from: d(2026, 6, 10), rate: dec!(-1) },
                    EcbRate { effective_from: d(2026, 6, 10), rate: dec!(2.00001) },
                ],
                verified_until: d(2026, 7, 1),
            }),
            legal_interest: Some(LegalRateTable {
                half_years: vec![LegalRate { half_year_from: d(2026, 7, 2), natural_person_rate: dec!(101), other_cases_rate: dec!(1) }],
                verified_until: d(2026, 12, 31),
            }),
        };
        let e = RateTables::default().with_overrides(&bad).unwrap_err();
        let paths: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "rates.ecb_main_refinancing.changes[0].rate",
                "rates.ecb_main_refinancing.changes[1].rate",
                "rates.ecb_main_refinancing.changes[1].effective_from",
                "rates.legal_interest.half_years[0].natural_person_rate",
                "rates.legal_interest.half_years[0].half_year_from",
            ]
        );
        assert!(e.violations().iter().all(|v| v.code == "rates.invalid"));
    }

    /// The worked example of the brief: 10 000,00 € due 20/06/2025, paid 10/07/2025, B2B.
    /// 21/06-30/06: 10 days at 3,15 + 10 = 13,15 % → 10 000 × 13,15 × 10 / 36 500 = 36,0274
    /// 01/07-10/07: 10 days at 2,15 + 10 = 12,15 % → 10 000 × 12,15 × 10 / 36 500 = 33,2877
    /// total 69,3151 → 69,32 €, plus 40 €.
    #[test]
    fn business_default_rate_across_a_half_year() {
        let mut x = debt(BuyerKind::Business, dec!(10000.00), d(2025, 6, 20));
        x.settlements.push(paid(d(2025, 7, 10), dec!(10000.00)));
        let r = late_interest(&x, d(2025, 12, 31), &RateTables::default()).unwrap();
        assert_eq!(r.regime, InterestRegime::Commercial);
        assert_eq!((r.first_day, r.last_day, r.days), (Some(d(2025, 6, 21)), Some(d(2025, 7, 10)), 20));
        assert_eq!(r.segments.len(), 2);
        let s = &r.segments[0];
        assert_eq!((s.from, s.to, s.days, s.base), (d(2025, 6, 21), d(2025, 6, 30), 10, dec!(10000.00)));
        assert_eq!(
            (s.reference_date, s.reference_rate, s.applied_rate, s.rate_basis),
            (d(2025, 1, 1), dec!(3.15), dec!(13.15), RateBasis::EcbPlus10)
        );
        assert_eq!(s.amount, dec!(36.027397));
        let s = &r.segments[1];
        assert_eq!((s.from, s.to, s.days), (d(2025, 7, 1), d(2025, 7, 10), 10));
        assert_eq!((s.reference_date, s.reference_rate, s.applied_rate), (d(2025, 7, 1), dec!(2.15), dec!(12.15)));
        assert_eq!(s.amount, dec!(33.287671));
        assert_eq!((r.interest, r.indemnity, r.total, r.provisional), (dec!(69.32), dec!(40), dec!(109.32), false));
    }

    #[test]
    fn nothing_is_due_up_to_the_due_date() {
        let x = debt(BuyerKind::Business, dec!(500.00), d(2025, 6, 20));
        for as_of in [d(2025, 1, 1), d(2025, 6, 19), d(2025, 6, 20)] {
            let r = late_interest(&x, as_of, &RateTables::default()).unwrap();
            assert_eq!((r.interest, r.indemnity, r.days, r.segments.len()), (dec!(0), dec!(0), 0, 0), "{as_of}");
        }
        // one day late: 500 × 13,15 × 1 / 36 500 = 0,18 and the indemnity
        let r = late_interest(&x, d(2025, 6, 21), &RateTables::default()).unwrap();
        assert_eq!((r.interest, r.indemnity, r.days), (dec!(0.18), dec!(40), 1));
        // paid on the due date: never late
        let mut on_time = x.clone();
        on_time.settlements.push(paid(d(2025, 6, 20), dec!(500.00)));
        let r = late_interest(&on_time, d(2025, 12, 31), &RateTables::default()).unwrap();
        assert_eq!((r.interest, r.indemnity), (dec!(0), dec!(0)));
    }

    /// A contractual 5 % is below 3 × 2,62 % = 7,86 % in H1 2026: floored.
    /// 1 200,00 € due 31/01/2026, paid 02/03/2026: 30 days (01/02-02/03).
    /// 1 200 × 7,86 × 30 / 36 500 = 7,7523 → 7,75 €; at a contractual 10 %: 9,8630 → 9,86 €.
    #[test]
    fn contractual_rate_is_floored_at_three_times_the_legal_rate() {
        let mut x = debt(BuyerKind::Business, dec!(1200.00), d(2026, 1, 31));
        x.settlements.push(paid(d(2026, 3, 2), dec!(1200.00)));
        x.contractual_rate = Some(dec!(5));
        let r = late_interest(&x, d(2026, 4, 1), &RateTables::default()).unwrap();
        assert_eq!(r.days, 30);
        assert_eq!(r.segments.len(), 1);
        let s = &r.segments[0];
        assert_eq!((s.reference_rate, s.applied_rate, s.rate_basis), (dec!(2.62), dec!(7.86), RateBasis::ContractualFloor));
        assert_eq!((r.interest, r.indemnity), (dec!(7.75), dec!(40)));
        x.contractual_rate = Some(dec!(10));
        let r = late_interest(&x, d(2026, 4, 1), &RateTables::default()).unwrap();
        assert_eq!((r.segments[0].applied_rate, r.segments[0].rate_basis), (dec!(10), RateBasis::Contractual));
        assert_eq!(r.interest, dec!(9.86));
    }

    /// B2G, CCP R2192-31: one rate for the whole delay, the ECB rate on the first day of the
    /// half-year the delay started in (1 July 2024: 4,25 %) + 8 = 12,25 %.
    /// 6 000,00 € due 20/12/2024, paid 19/01/2025: 11 days in 2024 and 19 in 2025, 30 days.
    /// 6 000 × 12,25 × 30 / 36 500 = 60,4110 → 60,41 € (not 56,98 € at 11,15 % for 2025's days).
    #[test]
    fn public_buyer_rate_is_fixed_by_the_half_year_the_delay_started() {
        let mut x = debt(BuyerKind::Public, dec!(6000.00), d(2024, 12, 20));
        x.settlements.push(paid(d(2025, 1, 19), dec!(6000.00)));
        x.contractual_rate = Some(dec!(20)); // ignored for a public buyer
        let r = late_interest(&x, d(2025, 2, 1), &RateTables::default()).unwrap();
        assert_eq!(r.regime, InterestRegime::PublicProcurement);
        assert_eq!(r.segments.len(), 2);
        for s in &r.segments {
            assert_eq!(
                (s.reference_date, s.reference_rate, s.applied_rate, s.rate_basis),
                (d(2024, 7, 1), dec!(4.25), dec!(12.25), RateBasis::EcbPlus8)
            );
        }
        assert_eq!((r.segments[0].days, r.segments[1].days), (11, 19));
        assert_eq!((r.interest, r.indemnity, r.total), (dec!(60.41), dec!(40), dec!(100.41)));
    }

    /// Consumer: nothing before the formal notice; then the legal rate "autres cas".
    /// 1 500,00 € due 30/09/2025, notice 05/11/2025; as of 05/12/2025: 06/11-05/12 = 30 days
    /// at 2,76 % (H2 2025): 1 500 × 2,76 × 30 / 36 500 = 3,4027 → 3,40 €, no indemnity.
    #[test]
    fn consumer_owes_legal_interest_from_the_formal_notice() {
        let mut x = debt(BuyerKind::Consumer, dec!(1500.00), d(2025, 9, 30));
        let r = late_interest(&x, d(2025, 12, 5), &RateTables::default()).unwrap();
        assert_eq!((r.interest, r.indemnity, r.regime), (dec!(0), dec!(0), InterestRegime::LegalInterest));
        assert!(r.note.is_some());
        x.formal_notice = Some(d(2025, 11, 5));
        let r = late_interest(&x, d(2025, 11, 5), &RateTables::default()).unwrap();
        assert_eq!(r.interest, dec!(0));
        let r = late_interest(&x, d(2025, 12, 5), &RateTables::default()).unwrap();
        assert_eq!((r.first_day, r.days), (Some(d(2025, 11, 6)), 30));
        assert_eq!((r.segments[0].applied_rate, r.segments[0].rate_basis), (dec!(2.76), RateBasis::LegalRate));
        assert_eq!((r.interest, r.indemnity, r.total), (dec!(3.40), dec!(0), dec!(3.40)));
        // a notice sent before the due date runs only from the day after the due date
        x.formal_notice = Some(d(2025, 9, 1));
        let r = late_interest(&x, d(2025, 10, 1), &RateTables::default()).unwrap();
        assert_eq!((r.first_day, r.days), (Some(d(2025, 10, 1)), 1));
    }

    /// A partial payment lowers the base from the day after it is received.
    /// 10 000,00 € due 20/06/2025; 4 000 on 25/06; 6 000 on 10/07.
    /// 21/06-25/06: 10 000 × 13,15 × 5 = 657 500; 26/06-30/06: 6 000 × 13,15 × 5 = 394 500;
    /// 01/07-10/07: 6 000 × 12,15 × 10 = 729 000; 1 781 000 / 36 500 = 48,7945 → 48,79 €.
    #[test]
    fn partial_payment_lowers_the_base_the_next_day() {
        let mut x = debt(BuyerKind::Business, dec!(10000.00), d(2025, 6, 20));
        x.settlements = vec![paid(d(2025, 7, 10), dec!(6000.00)), paid(d(2025, 6, 25), dec!(4000.00))];
        let r = late_interest(&x, d(2025, 8, 1), &RateTables::default()).unwrap();
        let rows: Vec<_> = r.segments.iter().map(|s| (s.from, s.to, s.base, s.applied_rate)).collect();
        assert_eq!(
            rows,
            [
                (d(2025, 6, 21), d(2025, 6, 25), dec!(10000.00), dec!(13.15)),
                (d(2025, 6, 26), d(2025, 6, 30), dec!(6000.00), dec!(13.15)),
                (d(2025, 7, 1), d(2025, 7, 10), dec!(6000.00), dec!(12.15)),
            ]
        );
        assert_eq!(r.interest, dec!(48.79));
        // settlements after as_of are ignored
        let r = late_interest(&x, d(2025, 6, 30), &RateTables::default()).unwrap();
        assert_eq!(r.last_day, Some(d(2025, 6, 30)));
        assert_eq!(r.interest, round2((dec!(657500) + dec!(394500)) / dec!(36500)));
    }

    /// Beyond the verified tables: the last known rate, flagged provisional with its reference date.
    /// 10 000,00 € due 20/06/2026, unpaid as of 10/07/2026: 10 days at 12,15 % (verified), 10 days
    /// at 12,15 % (1 July 2026 not verified): 2 430 000 / 36 500 = 66,5753 → 66,58 €.
    #[test]
    fn provisional_rate_beyond_the_verified_table() {
        let x = debt(BuyerKind::Business, dec!(10000.00), d(2026, 6, 20));
        let r = late_interest(&x, d(2026, 7, 10), &RateTables::default()).unwrap();
        assert!(r.provisional);
        assert_eq!((r.segments[0].provisional, r.segments[1].provisional), (false, true));
        assert_eq!(r.segments[1].reference_date, d(2026, 7, 1));
        assert_eq!(r.interest, dec!(66.58));
        // with the published rate supplied: 1 215 000 + 1 200 000 = 2 415 000 / 36 500 = 66,1644
        let o = RateOverrides {
            ecb_main_refinancing: Some(EcbTable {
                changes: vec![EcbRate { effective_from: d(2026, 6, 10), rate: dec!(2.00) }],
                verified_until: d(2026, 7, 1),
            }),
            legal_interest: None,
        };
        let t = RateTables::default().with_overrides(&o).unwrap();
        let r = late_interest(&x, d(2026, 7, 10), &t).unwrap();
        assert!(!r.provisional);
        assert_eq!(r.segments[1].applied_rate, dec!(12.00));
        assert_eq!(r.interest, dec!(66.16));
    }

    #[test]
    fn unknown_rates_are_reported_not_panicked() {
        let x = debt(BuyerKind::Business, dec!(100.00), d(2015, 6, 1));
        let e = late_interest(&x, d(2015, 8, 1), &RateTables::default()).unwrap_err();
        assert_eq!(e.violations()[0].code, "rates.unknown");
        // the extremes of the calendar do not panic
        let far = debt(BuyerKind::Business, dec!(100.00), NaiveDate::MAX);
        assert_eq!(late_interest(&far, NaiveDate::MAX, &RateTables::default()).unwrap().interest, dec!(0));
        let r = late_interest(&debt(BuyerKind::Consumer, dec!(0), d(2025, 1, 1)), d(2026, 1, 1), &RateTables::default()).unwrap();
        assert_eq!(r.total, dec!(0));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Interest is zero up to the due date and non-decreasing after, whatever the payments.
        #[test]
        fn interest_grows_with_the_date(
            cents in 1i64..100_000_000_000,
            due in 0i64..900,
            kind in 0usize..3,
            rate in proptest::option::of(0i64..3000),
            notice in proptest::option::of(0i64..1000),
            pays in proptest::collection::vec((0i64..1000, 1i64..100_000_000_000), 0..4),
            steps in proptest::collection::vec(0i64..200, 1..6),
        ) {
            let base = d(2023, 1, 1);
            let at = |n: i64| base + chrono::Days::new(n.unsigned_abs());
            let kinds = [BuyerKind::Business, BuyerKind::Public, BuyerKind::Consumer];
            let x = LateDebt {
                buyer_kind: kinds[kind],
                amount_due: Decimal::new(cents, 2),
                due_date: at(due),
                contractual_rate: rate.map(|r| Decimal::new(r, 2)),
                settlements: pays.iter().map(|(n, c)| paid(at(*n), Decimal::new(*c, 2))).collect(),
                formal_notice: notice.map(at),
            };
            let t = RateTables::default();
            let mut as_of = at(0);
            let mut previous = Decimal::ZERO;
            for s in steps {
                as_of = as_of + chrono::Days::new(s.unsigned_abs() * 3);
                let r = late_interest(&x, as_of, &t).unwrap();
                if as_of <= x.due_date {
                    proptest::prop_assert_eq!(r.total, Decimal::ZERO);
                }
                proptest::prop_assert!(r.interest >= previous, "{} < {}", r.interest, previous);
                proptest::prop_assert_eq!(r.days, r.segments.iter().map(|s| s.days).sum::<i64>());
                previous = r.interest;
            }
        }
    }
}
