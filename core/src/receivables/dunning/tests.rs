use super::*;
use crate::documents::draft::InvoiceKind;
use crate::receivables::account::InvoiceAccount;
use crate::receivables::account::InvoiceStatus;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

fn ledger(kind: BuyerKind, outstanding: Decimal, as_of: NaiveDate) -> Ledger {
    Ledger {
        as_of,
        invoices: vec![InvoiceAccount {
            number: "F-1".into(),
            customer_id: "C1".into(),
            buyer_name: "Client".into(),
            buyer_kind: kind,
            kind: InvoiceKind::Standard,
            issue_date: d(2026, 1, 2),
            due_date: d(2026, 2, 1),
            payment_request_received: None,
            judgment_enforceable: None,
            late_payment_rate: None,
            amount_due: dec!(1000.00),
            credited: dec!(0),
            paid: dec!(1000.00) - outstanding,
            outstanding,
            status: InvoiceStatus::IssuedUnpaid,
            days_late: 0,
            settled_on: None,
            settlements: vec![],
        }],
        credit_notes: vec![],
        payments: vec![],
        refunds: vec![],
        customers: vec![],
    }
}

fn due(kind: BuyerKind, as_of: NaiveDate, sent: &[SentReminder]) -> Vec<Reminder> {
    reminders_due(&ledger(kind, dec!(1000.00), as_of), sent, &DunningSchedule::default(), &RateTables::default()).unwrap()
}

fn sent(level: &str, date: NaiveDate) -> SentReminder {
    SentReminder { invoice: "F-1".into(), level: level.into(), date }
}

fn levels(r: &[Reminder]) -> Vec<&str> {
    r.iter().map(|x| x.level.as_str()).collect()
}

#[test]
fn levels_come_in_turn() {
    // due 1 Feb: J-3 = 29 Jan, J+7 = 8 Feb, J+30 = 3 Mar
    assert!(due(BuyerKind::Business, d(2026, 1, 28), &[]).is_empty());
    let r = due(BuyerKind::Business, d(2026, 1, 29), &[]);
    assert_eq!(levels(&r), ["courteous"]);
    assert_eq!((r[0].trigger_date, r[0].interest, r[0].indemnity, r[0].total_claimed), (d(2026, 1, 29), dec!(0), dec!(0), dec!(1000.00)));
    assert_eq!(r[0].payment_deadline, None);
    // on the due date the courteous reminder still stands
    assert_eq!(levels(&due(BuyerKind::Business, d(2026, 2, 1), &[])), ["courteous"]);
    // once overdue, never a pre-due reminder
    assert!(due(BuyerKind::Business, d(2026, 2, 2), &[]).is_empty());
    assert_eq!(levels(&due(BuyerKind::Business, d(2026, 2, 8), &[])), ["firm"]);
    let r = due(BuyerKind::Business, d(2026, 3, 3), &[]);
    assert_eq!(levels(&r), ["formal_notice"]);
    assert_eq!((r[0].kind, r[0].payment_deadline, r[0].days_late), (ReminderKind::FormalNotice, Some(d(2026, 3, 11)), 30));
    // 1 000 × 12,15 % × 30 / 365 = 9,99 (2026-H1: ECB 2,15 + 10) and 40 €
    assert_eq!((r[0].interest, r[0].indemnity, r[0].total_claimed), (dec!(9.99), dec!(40), dec!(1049.99)));
}

