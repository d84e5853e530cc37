//! The entries a FEC or an accounting export lists: the **validated** entries of a period —
//! numbered on one continuous sequence and dated of validation (LPF A47 A-1 VII 1°, EcritureNum
//! and ValidDate) — in the order the FEC lists them (opening entries first, then by validation
//! date and number).
//!
//! The host validates entries and passes the numbers back in the input (`validated`). Entries of
//! the period still without a number are returned apart ([`Selection::pending`]) and never
//! written, unless the caller validates them for this export (`validate_on`), continuing the
//! numbers already given ([`EntryNumbering::continuing`]); the numbers given then are returned
//! ([`Selection::validated_now`]) for the host to persist: validated entries are never renumbered.
//! Pure: the surfaces (CLI, bindings) read the input and write the files.

use chrono::NaiveDate;
use facturier_core::accounting::entry::JournalEntry;
use facturier_core::accounting::numbering::EntryNumbering;
use facturier_core::accounting::{AccountingInput, ValidatedEntry, post};
use facturier_core::{CoreError, Decimal};

use crate::{FecError, sort_entries};

/// A period of entries by booking date (EcritureDate), both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day; `None`: every entry up to `to`.
    pub from: Option<NaiveDate>,
    /// Last day: the closing date of a fiscal year, the facts' date.
    pub to: NaiveDate,
}

impl Period {
    /// The fiscal year closing on `closing`: from `opening`, by default the day after the same
    /// date a year before (a first or changed fiscal year may be shorter or longer: pass its
    /// first day). The FEC holds one fiscal year (A47 A-1 VII 1°).
    pub fn fiscal_year(closing: NaiveDate, opening: Option<NaiveDate>) -> Result<Period, FecError> {
        let from = match opening {
            Some(o) => o,
            None => closing
                .checked_sub_months(chrono::Months::new(12))
                .and_then(|d| d.succ_opt())
                .ok_or_else(|| FecError::input(format!("no fiscal year closes on {closing}")))?,
        };
        if from > closing {
            return Err(FecError::input(format!("the fiscal year opens on {from}, after its closing date {closing}")));
        }
        Ok(Period { from: Some(from), to: closing })
    }

    /// True when `date` falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && date <= self.to
    }
}

/// The validated entries of a period, the numbers given by this run, and what is left out.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The entries of the period, validated, in FEC order: opening entries first, then by
    /// validation date and number (A47 A-1 VII 1°, 3°).
    pub entries: Vec<JournalEntry>,
    /// The entries of the period not validated (only without `validate_on`): not in `entries`;
    /// a FEC of the period is incomplete while there are some.
    pub pending: Vec<JournalEntry>,
    /// The numbers this run gave (with `validate_on`), for the host to persist.
    pub validated_now: Vec<ValidatedEntry>,
    /// The journal code of opening entries (à-nouveaux), from the chart.
    pub opening_journal: String,
}

impl Selection {
    /// Σ debits of `entries` (saturating: the core's amounts are bounded).
    pub fn total_debit(&self) -> Decimal {
        self.entries.iter().flat_map(|e| &e.lines).fold(Decimal::ZERO, |a, l| a.saturating_add(l.debit))
    }

    /// The number of lines (FEC records) of `entries`.
    pub fn lines(&self) -> u64 {
        self.entries.iter().map(|e| e.lines.len() as u64).sum()
    }

    /// The journals of `entries` (code, label), each once, by code: for the description file.
    pub fn journals(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for e in &self.entries {
            if !out.iter().any(|(c, _)| *c == e.journal) {
                out.push((e.journal.clone(), e.journal_label.clone()));
            }
        }
        out.sort();
        out
    }
}

/// The validated entries of `input` in `period`, posted as of its last day, in FEC order.
///
/// Entries of the period not validated yet are in [`Selection::pending`], unless `validate_on`
/// is given: then they are validated on that date, in booking order, continuing the numbers
/// already given (a new file-wide sequence, or one per journal with `per_journal`, when none
/// is); the numbers given are in [`Selection::validated_now`]. Errors: an invalid input
/// (`Invalid`, every violation), numbers of a shape that cannot be continued, a validation date
/// before the last one (`Refused`).
pub fn select(input: &AccountingInput, period: Period, validate_on: Option<NaiveDate>, per_journal: bool) -> Result<Selection, CoreError> {
    let journal = post(input, period.to)?;
    let (mut entries, pending): (Vec<JournalEntry>, Vec<JournalEntry>) =
        journal.entries.iter().filter(|e| period.contains(e.date)).cloned().partition(|e| e.number.is_some());
    let mut validated_now = Vec::new();
    let mut left = Vec::new();
    match validate_on {
        Some(on) if !pending.is_empty() => {
            let state = EntryNumbering::continuing(&journal.entries, per_journal)?;
            let (numbered, _) = state.validate(pending, on)?;
            for e in &numbered {
                if let (Some(number), Some(valid_date)) = (&e.number, e.valid_date) {
                    validated_now.push(ValidatedEntry { id: e.id.clone(), number: number.clone(), valid_date });
                }
            }
            entries.extend(numbered);
        }
        _ => left = pending,
    }
    let opening_journal = input.chart.journals.opening.code.clone();
    sort_entries(&mut entries, &opening_journal);
    Ok(Selection { entries, pending: left, validated_now, opening_journal })
}
