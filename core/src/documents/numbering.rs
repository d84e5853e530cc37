//! Gapless invoice numbering: series, patterns, allocation at issuance and audit.
//!
//! # The law
//!
//! Invoice numbers are unique and follow a chronological and continuous sequence within a
//! series; several distinct series are allowed when the business justifies them (one for
//! invoices, one for credit notes, one per establishment…), and the sequence may restart every
//! year provided the year is part of the number (CGI ann. II art. 242 nonies A, I-7°;
//! BOI-TVA-DECLA-30-20-20-10 §§70-100). Numbers exchanged through the e-invoicing platforms are
//! at most 35 characters long, taken from `A-Z a-z 0-9 + - _ /` (FNFE CTC BR-FR-01/02).
//!
//! # Patterns
//!
//! A [`NumberingState`] renders its numbers from a pattern such as `F-{YYYY}-{SEQ:5}`:
//!
//! | token     | renders                                                             |
//! |-----------|---------------------------------------------------------------------|
//! | `{YYYY}`  | the year of the issue date, 4 digits                                |
//! | `{YY}`    | its last two digits                                                 |
//! | `{MM}`    | its month, 2 digits                                                 |
//! | `{SEQ}`   | the sequence, unpadded                                              |
//! | `{SEQ:n}` | the sequence zero-padded to `n` digits (1 ≤ `n` ≤ 12); a larger one is rendered in full |
//!
//! Exactly one sequence token, at most one year token and at most one `{MM}`; every other
//! character is literal and must belong to the e-invoicing charset. With `yearly_reset` the
//! sequence restarts at 1 in every *period* of the date tokens: every year, or every month when
//! the pattern also holds `{MM}` (then `F-{YYYY}{MM}-{SEQ:3}` gives `F-202603-001`,
//! `F-202603-002`, `F-202604-001`). `yearly_reset` needs a year token: without it the numbers of
//! two years would collide.
//!
//! # Never number a draft
//!
//! A number is allocated when the invoice is issued (`invoice::issue`), never when
//! a draft is created. A draft may be edited, abandoned or deleted; had it held a number, that
//! number would become a hole in the series, which the law forbids and which a tax auditor reads
//! as a hidden invoice. Drafts are identified by the host's own ids; the legal number appears in
//! the same transaction that freezes the document.
//!
//! # Persisting the state atomically
//!
//! The core is pure: [`NumberingState::allocate`] returns the number and the *next* state and
//! changes nothing. The host keeps one row per series and must write the next state **in the
//! same transaction** as the issued invoice, so that a failed or rolled-back issuance leaves the
//! counter untouched (no gap), and two concurrent issuances cannot get the same number (no
//! duplicate). Do not use a database sequence (`nextval`, `AUTOINCREMENT`): they are not
//! transactional and leave gaps on rollback.
//!
//! PostgreSQL:
//!
//! ```sql
//! CREATE TABLE numbering_series (
//!     series          text    PRIMARY KEY,        -- per seller: PRIMARY KEY (seller_siren, series)
//!     pattern         text    NOT NULL,
//!     yearly_reset    boolean NOT NULL DEFAULT true,
//!     year            integer,
//!     month           integer,
//!     last_sequence   bigint  NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
//!     last_issue_date date
//! );
//! CREATE TABLE invoice (
//!     seller_siren char(9) NOT NULL,
//!     number       text    NOT NULL,
//!     issue_date   date    NOT NULL,
//!     document     jsonb   NOT NULL,
//!     UNIQUE (seller_siren, number)                -- last line of defence against duplicates
//! );
//!
//! BEGIN;                                               -- READ COMMITTED, the default
//! SELECT document FROM draft WHERE id = $13 FOR UPDATE; -- the draft first: a second request
//!                                                      -- issuing it waits, then finds no row
//! SELECT pattern, yearly_reset, year, month, last_sequence, last_issue_date
//!   FROM numbering_series WHERE series = $1 FOR UPDATE;   -- locks the row until COMMIT
//! -- host: let (number, next) = state.allocate(issue_date)?  (or issue(draft, &state, date)?)
//! UPDATE numbering_series
//!    SET year = $2, month = $3, last_sequence = $4, last_issue_date = $5
//!  WHERE series = $1
//!    AND last_sequence = $6                           -- the values read above: optimistic
//!    AND year IS NOT DISTINCT FROM $7                 -- check, 0 rows updated → ROLLBACK
//!    AND month IS NOT DISTINCT FROM $8;               -- and retry from BEGIN
//! INSERT INTO invoice (seller_siren, number, issue_date, document) VALUES ($9, $10, $11, $12);
//! DELETE FROM draft WHERE id = $13;                   -- the draft becomes the invoice
//! COMMIT;
//! ```
//!
//! Lock the draft before the series, in every issuing transaction (one order: no deadlock).
//! Without it, two requests issuing the same draft both read it, take the series lock in turn
//! and issue it twice under two numbers, which the UNIQUE constraint cannot see. At REPEATABLE
//! READ or SERIALIZABLE, `FOR UPDATE` on a row another transaction has just updated fails with
//! SQLSTATE 40001: ROLLBACK and retry from BEGIN there too. A worker killed before COMMIT leaves
//! nothing behind: the server rolls its transaction back when the connection drops, releases the
//! locks, and the next issuance gets the same number (`examples/fastapi/tests/test_numbering.py`
//! kills one mid-transaction, on PostgreSQL and SQLite).
//!
//! SQLite has no `FOR UPDATE`; `BEGIN IMMEDIATE` takes the database write lock up front, so no
//! other writer can allocate between the read and the update:
//!
//! ```sql
//! CREATE TABLE numbering_series (
//!     series          TEXT    PRIMARY KEY,
//!     pattern         TEXT    NOT NULL,
//!     yearly_reset    INTEGER NOT NULL DEFAULT 1,     -- 0 / 1
//!     year            INTEGER,
//!     month           INTEGER,
//!     last_sequence   INTEGER NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
//!     last_issue_date TEXT                            -- ISO 8601, 'YYYY-MM-DD'
//! );
//! CREATE TABLE invoice (
//!     seller_siren TEXT NOT NULL,
//!     number       TEXT NOT NULL,
//!     issue_date   TEXT NOT NULL,
//!     document     TEXT NOT NULL,
//!     UNIQUE (seller_siren, number)
//! );
//!
//! BEGIN IMMEDIATE;
//! SELECT document FROM draft WHERE id = ?13;
//! SELECT pattern, yearly_reset, year, month, last_sequence, last_issue_date
//!   FROM numbering_series WHERE series = ?1;
//! -- host: allocate, then
//! UPDATE numbering_series
//!    SET year = ?2, month = ?3, last_sequence = ?4, last_issue_date = ?5
//!  WHERE series = ?1 AND last_sequence = ?6 AND year IS ?7 AND month IS ?8;
//! -- changes() = 0 → ROLLBACK and retry
//! INSERT INTO invoice (seller_siren, number, issue_date, document) VALUES (?9, ?10, ?11, ?12);
//! DELETE FROM draft WHERE id = ?13;
//! COMMIT;
//! ```
//!
//! Both databases store signed 64-bit integers: a `last_sequence` above `i64::MAX` cannot be
//! persisted (a 35-character number never needs one). [`audit`] checks an archive of numbers
//! against the state afterwards: holes, duplicates and numbers foreign to the pattern.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::declare_rules;
use crate::error::{CoreError, Result, Rule};

