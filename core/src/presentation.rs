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
}
