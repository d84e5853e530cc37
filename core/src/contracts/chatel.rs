//! Consumers and non-professionals: the information letter before tacit renewal (loi Chatel,
//! C. conso L215-1 to L215-3), its window, the consequence of missing it, and the letter's
//! checked data and French wording as dated texts with their sources.
//!
//! # The law applied
//!
//! - **L215-1 al. 1**: for service contracts of fixed duration with a tacit-renewal clause, the
//!   professional informs the consumer in writing (nominative letter or dedicated e-mail) **no
//!   earlier than three months and no later than one month before the end of the period for
//!   refusing renewal**, in clear terms, with the **deadline in a visible box** (encadré
//!   apparent). Here: the window runs from `refusal_deadline − 3 months` to
//!   `refusal_deadline − 1 month`, both included ([`window`]).
//! - **L215-1 al. 2-3**: without that information, the consumer may terminate **free of charge,
//!   at any time from the renewal date**; advances paid after the last renewal are refunded
//!   within **thirty days** of the termination, less the service performed
//!   ([`free_termination_since`]; [`crate::contracts::termination::earliest_end`]).
//! - **L215-3**: the same protection for non-professionals (e.g. a syndicat de copropriété); the
//!   buyer kind `consumer` covers both ([`crate::party::BuyerKind::Consumer`]).
//! - **L215-1-1** (since 1 June 2023, loi 2022-1158; D215-1 to D215-3, décret 2023-417): a
//!   contract concluded electronically can be terminated electronically, through a free,
//!   easily reached function ("résilier votre contrat"); the letter gives its address.
//! - Businesses are not protected by L215-1 (Cass. com. 3 December 2013, n° 12-26.416): their
//!   alerts are practice ([`crate::contracts::renewal`]).
//!
//! Reading chosen where the text is open: the right to free termination arises at the renewal
//! that followed a missed letter and lasts through the term that renewal opened; a letter sent
//! after the window closed but before the deadline is recorded as late and does not prevent it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::renewal_on;
use crate::contracts::calendar::{next_day, sub_months};
use crate::contracts::contract::{Contract, RenewalTerm, Term, require_valid};
use crate::contracts::renewal::{TermSpan, term_on, terms};
use crate::dated::{Dated, day, in_force};
use crate::error::{CoreError, Result, declare_rules};
use crate::line::SupplyKind;
use crate::party::{Buyer, Seller};

declare_rules! { RULES;
    /// The Chatel letter concerns a consumer's or non-professional's service contract of fixed
    /// term with a tacit-renewal clause, not terminated.
    CHATEL_NOT_APPLICABLE = "chatel.not_applicable", "C. conso L215-1, L215-3 (fixed-term service contracts with tacit renewal, consumers and non-professionals)";
    /// The letter is sent no earlier than three months before the refusal deadline.
    CHATEL_TOO_EARLY = "chatel.letter.too_early", "C. conso L215-1 al. 1 (au plus tôt trois mois avant le terme de la période autorisant le rejet de la reconduction)";
    /// A letter after the refusal deadline informs of nothing that can still be done.
    CHATEL_TOO_LATE = "chatel.letter.after_deadline", "C. conso L215-1 al. 1-2 (after the deadline, the consumer may terminate free of charge from the renewal)";
    /// A contract concluded electronically gives the address of its online termination function.
    CHATEL_ONLINE = "chatel.termination_url.missing", "C. conso L215-1-1; D215-1 to D215-3 (résiliation en ligne, « résilier votre contrat »)";
}

/// Where a contract's Chatel information stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChatelState {
    /// The window has not opened.
    NotYetOpen,
    /// The window is open and no letter is recorded: send it now.
    Open,
    /// A letter was sent within the window.
    Sent,
    /// A letter was sent after the window closed: too late (L215-1 al. 2 applies).
    SentLate,
    /// The window closed without a letter.
    Missed,
}

