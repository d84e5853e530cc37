//! Terms and renewals: the calendar of a contract's terms, its status on a date, the renewal
//! schedule with its alerts and Chatel windows, and [`renew`].
//!
//! - **Terms.** The first term runs from the start for its months (or indefinitely); at its end
//!   the contract renews when the clause in force on its last day is tacit (C. civ. 1215: tacit
//!   reconduction has the effects of a renewal) or when a renewal was recorded ([`renew`], an
//!   express renewal, C. civ. 1214). Each renewed term lasts as the clause says — indefinitely
//!   by default (C. civ. 1214 al. 2), after which the contract ends only with notice (C. civ.
//!   1211). An amendment `set_term_end` moves the end of the term it falls in.
//! - **Refusal deadline** = the last day a notice still expires by the term's end
//!   ([`crate::contracts::Notice::deadline`]; shared/spec/domain.md §5).
//! - **Alerts** J-90, J-60, J-30 before the refusal deadline by default (practice for
//!   businesses, domain.md §5; users' plan week 12), configurable.
//! - **Consumers and non-professionals** (C. conso L215-1 to L215-3): see
//!   [`crate::contracts::chatel`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::{AmendmentKind, Change, renewal_on, simple_calendar};
use crate::contracts::calendar::{add_months, next_day, prev_day, sub_days};
use crate::contracts::chatel::{ChatelState, ChatelWindow};
use crate::contracts::contract::{Contract, RenewalRecord, RenewalTerm, Term, at, check_contracts, require_valid};
use crate::contracts::indexation::IndexValue;
use crate::error::{CoreError, Result, Violation, declare_rules};

declare_rules! { RULES;
    /// Recorded renewals follow the contract's calendar: numbered 1, 2, … with the dates of its terms.
    RENEWAL_RECORD = "contract.renewal.out_of_step", "C. civ. 1214-1215 (each renewal starts a new term the day after the previous one)";
    /// A term of indefinite duration does not renew: it ends with notice.
    RENEW_INDEFINITE = "contract.renew.indefinite", "C. civ. 1211 (a contract of indefinite duration ends with notice, it is not renewed)";
    /// A terminated contract is not renewed.
    RENEW_TERMINATED = "contract.renew.terminated", "C. civ. 1212, 1214 (a term ended by a notice in time is not renewed)";
    /// Tacit renewal is recorded once the refusal deadline has passed (and only once).
    RENEW_TOO_EARLY = "contract.renew.too_early", "C. civ. 1215; C. conso L215-1 (the customer may refuse renewal until the deadline)";
    /// An express renewal is agreed before the term ends.
    RENEW_LAPSED = "contract.renew.lapsed", "C. civ. 1212-1214 (after its term the contract has ended; a new contract is needed)";
    /// Alert days are distinct and at most 366.
    ALERTS = "contract.alerts.invalid", "facturier: renewal alerts J-n before the refusal deadline (shared/spec/domain.md §5)";
}

/// One term of a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TermSpan {
    /// 0 for the first term, 1 after the first renewal…
    pub number: u32,
    /// First day.
    pub from: NaiveDate,
    /// Last day; indefinite when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// The terms of a contract in order (endless for a tacitly renewed fixed-term contract).
pub struct Terms<'a> {
    contract: &'a Contract,
    anchor: NaiveDate,
    offset: u32,
    number: u32,
    done: bool,
    /// No amendment changes the calendar: the clause is the contract's own.
    simple: bool,
    /// The first day of the next term when the last one computed it (`anchor + offset` months).
    next_from: Option<NaiveDate>,
}

/// The terms of `contract`, in order: see the module documentation.
pub fn terms(contract: &Contract) -> Terms<'_> {
    terms_with(contract, simple_calendar(contract))
}

/// [`terms`] when whether the calendar is simple is known.
pub(crate) fn terms_with(contract: &Contract, simple: bool) -> Terms<'_> {
    Terms { contract, anchor: contract.start, offset: 0, number: 0, done: false, simple, next_from: None }
}

