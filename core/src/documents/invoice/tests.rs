use super::*;
use crate::documents::credit_note::CreditLine;
use crate::documents::credit_note::CreditSelection;
use crate::documents::credit_note::credit_note;
use crate::documents::deposit::deducted_groups;
use crate::documents::deposit::deposit_lines;
use crate::documents::deposit::final_invoice;
use crate::documents::draft::DepositSpec;
use crate::line::AllowanceCharge;
use crate::line::Discount;
use crate::line::Line;
use crate::line::SupplyKind;
use crate::money::Currency;
use crate::terms::PaymentTerms;
use crate::testkit::{buyer, seller};
use crate::texts::MentionKey;
use crate::totals::compute_totals;
use crate::vat::Exemption;
use crate::vat::VatCategory;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

fn line(id: &str, quantity: Decimal, price: Decimal, rate: Decimal, supply: SupplyKind) -> Line {
    Line {
        id: id.into(),
        description: format!("Article {id}"),
        quantity,
        unit: "C62".into(),
        unit_price: price,
        discount: None,
        vat_category: VatCategory::S,
        vat_rate: rate,
        supply,
    }
}

/// A lawful operation: 10 × 100.00 € of services at 20 % and 20 × 25.00 € of goods at 5.5 %.
fn operation() -> InvoiceDraft {
    InvoiceDraft {
        payment_terms: PaymentTerms::NetDays { days: 30 },
        ..InvoiceDraft::new(
            seller(),
            buyer(),
            vec![
                line("1", dec!(10), dec!(100.00), dec!(20), SupplyKind::Services),
                line("2", dec!(20), dec!(25.00), dec!(5.5), SupplyKind::Goods),
            ],
        )
    }
}

fn series() -> NumberingState {
    NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap()
}

const ISSUE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 3, 2) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

fn issued(draft: InvoiceDraft) -> IssuedInvoice {
    issue(draft, &series(), ISSUE).unwrap().0
}

/// A totals value with one S group per (basis, rate).
fn totals_of(groups: &[(Decimal, Decimal)]) -> Totals {
    let lines: Vec<Line> =
        groups.iter().enumerate().map(|(i, (b, r))| line(&(i + 1).to_string(), Decimal::ONE, *b, *r, SupplyKind::Services)).collect();
    compute_totals(&lines, &[], &[], &[], Decimal::ZERO).unwrap()
}

fn group(rate: Decimal, basis: Decimal, vat: Decimal) -> DeductedGroup {
    DeductedGroup { category: VatCategory::S, rate, basis, vat }
}

fn amounts(lines: &[Line]) -> Vec<(Decimal, Decimal)> {
    lines.iter().map(|l| (l.vat_rate, l.unit_price)).collect()
}

/// Issues a deposit invoice asking `spec` of `operation()` after `previous`, numbered in `state`.
fn deposit(
    spec: DepositSpec,
    previous: &[IssuedInvoice],
    state: &NumberingState,
    date: NaiveDate,
) -> Result<(IssuedInvoice, NumberingState)> {
    let op = operation();
    let lines = deposit_lines(&op.lines, &op.totals(date)?, &deducted_groups(previous)?, spec, "sur commande n° 42")?;
    issue(InvoiceDraft { kind: InvoiceKind::Deposit, lines, ..op }, state, date)
}

#[test]
fn type_codes_and_titles() {
    assert_eq!(InvoiceKind::Standard.type_code(), 380);
    assert_eq!(InvoiceKind::Final.type_code(), 380);
    assert_eq!(InvoiceKind::Deposit.type_code(), 386);
    assert_eq!(InvoiceKind::CreditNote.type_code(), 381);
    assert_eq!(crate::presentation::invoice_title(InvoiceKind::Standard), "Facture");
    assert_eq!(crate::presentation::invoice_title(InvoiceKind::Deposit), "Facture d'acompte");
    assert_eq!(crate::presentation::invoice_title(InvoiceKind::Final), "Facture de solde");
    assert_eq!(crate::presentation::invoice_title(InvoiceKind::CreditNote), "Avoir");
    assert_eq!(InvoiceKind::default(), InvoiceKind::Standard);
}

#[test]
fn supply_category_follows_the_lines() {
    let mut op = operation();
    assert_eq!(op.supply_category(), SupplyCategory::Mixed);
    op.lines.truncate(1);
    assert_eq!(op.supply_category(), SupplyCategory::Services);
    op.lines[0].supply = SupplyKind::Goods;
    assert_eq!(op.supply_category(), SupplyCategory::Goods);
}

