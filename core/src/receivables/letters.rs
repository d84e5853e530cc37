//! The wording of reminder letters (relances, mise en demeure) and account statements, as dated
//! data: each text is in force between two dates and cites the law it restates, like
//! [`crate::texts::TEXTS`]. The renderer fills them in (`facturier_pdf`); templates hold no French
//! text.
//!
//! # Writing a text
//!
//! `{name}` is replaced by a value computed in Rust (an invoice number, an amount already
//! formatted, a date); `**…**` marks bold. Values are inserted after the text is split on `**`,
//! so a value never turns bold or plain whatever it contains. A space before `:` or `;` becomes a
//! no-break space, and so does the one after `N°`, per French typography.
//!
//! # The law restated
//!
//! - Business buyer: penalties and the 40 € recovery indemnity are due from the day after the
//!   due date, without any reminder (C. com. L441-10 II; D441-5, décret 2012-1115).
//! - Public buyer: moratorium interest and the 40 € indemnity, from the day after the payment
//!   period (CCP L2192-13, R2192-31, D2192-35; code in force since 1 April 2019).
//! - Consumer: neither penalties nor indemnity; interest at the legal rate from the formal
//!   notice (C. civ. 1231-6, 1344-1).
//! - Formal notice: C. civ. 1344 (sommation or letter with sufficient interpellation), 1344-1
//!   (it starts moratorium interest at the legal rate), both since 1 October 2016 (ordonnance
//!   2016-131). Order for payment: C. proc. civ. 1405 ff.
//! - Deadline of a formal notice: 8 days is usage, not law (shared/spec/domain.md §3.3); the
//!   core's dunning schedule sets it and what it runs from ([`crate::receivables::dunning::DeadlineStart`]),
//!   never the letter, which states the rule and the date as computed.
//! - Formal notice to a public buyer: the civil-law effects (C. civ. 1344-1) and the order for
//!   payment (C. proc. civ. 1405 ff.) do not reach a public person, whose property cannot be
//!   seized and whose debts are settled before the administrative judge: moratorium interest
//!   runs by law without notice (CCP L2192-13), and the creditor may ask the administrative judge
//!   for a provision (référé-provision, CJA R541-1).

use chrono::NaiveDate;

use crate::dated::{Dated, ORIGIN, day, in_force};
use crate::receivables::interest::InterestRegime;

/// Which sentence of a letter or statement a text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LetterKey {
    /// Courteous reminder before (or on) the due date: the invoice falls due.
    CourteousBeforeDue,
    /// Courteous reminder after the due date (custom schedules): payment not received yet.
    CourteousAfterDue,
    /// What is still owed when part of the invoice was settled.
    PartlySettled,
    /// Courteous request, before the due date.
    CourteousRequestBeforeDue,
    /// Courteous request, after the due date.
    CourteousRequestAfterDue,
    /// Firm reminder and formal notice: the invoice is overdue, days late, what is owed.
    OverdueFacts,
    /// Firm reminder: please pay without delay.
    FirmRequest,
    /// Business buyer: penalties and 40 € due automatically.
    PenaltiesBusiness,
    /// Public buyer: moratorium interest and 40 € due automatically.
    PenaltiesPublic,
    /// Consumer, before any formal notice: no penalties, legal interest after a formal notice.
    ConsumerNoPenalties,
    /// Consumer after a formal notice: legal interest runs.
    ConsumerInterestRuns,
    /// Formal notice: the demand to pay within the deadline, counted from the letter's date.
    FormalDemand,
    /// Formal notice: the demand to pay within the deadline, counted from the presumed receipt.
    FormalDemandFromReceipt,
    /// Formal notice: the legal effect (C. civ. 1344, 1344-1).
    FormalNoticeEffect,
    /// Formal notice to a public buyer: what it is, without the civil-law effects.
    FormalNoticeEffectPublic,
    /// Formal notice to a business buyer: penalties and indemnity remain due.
    FormalPenaltiesBusiness,
    /// Formal notice to a public buyer: moratorium interest and indemnity remain due.
    FormalPenaltiesPublic,
    /// Formal notice to a consumer: only legal interest, from the notice.
    FormalConsumerInterest,
    /// Formal notice: what happens without payment.
    FormalConsequence,
    /// Formal notice to a public buyer: what happens without payment (the administrative judge).
    FormalConsequencePublic,
    /// Firm reminder: introduction of the table of amounts.
    ClaimIntroFirm,
    /// Formal notice: introduction of the table of amounts.
    ClaimIntroFormal,
    /// Payment by transfer, with the bank details below.
    PaymentByTransfer,
    /// Payment, no bank details known.
    PaymentReference,
    /// Ignore this letter if payment was made meanwhile.
    AlreadyPaid,
    /// Closing formula of a courteous reminder.
    ClosingCourteous,
    /// Closing formula of a firm reminder or formal notice.
    ClosingFirm,
    /// How the interest is computed, under the detail table.
    InterestMethod,
    /// A reference rate not yet published was replaced by the last known one.
    InterestProvisional,
    /// Statement: introduction.
    StatementIntro,
    /// Statement: the customer owes the balance.
    StatementBalanceDue,
    /// Statement: the balance is in the customer's favour.
    StatementBalanceCredit,
    /// Statement: the account is settled.
    StatementBalanceZero,
    /// Statement: late invoices and what they entail.
    StatementOverdue,
}

