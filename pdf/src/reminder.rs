//! The render data of a reminder letter (relance courtoise, relance ferme, mise en demeure):
//! what `templates/reminder.typ` receives as `/data.json`.
//!
//! The letter comes checked from the core ([`facturier_core::ReminderLetter`]): the reminder
//! the receivables report ([`facturier_core::receivables::receivables`]) computed as of its
//! date — what to claim and, for a formal notice, the day to pay by — with the invoice it
//! reminds, which gives the parties and the figures of the document reminded. Nothing is
//! re-checked or defaulted here. The wording is chosen by the reminder's kind and the buyer's
//! interest regime, from the dated texts of [`crate::letters`]; the template only lays it out.

use facturier_core::ReminderLetter;
use facturier_core::presentation::{self as format, NBSP};
use facturier_core::receivables::dunning::{DeadlineStart, ReminderKind};
use facturier_core::receivables::interest::{InterestRegime, InterestResult};
use facturier_core::{BuyerKind, Decimal, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::doc::{BrandingData, Field, Meta, Party, SCHEMA_VERSION, TotalRow, bank_rows, buyer_party, seller_party};
use crate::error::PdfError;
use crate::letters::{self, LetterKey, Paragraph};

/// The data `templates/reminder.typ` receives, every value a ready-to-print string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderDoc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `reminder`.
    pub document: String,
    /// `courteous`, `firm` or `formal_notice`.
    pub kind: ReminderKind,
    /// The level of the dunning schedule (`courteous`, `firm`, `formal_notice` by default).
    pub level: String,
    /// "Relance courtoise", "Relance ferme", "Mise en demeure de payer".
    pub title: String,
    /// The number of the invoice reminded.
    pub number: String,
    /// PDF metadata.
    pub meta: Meta,
    /// Right part of the running header from page 2.
    pub running: String,
    /// The letter's date, `16/03/2026`.
    pub letter_date: String,
    /// Place and date, `Lyon, le 16/03/2026`.
    pub place_date: String,
    /// "Lettre recommandée avec accusé de réception" (formal notice), else null.
    pub registered: Option<String>,
    /// The sender.
    pub seller: Party,
    /// The addressee: the invoice's buyer.
    pub recipient: Party,
    /// References under the addressee: invoice, due date, customer code.
    pub references: Vec<Field>,
    /// The subject line, after "Objet :".
    pub subject: String,
    /// "Madame, Monsieur,".
    pub salutation: String,
    /// Paragraphs before the table of amounts.
    pub body: Vec<Paragraph>,
    /// The amounts claimed (firm reminder and formal notice), else null.
    pub claim: Option<Claim>,
    /// Paragraphs after the table: legal effect, consequence.
    pub after_claim: Vec<Paragraph>,
    /// How to pay, with bank details.
    pub payment: Option<LetterPayment>,
    /// Closing paragraphs, the last one the closing formula.
    pub closing: Vec<Paragraph>,
    /// The signature zone.
    pub signature: Signature,
    /// The law the letter restates, one entry per text, for the small print.
    pub sources: Vec<String>,
    /// Every figure by name, for templates that word their own letter.
    pub facts: ReminderFacts,
    /// Fixed labels.
    pub labels: LetterLabels,
    /// Branding: colour, footer, logo path.
    pub branding: BrandingData,
}

/// The table of amounts claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The sentence before the table.
    pub intro: String,
    /// Rows: outstanding, interest, indemnity (`normal`), total (`due`).
    pub rows: Vec<TotalRow>,
    /// The interest computation, when interest runs.
    pub interest: Option<InterestTable>,
}

/// The interest computation, period by period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestTable {
    /// The periods.
    pub rows: Vec<InterestRow>,
    /// The rounded total: label and value.
    pub total: Field,
    /// How it is computed; whether a rate is provisional.
    pub notes: Vec<String>,
}

/// One period of the interest computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestRow {
    /// `du 05/02/2026 au 16/03/2026`.
    pub period: String,
    /// Days counted, `40`.
    pub days: String,
    /// Amount unpaid during the period.
    pub base: String,
    /// Yearly rate applied, `12,15 %`.
    pub rate: String,
    /// How the rate was obtained, `taux BCE de 2,15 % au 01/01/2026 + 10 points`.
    pub rate_basis: String,
    /// Interest of the period, up to 6 decimals.
    pub amount: String,
}

/// How to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterPayment {
    /// The sentence before the details.
    pub text: String,
    /// Mode, IBAN, BIC, reference to quote.
    pub rows: Vec<Field>,
}

/// The signature zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// `Pour Atelier Numérique,`.
    pub on_behalf: String,
    /// The hint under the space left to sign.
    pub hint: String,
}