#[test]
fn exemption_reasons_come_from_the_draft_then_the_regime_then_the_category() {
    let mut op = operation();
    assert_eq!(op.exemption_for(VatCategory::S, ISSUE), None);
    assert_eq!(op.exemption_for(VatCategory::E, ISSUE), None);
    assert_eq!(op.exemption_for(VatCategory::K, ISSUE), VatCategory::K.default_exemption(ISSUE));
    op.seller.vat_regime = crate::party::VatRegime::Franchise;
    assert_eq!(op.exemption_for(VatCategory::E, ISSUE), Some(crate::vat::franchise_exemption(ISSUE)));
    let own = Exemption { category: VatCategory::E, reason: "Exonération, art. 261 D du CGI".into(), vatex: None };
    op.exemptions.push(own.clone());
    assert_eq!(op.exemption_for(VatCategory::E, ISSUE), Some(own));
}

#[test]
fn issue_refuses_a_draft_with_violations_and_returns_them_all() {
    let mut draft = operation();
    draft.seller.registration = None;
    draft.buyer.name = String::new();
    draft.lines[1].vat_rate = dec!(7);
    let state = series();
    let e = issue(draft.clone(), &state, ISSUE).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert_eq!(e.path(), None);
    let found: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("seller.registration.missing", "seller.registration"),
            ("party.name.missing", "buyer.name"),
            ("vat.rate.not_allowed", "lines[1].vat_rate")
        ]
    );
    assert_eq!(e.violations(), crate::documents::legal::check(&draft, ISSUE).as_slice());
    // nothing was allocated: the state is untouched and the first number is still free
    assert_eq!(state, series());
    let (inv, next) = issue(operation(), &state, ISSUE).unwrap();
    assert_eq!(inv.number(), "F-2026-00001");
    assert_eq!(next.last_sequence(), 1);
}

#[test]
fn issue_allocates_sequential_numbers() {
    let s0 = series();
    let (a, s1) = issue(operation(), &s0, ISSUE).unwrap();
    let (b, s2) = issue(operation(), &s1, ISSUE).unwrap();
    let (c, s3) = issue(operation(), &s2, d(2026, 3, 15)).unwrap();
    assert_eq!([a.number(), b.number(), c.number()], ["F-2026-00001", "F-2026-00002", "F-2026-00003"]);
    assert_eq!((s3.last_sequence(), s3.last_issue_date()), (3, Some(d(2026, 3, 15))));
    // the previous states are values: re-using one gives the same number again (the host's
    // transaction decides which one is persisted)
    assert_eq!(issue(operation(), &s1, ISSUE).unwrap().0.number(), "F-2026-00002");
    // the sequence restarts with the year in the number
    let (e, _) = issue(operation(), &s3, d(2027, 1, 4)).unwrap();
    assert_eq!(e.number(), "F-2027-00001");

    assert_eq!(a.issue_date(), ISSUE);
    assert_eq!(a.due_date(), d(2026, 4, 1));
    assert_eq!(a.kind(), InvoiceKind::Standard);
    assert_eq!(a.supply_category(), SupplyCategory::Mixed);
    assert_eq!(a.content(), &operation());
    assert_eq!(a.totals(), &operation().totals(ISSUE).unwrap());
    assert_eq!(a.mentions(), crate::documents::mentions::mentions_for(&operation(), ISSUE).as_slice());
    assert_eq!(a.reference(), InvoiceRef { number: "F-2026-00001".into(), issue_date: ISSUE, kind: Some(InvoiceKind::Standard) });
    assert_eq!(a.to_string(), "Facture F-2026-00001 du 02/03/2026");
    // 1000.00 at 20 % and 500.00 at 5.5 %
    assert_eq!(a.totals().total_excl_tax, dec!(1500.00));
    assert_eq!(a.totals().vat_total, dec!(227.50));
    assert_eq!(a.totals().amount_due, dec!(1727.50));
}

#[test]
fn issue_refuses_a_date_before_the_last_of_the_series() {
    let (_, s1) = issue(operation(), &series(), d(2026, 3, 10)).unwrap();
    let e = issue(operation(), &s1, d(2026, 3, 9)).unwrap_err();
    assert_eq!(e.code(), "numbering.date.before_last");
    assert_eq!(e.path(), Some("issue_date"));
    // the same day is fine
    assert_eq!(issue(operation(), &s1, d(2026, 3, 10)).unwrap().0.number(), "F-2026-00002");
}

#[test]
fn issue_checks_the_law_as_of_the_issue_date() {
    let mut draft = operation();
    draft.seller.company_size = crate::party::CompanySize::Large;
    draft.buyer.siren = None;
    draft.buyer.vat_number = None;
    assert!(issue(draft.clone(), &series(), d(2026, 8, 31)).is_ok());
    let e = issue(draft, &series(), d(2026, 9, 1)).unwrap_err();
    assert_eq!(e.path(), Some("buyer.siren"));
}

fn round_trip(inv: &IssuedInvoice) {
    let text = crate::json::to_string_pretty(inv).unwrap();
    let back: IssuedInvoice = crate::json::from_str(&text).unwrap();
    assert_eq!(&back, inv);
    assert_eq!(crate::json::to_string_pretty(&back).unwrap(), text);
}

