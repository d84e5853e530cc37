//! `facturier demo`: the whole story of a sale on embedded sample data.
//!
//! Quote v1 → revised v2 → sent → accepted → 30 % deposit invoice → final invoice deducting the
//! deposit → partial credit note. Every document is written as JSON and as PDF; a summary is returned.

use std::fmt::Write as _;
use std::path::Path;

use facturier_core::invoice::{CreditLine, IssuedInvoice};
use facturier_core::numbering::NumberingState;
use facturier_core::{CreditSelection, Decimal, DepositSpec, NaiveDate, Quote, QuoteContent, credit_note, issue, json};

use crate::CliError;

/// The first version of the sample quote.
pub const QUOTE_V1: &str = include_str!("../../examples/quote-v1.json");
/// The revised version of the sample quote.
pub const QUOTE_V2: &str = include_str!("../../examples/quote-v2.json");

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, CliError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| facturier_core::CoreError::wrong_state("date", "invalid demo date").into())
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
    let mut invoices = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}")?;
    invoices.year = Some(2026);
    invoices.last_sequence = 41;
    invoices.last_issue_date = Some(date(2026, 10, 5)?);
    let credits = NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:4}")?;

    let deposit_draft = quote.to_deposit_draft(DepositSpec::Percent(Decimal::from(30)), &[])?;
    let (deposit, invoices) = issue(deposit_draft, &invoices, date(2026, 10, 13)?)?;

    let mut final_draft = quote.to_final_draft(std::slice::from_ref(&deposit))?;
    final_draft.delivery_date = Some(date(2026, 11, 16)?);
    final_draft.purchase_order = Some("BC-2026-118".to_owned());
    let (final_invoice, invoices) = issue(final_draft, &invoices, date(2026, 11, 20)?)?;

    // Three months of hosting will not be provided: credit them.
    let selection = CreditSelection::Lines(vec![CreditLine { line_id: "4".to_owned(), quantity: Decimal::from(3) }]);
    let credit_draft = credit_note(&final_invoice, &selection)?;
    let (credit_note, credits) = issue(credit_draft, &credits, date(2026, 11, 22)?)?;

    Ok(Story { quote, deposit, final_invoice, credit_note, invoices_series: invoices, credit_notes_series: credits })
}

/// The files of the story: name and pretty JSON.
pub fn files(s: &Story) -> Result<Vec<(&'static str, String)>, CliError> {
    Ok(vec![
        ("quote.json", json::to_string_pretty(&s.quote)? + "\n"),
        ("deposit-invoice.json", json::to_string_pretty(&s.deposit)? + "\n"),
        ("final-invoice.json", json::to_string_pretty(&s.final_invoice)? + "\n"),
        ("credit-note.json", json::to_string_pretty(&s.credit_note)? + "\n"),
        ("series-invoices.json", json::to_string_pretty(&s.invoices_series)? + "\n"),
        ("series-credit-notes.json", json::to_string_pretty(&s.credit_notes_series)? + "\n"),
    ])
}

/// French money format, as the PDFs print it: `1 234,56 €`.
pub use facturier_pdf::format::euros;

fn describe(out: &mut String, inv: &IssuedInvoice) {
    let t = inv.totals();
    let _ = writeln!(out, "  {inv}, échéance {}", inv.due_date().format("%d/%m/%Y"));
    for g in &t.vat_breakdown {
        let _ = writeln!(
            out,
            "      TVA {} {:>5} % sur {:>14} : {:>12}",
            g.category.code(),
            g.rate.to_string().replace('.', ","),
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
    for inv in [&s.deposit, &s.final_invoice, &s.credit_note] {
        describe(&mut out, inv);
    }
    let _ = writeln!(
        out,
        "Séries : {} (dernier n° {}), {} (dernier n° {})",
        s.invoices_series.pattern, s.invoices_series.last_sequence, s.credit_notes_series.pattern, s.credit_notes_series.last_sequence
    );
    out
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
    let pdfs = [
        ("quote.pdf", renderer.render_quote(&s.quote, &options)?),
        ("deposit-invoice.pdf", renderer.render_invoice(&s.deposit, &options)?),
        ("final-invoice.pdf", renderer.render_invoice(&s.final_invoice, &options)?),
        ("credit-note.pdf", renderer.render_invoice(&s.credit_note, &options)?),
    ];
    for (name, bytes) in pdfs {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(CliError::io(&path))?;
    }
    let _ = writeln!(text, "Documents écrits dans {}", out.display());
    Ok(text)
}
