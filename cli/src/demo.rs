//! `facturier demo`: the whole story of a sale on embedded sample data.
//!
//! Quote v1 → revised v2 → sent → accepted → 30 % deposit invoice → final invoice deducting the
//! deposit → partial credit note. Then the money: the deposit is paid, the final invoice only in
//! part, a second customer leaves an invoice payable on receipt unpaid despite a reminder, and the
//! receivables are computed as of [`AS_OF`] — aging, the reminders due with late interest and
//! the 40 € indemnity (a formal notice for the late invoice), the cash forecast. Every document
//! is written as JSON and as PDF; a summary is returned. No clock is read: the output is the same
//! every time.

use std::fmt::Write as _;
use std::path::Path;

use facturier_core::documents::credit_note::CreditLine;
use facturier_core::documents::draft::InvoiceDraft;
use facturier_core::documents::invoice::IssuedInvoice;
use facturier_core::documents::numbering::{LastNumber, NumberingState};
use facturier_core::presentation::{self, date as date_fr};
use facturier_core::receivables::cash::Period;
use facturier_core::receivables::dunning::{Reminder, SentReminder};
use facturier_core::receivables::payment::{Allocation, PaymentMode, ReceivableInvoice};
use facturier_core::receivables::statement::CustomerAccount;
use facturier_core::receivables::{ReceivablesInput, ReceivablesReport, receivables};
use facturier_core::{
    CreditSelection, Decimal, DepositSpec, Document, NaiveDate, Payment, Quote, QuoteContent, ReminderLetter, Statement, credit_note,
    issue, json,
};

use crate::CliError;

pub mod contracts;

/// The first version of the sample quote.
pub const QUOTE_V1: &str = include_str!("../../examples/quote-v1.json");
/// The revised version of the sample quote.
pub const QUOTE_V2: &str = include_str!("../../examples/quote-v2.json");
/// The draft of the second customer's invoice, payable on receipt, left unpaid.
pub const LATE_DRAFT: &str = include_str!("../../examples/invoice-draft-studio.json");

/// The date of the receivables report: the late invoice is 35 days overdue.
pub const AS_OF: (i32, u32, u32) = (2026, 12, 28);
/// The customer key of the quote's buyer.
pub const CUSTOMER: &str = "CUST-001";
/// The customer key of the late invoice's buyer.
pub const LATE_CUSTOMER: &str = "CUST-002";

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, CliError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| facturier_core::CoreError::internal("date", "invalid demo date").into())
}

/// Every document of the story, in order.
#[derive(Debug)]
pub struct Story {
    /// The quote with both versions and its history.
    pub quote: Quote,
    /// The deposit invoice.
    pub deposit: IssuedInvoice,
    /// The final invoice.
    pub final_invoice: IssuedInvoice,
    /// The partial credit note on the final invoice.
    pub credit_note: IssuedInvoice,
    /// The second customer's invoice, payable on receipt, unpaid.
    pub late_invoice: IssuedInvoice,
    /// Every fact of the receivables: the invoices, the payments, the reminders sent.
    pub receivables_input: ReceivablesInput,
    /// The receivables as of [`AS_OF`].
    pub receivables: ReceivablesReport,
    /// The invoice series state after the story.
    pub invoices_series: NumberingState,
    /// The credit-note series state after the story.
    pub credit_notes_series: NumberingState,
}

