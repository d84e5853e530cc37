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

use crate::error::{Result, Rule, Violation};
use crate::money::add;
use crate::party::BuyerKind;
use crate::receivables::interest::{InterestResult, LateDebt, late_interest};
use crate::receivables::ledger::Ledger;
use crate::receivables::rates::RateTables;

/// A schedule has unique, non-empty levels with increasing offsets.
pub const RULE_SCHEDULE: Rule =
    Rule { code: "dunning.schedule.invalid", source: "usage (shared/spec/domain.md §3.3: configurable reminder levels)" };
/// A reminder sent names a level of the schedule and an invoice issued by its date.
pub const RULE_SENT_REMINDER: Rule =
    Rule { code: "reminders.unknown", source: "C. civ. 1344 (a formal notice concerns an identified debt)" };

/// What a reminder is, which sets its wording and legal effect.
#[non_exhaustive]
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
    /// Days given to pay (8 for the default formal notice), counted as `deadline_from` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_deadline_days: Option<u32>,
    /// From when the days to pay are counted; from the letter's date by default.
    #[serde(default, skip_serializing_if = "is_default")]
    pub deadline_from: DeadlineStart,
}

/// From when the days a formal notice gives to pay are counted: one rule, applied by dunning to
/// compute the deadline and stated by the letter with the date it gives.
///
/// C. civ. 1344 asks only for a sufficient interpellation; the delay, and what it runs from,
/// are usage (shared/spec/domain.md §3.3). Counting from the letter's date is the default: the
/// deadline printed is the one computed, whatever the post does. Counting from receipt is the
/// other usage: dunning then presumes the letter arrives `presumed_delivery_days` after its date
/// (a registered letter with acknowledgement of receipt, usually 2 to 3 working days) and the
/// letter states that presumption next to the deadline.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "counted_from", rename_all = "snake_case", deny_unknown_fields)]
pub enum DeadlineStart {
    /// From the letter's date: "à compter de la date du présent courrier".
    #[default]
    LetterDate,
    /// From its receipt, presumed `presumed_delivery_days` after the letter's date.
    Receipt {
        /// Days between the letter's date and its presumed receipt.
        presumed_delivery_days: u32,
    },
}

impl DeadlineStart {
    /// The day the days to pay start from, for a letter dated `letter_date`.
    pub fn start(self, letter_date: NaiveDate) -> Option<NaiveDate> {
        match self {
            DeadlineStart::LetterDate => Some(letter_date),
            DeadlineStart::Receipt { presumed_delivery_days } => letter_date.checked_add_days(Days::new(u64::from(presumed_delivery_days))),
        }
    }
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

/// Days a formal notice gives to pay when its step names none: the customary "huit jours" of a
/// mise en demeure (C. civ. 1344 asks only for a sufficient interpellation; the delay is usage).
/// Dunning always computes the deadline, so a formal notice never goes out without one.
pub const FORMAL_NOTICE_DAYS: u32 = 8;

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
            deadline_from: DeadlineStart::LetterDate,
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
    /// From when the days to pay run, as the letter states it (a formal notice's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_from: Option<DeadlineStart>,
    /// The interest computation, for the letter.
    pub interest_detail: InterestResult,
}

/// Every problem of a schedule, with paths under `path` (e.g. `dunning`).
pub(crate) fn check_schedule(schedule: &DunningSchedule, path: &str, out: &mut Vec<Violation>) {
    for (i, s) in schedule.steps.iter().enumerate() {
        let p = format!("{path}.steps[{i}]");
        if crate::text::is_blank(&s.level) || schedule.steps.iter().take(i).any(|x| x.level == s.level) {
            out.push(RULE_SCHEDULE.at(format!("{p}.level"), format!("level `{}` is empty or not unique", s.level)));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| schedule.steps.get(j)) {
            if s.offset_days <= prev.offset_days {
                out.push(RULE_SCHEDULE.at(format!("{p}.offset_days"), "levels escalate: each offset is later than the previous one"));
            }
        }
        if s.payment_deadline_days == Some(0) {
            out.push(RULE_SCHEDULE.at(format!("{p}.payment_deadline_days"), "a deadline to pay is at least one day after the reminder"));
        }
    }
}

/// Every problem of the reminders sent (dated by `ledger.as_of`), with paths under `path`.
pub(crate) fn check_sent(sent: &[SentReminder], schedule: &DunningSchedule, ledger: &Ledger, path: &str, out: &mut Vec<Violation>) {
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
/// [`crate::receivables::receivables`] checks them.
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
        let days = match (step.payment_deadline_days, step.kind) {
            (Some(days), _) => Some(days),
            (None, ReminderKind::FormalNotice) => Some(FORMAL_NOTICE_DAYS),
            (None, _) => None,
        };
        // the letter is dated `as_of`; the days run from it or from its presumed receipt
        let payment_deadline = match days {
            Some(days) => Some(crate::dated::in_range(
                step.deadline_from.start(as_of).and_then(|start| start.checked_add_days(Days::new(u64::from(days)))),
                &format!("{path}.payment_deadline"),
            )?),
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
            deadline_from: days.map(|_| step.deadline_from),
            interest_detail: detail,
        });
    }
    out.sort_by(|a, b| (&a.customer_id, a.due_date, &a.invoice).cmp(&(&b.customer_id, b.due_date, &b.invoice)));
    Ok(out)
}

#[cfg(test)]
mod tests;
