//! Entry numbering: one gapless EcritureNum sequence, assigned at validation with the ValidDate,
//! never renumbered.
//!
//! # The law
//!
//! The FEC gives each entry "un numéro sur une séquence continue" (LPF A47 A-1 VII 1°, EcritureNum)
//! and its validation date (ValidDate); the numbering "doit être croissante dans le temps et ne pas
//! comporter de rupture" (BOI-CF-IOR-60-40-20). Validation makes an entry intangible (PCG,
//! règlement ANC 2014-03: a "procédure de clôture" fixes the chronology and the intangibility of
//! the records): it is numbered then, once, and later corrections are new entries. Opening
//! balances (à-nouveaux) carry the first numbers of the year (A47 A-1 VII 3°):
//! validate them first.
//!
//! # The sequence
//!
//! File-wide (`EntryNumbering::file_wide`: `000001`, `000002`, …) or one sequence per journal with
//! the journal code as prefix (`EntryNumbering::per_journal`: `VT000001`, `BQ000001`, …); the
//! checker (`facturier-fec`) reads the textual prefix as the sequence. Validation dates never go
//! back ([`CHRONOLOGY`]).
//!
//! # Persisting the state atomically
//!
//! As for invoice numbers ([`crate::documents::numbering`]): [`EntryNumbering::validate`] changes
//! nothing and returns the numbered entries and the *next* state, which the host writes **in the
//! same transaction** as the validated entries, so a rolled-back validation leaves no gap and two
//! concurrent validations cannot share a number. No database sequence (`nextval`,
//! `AUTOINCREMENT`): they leave gaps on rollback.
//!
//! PostgreSQL:
//!
//! ```sql
//! CREATE TABLE entry_numbering (
//!     seller_siren     char(9) PRIMARY KEY,
//!     state            jsonb   NOT NULL        -- EntryNumbering as JSON
//! );
//! CREATE TABLE journal_entry (
//!     seller_siren char(9) NOT NULL,
//!     id           text    NOT NULL,           -- JournalEntry::id, e.g. invoice:F-2026-00001
//!     number       text    NOT NULL,           -- EcritureNum
//!     valid_date   date    NOT NULL,           -- ValidDate
//!     entry        jsonb   NOT NULL,
//!     PRIMARY KEY (seller_siren, id),
//!     UNIQUE (seller_siren, number)            -- last line of defence against duplicates
//! );
//!
//! BEGIN;
//! SELECT state FROM entry_numbering WHERE seller_siren = $1 FOR UPDATE;  -- locks until COMMIT
//! -- host: let (numbered, next) = state.validate(entries, valid_date)?
//! UPDATE entry_numbering SET state = $2 WHERE seller_siren = $1 AND state = $3;  -- the value
//! -- read above: optimistic check, 0 rows updated → ROLLBACK and retry from BEGIN
//! INSERT INTO journal_entry (seller_siren, id, number, valid_date, entry) VALUES (...), (...);
//! COMMIT;
//! ```
//!
//! SQLite: `BEGIN IMMEDIATE;` (takes the write lock up front), the same SELECT without `FOR
//! UPDATE`, the same optimistic UPDATE (`changes() = 0` → ROLLBACK and retry), the INSERTs,
//! `COMMIT;`. The host passes the numbers it stored back in [`crate::accounting::AccountingInput`]
//! (`validated`), so every later `post` shows each entry with its number.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::accounting::entry::JournalEntry;
use crate::error::{Result, declare_rules};

declare_rules! { RULES;
    /// Validation dates never go back.
    CHRONOLOGY = "accounting.numbering.date_before_last", "LPF A47 A-1 VII 1° (ordre chronologique de validation); BOI-CF-IOR-60-40-20 (numérotation croissante dans le temps)";
    /// An entry is numbered once: never renumbered.
    ALREADY = "accounting.numbering.already_numbered", "PCG, règlement ANC 2014-03 (intangibilité des écritures validées); LPF A47 A-1 VII 1°";
    /// The sequence is exhausted or the state is unusable.
    STATE = "accounting.numbering.state_invalid", "LPF A47 A-1 VII 1° (numéro sur une séquence continue)";
    /// Only balanced entries are validated.
    UNBALANCED = "accounting.numbering.unbalanced", "C. com. L123-12; PCG, règlement ANC 2014-03 (partie double); A47 A-1 VII";
}