/// Runs the story in memory: pure, same output every time.
pub fn story() -> Result<Story, CliError> {
    let v1: QuoteContent = json::from_str(QUOTE_V1)?;
    let v2: QuoteContent = json::from_str(QUOTE_V2)?;
    let quote =
        Quote::new("D-2026-0042", v1)?.send(date(2026, 10, 1)?)?.revise(v2)?.send(date(2026, 10, 8)?)?.accept(date(2026, 10, 12)?)?;

    // The invoice series already holds 41 invoices this year; credit notes have their own series.
    let last = LastNumber { year: 2026, month: None, sequence: 41, issue_date: Some(date(2026, 10, 5)?) };
    let invoices = NumberingState::resume("invoices", "F-{YYYY}-{SEQ:5}", true, last)?;
    let credits = NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:4}")?;

    let deposit_draft = quote.to_deposit_draft(DepositSpec::Percent(Decimal::from(30)), &[])?;
    let (deposit, invoices) = issue(deposit_draft, &invoices, date(2026, 10, 13)?)?;

    let mut final_draft = quote.to_final_draft(std::slice::from_ref(&deposit), &[])?;
    final_draft.delivery_date = Some(date(2026, 11, 16)?);
    final_draft.purchase_order = Some("BC-2026-118".to_owned());
    let (final_invoice, invoices) = issue(final_draft, &invoices, date(2026, 11, 20)?)?;

    // Three months of hosting will not be provided: credit them.
    let selection = CreditSelection::Lines(vec![CreditLine { line_id: "4".to_owned(), quantity: Decimal::from(3) }]);
    let credit_draft = credit_note(&final_invoice, &selection, &[])?;
    let (credit_note, credits) = issue(credit_draft, &credits, date(2026, 11, 22)?)?;

    // Another business customer: a gallery integrated on 20/11, invoiced on 23/11 payable on receipt.
    let late_draft: InvoiceDraft = json::from_str(LATE_DRAFT)?;
    let (late_invoice, invoices) = issue(late_draft, &invoices, date(2026, 11, 23)?)?;

    let receivables_input = receivables_input(&deposit, &final_invoice, &credit_note, &late_invoice)?;
    let (y, m, d) = AS_OF;
    let receivables = receivables(&receivables_input, date(y, m, d)?)?;

    Ok(Story {
        quote,
        deposit,
        final_invoice,
        credit_note,
        late_invoice,
        receivables_input,
        receivables,
        invoices_series: invoices,
        credit_notes_series: credits,
    })
}

/// The facts of the receivables: the deposit paid by transfer on 20/10; a courteous reminder of
/// the final invoice on 17/12 (J-3) and a cheque of 2 000,00 € for it on 18/12, the rest left
/// unpaid; a firm reminder of the late invoice on 30/11 (J+7), nothing paid. The cash figures
/// cover the fourth quarter.
fn receivables_input(
    deposit: &IssuedInvoice,
    final_invoice: &IssuedInvoice,
    credit_note: &IssuedInvoice,
    late_invoice: &IssuedInvoice,
) -> Result<ReceivablesInput, CliError> {
    let of = |customer: &str, invoice: &IssuedInvoice| ReceivableInvoice::new(Some(customer.to_owned()), invoice.clone());
    let pay = |id: &str, date, amount: Decimal, mode, reference: &str, invoice: &IssuedInvoice| Payment {
        id: id.to_owned(),
        customer_id: CUSTOMER.to_owned(),
        date,
        amount,
        currency: Default::default(),
        mode,
        reference: Some(reference.to_owned()),
        allocations: vec![Allocation { invoice: invoice.number().to_owned(), amount }],
    };
    let sent =
        |invoice: &IssuedInvoice, level: &str, date| SentReminder { invoice: invoice.number().to_owned(), level: level.to_owned(), date };
    Ok(ReceivablesInput {
        invoices: vec![of(CUSTOMER, deposit), of(CUSTOMER, final_invoice), of(CUSTOMER, credit_note), of(LATE_CUSTOMER, late_invoice)],
        payments: vec![
            pay(
                "PAY-0001",
                date(2026, 10, 20)?,
                deposit.totals().amount_due,
                PaymentMode::Transfer,
                "VIR BOULANGERIE MARTIN ACOMPTE",
                deposit,
            ),
            pay("PAY-0002", date(2026, 12, 18)?, Decimal::new(200_000, 2), PaymentMode::Cheque, "Chèque n° 4521873", final_invoice),
        ],
        reminders: vec![sent(final_invoice, "courteous", date(2026, 12, 17)?), sent(late_invoice, "firm", date(2026, 11, 30)?)],
        period: Some(Period { from: date(2026, 10, 1)?, to: date(2026, 12, 31)? }),
        ..ReceivablesInput::default()
    })
}

/// The files of the story: name and pretty JSON.
pub fn files(s: &Story) -> Result<Vec<(&'static str, String)>, CliError> {
    Ok(vec![
        ("quote.json", json::to_string_pretty(&s.quote)? + "\n"),
        ("deposit-invoice.json", json::to_string_pretty(&s.deposit)? + "\n"),
        ("final-invoice.json", json::to_string_pretty(&s.final_invoice)? + "\n"),
        ("credit-note.json", json::to_string_pretty(&s.credit_note)? + "\n"),
        ("late-invoice.json", json::to_string_pretty(&s.late_invoice)? + "\n"),
        ("series-invoices.json", json::to_string_pretty(&s.invoices_series)? + "\n"),
        ("series-credit-notes.json", json::to_string_pretty(&s.credit_notes_series)? + "\n"),
        ("receivables-input.json", json::to_string_pretty(&s.receivables_input)? + "\n"),
        ("receivables-report.json", json::to_string_pretty(&s.receivables)? + "\n"),
    ])
}

