//! Dated data: the rules and texts that change with time, each in force between two dates.
//!
//! VAT rates, legal mention wordings, reminder-letter wordings, reform dates and rate tables are
//! tables of dated entries, never constants: a document is checked and worded by the entry in
//! force on its date. This module holds the one lookup they share.

use chrono::NaiveDate;

/// A calendar date in a `const` table (an impossible date becomes `NaiveDate::MIN`, which the
/// tables' tests would catch).
pub const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => NaiveDate::MIN,
    }
}

/// The first day of the dated tables: "in force since always" for this library.
pub const ORIGIN: NaiveDate = day(2000, 1, 1);

/// The first day a document may be dated: the dates of an e-invoice are of the years 2000 to
/// 2099 (FNFE CTC BR-FR-03). Every input date is within [`MIN_DATE`]–[`MAX_DATE`], and so is
/// every date the core computes, or it is a typed error: no host language is ever handed a
/// date it cannot represent.
pub const MIN_DATE: NaiveDate = day(2000, 1, 1);

/// The last day a document may be dated (see [`MIN_DATE`]).
pub const MAX_DATE: NaiveDate = day(2099, 12, 31);

crate::error::declare_rules! { RULES;
    /// A date the core computes (a due date, a payment deadline) falls within 2000–2099.
    DATE_RANGE = "date.out_of_range", "FNFE CTC BR-FR-03 (dates of the years 2000 to 2099); facturier: no computed date outside them";
}

/// `date`, when within [`MIN_DATE`]–[`MAX_DATE`]; else the refusal [`DATE_RANGE`] at `path`
/// (a due date 100 000 days away is an error, never a date a host cannot hold).
pub fn in_range(date: Option<NaiveDate>, path: &str) -> crate::error::Result<NaiveDate> {
    match date {
        Some(d) if (MIN_DATE..=MAX_DATE).contains(&d) => Ok(d),
        Some(d) => Err(DATE_RANGE.refuse(path, format!("{d} is outside the supported years {MIN_DATE}–{MAX_DATE}"))),
        None => Err(DATE_RANGE.refuse(path, format!("the date is beyond the supported years {MIN_DATE}–{MAX_DATE}"))),
    }
}

/// An entry of a dated table: its key and the period it is in force.
pub trait Dated {
    /// What the entry is for (a mention, a letter sentence…).
    type Key: PartialEq;
    /// The entry's key.
    fn key(&self) -> Self::Key;
    /// First day in force.
    fn valid_from(&self) -> NaiveDate;
    /// Last day in force, `None` while in force.
    fn valid_to(&self) -> Option<NaiveDate>;
}

/// The entry of `key` in force on `date`, or the newest entry of that key when none is dated for
/// it (a table's last entry for a key is its newest).
pub fn in_force<T: Dated>(table: &[T], key: T::Key, date: NaiveDate) -> Option<&T> {
    table
        .iter()
        .find(|e| e.key() == key && e.valid_from() <= date && e.valid_to().is_none_or(|to| date <= to))
        .or_else(|| table.iter().rev().find(|e| e.key() == key))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct E(u8, NaiveDate, Option<NaiveDate>);
    impl Dated for E {
        type Key = u8;
        fn key(&self) -> u8 {
            self.0
        }
        fn valid_from(&self) -> NaiveDate {
            self.1
        }
        fn valid_to(&self) -> Option<NaiveDate> {
            self.2
        }
    }

    #[test]
    fn the_entry_in_force_else_the_newest() {
        let t = [E(1, ORIGIN, Some(day(2020, 12, 31))), E(1, day(2021, 1, 1), None), E(2, day(2030, 1, 1), None)];
        assert_eq!(in_force(&t, 1, day(2019, 5, 1)).map(|e| e.1), Some(ORIGIN));
        assert_eq!(in_force(&t, 1, day(2021, 1, 1)).map(|e| e.1), Some(day(2021, 1, 1)));
        assert_eq!(in_force(&t, 2, day(2026, 1, 1)).map(|e| e.1), Some(day(2030, 1, 1)));
        assert!(in_force(&t, 3, day(2026, 1, 1)).is_none());
        assert_eq!(day(2026, 2, 30), NaiveDate::MIN);
    }
}