#[test]
fn issued_invoices_round_trip_through_json() {
    let state = series();
    let mut op = operation();
    op.lines[0].discount = Some(Discount::Percent(dec!(12.5)));
    op.charges.push(AllowanceCharge { amount: dec!(15.00), reason: "Port".into(), vat_category: VatCategory::S, vat_rate: dec!(20) });
    op.notes.push("Merci pour votre confiance".into());
    op.late_payment_rate = Some(dec!(12.15));
    let (inv, _) = issue(op, &state, ISSUE).unwrap();
    round_trip(&inv);

    let (dep, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &state, ISSUE).unwrap();
    round_trip(&dep);
    let (fin, s) = issue(final_invoice(operation(), std::slice::from_ref(&dep), &[]).unwrap(), &s, d(2026, 4, 1)).unwrap();
    round_trip(&fin);
    let (cn, _) = issue(credit_note(&fin, &CreditSelection::Full, &[]).unwrap(), &s, d(2026, 4, 2)).unwrap();
    round_trip(&cn);
}

fn tampered_paths(inv: &IssuedInvoice) -> Vec<String> {
    inv.verify().iter().inspect(|v| assert_eq!(v.code, "issued.out_of_step")).map(|v| v.path.clone()).collect()
}

#[test]
fn tampered_issued_invoices_load_as_they_are_and_fail_verify() {
    let inv = issued(operation());
    assert_eq!(inv.rules_version(), RULES_VERSION);
    assert!(inv.verify().is_empty());

    let mut t = inv.clone();
    t.content.lines[0].unit_price = dec!(90.00);
    assert_eq!(tampered_paths(&t), ["totals"]);
    let mut t = inv.clone();
    t.totals.amount_due = dec!(1.00);
    assert_eq!(tampered_paths(&t), ["totals"]);
    let mut t = inv.clone();
    t.due_date = d(2026, 5, 1);
    assert_eq!(tampered_paths(&t), ["due_date"]);
    let mut t = inv.clone();
    t.mentions.pop();
    assert_eq!(tampered_paths(&t), ["mentions"]);
    let mut t = inv.clone();
    t.supply_category = SupplyCategory::Services;
    assert_eq!(tampered_paths(&t), ["mentions"]);
    let mut t = inv.clone();
    t.number = " ".into();
    assert_eq!(tampered_paths(&t), ["number"]);
    // several at once: all reported
    let mut t = inv.clone();
    t.content.payment_terms = PaymentTerms::OnReceipt;
    t.content.lines.pop();
    assert_eq!(tampered_paths(&t), ["totals", "due_date", "mentions"]);

    // through JSON: read as issued (archives stay readable), refused by verify
    let mut v = serde_json::to_value(&inv).unwrap();
    v["content"]["lines"][0]["quantity"] = serde_json::Value::String("11".into());
    let read = crate::json::from_value::<IssuedInvoice>(v).unwrap();
    assert_eq!(tampered_paths(&read), ["totals"]);
    let e = read.verified("deposits[0]").unwrap_err();
    assert_eq!(e.violations()[0].path, "deposits[0].totals");

    // the operations that derive documents from issued ones refuse tampered inputs
    let e = credit_note(&read, &CreditSelection::Full, &[]).unwrap_err();
    assert_eq!((e.code(), e.violations()[0].path.as_str()), ("invalid", "totals"));
}

#[test]
fn archived_invoices_of_earlier_rules_stay_readable_and_verifiable() {
    // an invoice written by rules v1: no `rules_version`, the penalty mention without its figure
    let mut old = issued(operation());
    old.rules_version = 1;
    old.mentions = crate::documents::mentions::mentions_for_version(&old.content, old.issue_date, 1);
    let mut json = serde_json::to_value(&old).unwrap();
    json.as_object_mut().unwrap().remove("rules_version");
    let read: IssuedInvoice = crate::json::from_value(json).unwrap();
    assert_eq!(read.rules_version(), 1);
    assert_eq!(read, old);
    assert!(read.verify().is_empty(), "{:?}", read.verify());
    // v1 and v2 mentions differ: the figure of the statutory rate
    let v1 = &read.mentions().iter().find(|m| m.key == crate::texts::MentionKey::LatePenalty).unwrap().text;
    assert!(v1.contains("majoré de 10 points.") || v1.ends_with("majoré de 10 points."), "{v1}");
    let v2 = crate::documents::mentions::mentions_for(&read.content, read.issue_date);
    let v2 = &v2.iter().find(|m| m.key == crate::texts::MentionKey::LatePenalty).unwrap().text;
    assert!(v2.contains("soit 12,15 % l'an au 01/01/2026"), "{v2}");
    // a newer version than this build knows is reported as such, not as tampering
    let mut future = issued(operation());
    future.rules_version = RULES_VERSION + 1;
    assert_eq!(future.verify().iter().map(|v| v.code.as_str()).collect::<Vec<_>>(), ["issued.rules_version.unknown"]);
}

