//! The standard entries of shared/spec/fec.md §5, entry by entry, and the journal's invariants.

use rust_decimal_macros::dec;

use super::*;
use crate::accounting::entry::JournalEntry;
use crate::documents::credit_note::{CreditSelection, credit_note};
use crate::documents::deposit::final_invoice;
use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::documents::invoice::{IssuedInvoice, issue};
use crate::documents::numbering::NumberingState;
use crate::line::{Line, SupplyKind};
use crate::party::VatRegime;
use crate::receivables::payment::{Allocation, PaymentMode};
use crate::testkit::{buyer, date, payment, seller, service_line};
use crate::vat::VatCategory;

fn goods_line(id: &str, price: Decimal, rate: Decimal) -> Line {
    Line { supply: SupplyKind::Goods, vat_rate: rate, description: "Marchandise".into(), ..service_line(id, price) }
}

fn draft(regime: VatRegime, lines: Vec<Line>) -> InvoiceDraft {
    let mut s = seller();
    s.vat_regime = regime;
    InvoiceDraft::new(s, buyer(), lines)
}

/// Issues `d` on `day` with the next number of `series`.
fn issued(d: InvoiceDraft, series: &mut NumberingState, day: NaiveDate) -> IssuedInvoice {
    let (inv, next) = issue(d, series, day).unwrap();
    *series = next;
    inv
}

fn customer(inv: IssuedInvoice, id: &str) -> ReceivableInvoice {
    ReceivableInvoice::new(Some(id.to_owned()), inv)
}

fn paid(id: &str, cust: &str, day: NaiveDate, amount: Decimal, invoice: Option<&str>) -> Payment {
    let mut p = payment(id, cust, day, amount, PaymentMode::Transfer);
    if let Some(n) = invoice {
        p.allocations.push(Allocation { invoice: n.to_owned(), amount });
    }
    p
}

