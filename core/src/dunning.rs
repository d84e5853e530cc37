//! Dunning (relances): a schedule of reminder levels and the reminders due as of a date.
//!
//! # Practice and law
//!
//! The schedule is practice, not law, and configurable: by default a courteous reminder three
//! days before the due date ("relance courtoise", J-3), a firm reminder a week after it
//! ("relance ferme", J+7) and a formal notice a month after it ("mise en demeure", J+30) giving
//! 8 days to pay (shared/spec/domain.md §3.3). The formal notice is a legal act: it is the
//! "sommation ou acte portant interpellation suffisante" of C. civ. 1344 and starts a consumer's
//! legal interest (C. civ. 1231-6, 1344-1); a business or public buyer owes penalties and the
//! 40 € indemnity from the day after the due date without any reminder (C. com. L441-10 II;
//! CCP L2192-13), which the letters restate.
//!
//! # What is due
//!
//! For each invoice still owing, the highest level of the schedule whose trigger date (the due
//! date shifted by the level's offset) has come, unless a reminder of that level or a higher one
//! was already sent. Levels rank in the order of the schedule, whose offsets increase. A step on
//! or before the due date (offset ≤ 0) is never proposed once the invoice is overdue, nor before
//! the invoice was issued. Reminders already sent are passed in, so nothing is proposed twice.
//! Each reminder carries the amounts to claim as of the date: outstanding, interest, indemnity
//! and their total.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule, Violation};
use crate::interest::{InterestResult, LateDebt, RateTables, late_interest};
use crate::money::add;
use crate::party::BuyerKind;
use crate::payment::Ledger;

/// A schedule has unique, non-empty levels with increasing offsets.
pub const RULE_SCHEDULE: Rule =
    Rule { code: "dunning.schedule.invalid", source: "usage (shared/spec/domain.md §3.3: configurable reminder levels)" };
/// A reminder sent names a level of the schedule and an invoice issued by its date.
pub const RULE_SENT_REMINDER: Rule =
    Rule { code: "reminders.unknown", source: "C. civ. 1344 (a formal notice concerns an identified debt)" };

/// What a reminder is, which sets its wording and legal effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// "Relance courtoise": a friendly reminder, usually before the due date.
    Courteous,
    /// "Relance ferme": a firm reminder after the due date.
    Firm,
    /// "Mise en demeure": the formal notice of C. civ. 1344, with a deadline to pay.
    FormalNotice,
}

impl ReminderKind {
    /// The French title of the letter.
    pub fn title_fr(self) -> &'static str {
        match self {
            ReminderKind::Courteous => "Relance courtoise",
            ReminderKind::Firm => "Relance ferme",
            ReminderKind::FormalNotice => "Mise en demeure de payer",
        }
    }
}

/// One level of a dunning schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DunningStep {
    /// The level's id, which sent reminders name (e.g. `firm`).
    pub level: String,
    /// Courteous, firm or formal notice.
    pub kind: ReminderKind,
    /// Days from the due date: negative before it (J-3 is -3), positive after (J+7 is 7).
    pub offset_days: i32,
    /// Days given to pay, from the day the reminder is proposed (8 for the default formal notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_deadline_days: Option<u32>,
}

/// Reminder levels in order of escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DunningSchedule {
    /// The levels, offsets increasing.
    pub steps: Vec<DunningStep>,
}

impl Default for DunningSchedule {
    /// J-3 courteous reminder, J+7 firm reminder, J+30 formal notice with 8 days to pay
    /// (usage, shared/spec/domain.md §3.3).
    fn default() -> Self {
        let step = |level: &str, kind, offset_days, payment_deadline_days| DunningStep {
            level: level.to_owned(),
            kind,
            offset_days,
            payment_deadline_days,
        };
        DunningSchedule {
            steps: vec![
                step("courteous", ReminderKind::Courteous, -3, None),
                step("firm", ReminderKind::Firm, 7, None),
                step("formal_notice", ReminderKind::FormalNotice, 30, Some(8)),
            ],
        }
    }
}