/// One wording, in force during a period, with the text it restates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterText {
    /// Which sentence.
    pub key: LetterKey,
    /// The wording, with `{placeholders}` and `**bold**`.
    pub text: &'static str,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, `None` while in force.
    pub valid_to: Option<NaiveDate>,
    /// The articles restated, printed in small print at the end of the letter; empty for
    /// plain courtesy (usage).
    pub sources: &'static [&'static str],
}

/// Ordonnance 2016-131 (reform of contract law): C. civ. 1344 and 1344-1 in force.
const CIVIL_CODE_2016: NaiveDate = day(2016, 10, 1);
/// Code de la commande publique in force (ordonnance 2018-1074, décret 2018-1075).
const PUBLIC_PROCUREMENT_CODE: NaiveDate = day(2019, 4, 1);
/// Décret 2012-1115: the 40 € recovery indemnity.
const INDEMNITY_2013: NaiveDate = day(2013, 1, 1);

const fn text(key: LetterKey, text: &'static str, valid_from: NaiveDate, sources: &'static [&'static str]) -> LetterText {
    LetterText { key, text, valid_from, valid_to: None, sources }
}

/// Plain courtesy or practice: no article restated.
pub const USAGE: &[&str] = &[];
/// C. com. L441-10 II: business buyers.
pub const SRC_L441_10: &str = "C. com. L441-10 II (pénalités de retard exigibles de plein droit dès le lendemain de l'échéance, sans rappel, au taux BCE + 10 points ou au taux contractuel, au moins égal à 3 fois le taux d'intérêt légal)";
/// C. com. D441-5 (décret 2012-1115): the 40 € indemnity.
pub const SRC_D441_5: &str = "C. com. D441-5 (indemnité forfaitaire pour frais de recouvrement : 40 €)";
/// CCP L2192-13, R2192-31: public buyers.
pub const SRC_CCP_INTEREST: &str =
    "CCP L2192-13, R2192-31 (intérêts moratoires de plein droit, au taux BCE du semestre où ils ont commencé à courir + 8 points)";
/// CCP D2192-35: the 40 € indemnity of public buyers.
pub const SRC_D2192_35: &str = "CCP D2192-35 (indemnité forfaitaire pour frais de recouvrement : 40 €)";
/// C. civ. 1231-6: legal interest from the formal notice.
pub const SRC_CIV_1231_6: &str = "C. civ. 1231-6 (intérêts au taux légal à compter de la mise en demeure)";
/// C. civ. 1344: the formal notice.
pub const SRC_CIV_1344: &str = "C. civ. 1344 (mise en demeure par sommation ou par un acte portant interpellation suffisante)";
/// C. civ. 1344-1: it starts moratorium interest.
pub const SRC_CIV_1344_1: &str =
    "C. civ. 1344-1 (la mise en demeure de payer une somme d'argent fait courir l'intérêt moratoire au taux légal)";
/// C. mon. fin. L313-2: the legal interest rate.
pub const SRC_L313_2: &str = "C. mon. fin. L313-2 (taux de l'intérêt légal, fixé par semestre)";
/// C. proc. civ. 1405 ff.: the order for payment.
pub const SRC_CPC_1405: &str = "C. proc. civ. 1405 et suivants (injonction de payer)";
/// CJA R541-1: the référé-provision before the administrative judge.
pub const SRC_CJA_R541_1: &str = "CJA R541-1 (le juge des référés peut accorder une provision au créancier lorsque l'existence de l'obligation n'est pas sérieusement contestable)";
/// CCP L2192-13: moratorium interest runs by law, without notice.
pub const SRC_CCP_L2192_13: &str = "CCP L2192-13 (le retard de paiement fait courir de plein droit des intérêts moratoires)";

/// The articles behind the interest computation of a regime.
pub fn interest_sources(regime: InterestRegime) -> &'static [&'static str] {
    match regime {
        InterestRegime::Commercial => &[SRC_L441_10],
        InterestRegime::PublicProcurement => &[SRC_CCP_INTEREST],
        InterestRegime::LegalInterest => &[SRC_CIV_1231_6, SRC_L313_2],
    }
}