#[test]
fn deposit_lines_by_percent_one_line_per_vat_group() {
    let t = operation().totals(ISSUE).unwrap();
    let lines = deposit_lines(&[], &t, &[], DepositSpec::Percent(dec!(30)), "sur devis n° D-1 v1").unwrap();
    assert_eq!(amounts(&lines), [(dec!(5.5), dec!(150.00)), (dec!(20), dec!(300.00))]);
    assert_eq!(lines[0].id, "A1");
    assert_eq!(lines[1].id, "A2");
    assert_eq!(lines[0].description, "Acompte de 30 % sur devis n° D-1 v1 (TVA 5,5 %)");
    assert_eq!(lines[1].description, "Acompte de 30 % sur devis n° D-1 v1 (TVA 20 %)");
    for l in &lines {
        assert_eq!((l.quantity, l.unit.as_str(), l.supply, l.vat_category), (Decimal::ONE, "C62", SupplyKind::Services, VatCategory::S));
    }
    let lines = deposit_lines(&[], &t, &[], DepositSpec::Percent(dec!(12.5)), "x").unwrap();
    assert_eq!(amounts(&lines), [(dec!(5.5), dec!(62.50)), (dec!(20), dec!(125.00))]);
    assert!(lines[0].description.starts_with("Acompte de 12,5 % x"), "{}", lines[0].description);
    // a percentage rounds per group, half away from zero
    let t = totals_of(&[(dec!(0.05), dec!(20))]);
    assert_eq!(amounts(&deposit_lines(&[], &t, &[], DepositSpec::Percent(dec!(50)), "x").unwrap()), [(dec!(20), dec!(0.03))]);
    // 100 % is the whole basis
    let t = operation().totals(ISSUE).unwrap();
    let all = deposit_lines(&[], &t, &[], DepositSpec::Percent(dec!(100)), "x").unwrap();
    assert_eq!(amounts(&all), [(dec!(5.5), dec!(500.00)), (dec!(20), dec!(1000.00))]);
    for p in [dec!(0), dec!(-10), dec!(100.01)] {
        let e = deposit_lines(&[], &t, &[], DepositSpec::Percent(p), "x").unwrap_err();
        assert_eq!((e.code(), e.path()), ("deposit.percent.out_of_range", Some("deposit.percent")), "{p}");
    }
}

#[test]
fn deposit_amount_is_spread_pro_rata_and_sums_exactly() {
    let t = totals_of(&[(dec!(1000.00), dec!(20)), (dec!(333.33), dec!(5.5))]);
    let lines = deposit_lines(&[], &t, &[], DepositSpec::AmountExclTax(dec!(500.00)), "x").unwrap();
    assert_eq!(amounts(&lines), [(dec!(5.5), dec!(125.00)), (dec!(20), dec!(375.00))]);
    assert_eq!(lines[0].description, "Acompte x (TVA 5,5 %)");
    // equal weights and an odd cent: both round up, the largest (last) group gives it back
    let t = totals_of(&[(dec!(100.00), dec!(20)), (dec!(100.00), dec!(10))]);
    let lines = deposit_lines(&[], &t, &[], DepositSpec::AmountExclTax(dec!(100.01)), "x").unwrap();
    assert_eq!(amounts(&lines), [(dec!(10), dec!(50.01)), (dec!(20), dec!(50.00))]);
    // the whole basis
    let lines = deposit_lines(&[], &t, &[], DepositSpec::AmountExclTax(dec!(200.00)), "x").unwrap();
    assert_eq!(amounts(&lines), [(dec!(10), dec!(100.00)), (dec!(20), dec!(100.00))]);
    for a in [dec!(0), dec!(-1), dec!(200.01), dec!(10.001)] {
        let e = deposit_lines(&[], &t, &[], DepositSpec::AmountExclTax(a), "x").unwrap_err();
        assert_eq!((e.code(), e.path()), ("deposit.amount.out_of_range", Some("deposit.amount_excl_tax")), "{a}");
    }
}

