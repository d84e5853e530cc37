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
//! BEGIN;
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
//! COMMIT;
//! ```
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
//! SELECT pattern, yearly_reset, year, month, last_sequence, last_issue_date
//!   FROM numbering_series WHERE series = ?1;
//! -- host: allocate, then
//! UPDATE numbering_series
//!    SET year = ?2, month = ?3, last_sequence = ?4, last_issue_date = ?5
//!  WHERE series = ?1 AND last_sequence = ?6 AND year IS ?7 AND month IS ?8;
//! -- changes() = 0 → ROLLBACK and retry
//! INSERT INTO invoice (seller_siren, number, issue_date, document) VALUES (?9, ?10, ?11, ?12);
//! COMMIT;
//! ```
//!
//! Both databases store signed 64-bit integers: a `last_sequence` above `i64::MAX` cannot be
//! persisted (a 35-character number never needs one). [`audit`] checks an archive of numbers
//! against the state afterwards: holes, duplicates and numbers foreign to the pattern.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Longest number accepted by the e-invoicing platforms (FNFE CTC BR-FR-01/02).
const MAX_NUMBER_LEN: usize = 35;
/// Largest zero-padding width of `{SEQ:n}`.
const MAX_SEQ_WIDTH: usize = 12;
/// Most missing numbers rendered per [`Gap`].
const MAX_RENDERED_MISSING: usize = 1000;

fn yes() -> bool {
    true
}

fn numbering_error(path: &str, message: impl Into<String>) -> CoreError {
    CoreError::Numbering { path: path.to_owned(), message: message.into() }
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
    pub series: String,
    /// Number pattern, e.g. `F-{YYYY}-{SEQ:5}` (tokens `{YYYY}`, `{YY}`, `{MM}`, `{SEQ}`, `{SEQ:n}`).
    pub pattern: String,
    /// Restart at 1 every period of the date tokens: every year, or every month with `{MM}`.
    #[serde(default = "yes")]
    pub yearly_reset: bool,
    /// Year of the last number allocated (the period year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Month of the last number allocated, kept only when the pattern holds `{MM}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// Last sequence allocated (in the period of `year`/`month` with `yearly_reset`); 0 = none yet.
    #[serde(default)]
    pub last_sequence: u64,
    /// Issue date of the last number allocated; later numbers may not be dated earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_issue_date: Option<NaiveDate>,
}