impl DunningSchedule {
    /// The rank (position) and step of `level`.
    pub fn step(&self, level: &str) -> Option<(usize, &DunningStep)> {
        self.steps.iter().enumerate().find(|(_, s)| s.level == level)
    }
}

/// A reminder the host already sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentReminder {
    /// Number of the invoice reminded.
    pub invoice: String,
    /// Level of the schedule sent.
    pub level: String,
    /// Date it was sent.
    pub date: NaiveDate,
}

/// A reminder to send as of a date, with what to claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reminder {
    /// Invoice number.
    pub invoice: String,
    /// Customer key.
    pub customer_id: String,
    /// Buyer's name.
    pub buyer_name: String,
    /// Business, public or consumer buyer.
    pub buyer_kind: BuyerKind,
    /// Level of the schedule.
    pub level: String,
    /// Courteous, firm or formal notice.
    pub kind: ReminderKind,
    /// The day the level became due (due date + offset).
    pub trigger_date: NaiveDate,
    /// The invoice's due date.
    pub due_date: NaiveDate,
    /// Days past the due date (0 before it).
    pub days_late: i64,
    /// Amount still owed incl. tax.
    pub outstanding: Decimal,
    /// Late interest as of the date.
    pub interest: Decimal,
    /// Recovery indemnity (professional and public buyers, once late).
    pub indemnity: Decimal,
    /// outstanding + interest + indemnity.
    pub total_claimed: Decimal,
    /// Pay by this date (formal notice: the date + 8 days by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_deadline: Option<NaiveDate>,
    /// The interest computation, for the letter.
    pub interest_detail: InterestResult,
}

/// Every problem of a schedule, with paths under `path` (e.g. `dunning`).
pub fn check_schedule(schedule: &DunningSchedule, path: &str, out: &mut Vec<Violation>) {
    for (i, s) in schedule.steps.iter().enumerate() {
        let p = format!("{path}.steps[{i}]");
        if s.level.trim().is_empty() || schedule.steps.iter().take(i).any(|x| x.level == s.level) {
            out.push(RULE_SCHEDULE.at(format!("{p}.level"), format!("level `{}` is empty or not unique", s.level)));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| schedule.steps.get(j)) {
            if s.offset_days <= prev.offset_days {
                out.push(RULE_SCHEDULE.at(format!("{p}.offset_days"), "levels escalate: each offset is later than the previous one"));
            }
        }
    }
}

/// Every problem of the reminders sent (dated by `ledger.as_of`), with paths under `path`.
pub fn check_sent(sent: &[SentReminder], schedule: &DunningSchedule, ledger: &Ledger, path: &str, out: &mut Vec<Violation>) {
    let issued: BTreeMap<&str, NaiveDate> = ledger.invoices.iter().map(|i| (i.number.as_str(), i.issue_date)).collect();
    for (i, r) in sent.iter().enumerate().filter(|(_, r)| r.date <= ledger.as_of) {
        if schedule.step(&r.level).is_none() {
            out.push(RULE_SENT_REMINDER.at(format!("{path}[{i}].level"), format!("level `{}` is not in the dunning schedule", r.level)));
        }
        if issued.get(r.invoice.as_str()).is_none_or(|d| *d > r.date) {
            out.push(RULE_SENT_REMINDER.at(format!("{path}[{i}].invoice"), format!("no invoice {} issued by {}", r.invoice, r.date)));
        }
    }
}

/// The first formal notice sent on or before `as_of`, per invoice number.
pub fn formal_notices(sent: &[SentReminder], schedule: &DunningSchedule, as_of: NaiveDate) -> BTreeMap<String, NaiveDate> {
    let mut out: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for r in sent.iter().filter(|r| r.date <= as_of) {
        if schedule.step(&r.level).is_some_and(|(_, s)| s.kind == ReminderKind::FormalNotice) {
            let first = out.entry(r.invoice.clone()).or_insert(r.date);
            *first = (*first).min(r.date);
        }
    }
    out
}