/// French money format, as the PDFs print it: `1 234,56 €`.
pub use facturier_core::presentation::euros;

fn describe(out: &mut String, inv: &IssuedInvoice) {
    let t = inv.totals();
    let _ = writeln!(out, "  {inv}, échéance {}", inv.due_date().format("%d/%m/%Y"));
    for g in &t.vat_breakdown {
        let _ = writeln!(
            out,
            "      TVA {} {:>5} % sur {:>14} : {:>12}",
            g.category.code(),
            presentation::plain_number(g.rate),
            euros(g.basis),
            euros(g.vat)
        );
        if !g.deposit_basis.is_zero() {
            let _ = writeln!(out, "        dont acomptes    {:>14} : {:>12}", euros(g.deposit_basis), euros(g.deposit_vat));
        }
    }
    let _ = writeln!(
        out,
        "      Total HT {:>14}   TVA {:>12}   TTC {:>14}",
        euros(t.total_excl_tax),
        euros(t.vat_total),
        euros(t.total_incl_tax)
    );
    if !t.prepaid.is_zero() {
        let _ = writeln!(out, "      Déjà versé {:>12}   Net à payer {:>14}", euros(t.prepaid), euros(t.amount_due));
    }
}

/// A readable summary of the story.
pub fn summary(s: &Story) -> String {
    let mut out = String::new();
    let q = &s.quote;
    let _ = writeln!(out, "Devis {} — {} version(s), statut {}", q.number(), q.versions().len(), q.status());
    for h in q.history() {
        let _ = writeln!(out, "  {} v{} → {}", h.date.format("%d/%m/%Y"), h.version, h.status);
    }
    if let Ok(t) = q.current().content.totals() {
        let _ = writeln!(out, "  v{} : {} HT, {} TTC", q.current().version, euros(t.total_excl_tax), euros(t.total_incl_tax));
    }
    for inv in [&s.deposit, &s.final_invoice, &s.credit_note, &s.late_invoice] {
        describe(&mut out, inv);
    }
    let _ = writeln!(
        out,
        "Séries : {} (dernier n° {}), {} (dernier n° {})",
        s.invoices_series.pattern(),
        s.invoices_series.last_sequence(),
        s.credit_notes_series.pattern(),
        s.credit_notes_series.last_sequence()
    );
    receivables_summary(&mut out, &s.receivables_input, &s.receivables);
    out
}