impl Terms<'_> {
    /// The renewal clause in force on `date`, which is computed only when amendments change
    /// the calendar (a plain calendar keeps the contract's own clause).
    fn clause(&self, date: impl FnOnce() -> NaiveDate) -> crate::contracts::contract::RenewalClause {
        if self.simple { self.contract.renewal } else { renewal_on(self.contract, date()) }
    }

    /// Passes over terms ending before `date` without computing them, when their calendar is
    /// plain: no amendment changes it, the contract renews tacitly into fixed terms and no
    /// renewal is recorded. Term `j` then ends the day before `start + n + j × m` months (n the
    /// first term's months, m a renewal's), in that month at the latest: before `date` when
    /// that month is before `date`'s. The terms after are those [`Iterator::next`] gives.
    pub(crate) fn skip_ending_before(&mut self, date: NaiveDate) {
        let c = self.contract;
        if !self.simple || self.number != 0 || self.done || !c.renewals.is_empty() || !c.renewal.tacit {
            return;
        }
        let Term::Months(n) = c.first_term else { return };
        let m = match c.renewal.term {
            RenewalTerm::SameAsFirst => n,
            RenewalTerm::Months(m) => m,
            RenewalTerm::Indefinite => return,
        };
        let months = |d: NaiveDate| i64::from(crate::contracts::calendar::Month::of(d).index());
        // term j ends before `date` when n + j × m < gap
        let gap = months(date).saturating_sub(months(c.start));
        if n == 0 || m == 0 || gap <= i64::from(n) {
            return;
        }
        let Some(j) = gap.saturating_sub(i64::from(n)).saturating_sub(1).checked_div(i64::from(m)) else { return };
        let Some(offset) = u32::try_from(j).ok().and_then(|j| j.checked_mul(m)).and_then(|x| x.checked_add(n)) else { return };
        let Some(number) = u32::try_from(j).ok().and_then(|j| j.checked_add(1)) else { return };
        self.number = number;
        self.offset = offset;
        self.next_from = None;
    }
}

/// The `set_term_end` of an amendment effective in `[from, to]`, the latest applying.
fn term_end_override(c: &Contract, from: NaiveDate, natural: Option<NaiveDate>) -> Option<NaiveDate> {
    let mut to = natural;
    let mut best: Option<(NaiveDate, u32)> = None;
    // an extension may bring later amendments into the term: look again until nothing changes
    loop {
        let mut changed = false;
        let limit = to;
        for a in c.amendments.iter().filter(|a| a.effective >= from && limit.is_none_or(|t| a.effective <= t)) {
            for ch in &a.changes {
                if let Change::SetTermEnd { date } = ch
                    && best.is_none_or(|b| (a.effective, a.number) > b)
                {
                    best = Some((a.effective, a.number));
                    to = Some(*date);
                    changed = true;
                }
            }
        }
        if !changed {
            return best.and(to);
        }
    }
}

impl Iterator for Terms<'_> {
    type Item = TermSpan;

    fn next(&mut self) -> Option<TermSpan> {
        if self.done {
            return None;
        }
        let c = self.contract;
        let from = self.next_from.take().unwrap_or_else(|| add_months(self.anchor, self.offset));
        let length = if self.number == 0 {
            c.first_term
        } else {
            match self.clause(|| prev_day(from)).term {
                RenewalTerm::SameAsFirst => c.first_term,
                RenewalTerm::Months(n) => Term::Months(n),
                RenewalTerm::Indefinite => Term::Indefinite,
            }
        };
        // the first day of the next term, unless an amendment moves the end
        let next_from = match length {
            Term::Months(n) => Some(add_months(self.anchor, self.offset.saturating_add(n))),
            Term::Indefinite => None,
        };
        let natural = next_from.map(prev_day);
        let overridden = if self.simple { None } else { term_end_override(c, from, natural) };
        let to = overridden.or(natural);
        let span = TermSpan { number: self.number, from, to };
        match to {
            None => self.done = true,
            Some(end) => {
                let renews = self.clause(|| end).tacit || c.renewals.iter().any(|r| r.number == self.number.saturating_add(1));
                if !renews || end >= NaiveDate::MAX.pred_opt().unwrap_or(NaiveDate::MAX) {
                    self.done = true;
                }
                match (overridden, length) {
                    (None, Term::Months(n)) => {
                        self.offset = self.offset.saturating_add(n);
                        self.next_from = next_from;
                    }
                    _ => {
                        self.anchor = next_day(end);
                        self.offset = 0;
                    }
                }
            }
        }
        self.number = self.number.saturating_add(1);
        Some(span)
    }
}

/// The last day of the contract's terms without a termination: `None` when it renews forever
/// (tacitly) or becomes indefinite.
pub fn natural_end(c: &Contract) -> Option<NaiveDate> {
    natural_end_with(c, simple_calendar(c))
}

