//! The render data of a consumer's information letter before tacit renewal (loi Chatel, C.
//! conso L215-1): what `templates/chatel-letter.typ` receives as `/data.json`.
//!
//! The letter comes from the core ([`facturier_core::chatel_letter`]): the window and the
//! refusal deadline checked against the contract, and its French sentences — dated wording with
//! the articles they restate, values filled in, cut into bold and plain runs. Nothing is worded
//! here but the labels of the layout: the deadline is printed in a visible box (encadré
//! apparent, L215-1 al. 1), the restated article in small print, the sources at the end.

use facturier_core::contracts::chatel::ChatelKey;
use facturier_core::contracts::{ChatelLetter, LetterParagraph};
use facturier_core::presentation::{self as format, NBSP};
use serde::{Deserialize, Serialize};

use crate::doc::{BrandingData, Field, Meta, Party, SCHEMA_VERSION, buyer_party, seller_party};
use crate::error::PdfError;
use crate::letters::{Paragraph, Run};
use crate::reminder::{Signature, place_date};

/// The data `templates/chatel-letter.typ` receives, every value a ready-to-print string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatelDoc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `chatel_letter`.
    pub document: String,
    /// "Information sur la reconduction de votre contrat".
    pub title: String,
    /// The contract's reference.
    pub number: String,
    /// PDF metadata.
    pub meta: Meta,
    /// Right part of the running header from page 2.
    pub running: String,
    /// The letter's date, `02/03/2026`.
    pub letter_date: String,
    /// `Lyon, le 02/03/2026`.
    pub place_date: String,
    /// The sender: the professional.
    pub seller: Party,
    /// The addressee: the consumer or non-professional.
    pub recipient: Party,
    /// Contract, current period, renewal date.
    pub references: Vec<Field>,
    /// The subject line, "Objet : …", printed bold.
    pub subject: Paragraph,
    /// "Madame, Monsieur,".
    pub salutation: String,
    /// The contract, its term and its renewal.
    pub body: Vec<Paragraph>,
    /// The deadline in its visible box.
    pub deadline_box: DeadlineBox,
    /// How to refuse, online termination, indexation, otherwise.
    pub after_box: Vec<Paragraph>,
    /// The closing formula.
    pub closing: Vec<Paragraph>,
    /// The article restated, in small print.
    pub law: Option<Paragraph>,
    /// The signature zone.
    pub signature: Signature,
    /// The law the letter restates, one entry per text.
    pub sources: Vec<String>,
    /// Fixed labels.
    pub labels: ChatelLabels,
    /// Branding: colour, footer, logo path.
    pub branding: BrandingData,
}

/// The refusal deadline in its box (encadré apparent, C. conso L215-1 al. 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineBox {
    /// "Date limite pour refuser la reconduction".
    pub title: String,
    /// The deadline, `31/05/2026`.
    pub date: String,
    /// The core's sentence stating it.
    pub paragraph: Paragraph,
}

/// Fixed labels of a Chatel letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatelLabels {
    /// "Page".
    pub page: String,
    /// "Textes de référence".
    pub sources: String,
}

impl Default for ChatelLabels {
    fn default() -> Self {
        ChatelLabels { page: "Page".into(), sources: "Textes de référence".into() }
    }
}

/// The core's paragraph as the templates take it: its runs, bold or plain.
fn paragraph(p: &LetterParagraph) -> Paragraph {
    let runs: Vec<Run> = p.runs.iter().map(|r| Run { text: r.text.clone(), strong: r.strong }).collect();
    Paragraph { text: runs.iter().map(|r| r.text.as_str()).collect(), runs }
}

/// The render data of a Chatel letter.
pub(crate) fn chatel_doc(letter: &ChatelLetter, branding: BrandingData) -> Result<ChatelDoc, PdfError> {
    let find = |k: ChatelKey| letter.paragraphs.iter().find(|p| p.key == k);
    let missing = |k: ChatelKey| crate::error::internal(format!("the Chatel letter has no {k:?} sentence"));
    let subject = find(ChatelKey::Subject).map(paragraph).ok_or_else(|| missing(ChatelKey::Subject))?;
    let boxed = find(ChatelKey::DeadlineBox).map(paragraph).ok_or_else(|| missing(ChatelKey::DeadlineBox))?;
    let of = |keys: &[ChatelKey]| -> Vec<Paragraph> { letter.paragraphs.iter().filter(|p| keys.contains(&p.key)).map(paragraph).collect() };
    let body = of(&[ChatelKey::Intro, ChatelKey::RenewalTerm]);
    let after_box = of(&[ChatelKey::HowToRefuse, ChatelKey::HowToTerminateOnline, ChatelKey::Indexation, ChatelKey::Otherwise]);
    let closing = of(&[ChatelKey::Closing]);
    let known = [
        ChatelKey::Subject,
        ChatelKey::Intro,
        ChatelKey::RenewalTerm,
        ChatelKey::DeadlineBox,
        ChatelKey::HowToRefuse,
        ChatelKey::HowToTerminateOnline,
        ChatelKey::Indexation,
        ChatelKey::Otherwise,
        ChatelKey::LawReminder,
        ChatelKey::Closing,
    ];
    // a sentence the core grew and this layout does not place: a bug here, never a letter
    // missing a sentence
    if let Some(p) = letter.paragraphs.iter().find(|p| !known.contains(&p.key)) {
        return Err(missing(p.key));
    }
    let mut sources: Vec<String> = Vec::new();
    for s in letter.paragraphs.iter().flat_map(|p| &p.sources) {
        if !sources.contains(s) {
            sources.push(s.clone());
        }
    }
    let seller = seller_party(&letter.seller);
    let number = letter.contract_id.clone();
    let date = format::date(letter.letter_date);
    let term = match letter.term.to {
        Some(to) => format!("du {} au {}", format::date(letter.term.from), format::date(to)),
        None => format!("depuis le {}", format::date(letter.term.from)),
    };
    let title = "Information sur la reconduction de votre contrat".to_owned();
    Ok(ChatelDoc {
        schema_version: SCHEMA_VERSION,
        document: "chatel_letter".into(),
        meta: Meta {
            title: format!("{title} N°{NBSP}{number} — {date}"),
            author: seller.name.clone(),
            lang: "fr".into(),
            creator: crate::creator(),
        },
        running: format!("Reconduction du contrat N°{NBSP}{number} — {date}"),
        title,
        number: number.clone(),
        letter_date: date,
        place_date: place_date(&letter.seller.address.city, letter.letter_date),
        signature: Signature { on_behalf: format!("Pour {},", seller.name), hint: "Nom, qualité et signature".into() },
        seller,
        recipient: buyer_party(&letter.buyer),
        references: vec![
            Field { label: "Contrat".into(), value: number },
            Field { label: "Période en cours".into(), value: term },
            Field { label: "Date de reconduction".into(), value: format::date(letter.window.renewal_date) },
        ],
        subject,
        salutation: "Madame, Monsieur,".into(),
        body,
        deadline_box: DeadlineBox {
            title: "Date limite pour refuser la reconduction".into(),
            date: format::date(letter.window.refusal_deadline),
            paragraph: boxed,
        },
        after_box,
        closing,
        law: find(ChatelKey::LawReminder).map(paragraph),
        sources,
        labels: ChatelLabels::default(),
        branding,
    })
}