#[test]
fn deposit_amount_sums_exactly_whatever_the_groups() {
    let shapes: [&[(Decimal, Decimal)]; 4] = [
        &[(dec!(1000.00), dec!(20)), (dec!(333.33), dec!(5.5))],
        &[(dec!(0.07), dec!(20)), (dec!(0.05), dec!(10)), (dec!(0.03), dec!(5.5))],
        &[(dec!(1.00), dec!(20)), (dec!(1.00), dec!(10)), (dec!(1.00), dec!(5.5)), (dec!(1.00), dec!(2.1))],
        &[(dec!(10.00), dec!(20)), (dec!(10.00), dec!(10)), (dec!(10.00), dec!(5.5)), (dec!(0.01), dec!(2.1))],
    ];
    for shape in shapes {
        let t = totals_of(shape);
        let base: Decimal = shape.iter().map(|(b, _)| *b).sum();
        let cent = Decimal::new(1, 2);
        let near_zero = (1..=200).map(|n| Decimal::new(n, 2));
        let near_base = (0..200).map(|n| base - Decimal::new(n, 2));
        for cents in near_zero.chain(near_base).filter(|a| *a >= cent && *a <= base) {
            let lines = deposit_lines(&[], &t, &[], DepositSpec::AmountExclTax(cents), "x").unwrap();
            let sum: Decimal = lines.iter().map(|l| l.unit_price).sum();
            assert_eq!(sum, cents, "{shape:?} {cents}: {:?}", amounts(&lines));
            for l in &lines {
                let g = shape.iter().find(|(_, r)| *r == l.vat_rate).unwrap();
                assert!(l.unit_price > Decimal::ZERO && l.unit_price <= g.0, "{shape:?} {cents}: {:?}", amounts(&lines));
            }
        }
    }
}

#[test]
fn deposits_never_exceed_the_operation() {
    let state = series();
    let (first, s) = deposit(DepositSpec::Percent(dec!(60)), &[], &state, ISSUE).unwrap();
    assert_eq!(amounts(&first.content().lines), [(dec!(5.5), dec!(300.00)), (dec!(20), dec!(600.00))]);
    // the second 60 % is capped to the remaining 40 %
    let (second, s) = deposit(DepositSpec::Percent(dec!(60)), std::slice::from_ref(&first), &s, ISSUE).unwrap();
    assert_eq!(amounts(&second.content().lines), [(dec!(5.5), dec!(200.00)), (dec!(20), dec!(400.00))]);
    assert_eq!(second.number(), "F-2026-00002");
    // nothing is left
    let both = [first.clone(), second.clone()];
    let e = deposit(DepositSpec::Percent(dec!(60)), &both, &s, ISSUE).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.nothing_left", Some("deposit")));
    let e = deposit(DepositSpec::AmountExclTax(dec!(0.01)), &both, &s, ISSUE).unwrap_err();
    assert_eq!(e.path(), Some("deposit"));
    // an amount is capped the same way
    let (third, _) = deposit(DepositSpec::AmountExclTax(dec!(1500.00)), std::slice::from_ref(&first), &s, ISSUE).unwrap();
    assert_eq!(amounts(&third.content().lines), [(dec!(5.5), dec!(200.00)), (dec!(20), dec!(400.00))]);
    // previous deposits must be deposit invoices
    let e = deposit(DepositSpec::Percent(dec!(10)), &[issued(operation())], &s, ISSUE).unwrap_err();
    assert_eq!(e.path(), Some("deposits[0]"));
}

#[test]
fn deposit_vat_never_exceeds_the_group_vat() {
    // 10.03 at 5.5 % bears 0.55 of VAT; two halves would bear 0.28 + 0.28
    let t = totals_of(&[(dec!(10.03), dec!(5.5))]);
    assert_eq!(t.vat_total, dec!(0.55));
    let first = deposit_lines(&[], &t, &[], DepositSpec::Percent(dec!(50)), "x").unwrap();
    assert_eq!(amounts(&first), [(dec!(5.5), dec!(5.02))]);
    let done = [group(dec!(5.5), dec!(5.02), dec!(0.28))];
    let second = deposit_lines(&[], &t, &done, DepositSpec::Percent(dec!(100)), "x").unwrap();
    // 5.01 would bear 0.28 > the 0.27 left: lowered to 4.99 (0.27)
    assert_eq!(amounts(&second), [(dec!(5.5), dec!(4.99))]);
    let done = [group(dec!(5.5), dec!(5.02), dec!(0.28)), group(dec!(5.5), dec!(4.99), dec!(0.27))];
    let third = deposit_lines(&[], &t, &done, DepositSpec::Percent(dec!(100)), "x").unwrap();
    // the 0.02 left bears no VAT (0.0011 rounds to 0.00)
    assert_eq!(amounts(&third), [(dec!(5.5), dec!(0.02))]);
    // rates written differently are the same group
    let done = [group(dec!(5.50), dec!(10.03), dec!(0.55))];
    assert_eq!(deposit_lines(&[], &t, &done, DepositSpec::Percent(dec!(1)), "x").unwrap_err().path(), Some("deposit"));
}