/// [`natural_end`] when whether the calendar is simple is known.
pub(crate) fn natural_end_with(c: &Contract, simple: bool) -> Option<NaiveDate> {
    if c.first_term == Term::Indefinite {
        return None;
    }
    if c.renewal.tacit && simple {
        return None;
    }
    let last_change = c
        .amendments
        .iter()
        .filter(|a| a.changes.iter().any(|ch| matches!(ch, Change::SetRenewal(_) | Change::SetTermEnd { .. })))
        .map(|a| a.effective)
        .max();
    let last_record = c.renewals.iter().map(|r| r.from).max();
    let mut it = terms_with(c, simple);
    while let Some(t) = it.next() {
        let to = t.to?;
        if it.done {
            return Some(to);
        }
        // from here on the clause no longer changes and renews tacitly: the contract never ends
        if last_change.is_none_or(|d| d <= to) && last_record.is_none_or(|d| d <= to) && renewal_on(c, to).tacit {
            return None;
        }
    }
    None
}

/// The last day the contract is in force: its termination's effective date, else its natural end.
pub fn end_of(c: &Contract) -> Option<NaiveDate> {
    end_with(c, natural_end(c))
}

/// [`end_of`] when the natural end is known.
pub(crate) fn end_with(c: &Contract, natural: Option<NaiveDate>) -> Option<NaiveDate> {
    match (c.termination.as_ref().map(|t| t.effective), natural) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The term running on `date` (none before the start or after the end).
pub fn term_on(c: &Contract, date: NaiveDate) -> Option<TermSpan> {
    if date < c.start || end_of(c).is_some_and(|e| date > e) {
        return None;
    }
    terms(c).take_while(|t| t.from <= date).last()
}

/// Where a contract stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Signed, not started yet.
    Upcoming,
    /// In its free trial.
    Trial,
    /// In force.
    Active,
    /// In force, paused.
    Paused,
    /// In force, its termination notified (résiliation en cours).
    Terminating,
    /// Ended (terminated, or not renewed at term).
    Ended,
}

impl ContractStatus {
    /// True for the statuses that count in MRR (active, or terminating while still in force).
    pub fn counts_in_mrr(self) -> bool {
        matches!(self, ContractStatus::Active | ContractStatus::Terminating)
    }
}

/// The status of `c` on `date`.
pub fn status_on(c: &Contract, date: NaiveDate) -> ContractStatus {
    status_with(c, date, natural_end(c))
}

/// [`status_on`] when the contract's [`natural_end`] is known.
pub(crate) fn status_with(c: &Contract, date: NaiveDate, natural: Option<NaiveDate>) -> ContractStatus {
    if date < c.start {
        return ContractStatus::Upcoming;
    }
    if end_with(c, natural).is_some_and(|e| date > e) {
        return ContractStatus::Ended;
    }
    if c.pauses.iter().any(|p| p.covers(date)) {
        return ContractStatus::Paused;
    }
    if c.trial_until.is_some_and(|t| date <= t) {
        return ContractStatus::Trial;
    }
    if c.termination.as_ref().is_some_and(|t| t.notified_on <= date) {
        return ContractStatus::Terminating;
    }
    ContractStatus::Active
}

/// Checks that the recorded renewals follow the calendar (numbers 1, 2, …, the terms' dates).
pub(crate) fn check_records(c: &Contract, p: &str, out: &mut Vec<Violation>) {
    if c.renewals.is_empty() {
        return;
    }
    let calendar: Vec<TermSpan> = terms(c).take(c.renewals.len().saturating_add(1)).collect();
    for (i, r) in c.renewals.iter().enumerate() {
        let rp = |f: &str| at(p, &format!("renewals[{i}].{f}"));
        let expected = u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX);
        if r.number != expected {
            out.push(RENEWAL_RECORD.at(rp("number"), format!("renewal {} recorded where renewal {expected} is expected", r.number)));
            continue;
        }
        match calendar.get(i.saturating_add(1)) {
            Some(t) if t.from == r.from && t.to == r.to => {}
            Some(t) => out.push(RENEWAL_RECORD.at(
                rp("from"),
                format!(
                    "term {} runs from {} to {}, not as recorded",
                    t.number,
                    t.from,
                    t.to.map_or("indefinitely".to_owned(), |d| d.to_string())
                ),
            )),
            None => out.push(RENEWAL_RECORD.at(rp("number"), format!("the contract has no term {expected} to renew into"))),
        }
        if let Some(n) = r.indexation
            && !c.amendments.iter().any(|a| a.number == n && a.kind == AmendmentKind::Indexation)
        {
            out.push(RENEWAL_RECORD.at(rp("indexation"), format!("no price revision numbered {n}")));
        }
    }
}

