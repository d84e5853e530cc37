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
    /// Exemption of an intra-EU supply of goods (category K).
    IntraEuSupply,
    /// Exemption of an export of goods outside the EU (category G).
    Export,
    /// A service outside the scope of French VAT (category O).
    OutOfScope,
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

/// The day the VAT articles of the CGI cited by the mentions (293 B, 262 ter I, 262 I) move to
/// the code des impositions sur les biens et services (CIBS), by ordonnance 2025-1247.
///
/// **[VERIFY]** The date is not settled in our sources: a third-party note reports the entry into
/// force deferred to 1 January 2027 by ordonnance 2026-671 (shared/spec/domain.md §1.4, L11d).
/// It is data: the entries of [`TEXTS`] end the day before and the CIBS-era entries start on it;
/// if the date moves, change it here and the tests of `texts` say which documents change.
pub const CIBS_FROM: NaiveDate = day(2027, 1, 1);

/// The last day of the CGI wordings.
const CGI_UNTIL: NaiveDate = day(2026, 12, 31);

/// The mention texts, each in force between two dates and citing its source.
///
/// From [`CIBS_FROM`], the exemption mentions cite the article of Directive 2006/112 the CIBS
/// transposes rather than a CGI article that no longer exists: 242 nonies A, I-12° allows "la
/// référence à la disposition pertinente du CGI ou à la disposition correspondante de la
/// directive 2006/112/CE, ou à toute autre mention indiquant que l'opération bénéficie d'une
/// mesure d'exonération". **[VERIFY]** the CIBS wording once published: a host prints it without
/// waiting for a release by giving its own exemption reason for the category on the draft
/// (`exemptions`; for the franchise, category E), which the mentions honour.
pub const TEXTS: &[MentionText] = &[
    MentionText {
        key: MentionKey::Franchise,
        text: "TVA non applicable, art. 293 B du CGI",
        valid_from: ORIGIN,
        valid_to: Some(CGI_UNTIL),
        source: "CGI art. 293 E; BOI-TVA-DECLA-40-10-20",
    },
    MentionText {
        key: MentionKey::Franchise,
        text: "TVA non applicable, franchise en base (art. 284 de la directive 2006/112/CE)",
        valid_from: CIBS_FROM,
        valid_to: None,
        source: "CIBS (ordonnance 2025-1247) [VERIFY wording]; Directive 2006/112 art. 284; CGI ann. II art. 242 nonies A, I-12°",
    },
    MentionText {
        key: MentionKey::IntraEuSupply,
        text: "Exonération de TVA, art. 262 ter I du CGI",
        valid_from: ORIGIN,
        valid_to: Some(CGI_UNTIL),
        source: "CGI art. 262 ter I; CGI ann. II art. 242 nonies A, I-12°",
    },
    MentionText {
        key: MentionKey::IntraEuSupply,
        text: "Exonération de TVA, art. 138 de la directive 2006/112/CE",
        valid_from: CIBS_FROM,
        valid_to: None,
        source: "CIBS (ordonnance 2025-1247) [VERIFY wording]; Directive 2006/112 art. 138; CGI ann. II art. 242 nonies A, I-12°",
    },
    MentionText {
        key: MentionKey::Export,
        text: "Exonération de TVA, art. 262 I du CGI",
        valid_from: ORIGIN,
        valid_to: Some(CGI_UNTIL),
        source: "CGI art. 262 I; CGI ann. II art. 242 nonies A, I-12°",
    },
    MentionText {
        key: MentionKey::Export,
        text: "Exonération de TVA, art. 146 de la directive 2006/112/CE",
        valid_from: CIBS_FROM,
        valid_to: None,
        source: "CIBS (ordonnance 2025-1247) [VERIFY wording]; Directive 2006/112 art. 146; CGI ann. II art. 242 nonies A, I-12°",
    },
    MentionText {
        key: MentionKey::OutOfScope,
        text: "Hors champ d'application de la TVA",
        valid_from: ORIGIN,
        valid_to: None,
        source: "Directive 2006/112 art. 44, 196 (services taxed where the customer is established)",
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
