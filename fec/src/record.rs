//! One FEC record (a line of the flat file, a `ligne` of the XML with its entry's fields) and the
//! records of a core journal entry.

use chrono::NaiveDate;
use facturier_core::accounting::entry::JournalEntry;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{FecError, Result};

/// The cash-basis fields of the BA and BNC trésorerie layouts (A47 A-1 VIII 5°, 7°).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Treasury {
    /// Settlement date (DateRglt).
    pub date_rglt: NaiveDate,
    /// Settlement mode (ModeRglt).
    pub mode_rglt: String,
    /// Nature of the operation (NatOp), empty if unused.
    #[serde(default)]
    pub nat_op: String,
    /// Customer id (IdClient, BNC only), empty if unused.
    #[serde(default)]
    pub id_client: String,
}

/// One FEC record: the 18 fields of A47 A-1 VII (text fields empty when unused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FecRecord {
    /// JournalCode.
    pub journal_code: String,
    /// JournalLib.
    pub journal_lib: String,
    /// EcritureNum.
    pub ecriture_num: String,
    /// EcritureDate.
    pub ecriture_date: NaiveDate,
    /// CompteNum.
    pub compte_num: String,
    /// CompteLib.
    pub compte_lib: String,
    /// CompAuxNum.
    pub comp_aux_num: String,
    /// CompAuxLib.
    pub comp_aux_lib: String,
    /// PieceRef.
    pub piece_ref: String,
    /// PieceDate.
    pub piece_date: NaiveDate,
    /// EcritureLib.
    pub ecriture_lib: String,
    /// Debit.
    pub debit: Decimal,
    /// Credit.
    pub credit: Decimal,
    /// EcritureLet.
    pub ecriture_let: String,
    /// DateLet.
    pub date_let: Option<NaiveDate>,
    /// ValidDate.
    pub valid_date: NaiveDate,
    /// Montantdevise.
    pub montant_devise: Option<Decimal>,
    /// Idevise.
    pub idevise: String,
    /// The cash-basis fields (BA/BNC trésorerie layouts).
    pub treasury: Option<Treasury>,
}

/// The records of a validated entry, one per line (EcritureLib: the line's label, else the
/// entry's). Refused unless numbered and dated of validation.
pub fn entry_records(entry: &JournalEntry) -> Result<Vec<FecRecord>> {
    let (Some(number), Some(valid_date)) = (&entry.number, entry.valid_date) else {
        return Err(FecError::entry(&entry.id, "not validated: an entry is written once numbered with its ValidDate"));
    };
    Ok(entry
        .lines
        .iter()
        .map(|l| FecRecord {
            journal_code: entry.journal.clone(),
            journal_lib: entry.journal_label.clone(),
            ecriture_num: number.clone(),
            ecriture_date: entry.date,
            compte_num: l.account.clone(),
            compte_lib: l.account_label.clone(),
            comp_aux_num: l.aux_account.clone().unwrap_or_default(),
            comp_aux_lib: l.aux_label.clone().unwrap_or_default(),
            piece_ref: entry.piece_ref.clone(),
            piece_date: entry.piece_date,
            ecriture_lib: l.label.clone().unwrap_or_else(|| entry.label.clone()),
            debit: l.debit,
            credit: l.credit,
            ecriture_let: l.letter.clone().unwrap_or_default(),
            date_let: l.letter_date,
            valid_date,
            montant_devise: l.currency_amount,
            idevise: l.currency.clone().unwrap_or_default(),
            treasury: None,
        })
        .collect())
}

/// Sorts validated entries as the FEC lists them: opening entries (journal `opening_journal`)
/// first, then by validation date, then by number (A47 A-1 VII 1°, 3°).
pub fn sort_entries(entries: &mut [JournalEntry], opening_journal: &str) {
    entries.sort_by(|a, b| {
        let key = |e: &JournalEntry| (e.journal != opening_journal, e.valid_date, e.number.clone());
        key(a).cmp(&key(b))
    });
}