/// Longest number accepted by the e-invoicing platforms (FNFE CTC BR-FR-01/02).
const MAX_NUMBER_LEN: usize = 35;
/// Largest zero-padding width of `{SEQ:n}`.
const MAX_SEQ_WIDTH: usize = 12;
/// Most missing numbers rendered per [`Gap`].
const MAX_RENDERED_MISSING: usize = 1000;

fn yes() -> bool {
    true
}

declare_rules! { RULES;
    /// The pattern has one `{SEQ}`, known tokens, and a year when the series restarts yearly.
    PATTERN = "numbering.pattern.invalid", "CGI ann. II art. 242 nonies A, I-7° (a unique number, one continuous sequence per series)";
    /// The stored state is consistent (series, year, month, last number).
    STATE = "numbering.state.invalid", "CGI ann. II art. 242 nonies A, I-7°; BOI-TVA-DECLA-30-20-20-10 §§70-100";
    /// Numbers follow the issue dates: no invoice is numbered before the last one's date.
    CHRONOLOGY = "numbering.date.before_last", "BOI-TVA-DECLA-30-20-20-10 §80 (numbers chronological and continuous)";
    /// The sequence is exhausted, or the number would be longer than 35 characters.
    EXHAUSTED = "numbering.exhausted", "FNFE CTC BR-FR-01/02 (at most 35 characters); CGI ann. II art. 242 nonies A, I-7°";
    /// A number holds only `A-Za-z0-9+-_/`.
    CHARACTERS = "numbering.number.characters", "FNFE CTC BR-FR-01/02";
    /// Two series of one seller never render the same number, and have distinct names.
    SERIES_COLLIDE = "numbering.series.collide", "CGI ann. II art. 242 nonies A, I-7° (a unique number); BOI-TVA-DECLA-30-20-20-10 §90 (distinct series, no duplicate)";
}