/// Every figure of the reminder, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderFacts {
    /// Invoice number.
    pub invoice: String,
    /// Its issue date.
    pub invoice_date: String,
    /// Its amount due incl. tax.
    pub invoice_amount: String,
    /// Its due date.
    pub due_date: String,
    /// Days late, `40 jours`; `0 jour` before the due date.
    pub days_late: String,
    /// Still owed.
    pub outstanding: String,
    /// Interest as of `claim_date`.
    pub interest: String,
    /// Recovery indemnity.
    pub indemnity: String,
    /// outstanding + interest + indemnity.
    pub total_claimed: String,
    /// The date the amounts are computed at (the receivables report's date).
    pub claim_date: String,
    /// Pay by this date (formal notice).
    pub payment_deadline: Option<String>,
    /// `business`, `public` or `consumer`.
    pub buyer_kind: BuyerKind,
    /// `commercial`, `public_procurement` or `legal_interest`.
    pub regime: InterestRegime,
    /// The customer's key.
    pub customer_id: String,
}

/// Fixed labels of a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterLabels {
    /// "Page".
    pub page: String,
    /// "Objet".
    pub subject: String,
    /// "Détail du calcul des intérêts".
    pub interest_detail: String,
    /// "Période".
    pub period: String,
    /// "Jours".
    pub days: String,
    /// "Montant dû".
    pub base: String,
    /// "Taux annuel".
    pub rate: String,
    /// "Intérêts".
    pub amount: String,
    /// "Règlement".
    pub payment: String,
    /// "Textes de référence".
    pub sources: String,
}

impl Default for LetterLabels {
    fn default() -> Self {
        let s = |x: &str| x.to_owned();
        LetterLabels {
            page: s("Page"),
            subject: s("Objet"),
            interest_detail: s("Détail du calcul des intérêts"),
            period: s("Période"),
            days: s("Jours"),
            base: s("Montant dû"),
            rate: s("Taux annuel"),
            amount: s("Intérêts"),
            payment: s("Règlement"),
            sources: s("Textes de référence"),
        }
    }
}

/// `Lyon, le 16/03/2026`, or `Le 16/03/2026` without a city.
pub(crate) fn place_date(city: &str, date: NaiveDate) -> String {
    let city = city.trim();
    if city.is_empty() { format!("Le {}", format::date(date)) } else { format!("{city}, le {}", format::date(date)) }
}

/// Collects the articles the paragraphs restate, once each, in order.
#[derive(Default)]
struct Letter {
    sources: Vec<String>,
}

impl Letter {
    fn cite(&mut self, sources: &[&str]) {
        for s in sources {
            if !self.sources.iter().any(|x| x == s) {
                self.sources.push((*s).to_owned());
            }
        }
    }

    fn para(&mut self, key: LetterKey, date: NaiveDate, vars: &[(&str, &str)]) -> Paragraph {
        let (p, sources) = letters::paragraph(key, date, vars);
        self.cite(sources);
        p
    }
}

fn interest_table(detail: &InterestResult, cur: &str, letter_date: NaiveDate) -> Option<InterestTable> {
    if detail.segments.is_empty() {
        return None;
    }
    let rows = detail
        .segments
        .iter()
        .map(|s| InterestRow {
            period: format!("du {} au {}", format::date(s.from), format::date(s.to)),
            days: s.days.to_string(),
            base: format::money(s.base, cur),
            rate: format::percent(s.applied_rate),
            rate_basis: format::rate_basis(s.rate_basis, &format::percent(s.reference_rate), &format::date(s.reference_date)),
            amount: format::money_precise(s.amount, cur),
        })
        .collect();
    let mut notes = vec![letters::sentence(LetterKey::InterestMethod, letter_date, &[])];
    if detail.provisional {
        notes.push(letters::sentence(LetterKey::InterestProvisional, letter_date, &[]));
    }
    Some(InterestTable {
        rows,
        total: Field { label: "Total des intérêts, arrondi au centime".into(), value: format::money(detail.interest, cur) },
        notes,
    })
}

