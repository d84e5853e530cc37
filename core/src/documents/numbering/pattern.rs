//! The numbering pattern (`F-{YYYY}-{SEQ:5}`): parsed once, then used to render and to read numbers.

use super::{Gap, MAX_NUMBER_LEN, MAX_RENDERED_MISSING, MAX_SEQ_WIDTH, PATTERN, is_number_char, numbering_error};
use crate::error::Result;

/// The date fields a number carries; `year` holds two digits only when parsed from `{YY}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Fields {
    pub(super) year: Option<i32>,
    pub(super) month: Option<u32>,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Literal(String),
    Year4,
    Year2,
    Month,
    /// The sequence, zero-padded to this minimum width (1 = unpadded).
    Seq(usize),
}

impl Token {
    /// Rendered width of a fixed-width token; the sequence's minimum width.
    pub(super) fn width(&self) -> usize {
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
pub(super) struct Pattern {
    /// Tokens before the sequence.
    pub(super) before: Vec<Token>,
    /// Minimum width of the sequence.
    pub(super) seq_width: usize,
    /// Tokens after the sequence.
    pub(super) after: Vec<Token>,
    pub(super) has_year: bool,
    pub(super) has_month: bool,
}

impl Pattern {
    /// Parses and checks a pattern; errors at path `pattern`.
    pub(super) fn parse(pattern: &str) -> Result<Pattern> {
        let err = |m: String| numbering_error(PATTERN, "pattern", m);
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
    pub(super) fn render(&self, fields: Fields, seq: u64) -> Option<String> {
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
    pub(super) fn period(&self, fields: Fields, reset: bool) -> Option<String> {
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
    pub(super) fn match_number(&self, number: &str) -> Option<(Fields, u64)> {
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
    pub(super) fn gap(&self, period: &str, from: u64, to: u64, fields: Fields) -> Gap {
        let missing =
            (from..=to).take(MAX_RENDERED_MISSING).map(|seq| self.render(fields, seq)).collect::<Option<Vec<_>>>().unwrap_or_default();
        Gap { period: period.to_owned(), missing_from: from, missing_to: to, missing }
    }
}

/// Renders a fixed-width token; `None` for a missing or out-of-range field.
pub(super) fn render_fixed(token: &Token, fields: Fields) -> Option<String> {
    match token {
        Token::Literal(s) => Some(s.clone()),
        Token::Year4 => fields.year.filter(|y| (0..=9999).contains(y)).map(|y| format!("{y:04}")),
        Token::Year2 => fields.year.map(|y| format!("{:02}", y.rem_euclid(100))),
        Token::Month => fields.month.filter(|m| (1..=12).contains(m)).map(|m| format!("{m:02}")),
        Token::Seq(_) => None,
    }
}

/// Matches one fixed-width token against `part`, recording its date field.
pub(super) fn match_fixed(token: &Token, part: &[u8], fields: &mut Fields) -> Option<()> {
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
pub(super) fn parse_digits(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0_u64, |acc, &b| {
        let d = b.is_ascii_digit().then(|| u64::from(b.wrapping_sub(b'0')))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}