/// Every pair of `series` (the numbering states of one seller) that could render the same
/// number, or that share a name: the numbers of distinct series must stay distinct (CGI ann. II
/// art. 242 nonies A, I-7°; BOI-TVA-DECLA-30-20-20-10 §90: "distinct prefix advised"). The host
/// runs it when it creates a series, with the seller's other series.
///
/// Each violation is at `series[j]` (the later of the two) and gives a number both could render.
pub fn check_series(series: &[NumberingState]) -> Vec<crate::error::Violation> {
    let mut v = Vec::new();
    let parsed: Vec<Option<pattern::Pattern>> = series.iter().map(|s| pattern::Pattern::parse(&s.pattern).ok()).collect();
    for (j, b) in series.iter().enumerate() {
        for (i, a) in series.iter().enumerate().take(j) {
            if a.series == b.series {
                v.push(SERIES_COLLIDE.at(format!("series[{j}].series"), format!("series `{}` is given twice", b.series)));
                continue;
            }
            let (Some(Some(pa)), Some(Some(pb))) = (parsed.get(i), parsed.get(j)) else { continue };
            if let Some(example) = collision::common_number(pa, pb) {
                v.push(SERIES_COLLIDE.at(
                    format!("series[{j}].pattern"),
                    format!("series `{}` ({}) and `{}` ({}) can both render {example}", a.series, a.pattern, b.series, b.pattern),
                ));
            }
        }
    }
    v
}

mod collision;

fn numbering_error(rule: Rule, path: &str, message: impl Into<String>) -> CoreError {
    CoreError::Numbering { rule, path: path.to_owned(), message: message.into() }
}

/// True for the characters an invoice number may hold (FNFE CTC BR-FR-01/02).
fn is_number_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '/')
}

/// Persisted state of one numbering series; the host stores one row per series and updates it atomically.
///
/// Numbers are unique, chronological and continuous within the series; with `yearly_reset` the
/// sequence restarts at 1 each period of the pattern's date tokens
/// (CGI ann. II art. 242 nonies A, I-7°; BOI-TVA-DECLA-30-20-20-10 §§70-100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct NumberingState {
    /// Series id, e.g. `invoices` or `credit-notes`.
    series: String,
    /// Number pattern, e.g. `F-{YYYY}-{SEQ:5}` (tokens `{YYYY}`, `{YY}`, `{MM}`, `{SEQ}`, `{SEQ:n}`).
    pattern: String,
    /// Restart at 1 every period of the date tokens: every year, or every month with `{MM}`.
    #[serde(default = "yes")]
    yearly_reset: bool,
    /// Year of the last number allocated (the period year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    /// Month of the last number allocated, kept only when the pattern holds `{MM}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    /// Last sequence allocated (in the period of `year`/`month` with `yearly_reset`); 0 = none yet.
    #[serde(default)]
    last_sequence: u64,
    /// Issue date of the last number allocated; later numbers may not be dated earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_issue_date: Option<NaiveDate>,
}

/// The last number a series allocated, to resume a series numbered elsewhere before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastNumber {
    /// Period year of the last number.
    pub year: i32,
    /// Period month of the last number (only read when the pattern holds `{MM}`).
    pub month: Option<u32>,
    /// Its sequence, at least 1.
    pub sequence: u64,
    /// Its issue date, if known; later numbers may not be dated earlier.
    pub issue_date: Option<NaiveDate>,
}

