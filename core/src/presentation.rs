//! French presentation: the French label of every core enum, with the formatting of numbers,
//! money, rates, dates and identifiers of [`crate::format`] (re-exported here).
//!
//! The one place French wording and number formatting live for the hosts: the PDF renderer and
//! the CLI both print through these functions, so a PDF and a terminal say `1 234,56 €` and
//! "Facture d'acompte" the same way. Nothing here decides a business fact: every function is a
//! pure rendering of a value the core computed. The primitives live in [`crate::format`], below
//! the domain modules, so that the core's own wordings use them without importing the labels.

#[doc(no_inline)]
pub use crate::format::{
    NBSP, THIN, country_name, date, days, euros, iban, money, money_precise, percent, plain_number, quantity, siren_siret, unit, unit_price,
};

use crate::contracts::calendar::Month;
use crate::contracts::chatel::ChatelState;
use crate::contracts::contract::ChurnReason;
use crate::contracts::metrics::{Ratio, Undefined};
use crate::contracts::mrr::CustomerStatus;
use crate::contracts::renewal::{AtTerm, ContractStatus};
use crate::documents::draft::{InvoiceKind, SupplyCategory};
use crate::documents::invoice::IssuedInvoice;
use crate::receivables::account::InvoiceStatus;
use crate::receivables::dunning::ReminderKind;
use crate::receivables::interest::{InterestRegime, RateBasis};
use crate::receivables::payment::PaymentMode;
use crate::receivables::statement::EntryKind;
use crate::terms::{EndOfMonthMethod, PaymentTerms};

/// The title printed on an invoice of `kind`: "Facture", "Facture d'acompte", "Facture de
/// solde", "Avoir".
pub fn invoice_title(kind: InvoiceKind) -> &'static str {
    match kind {
        InvoiceKind::Standard => "Facture",
        InvoiceKind::Deposit => "Facture d'acompte",
        InvoiceKind::Final => "Facture de solde",
        InvoiceKind::CreditNote => "Avoir",
    }
}

impl std::fmt::Display for IssuedInvoice {
    /// "Facture F-2026-00042 du 20/11/2026".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} du {}", invoice_title(self.kind()), self.number(), date(self.issue_date()))
    }
}

/// The title of a reminder letter: "Relance courtoise", "Relance ferme", "Mise en demeure de
/// payer".
pub fn reminder_title(kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::Courteous => "Relance courtoise",
        ReminderKind::Firm => "Relance ferme",
        ReminderKind::FormalNotice => "Mise en demeure de payer",
    }
}

/// The label of a payment mode, as statements and summaries print it: "virement", "chèque"…
pub fn payment_mode(mode: PaymentMode) -> &'static str {
    match mode {
        PaymentMode::Transfer => "virement",
        PaymentMode::Card => "carte bancaire",
        PaymentMode::Cheque => "chèque",
        PaymentMode::Cash => "espèces",
        PaymentMode::DirectDebit => "prélèvement",
        PaymentMode::Other => "autre",
    }
}

/// "jour" or "jours" (the French plural starts at 2).
fn jours(days: u32) -> &'static str {
    if days > 1 { "jours" } else { "jour" }
}

/// Payment terms as printed on a French invoice: "30 jours date de facture", "45 jours fin de
/// mois", "fin de mois + 45 jours", "À réception".
pub fn payment_terms(terms: &PaymentTerms) -> String {
    match *terms {
        PaymentTerms::OnReceipt | PaymentTerms::NetDays { days: 0 } => "À réception".to_owned(),
        PaymentTerms::NetDays { days } => format!("{days} {} date de facture", jours(days)),
        PaymentTerms::EndOfMonth { days: 0, .. } => "Fin de mois".to_owned(),
        PaymentTerms::EndOfMonth { days, method: EndOfMonthMethod::DaysThenEndOfMonth } => format!("{days} {} fin de mois", jours(days)),
        PaymentTerms::EndOfMonth { days, method: EndOfMonthMethod::EndOfMonthThenDays } => {
            format!("fin de mois + {days} {}", jours(days))
        }
    }
}