/// "D 411 C0001 1411.00" per line, in the entry's order.
fn shown(e: &JournalEntry) -> Vec<String> {
    e.lines
        .iter()
        .map(|l| {
            let (side, amount) = if l.debit.is_zero() { ("C", l.credit) } else { ("D", l.debit) };
            let aux = l.aux_account.as_deref().map(|a| format!(" {a}")).unwrap_or_default();
            format!("{side} {}{aux} {amount}", l.account)
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn expect(e: &JournalEntry, journal: &str, lines: &[&str]) {
    assert_eq!(e.journal, journal, "{}", e.id);
    assert_eq!(sorted(shown(e)), sorted(lines.iter().map(|s| s.to_string()).collect()), "{}", e.id);
    let (d, c) = e.totals().unwrap();
    assert_eq!(d, c, "{} balances", e.id);
}

fn entry<'a>(j: &'a Journal, id: &str) -> &'a JournalEntry {
    j.entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entry {id}: {:?}", j.entries.iter().map(|e| &e.id).collect::<Vec<_>>()))
}

fn letters(e: &JournalEntry, account: &str) -> Vec<(Option<String>, Option<NaiveDate>)> {
    e.lines.iter().filter(|l| l.account == account).map(|l| (l.letter.clone(), l.letter_date)).collect()
}

/// The story of fec.md §5, with a seller under the débits option (VAT at issue, as the spec's
/// lines show it): sale on two rates, deposit, its payment, final invoice, credit note, payments.
struct Story {
    input: AccountingInput,
}

fn story() -> Story {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let mut credits = NumberingState::continuous("credit-notes", "AV{SEQ:3}").unwrap();
    // 1. Sale, two VAT rates: 1000 HT services 20 % + 200 HT goods 5,5 %
    let sale = issued(
        draft(VatRegime::Debits, vec![service_line("1", dec!(1000)), goods_line("2", dec!(200), dec!(5.5))]),
        &mut series,
        date(2024, 3, 1),
    );
    // 2. Deposit invoice: 30 % of 2000 HT services 20 %
    let operation = draft(VatRegime::Debits, vec![service_line("1", dec!(2000))]);
    let mut dep = operation.clone();
    dep.kind = InvoiceKind::Deposit;
    dep.lines = vec![Line { description: "Acompte de 30 %".into(), ..service_line("A1", dec!(600)) }];
    let deposit = issued(dep, &mut series, date(2024, 3, 5));
    // 5. Credit note 100 HT goods 5,5 % on the first invoice
    let cn = credit_note(
        &sale,
        &CreditSelection::Amount { amount: dec!(100), vat_category: VatCategory::S, vat_rate: dec!(5.5), reason: "Retour".into() },
        &[],
    )
    .unwrap();
    let cn = issued(cn, &mut credits, date(2024, 3, 15));
    // 4. Final invoice 2000 HT, deposit deducted
    let fin = issued(final_invoice(operation, std::slice::from_ref(&deposit), &[]).unwrap(), &mut series, date(2024, 4, 1));
    // the PSP customer: 100 HT services, paid by card net of a 1,45 fee
    let other = issued(draft(VatRegime::Debits, vec![service_line("1", dec!(100))]), &mut series, date(2024, 4, 2));
    let input = AccountingInput {
        invoices: vec![
            customer(sale, "C0001"),
            customer(deposit, "C0001"),
            customer(cn, "C0001"),
            customer(fin, "C0001"),
            customer(other, "C0002"),
        ],
        payments: vec![
            paid("P1", "C0001", date(2024, 3, 10), dec!(720), Some("F002")),
            paid("P2", "C0001", date(2024, 3, 20), dec!(1305.50), Some("F001")),
            paid("P3", "C0001", date(2024, 4, 5), dec!(1000), Some("F003")),
            paid("P4", "C0001", date(2024, 4, 10), dec!(680), Some("F003")),
            Payment { mode: PaymentMode::Card, ..paid("P5", "C0002", date(2024, 4, 3), dec!(120), Some("F004")) },
        ],
        processor_fees: vec![ProcessorFee { payment: "P5".into(), amount: dec!(1.45), vat: Decimal::ZERO }],
        bank_fees: vec![BankFee { id: "FR-04".into(), date: date(2024, 4, 30), amount: dec!(10), vat: dec!(2), label: String::new() }],
        ..Default::default()
    };
    Story { input }
}

#[test]
fn sale_on_two_rates() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "invoice:F001"), "VT", &["D 411 C0001 1411.00", "C 706 1000.00", "C 707 200.00", "C 445711 200.00", "C 445712 11.00"]);
}

#[test]
fn deposit_invoice() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "invoice:F002"), "VT", &["D 411 C0001 720.00", "C 4191 600.00", "C 445711 120.00"]);
}

#[test]
fn deposit_received_is_lettered_with_its_invoice() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "payment:P1"), "BQ", &["D 512 720.00", "C 411 C0001 720.00"]);
    let b = (Some("B".to_owned()), Some(date(2024, 3, 10)));
    assert_eq!(letters(entry(&j, "payment:P1"), "411"), vec![b.clone()]);
    assert_eq!(letters(entry(&j, "invoice:F002"), "411"), vec![b]);
}

#[test]
fn final_invoice_deducts_the_deposit() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "invoice:F003"), "VT", &["D 411 C0001 1680.00", "D 4191 600.00", "C 706 2000.00", "C 445711 280.00"]);
    // the deposit account nets to zero between the deposit invoice and the final invoice
    let a = (Some("A".to_owned()), Some(date(2024, 4, 1)));
    assert_eq!(letters(entry(&j, "invoice:F003"), "4191"), vec![a.clone()]);
    assert_eq!(letters(entry(&j, "invoice:F002"), "4191"), vec![a]);
}

#[test]
fn credit_note_on_goods() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "credit_note:AV001"), "VT", &["D 707 100.00", "D 445712 5.50", "C 411 C0001 105.50"]);
}

