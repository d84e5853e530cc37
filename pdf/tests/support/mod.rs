//! Helpers shared by the rendering tests: goldens, temporary files, text extraction with
//! `pdftotext` and page-1 snapshots with `pdftoppm` (poppler-utils).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where the PDF goldens live.
pub fn golden_dir() -> PathBuf {
    root().join("tests/golden/pdf")
}

/// `UPDATE_GOLDEN=1`: rewrite the goldens instead of comparing.
pub fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Hex sha256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh temporary file name with extension `ext`.
pub fn tmp(ext: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    std::env::temp_dir().join(format!("facturier-pdf-test-{}-{n}.{ext}", std::process::id()))
}

/// The text of a PDF, pages separated by form feeds; `None` when pdftotext is missing.
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    extract(pdf, &[])
}

/// The text of a PDF in the order it is drawn (`-raw`): Typst draws each line's text in logical
/// order, so a text comes back whole however the reading-order heuristics would place its pieces.
pub fn pdftotext_raw(pdf: &[u8]) -> Option<String> {
    extract(pdf, &["-raw"])
}

/// The text of a PDF as laid out (a table row on one line).
pub fn pdftotext_layout(pdf: &[u8]) -> Option<String> {
    extract(pdf, &["-layout"])
}

fn extract(pdf: &[u8], args: &[&str]) -> Option<String> {
    let path = tmp("pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).args(args).arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => {
            eprintln!("SKIPPED text checks: `pdftotext` not found (apt-get install poppler-utils)");
            None
        }
    }
}

/// Text with the spaces Typst and pdftotext vary on made plain, and break hints removed.
pub fn plain(s: &str) -> String {
    s.replace(['\u{202f}', '\u{a0}'], " ").replace('\u{200b}', "")
}

/// The text with every run of whitespace made one space: sentences wrapped over lines compare.
pub fn flat(s: &str) -> String {
    plain(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pages of a `pdftotext` text.
pub fn pages(text: &str) -> Vec<&str> {
    let mut p: Vec<&str> = text.split('\u{c}').collect();
    if p.last().is_some_and(|l| l.trim().is_empty()) {
        p.pop();
    }
    p
}

/// Compares `actual` with the golden file `name` (written when missing or with `UPDATE_GOLDEN=1`).
pub fn check_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if update() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(actual, expected, "golden {name} differs (UPDATE_GOLDEN=1 to accept, then review the diff)");
}

/// With `UPDATE_SNAPSHOTS=1`, writes page 1 of each PDF as `snapshots/<name>.png` (60 dpi) for
/// a person to review.
pub fn write_snapshots<'a>(pdfs: impl IntoIterator<Item = (&'a str, &'a [u8])>) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_none() {
        return;
    }
    let dir = golden_dir().join("snapshots");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, pdf) in pdfs {
        let path = tmp("pdf");
        std::fs::write(&path, pdf).unwrap();
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&path)
            .arg(dir.join(name))
            .status()
            .expect("pdftoppm (poppler-utils)");
        assert!(status.success());
        let _ = std::fs::remove_file(&path);
    }
}

use facturier_core::documents::credit_note::CreditLine;
use facturier_core::documents::numbering::{LastNumber, NumberingState};
use facturier_core::receivables::account::InvoiceAccount;
use facturier_core::receivables::dunning::Reminder;
use facturier_core::receivables::statement::CustomerAccount;
use facturier_core::{
    Buyer, CreditSelection, Decimal, DepositSpec, Document, IssuedInvoice, NaiveDate, Quote, QuoteContent, ReminderLetter, Seller,
    Statement, credit_note, issue, json,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The sale of the demo story (`facturier demo`), built with core calls only: the quote, its
/// deposit, final invoice and partial credit note.
pub struct Story {
    /// Quote v1 → v2, sent, accepted.
    pub quote: Quote,
    /// The 30 % deposit invoice.
    pub deposit: IssuedInvoice,
    /// The final invoice deducting the deposit.
    pub final_invoice: IssuedInvoice,
    /// The credit note of three months of hosting.
    pub credit_note: IssuedInvoice,
}

/// The documents of `cli/src/demo.rs`'s story, the same calls on the same examples: the same
/// documents, so the same PDFs.
pub fn story() -> Story {
    let v1: QuoteContent = json::from_str(include_str!("../../../examples/quote-v1.json")).unwrap();
    let v2: QuoteContent = json::from_str(include_str!("../../../examples/quote-v2.json")).unwrap();
    let quote = Quote::new("D-2026-0042", v1)
        .and_then(|q| q.send(day(2026, 10, 1)))
        .and_then(|q| q.revise(v2))
        .and_then(|q| q.send(day(2026, 10, 8)))
        .and_then(|q| q.accept(day(2026, 10, 12)))
        .unwrap();
    let last = LastNumber { year: 2026, month: None, sequence: 41, issue_date: Some(day(2026, 10, 5)) };
    let invoices = NumberingState::resume("invoices", "F-{YYYY}-{SEQ:5}", true, last).unwrap();
    let credits = NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:4}").unwrap();
    let deposit_draft = quote.to_deposit_draft(DepositSpec::Percent(Decimal::from(30)), &[]).unwrap();
    let (deposit, invoices) = issue(deposit_draft, &invoices, day(2026, 10, 13)).unwrap();
    let mut final_draft = quote.to_final_draft(std::slice::from_ref(&deposit), &[]).unwrap();
    final_draft.delivery_date = Some(day(2026, 11, 16));
    final_draft.purchase_order = Some("BC-2026-118".to_owned());
    let (final_invoice, _) = issue(final_draft, &invoices, day(2026, 11, 20)).unwrap();
    let selection = CreditSelection::Lines(vec![CreditLine { line_id: "4".to_owned(), quantity: Decimal::from(3) }]);
    let credit_draft = credit_note(&final_invoice, &selection, &[]).unwrap();
    let (credit_note, _) = issue(credit_draft, &credits, day(2026, 11, 22)).unwrap();
    Story { quote, deposit, final_invoice, credit_note }
}

/// An invoice as a document.
pub fn invoice_doc(invoice: &IssuedInvoice) -> Document {
    Document::Invoice(invoice.clone())
}

/// A quote as a document.
pub fn quote_doc(quote: &Quote) -> Document {
    Document::Quote(quote.clone())
}

/// The letter of `reminder` for `invoice` dated `date`, which the core accepts.
pub fn letter_doc(reminder: &Reminder, invoice: &IssuedInvoice, date: NaiveDate) -> Document {
    Document::Reminder(ReminderLetter::new(reminder.clone(), invoice.clone(), date).unwrap())
}

/// The statement of `account` as of `as_of`, listing the overdue ones of `invoices`, which the
/// core accepts.
pub fn statement_doc(account: &CustomerAccount, invoices: &[InvoiceAccount], seller: &Seller, buyer: &Buyer, as_of: NaiveDate) -> Document {
    Document::Statement(Statement::new(account.clone(), seller.clone(), buyer.clone(), as_of, invoices).unwrap())
}
