//! Shared by the FEC tests: the journal of fec.md §5's story, validated, and file helpers.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use facturier_core::accounting::entry::JournalEntry;
use facturier_core::accounting::numbering::EntryNumbering;
use facturier_core::accounting::{AccountingInput, BankFee, ProcessorFee, post};
use facturier_core::documents::draft::InvoiceKind;
use facturier_core::documents::invoice::IssuedInvoice;
use facturier_core::documents::numbering::NumberingState;
use facturier_core::line::{Line, SupplyKind};
use facturier_core::party::VatRegime;
use facturier_core::receivables::payment::{Allocation, Payment, PaymentMode, ReceivableInvoice};
use facturier_core::testkit::{buyer, date, payment, seller, service_line};
use facturier_core::{CreditSelection, Decimal, InvoiceDraft, NaiveDate, VatCategory, credit_note, final_invoice, issue};
use facturier_fec::WriteOptions;

pub const SIREN: &str = "813883964";

pub fn closing() -> NaiveDate {
    date(2024, 12, 31)
}

fn d(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

fn draft(lines: Vec<Line>) -> InvoiceDraft {
    let mut s = seller();
    s.vat_regime = VatRegime::Debits;
    let mut b = buyer();
    b.name = "Boulangerie Martin".into();
    InvoiceDraft::new(s, b, lines)
}

fn issued(d: InvoiceDraft, series: &mut NumberingState, day: NaiveDate) -> IssuedInvoice {
    let (inv, next) = issue(d, series, day).unwrap();
    *series = next;
    inv
}

fn paid(id: &str, day: NaiveDate, amount: Decimal, invoice: &str) -> Payment {
    let mut p = payment(id, "C0001", day, amount, PaymentMode::Transfer);
    p.allocations.push(Allocation { invoice: invoice.into(), amount });
    p
}

/// The accounting input of fec.md §5's story.
pub fn story_input() -> AccountingInput {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let mut credits = NumberingState::continuous("credit-notes", "AV{SEQ:3}").unwrap();
    let goods = Line { supply: SupplyKind::Goods, vat_rate: d(55, 1), description: "Farine | T65".into(), ..service_line("2", d(200, 0)) };
    let sale = issued(draft(vec![service_line("1", d(1000, 0)), goods]), &mut series, date(2024, 3, 1));
    let operation = draft(vec![service_line("1", d(2000, 0))]);
    let mut dep = operation.clone();
    dep.kind = InvoiceKind::Deposit;
    dep.lines = vec![Line { description: "Acompte de 30 %".into(), ..service_line("A1", d(600, 0)) }];
    let deposit = issued(dep, &mut series, date(2024, 3, 5));
    let sel = CreditSelection::Amount { amount: d(100, 0), vat_category: VatCategory::S, vat_rate: d(55, 1), reason: "Retour".into() };
    let cn = issued(credit_note(&sale, &sel, &[]).unwrap(), &mut credits, date(2024, 3, 15));
    let fin = issued(final_invoice(operation, std::slice::from_ref(&deposit), &[]).unwrap(), &mut series, date(2024, 4, 1));
    let rc = |inv: IssuedInvoice| ReceivableInvoice::new(Some("C0001".into()), inv);
    AccountingInput {
        invoices: vec![rc(sale), rc(deposit), rc(cn), rc(fin)],
        payments: vec![
            paid("P1", date(2024, 3, 10), d(720, 0), "F002"),
            paid("P2", date(2024, 3, 20), d(130550, 2), "F001"),
            paid("P3", date(2024, 4, 5), d(1000, 0), "F003"),
            Payment { mode: PaymentMode::Card, ..paid("P4", date(2024, 4, 10), d(680, 0), "F003") },
        ],
        processor_fees: vec![ProcessorFee { payment: "P4".into(), amount: d(145, 2), vat: Decimal::ZERO }],
        bank_fees: vec![BankFee { id: "FR-04".into(), date: date(2024, 4, 30), amount: d(10, 0), vat: d(2, 0), label: String::new() }],
        ..Default::default()
    }
}

/// The story's journal, every entry validated on its own date (month by month).
pub fn story_entries() -> Vec<JournalEntry> {
    validated(&story_input(), closing())
}

/// The journal of `input` as of `as_of`, validated on `as_of`, file-wide numbering.
pub fn validated(input: &AccountingInput, as_of: NaiveDate) -> Vec<JournalEntry> {
    let j = post(input, as_of).unwrap();
    let (entries, _) = EntryNumbering::file_wide().validate(j.entries, as_of).unwrap();
    entries
}

/// The flat FEC of `entries` with `options`.
pub fn flat(entries: &[JournalEntry], options: WriteOptions) -> Vec<u8> {
    let (bytes, n) = facturier_fec::write_flat(Vec::new(), options, entries).unwrap();
    assert_eq!(n, entries.iter().map(|e| e.lines.len() as u64).sum::<u64>());
    bytes
}

/// The XML FEC of `entries`.
pub fn xml(entries: &[JournalEntry], options: WriteOptions) -> Vec<u8> {
    facturier_fec::write_xml(Vec::new(), options, closing(), entries).unwrap().0
}

pub fn file_name() -> String {
    facturier_fec::file_name(SIREN, closing()).unwrap()
}

pub fn check(bytes: &[u8]) -> facturier_fec::check::Report {
    facturier_fec::check::check_reader(bytes, Some(&file_name()), &Default::default())
}