/// The status of an invoice in a receivables report: "émise", "payée en partie", "en retard"…
pub fn invoice_status(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "brouillon",
        InvoiceStatus::IssuedUnpaid => "émise",
        InvoiceStatus::PartiallyPaid => "payée en partie",
        InvoiceStatus::Paid => "payée",
        InvoiceStatus::Overdue => "en retard",
        InvoiceStatus::Credited => "annulée par avoir",
    }
}

/// The nature of the operations (mention 8° bis): "Prestations de services", "Livraison de
/// biens", or both.
pub fn supply_category(category: SupplyCategory) -> &'static str {
    match category {
        SupplyCategory::Goods => "Livraison de biens",
        SupplyCategory::Services => "Prestations de services",
        SupplyCategory::Mixed => "Livraison de biens et prestations de services",
    }
}

/// The label of a line of an account statement: "Facture", "Avoir", "Règlement reçu",
/// "Remboursement".
pub fn entry_kind(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Invoice => "Facture",
        EntryKind::CreditNote => "Avoir",
        EntryKind::Payment => "Règlement reçu",
        EntryKind::Refund => "Remboursement",
    }
}

/// The name of the amount claimed for late payment under a regime: penalties (C. com. L441-10
/// II), moratorium interest (CCP L2192-13), legal interest (C. civ. 1231-6).
pub fn interest_regime(regime: InterestRegime) -> &'static str {
    match regime {
        InterestRegime::Commercial => "Pénalités de retard",
        InterestRegime::PublicProcurement => "Intérêts moratoires",
        InterestRegime::LegalInterest => "Intérêts au taux légal",
    }
}

/// How the rate of an interest period was obtained, `rate` and `date` already formatted
/// (`taux BCE de 2,15 % au 01/01/2026 + 10 points`).
pub fn rate_basis(basis: RateBasis, rate: &str, date: &str) -> String {
    match basis {
        // C. com. L441-10 II: ECB main refinancing rate of the half-year + 10 points
        RateBasis::EcbPlus10 => format!("taux BCE de {rate} au {date} + 10{NBSP}points"),
        // CCP R2192-31: ECB rate on the first day of the half-year the delay started in + 8 points
        RateBasis::EcbPlus8 => format!("taux BCE de {rate} au {date} + 8{NBSP}points"),
        // C. com. L441-10 II: the contractual rate
        RateBasis::Contractual => "taux contractuel".to_owned(),
        // C. com. L441-10 II: never below three times the legal interest rate
        RateBasis::ContractualFloor => format!("3 × le taux d'intérêt légal de {rate}"),
        // C. civ. 1231-6; C. mon. fin. L313-2: legal rate of the half-year
        RateBasis::LegalRate => format!("taux d'intérêt légal du semestre ({date})"),
        // C. mon. fin. L313-3: + 5 points two months after an enforceable judgment
        RateBasis::LegalRatePlus5 => format!("taux d'intérêt légal du semestre ({date}) + 5{NBSP}points (jugement exécutoire)"),
    }
}

/// The label of the date of the operation an invoice prints (CGI ann. II art. 242 nonies A,
/// I-10°: the date of the supply of goods or services, or of the deposit; C. com. L441-9: the
/// date of the sale or of the service): "Date de livraison" for goods, "Date de la prestation"
/// for services, both for mixed operations, "Date du versement de l'acompte" on a deposit invoice.
pub fn supply_date_label(kind: InvoiceKind, supply: SupplyCategory) -> &'static str {
    match (kind, supply) {
        (InvoiceKind::Deposit, _) => "Date du versement de l'acompte",
        (_, SupplyCategory::Goods) => "Date de livraison",
        (_, SupplyCategory::Services) => "Date de la prestation",
        (_, SupplyCategory::Mixed) => "Date de livraison / prestation",
    }
}

/// The French name of a month: "janvier 2026".
pub fn month(m: Month) -> String {
    format!("{} {}", MONTHS.get(m.month().saturating_sub(1) as usize).map_or("?", |n| n.0), m.year())
}

/// The short French name of a month, for tables and charts: "janv. 2026", "mai 2026".
pub fn month_short(m: Month) -> String {
    format!("{} {}", MONTHS.get(m.month().saturating_sub(1) as usize).map_or("?", |n| n.1), m.year())
}