/// What happens at the end of the current term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AtTerm {
    /// It renews (tacitly, or an express renewal was recorded) into the next term.
    Renews,
    /// It ends: no tacit renewal and none recorded.
    Ends,
    /// A termination ends it (on its effective date).
    Terminated,
    /// The term is indefinite: it ends only with notice.
    NoTerm,
}

/// Settings of the renewal schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalSettings {
    /// Alerts, in days before the refusal deadline; 90, 60 and 30 by default.
    #[serde(default = "default_alerts")]
    pub alert_days: Vec<u32>,
}

fn default_alerts() -> Vec<u32> {
    vec![90, 60, 30]
}

impl Default for RenewalSettings {
    fn default() -> Self {
        RenewalSettings { alert_days: default_alerts() }
    }
}

/// An alert of the renewal schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Alert {
    /// Days before the refusal deadline.
    pub days_before: u32,
    /// Its day.
    pub date: NaiveDate,
    /// True when its day has come and the deadline has not passed.
    pub due: bool,
}

/// The renewal view of one contract on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ContractRenewal {
    /// The contract.
    pub contract_id: String,
    /// Its customer.
    pub customer_id: String,
    /// Its status on the date.
    pub status: ContractStatus,
    /// The current term (the first one before the start; none once ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<TermSpan>,
    /// Last day to refuse the renewal (to give notice) for the current term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_deadline: Option<NaiveDate>,
    /// What happens at term.
    pub at_term: AtTerm,
    /// The next term, when it renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_term: Option<TermSpan>,
    /// Days from the date to the term's last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_term_end: Option<i64>,
    /// The alerts of the current term.
    pub alerts: Vec<Alert>,
    /// The Chatel information window of the current term (consumers, tacit renewal, fixed term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chatel: Option<ChatelWindow>,
    /// The consumer may terminate free of charge at any time since this day (renewed without a
    /// Chatel letter in time: C. conso L215-1 al. 2; advances refunded within 30 days, al. 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_termination_since: Option<NaiveDate>,
    /// A renewal is to be recorded now ([`renew`]): the deadline passed, or terms renewed unrecorded.
    pub renewal_due: bool,
    /// The renewals recorded.
    pub renewals: Vec<RenewalRecord>,
}

/// The contracts whose current term ends within 30, 60 and 90 days (cumulative), not terminated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ToRenew {
    /// Ids, term ending in the next 30 days.
    pub within_30: Vec<String>,
    /// Ids, term ending in the next 60 days.
    pub within_60: Vec<String>,
    /// Ids, term ending in the next 90 days.
    pub within_90: Vec<String>,
}

/// An alert due on the date, for the host's daily job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DueAlert {
    /// The contract.
    pub contract_id: String,
    /// J-n.
    pub days_before: u32,
    /// The alert's day.
    pub date: NaiveDate,
    /// The refusal deadline it announces.
    pub refusal_deadline: NaiveDate,
}

/// The renewal schedule of a set of contracts on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenewalSchedule {
    /// The date.
    pub as_of: NaiveDate,
    /// Each contract, in input order.
    pub contracts: Vec<ContractRenewal>,
    /// Terms ending within 30, 60 and 90 days.
    pub to_renew: ToRenew,
    /// Alerts due on the date (day reached, deadline not passed).
    pub alerts_due: Vec<DueAlert>,
    /// Contracts whose Chatel letter is to be sent now (window open, none recorded).
    pub chatel_letters_due: Vec<String>,
    /// Contracts whose Chatel window closed without a letter in time.
    pub chatel_missed: Vec<String>,
    /// Contracts with a renewal to record ([`renew`]).
    pub renewals_due: Vec<String>,
}

/// Every violation of the settings, with paths under `p` (`renewal` in a
/// [`crate::contracts::ContractsInput`], empty alone).
pub(crate) fn settings_violations(s: &RenewalSettings, p: &str, v: &mut Vec<Violation>) {
    for (i, d) in s.alert_days.iter().enumerate() {
        if *d > 366 || s.alert_days.iter().take(i).any(|x| x == d) {
            v.push(ALERTS.at(at(p, &format!("alert_days[{i}]")), format!("{d}: alert days are distinct, at most 366")));
        }
    }
}