fn six() -> u8 {
    6
}

/// The persisted state of the entry numbering: the last number of each sequence and the last
/// validation date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryNumbering {
    /// One sequence per journal, prefixed by the journal code; else one file-wide sequence.
    #[serde(default)]
    per_journal: bool,
    /// Digits of the number, zero-padded (6 by default; a larger number is written in full).
    #[serde(default = "six")]
    width: u8,
    /// Last number of each sequence: the journal code, or `""` for the file-wide one.
    #[serde(default)]
    last: BTreeMap<String, u64>,
    /// Validation date of the last entries numbered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_valid_date: Option<NaiveDate>,
}

impl EntryNumbering {
    /// A new file-wide sequence: `000001`, `000002`, …
    pub fn file_wide() -> EntryNumbering {
        EntryNumbering { per_journal: false, width: 6, last: BTreeMap::new(), last_valid_date: None }
    }

    /// A new sequence per journal: `VT000001`, `BQ000001`, …
    pub fn per_journal() -> EntryNumbering {
        EntryNumbering { per_journal: true, width: 6, last: BTreeMap::new(), last_valid_date: None }
    }

    /// True for one sequence per journal.
    pub fn is_per_journal(&self) -> bool {
        self.per_journal
    }

    /// The last number of the sequence of `journal` (its own, or the file-wide one).
    pub fn last_sequence(&self, journal: &str) -> u64 {
        self.last.get(self.key(journal)).copied().unwrap_or(0)
    }

    /// Validation date of the last entries numbered.
    pub fn last_valid_date(&self) -> Option<NaiveDate> {
        self.last_valid_date
    }

    fn key<'a>(&self, journal: &'a str) -> &'a str {
        if self.per_journal { journal } else { "" }
    }

    /// Validates `entries` on `valid_date`, in the order given: each gets the next number of its
    /// sequence and `valid_date`. Returns them and the next state to persist with them; `self` is
    /// unchanged. Refuses an entry already numbered ([`ALREADY`]), an unbalanced one
    /// ([`UNBALANCED`]) and a date before the last validation ([`CHRONOLOGY`]).
    pub fn validate(&self, entries: Vec<JournalEntry>, valid_date: NaiveDate) -> Result<(Vec<JournalEntry>, EntryNumbering)> {
        if let Some(last) = self.last_valid_date {
            if valid_date < last {
                return Err(CHRONOLOGY.refuse("valid_date", format!("{valid_date} is before the last validation date {last}")));
            }
        }
        if self.width == 0 || self.width > 18 {
            return Err(STATE.refuse("width", "the width of a number is 1 to 18 digits"));
        }
        let mut next = self.clone();
        let mut out = Vec::with_capacity(entries.len());
        for mut e in entries {
            if e.number.is_some() {
                return Err(ALREADY.refuse(format!("entries[{}]", e.id), format!("{} is already numbered: never renumbered", e.id)));
            }
            if let Err(err) = e.check_balance() {
                return Err(UNBALANCED.refuse(format!("entries[{}]", e.id), err.to_string()));
            }
            let key = next.key(&e.journal).to_owned();
            let seq = next.last.get(&key).copied().unwrap_or(0).checked_add(1).ok_or_else(|| STATE.refuse("last", "sequence exhausted"))?;
            next.last.insert(key.clone(), seq);
            let width = usize::from(self.width);
            e.number = Some(format!("{key}{seq:0width$}"));
            e.valid_date = Some(valid_date);
            out.push(e);
        }
        next.last_valid_date = Some(valid_date);
        Ok((out, next))
    }
}

#[cfg(test)]
mod tests;