#[test]
fn nothing_is_proposed_twice_and_only_the_highest_level() {
    let at = d(2026, 2, 20);
    assert!(due(BuyerKind::Business, at, &[sent("firm", d(2026, 2, 9))]).is_empty());
    // a higher level sent covers the lower ones
    assert!(due(BuyerKind::Business, at, &[sent("formal_notice", d(2026, 2, 10))]).is_empty());
    // a courteous reminder sent does not cover the firm one
    assert_eq!(levels(&due(BuyerKind::Business, at, &[sent("courteous", d(2026, 1, 29))])), ["firm"]);
    // skipping a level: on J+40 with nothing sent, only the formal notice
    assert_eq!(levels(&due(BuyerKind::Business, d(2026, 3, 13), &[])), ["formal_notice"]);
    // sent after as_of: not a fact yet
    assert_eq!(levels(&due(BuyerKind::Business, at, &[sent("firm", d(2026, 2, 21))])), ["firm"]);
    // other invoices' reminders do not count
    let other = SentReminder { invoice: "F-2".into(), level: "firm".into(), date: d(2026, 2, 9) };
    assert_eq!(levels(&due(BuyerKind::Business, at, &[other])), ["firm"]);
}

#[test]
fn a_five_level_schedule() {
    // J-5, J+1, J+8, J+15, J+30 (shared/spec/domain.md §3.3)
    let step = |level: &str, kind, offset_days| DunningStep {
        level: level.into(),
        kind,
        offset_days,
        payment_deadline_days: None,
        deadline_from: DeadlineStart::LetterDate,
    };
    let s = DunningSchedule {
        steps: vec![
            step("avant", ReminderKind::Courteous, -5),
            step("j1", ReminderKind::Courteous, 1),
            step("j8", ReminderKind::Firm, 8),
            step("j15", ReminderKind::Firm, 15),
            DunningStep { payment_deadline_days: Some(15), ..step("med", ReminderKind::FormalNotice, 30) },
        ],
    };
    let mut v = vec![];
    check_schedule(&s, "dunning", &mut v);
    assert!(v.is_empty());
    let l = ledger(BuyerKind::Business, dec!(1000.00), d(2026, 2, 17)); // J+16
    let t = RateTables::default();
    let r = reminders_due(&l, &[sent("j8", d(2026, 2, 9))], &s, &t).unwrap();
    assert_eq!((levels(&r), r[0].kind, r[0].trigger_date), (vec!["j15"], ReminderKind::Firm, d(2026, 2, 16)));
    let r = reminders_due(&l, &[sent("j15", d(2026, 2, 16))], &s, &t).unwrap();
    assert!(r.is_empty());
    let l = ledger(BuyerKind::Business, dec!(1000.00), d(2026, 3, 3)); // J+30
    let r = reminders_due(&l, &[sent("j15", d(2026, 2, 16))], &s, &t).unwrap();
    assert_eq!((levels(&r), r[0].payment_deadline), (vec!["med"], Some(d(2026, 3, 18))));
}

#[test]
fn paid_invoices_get_no_reminder() {
    let l = ledger(BuyerKind::Business, dec!(0), d(2026, 3, 10));
    assert!(reminders_due(&l, &[], &DunningSchedule::default(), &RateTables::default()).unwrap().is_empty());
}

#[test]
fn consumer_reminders_claim_no_indemnity_and_interest_only_after_the_notice() {
    let r = due(BuyerKind::Consumer, d(2026, 3, 3), &[]);
    assert_eq!(
        (r[0].level.as_str(), r[0].interest, r[0].indemnity, r[0].total_claimed),
        ("formal_notice", dec!(0), dec!(0), dec!(1000.00))
    );
    let notices = formal_notices(
        &[sent("formal_notice", d(2026, 3, 3)), sent("formal_notice", d(2026, 3, 1))],
        &DunningSchedule::default(),
        d(2026, 3, 2),
    );
    assert_eq!(notices.get("F-1"), Some(&d(2026, 3, 1)));
}