fn check_settings(s: &RenewalSettings) -> Result<()> {
    let mut v = Vec::new();
    settings_violations(s, "", &mut v);
    if v.is_empty() { Ok(()) } else { Err(CoreError::Invalid(v)) }
}

/// The renewal view of one contract on `as_of` (the contract is valid).
pub(crate) fn contract_renewal(c: &Contract, as_of: NaiveDate, settings: &RenewalSettings) -> ContractRenewal {
    let status = status_on(c, as_of);
    let term = match status {
        ContractStatus::Ended => None,
        ContractStatus::Upcoming => terms(c).next(),
        _ => term_on(c, as_of),
    };
    let mut out = ContractRenewal {
        contract_id: c.id.clone(),
        customer_id: c.customer_id.clone(),
        status,
        term,
        refusal_deadline: None,
        at_term: AtTerm::NoTerm,
        next_term: None,
        days_to_term_end: None,
        alerts: vec![],
        chatel: None,
        free_termination_since: crate::contracts::chatel::free_termination_since(c, term.as_ref()),
        renewal_due: false,
        renewals: c.renewals.clone(),
    };
    let Some(t) = term else {
        out.at_term = AtTerm::Ends;
        return out;
    };
    let Some(end) = t.to else { return out };
    let clause = renewal_on(c, end);
    let deadline = clause.notice.deadline(end);
    out.refusal_deadline = Some(deadline);
    out.days_to_term_end = Some(end.signed_duration_since(as_of).num_days());
    let terminated = c.termination.as_ref().is_some_and(|x| x.effective <= end);
    let next = terms(c).nth((t.number as usize).saturating_add(1));
    out.at_term = match (terminated, next) {
        (true, _) => AtTerm::Terminated,
        (false, Some(n)) => {
            out.next_term = Some(n);
            AtTerm::Renews
        }
        (false, None) => AtTerm::Ends,
    };
    if !terminated {
        out.alerts = settings
            .alert_days
            .iter()
            .map(|&d| {
                let date = sub_days(deadline, u64::from(d));
                Alert { days_before: d, date, due: date <= as_of && as_of <= deadline }
            })
            .collect();
    }
    out.chatel = crate::contracts::chatel::window(c, &t, as_of);
    let recorded = c.renewals.len();
    let behind = recorded < t.number as usize;
    out.renewal_due = behind || (recorded == t.number as usize && out.at_term == AtTerm::Renews && clause.tacit && as_of > deadline);
    out
}

/// The renewal schedule of `contracts` on `as_of`: for each contract its current term and end,
/// the refusal deadline, the alerts (J-90, J-60, J-30 before the deadline by default), what
/// happens at term, the Chatel window for consumers, the history of renewals; and the lists a
/// daily job needs (alerts due, letters due, renewals to record, terms ending in 30/60/90 days).
///
/// Refused with every violation of the contracts ([`CoreError::Invalid`], paths
/// `contracts[i]…`) or of the settings.
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{AtTerm, Contract, RenewalSettings, renewal_schedule};
/// use facturier_core::dated::day;
///
/// let c: Contract = facturier_core::json::from_str(include_str!("examples/maintenance.json"))?;
/// let s = renewal_schedule(&[c], day(2026, 10, 5), &RenewalSettings::default())?;
/// let r = &s.contracts[0];
/// assert_eq!((r.refusal_deadline, r.at_term), (Some(day(2026, 9, 30)), AtTerm::Renews)); // 3 months' notice before 31/12
/// assert_eq!(s.renewals_due, ["C-2026-001"]); // the deadline passed: record the renewal ([`renew`])
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn renewal_schedule(contracts: &[Contract], as_of: NaiveDate, settings: &RenewalSettings) -> Result<RenewalSchedule> {
    check_contracts(contracts)?;
    check_settings(settings)?;
    Ok(schedule_of(contracts, as_of, settings))
}