/// Month names, full and abbreviated (abbreviations of the Imprimerie nationale).
const MONTHS: [(&str, &str); 12] = [
    ("janvier", "janv."),
    ("février", "févr."),
    ("mars", "mars"),
    ("avril", "avr."),
    ("mai", "mai"),
    ("juin", "juin"),
    ("juillet", "juil."),
    ("août", "août"),
    ("septembre", "sept."),
    ("octobre", "oct."),
    ("novembre", "nov."),
    ("décembre", "déc."),
];

/// A churn reason as the users' dashboard names it: "Prix", "Insatisfaction",
/// "Concurrence"…; `None` (a term reached without renewal) is "Non reconduit à l'échéance".
pub fn churn_reason(reason: Option<ChurnReason>) -> &'static str {
    match reason {
        Some(ChurnReason::Price) => "Prix",
        Some(ChurnReason::Dissatisfaction) => "Insatisfaction",
        Some(ChurnReason::Competition) => "Concurrence",
        Some(ChurnReason::NoLongerNeeded) => "Plus de besoin",
        Some(ChurnReason::NonPayment) => "Impayés",
        Some(ChurnReason::Other) => "Autre motif",
        None => "Non reconduit à l'échéance",
    }
}

/// The status of a contract: "à venir", "en essai", "actif", "en pause", "résiliation en
/// cours", "terminé".
pub fn contract_status(status: ContractStatus) -> &'static str {
    match status {
        ContractStatus::Upcoming => "à venir",
        ContractStatus::Trial => "en essai",
        ContractStatus::Active => "actif",
        ContractStatus::Paused => "en pause",
        ContractStatus::Terminating => "résiliation en cours",
        ContractStatus::Ended => "terminé",
    }
}

/// A customer's status: "actif", "en pause", "perdu" (churned), "inactif".
pub fn customer_status(status: CustomerStatus) -> &'static str {
    match status {
        CustomerStatus::Active => "actif",
        CustomerStatus::Paused => "en pause",
        CustomerStatus::Churned => "perdu",
        CustomerStatus::Inactive => "inactif",
    }
}

/// What happens at the end of the current term: "reconduit", "prend fin", "résilié", "durée
/// indéterminée".
pub fn at_term(at: AtTerm) -> &'static str {
    match at {
        AtTerm::Renews => "reconduit",
        AtTerm::Ends => "prend fin",
        AtTerm::Terminated => "résilié",
        AtTerm::NoTerm => "durée indéterminée",
    }
}

/// Where a consumer's information letter stands (C. conso L215-1): "fenêtre pas encore
/// ouverte", "lettre à envoyer", "lettre envoyée", "lettre envoyée en retard", "fenêtre
/// manquée".
pub fn chatel_state(state: ChatelState) -> &'static str {
    match state {
        ChatelState::NotYetOpen => "fenêtre pas encore ouverte",
        ChatelState::Open => "lettre à envoyer",
        ChatelState::Sent => "lettre envoyée",
        ChatelState::SentLate => "lettre envoyée en retard",
        ChatelState::Missed => "fenêtre manquée",
    }
}

/// Why a rate has no value, in a few words: "pas de MRR au départ", "churn nul"…
pub fn undefined(u: Undefined) -> &'static str {
    match u {
        Undefined::NoMrrAtStart => "pas de MRR au départ",
        Undefined::NoCustomersAtStart => "pas de client au départ",
        Undefined::NoPayingCustomers => "pas de client payant",
        Undefined::NoContractsReachingTerm => "aucun contrat à échéance",
        Undefined::NoActiveContracts => "aucun contrat actif",
        Undefined::ZeroChurn => "churn nul : valeur non bornée",
        Undefined::NoChurnHistory => "pas d'historique de churn",
        Undefined::NoRelationships => "aucune relation client",
        Undefined::Overflow => "hors limites",
    }
}

/// A rate in percent (`87,5 %`), or "n.d." with why (`n.d. (churn nul : valeur non bornée)`).
pub fn ratio_percent(r: Ratio) -> String {
    match r {
        Ratio::Value(v) => percent(v),
        Ratio::Undefined(u) => format!("n.d. ({})", undefined(u)),
    }
}