/// The longest series id: a name a person reads (`invoices`, `avoirs-2026`), far below the
/// JSON edge's text limit.
pub const MAX_SERIES_CHARS: usize = 100;

impl NumberingState {
    /// A series resumed after `last`, the last number it allocated (a migration from another
    /// tool); checked like every state ([`NumberingState::validate`]).
    pub fn resume(series: impl Into<String>, pattern: impl Into<String>, yearly_reset: bool, last: LastNumber) -> Result<Self> {
        let state = NumberingState {
            series: series.into(),
            pattern: pattern.into(),
            yearly_reset,
            year: Some(last.year),
            month: last.month,
            last_sequence: last.sequence,
            last_issue_date: last.issue_date,
        };
        state.validate()?;
        Ok(state)
    }

    /// Series id, e.g. `invoices` or `credit-notes`.
    pub fn series(&self) -> &str {
        &self.series
    }

    /// Number pattern, e.g. `F-{YYYY}-{SEQ:5}`.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// True when the sequence restarts every period of the pattern's date tokens.
    pub fn yearly_reset(&self) -> bool {
        self.yearly_reset
    }

    /// Period year of the last number allocated.
    pub fn year(&self) -> Option<i32> {
        self.year
    }

    /// Period month of the last number allocated (with `{MM}`).
    pub fn month(&self) -> Option<u32> {
        self.month
    }

    /// Last sequence allocated; 0 = none yet.
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    /// Issue date of the last number allocated.
    pub fn last_issue_date(&self) -> Option<NaiveDate> {
        self.last_issue_date
    }

    /// A new, empty series restarting every period of its date tokens; validates the pattern.
    pub fn new(series: impl Into<String>, pattern: impl Into<String>) -> Result<Self> {
        let state = NumberingState {
            series: series.into(),
            pattern: pattern.into(),
            yearly_reset: true,
            year: None,
            month: None,
            last_sequence: 0,
            last_issue_date: None,
        };
        state.validate()?;
        Ok(state)
    }

    /// A new, empty series that never restarts (one sequence for ever); validates the pattern.
    pub fn continuous(series: impl Into<String>, pattern: impl Into<String>) -> Result<Self> {
        let state = NumberingState {
            series: series.into(),
            pattern: pattern.into(),
            yearly_reset: false,
            year: None,
            month: None,
            last_sequence: 0,
            last_issue_date: None,
        };
        state.validate()?;
        Ok(state)
    }

    /// Checks the pattern and the consistency of the stored state.
    ///
    /// A reset series needs a year token, else two years would share numbers
    /// (CGI ann. II art. 242 nonies A, I-7°; BOI-TVA-DECLA-30-20-20-10 §§70-100).
    pub fn validate(&self) -> Result<()> {
        self.checked_pattern().map(|_| ())
    }