#[test]
fn payment_net_of_the_credit_note_letters_a() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "payment:P2"), "BQ", &["D 512 1305.50", "C 411 C0001 1305.50"]);
    let a = vec![(Some("A".to_owned()), Some(date(2024, 3, 20)))];
    for id in ["invoice:F001", "credit_note:AV001", "payment:P2"] {
        assert_eq!(letters(entry(&j, id), "411"), a, "{id}");
    }
}

#[test]
fn partial_payment_is_lettered_lowercase_until_the_balance() {
    let j = post(&story().input, date(2024, 4, 7)).unwrap();
    expect(entry(&j, "payment:P3"), "BQ", &["D 512 1000.00", "C 411 C0001 1000.00"]);
    let c = vec![(Some("c".to_owned()), Some(date(2024, 4, 5)))];
    assert_eq!(letters(entry(&j, "payment:P3"), "411"), c);
    assert_eq!(letters(entry(&j, "invoice:F003"), "411"), c);
    // without partial letters, nothing until the balance
    let input = AccountingInput { partial_letters: false, ..story().input };
    let j = post(&input, date(2024, 4, 7)).unwrap();
    assert_eq!(letters(entry(&j, "payment:P3"), "411"), vec![(None, None)]);
}

#[test]
fn balance_letters_the_three_lines_c() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "payment:P4"), "BQ", &["D 512 680.00", "C 411 C0001 680.00"]);
    let c = vec![(Some("C".to_owned()), Some(date(2024, 4, 10)))];
    for id in ["invoice:F003", "payment:P3", "payment:P4"] {
        assert_eq!(letters(entry(&j, id), "411"), c, "{id}");
    }
}

#[test]
fn bank_fees_with_vat() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "bank_fee:FR-04"), "BQ", &["D 627 10.00", "D 44566 2.00", "C 512 12.00"]);
}

#[test]
fn payment_net_of_a_processor_fee() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "payment:P5"), "BQ", &["D 512 118.55", "D 627 1.45", "C 411 C0002 120.00"]);
}

#[test]
fn lettering_never_touches_classes_6_and_7() {
    let j = post(&story().input, date(2024, 12, 31)).unwrap();
    for e in &j.entries {
        for l in &e.lines {
            if l.letter.is_some() {
                assert_eq!(l.class(), 4, "{} {}", e.id, l.account);
            }
        }
    }
}

/// Services without the débits option: the invoice's VAT waits on 44574x and moves to 44571x
/// with each payment, pro rata (CGI 269-2-c); the return agrees with the entries.
#[test]
fn vat_on_receipts_moves_with_each_payment() {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let inv = issued(
        draft(VatRegime::Normal, vec![service_line("1", dec!(1000)), goods_line("2", dec!(100), dec!(20))]),
        &mut series,
        date(2024, 5, 2),
    );
    let input = AccountingInput {
        invoices: vec![customer(inv, "C1")],
        payments: vec![paid("P1", "C1", date(2024, 5, 20), dec!(660), None), paid("P2", "C1", date(2024, 6, 3), dec!(660), None)],
        ..Default::default()
    };
    let j = post(&input, date(2024, 12, 31)).unwrap();
    // goods VAT (20) due at issue, services VAT (200) waits
    expect(entry(&j, "invoice:F001"), "VT", &["D 411 C1 1320.00", "C 706 1000.00", "C 707 100.00", "C 445741 200.00", "C 445711 20.00"]);
    // half the invoice paid: half the waiting VAT moves
    expect(entry(&j, "vat:P1:2024-05-20"), "OD", &["D 445741 100.00", "C 445711 100.00"]);
    expect(entry(&j, "vat:P2:2024-06-03"), "OD", &["D 445741 100.00", "C 445711 100.00"]);
    let may = vat_due(&input, VatPeriod { from: date(2024, 5, 1), to: date(2024, 5, 31) }).unwrap();
    assert_eq!(may.vat_total, dec!(120.00));
    assert_eq!(may.rows.len(), 1);
    assert_eq!(may.rows[0].ca3_box, "08");
    assert_eq!(may.rows[0].basis, dec!(600.00));
    assert_eq!(may.rows[0].facts.len(), 2);
    let june = vat_due(&input, VatPeriod { from: date(2024, 6, 1), to: date(2024, 6, 30) }).unwrap();
    assert_eq!(june.vat_total, dec!(100.00));
    assert_eq!(june.rows[0].facts[0].payment.as_deref(), Some("P2"));
}