/// The Chatel information window of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChatelWindow {
    /// First day the letter may be sent (deadline − 3 months).
    pub opens: NaiveDate,
    /// Last day the letter may be sent (deadline − 1 month).
    pub closes: NaiveDate,
    /// The refusal deadline the letter announces in its box.
    pub refusal_deadline: NaiveDate,
    /// The renewal date (the next term's first day).
    pub renewal_date: NaiveDate,
    /// The letter recorded for this term, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_sent_on: Option<NaiveDate>,
    /// Where it stands.
    pub state: ChatelState,
}

/// True when L215-1 protects this contract's renewal at the end of `term`.
fn applies(c: &Contract, term: &TermSpan) -> Option<NaiveDate> {
    let end = term.to?;
    let services = c.lines.iter().any(|l| l.supply == SupplyKind::Services);
    let terminated = c.termination.as_ref().is_some_and(|t| t.effective <= end);
    (c.is_consumer() && services && !terminated && renewal_on(c, end).tacit).then_some(end)
}

/// The Chatel window of `term` on `as_of`, when L215-1 applies to its renewal.
pub fn window(c: &Contract, term: &TermSpan, as_of: NaiveDate) -> Option<ChatelWindow> {
    let end = applies(c, term)?;
    let deadline = renewal_on(c, end).notice.deadline(end);
    let opens = sub_months(deadline, 3);
    let closes = sub_months(deadline, 1);
    let in_window = c.chatel_letters.iter().map(|l| l.sent_on).filter(|d| opens <= *d && *d <= closes).min();
    let late = c.chatel_letters.iter().map(|l| l.sent_on).filter(|d| closes < *d && *d <= deadline).min();
    let (letter_sent_on, state) = match (in_window, late) {
        (Some(d), _) => (Some(d), ChatelState::Sent),
        (None, Some(d)) => (Some(d), ChatelState::SentLate),
        (None, None) if as_of < opens => (None, ChatelState::NotYetOpen),
        (None, None) if as_of <= closes => (None, ChatelState::Open),
        (None, None) => (None, ChatelState::Missed),
    };
    Some(ChatelWindow { opens, closes, refusal_deadline: deadline, renewal_date: next_day(end), letter_sent_on, state })
}

/// The day since which the consumer may terminate free of charge (C. conso L215-1 al. 2): the
/// first day of `current`, when the term before it renewed without a letter in time.
pub fn free_termination_since(c: &Contract, current: Option<&TermSpan>) -> Option<NaiveDate> {
    let current = current?;
    let previous = terms(c).nth(current.number.checked_sub(1)? as usize)?;
    let w = window(c, &previous, current.from)?;
    matches!(w.state, ChatelState::Missed | ChatelState::SentLate).then_some(current.from)
}

/// A sentence of the Chatel letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatelKey {
    /// The subject line.
    Subject,
    /// The contract, its term and its tacit renewal.
    Intro,
    /// The next term's length.
    RenewalTerm,
    /// The boxed deadline (encadré apparent).
    DeadlineBox,
    /// How to refuse the renewal in writing.
    HowToRefuse,
    /// The online termination function, for contracts concluded electronically.
    HowToTerminateOnline,
    /// Prices will be revised by the indexation clause.
    Indexation,
    /// Without a refusal, the contract continues.
    Otherwise,
    /// Small print: the article restated.
    LawReminder,
    /// Closing formula.
    Closing,
}

/// One wording, in force during a period, with the articles it restates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatelText {
    /// Which sentence.
    pub key: ChatelKey,
    /// The wording, with `{placeholders}` and `**bold**`.
    pub text: &'static str,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, `None` while in force.
    pub valid_to: Option<NaiveDate>,
    /// The articles restated; empty for plain courtesy.
    pub sources: &'static [&'static str],
}

impl Dated for ChatelText {
    type Key = ChatelKey;
    fn key(&self) -> ChatelKey {
        self.key
    }
    fn valid_from(&self) -> NaiveDate {
        self.valid_from
    }
    fn valid_to(&self) -> Option<NaiveDate> {
        self.valid_to
    }
}