    /// Validates the state and returns its parsed pattern.
    fn checked_pattern(&self) -> Result<Pattern> {
        if crate::text::is_blank(&self.series) {
            return Err(numbering_error(STATE, "series", "the series id is empty"));
        }
        // The state is stored by the caller and read back through the JSON edge: a series id the
        // edge refuses (a control character, more than the text limit) would lock the series.
        if let Some((c, what)) = self.series.chars().find_map(|c| crate::text::refused_char(c, false).map(|w| (c, w))) {
            return Err(numbering_error(STATE, "series", format!("the series id contains {what} (U+{:04X})", u32::from(c))));
        }
        if !unicode_normalization::is_nfc(&self.series) {
            return Err(numbering_error(STATE, "series", "the series id is not in Unicode NFC: the JSON edge would read it back changed"));
        }
        if self.series.chars().count() > MAX_SERIES_CHARS {
            return Err(numbering_error(STATE, "series", format!("the series id is longer than {MAX_SERIES_CHARS} characters")));
        }
        let pattern = Pattern::parse(&self.pattern)?;
        if self.yearly_reset && !pattern.has_year {
            return Err(numbering_error(
                PATTERN,
                "pattern",
                "a series that restarts every year needs {YYYY} or {YY} in its pattern, else two years \
                 would share numbers (set yearly_reset to false for a continuous series)",
            ));
        }
        if let Some(y) = self.year {
            if !(1..=9999).contains(&y) {
                return Err(numbering_error(STATE, "year", format!("year {y} is not in 1..=9999")));
            }
        }
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return Err(numbering_error(STATE, "month", format!("month {m} is not in 1..=12")));
            }
        }
        if self.yearly_reset && self.last_sequence > 0 {
            let Some(year) = self.year else {
                return Err(numbering_error(STATE, "year", "last_sequence is set but the year of the last number is missing"));
            };
            let month = if pattern.has_month {
                let Some(month) = self.month else {
                    return Err(numbering_error(STATE, "month", "last_sequence is set but the month of the last number is missing"));
                };
                Some(month)
            } else {
                None
            };
            if let Some(d) = self.last_issue_date {
                if d.year() != year || month.is_some_and(|m| m != d.month()) {
                    return Err(numbering_error(STATE, "year", format!("last_issue_date {d} is outside the period of the last number")));
                }
            }
        }
        Ok(pattern)
    }

    /// Allocates the next number for an invoice issued on `issue_date`: the number and the next
    /// state to persist with the invoice; `self` is unchanged.
    ///
    /// Numbers are chronological: `issue_date` may not precede the last one; a new period
    /// restarts at 1 with `yearly_reset` (CGI ann. II art. 242 nonies A, I-7°;
    /// BOI-TVA-DECLA-30-20-20-10 §§70-100). The number is at most 35 characters of
    /// `A-Za-z0-9+-_/` (FNFE CTC BR-FR-01/02).
    pub fn allocate(&self, issue_date: NaiveDate) -> Result<(String, NumberingState)> {
        let pattern = self.checked_pattern()?;
        // `{YY}` is one-to-one only within a century: the supported years (FNFE CTC BR-FR-03)
        // keep a yearly reset from giving a number twice, a century apart.
        let issue_date = crate::dated::in_range(Some(issue_date), "issue_date")?;
        let year = issue_date.year();
        if let Some(last) = self.last_issue_date {
            if issue_date < last {
                return Err(numbering_error(
                    CHRONOLOGY,
                    "issue_date",
                    format!("numbers are chronological: {issue_date} is before the last issue date {last}"),
                ));
            }
        }
        let month = issue_date.month();
        let stored_month = if pattern.has_month { Some(month) } else { None };
        let next = || {
            self.last_sequence
                .checked_add(1)
                .ok_or_else(|| numbering_error(EXHAUSTED, "last_sequence", "the sequence of this series is exhausted"))
        };
        let sequence = if self.last_sequence == 0 {
            1
        } else if self.yearly_reset {
            let stored = (self.year, if pattern.has_month { self.month } else { None });
            match stored.cmp(&(Some(year), stored_month)) {
                std::cmp::Ordering::Greater => {
                    return Err(numbering_error(
                        CHRONOLOGY,
                        "issue_date",
                        format!("numbers are chronological: {issue_date} is before the period of the last number"),
                    ));
                }
                std::cmp::Ordering::Equal => next()?,
                std::cmp::Ordering::Less => 1,
            }
        } else {
            next()?
        };
        let fields = Fields { year: Some(year), month: Some(month) };
        let number =
            pattern.render(fields, sequence).ok_or_else(|| numbering_error(PATTERN, "pattern", "the pattern cannot be rendered"))?;
        if number.chars().count() > MAX_NUMBER_LEN {
            return Err(numbering_error(
                EXHAUSTED,
                "last_sequence",
                format!("number {number} would exceed {MAX_NUMBER_LEN} characters (FNFE CTC BR-FR-01/02)"),
            ));
        }
        if !number.chars().all(is_number_char) {
            return Err(numbering_error(CHARACTERS, "pattern", format!("number {number} has characters outside A-Za-z0-9+-_/")));
        }
        let next_state = NumberingState {
            year: Some(year),
            month: stored_month,
            last_sequence: sequence,
            last_issue_date: Some(issue_date),
            ..self.clone()
        };
        Ok((number, next_state))
    }

    /// The number [`NumberingState::allocate`] would return for `issue_date`, for previews only.
    pub fn peek(&self, issue_date: NaiveDate) -> Result<String> {
        self.allocate(issue_date).map(|(number, _)| number)
    }
}

