//! The audit trail: a tamper-evident journal of issued documents and validated entries.
//!
//! Each record names one fact (document number or entry id, date, totals), the SHA-256 of the
//! fact's full content, and the hash of the record before it; its own hash covers all of that
//! in a canonical serialisation. Changing, removing or inserting any record breaks every link
//! after it, and [`verify`] reports the first broken one.
//!
//! # Why
//!
//! - CGI 289 VII 1°: the integrity and authenticity of an invoice may be ensured by "des contrôles
//!   documentés et permanents … permettant d'établir une piste d'audit fiable entre une facture
//!   émise ou reçue et la livraison de biens ou prestation de services qui en est le fondement"
//!   (BOI-TVA-DECLA-30-20-30-10 §§ 10-70: the "piste d'audit fiable").
//! - PCG (règlement ANC 2014-03, procédure de clôture) and LPF A47 A-1: validated entries are intangible; the FEC's ValidDate marks it.
//! - CGI 286 I 3° bis and BOI-TVA-DECLA-30-10-30 (cash systems: inaltérabilité, sécurisation,
//!   conservation, archivage): the same chained-hash technique Odoo's inalterability check
//!   (`l10n_fr` "hash and chain") and Dolibarr's unalterable log (`blockedlog`) give their users.
//!
//! # Canonical serialisation (version 1)
//!
//! Each field as `<byte length>:<UTF-8 bytes>;`, in this order: `facturier-audit-v1`, sequence,
//! kind (`document` / `entry`), reference, date (`YYYY-MM-DD`), each total as decimal text with
//! its scale (`1200.00`), content hash, previous hash (empty for the first record). The record's
//! hash is the lowercase hex SHA-256 of those bytes. The content hash is the SHA-256 of the fact's
//! JSON as facturier writes it (fields in declaration order, decimals as strings).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::accounting::entry::JournalEntry;
use crate::documents::invoice::IssuedInvoice;
use crate::error::{CoreError, Result};

/// What a record of the trail is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// An issued invoice or credit note.
    Document,
    /// A validated journal entry.
    Entry,
}

impl AuditKind {
    fn text(self) -> &'static str {
        match self {
            AuditKind::Document => "document",
            AuditKind::Entry => "entry",
        }
    }
}

/// A fact to append to the trail: what it is and the hash of its full content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFact {
    /// Document or entry.
    pub kind: AuditKind,
    /// Document number or entry id (with its EcritureNum once validated).
    pub reference: String,
    /// Issue or validation date.
    pub date: NaiveDate,
    /// Document: [excl. tax, VAT, incl. tax]; entry: [debits, credits].
    pub totals: Vec<Decimal>,
    /// Lowercase hex SHA-256 of the fact's content.
    pub content_hash: String,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(hex_digit(b >> 4));
        out.push(hex_digit(b & 0x0f));
    }
    out
}

fn hex_digit(n: u8) -> char {
    // a nibble (n < 16): the digit stays within ASCII
    char::from(if n < 10 { b'0'.saturating_add(n) } else { b'a'.saturating_add(n.saturating_sub(10)) })
}

fn content_hash<T: Serialize>(value: &T) -> Result<String> {
    let bytes = serde_json::to_vec(value).map_err(|e| CoreError::internal("audit", format!("serialisation: {e}")))?;
    Ok(sha256_hex(&bytes))
}

impl AuditFact {
    /// The fact of an issued invoice or credit note.
    pub fn document(invoice: &IssuedInvoice) -> Result<AuditFact> {
        let t = invoice.totals();
        Ok(AuditFact {
            kind: AuditKind::Document,
            reference: invoice.number().to_owned(),
            date: invoice.issue_date(),
            totals: vec![t.total_excl_tax, t.vat_total, t.total_incl_tax],
            content_hash: content_hash(invoice)?,
        })
    }

    /// The fact of a validated entry: refused unless numbered and dated of validation.
    pub fn entry(entry: &JournalEntry) -> Result<AuditFact> {
        let (Some(number), Some(valid_date)) = (&entry.number, entry.valid_date) else {
            return Err(crate::accounting::NOT_VALIDATED.refuse(format!("entries[{}]", entry.id), "only validated entries are chained"));
        };
        let (d, c) = entry.totals()?;
        Ok(AuditFact {
            kind: AuditKind::Entry,
            reference: format!("{number} {}", entry.id),
            date: valid_date,
            totals: vec![d, c],
            content_hash: content_hash(entry)?,
        })
    }
}