/// Ordonnance 2016-301: the Code de la consommation renumbered, L136-1 becomes L215-1.
const CONSUMER_CODE_2016: NaiveDate = day(2016, 7, 1);
/// Loi 2022-1158 art. 15 and décret 2023-417: online termination ("3 clics").
const ONLINE_TERMINATION: NaiveDate = day(2023, 6, 1);

/// C. conso L215-1 al. 1: the information letter.
pub const SRC_L215_1: &str = "C. conso L215-1 al. 1 (information écrite, au plus tôt trois mois et au plus tard un mois avant le terme de la période autorisant le rejet de la reconduction ; date limite dans un encadré apparent)";
/// C. conso L215-1 al. 2-3: free termination when the letter is missing.
pub const SRC_L215_1_SANCTION: &str = "C. conso L215-1 al. 2 et 3 (à défaut d'information, résiliation gratuite à tout moment à compter de la date de reconduction ; avances remboursées dans les trente jours)";
/// C. conso L215-3: non-professionals.
pub const SRC_L215_3: &str = "C. conso L215-3 (dispositions applicables aux non-professionnels)";
/// C. conso L215-1-1, D215-1 ff.: online termination.
pub const SRC_L215_1_1: &str =
    "C. conso L215-1-1 ; D215-1 à D215-3 (résiliation par voie électronique, fonctionnalité « résilier votre contrat »)";
/// C. civ. 1214-1215: the renewed contract.
pub const SRC_CIV_1214: &str = "C. civ. 1214 et 1215 (la reconduction tacite produit les effets du renouvellement)";
/// C. mon. fin. L112-1: indexation clauses.
pub const SRC_L112_1: &str = "C. mon. fin. L112-1 (clause d'indexation)";

const fn text(key: ChatelKey, text: &'static str, valid_from: NaiveDate, sources: &'static [&'static str]) -> ChatelText {
    ChatelText { key, text, valid_from, valid_to: None, sources }
}

/// The texts of the Chatel letter.
pub const TEXTS: &[ChatelText] = &[
    text(
        ChatelKey::Subject,
        "Objet : reconduction de votre contrat N° {contract} — information préalable",
        CONSUMER_CODE_2016,
        &[SRC_L215_1],
    ),
    text(
        ChatelKey::Intro,
        "Votre contrat N° {contract} ({description}), en cours depuis le {start}, arrive au terme de sa période en cours le **{term_end}**. Il comporte une clause de reconduction tacite : sauf opposition de votre part, il sera reconduit le {renewal_date}.",
        CONSUMER_CODE_2016,
        &[SRC_L215_1, SRC_CIV_1214],
    ),
    text(
        ChatelKey::RenewalTerm,
        "La reconduction vaut pour {renewal_term}, aux conditions de votre contrat.",
        CONSUMER_CODE_2016,
        &[SRC_CIV_1214],
    ),
    text(
        ChatelKey::DeadlineBox,
        "Vous pouvez vous opposer à la reconduction de votre contrat jusqu'au **{deadline}** inclus (date limite de non-reconduction).",
        CONSUMER_CODE_2016,
        &[SRC_L215_1, SRC_L215_3],
    ),
    text(
        ChatelKey::HowToRefuse,
        "Pour ne pas reconduire votre contrat, il vous suffit de nous en informer par écrit au plus tard à cette date, en rappelant la référence {contract} : par courrier à {seller}, {address}{email_part}.",
        CONSUMER_CODE_2016,
        &[SRC_L215_1],
    ),
    text(
        ChatelKey::HowToTerminateOnline,
        "Votre contrat ayant été conclu par voie électronique, vous pouvez aussi le résilier en ligne, gratuitement, au moyen de la fonctionnalité « résilier votre contrat » accessible à l'adresse {termination_url}. Nous vous confirmerons sur un support durable la date à laquelle le contrat prend fin.",
        ONLINE_TERMINATION,
        &[SRC_L215_1_1],
    ),
    text(
        ChatelKey::Indexation,
        "À la reconduction, les prix seront révisés selon la clause d'indexation de votre contrat (indice {index}).",
        CONSUMER_CODE_2016,
        &[SRC_L112_1],
    ),
    text(
        ChatelKey::Otherwise,
        "Sans opposition de votre part à cette date, votre contrat se poursuivra sans autre formalité.",
        CONSUMER_CODE_2016,
        &[SRC_CIV_1214],
    ),
    text(
        ChatelKey::LawReminder,
        "Article L215-1 du Code de la consommation : lorsque cette information ne lui a pas été adressée au plus tôt trois mois et au plus tard un mois avant le terme de la période autorisant le rejet de la reconduction, le consommateur peut mettre gratuitement un terme au contrat, à tout moment à compter de la date de reconduction ; les avances effectuées après la dernière date de reconduction lui sont alors remboursées dans un délai de trente jours à compter de la date de résiliation, déduction faite des sommes correspondant, jusqu'à celle-ci, à l'exécution du contrat.",
        CONSUMER_CODE_2016,
        &[SRC_L215_1_SANCTION, SRC_L215_3],
    ),
    text(
        ChatelKey::Closing,
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        CONSUMER_CODE_2016,
        &[],
    ),
];

/// The entry of `key` in force on `date`, or the newest entry of that key.
pub fn entry(key: ChatelKey, date: NaiveDate) -> Option<&'static ChatelText> {
    in_force(TEXTS, key, date)
}

