//! Calendar arithmetic of contracts: months, terms, notice periods and day counts.
//!
//! - A term of *n* months starting on day *s* ends the day before `s + n months`; month
//!   additions keep the day of the month, clamped to the month's last day (31 January + 1 month
//!   = 28 or 29 February), as C. proc. civ. 641 counts a delay in months (the same day number,
//!   else the last day of the month). Successive terms are counted from the contract's start
//!   (`start + 12`, `start + 24` months…), never chained, so a contract starting on the 31st keeps
//!   its anniversary.
//! - A notice given on day *d* expires on `d + notice` (months as above, or days: C. proc. civ.
//!   641 al. 2, the day of the notice not counted); it is in time for a term ending on day *e*
//!   when it expires on or before *e*. The **refusal deadline** of a term is the last day a
//!   notice is still in time (shared/spec/domain.md §5: `refusal_deadline = term_end − notice`).
//! - Day counts include both ends: a period from the 1st to the 31st has 31 days.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar month (`2026-03`): the unit of MRR reports and billing periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month `month` (1 to 12) of `year`, if both are in range (years 1 to 9998).
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9998).contains(&year)).then_some(Month { year, month })
    }

    /// The month of `date`.
    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        prev_day(self.next().first_day())
    }

    /// The month after.
    pub fn next(self) -> Month {
        Month::from_index(self.index().saturating_add(1))
    }

    /// The month before.
    pub fn prev(self) -> Month {
        Month::from_index(self.index().saturating_sub(1))
    }

    /// Months since year 0 (`year × 12 + month − 1`): months as integers for fast bucketing.
    pub fn index(self) -> i32 {
        self.year.saturating_mul(12).saturating_add(i32::try_from(self.month).unwrap_or(1).saturating_sub(1))
    }

    /// The month of index `i` ([`Month::index`]).
    pub fn from_index(i: i32) -> Month {
        Month { year: i.div_euclid(12), month: i.rem_euclid(12).unsigned_abs().saturating_add(1) }
    }

    /// The months from `self` to `last`, both included (empty when `last` is before).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.index()..=last.index()).map(Month::from_index)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month YYYY-MM");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Month {
    fn schema_name() -> Cow<'static, str> {
        "Month".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar month, YYYY-MM.",
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"
        })
    }
}

/// `date + n` months, the day clamped to the month's last day; saturates at the last date.
pub fn add_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX)
}

/// `date − n` months, the day clamped to the month's last day; saturates at the first date.
pub fn sub_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(n)).unwrap_or(NaiveDate::MIN)
}

/// `date + n` days, saturating.
pub fn add_days(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// `date − n` days, saturating.
pub fn sub_days(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

/// The day after `date` (saturating).
pub fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(NaiveDate::MAX)
}

/// The day before `date` (saturating).
pub fn prev_day(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(NaiveDate::MIN)
}

/// Days from `from` to `to`, both included (0 when `to` is before `from`).
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from(to.signed_duration_since(from).num_days().saturating_add(1)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dated::day;

    #[test]
    fn months() {
        let m = Month::of(day(2026, 12, 5));
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.next().prev(), m);
        assert_eq!(m.first_day(), day(2026, 12, 1));
        assert_eq!(m.last_day(), day(2026, 12, 31));
        assert_eq!(Month::new(2028, 2).map(Month::last_day), Some(day(2028, 2, 29)));
        assert_eq!("2026-03".parse::<Month>(), Ok(Month { year: 2026, month: 3 }));
        for bad in ["2026-13", "2026-3", "26-03", "2026/03", "2026-00", ""] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
        assert_eq!(Month::from_index(m.index()), m);
        assert_eq!(Month::of(day(2026, 1, 1)).through(Month::of(day(2026, 3, 1))).count(), 3);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"2026-12\"");
        assert_eq!(serde_json::from_str::<Month>(&json).unwrap(), m);
    }

    #[test]
    fn month_arithmetic_clamps_to_the_last_day() {
        assert_eq!(add_months(day(2026, 1, 31), 1), day(2026, 2, 28));
        assert_eq!(add_months(day(2026, 1, 31), 2), day(2026, 3, 31));
        assert_eq!(sub_months(day(2026, 3, 31), 1), day(2026, 2, 28));
        assert_eq!(days_inclusive(day(2026, 1, 1), day(2026, 1, 31)), 31);
        assert_eq!(days_inclusive(day(2026, 1, 2), day(2026, 1, 1)), 0);
    }
}