#[test]
fn custom_schedules_are_checked() {
    let mut s = DunningSchedule::default();
    s.steps.push(DunningStep {
        level: "firm".into(),
        kind: ReminderKind::Firm,
        offset_days: 45,
        payment_deadline_days: None,
        deadline_from: DeadlineStart::LetterDate,
    });
    s.steps.push(DunningStep {
        level: "last".into(),
        kind: ReminderKind::Firm,
        offset_days: 40,
        payment_deadline_days: None,
        deadline_from: DeadlineStart::LetterDate,
    });
    let mut v = vec![];
    check_schedule(&s, "dunning", &mut v);
    let paths: Vec<&str> = v.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(paths, ["dunning.steps[3].level", "dunning.steps[4].offset_days"]);
    let mut v = vec![];
    check_schedule(&DunningSchedule::default(), "dunning", &mut v);
    assert!(v.is_empty());
    // an invoice due on issue: no pre-due reminder before it exists
    let mut l = ledger(BuyerKind::Business, dec!(1000.00), d(2026, 2, 1));
    l.invoices[0].issue_date = d(2026, 2, 1);
    assert!(reminders_due(&l, &[], &DunningSchedule::default(), &RateTables::default()).unwrap().is_empty());
    // sent reminders are checked against the schedule and the ledger
    let mut v = vec![];
    let bad = [sent("nope", d(2026, 2, 1)), SentReminder { invoice: "F-9".into(), level: "firm".into(), date: d(2026, 2, 1) }];
    check_sent(&bad, &DunningSchedule::default(), &l, "reminders", &mut v);
    let paths: Vec<&str> = v.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(paths, ["reminders[0].level", "reminders[1].invoice"]);
    assert_eq!(crate::presentation::reminder_title(ReminderKind::FormalNotice), "Mise en demeure de payer");
}

#[test]
fn a_formal_notice_always_has_its_deadline() {
    let step = |kind, offset_days, payment_deadline_days| DunningStep {
        level: format!("l{offset_days}"),
        kind,
        offset_days,
        payment_deadline_days,
        deadline_from: DeadlineStart::LetterDate,
    };
    // a formal notice whose step names no delay gets the customary 8 days; other kinds get none
    let s = DunningSchedule { steps: vec![step(ReminderKind::Firm, 7, None), step(ReminderKind::FormalNotice, 30, None)] };
    let mut v = vec![];
    check_schedule(&s, "dunning", &mut v);
    assert!(v.is_empty(), "{v:?}");
    let zero = DunningSchedule { steps: vec![step(ReminderKind::FormalNotice, 30, Some(0))] };
    check_schedule(&zero, "dunning", &mut v);
    assert_eq!(v.iter().map(|x| x.path.as_str()).collect::<Vec<_>>(), ["dunning.steps[0].payment_deadline_days"]);
    let as_of = d(2026, 3, 13);
    let r = reminders_due(&ledger(BuyerKind::Business, dec!(1000.00), as_of), &[], &s, &RateTables::default()).unwrap();
    assert_eq!((r[0].kind, r[0].payment_deadline), (ReminderKind::FormalNotice, Some(d(2026, 3, 21))));
    assert_eq!(r[0].deadline_from, Some(DeadlineStart::LetterDate));
    assert_eq!(FORMAL_NOTICE_DAYS, 8);
    // counted from a receipt presumed 3 days after the letter: 13/03 + 3 + 8 = 24/03
    let receipt = DeadlineStart::Receipt { presumed_delivery_days: 3 };
    let s = DunningSchedule { steps: vec![DunningStep { deadline_from: receipt, ..step(ReminderKind::FormalNotice, 30, None) }] };
    let r = reminders_due(&ledger(BuyerKind::Business, dec!(1000.00), as_of), &[], &s, &RateTables::default()).unwrap();
    assert_eq!((r[0].payment_deadline, r[0].deadline_from), (Some(d(2026, 3, 24)), Some(receipt)));
    // a firm reminder has no deadline, hence no rule
    let s = DunningSchedule { steps: vec![step(ReminderKind::Firm, 7, None)] };
    let r = reminders_due(&ledger(BuyerKind::Business, dec!(1000.00), as_of), &[], &s, &RateTables::default()).unwrap();
    assert_eq!((r[0].payment_deadline, r[0].deadline_from), (None, None));
}
