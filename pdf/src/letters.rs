//! Letter wording filled in for the templates: the dated texts of
//! [`facturier_core::receivables::letters`] cut into runs (bold or plain), with their values
//! substituted and French typography applied. Values are inserted after the text is split on
//! `**`, so a value never turns bold or plain whatever it contains; a space before `:` or `;`
//! becomes a no-break space, and so does the one after `N°`.

use facturier_core::NaiveDate;
pub(crate) use facturier_core::receivables::letters::{LetterKey, USAGE, entry, interest_sources};
use serde::{Deserialize, Serialize};

/// A piece of a paragraph: plain or bold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Printed bold.
    pub strong: bool,
}

/// A paragraph: its plain text and its runs (bold or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The whole paragraph as plain text.
    pub text: String,
    /// The same text cut into runs, for templates that print bold parts.
    pub runs: Vec<Run>,
}

impl Paragraph {
    /// A paragraph of plain text (user text, e.g.).
    pub fn plain(text: impl Into<String>) -> Paragraph {
        let text = text.into();
        Paragraph { runs: vec![Run { text: text.clone(), strong: false }], text }
    }
}

/// French typography on a fixed text: no-break spaces before `:` and `;` and after `N°`.
fn typography(s: &str) -> String {
    s.replace(" :", "\u{a0}:").replace(" ;", "\u{a0};").replace("N° ", "N°\u{a0}")
}

/// Replaces every `{name}` of `s` by its value in `vars`; unknown names stay as they are.
fn substitute(s: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(s.len() + 32);
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let (before, from_open) = rest.split_at(open);
        out.push_str(before);
        let name_end = from_open.find('}');
        let value = name_end.and_then(|end| from_open.get(1..end)).and_then(|name| vars.iter().find(|(n, _)| *n == name));
        match (value, name_end) {
            (Some((_, v)), Some(end)) => {
                out.push_str(v);
                rest = from_open.get(end + 1..).unwrap_or("");
            }
            _ => {
                out.push('{');
                rest = from_open.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// The paragraph of `key` in force on `date`, filled with `vars`, and the articles it restates.
pub(crate) fn paragraph(key: LetterKey, date: NaiveDate, vars: &[(&str, &str)]) -> (Paragraph, &'static [&'static str]) {
    let Some(e) = entry(key, date) else { return (Paragraph::plain(""), USAGE) };
    let fixed = typography(e.text);
    let runs: Vec<Run> = fixed
        .split("**")
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| Run { text: substitute(part, vars), strong: i % 2 == 1 })
        .collect();
    let text = runs.iter().map(|r| r.text.as_str()).collect();
    (Paragraph { text, runs }, e.sources)
}

/// The sentence of `key` in force on `date` as plain text, filled with `vars`.
pub(crate) fn sentence(key: LetterKey, date: NaiveDate, vars: &[(&str, &str)]) -> String {
    paragraph(key, date, vars).0.text
}

#[cfg(test)]
mod tests {
    use super::*;
    use facturier_core::dated::day;
    use facturier_core::receivables::letters::{SRC_CIV_1344, SRC_D2192_35, TEXTS};

    const ALL: [LetterKey; 34] = [
        LetterKey::CourteousBeforeDue,
        LetterKey::CourteousAfterDue,
        LetterKey::PartlySettled,
        LetterKey::CourteousRequestBeforeDue,
        LetterKey::CourteousRequestAfterDue,
        LetterKey::OverdueFacts,
        LetterKey::FirmRequest,
        LetterKey::PenaltiesBusiness,
        LetterKey::PenaltiesPublic,
        LetterKey::ConsumerNoPenalties,
        LetterKey::ConsumerInterestRuns,
        LetterKey::FormalDemand,
        LetterKey::FormalDemandFromReceipt,
        LetterKey::FormalNoticeEffect,
        LetterKey::FormalNoticeEffectPublic,
        LetterKey::FormalPenaltiesBusiness,
        LetterKey::FormalPenaltiesPublic,
        LetterKey::FormalConsumerInterest,
        LetterKey::FormalConsequence,
        LetterKey::FormalConsequencePublic,
        LetterKey::ClaimIntroFirm,
        LetterKey::ClaimIntroFormal,
        LetterKey::PaymentByTransfer,
        LetterKey::PaymentReference,
        LetterKey::AlreadyPaid,
        LetterKey::ClosingCourteous,
        LetterKey::ClosingFirm,
        LetterKey::InterestMethod,
        LetterKey::InterestProvisional,
        LetterKey::StatementIntro,
        LetterKey::StatementBalanceDue,
        LetterKey::StatementBalanceCredit,
        LetterKey::StatementBalanceZero,
        LetterKey::StatementOverdue,
    ];

    const VARS: [(&str, &str); 14] = [
        ("invoice", "F-1"),
        ("invoice_date", "01/01/2026"),
        ("amount", "100,00 €"),
        ("due_date", "31/01/2026"),
        ("outstanding", "100,00 €"),
        ("days_late", "3 jours"),
        ("total", "140,00 €"),
        ("deadline_days", "8 jours"),
        ("deadline", "10/02/2026"),
        ("receipt", "05/02/2026"),
        ("claim_date", "02/02/2026"),
        ("as_of", "02/02/2026"),
        ("balance", "100,00 €"),
        ("seller", "Atelier"),
    ];

    #[test]
    fn every_key_has_one_text_and_every_placeholder_a_value() {
        let today = day(2026, 11, 22);
        for k in ALL {
            assert_eq!(TEXTS.iter().filter(|e| e.key == k).count(), 1, "{k:?}");
            let (p, _) = paragraph(k, today, &VARS);
            assert!(!p.text.is_empty(), "{k:?}");
            assert!(!p.text.contains('{') && !p.text.contains("**"), "{k:?}: {}", p.text);
            assert_eq!(p.text, p.runs.iter().map(|r| r.text.as_str()).collect::<String>());
        }
        assert_eq!(TEXTS.len(), ALL.len());
    }

    #[test]
    fn bold_and_values() {
        let (p, _) = paragraph(LetterKey::FormalDemand, day(2026, 3, 16), &[("total", "**1 458,64 €**"), ("deadline_days", "8 jours")]);
        let strong: Vec<&str> = p.runs.iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect();
        // a value is inserted as is, never parsed for markers
        assert_eq!(strong, ["**1 458,64 €**", "{deadline}"]);
        assert!(p.text.starts_with("Par la présente, nous vous mettons en demeure de nous régler la somme de **1 458,64 €** dans un délai de 8 jours à compter de la date du présent courrier"));
        assert_eq!(substitute("a {x} {y} {", &[("x", "{y}")]), "a {y} {y} {");
        assert_eq!(typography("N° F-1 : a ; b"), "N°\u{a0}F-1\u{a0}: a\u{a0}; b");
    }

    #[test]
    fn dated_texts_fall_back_to_the_newest() {
        // before the 2016 reform there is no dated text: the current one is used
        assert!(entry(LetterKey::FormalNoticeEffect, day(2010, 1, 1)).is_some_and(|e| e.sources.contains(&SRC_CIV_1344)));
        assert!(entry(LetterKey::PenaltiesPublic, day(2026, 1, 1)).is_some_and(|e| e.sources.contains(&SRC_D2192_35)));
    }
}