/// A credit note cancels the VAT still waiting first; a write-off cancels the rest.
#[test]
fn credit_note_and_write_off_on_receipts() {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let mut credits = NumberingState::continuous("credit-notes", "AV{SEQ:3}").unwrap();
    let inv = issued(draft(VatRegime::Normal, vec![service_line("1", dec!(1000))]), &mut series, date(2024, 5, 2));
    let sel = CreditSelection::Amount { amount: dec!(250), vat_category: VatCategory::S, vat_rate: dec!(20), reason: "Geste".into() };
    let cn = issued(credit_note(&inv, &sel, &[]).unwrap(), &mut credits, date(2024, 5, 25));
    let input = AccountingInput {
        invoices: vec![customer(inv, "C1"), customer(cn, "C1")],
        payments: vec![paid("P1", "C1", date(2024, 5, 20), dec!(600), None)],
        write_offs: vec![WriteOff {
            id: "W1".into(),
            invoice: "F001".into(),
            date: date(2024, 9, 30),
            reason: WriteOffReason::BadDebt,
            amount: None,
        }],
        ..Default::default()
    };
    let j = post(&input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "vat:P1:2024-05-20"), "OD", &["D 445741 100.00", "C 445711 100.00"]);
    expect(entry(&j, "credit_note:AV001"), "VT", &["D 706 250.00", "D 445741 50.00", "C 411 C1 300.00"]);
    // 1200 − 600 − 300 = 300 unpaid: 50 of VAT still waits, cancelled
    expect(entry(&j, "write_off:W1"), "OD", &["D 654 250.00", "D 445741 50.00", "C 411 C1 300.00"]);
    for id in ["invoice:F001", "payment:P1", "credit_note:AV001", "write_off:W1"] {
        assert_eq!(letters(entry(&j, id), "411"), vec![(Some("A".to_owned()), Some(date(2024, 9, 30)))], "{id}");
    }
    let waiting: Decimal = j.entries.iter().flat_map(|e| &e.lines).filter(|l| l.account == "445741").map(|l| l.credit - l.debit).sum();
    assert_eq!(waiting, Decimal::ZERO, "nothing waits once the invoice is settled");
}

/// Overpayment becomes customer credit on 411, refunded; the refund letters with the payment.
#[test]
fn customer_credit_and_refund() {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let inv = issued(draft(VatRegime::Debits, vec![service_line("1", dec!(100))]), &mut series, date(2024, 5, 2));
    let input = AccountingInput {
        invoices: vec![customer(inv, "C1")],
        payments: vec![paid("P1", "C1", date(2024, 5, 10), dec!(150), None)],
        refunds: vec![Refund {
            id: "R1".into(),
            customer_id: "C1".into(),
            date: date(2024, 5, 12),
            amount: dec!(30),
            currency: Default::default(),
            mode: PaymentMode::Cheque,
            reference: None,
        }],
        ..Default::default()
    };
    let j = post(&input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "refund:R1"), "BQ", &["D 411 C1 30.00", "C 5112 30.00"]);
    for id in ["invoice:F001", "payment:P1", "refund:R1"] {
        assert_eq!(letters(entry(&j, id), "411"), vec![(Some("A".to_owned()), Some(date(2024, 5, 12)))], "{id}");
    }
}