/// The receivables part of the summary: payments, what is still owed, the reminders to send.
fn receivables_summary(out: &mut String, input: &ReceivablesInput, r: &ReceivablesReport) {
    let _ = writeln!(out, "Encaissements et relances envoyées");
    for p in &r.payments {
        let to: Vec<&str> = p.allocations.iter().map(|a| a.invoice.as_str()).collect();
        let _ = writeln!(
            out,
            "  {} {} {} : {} sur {}",
            date_fr(p.date),
            p.id,
            presentation::payment_mode(p.mode),
            euros(p.amount),
            to.join(", ")
        );
    }
    let schedule = input.dunning.clone().unwrap_or_default();
    for m in &input.reminders {
        let title = schedule.step(&m.level).map_or(m.level.as_str(), |(_, step)| presentation::reminder_title(step.kind));
        let _ = writeln!(out, "  {} {} envoyée pour {}", date_fr(m.date), title, m.invoice);
    }
    let _ = writeln!(out, "Créances au {} : {} restant dû", date_fr(r.as_of), euros(r.cash.outstanding));
    for u in &r.cash.unpaid {
        let _ = writeln!(
            out,
            "  {} {} : {} sur {}, échéance {}, {} j de retard",
            u.invoice,
            u.buyer_name,
            euros(u.outstanding),
            euros(u.amount_due),
            date_fr(u.due_date),
            u.days_late
        );
    }
    let _ = writeln!(out, "Relances à envoyer au {}", date_fr(r.as_of));
    for m in &r.reminders {
        let _ = writeln!(out, "  {} {} ({}), {} j de retard", presentation::reminder_title(m.kind), m.invoice, m.buyer_name, m.days_late);
        let _ = writeln!(
            out,
            "    {} + intérêts {} + indemnité {} = {}",
            euros(m.outstanding),
            euros(m.interest),
            euros(m.indemnity),
            euros(m.total_claimed)
        );
        if let Some(deadline) = m.payment_deadline {
            let _ = writeln!(out, "    à payer avant le {}", date_fr(deadline));
        }
    }
    if let Some(w) = crate::receivables::provisional_warning(r) {
        for line in w.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
}

/// The reminder letters of the story, dated [`AS_OF`]: file name (`reminder-<invoice>-<level>.pdf`),
/// the reminder due and the invoice it reminds.
pub fn reminder_letters(s: &Story) -> Vec<(String, &Reminder, &IssuedInvoice)> {
    s.receivables
        .reminders
        .iter()
        .filter_map(|m| {
            let invoice = s.receivables_input.invoices.iter().find(|i| i.invoice.number() == m.invoice)?;
            Some((format!("reminder-{}-{}.pdf", m.invoice, m.level), m, &invoice.invoice))
        })
        .collect()
}

/// The account statements of the story, as of [`AS_OF`]: file name (`statement-<customer_id>.pdf`),
/// the customer's account and its latest document, whose seller and buyer the statement names.
pub fn statements(s: &Story) -> Vec<(String, &CustomerAccount, &IssuedInvoice)> {
    s.receivables
        .customers
        .iter()
        .filter_map(|c| {
            let latest =
                s.receivables_input.invoices.iter().filter(|i| i.customer() == c.customer_id).max_by_key(|i| i.invoice.issue_date())?;
            Some((format!("statement-{}.pdf", c.customer_id), c, &latest.invoice))
        })
        .collect()
}

/// Every document of the story to print, with its PDF file name: the quote, the four invoices,
/// a letter per reminder due and a statement per customer, dated [`AS_OF`].
pub fn documents(s: &Story) -> Result<Vec<(String, Document)>, CliError> {
    let mut out: Vec<(String, Document)> = vec![
        ("quote.pdf".to_owned(), Document::Quote(s.quote.clone())),
        ("deposit-invoice.pdf".to_owned(), Document::Invoice(s.deposit.clone())),
        ("final-invoice.pdf".to_owned(), Document::Invoice(s.final_invoice.clone())),
        ("credit-note.pdf".to_owned(), Document::Invoice(s.credit_note.clone())),
        ("late-invoice.pdf".to_owned(), Document::Invoice(s.late_invoice.clone())),
    ];
    let r = &s.receivables;
    for (name, reminder, invoice) in reminder_letters(s) {
        out.push((name, Document::Reminder(ReminderLetter::new(reminder.clone(), invoice.clone(), r.as_of)?)));
    }
    for (name, account, invoice) in statements(s) {
        let (seller, buyer) = (invoice.content().seller.clone(), invoice.content().buyer.clone());
        out.push((name, Document::Statement(Statement::new(account.clone(), seller, buyer, r.as_of, &r.invoices)?)));
    }
    Ok(out)
}

/// The invoices of the story written as Factur-X PDFs (EN 16931), with their file names
/// (`<name>-facturx.pdf`): the deposit, final and late invoices and the credit note.
pub fn facturx_invoices(s: &Story) -> Vec<(String, &IssuedInvoice)> {
    vec![
        ("deposit-invoice-facturx.pdf".to_owned(), &s.deposit),
        ("final-invoice-facturx.pdf".to_owned(), &s.final_invoice),
        ("credit-note-facturx.pdf".to_owned(), &s.credit_note),
        ("late-invoice-facturx.pdf".to_owned(), &s.late_invoice),
    ]
}

/// Runs the story and writes its documents to `out`; returns the summary.
pub fn run(out: &Path) -> Result<String, CliError> {
    let s = story()?;
    std::fs::create_dir_all(out).map_err(CliError::io(out))?;
    let mut text = summary(&s);
    for (name, body) in files(&s)? {
        let path = out.join(name);
        std::fs::write(&path, body).map_err(CliError::io(&path))?;
    }
    let renderer = facturier_pdf::Renderer::new()?;
    let options = facturier_pdf::RenderOptions::default();
    for (name, document) in documents(&s)? {
        let path = out.join(name);
        std::fs::write(&path, renderer.render(&document, &options)?).map_err(CliError::io(&path))?;
    }
    let facturx = facturx_invoices(&s);
    for (name, invoice) in &facturx {
        let path = out.join(name);
        let pdf = renderer.render_facturx(invoice, &options, facturier_einvoice::Profile::En16931)?;
        std::fs::write(&path, pdf).map_err(CliError::io(&path))?;
    }
    let names: Vec<&str> = facturx.iter().map(|(n, _)| n.as_str()).collect();
    let _ = writeln!(text, "Factur-X (EN 16931, PDF/A-3b + factur-x.xml) : {}", names.join(", "));
    text.push_str(&contracts::run(out, &renderer)?);
    text.push_str(&crate::fec::demo(&s, out)?);
    let _ = writeln!(text, "Documents écrits dans {}", out.display());
    Ok(text)
}
