//! The render data of a customer's account statement (relevé de compte): what
//! `templates/statement.typ` receives as `/data.json`.
//!
//! The statement comes checked from the core ([`facturier_core::Statement`]): the account of
//! the ledger ([`facturier_core::receivables::ledger::allocate`], or the receivables report), its entries in
//! booking order each with its running balance, its totals — which the core checked add up —
//! and the customer's overdue invoices. Every figure is only formatted here, so a statement never
//! prints figures that do not add up.

use facturier_core::Decimal;
use facturier_core::Statement;
use facturier_core::presentation::{self as format, NBSP};
use facturier_core::receivables::statement::EntryKind;
use serde::{Deserialize, Serialize};

use crate::doc::{BrandingData, Field, Meta, Party, SCHEMA_VERSION, TotalRow, bank_rows, buyer_party, seller_party};
use crate::error::PdfError;
use crate::letters::{self, LetterKey, Paragraph};
use crate::reminder::{LetterPayment, place_date};

/// The data `templates/statement.typ` receives, every value a ready-to-print string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementDoc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `statement`.
    pub document: String,
    /// "Relevé de compte".
    pub title: String,
    /// The customer's key.
    pub number: String,
    /// PDF metadata.
    pub meta: Meta,
    /// Right part of the running header from page 2.
    pub running: String,
    /// The statement's date, `16/03/2026`.
    pub as_of: String,
    /// `Lyon, le 16/03/2026`.
    pub place_date: String,
    /// The seller.
    pub seller: Party,
    /// The customer.
    pub buyer: Party,
    /// Statement date and customer code, under the title.
    pub references: Vec<Field>,
    /// The sentence under the parties.
    pub intro: String,
    /// The entries, in booking order.
    pub entries: Vec<StatementEntry>,
    /// The footer row of the entries: column totals and the final balance.
    pub entries_total: StatementEntry,
    /// Printed instead of the table when there is no entry, else null.
    pub no_entries: Option<String>,
    /// The account's totals.
    pub totals: StatementTotals,
    /// The balance in words, with the amount in bold.
    pub balance_text: Paragraph,
    /// Invoices past their due date with something owed, oldest due date first.
    pub overdue: Vec<OverdueRow>,
    /// Σ outstanding of the overdue invoices, when there are some.
    pub overdue_total: Option<String>,
    /// The sentence above the overdue invoices, when there are some.
    pub overdue_text: Option<String>,
    /// How to pay, when the customer owes something.
    pub payment: Option<LetterPayment>,
    /// Fixed labels.
    pub labels: StatementLabels,
    /// Branding: colour, footer, logo path.
    pub branding: BrandingData,
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementEntry {
    /// Date.
    pub date: String,
    /// The document: invoice or credit note number, payment or refund id.
    pub document: String,
    /// "Facture", "Avoir", "Règlement reçu", "Remboursement".
    pub label: String,
    /// `invoice`, `credit_note`, `payment`, `refund` (`total` for the footer row).
    pub kind: String,
    /// What the customer owes more; empty when zero.
    pub debit: String,
    /// What the customer owes less; empty when zero.
    pub credit: String,
    /// Running balance: positive when the customer owes, negative in its favour.
    pub balance: String,
}

/// The account's totals, by name and as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementTotals {
    /// Σ invoices.
    pub invoiced: String,
    /// Σ credit notes.
    pub credited: String,
    /// Σ payments.
    pub received: String,
    /// Σ refunds.
    pub refunded: String,
    /// Σ what the invoices still owe.
    pub outstanding: String,
    /// Credit not yet used or refunded.
    pub credit: String,
    /// invoiced − credited − received + refunded = outstanding − credit.
    pub balance: String,
    /// Rows to print in order; `style` is `normal`, `due` (the balance) or `detail`.
    pub rows: Vec<TotalRow>,
}

/// One overdue invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueRow {
    /// Invoice number.
    pub invoice: String,
    /// Issue date.
    pub issue_date: String,
    /// Due date.
    pub due_date: String,
    /// Amount due incl. tax.
    pub amount: String,
    /// Still owed.
    pub outstanding: String,
    /// Days late as of the statement, `40 jours`.
    pub days_late: String,
}

/// Fixed labels of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLabels {
    /// "Page".
    pub page: String,
    /// "Client".
    pub buyer: String,
    /// "Mouvements du compte".
    pub entries: String,
    /// "Date".
    pub date: String,
    /// "Pièce".
    pub document: String,
    /// "Libellé".
    pub label: String,
    /// "Débit".
    pub debit: String,
    /// "Crédit".
    pub credit: String,
    /// "Solde".
    pub balance: String,
    /// "Synthèse".
    pub totals: String,
    /// "Factures échues non réglées".
    pub overdue: String,
    /// "Facture".
    pub invoice: String,
    /// "Émise le".
    pub issue_date: String,
    /// "Échéance".
    pub due_date: String,
    /// "Montant TTC".
    pub amount: String,
    /// "Reste dû".
    pub outstanding: String,
    /// "Retard".
    pub days_late: String,
    /// "Règlement".
    pub payment: String,
}