/// `date` + `offset` days, `None` out of the calendar.
fn shift(date: NaiveDate, offset: i32) -> Option<NaiveDate> {
    let days = Days::new(u64::from(offset.unsigned_abs()));
    if offset < 0 { date.checked_sub_days(days) } else { date.checked_add_days(days) }
}

/// The reminders to send as of `ledger.as_of` (see the module documentation), by customer,
/// due date and invoice number.
///
/// `sent` are the reminders already sent (those dated after the ledger's date are ignored);
/// their formal notices start consumers' interest. Unknown levels in `sent` are ignored here:
/// check them with [`check_sent`].
pub fn reminders_due(ledger: &Ledger, sent: &[SentReminder], schedule: &DunningSchedule, tables: &RateTables) -> Result<Vec<Reminder>> {
    let as_of = ledger.as_of;
    let notices = formal_notices(sent, schedule, as_of);
    // the highest level already sent for each invoice
    let mut highest: BTreeMap<&str, usize> = BTreeMap::new();
    for r in sent.iter().filter(|r| r.date <= as_of) {
        if let Some((rank, _)) = schedule.step(&r.level) {
            let h = highest.entry(r.invoice.as_str()).or_insert(rank);
            *h = (*h).max(rank);
        }
    }
    let mut out = Vec::new();
    for inv in ledger.invoices.iter().filter(|i| i.outstanding > Decimal::ZERO && i.issue_date <= as_of) {
        let overdue = as_of > inv.due_date;
        let mut best = None;
        for (rank, step) in schedule.steps.iter().enumerate() {
            let Some(trigger) = shift(inv.due_date, step.offset_days) else { continue };
            let before_due = step.offset_days <= 0;
            if trigger > as_of || (before_due && (overdue || trigger < inv.issue_date)) {
                continue;
            }
            best = Some((rank, step, trigger));
        }
        let Some((rank, step, trigger)) = best else { continue };
        if highest.get(inv.number.as_str()).is_some_and(|h| *h >= rank) {
            continue;
        }
        let path = format!("invoices[{}]", inv.number);
        let detail = late_interest(&LateDebt::of_account(inv, notices.get(&inv.number).copied()), as_of, tables)?;
        let total_claimed = add(add(inv.outstanding, detail.interest, &path)?, detail.indemnity, &path)?;
        let payment_deadline = match step.payment_deadline_days {
            Some(days) => {
                Some(as_of.checked_add_days(Days::new(u64::from(days))).ok_or_else(|| CoreError::Overflow { path: path.clone() })?)
            }
            None => None,
        };
        out.push(Reminder {
            invoice: inv.number.clone(),
            customer_id: inv.customer_id.clone(),
            buyer_name: inv.buyer_name.clone(),
            buyer_kind: inv.buyer_kind,
            level: step.level.clone(),
            kind: step.kind,
            trigger_date: trigger,
            due_date: inv.due_date,
            days_late: if overdue { as_of.signed_duration_since(inv.due_date).num_days() } else { 0 },
            outstanding: inv.outstanding,
            interest: detail.interest,
            indemnity: detail.indemnity,
            total_claimed,
            payment_deadline,
            interest_detail: detail,
        });
    }
    out.sort_by(|a, b| (&a.customer_id, a.due_date, &a.invoice).cmp(&(&b.customer_id, b.due_date, &b.invoice)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::InvoiceKind;
    use crate::payment::InvoiceAccount;
    use crate::receivables::InvoiceStatus;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

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
        assert_eq!(
            (r[0].trigger_date, r[0].interest, r[0].indemnity, r[0].total_claimed),
            (d(2026, 1, 29), dec!(0), dec!(0), dec!(1000.00))
        );
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
        let step = |level: &str, kind, offset_days| DunningStep { level: level.into(), kind, offset_days, payment_deadline_days: None };
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
        s.steps.push(DunningStep { level: "firm".into(), kind: ReminderKind::Firm, offset_days: 45, payment_deadline_days: None });
        s.steps.push(DunningStep { level: "last".into(), kind: ReminderKind::Firm, offset_days: 40, payment_deadline_days: None });
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
        assert_eq!(ReminderKind::FormalNotice.title_fr(), "Mise en demeure de payer");
    }
}