/// A ratio in money (ARPA, lifetime values): `1 234,56 €` in `currency`, or "n.d." with why.
pub fn ratio_money(r: Ratio, currency: &str) -> String {
    match r {
        Ratio::Value(v) => money(v, currency),
        Ratio::Undefined(u) => format!("n.d. ({})", undefined(u)),
    }
}

/// A ratio as a plain number to 2 decimals (months of relationship): `14,5`, or "n.d." with why.
pub fn ratio_number(r: Ratio) -> String {
    match r {
        Ratio::Value(v) => crate::format::quantity(v.round_dp(2)),
        Ratio::Undefined(u) => format!("n.d. ({})", undefined(u)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_labels() {
        use crate::terms::EndOfMonthMethod::{DaysThenEndOfMonth as M1, EndOfMonthThenDays as M2};
        assert_eq!(
            [InvoiceKind::Standard, InvoiceKind::Deposit, InvoiceKind::Final, InvoiceKind::CreditNote].map(invoice_title),
            ["Facture", "Facture d'acompte", "Facture de solde", "Avoir"]
        );
        assert_eq!(reminder_title(ReminderKind::FormalNotice), "Mise en demeure de payer");
        assert_eq!((payment_mode(PaymentMode::Cheque), payment_mode(PaymentMode::DirectDebit)), ("chèque", "prélèvement"));
        let eom = |days, method| PaymentTerms::EndOfMonth { days, method };
        assert_eq!(payment_terms(&PaymentTerms::OnReceipt), "À réception");
        assert_eq!(payment_terms(&PaymentTerms::NetDays { days: 0 }), "À réception");
        assert_eq!(payment_terms(&PaymentTerms::NetDays { days: 1 }), "1 jour date de facture");
        assert_eq!(payment_terms(&PaymentTerms::NetDays { days: 30 }), "30 jours date de facture");
        assert_eq!(payment_terms(&eom(45, M1)), "45 jours fin de mois");
        assert_eq!(payment_terms(&eom(45, M2)), "fin de mois + 45 jours");
        assert_eq!(payment_terms(&eom(0, M2)), "Fin de mois");
        assert_eq!(invoice_status(InvoiceStatus::PartiallyPaid), "payée en partie");
        assert_eq!(supply_category(SupplyCategory::Mixed), "Livraison de biens et prestations de services");
        assert_eq!((entry_kind(EntryKind::Payment), entry_kind(EntryKind::Refund)), ("Règlement reçu", "Remboursement"));
        assert_eq!(interest_regime(InterestRegime::PublicProcurement), "Intérêts moratoires");
        assert_eq!(rate_basis(RateBasis::EcbPlus10, "2,15\u{a0}%", "01/01/2026"), "taux BCE de 2,15\u{a0}% au 01/01/2026 + 10\u{a0}points");
        assert_eq!((country_name("be"), country_name("XX")), ("Belgique".to_owned(), "XX".to_owned()));
    }

    #[test]
    fn contract_labels() {
        use rust_decimal::Decimal;
        let m = |y, n| Month::new(y, n).unwrap();
        assert_eq!(
            (month(m(2026, 2)), month_short(m(2026, 2)), month_short(m(2025, 12))),
            ("février 2026".into(), "févr. 2026".into(), "déc. 2025".into())
        );
        assert_eq!((churn_reason(Some(ChurnReason::Price)), churn_reason(None)), ("Prix", "Non reconduit à l'échéance"));
        assert_eq!(ratio_percent(Ratio::Value(Decimal::new(8750, 2))), "87,5\u{a0}%");
        assert_eq!(ratio_percent(Ratio::Undefined(Undefined::ZeroChurn)), "n.d. (churn nul : valeur non bornée)");
        assert_eq!(ratio_money(Ratio::Value(Decimal::new(123456, 2)), "EUR"), "1\u{202f}234,56\u{a0}€");
        assert_eq!(ratio_number(Ratio::Value(Decimal::new(14567, 3))), "14,57");
        assert_eq!((at_term(AtTerm::Renews), chatel_state(ChatelState::Open)), ("reconduit", "lettre à envoyer"));
    }
}