/// The texts. Sources name the articles a sentence restates; `usage` marks plain courtesy.
pub const TEXTS: &[LetterText] = &[
    text(
        LetterKey::CourteousBeforeDue,
        "Sauf erreur de notre part, la facture N° {invoice} du {invoice_date}, d'un montant de **{amount} TTC**, arrive à échéance le **{due_date}**.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::CourteousAfterDue,
        "Sauf erreur de notre part, nous n'avons pas encore reçu le règlement de la facture N° {invoice} du {invoice_date}, d'un montant de **{amount} TTC**, arrivée à échéance le **{due_date}**.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::PartlySettled,
        "Compte tenu des règlements et avoirs déjà imputés, le montant restant dû s'élève à **{outstanding}**.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::CourteousRequestBeforeDue,
        "Nous nous permettons de vous le rappeler et vous remercions de bien vouloir faire le nécessaire pour que le règlement nous parvienne à cette date.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::CourteousRequestAfterDue,
        "Il s'agit sans doute d'un simple oubli : nous vous remercions de bien vouloir procéder à son règlement dès que possible.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::OverdueFacts,
        "Sauf erreur de notre part, la facture N° {invoice} du {invoice_date}, d'un montant de {amount} TTC, échue depuis le **{due_date}**, demeure impayée à ce jour, soit **{days_late}** de retard. Le montant restant dû au titre de cette facture s'élève à **{outstanding}**.",
        ORIGIN,
        USAGE,
    ),
    text(LetterKey::FirmRequest, "Nous vous demandons de bien vouloir procéder à son règlement sans délai.", ORIGIN, USAGE),
    text(
        LetterKey::PenaltiesBusiness,
        "Nous vous rappelons que, conformément à l'article L441-10 II du Code de commerce, tout retard de paiement rend exigibles de plein droit, dès le lendemain de la date d'échéance et sans qu'un rappel soit nécessaire, des pénalités de retard ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € (article D441-5 du Code de commerce).",
        INDEMNITY_2013,
        &[SRC_L441_10, SRC_D441_5],
    ),
    text(
        LetterKey::PenaltiesPublic,
        "Nous vous rappelons que, conformément aux articles L2192-13 et R2192-31 du Code de la commande publique, le dépassement du délai de paiement fait courir de plein droit, dès le lendemain de l'expiration de ce délai, des intérêts moratoires, auxquels s'ajoute une indemnité forfaitaire pour frais de recouvrement de 40 € (article D2192-35 du même code).",
        PUBLIC_PROCUREMENT_CODE,
        &[SRC_CCP_INTEREST, SRC_D2192_35],
    ),
    text(
        LetterKey::ConsumerNoPenalties,
        "Ce retard n'entraîne à ce stade ni pénalités ni frais. À défaut de règlement, nous serions toutefois amenés à vous adresser une mise en demeure, à compter de laquelle la somme due produirait des intérêts au taux légal (articles 1231-6 et 1344-1 du Code civil).",
        CIVIL_CODE_2016,
        &[SRC_CIV_1231_6, SRC_CIV_1344_1],
    ),
    text(
        LetterKey::ConsumerInterestRuns,
        "Conformément aux articles 1231-6 et 1344-1 du Code civil, la somme due produit des intérêts au taux légal depuis notre mise en demeure.",
        CIVIL_CODE_2016,
        &[SRC_CIV_1231_6, SRC_CIV_1344_1],
    ),
    text(
        LetterKey::FormalDemand,
        "Par la présente, nous vous mettons en demeure de nous régler la somme de **{total}** dans un délai de {deadline_days} à compter de la date du présent courrier, soit au plus tard le **{deadline}**.",
        ORIGIN,
        &[SRC_CIV_1344],
    ),
    text(
        LetterKey::FormalDemandFromReceipt,
        "Par la présente, nous vous mettons en demeure de nous régler la somme de **{total}** dans un délai de {deadline_days} à compter de la réception de ce courrier, présumée le {receipt}, soit au plus tard le **{deadline}**.",
        ORIGIN,
        &[SRC_CIV_1344],
    ),
    text(
        LetterKey::FormalNoticeEffect,
        "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil. Conformément à l'article 1344-1 du même code, la mise en demeure de payer une somme d'argent fait courir l'intérêt moratoire, au taux légal, sans que le créancier soit tenu de justifier d'un préjudice.",
        CIVIL_CODE_2016,
        &[SRC_CIV_1344, SRC_CIV_1344_1],
    ),
    text(
        LetterKey::FormalNoticeEffectPublic,
        "La présente lettre vaut mise en demeure de payer. Les intérêts moratoires courent de plein droit, sans qu'elle soit nécessaire, depuis l'expiration du délai de paiement (article L2192-13 du Code de la commande publique).",
        PUBLIC_PROCUREMENT_CODE,
        &[SRC_CCP_L2192_13],
    ),
    text(
        LetterKey::FormalPenaltiesBusiness,
        "Les pénalités de retard et l'indemnité forfaitaire pour frais de recouvrement de 40 € restent dues de plein droit depuis le lendemain de la date d'échéance (articles L441-10 II et D441-5 du Code de commerce).",
        INDEMNITY_2013,
        &[SRC_L441_10, SRC_D441_5],
    ),
    text(
        LetterKey::FormalPenaltiesPublic,
        "Les intérêts moratoires et l'indemnité forfaitaire pour frais de recouvrement de 40 € restent dus de plein droit depuis le lendemain de l'expiration du délai de paiement (articles L2192-13, R2192-31 et D2192-35 du Code de la commande publique).",
        PUBLIC_PROCUREMENT_CODE,
        &[SRC_CCP_INTEREST, SRC_D2192_35],
    ),
    text(
        LetterKey::FormalConsumerInterest,
        "Aucune pénalité de retard ni indemnité forfaitaire ne vous est réclamée : seuls des intérêts au taux légal courent sur la somme due à compter de la présente mise en demeure (article 1231-6 du Code civil).",
        CIVIL_CODE_2016,
        &[SRC_CIV_1231_6],
    ),
    text(
        LetterKey::FormalConsequence,
        "À défaut de paiement dans ce délai, nous nous réservons le droit d'engager une procédure de recouvrement judiciaire (injonction de payer), sans autre avis.",
        ORIGIN,
        &[SRC_CPC_1405],
    ),
    text(
        LetterKey::FormalConsequencePublic,
        "À défaut de paiement dans ce délai, nous nous réservons le droit de saisir le juge administratif, notamment d'une demande de provision en référé (article R541-1 du Code de justice administrative).",
        ORIGIN,
        &[SRC_CJA_R541_1],
    ),
    text(LetterKey::ClaimIntroFirm, "Au {claim_date}, les sommes dues s'établissent comme suit :", ORIGIN, USAGE),
    text(LetterKey::ClaimIntroFormal, "Cette somme se décompose comme suit, au {claim_date} :", ORIGIN, USAGE),
    text(
        LetterKey::PaymentByTransfer,
        "Le règlement peut être effectué par virement sur le compte ci-dessous, en rappelant la référence {invoice}.",
        ORIGIN,
        USAGE,
    ),
    text(LetterKey::PaymentReference, "Merci de rappeler la référence {invoice} lors de votre règlement.", ORIGIN, USAGE),
    text(
        LetterKey::AlreadyPaid,
        "Si votre règlement a été effectué entre-temps, nous vous remercions de ne pas tenir compte de ce courrier.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::ClosingCourteous,
        "Nous vous remercions par avance et vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::ClosingFirm,
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::InterestMethod,
        "Intérêts simples : montant dû × taux annuel × nombre de jours / 365, période par période ; seul le total est arrondi au centime.",
        ORIGIN,
        USAGE,
    ),
    text(
        LetterKey::InterestProvisional,
        "Le taux de référence d'au moins une période n'était pas encore publié : le dernier taux connu a été appliqué.",
        ORIGIN,
        USAGE,
    ),
    text(LetterKey::StatementIntro, "Situation de votre compte au {as_of}, établie d'après nos écritures.", ORIGIN, USAGE),
    text(LetterKey::StatementBalanceDue, "Solde débiteur : **{balance}** restant à nous régler.", ORIGIN, USAGE),
    text(LetterKey::StatementBalanceCredit, "Solde créditeur : **{balance}** en votre faveur.", ORIGIN, USAGE),
    text(LetterKey::StatementBalanceZero, "Votre compte est soldé.", ORIGIN, USAGE),
    text(
        LetterKey::StatementOverdue,
        "Les factures ci-dessous sont échues et restent impayées ; nous vous remercions de bien vouloir en effectuer le règlement dans les meilleurs délais.",
        ORIGIN,
        USAGE,
    ),
];

/// The entry of `key` in force on `date`, or the newest entry of that key when none is dated
/// for it.
pub fn entry(key: LetterKey, date: NaiveDate) -> Option<&'static LetterText> {
    in_force(TEXTS, key, date)
}

impl Dated for LetterText {
    type Key = LetterKey;
    fn key(&self) -> LetterKey {
        self.key
    }
    fn valid_from(&self) -> NaiveDate {
        self.valid_from
    }
    fn valid_to(&self) -> Option<NaiveDate> {
        self.valid_to
    }
}