#[test]
fn host_entries_are_checked_and_opening_comes_first() {
    let mut input = story().input;
    let line = |account: &str, debit: Decimal, credit: Decimal| entry::EntryLine {
        debit,
        credit,
        ..entry::EntryLine::debit(&chart::Account::new(account, "Compte"), Decimal::ONE)
    };
    input.entries.push(HostEntry {
        id: "AN-1".into(),
        journal: "AN".into(),
        journal_label: "A-nouveaux".into(),
        date: date(2024, 1, 1),
        piece_ref: "AN".into(),
        piece_date: date(2024, 1, 1),
        label: "Report à nouveau".into(),
        opening: true,
        lines: vec![line("512", dec!(500), Decimal::ZERO), line("101", Decimal::ZERO, dec!(500))],
    });
    let j = post(&input, date(2024, 12, 31)).unwrap();
    assert_eq!(j.entries[0].id, "host:AN-1");
    input.entries.push(HostEntry {
        id: "AC-1".into(),
        journal: "AC".into(),
        journal_label: "Achats".into(),
        date: date(2024, 2, 1),
        piece_ref: String::new(),
        piece_date: date(2024, 2, 1),
        label: "Achat".into(),
        opening: false,
        lines: vec![line("607", dec!(100), Decimal::ZERO), line("401", Decimal::ZERO, dec!(90)), line("9X", dec!(1), dec!(1))],
    });
    let e = post(&input, date(2024, 12, 31)).unwrap_err();
    let codes: Vec<&str> = e.violations().iter().map(|v| v.code.as_str()).collect();
    assert!(codes.contains(&"accounting.field.missing"), "{codes:?}");
    assert!(codes.contains(&"accounting.entry.unbalanced"), "{codes:?}");
    assert!(codes.contains(&"accounting.account.invalid"), "{codes:?}");
    assert!(codes.contains(&"accounting.line.amount"), "{codes:?}");
}

#[test]
fn validated_numbers_are_shown_and_the_rest_numbered_next() {
    let input = story().input;
    let j = post(&input, date(2024, 3, 31)).unwrap();
    let (numbered, state) = numbering::EntryNumbering::file_wide().validate(j.unvalidated(), date(2024, 4, 5)).unwrap();
    let mut input = input;
    input.validated = numbered
        .iter()
        .map(|e| ValidatedEntry { id: e.id.clone(), number: e.number.clone().unwrap(), valid_date: date(2024, 4, 5) })
        .collect();
    let j = post(&input, date(2024, 12, 31)).unwrap();
    let rest = j.unvalidated();
    assert!(!rest.is_empty());
    let (more, _) = state.validate(rest, date(2024, 12, 31)).unwrap();
    assert_eq!(more[0].number.as_deref(), Some(format!("{:06}", numbered.len() + 1).as_str()));
}

#[test]
fn vat_return_agrees_with_the_collected_accounts() {
    let input = story().input;
    let period = VatPeriod { from: date(2024, 3, 1), to: date(2024, 3, 31) };
    let r = vat_due(&input, period).unwrap();
    let j = post(&input, period.to).unwrap();
    let collected: Decimal = j
        .entries
        .iter()
        .filter(|e| e.date >= period.from)
        .flat_map(|e| &e.lines)
        .filter(|l| l.account.starts_with("44571"))
        .map(|l| l.credit - l.debit)
        .sum();
    assert_eq!(r.vat_total, collected);
    // 200 + 11 (sale) + 120 (deposit) − 5,50 (credit note)
    assert_eq!(r.vat_total, dec!(325.50));
    assert!(vat_due(&input, VatPeriod { from: date(2024, 4, 1), to: date(2024, 3, 1) }).is_err());
}