#[test]
fn final_invoice_deducts_each_deposit_ht_and_vat_per_rate() {
    let state = series();
    let (a, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &state, ISSUE).unwrap();
    let (b, s) = deposit(DepositSpec::AmountExclTax(dec!(150.00)), std::slice::from_ref(&a), &s, d(2026, 3, 20)).unwrap();
    let deposits = [a.clone(), b.clone()];
    let draft = final_invoice(operation(), &deposits, &[]).unwrap();
    assert_eq!(draft.kind, InvoiceKind::Final);
    assert_eq!(draft.deposits.len(), 2);
    assert_eq!(draft.deposits[0].number, a.number());
    assert_eq!(draft.deposits[0].issue_date, a.issue_date());
    assert_eq!(draft.deposits[0].groups, a.deposit_groups());
    assert_eq!(draft.deposits[1].number, b.number());
    assert_eq!(crate::documents::legal::check(&draft, d(2026, 4, 1)), vec![]);

    let (fin, _) = issue(draft, &s, d(2026, 4, 1)).unwrap();
    assert_eq!(fin.number(), "F-2026-00003");
    assert_eq!(fin.kind().type_code(), 380);
    let t = fin.totals();
    // the whole operation…
    assert_eq!(t.total_excl_tax, dec!(1500.00));
    assert_eq!(t.total_incl_tax, dec!(1727.50));
    // …minus 30 % (450.00 + VAT) and 150.00 spread 1/3 at 5.5 %, 2/3 at 20 %
    let g55 = &t.vat_breakdown[0];
    assert_eq!((g55.rate, g55.deposit_basis, g55.deposit_vat), (dec!(5.5), dec!(200.00), dec!(11.00)));
    let g20 = &t.vat_breakdown[1];
    assert_eq!((g20.rate, g20.deposit_basis, g20.deposit_vat), (dec!(20), dec!(400.00), dec!(80.00)));
    let deposits_ttc = a.totals().total_incl_tax + b.totals().total_incl_tax;
    assert_eq!(t.deposits_total, deposits_ttc);
    assert_eq!(t.amount_due, t.total_incl_tax - deposits_ttc);
    assert_eq!(t.amount_due, dec!(1036.50));
}