impl Default for StatementLabels {
    fn default() -> Self {
        let s = |x: &str| x.to_owned();
        StatementLabels {
            page: s("Page"),
            buyer: s("Client"),
            entries: s("Mouvements du compte"),
            date: s("Date"),
            document: s("Pièce"),
            label: s("Libellé"),
            debit: s("Débit"),
            credit: s("Crédit"),
            balance: s("Solde"),
            totals: s("Synthèse"),
            overdue: s("Factures échues non réglées"),
            invoice: s("Facture"),
            issue_date: s("Émise le"),
            due_date: s("Échéance"),
            amount: s("Montant TTC"),
            outstanding: s("Reste dû"),
            days_late: s("Retard"),
            payment: s("Règlement"),
        }
    }
}

/// The `kind` a template receives for an entry (the core's serde name).
fn entry_code(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Invoice => "invoice",
        EntryKind::CreditNote => "credit_note",
        EntryKind::Payment => "payment",
        EntryKind::Refund => "refund",
        _ => "other",
    }
}

/// An amount, or nothing when it is zero.
fn amount_or_blank(d: Decimal) -> String {
    if d.is_zero() { String::new() } else { format::euros(d) }
}

/// The render data of a statement.
pub(crate) fn statement_doc(statement: &Statement, branding: BrandingData) -> Result<StatementDoc, PdfError> {
    let (account, seller, buyer, as_of) = (statement.account(), statement.seller(), statement.buyer(), statement.as_of());
    // receivables are kept in euros (C. mon. fin. L111-1): amounts print in €
    let entries: Vec<StatementEntry> = account
        .entries
        .iter()
        .map(|e| StatementEntry {
            date: format::date(e.date),
            document: e.reference.clone(),
            label: format::entry_kind(e.kind).to_owned(),
            kind: entry_code(e.kind).to_owned(),
            debit: amount_or_blank(e.debit),
            credit: amount_or_blank(e.credit),
            balance: format::euros(e.balance),
        })
        .collect();

    let row = |label: &str, value: String, style: &str| TotalRow { label: label.to_owned(), value, style: style.to_owned() };
    let e = format::euros;
    let mut rows = vec![row("Total facturé", e(account.invoiced), "normal")];
    if !account.credited.is_zero() {
        rows.push(row("Avoirs", e(-account.credited), "normal"));
    }
    rows.push(row("Règlements reçus", e(-account.received), "normal"));
    if !account.refunded.is_zero() {
        rows.push(row("Remboursements", e(account.refunded), "normal"));
    }
    rows.push(row("Solde du compte", e(account.balance), "due"));
    if !account.credit.is_zero() {
        rows.push(row("dont factures restant dues", e(account.outstanding), "detail"));
        rows.push(row("dont crédit en votre faveur", e(-account.credit), "detail"));
    }
    let totals = StatementTotals {
        invoiced: e(account.invoiced),
        credited: e(account.credited),
        received: e(account.received),
        refunded: e(account.refunded),
        outstanding: e(account.outstanding),
        credit: e(account.credit),
        balance: e(account.balance),
        rows,
    };
    let balance_abs = e(account.balance.abs());
    let balance_key = match account.balance {
        b if b > Decimal::ZERO => LetterKey::StatementBalanceDue,
        b if b < Decimal::ZERO => LetterKey::StatementBalanceCredit,
        _ => LetterKey::StatementBalanceZero,
    };
    let (balance_text, _) = letters::paragraph(balance_key, as_of, &[("balance", &balance_abs)]);

    let overdue: Vec<OverdueRow> = statement
        .overdue()
        .iter()
        .map(|i| OverdueRow {
            invoice: i.number.clone(),
            issue_date: format::date(i.issue_date),
            due_date: format::date(i.due_date),
            amount: e(i.amount_due),
            outstanding: e(i.outstanding),
            days_late: format::days(statement.days_late(i)),
        })
        .collect();
    let has_overdue = !overdue.is_empty();

    let payment = (account.balance > Decimal::ZERO).then(|| LetterPayment {
        text: "Merci de rappeler les numéros des factures réglées avec votre paiement.".to_owned(),
        rows: bank_rows(seller),
    });

    let seller_block = seller_party(seller);
    let buyer_block = buyer_party(buyer);
    let date = format::date(as_of);
    let title = "Relevé de compte".to_owned();
    Ok(StatementDoc {
        schema_version: SCHEMA_VERSION,
        document: "statement".into(),
        meta: Meta {
            title: format!("{title} {} au {date}", buyer_block.name),
            author: seller_block.name.clone(),
            lang: "fr".into(),
            creator: crate::creator(),
        },
        running: format!("{title} — {} — au{NBSP}{date}", buyer_block.name),
        title,
        number: account.customer_id.clone(),
        place_date: place_date(&seller.address.city, as_of),
        references: vec![
            Field { label: "Date du relevé".into(), value: date.clone() },
            Field { label: "Code client".into(), value: account.customer_id.clone() },
        ],
        intro: letters::sentence(LetterKey::StatementIntro, as_of, &[("as_of", &date)]),
        no_entries: account.entries.is_empty().then(|| format!("Aucun mouvement sur votre compte au {date}.")),
        entries,
        entries_total: StatementEntry {
            date: String::new(),
            document: String::new(),
            label: "Totaux".into(),
            kind: "total".into(),
            debit: e(statement.debits()),
            credit: e(statement.credits()),
            balance: e(account.balance),
        },
        as_of: date,
        seller: seller_block,
        buyer: buyer_block,
        totals,
        balance_text,
        overdue_total: has_overdue.then(|| e(statement.overdue_total())),
        overdue_text: has_overdue.then(|| letters::sentence(LetterKey::StatementOverdue, as_of, &[])),
        overdue,
        payment,
        labels: StatementLabels::default(),
        branding,
    })
}