/// One record of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// Position in the trail, from 1.
    pub sequence: u64,
    /// Document or entry.
    pub kind: AuditKind,
    /// Document number, or EcritureNum and entry id.
    pub reference: String,
    /// Issue or validation date.
    pub date: NaiveDate,
    /// Document: [excl. tax, VAT, incl. tax]; entry: [debits, credits].
    pub totals: Vec<Decimal>,
    /// SHA-256 of the fact's content.
    pub content_hash: String,
    /// Hash of the record before, empty for the first.
    pub previous_hash: String,
    /// SHA-256 of this record's canonical serialisation.
    pub hash: String,
}

fn field(out: &mut Vec<u8>, value: &str) {
    out.extend_from_slice(value.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(value.as_bytes());
    out.push(b';');
}

/// The canonical bytes of a record (everything but its own hash).
fn canonical(r: &AuditRecord) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    field(&mut out, "facturier-audit-v1");
    field(&mut out, &r.sequence.to_string());
    field(&mut out, r.kind.text());
    field(&mut out, &r.reference);
    field(&mut out, &r.date.format("%Y-%m-%d").to_string());
    field(&mut out, &r.totals.len().to_string());
    for t in &r.totals {
        field(&mut out, &t.to_string());
    }
    field(&mut out, &r.content_hash);
    field(&mut out, &r.previous_hash);
    out
}

/// The record of `fact` appended after `last` (None for the first record of the trail).
pub fn append(last: Option<&AuditRecord>, fact: AuditFact) -> AuditRecord {
    let mut r = AuditRecord {
        sequence: last.map_or(1, |l| l.sequence.saturating_add(1)),
        kind: fact.kind,
        reference: fact.reference,
        date: fact.date,
        totals: fact.totals,
        content_hash: fact.content_hash,
        previous_hash: last.map(|l| l.hash.clone()).unwrap_or_default(),
        hash: String::new(),
    };
    r.hash = sha256_hex(&canonical(&r));
    r
}

/// Why a link is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The record's hash is not the hash of its content: the record was changed.
    HashMismatch,
    /// The record does not name the hash of the one before: a record was removed, inserted or changed.
    PreviousMismatch,
    /// The sequence does not follow the one before.
    SequenceGap,
}

/// The first broken link of a trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BrokenLink {
    /// Index of the record in the list given, from 0.
    pub index: usize,
    /// Its sequence as stored.
    pub sequence: u64,
    /// Its reference as stored.
    pub reference: String,
    /// What is wrong.
    pub kind: BreakKind,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditVerification {
    /// Records read.
    pub checked: usize,
    /// The first broken link, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_broken: Option<BrokenLink>,
}

impl AuditVerification {
    /// True when every link holds.
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none()
    }
}

/// Verifies the chain of `records` (a whole trail, from its first record): every hash, every
/// link to the previous record, every sequence; reports the first broken link.
pub fn verify(records: &[AuditRecord]) -> AuditVerification {
    let mut previous: Option<&AuditRecord> = None;
    for (index, r) in records.iter().enumerate() {
        let broken = |kind| AuditVerification {
            checked: index.saturating_add(1),
            first_broken: Some(BrokenLink { index, sequence: r.sequence, reference: r.reference.clone(), kind }),
        };
        if sha256_hex(&canonical(r)) != r.hash {
            return broken(BreakKind::HashMismatch);
        }
        let expected_previous = previous.map(|p| p.hash.as_str()).unwrap_or("");
        if r.previous_hash != expected_previous {
            return broken(BreakKind::PreviousMismatch);
        }
        if r.sequence != previous.map_or(1, |p| p.sequence.saturating_add(1)) {
            return broken(BreakKind::SequenceGap);
        }
        previous = Some(r);
    }
    AuditVerification { checked: records.len(), first_broken: None }
}

#[cfg(test)]
mod tests;
