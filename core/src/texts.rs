//! Dated texts: the wordings of the legal mentions, each in force between two dates and citing its
//! source. Which mentions a document carries is decided in [`crate::documents::mentions`].

use crate::dated::{Dated, ORIGIN, day, in_force};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which legal mention a text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentionKey {
    /// Franchise en base: no VAT charged.
    Franchise,
    /// Reverse charge: the buyer owes the VAT.
    Autoliquidation,
    /// Late-payment penalties, due without reminder.
    LatePenalty,
    /// The 40 € fixed recovery indemnity.
    RecoveryIndemnity,
    /// No discount for early payment.
    NoEarlyPaymentDiscount,
    /// Option to pay VAT on debits.
    DebitsOption,
    /// Validity of a quote and "Bon pour accord".
    QuoteAcceptance,
}

/// One wording of a mention, in force during a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionText {
    /// Which mention.
    pub key: MentionKey,
    /// The wording printed on documents.
    pub text: &'static str,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, `None` while in force.
    pub valid_to: Option<NaiveDate>,
    /// Text that imposes it.
    pub source: &'static str,
}

/// The mention texts. CGI 293 B is abrogated by ordonnance 2025-1247 in favour of the CIBS
/// (entry into force reported as 1 January 2027, wording not yet published: **VERIFY**); when
/// the new wording is known, close this entry and add the CIBS one.
pub const TEXTS: &[MentionText] = &[
    MentionText {
        key: MentionKey::Franchise,
        text: "TVA non applicable, art. 293 B du CGI",
        valid_from: ORIGIN,
        valid_to: None,
        source: "CGI art. 293 E; BOI-TVA-DECLA-40-10-20",
    },
    MentionText {
        key: MentionKey::Autoliquidation,
        text: "Autoliquidation",
        valid_from: ORIGIN,
        valid_to: None,
        source: "CGI ann. II art. 242 nonies A, I-13°",
    },
    MentionText {
        key: MentionKey::LatePenalty,
        text: "En cas de retard de paiement, des pénalités sont exigibles dès le lendemain de la date d'échéance, sans qu'un rappel soit nécessaire, {rate}.",
        valid_from: ORIGIN,
        valid_to: None,
        source: "C. com. L441-9 I, L441-10 II",
    },
    MentionText {
        key: MentionKey::RecoveryIndemnity,
        text: "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40 €.",
        valid_from: day(2013, 1, 1),
        valid_to: None,
        source: "C. com. L441-10 II, D441-5 (décret 2012-1115)",
    },
    MentionText {
        key: MentionKey::NoEarlyPaymentDiscount,
        text: "Pas d'escompte pour paiement anticipé.",
        valid_from: ORIGIN,
        valid_to: None,
        source: "C. com. L441-9 I",
    },
    MentionText {
        key: MentionKey::DebitsOption,
        text: "Option pour le paiement de la taxe d'après les débits",
        valid_from: ORIGIN,
        valid_to: None,
        source: "CGI ann. II art. 242 nonies A, I-11° bis",
    },
    MentionText {
        key: MentionKey::QuoteAcceptance,
        text: "Bon pour accord",
        valid_from: ORIGIN,
        valid_to: None,
        source: "usage; arrêté du 24 janvier 2017 for home repairs",
    },
];

/// The wording of `key` in force on `date`, or the latest known wording if none is dated for it.
pub fn text(key: MentionKey, date: NaiveDate) -> &'static str {
    entry(key, date).map_or("", |e| e.text)
}

/// The dated entry of `key` in force on `date` (falls back to the newest entry of that key).
pub fn entry(key: MentionKey, date: NaiveDate) -> Option<&'static MentionText> {
    in_force(TEXTS, key, date)
}

impl Dated for MentionText {
    type Key = MentionKey;
    fn key(&self) -> MentionKey {
        self.key
    }
    fn valid_from(&self) -> NaiveDate {
        self.valid_from
    }
    fn valid_to(&self) -> Option<NaiveDate> {
        self.valid_to
    }
}

/// A mention computed for one document: the text to print and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LegalMention {
    /// Which mention.
    pub key: MentionKey,
    /// The text to print.
    pub text: String,
    /// The legal source.
    pub source: String,
}

/// Builds the mention `key` in force on `date`, with `{rate}` replaced when present.
pub fn mention(key: MentionKey, date: NaiveDate, rate: Option<&str>) -> LegalMention {
    let e = entry(key, date);
    let raw = e.map_or("", |e| e.text);
    let text = match rate {
        Some(r) => raw.replace("{rate}", r),
        None => raw.to_owned(),
    };
    LegalMention { key, text, source: e.map_or("", |e| e.source).to_owned() }
}

#[cfg(test)]
mod tests;