#[test]
fn final_invoice_needs_deposit_invoices_in_its_currency() {
    let state = series();
    let e = final_invoice(operation(), &[], &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.no_deposit", Some("deposits")));
    let (dep, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &state, ISSUE).unwrap();
    let (std_inv, s) = issue(operation(), &s, ISSUE).unwrap();
    let e = final_invoice(operation(), &[dep.clone(), std_inv], &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.not_a_deposit", Some("deposits[1]")));
    let (cn, s) = issue(credit_note(&dep, &CreditSelection::Full, &[]).unwrap(), &s, ISSUE).unwrap();
    assert_eq!(final_invoice(operation(), &[cn], &[]).unwrap_err().path(), Some("deposits[0]"));

    let mut usd = operation();
    usd.currency = Currency("USD".into());
    usd.exchange_rate = Some(crate::money::ExchangeRate { units_per_euro: dec!(1.0823), date: ISSUE, source: None });
    let lines = deposit_lines(&usd.lines, &usd.totals(ISSUE).unwrap(), &[], DepositSpec::Percent(dec!(10)), "x").unwrap();
    let (usd_dep, _) = issue(InvoiceDraft { kind: InvoiceKind::Deposit, lines, ..usd }, &s, ISSUE).unwrap();
    let e = final_invoice(operation(), &[dep, usd_dep], &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.currency_mismatch", Some("deposits[1].currency")));
}

#[test]
fn full_credit_note_mirrors_the_invoice_and_refers_to_it() {
    let mut op = operation();
    op.payment_terms = PaymentTerms::NetDays { days: 45 };
    op.prepaid_amount = dec!(100.00);
    op.notes.push("Note".into());
    let inv = issued(op);
    let cn = credit_note(&inv, &CreditSelection::Full, &[]).unwrap();
    assert_eq!(cn.kind, InvoiceKind::CreditNote);
    assert_eq!(cn.kind.type_code(), 381);
    assert_eq!(
        cn.preceding_invoice,
        Some(InvoiceRef { number: "F-2026-00001".into(), issue_date: ISSUE, kind: Some(InvoiceKind::Standard) })
    );
    assert_eq!(cn.payment_terms, PaymentTerms::OnReceipt);
    assert_eq!(cn.prepaid_amount, Decimal::ZERO);
    assert_eq!(cn.notes, ["Avoir sur la facture n° F-2026-00001 du 02/03/2026"]);
    assert_eq!(cn.lines, inv.content().lines);
    let t = cn.totals(ISSUE).unwrap();
    assert_eq!(t.vat_breakdown, inv.totals().vat_breakdown);
    assert_eq!(t.total_incl_tax, inv.totals().total_incl_tax);
    assert_eq!(crate::documents::legal::check(&cn, ISSUE), vec![]);
    let credits = NumberingState::new("credit-notes", "AV-{YYYY}-{SEQ:4}").unwrap();
    let (issued_cn, _) = issue(cn, &credits, d(2026, 3, 3)).unwrap();
    assert_eq!(issued_cn.to_string(), "Avoir AV-2026-0001 du 03/03/2026");
    // credit notes print the VAT mentions only, not the payment clauses
    assert!(issued_cn.mentions().iter().all(|m| m.key != MentionKey::LatePenalty));
}

#[test]
fn credit_note_of_some_lines() {
    let mut op = operation();
    op.lines[0].discount = Some(Discount::Amount(dec!(10.00)));
    op.charges.push(AllowanceCharge { amount: dec!(20.00), reason: "Port".into(), vat_category: VatCategory::S, vat_rate: dec!(20) });
    let inv = issued(op);
    let pick = |picks: &[(&str, Decimal)]| {
        CreditSelection::Lines(picks.iter().map(|(id, q)| CreditLine { line_id: (*id).into(), quantity: *q }).collect())
    };
    let cn = credit_note(&inv, &pick(&[("1", dec!(3)), ("2", dec!(20))]), &[]).unwrap();
    assert_eq!(cn.lines.len(), 2);
    assert_eq!(cn.lines[0].quantity, dec!(3));
    // the amount discount is credited pro rata: 10.00 × 3 / 10
    assert_eq!(cn.lines[0].discount, Some(Discount::Amount(dec!(3.00))));
    assert!(cn.charges.is_empty() && cn.allowances.is_empty());
    let t = cn.totals(ISSUE).unwrap();
    assert_eq!(t.total_excl_tax, dec!(297.00) + dec!(500.00));
    assert_eq!(crate::documents::legal::check(&cn, ISSUE), vec![]);
    // the same line picked twice counts once against its quantity
    assert!(credit_note(&inv, &pick(&[("1", dec!(4)), ("1", dec!(6))]), &[]).is_ok());
    let e = credit_note(&inv, &pick(&[("1", dec!(4)), ("1", dec!(6.0001))]), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.quantity.out_of_range", Some("selection[1].quantity")));
    // more than invoiced, zero or negative quantities
    for q in [dec!(10.0001), dec!(0), dec!(-1)] {
        let e = credit_note(&inv, &pick(&[("2", dec!(1)), ("1", q)]), &[]).unwrap_err();
        assert_eq!(e.path(), Some("selection[1].quantity"), "{q}");
    }
    // unknown line
    let e = credit_note(&inv, &pick(&[("1", dec!(1)), ("9", dec!(1))]), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.line.unknown", Some("selection[1].line_id")));
    assert!(e.to_string().contains("F-2026-00001"), "{e}");
}

#[test]
fn credit_note_of_lines_never_exceeds_the_invoice_after_its_allowances() {
    let mut op = operation();
    op.allowances.push(AllowanceCharge {
        amount: dec!(600.00),
        reason: "Remise fidélité".into(),
        vat_category: VatCategory::S,
        vat_rate: dec!(20),
    });
    let inv = issued(op);
    assert_eq!(inv.totals().total_excl_tax, dec!(900.00));
    let all = CreditSelection::Lines(vec![
        CreditLine { line_id: "1".into(), quantity: dec!(10) },
        CreditLine { line_id: "2".into(), quantity: dec!(20) },
    ]);
    let e = credit_note(&inv, &all, &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.exceeds_invoice", Some("selection")));
    // the full credit note keeps the allowance
    let full = credit_note(&inv, &CreditSelection::Full, &[]).unwrap();
    assert_eq!(full.totals(ISSUE).unwrap().total_excl_tax, dec!(900.00));
}

#[test]
fn credit_note_of_an_amount() {
    let inv = issued(operation());
    let sel = |amount: Decimal| CreditSelection::Amount {
        amount,
        vat_category: VatCategory::S,
        vat_rate: dec!(20),
        reason: "Geste commercial".into(),
    };
    let cn = credit_note(&inv, &sel(dec!(100.00)), &[]).unwrap();
    assert_eq!(cn.lines.len(), 1);
    assert_eq!(
        (cn.lines[0].description.as_str(), cn.lines[0].unit_price, cn.lines[0].vat_rate),
        ("Geste commercial", dec!(100.00), dec!(20))
    );
    let t = cn.totals(ISSUE).unwrap();
    assert_eq!((t.total_excl_tax, t.vat_total, t.total_incl_tax), (dec!(100.00), dec!(20.00), dec!(120.00)));
    assert_eq!(crate::documents::legal::check(&cn, ISSUE), vec![]);
    assert!(credit_note(&inv, &sel(dec!(1000.00)), &[]).is_ok());
    for a in [dec!(0), dec!(-5)] {
        let e = credit_note(&inv, &sel(a), &[]).unwrap_err();
        assert_eq!((e.code(), e.path()), ("credit_note.amount.out_of_range", Some("selection.amount")), "{a}");
    }
    let e = credit_note(&inv, &sel(dec!(1000.01)), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.exceeds_remaining", Some("selection.amount")));
}

#[test]
fn a_credit_note_is_not_credited() {
    let inv = issued(operation());
    let cn = issued(credit_note(&inv, &CreditSelection::Full, &[]).unwrap());
    for sel in [
        CreditSelection::Full,
        CreditSelection::Lines(vec![CreditLine { line_id: "1".into(), quantity: dec!(1) }]),
        CreditSelection::Amount { amount: dec!(1), vat_category: VatCategory::S, vat_rate: dec!(20), reason: "x".into() },
    ] {
        let e = credit_note(&cn, &sel, &[]).unwrap_err();
        assert_eq!((e.code(), e.path()), ("credit_note.of_credit_note", Some("original")));
    }
}

#[test]
fn deposit_invoices_are_386_and_credited_as_503() {
    let (dep, s) = deposit(DepositSpec::Percent(dec!(30)), &[], &series(), ISSUE).unwrap();
    assert_eq!(dep.kind().type_code(), 386);
    assert_eq!(dep.to_string(), "Facture d'acompte F-2026-00001 du 02/03/2026");
    assert_eq!(dep.deposit_groups(), [group(dec!(5.5), dec!(150.00), dec!(8.25)), group(dec!(20), dec!(300.00), dec!(60.00))]);
    let (cn, _) = issue(credit_note(&dep, &CreditSelection::Full, &[]).unwrap(), &s, ISSUE).unwrap();
    // FNFE BR-FR-04: the credit note of a deposit invoice is an "avoir d'acompte", 503
    assert_eq!((cn.kind().type_code(), cn.type_code()), (381, 503));
    assert_eq!(cn.totals().total_incl_tax, dep.totals().total_incl_tax);
}

#[test]
fn crediting_a_negative_line_keeps_its_sign() {
    // an invoice netting a returned item (−1 × 100.00) against the goods sold
    let mut op = operation();
    op.lines.push(line("3", dec!(-1), dec!(100.00), dec!(20), SupplyKind::Goods));
    op.lines[2].discount = Some(Discount::Amount(dec!(10.00)));
    let inv = issued(op);
    assert_eq!(inv.totals().total_excl_tax, dec!(1390.00));
    let pick = |picks: &[(&str, Decimal)]| {
        CreditSelection::Lines(picks.iter().map(|(id, q)| CreditLine { line_id: (*id).into(), quantity: *q }).collect())
    };
    // crediting line 1 and the return together: the credit note nets them
    let cn = credit_note(&inv, &pick(&[("1", dec!(10)), ("3", dec!(1))]), &[]).unwrap();
    assert_eq!(cn.lines[1].quantity, dec!(-1));
    assert_eq!(cn.lines[1].discount, Some(Discount::Amount(dec!(10.00))));
    assert_eq!(cn.totals(ISSUE).unwrap().total_excl_tax, dec!(890.00));
    assert_eq!(crate::documents::legal::check(&cn, ISSUE), vec![]);
    // crediting the return alone would be a negative credit note, i.e. an invoice
    let e = credit_note(&inv, &pick(&[("3", dec!(1))]), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.negative", Some("selection")));
}

#[test]
fn an_amount_is_credited_in_a_vat_group_of_the_invoice() {
    let inv = issued(operation());
    let sel = |amount: Decimal, vat_category: VatCategory, vat_rate: Decimal| CreditSelection::Amount {
        amount,
        vat_category,
        vat_rate,
        reason: "Remise".into(),
    };
    // 5.5 % written differently is the same group
    assert!(credit_note(&inv, &sel(dec!(500.00), VatCategory::S, dec!(5.50)), &[]).is_ok());
    // at most the basis of that group
    let e = credit_note(&inv, &sel(dec!(500.01), VatCategory::S, dec!(5.5)), &[]).unwrap_err();
    assert_eq!(e.path(), Some("selection.amount"));
    // a rate or category the invoice does not bear
    let e = credit_note(&inv, &sel(dec!(10), VatCategory::S, dec!(10)), &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("credit_note.vat_group.unknown", Some("selection.vat_rate")));
    let e = credit_note(&inv, &sel(dec!(10), VatCategory::E, Decimal::ZERO), &[]).unwrap_err();
    assert_eq!(e.path(), Some("selection.vat_rate"));
    // amounts have 2 decimals
    let e = credit_note(&inv, &sel(dec!(10.001), VatCategory::S, dec!(20)), &[]).unwrap_err();
    assert_eq!(e.path(), Some("selection.amount"));
}

#[test]
fn a_deposit_is_deducted_once() {
    let (dep, _) = deposit(DepositSpec::Percent(dec!(30)), &[], &series(), ISSUE).unwrap();
    let e = final_invoice(operation(), &[dep.clone(), dep], &[]).unwrap_err();
    assert_eq!((e.code(), e.path()), ("deposit.final.duplicate", Some("deposits[1]")));
}

/// Issue 12, class 7: an issued invoice whose number was emptied does not even load.
#[test]
fn an_issued_invoice_without_its_number_does_not_load() {
    let mut v = serde_json::to_value(issued(operation())).unwrap();
    v["number"] = serde_json::Value::String("\u{200B} ".into());
    let e = crate::json::from_value::<IssuedInvoice>(v).unwrap_err();
    assert_eq!((e.code(), e.path()), ("parse", Some("number")));
}