/// The render data of a reminder letter.
pub(crate) fn reminder_doc(letter_in: &ReminderLetter, branding: BrandingData) -> Result<ReminderDoc, PdfError> {
    let (reminder, invoice, letter_date) = (letter_in.reminder(), letter_in.invoice(), letter_in.letter_date());
    let detail = &reminder.interest_detail;
    let draft = invoice.content();
    let cur = draft.currency.0.as_str();
    let m = |d: Decimal| format::money(d, cur);
    let regime = detail.regime;
    let late = reminder.days_late > 0 || letter_date > reminder.due_date;
    let claim_day = detail.last_day.unwrap_or(letter_date);
    // the formal notice's deadline, as dunning computed it (ReminderLetter checked it is after
    // the letter's date)
    let deadline = letter_in.payment_deadline();

    let number = invoice.number().to_owned();
    let facts = ReminderFacts {
        invoice: number.clone(),
        invoice_date: format::date(invoice.issue_date()),
        invoice_amount: m(invoice.totals().amount_due),
        due_date: format::date(reminder.due_date),
        days_late: format::days(reminder.days_late.max(0)),
        outstanding: m(reminder.outstanding),
        interest: m(reminder.interest),
        indemnity: m(reminder.indemnity),
        total_claimed: m(reminder.total_claimed),
        claim_date: format::date(claim_day),
        payment_deadline: deadline.map(|(d, _)| format::date(d)),
        buyer_kind: reminder.buyer_kind,
        regime,
        customer_id: reminder.customer_id.clone(),
    };
    let deadline_days = deadline.map(|(_, n)| format::days(n)).unwrap_or_default();
    let deadline_date = facts.payment_deadline.clone().unwrap_or_default();
    let receipt = letter_in.presumed_receipt().map(format::date).unwrap_or_default();
    let vars: [(&str, &str); 11] = [
        ("invoice", &facts.invoice),
        ("invoice_date", &facts.invoice_date),
        ("amount", &facts.invoice_amount),
        ("due_date", &facts.due_date),
        ("outstanding", &facts.outstanding),
        ("days_late", &facts.days_late),
        ("total", &facts.total_claimed),
        ("claim_date", &facts.claim_date),
        ("deadline", &deadline_date),
        ("deadline_days", &deadline_days),
        ("receipt", &receipt),
    ];
    let v = &vars[..];
    let at = letter_date;
    let mut letter = Letter::default();
    let partly_settled = reminder.outstanding != invoice.totals().amount_due;

    let mut body = Vec::new();
    let mut after_claim = Vec::new();
    let with_claim = reminder.kind != ReminderKind::Courteous;
    // the facts: before the due date, the invoice falls due; after it, it is overdue
    match (reminder.kind, reminder.days_late > 0) {
        (ReminderKind::Courteous, _) | (_, false) => {
            body.push(letter.para(if late { LetterKey::CourteousAfterDue } else { LetterKey::CourteousBeforeDue }, at, v));
            if partly_settled {
                body.push(letter.para(LetterKey::PartlySettled, at, v));
            }
        }
        (_, true) => body.push(letter.para(LetterKey::OverdueFacts, at, v)),
    }
    match reminder.kind {
        ReminderKind::Courteous => {
            body.push(letter.para(if late { LetterKey::CourteousRequestAfterDue } else { LetterKey::CourteousRequestBeforeDue }, at, v))
        }
        ReminderKind::Firm => {
            body.push(letter.para(LetterKey::FirmRequest, at, v));
            body.push(letter.para(
                match regime {
                    InterestRegime::Commercial => LetterKey::PenaltiesBusiness,
                    InterestRegime::PublicProcurement => LetterKey::PenaltiesPublic,
                    InterestRegime::LegalInterest if detail.days > 0 => LetterKey::ConsumerInterestRuns,
                    InterestRegime::LegalInterest => LetterKey::ConsumerNoPenalties,
                    _ => return Err(unknown("interest regime")),
                },
                at,
                v,
            ));
        }
        ReminderKind::FormalNotice => {
            // the deadline as dunning counted it: from the letter's date, or its presumed receipt
            let demand = match letter_in.deadline_from() {
                DeadlineStart::LetterDate => LetterKey::FormalDemand,
                DeadlineStart::Receipt { .. } => LetterKey::FormalDemandFromReceipt,
                _ => return Err(unknown("deadline rule")),
            };
            body.push(letter.para(demand, at, v));
            // a public buyer: no civil-law effect nor order for payment against a public person
            let public = regime == InterestRegime::PublicProcurement;
            after_claim.push(letter.para(if public { LetterKey::FormalNoticeEffectPublic } else { LetterKey::FormalNoticeEffect }, at, v));
            match regime {
                InterestRegime::Commercial => after_claim.push(letter.para(LetterKey::FormalPenaltiesBusiness, at, v)),
                InterestRegime::PublicProcurement => after_claim.push(letter.para(LetterKey::FormalPenaltiesPublic, at, v)),
                InterestRegime::LegalInterest => after_claim.push(letter.para(LetterKey::FormalConsumerInterest, at, v)),
                _ => return Err(unknown("interest regime")),
            }
            after_claim.push(letter.para(if public { LetterKey::FormalConsequencePublic } else { LetterKey::FormalConsequence }, at, v));
        }
        _ => return Err(unknown("reminder kind")),
    }

    let claim = if with_claim {
        let row = |label: String, value: String, style: &str| TotalRow { label, value, style: style.to_owned() };
        let mut rows = vec![row(format!("Montant restant dû sur la facture N°{NBSP}{number}"), facts.outstanding.clone(), "normal")];
        if detail.days > 0 || !reminder.interest.is_zero() {
            rows.push(row(format!("{} au {}", format::interest_regime(regime), facts.claim_date), facts.interest.clone(), "normal"));
        }
        if !reminder.indemnity.is_zero() {
            rows.push(row("Indemnité forfaitaire pour frais de recouvrement".into(), facts.indemnity.clone(), "normal"));
        }
        rows.push(row("Total à régler".into(), facts.total_claimed.clone(), "due"));
        let interest = interest_table(detail, cur, at);
        if interest.is_some() {
            letter.cite(letters::interest_sources(regime));
        }
        let intro = if reminder.kind == ReminderKind::FormalNotice { LetterKey::ClaimIntroFormal } else { LetterKey::ClaimIntroFirm };
        Some(Claim { intro: letters::sentence(intro, at, v), rows, interest })
    } else {
        None
    };

    let mut rows = bank_rows(&draft.seller);
    rows.push(Field { label: "Référence à rappeler".into(), value: number.clone() });
    let payment_key = if draft.seller.iban.is_some() { LetterKey::PaymentByTransfer } else { LetterKey::PaymentReference };
    let payment = Some(LetterPayment { text: letters::sentence(payment_key, at, v), rows });

    let closing = vec![
        letter.para(LetterKey::AlreadyPaid, at, v),
        letter.para(if reminder.kind == ReminderKind::Courteous { LetterKey::ClosingCourteous } else { LetterKey::ClosingFirm }, at, v),
    ];

    let seller = seller_party(&draft.seller);
    let subject = match (reminder.kind, late) {
        (ReminderKind::Courteous, false) => format!("Rappel d'échéance — facture N°{NBSP}{number}"),
        (ReminderKind::Courteous, true) => format!("Rappel — facture N°{NBSP}{number}"),
        (ReminderKind::Firm, _) => format!("Relance — facture N°{NBSP}{number} impayée"),
        (ReminderKind::FormalNotice, _) => format!("Mise en demeure de payer — facture N°{NBSP}{number}"),
        _ => return Err(unknown("reminder kind")),
    };
    let title = format::reminder_title(reminder.kind).to_owned();
    let running = format!("{title} — facture N°{NBSP}{number}");
    Ok(ReminderDoc {
        schema_version: SCHEMA_VERSION,
        document: "reminder".into(),
        kind: reminder.kind,
        level: reminder.level.clone(),
        meta: Meta {
            title: format!("{title} — facture {number}"),
            author: seller.name.clone(),
            lang: "fr".into(),
            creator: crate::creator(),
        },
        running,
        title,
        number: number.clone(),
        letter_date: format::date(letter_date),
        place_date: place_date(&draft.seller.address.city, letter_date),
        registered: (reminder.kind == ReminderKind::FormalNotice).then(|| "Lettre recommandée avec accusé de réception".to_owned()),
        signature: Signature { on_behalf: format!("Pour {},", seller.name), hint: "Nom, qualité et signature".into() },
        seller,
        recipient: buyer_party(&draft.buyer),
        references: vec![
            Field { label: "Facture".into(), value: format!("{number} du {}", facts.invoice_date) },
            Field { label: "Échéance".into(), value: facts.due_date.clone() },
            Field { label: "Code client".into(), value: reminder.customer_id.clone() },
        ],
        subject,
        salutation: "Madame, Monsieur,".into(),
        body,
        claim,
        after_claim,
        payment,
        closing,
        sources: letter.sources,
        facts,
        labels: LetterLabels::default(),
        branding,
    })
}

/// A reminder kind or interest regime the core grew and these letters have no wording for yet:
/// a bug of this crate, never a letter with a wrong paragraph.
fn unknown(what: &str) -> PdfError {
    crate::error::internal(format!("no letter wording for this {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_deduplicated() {
        let mut l = Letter::default();
        l.cite(&["a", "b"]);
        l.cite(&[]);
        l.cite(&["c", "a"]);
        assert_eq!(l.sources, ["a", "b", "c"]);
    }

    #[test]
    fn place_and_date() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        assert_eq!(place_date("Lyon", d), "Lyon, le 22/11/2026");
        assert_eq!(place_date(" ", d), "Le 22/11/2026");
    }
}