/// One sentence of a letter, filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LetterParagraph {
    /// Which sentence.
    pub key: ChatelKey,
    /// The text, values filled in, `**bold**` kept for the renderer.
    pub text: String,
    /// The articles it restates.
    pub sources: Vec<String>,
}

/// The Chatel information letter of a contract: checked facts and its French sentences, ready
/// for a template (the deadline goes in a visible box: [`ChatelKey::DeadlineBox`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChatelLetter {
    /// The contract.
    pub contract_id: String,
    /// The sender.
    pub seller: Seller,
    /// The addressee.
    pub buyer: Buyer,
    /// The letter's date (day sent).
    pub letter_date: NaiveDate,
    /// The term ending.
    pub term: TermSpan,
    /// The window and the deadline.
    pub window: ChatelWindow,
    /// Sent after the window closed (the consumer may then terminate free from the renewal).
    pub late: bool,
    /// The online termination address (contracts concluded electronically).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_url: Option<String>,
    /// The sentences, in order.
    pub paragraphs: Vec<LetterParagraph>,
}

/// "12 mois", "une durée indéterminée".
fn renewal_term_words(c: &Contract, term: RenewalTerm) -> String {
    let months = match term {
        RenewalTerm::SameAsFirst => match c.first_term {
            Term::Months(n) => Some(n),
            Term::Indefinite => None,
        },
        RenewalTerm::Months(n) => Some(n),
        RenewalTerm::Indefinite => None,
    };
    match months {
        Some(n) if n % 12 == 0 && n >= 24 => format!("une durée de {} ans", n / 12),
        Some(12) => "une durée d'un an".to_owned(),
        Some(n) => format!("une durée de {n} mois"),
        None => "une durée indéterminée (vous pourrez alors y mettre fin à tout moment, moyennant le préavis prévu)".to_owned(),
    }
}