/// A run of consecutive sequences missing from a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub struct Gap {
    /// Period of the sequence: `2026`, `2026-03` (`26`, `26-03` with `{YY}`), or empty without reset.
    pub period: String,
    /// First missing sequence.
    pub missing_from: u64,
    /// Last missing sequence (inclusive).
    pub missing_to: u64,
    /// The missing numbers rendered, at most 1000; empty when their date part is unknown.
    pub missing: Vec<String>,
}

/// What [`audit`] found in a list of numbers of one series.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub struct NumberingReport {
    /// How many numbers were given.
    pub checked: usize,
    /// Numbers whose sequence was already used in their period, each once, in input order.
    pub duplicates: Vec<String>,
    /// Missing sequences, by period then sequence.
    pub gaps: Vec<Gap>,
    /// Numbers that do not match the pattern, each once, in input order.
    pub unparsable: Vec<String>,
}

impl NumberingReport {
    /// True when the series is unique and continuous and every number matches the pattern.
    pub fn is_clean(&self) -> bool {
        self.duplicates.is_empty() && self.gaps.is_empty() && self.unparsable.is_empty()
    }
}

/// Audits `numbers`, every number issued in `state`'s series, for duplicates and gaps.
///
/// Numbers are grouped by period (the rendered date tokens with `yearly_reset`, a single group
/// `""` otherwise); each period must hold 1, 2, … up to its largest sequence, and the period of
/// `state` up to `state.last_sequence`, so a missing last number is caught too (numbers are unique
/// and continuous: CGI ann. II art. 242 nonies A, I-7°; BOI-TVA-DECLA-30-20-20-10 §§70-100).
/// In a series without reset whose pattern has date tokens, the date part of a missing number is
/// taken from the number just before the gap.
pub fn audit(state: &NumberingState, numbers: &[String]) -> Result<NumberingReport> {
    let pattern = state.checked_pattern()?;
    let reset = state.yearly_reset;
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut duplicate_seen = BTreeSet::new();
    let mut unparsable = Vec::new();
    let mut unparsable_seen = BTreeSet::new();
    for number in numbers {
        let parsed = pattern.match_number(number).and_then(|(fields, seq)| Some((pattern.period(fields, reset)?, fields, seq)));
        let Some((period, fields, seq)) = parsed else {
            if unparsable_seen.insert(number.as_str()) {
                unparsable.push(number.clone());
            }
            continue;
        };
        match groups.entry(period).or_default().sequences.entry(seq) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(fields);
            }
            std::collections::btree_map::Entry::Occupied(_) => {
                if duplicate_seen.insert(number.as_str()) {
                    duplicates.push(number.clone());
                }
            }
        }
    }
    if state.last_sequence > 0 {
        let fields = Fields { year: state.year, month: state.month };
        if let Some(period) = pattern.period(fields, reset) {
            let group = groups.entry(period).or_default();
            group.bound = state.last_sequence;
            group.fallback = fields;
        }
    }
    let mut gaps = Vec::new();
    for (period, group) in &groups {
        let mut last = 0_u64;
        let mut previous: Option<Fields> = None;
        for (&seq, &fields) in &group.sequences {
            let from = last.saturating_add(1);
            if seq > from {
                gaps.push(pattern.gap(period, from, seq.saturating_sub(1), previous.unwrap_or(fields)));
            }
            last = seq;
            previous = Some(fields);
        }
        if group.bound > last {
            gaps.push(pattern.gap(period, last.saturating_add(1), group.bound, previous.unwrap_or(group.fallback)));
        }
    }
    Ok(NumberingReport { checked: numbers.len(), duplicates, gaps, unparsable })
}

/// The numbers of one period seen by [`audit`].
#[derive(Default)]
struct Group {
    /// Sequence → date fields of its first number.
    sequences: BTreeMap<u64, Fields>,
    /// Sequence the period must reach (the state's `last_sequence` for its period, else 0).
    bound: u64,
    /// Date fields of the state, for gaps at the end of a period without numbers before them.
    fallback: Fields,
}

mod pattern;

use pattern::{Fields, Pattern};

#[cfg(test)]
mod tests;