/// Each payment mode goes to its treasury account and journal; every account and journal is
/// overridable.
#[test]
fn payments_by_mode_and_an_overridden_chart() {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let inv = issued(draft(VatRegime::Debits, vec![service_line("1", dec!(300))]), &mut series, date(2024, 5, 2));
    let mode = |id: &str, m: PaymentMode| Payment { mode: m, ..paid(id, "C1", date(2024, 5, 10), dec!(120), None) };
    let mut input = AccountingInput {
        invoices: vec![customer(inv, "C1")],
        payments: vec![mode("P1", PaymentMode::Cash), mode("P2", PaymentMode::Cheque), mode("P3", PaymentMode::DirectDebit)],
        ..Default::default()
    };
    let j = post(&input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "payment:P1"), "CA", &["D 530 120.00", "C 411 C1 120.00"]);
    expect(entry(&j, "payment:P2"), "BQ", &["D 5112 120.00", "C 411 C1 120.00"]);
    expect(entry(&j, "payment:P3"), "BQ", &["D 512 120.00", "C 411 C1 120.00"]);
    input.chart.customers = chart::Account::new("411000", "Clients");
    input.chart.customer_aux_prefix = "CL-".into();
    input.chart.services = chart::Account::new("706100", "Prestations");
    input.chart.journals.sales = chart::Journal::new("VE", "Journal des ventes");
    let j = post(&input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "invoice:F001"), "VE", &["D 411000 CL-C1 360.00", "C 706100 300.00", "C 445711 60.00"]);
    assert_eq!(entry(&j, "invoice:F001").journal_label, "Journal des ventes");
}

/// The credit a credit note leaves on a paid invoice is money received: when it settles another
/// invoice of services, that invoice's VAT becomes due (CGI 269-2-c), and the return agrees.
#[test]
fn credit_note_credit_settling_another_invoice_moves_its_vat() {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let mut credits = NumberingState::continuous("credit-notes", "AV{SEQ:3}").unwrap();
    let a = issued(draft(VatRegime::Normal, vec![service_line("1", dec!(100))]), &mut series, date(2024, 5, 2));
    let cn = issued(credit_note(&a, &CreditSelection::Full, &[]).unwrap(), &mut credits, date(2024, 5, 20));
    let b = issued(draft(VatRegime::Normal, vec![service_line("1", dec!(100))]), &mut series, date(2024, 6, 3));
    let input = AccountingInput {
        invoices: vec![customer(a, "C1"), customer(cn, "C1"), customer(b, "C1")],
        payments: vec![paid("P1", "C1", date(2024, 5, 10), dec!(120), Some("F001"))],
        ..Default::default()
    };
    let j = post(&input, date(2024, 12, 31)).unwrap();
    expect(entry(&j, "vat:P1:2024-05-10"), "OD", &["D 445741 20.00", "C 445711 20.00"]);
    // F001 was paid: its credit note deducts collected VAT
    expect(entry(&j, "credit_note:AV001"), "VT", &["D 706 100.00", "D 445711 20.00", "C 411 C1 120.00"]);
    // its credit settles F002 on its issue: F002's VAT is due then
    expect(entry(&j, "vat:credit_note:AV001:2024-06-03"), "OD", &["D 445741 20.00", "C 445711 20.00"]);
    let june = vat_due(&input, VatPeriod { from: date(2024, 6, 1), to: date(2024, 6, 30) }).unwrap();
    assert_eq!(june.vat_total, dec!(20.00));
    assert_eq!(june.rows[0].facts[0].payment.as_deref(), Some("AV001"));
    let waiting: Decimal = j.entries.iter().flat_map(|e| &e.lines).filter(|l| l.account == "445741").map(|l| l.credit - l.debit).sum();
    assert_eq!(waiting, Decimal::ZERO);
}

#[test]
fn a_zero_amount_invoice_posts_no_entry() {
    let mut series = NumberingState::continuous("invoices", "F{SEQ:3}").unwrap();
    let free = issued(draft(VatRegime::Debits, vec![service_line("1", Decimal::ZERO)]), &mut series, date(2024, 3, 1));
    let sale = issued(draft(VatRegime::Debits, vec![service_line("1", dec!(100))]), &mut series, date(2024, 3, 2));
    let input = AccountingInput { invoices: vec![customer(free, "C0001"), customer(sale, "C0001")], ..Default::default() };
    let j = post(&input, date(2024, 12, 31)).unwrap();
    assert_eq!(j.entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["invoice:F002"]);
}