/// The Chatel letter of `contract`, sent by `seller` on `letter_date`, for the term running on
/// that date.
///
/// Refused with [`CoreError::Refused`]: not applicable (`chatel.not_applicable`: a business
/// buyer, no tacit clause, an indefinite term, a terminated contract, goods only), before the
/// window opens (`chatel.letter.too_early`, naming the day it opens), after the refusal deadline
/// (`chatel.letter.after_deadline`), or an online contract without its termination address
/// (`chatel.termination_url.missing`). A letter after the window closes is allowed and marked
/// `late`.
pub fn chatel_letter(contract: &Contract, seller: &Seller, letter_date: NaiveDate) -> Result<ChatelLetter> {
    require_valid(contract)?;
    let term = term_on(contract, letter_date).or_else(|| (letter_date < contract.start).then(|| terms(contract).next()).flatten());
    let not_applicable = || CHATEL_NOT_APPLICABLE.refuse("", "L215-1 does not apply to this contract's renewal on that date");
    let term = term.ok_or_else(not_applicable)?;
    let window = window(contract, &term, letter_date).ok_or_else(not_applicable)?;
    if letter_date < window.opens {
        return Err(CHATEL_TOO_EARLY.refuse("letter_date", format!("the letter may be sent from {}", window.opens)));
    }
    if letter_date > window.refusal_deadline {
        return Err(CHATEL_TOO_LATE.refuse("letter_date", format!("the refusal deadline was {}", window.refusal_deadline)));
    }
    if contract.concluded_online && contract.termination_url.as_deref().is_none_or(|u| u.trim().is_empty()) {
        return Err(
            CHATEL_ONLINE.refuse("termination_url", "a contract concluded electronically can be terminated online: give the address")
        );
    }
    let end = window.renewal_date.pred_opt().unwrap_or(window.renewal_date);
    let clause = renewal_on(contract, end);
    let p = crate::presentation::date;
    let description = contract.lines.first().map_or_else(String::new, |l| l.description.clone());
    let address = {
        let a = &seller.address;
        let mut s = a.line1.clone();
        if let Some(l2) = &a.line2 {
            s.push_str(", ");
            s.push_str(l2);
        }
        format!("{s}, {} {}", a.postal_code, a.city)
    };
    let email_part = seller.email.as_ref().map_or_else(String::new, |e| format!(", ou par courriel dédié à {e}"));
    let index = contract.indexation.as_ref().map_or_else(String::new, |x| x.index.clone());
    let vars: [(&str, String); 12] = [
        ("contract", contract.id.clone()),
        ("description", description),
        ("start", p(contract.start)),
        ("term_end", p(end)),
        ("renewal_date", p(window.renewal_date)),
        ("renewal_term", renewal_term_words(contract, clause.term)),
        ("deadline", p(window.refusal_deadline)),
        ("seller", seller.display_name()),
        ("address", address),
        ("email_part", email_part),
        ("termination_url", contract.termination_url.clone().unwrap_or_default()),
        ("index", index),
    ];
    let mut keys = vec![ChatelKey::Subject, ChatelKey::Intro, ChatelKey::RenewalTerm, ChatelKey::DeadlineBox, ChatelKey::HowToRefuse];
    if contract.concluded_online && letter_date >= ONLINE_TERMINATION {
        keys.push(ChatelKey::HowToTerminateOnline);
    }
    if contract.indexation.is_some() {
        keys.push(ChatelKey::Indexation);
    }
    keys.extend([ChatelKey::Otherwise, ChatelKey::LawReminder, ChatelKey::Closing]);
    let mut paragraphs = Vec::with_capacity(keys.len());
    for key in keys {
        let e = entry(key, letter_date).ok_or_else(|| CoreError::internal("chatel", format!("no text for {key:?}")))?;
        let mut text = e.text.to_owned();
        for (name, value) in &vars {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        paragraphs.push(LetterParagraph { key, text, sources: e.sources.iter().map(|s| (*s).to_owned()).collect() });
    }
    Ok(ChatelLetter {
        contract_id: contract.id.clone(),
        seller: seller.clone(),
        buyer: contract.buyer.clone(),
        letter_date,
        term,
        window,
        late: letter_date > window.closes,
        termination_url: contract.termination_url.clone().filter(|_| contract.concluded_online),
        paragraphs,
    })
}

#[cfg(test)]
mod tests;