impl NumberingState {
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
        if self.series.trim().is_empty() {
            return Err(numbering_error("series", "the series id is empty"));
        }
        let pattern = Pattern::parse(&self.pattern)?;
        if self.yearly_reset && !pattern.has_year {
            return Err(numbering_error(
                "pattern",
                "a series that restarts every year needs {YYYY} or {YY} in its pattern, else two years \
                 would share numbers (set yearly_reset to false for a continuous series)",
            ));
        }
        if let Some(y) = self.year {
            if !(1..=9999).contains(&y) {
                return Err(numbering_error("year", format!("year {y} is not in 1..=9999")));
            }
        }
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return Err(numbering_error("month", format!("month {m} is not in 1..=12")));
            }
        }
        if self.yearly_reset && self.last_sequence > 0 {
            let Some(year) = self.year else {
                return Err(numbering_error("year", "last_sequence is set but the year of the last number is missing"));
            };
            let month = if pattern.has_month {
                let Some(month) = self.month else {
                    return Err(numbering_error("month", "last_sequence is set but the month of the last number is missing"));
                };
                Some(month)
            } else {
                None
            };
            if let Some(d) = self.last_issue_date {
                if d.year() != year || month.is_some_and(|m| m != d.month()) {
                    return Err(numbering_error("year", format!("last_issue_date {d} is outside the period of the last number")));
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
        let year = issue_date.year();
        if !(1..=9999).contains(&year) {
            return Err(numbering_error("issue_date", format!("the year of {issue_date} is not in 1..=9999")));
        }
        if let Some(last) = self.last_issue_date {
            if issue_date < last {
                return Err(numbering_error(
                    "issue_date",
                    format!("numbers are chronological: {issue_date} is before the last issue date {last}"),
                ));
            }
        }
        let month = issue_date.month();
        let stored_month = if pattern.has_month { Some(month) } else { None };
        let next = || {
            self.last_sequence.checked_add(1).ok_or_else(|| numbering_error("last_sequence", "the sequence of this series is exhausted"))
        };
        let sequence = if self.last_sequence == 0 {
            1
        } else if self.yearly_reset {
            let stored = (self.year, if pattern.has_month { self.month } else { None });
            match stored.cmp(&(Some(year), stored_month)) {
                std::cmp::Ordering::Greater => {
                    return Err(numbering_error(
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
        let number = pattern.render(fields, sequence).ok_or_else(|| numbering_error("pattern", "the pattern cannot be rendered"))?;
        if number.chars().count() > MAX_NUMBER_LEN {
            return Err(numbering_error(
                "last_sequence",
                format!("number {number} would exceed {MAX_NUMBER_LEN} characters (FNFE CTC BR-FR-01/02)"),
            ));
        }
        if !number.chars().all(is_number_char) {
            return Err(numbering_error("pattern", format!("number {number} has characters outside A-Za-z0-9+-_/")));
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

/// The date fields a number carries; `year` holds two digits only when parsed from `{YY}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    Year4,
    Year2,
    Month,
    /// The sequence, zero-padded to this minimum width (1 = unpadded).
    Seq(usize),
}

impl Token {
    /// Rendered width of a fixed-width token; the sequence's minimum width.
    fn width(&self) -> usize {
        match self {
            Token::Literal(s) => s.len(),
            Token::Year4 => 4,
            Token::Year2 | Token::Month => 2,
            Token::Seq(w) => *w,
        }
    }
}

/// A parsed, valid pattern: exactly one sequence token, at most one year and one month token.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// Tokens before the sequence.
    before: Vec<Token>,
    /// Minimum width of the sequence.
    seq_width: usize,
    /// Tokens after the sequence.
    after: Vec<Token>,
    has_year: bool,
    has_month: bool,
}

impl Pattern {
    /// Parses and checks a pattern; errors at path `pattern`.
    fn parse(pattern: &str) -> Result<Pattern> {
        let err = |m: String| numbering_error("pattern", m);
        let mut tokens = Vec::new();
        let mut literal = String::new();
        let mut chars = pattern.chars().enumerate();
        while let Some((i, c)) = chars.next() {
            if c == '{' {
                let mut name = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(err(format!("`{{` at position {i} is not closed")));
                }
                if !literal.is_empty() {
                    tokens.push(Token::Literal(std::mem::take(&mut literal)));
                }
                tokens.push(match name.as_str() {
                    "YYYY" => Token::Year4,
                    "YY" => Token::Year2,
                    "MM" => Token::Month,
                    "SEQ" => Token::Seq(1),
                    other => {
                        let width = other
                            .strip_prefix("SEQ:")
                            .filter(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|n| n.parse::<usize>().ok());
                        match width {
                            Some(w) if (1..=MAX_SEQ_WIDTH).contains(&w) => Token::Seq(w),
                            Some(_) | None if other.starts_with("SEQ:") => {
                                return Err(err(format!("the width of `{{{other}}}` must be 1 to {MAX_SEQ_WIDTH}")));
                            }
                            _ => {
                                let shown: String = other.chars().take(20).collect();
                                return Err(err(format!(
                                    "unknown token `{{{shown}}}` at position {i} (expected {{YYYY}}, {{YY}}, {{MM}}, {{SEQ}} or {{SEQ:n}})"
                                )));
                            }
                        }
                    }
                });
            } else if is_number_char(c) {
                literal.push(c);
            } else {
                return Err(err(format!("character {c:?} at position {i} is not allowed in an invoice number (only A-Z a-z 0-9 + - _ /)")));
            }
        }
        if !literal.is_empty() {
            tokens.push(Token::Literal(literal));
        }
        let count = |f: fn(&Token) -> bool| tokens.iter().filter(|t| f(t)).count();
        let seqs = count(|t| matches!(t, Token::Seq(_)));
        if seqs != 1 {
            return Err(err(format!("the pattern needs exactly one {{SEQ}} or {{SEQ:n}} token, found {seqs}")));
        }
        let years = count(|t| matches!(t, Token::Year4 | Token::Year2));
        if years > 1 {
            return Err(err("the pattern may hold only one year token ({YYYY} or {YY})".to_owned()));
        }
        let months = count(|t| matches!(t, Token::Month));
        if months > 1 {
            return Err(err("the pattern may hold only one {MM} token".to_owned()));
        }
        let min_len = tokens.iter().fold(0_usize, |acc, t| acc.saturating_add(t.width()));
        if min_len > MAX_NUMBER_LEN {
            return Err(err(format!(
                "the shortest number would have {min_len} characters, more than {MAX_NUMBER_LEN} (FNFE CTC BR-FR-01/02)"
            )));
        }
        let at = tokens.iter().position(|t| matches!(t, Token::Seq(_))).unwrap_or(0);
        let after = tokens.split_off(at.saturating_add(1).min(tokens.len()));
        let seq_width = match tokens.pop() {
            Some(Token::Seq(w)) => w,
            _ => return Err(err("the pattern needs exactly one {SEQ} token".to_owned())),
        };
        Ok(Pattern { before: tokens, seq_width, after, has_year: years == 1, has_month: months == 1 })
    }

    /// Renders a number; `None` when a date token has no field.
    fn render(&self, fields: Fields, seq: u64) -> Option<String> {
        let mut out = String::new();
        for t in &self.before {
            out.push_str(&render_fixed(t, fields)?);
        }
        out.push_str(&format!("{seq:0width$}", width = self.seq_width));
        for t in &self.after {
            out.push_str(&render_fixed(t, fields)?);
        }
        Some(out)
    }

    /// The period of a number: its year (and month) tokens with reset, else `""`.
    fn period(&self, fields: Fields, reset: bool) -> Option<String> {
        if !reset {
            return Some(String::new());
        }
        let tokens = || self.before.iter().chain(&self.after);
        let year = tokens().find(|t| matches!(t, Token::Year4 | Token::Year2))?;
        let mut period = render_fixed(year, fields)?;
        if self.has_month {
            period.push('-');
            period.push_str(&render_fixed(&Token::Month, fields)?);
        }
        Some(period)
    }

    /// Matches `number` against the pattern: its date fields and sequence.
    fn match_number(&self, number: &str) -> Option<(Fields, u64)> {
        let bytes = number.as_bytes();
        let width = |ts: &[Token]| ts.iter().try_fold(0_usize, |acc, t| acc.checked_add(t.width()));
        let seq_start = width(&self.before)?;
        let seq_end = bytes.len().checked_sub(width(&self.after)?)?;
        let mut fields = Fields::default();
        let mut at = 0_usize;
        for t in &self.before {
            let end = at.checked_add(t.width())?;
            match_fixed(t, bytes.get(at..end)?, &mut fields)?;
            at = end;
        }
        let digits = bytes.get(seq_start..seq_end)?;
        at = seq_end;
        for t in &self.after {
            let end = at.checked_add(t.width())?;
            match_fixed(t, bytes.get(at..end)?, &mut fields)?;
            at = end;
        }
        let seq = parse_digits(digits)?;
        let canonical = digits.len() == self.seq_width || (digits.len() > self.seq_width && digits.first() != Some(&b'0'));
        (canonical && seq >= 1).then_some((fields, seq))
    }

    /// A gap of `period` from `from` to `to`, rendering at most 1000 missing numbers.
    fn gap(&self, period: &str, from: u64, to: u64, fields: Fields) -> Gap {
        let missing =
            (from..=to).take(MAX_RENDERED_MISSING).map(|seq| self.render(fields, seq)).collect::<Option<Vec<_>>>().unwrap_or_default();
        Gap { period: period.to_owned(), missing_from: from, missing_to: to, missing }
    }
}

/// Renders a fixed-width token; `None` for a missing or out-of-range field.
fn render_fixed(token: &Token, fields: Fields) -> Option<String> {
    match token {
        Token::Literal(s) => Some(s.clone()),
        Token::Year4 => fields.year.filter(|y| (0..=9999).contains(y)).map(|y| format!("{y:04}")),
        Token::Year2 => fields.year.map(|y| format!("{:02}", y.rem_euclid(100))),
        Token::Month => fields.month.filter(|m| (1..=12).contains(m)).map(|m| format!("{m:02}")),
        Token::Seq(_) => None,
    }
}

/// Matches one fixed-width token against `part`, recording its date field.
fn match_fixed(token: &Token, part: &[u8], fields: &mut Fields) -> Option<()> {
    match token {
        Token::Literal(s) => (part == s.as_bytes()).then_some(()),
        Token::Year4 => {
            let y = i32::try_from(parse_digits(part)?).ok().filter(|y| (1..=9999).contains(y))?;
            fields.year = Some(y);
            Some(())
        }
        Token::Year2 => {
            fields.year = Some(i32::try_from(parse_digits(part)?).ok()?);
            Some(())
        }
        Token::Month => {
            let m = u32::try_from(parse_digits(part)?).ok().filter(|m| (1..=12).contains(m))?;
            fields.month = Some(m);
            Some(())
        }
        Token::Seq(_) => None,
    }
}

/// Parses a non-empty run of ASCII digits; `None` on anything else or on overflow.
fn parse_digits(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0_u64, |acc, &b| {
        let d = b.is_ascii_digit().then(|| u64::from(b.wrapping_sub(b'0')))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn path_of<T: std::fmt::Debug>(r: Result<T>) -> String {
        match r {
            Err(CoreError::Numbering { path, .. }) => path,
            other => format!("not a numbering error: {other:?}"),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn renders_and_advances() -> Result<()> {
        let s = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?;
        assert_eq!(s.peek(date(2026, 3, 1))?, "F-2026-00001");
        let (n1, s1) = s.allocate(date(2026, 3, 1))?;
        assert_eq!(n1, "F-2026-00001");
        assert_eq!(s.last_sequence, 0, "allocate leaves self unchanged");
        assert_eq!((s1.year, s1.month, s1.last_sequence, s1.last_issue_date), (Some(2026), None, 1, Some(date(2026, 3, 1))));
        let (n2, s2) = s1.allocate(date(2026, 3, 1))?;
        assert_eq!(n2, "F-2026-00002");
        assert_eq!(s2.peek(date(2026, 12, 31))?, "F-2026-00003");

        let wide = NumberingState { year: Some(2026), last_sequence: 99_999, ..s.clone() };
        assert_eq!(wide.peek(date(2026, 5, 1))?, "F-2026-100000");

        let plain = NumberingState::continuous("x", "{SEQ}")?;
        assert_eq!(plain.peek(date(2026, 1, 1))?, "1");
        let yy = NumberingState::new("x", "AV{YY}{MM}/{SEQ:3}")?;
        assert_eq!(yy.peek(date(2007, 2, 3))?, "AV0702/001");
        Ok(())
    }

    #[test]
    fn yearly_reset_restarts_at_one() -> Result<()> {
        let s = NumberingState {
            year: Some(2025),
            last_sequence: 41,
            last_issue_date: Some(date(2025, 12, 30)),
            ..NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?
        };
        assert_eq!(s.peek(date(2025, 12, 31))?, "F-2025-00042");
        let (n, next) = s.allocate(date(2026, 1, 2))?;
        assert_eq!(n, "F-2026-00001");
        assert_eq!((next.year, next.last_sequence), (Some(2026), 1));

        // Without reset the sequence continues across years.
        let c = NumberingState { yearly_reset: false, ..s };
        assert_eq!(c.peek(date(2026, 1, 2))?, "F-2026-00042");
        Ok(())
    }

    #[test]
    fn monthly_reset_with_month_token() -> Result<()> {
        let s = NumberingState::new("invoices", "F-{YYYY}{MM}-{SEQ:3}")?;
        let (a, s) = s.allocate(date(2026, 3, 1))?;
        let (b, s) = s.allocate(date(2026, 3, 31))?;
        let (c, s) = s.allocate(date(2026, 4, 1))?;
        let (d, s) = s.allocate(date(2027, 4, 1))?;
        assert_eq!([a, b, c, d], ["F-202603-001", "F-202603-002", "F-202604-001", "F-202704-001"]);
        assert_eq!((s.year, s.month), (Some(2027), Some(4)));

        // A month token without reset: one continuous sequence.
        let c = NumberingState::continuous("x", "{MM}-{SEQ}")?;
        let (a, c) = c.allocate(date(2026, 3, 1))?;
        let (b, _) = c.allocate(date(2026, 4, 1))?;
        assert_eq!([a, b], ["03-1", "04-2"]);
        Ok(())
    }

    #[test]
    fn numbers_are_chronological() -> Result<()> {
        let s = NumberingState {
            year: Some(2026),
            last_sequence: 3,
            last_issue_date: Some(date(2026, 3, 10)),
            ..NumberingState::new("invoices", "F-{YYYY}-{SEQ}")?
        };
        assert_eq!(path_of(s.allocate(date(2026, 3, 9))), "issue_date");
        assert_eq!(s.peek(date(2026, 3, 10))?, "F-2026-4");
        // Without a last issue date, the stored period still forbids going back.
        let s = NumberingState { year: Some(2027), last_issue_date: None, ..s };
        assert_eq!(path_of(s.allocate(date(2026, 12, 31))), "issue_date");
        assert_eq!(path_of(s.allocate(date(10_000, 1, 1))), "issue_date");
        Ok(())
    }

    #[test]
    fn charset_length_and_overflow() -> Result<()> {
        assert_eq!(path_of(NumberingState::new("x", "F {YYYY}-{SEQ}")), "pattern");
        assert_eq!(path_of(NumberingState::new("x", "Fé{YYYY}-{SEQ}")), "pattern");
        assert_eq!(path_of(NumberingState::new("x", "F.{YYYY}-{SEQ}")), "pattern");
        let thirty = "A".repeat(30);
        assert_eq!(path_of(NumberingState::continuous("x", format!("{thirty}X{{SEQ:5}}"))), "pattern");
        let s = NumberingState::continuous("x", format!("{thirty}{{SEQ:5}}"))?;
        assert_eq!(s.peek(date(2026, 1, 1))?.len(), 35);
        let full = NumberingState { last_sequence: 99_999, ..s };
        assert_eq!(path_of(full.allocate(date(2026, 1, 1))), "last_sequence");
        let max = NumberingState::continuous("x", "{SEQ}")?;
        let max = NumberingState { last_sequence: u64::MAX, ..max };
        assert_eq!(path_of(max.allocate(date(2026, 1, 1))), "last_sequence");
        let ok = NumberingState { last_sequence: u64::MAX - 1, ..max };
        assert_eq!(ok.peek(date(2026, 1, 1))?, u64::MAX.to_string());
        Ok(())
    }

    #[test]
    fn pattern_validation() {
        for bad in [
            "",
            "F-{YYYY}",
            "{SEQ}-{SEQ:2}",
            "{YYYY}-{DD}-{SEQ}",
            "{YYYY}-{SEQ",
            "{YYYY}-SEQ}",
            "{YYYY}-{SEQ:0}",
            "{YYYY}-{SEQ:13}",
            "{YYYY}-{SEQ:x}",
            "{YYYY}-{SEQ:}",
            "{YYYY}-{SEQ:005}",
            "{YYYY}{YY}-{SEQ}",
            "{YYYY}{MM}{MM}-{SEQ}",
            "{yyyy}-{SEQ}",
            "{{YYYY}}-{SEQ}",
        ] {
            assert_eq!(path_of(NumberingState::new("x", bad)), "pattern", "{bad:?}");
        }
        // A reset series without a year token would repeat its numbers every year.
        assert_eq!(path_of(NumberingState::new("x", "INV-{SEQ:6}")), "pattern");
        assert_eq!(path_of(NumberingState::new("x", "INV-{MM}-{SEQ:6}")), "pattern");
        assert!(NumberingState::continuous("x", "INV-{SEQ:6}").is_ok());
        assert!(NumberingState::new("x", "{SEQ:12}{YYYY}").is_ok());
        assert_eq!(path_of(NumberingState::new(" ", "{YYYY}{SEQ}")), "series");
    }

    #[test]
    fn state_validation() -> Result<()> {
        let s = NumberingState::new("x", "F{YYYY}{MM}-{SEQ}")?;
        assert_eq!(path_of(NumberingState { last_sequence: 5, ..s.clone() }.validate()), "year");
        assert_eq!(path_of(NumberingState { last_sequence: 5, year: Some(2026), ..s.clone() }.validate()), "month");
        assert_eq!(path_of(NumberingState { month: Some(13), ..s.clone() }.validate()), "month");
        assert_eq!(path_of(NumberingState { year: Some(0), ..s.clone() }.validate()), "year");
        let inconsistent =
            NumberingState { last_sequence: 5, year: Some(2026), month: Some(3), last_issue_date: Some(date(2026, 4, 1)), ..s.clone() };
        assert_eq!(path_of(inconsistent.validate()), "year");
        NumberingState { last_issue_date: Some(date(2026, 3, 31)), ..inconsistent }.validate()
    }

    #[test]
    fn json_defaults_and_unknown_fields() -> Result<()> {
        let s: NumberingState = serde_json::from_str(r#"{"series":"invoices","pattern":"F-{YYYY}-{SEQ:5}"}"#)
            .map_err(|e| numbering_error("json", e.to_string()))?;
        assert_eq!(s, NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?);
        let (_, next) = s.allocate(date(2026, 3, 1))?;
        let json = serde_json::to_string(&next).map_err(|e| numbering_error("json", e.to_string()))?;
        assert_eq!(
            json,
            r#"{"series":"invoices","pattern":"F-{YYYY}-{SEQ:5}","yearly_reset":true,"year":2026,"last_sequence":1,"last_issue_date":"2026-03-01"}"#
        );
        assert!(serde_json::from_str::<NumberingState>(r#"{"series":"a","pattern":"{SEQ}","seq":1}"#).is_err());
        Ok(())
    }

    #[test]
    fn audit_finds_gaps_duplicates_and_foreign_numbers() -> Result<()> {
        let s = NumberingState {
            year: Some(2026),
            last_sequence: 4,
            last_issue_date: Some(date(2026, 2, 1)),
            ..NumberingState::new("invoices", "F-{YYYY}-{SEQ:3}")?
        };
        let numbers = strings(&[
            "F-2025-001",
            "F-2025-002",
            "F-2025-005",
            "F-2026-002",
            "F-2025-002",
            "F-2025-002",
            "F-2026-01",
            "F-2026-0001",
            "F-2026-000",
            "F-26-001",
            "X-2026-001",
            "F-2026-003",
            "F-2026-01",
        ]);
        let r = audit(&s, &numbers)?;
        assert_eq!(r.checked, 13);
        assert_eq!(r.duplicates, strings(&["F-2025-002"]));
        assert_eq!(r.unparsable, strings(&["F-2026-01", "F-2026-0001", "F-2026-000", "F-26-001", "X-2026-001"]));
        let gap = |period: &str, from, to, missing: &[&str]| Gap {
            period: period.to_owned(),
            missing_from: from,
            missing_to: to,
            missing: strings(missing),
        };
        assert_eq!(
            r.gaps,
            vec![
                gap("2025", 3, 4, &["F-2025-003", "F-2025-004"]),
                gap("2026", 1, 1, &["F-2026-001"]),
                gap("2026", 4, 4, &["F-2026-004"]), // known from the state's last_sequence
            ]
        );
        assert!(!r.is_clean());

        let clean = audit(&s, &strings(&["F-2026-001", "F-2026-004", "F-2026-003", "F-2026-002", "F-2025-001"]))?;
        assert!(clean.is_clean(), "{clean:?}");
        assert_eq!(audit(&NumberingState::new("invoices", "F-{YYYY}-{SEQ:3}")?, &[])?, NumberingReport::default());
        Ok(())
    }

    #[test]
    fn audit_monthly_continuous_and_large_gaps() -> Result<()> {
        let monthly = NumberingState::new("x", "{YY}{MM}-{SEQ}")?;
        let r = audit(&monthly, &strings(&["2603-1", "2603-3", "2604-2", "2613-1", "2604-02"]))?;
        assert_eq!(r.unparsable, strings(&["2613-1", "2604-02"]));
        let periods: Vec<_> = r.gaps.iter().map(|g| (g.period.as_str(), g.missing.clone())).collect();
        assert_eq!(periods, vec![("26-03", strings(&["2603-2"])), ("26-04", strings(&["2604-1"]))]);

        // Without reset: one sequence; a sequence reused under another year is a duplicate.
        let cont = NumberingState::continuous("x", "F-{YYYY}-{SEQ}")?;
        let r = audit(&cont, &strings(&["F-2025-1", "F-2025-2", "F-2026-4", "F-2026-2"]))?;
        assert_eq!(r.duplicates, strings(&["F-2026-2"]));
        assert_eq!(r.gaps.len(), 1);
        assert_eq!((r.gaps[0].period.as_str(), r.gaps[0].missing_from, r.gaps[0].missing_to), ("", 3, 3));
        assert_eq!(r.gaps[0].missing, strings(&["F-2025-3"]));

        // A huge gap renders only the first 1000 numbers.
        let far = NumberingState { last_sequence: u64::MAX, ..NumberingState::continuous("x", "N{SEQ}")? };
        let r = audit(&far, &strings(&["N1", "N18446744073709551615", "N18446744073709551616"]))?;
        assert_eq!(r.unparsable, strings(&["N18446744073709551616"]));
        assert_eq!((r.gaps.len(), r.gaps[0].missing_from, r.gaps[0].missing_to), (1, 2, u64::MAX - 1));
        assert_eq!(r.gaps[0].missing.len(), 1000);
        assert_eq!(r.gaps[0].missing.first().map(String::as_str), Some("N2"));
        Ok(())
    }

    /// Patterns of the property tests, with their reset flag and the period of a date.
    const CASES: &[(&str, bool)] = &[
        ("F-{YYYY}-{SEQ:5}", true),
        ("F{YY}{MM}-{SEQ:3}", true),
        ("A_{MM}+{YYYY}-{SEQ}", true),
        ("INV/{SEQ}", false),
        ("{YYYY}/{MM}/{SEQ:2}", false),
    ];

    fn expected_period(case: usize, d: NaiveDate) -> String {
        match case {
            0 => format!("{:04}", d.year()),
            1 => format!("{:02}-{:02}", d.year() % 100, d.month()),
            2 => format!("{:04}-{:02}", d.year(), d.month()),
            _ => String::new(),
        }
    }

    /// Issues one number per date, returning `(number, period)` pairs and the final state.
    fn issue_all(case: usize, steps: &[u32]) -> Result<(Vec<(String, String)>, NumberingState)> {
        let (pattern, reset) = CASES.get(case).copied().unwrap_or(("{YYYY}{SEQ}", true));
        let mut state = NumberingState { yearly_reset: reset, ..NumberingState::continuous("s", pattern)? };
        let mut day = date(2023, 6, 1);
        let mut out = Vec::new();
        for &step in steps {
            day = day.checked_add_days(chrono::Days::new(u64::from(step))).unwrap_or(day);
            let (number, next) = state.allocate(day)?;
            out.push((number, expected_period(case, day)));
            state = next;
        }
        Ok((out, state))
    }

    fn token_soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("{YYYY}".to_owned()),
            Just("{YY}".to_owned()),
            Just("{MM}".to_owned()),
            Just("{SEQ}".to_owned()),
            "\\{SEQ:[0-9]{0,3}\\}",
            "[A-Za-z0-9/_+-]{1,4}",
            "[{}:é .]",
            ".{0,3}",
        ];
        let soup = proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat());
        let date_or_literal =
            prop_oneof![Just("{YYYY}".to_owned()), Just("{YY}".to_owned()), Just("{MM}".to_owned()), "[A-Za-z0-9/_+-]{1,4}",];
        let seq = prop_oneof![Just("{SEQ}".to_owned()), (1..=12_u32).prop_map(|n| format!("{{SEQ:{n}}}"))];
        let plausible =
            (proptest::collection::vec(date_or_literal, 0..4), seq, any::<prop::sample::Index>()).prop_map(|(mut v, seq, at)| {
                v.insert(at.index(v.len() + 1), seq);
                v.concat()
            });
        prop_oneof![3 => plausible, 1 => soup]
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            4 => (1990..2100_i32, 1..13_u32, 1..29_u32).prop_map(|(y, m, d)| date(y, m, d)),
            1 => any::<i32>().prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn allocation_is_unique_and_audit_clean(case in 0..CASES.len(), steps in proptest::collection::vec(prop_oneof![Just(0_u32), 0..40_u32, 0..400_u32], 1..120)) {
            let (issued, state) = issue_all(case, &steps)?;
            let numbers: Vec<String> = issued.iter().map(|(n, _)| n.clone()).collect();
            let distinct: BTreeSet<&String> = numbers.iter().collect();
            prop_assert_eq!(distinct.len(), numbers.len());
            prop_assert!(numbers.iter().all(|n| n.len() <= MAX_NUMBER_LEN && n.chars().all(is_number_char)));
            let report = audit(&state, &numbers)?;
            prop_assert!(report.is_clean(), "{:?}", report);
            prop_assert_eq!(report.checked, numbers.len());
        }

        #[test]
        fn removing_one_number_is_exactly_one_gap(case in 0..CASES.len(), steps in proptest::collection::vec(prop_oneof![Just(0_u32), 0..40_u32, 0..400_u32], 1..120), pick in any::<prop::sample::Index>()) {
            let (issued, state) = issue_all(case, &steps)?;
            let i = pick.index(issued.len());
            let mut numbers: Vec<String> = issued.iter().map(|(n, _)| n.clone()).collect();
            let removed = numbers.remove(i);
            let period = issued.get(i).map(|(_, p)| p.clone()).unwrap_or_default();
            let report = audit(&state, &numbers)?;
            prop_assert!(report.duplicates.is_empty() && report.unparsable.is_empty(), "{:?}", report);
            // The last number of a closed period leaves no trace: nothing after it in its period.
            let closes_period = issued.get(i + 1).is_some_and(|(_, p)| *p != period);
            if closes_period {
                prop_assert!(report.gaps.is_empty(), "{:?}", report);
            } else {
                prop_assert_eq!(report.gaps.len(), 1, "{:?}", report);
                let gap = &report.gaps[0];
                prop_assert_eq!(&gap.period, &period);
                prop_assert_eq!(gap.missing_from, gap.missing_to);
                prop_assert_eq!(gap.missing.len(), 1);
                let (pattern, reset) = CASES[case];
                if reset || !pattern.contains("{YYYY}") {
                    prop_assert_eq!(&gap.missing[0], &removed);
                }
                let reparsed = audit(&state, std::slice::from_ref(&removed))?;
                prop_assert!(reparsed.unparsable.is_empty());
            }
        }

        #[test]
        fn never_panics(
            pattern in token_soup(),
            reset in any::<bool>(),
            year in proptest::option::of(prop_oneof![1 => any::<i32>(), 4 => 1990..2100_i32]),
            month in proptest::option::of(prop_oneof![1 => any::<u32>(), 4 => 0..14_u32]),
            last_sequence in prop_oneof![any::<u64>(), 0..5_u64, Just(u64::MAX), Just(u64::MAX - 1)],
            last_issue_date in proptest::option::of(any_date()),
            issue_date in any_date(),
            numbers in proptest::collection::vec(prop_oneof![".{0,40}", "[A-Z0-9/_+-]{0,12}", "[0-9]{0,25}"], 0..10),
        ) {
            let state = NumberingState { series: "s".to_owned(), pattern, yearly_reset: reset, year, month, last_sequence, last_issue_date };
            let _ = audit(&state, &numbers);
            if let Ok((number, next)) = state.allocate(issue_date) {
                prop_assert!(number.len() <= MAX_NUMBER_LEN && number.chars().all(is_number_char));
                prop_assert_eq!(state.peek(issue_date)?, number.clone());
                prop_assert!(next.validate().is_ok());
                let own = audit(&next, std::slice::from_ref(&number))?;
                prop_assert!(own.unparsable.is_empty() && own.duplicates.is_empty(), "{:?}", own);
                let mut more = numbers.clone();
                more.push(number);
                let _ = audit(&next, &more);
            }
        }
    }
}