/// [`renewal_schedule`] of contracts and settings already checked.
pub(crate) fn schedule_of(contracts: &[Contract], as_of: NaiveDate, settings: &RenewalSettings) -> RenewalSchedule {
    let mut s = RenewalSchedule {
        as_of,
        contracts: Vec::with_capacity(contracts.len()),
        to_renew: ToRenew::default(),
        alerts_due: vec![],
        chatel_letters_due: vec![],
        chatel_missed: vec![],
        renewals_due: vec![],
    };
    for c in contracts {
        let r = contract_renewal(c, as_of, settings);
        if let (Some(days), false) = (r.days_to_term_end, r.at_term == AtTerm::Terminated) {
            for (limit, list) in [(30, &mut s.to_renew.within_30), (60, &mut s.to_renew.within_60), (90, &mut s.to_renew.within_90)] {
                if (0..=limit).contains(&days) {
                    list.push(c.id.clone());
                }
            }
        }
        if let Some(deadline) = r.refusal_deadline {
            for a in r.alerts.iter().filter(|a| a.due) {
                s.alerts_due.push(DueAlert {
                    contract_id: c.id.clone(),
                    days_before: a.days_before,
                    date: a.date,
                    refusal_deadline: deadline,
                });
            }
        }
        match r.chatel.as_ref().map(|w| w.state) {
            Some(ChatelState::Open) => s.chatel_letters_due.push(c.id.clone()),
            Some(ChatelState::Missed | ChatelState::SentLate) => s.chatel_missed.push(c.id.clone()),
            _ => {}
        }
        if r.renewal_due {
            s.renewals_due.push(c.id.clone());
        }
        s.contracts.push(r);
    }
    s
}

/// Records the next renewal of `contract` on `on_date` and returns the renewed contract: a
/// [`RenewalRecord`] with the next term's dates and, when the contract has an indexation
/// clause and a year has passed since its last revision, a price revision effective on the
/// new term's first day ([`crate::contracts::indexation::revise`], with `index_values`).
///
/// The host calls it at J-0 (its daily job). A tacit renewal is recorded once the refusal
/// deadline has passed; an express renewal (no tacit clause) during the term it renews. The
/// renewal recorded is always the next one, so calling it twice on the same day is refused
/// (`contract.renew.too_early`, naming the day the following renewal may be recorded), never
/// doubled. Also refused: an indefinite term (`contract.renew.indefinite`), a terminated
/// contract (`contract.renew.terminated`), an express renewal after the term
/// (`contract.renew.lapsed`), and an invalid contract (every violation).
pub fn renew(contract: &Contract, on_date: NaiveDate, index_values: &[IndexValue]) -> Result<Contract> {
    require_valid(contract)?;
    let k = u32::try_from(contract.renewals.len()).unwrap_or(u32::MAX).saturating_add(1);
    let current = terms(contract)
        .nth(contract.renewals.len())
        .ok_or_else(|| CoreError::internal("renewals", format!("term {} of the recorded renewals is missing", contract.renewals.len())))?;
    let Some(end) = current.to else {
        return Err(RENEW_INDEFINITE
            .refuse("", format!("term {} is of indefinite duration: it ends with notice, it does not renew", current.number)));
    };
    if let Some(t) = contract.termination.as_ref().filter(|t| t.effective <= end) {
        return Err(RENEW_TERMINATED.refuse("termination", format!("the contract ends on {} (terminated)", t.effective)));
    }
    let clause = renewal_on(contract, end);
    let deadline = clause.notice.deadline(end);
    if clause.tacit && on_date <= deadline {
        return Err(RENEW_TOO_EARLY.refuse(
            "on_date",
            format!("renewal {k} may be recorded from {} (the customer may refuse it until {deadline})", next_day(deadline)),
        ));
    }
    if !clause.tacit && on_date < current.from {
        return Err(RENEW_TOO_EARLY.refuse("on_date", format!("renewal {k} may be agreed from {}", current.from)));
    }
    if !clause.tacit && on_date > end {
        return Err(RENEW_LAPSED.refuse("on_date", format!("the term ended on {end}: a new contract is needed")));
    }
    let mut renewed = contract.clone();
    renewed.renewals.push(RenewalRecord {
        number: k,
        from: next_day(end),
        to: None,
        renewed_on: on_date,
        tacit: clause.tacit,
        indexation: None,
    });
    let next = terms(&renewed)
        .nth(k as usize)
        .ok_or_else(|| CoreError::internal("renewals", format!("term {k} missing after its renewal was recorded")))?;
    if let Some(r) = renewed.renewals.last_mut() {
        r.from = next.from;
        r.to = next.to;
    }
    if renewed.indexation.is_some() && crate::contracts::indexation::revision_allowed(&renewed, next.from) {
        let revised = crate::contracts::indexation::revise(&renewed, next.from, on_date, index_values)?;
        let number = revised.amendments.last().map(|a| a.number);
        renewed = revised;
        if let Some(r) = renewed.renewals.last_mut() {
            r.indexation = number;
        }
    }
    Ok(renewed)
}

#[cfg(test)]
mod tests;
