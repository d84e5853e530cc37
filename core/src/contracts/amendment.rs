//! Amendments (avenants 1, 2, …) and price revisions: the full history of a contract, and the
//! contract as of any date derived from it.
//!
//! The contract's own fields are its state on its start; each [`Amendment`] changes it from its
//! effective date on (C. civ. 1193: a contract is amended by the parties' agreement). Amendments
//! apply in the order of their effective dates, then of their numbers; none is ever rewritten,
//! so the contract as of any date ([`contract_as_of`]) is a replay of the history up to it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contracts::contract::{
    Checker, Contract, LINE_ID, RecurringDiscount, RecurringLine, RenewalClause, RenewalTerm, at, check_decimal, check_discount,
    check_recurring_line, is_blank, same_id,
};
use crate::contracts::renewal::{ContractStatus, TermSpan};
use crate::error::{Result, Violation, declare_rules};
use crate::money::{QUANTITY_DECIMALS, UNIT_PRICE_DECIMALS};

declare_rules! { RULES;
    /// Amendments are numbered 1, 2, … once each.
    AMENDMENT_NUMBER = "contract.amendment.number.invalid", "C. civ. 1193; facturier: amendments numbered 1, 2, … (avenant n°)";
    /// An amendment takes effect on or after the contract's start.
    AMENDMENT_DATE = "contract.amendment.before_start", "C. civ. 1193 (an amendment changes a contract in force)";
    /// An amendment changes something.
    AMENDMENT_EMPTY = "contract.amendment.empty", "C. civ. 1193 (an amendment states what changes)";
    /// An amendment names lines and discounts that exist at its date, and adds new ids only.
    AMENDMENT_REFERENCE = "contract.amendment.reference.unknown", "C. civ. 1193 (an amendment identifies what it changes)";
    /// A new term end falls on or after the amendment's date.
    AMENDMENT_TERM_END = "contract.amendment.term_end.invalid", "C. civ. 1212-1213 (the term may be extended or brought forward by agreement)";
    /// A price revision carries the index values it applied; an avenant carries none.
    AMENDMENT_INDEXATION = "contract.amendment.indexation.invalid", "C. mon. fin. L112-1 (the revision follows the clause's index)";
}

/// An avenant agreed by the parties, or a price revision applying the indexation clause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// An avenant.
    #[default]
    Avenant,
    /// A price revision under the indexation clause ([`crate::contracts::indexation`]).
    Indexation,
}

/// The index values a price revision applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexationApplied {
    /// The index.
    pub index: String,
    /// S0: the value the previous prices referred to.
    pub previous_value: Decimal,
    /// S1: the value applied.
    pub value: Decimal,
    /// Day the value applied was known (the host's date of the index value).
    pub value_date: NaiveDate,
    /// a + (1 − a) × S1 / S0, to 6 decimals (for display: prices use the exact ratio).
    pub factor: Decimal,
}

/// One change of an amendment. JSON: `{"set_quantity": {"line_id": "1", "quantity": "3"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// A new recurring line.
    AddLine(Box<RecurringLine>),
    /// A recurring line ends.
    RemoveLine {
        /// The line.
        line_id: String,
    },
    /// A new quantity.
    SetQuantity {
        /// The line.
        line_id: String,
        /// The quantity.
        quantity: Decimal,
    },
    /// A new unit price excl. tax (per billing period).
    SetUnitPrice {
        /// The line.
        line_id: String,
        /// The price.
        unit_price: Decimal,
    },
    /// A new recurring discount (in force from its `from`, else from the amendment's date).
    AddDiscount(Box<RecurringDiscount>),
    /// A discount ends.
    RemoveDiscount {
        /// The discount.
        discount_id: String,
    },
    /// The current term now ends on `date` (extended or brought forward).
    SetTermEnd {
        /// The new last day of the current term.
        date: NaiveDate,
    },
    /// A new renewal clause (tacit or not, renewal term, notice).
    SetRenewal(RenewalClause),
}

/// An amendment: what changes, from which day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// Its number: avenant n° 1, 2, … (price revisions are numbered in the same sequence).
    pub number: u32,
    /// First day the changes apply.
    pub effective: NaiveDate,
    /// Day signed (known); the effective date by default. CMRR counts a change from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_on: Option<NaiveDate>,
    /// Avenant (default) or price revision.
    #[serde(default)]
    pub kind: AmendmentKind,
    /// What changes.
    #[serde(deserialize_with = "crate::contracts::contract::exact_size")]
    pub changes: Vec<Change>,
    /// A note ("passage à l'offre Pro").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a price revision: the index values applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexation: Option<Box<IndexationApplied>>,
}

impl Amendment {
    /// Day known: `signed_on`, else the effective date.
    pub fn signed(&self) -> NaiveDate {
        self.signed_on.unwrap_or(self.effective)
    }
}

/// A recurring line as in force on a day of the replay.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineState<'a> {
    /// The line as written (description, VAT, billing…).
    pub line: &'a RecurringLine,
    /// Its quantity in force.
    pub quantity: Decimal,
    /// Its unit price in force.
    pub unit_price: Decimal,
    /// `quantity × unit_price` in units of 10⁻¹⁰ (quantities have at most 4 decimals, prices
    /// 6), when it fits 64 bits: the MRR's integer computation ([`crate::contracts::mrr`]).
    pub amount: Option<i64>,
}

impl<'a> LineState<'a> {
    /// The line with this quantity and price.
    pub fn new(line: &'a RecurringLine, quantity: Decimal, unit_price: Decimal) -> LineState<'a> {
        LineState { line, quantity, unit_price, amount: amount_e10(quantity, unit_price) }
    }

    fn set_quantity(&mut self, quantity: Decimal) {
        self.quantity = quantity;
        self.amount = amount_e10(quantity, self.unit_price);
    }

    fn set_unit_price(&mut self, unit_price: Decimal) {
        self.unit_price = unit_price;
        self.amount = amount_e10(self.quantity, unit_price);
    }
}

/// Powers of ten that fit 64 bits, by exponent.
const POW10: [i64; 11] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000];

/// `quantity × unit_price` in units of 10⁻¹⁰, exactly, if it fits 64 bits (and the scales 10 decimals).
fn amount_e10(quantity: Decimal, unit_price: Decimal) -> Option<i64> {
    let s = quantity.scale().checked_add(unit_price.scale())?;
    let scale = *POW10.get(usize::try_from(10u32.checked_sub(s)?).ok()?)?;
    let q = i64::try_from(quantity.mantissa()).ok()?;
    let p = i64::try_from(unit_price.mantissa()).ok()?;
    q.checked_mul(p)?.checked_mul(scale)
}

/// A discount in the contract on a day of the replay, with its first day resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DiscountState<'a> {
    /// The discount as written.
    pub discount: &'a RecurringDiscount,
    /// First day in force.
    pub from: NaiveDate,
}

impl DiscountState<'_> {
    /// True when in force on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.discount.until.is_none_or(|u| date <= u)
    }
}

/// The replay of a contract's history: its lines, discounts and clause as amendments apply.
pub(crate) struct Replay<'a> {
    contract: &'a Contract,
    /// Amendment indices in application order (effective date, then number); `None` when the
    /// amendments are already in that order (the usual case: no allocation).
    order: Option<Vec<usize>>,
    next: usize,
    known_by: Option<NaiveDate>,
    /// Lines in force.
    pub lines: Vec<LineState<'a>>,
    /// Discounts in the contract (in force or not yet / no longer: see [`DiscountState::covers`]).
    pub discounts: Vec<DiscountState<'a>>,
    /// The renewal clause in force.
    pub renewal: RenewalClause,
}

/// Amendment indices of `c` in application order, `None` when they are in order already.
pub(crate) fn application_order(c: &Contract) -> Option<Vec<usize>> {
    if c.amendments.windows(2).all(|w| (w[0].effective, w[0].number) <= (w[1].effective, w[1].number)) {
        return None;
    }
    let mut order: Vec<usize> = (0..c.amendments.len()).collect();
    order.sort_by_key(|&i| c.amendments.get(i).map(|a| (a.effective, a.number)));
    Some(order)
}

/// The `k`-th amendment index in application order.
fn nth(order: &Option<Vec<usize>>, k: usize) -> Option<usize> {
    match order {
        None => Some(k),
        Some(o) => o.get(k).copied(),
    }
}

impl<'a> Replay<'a> {
    /// The contract on its start; with `known_by`, amendments signed after it are left out (CMRR).
    pub fn new(contract: &'a Contract, known_by: Option<NaiveDate>) -> Replay<'a> {
        Replay::with_buffer(contract, known_by, Vec::new(), false)
    }

    /// [`Replay::new`] reusing `lines` (emptied) for the lines in force; `in_order`: the
    /// amendments are known to be in application order (the check found it), not looked at again.
    pub fn with_buffer(contract: &'a Contract, known_by: Option<NaiveDate>, mut lines: Vec<LineState<'a>>, in_order: bool) -> Replay<'a> {
        lines.clear();
        lines.extend(contract.lines.iter().map(|l| LineState::new(l, l.quantity, l.unit_price)));
        Replay {
            contract,
            order: if in_order { None } else { application_order(contract) },
            next: 0,
            known_by,
            lines,
            discounts: contract.discounts.iter().map(|d| DiscountState { discount: d, from: d.from.unwrap_or(contract.start) }).collect(),
            renewal: contract.renewal,
        }
    }

    /// The buffer of the lines, for the next replay.
    pub fn into_buffer(self) -> Vec<LineState<'a>> {
        self.lines
    }

    /// Applies every amendment effective on or before `date`; returns how many applied.
    pub fn advance_to(&mut self, date: NaiveDate) -> usize {
        let mut applied: usize = 0;
        while let Some(i) = nth(&self.order, self.next) {
            let Some(a) = self.contract.amendments.get(i) else { break };
            if a.effective > date {
                break;
            }
            self.next = self.next.saturating_add(1);
            if self.known_by.is_some_and(|k| a.signed() > k) {
                continue;
            }
            for ch in &a.changes {
                self.apply(ch, a.effective);
            }
            applied = applied.saturating_add(1);
        }
        applied
    }

    /// Numbers of the amendments applied so far.
    pub fn applied_numbers(&self) -> Vec<u32> {
        let c = self.contract;
        (0..self.next)
            .filter_map(|k| nth(&self.order, k))
            .filter_map(|i| c.amendments.get(i))
            .filter(|a| self.known_by.is_none_or(|k| a.signed() <= k))
            .map(|a| a.number)
            .collect()
    }

    fn apply(&mut self, change: &'a Change, effective: NaiveDate) {
        let line = |lines: &mut Vec<LineState<'a>>, id: &str| lines.iter().position(|l| same_id(&l.line.id, id));
        match change {
            Change::AddLine(l) => self.lines.push(LineState::new(l, l.quantity, l.unit_price)),
            Change::RemoveLine { line_id } => {
                if let Some(i) = line(&mut self.lines, line_id) {
                    self.lines.remove(i);
                }
            }
            Change::SetQuantity { line_id, quantity } => {
                if let Some(i) = line(&mut self.lines, line_id)
                    && let Some(l) = self.lines.get_mut(i)
                {
                    l.set_quantity(*quantity);
                }
            }
            Change::SetUnitPrice { line_id, unit_price } => {
                if let Some(i) = line(&mut self.lines, line_id)
                    && let Some(l) = self.lines.get_mut(i)
                {
                    l.set_unit_price(*unit_price);
                }
            }
            Change::AddDiscount(d) => self.discounts.push(DiscountState { discount: d, from: d.from.unwrap_or(effective) }),
            Change::RemoveDiscount { discount_id } => self.discounts.retain(|d| d.discount.id != *discount_id),
            Change::SetTermEnd { .. } => {}
            Change::SetRenewal(r) => self.renewal = *r,
        }
    }
}

/// True when no amendment changes the calendar (`set_renewal`, `set_term_end`): the clause and
/// the terms are the contract's own.
pub(crate) fn simple_calendar(c: &Contract) -> bool {
    !c.amendments.iter().any(|a| a.changes.iter().any(|ch| matches!(ch, Change::SetRenewal(_) | Change::SetTermEnd { .. })))
}

/// The renewal clause in force on `date` (the last `set_renewal` effective on or before it).
pub(crate) fn renewal_on(c: &Contract, date: NaiveDate) -> RenewalClause {
    let mut clause = c.renewal;
    let mut best: Option<(NaiveDate, u32)> = None;
    for a in c.amendments.iter().filter(|a| a.effective <= date) {
        for ch in &a.changes {
            if let Change::SetRenewal(r) = ch
                && best.is_none_or(|b| (a.effective, a.number) >= b)
            {
                best = Some((a.effective, a.number));
                clause = *r;
            }
        }
    }
    clause
}

/// Checks the amendments of `c`: numbering, dates, and that each change names what exists.
pub(crate) fn check_history<'a>(c: &'a Contract, p: &str, memo: &mut Checker<'a>, out: &mut Vec<Violation>) {
    memo.simple_calendar = true;
    memo.in_order = true;
    if c.amendments.is_empty() {
        return;
    }
    // numbers in increasing order are unique: the usual case needs no search; amendments in
    // application order need no sort
    let (mut increasing, mut in_order) = (true, true);
    for w in c.amendments.windows(2) {
        if let [x, y] = w {
            increasing &= x.number < y.number;
            in_order &= (x.effective, x.number) <= (y.effective, y.number);
        }
    }
    // whether the calendar is the contract's own ([`simple_calendar`]), for the report; read
    // here in a tight loop, the changes of every amendment are fetched from memory together
    memo.simple_calendar = simple_calendar(c);
    memo.in_order = in_order;
    for (i, a) in c.amendments.iter().enumerate() {
        let ap = |f: &str| at(p, &format!("amendments[{i}].{f}"));
        if a.number == 0 || (!increasing && c.amendments.iter().take(i).any(|o| o.number == a.number)) {
            out.push(AMENDMENT_NUMBER.at(ap("number"), format!("amendment number {} is 0 or not unique", a.number)));
        }
        if a.effective < c.start {
            out.push(
                AMENDMENT_DATE.at(ap("effective"), format!("the amendment ({}) predates the contract's start ({})", a.effective, c.start)),
            );
        }
        if a.changes.is_empty() {
            out.push(AMENDMENT_EMPTY.at(ap("changes"), "an amendment changes something"));
        }
        match (a.kind, &a.indexation) {
            (AmendmentKind::Indexation, None) => {
                out.push(AMENDMENT_INDEXATION.at(ap("indexation"), "a price revision states the index values it applied"))
            }
            (AmendmentKind::Avenant, Some(_)) => {
                out.push(AMENDMENT_INDEXATION.at(ap("indexation"), "an avenant carries no index values (kind `indexation`)"))
            }
            _ => {}
        }
    }
    // replay the ids, in application order
    let mut lines = std::mem::take(&mut memo.lines);
    let mut discounts = std::mem::take(&mut memo.discounts);
    lines.clear();
    lines.extend(c.lines.iter().map(|l| l.id.as_str()));
    discounts.clear();
    discounts.extend(c.discounts.iter().map(|d| d.id.as_str()));
    let order = if in_order { None } else { application_order(c) };
    for i in (0..c.amendments.len()).filter_map(|k| nth(&order, k)) {
        let Some(a) = c.amendments.get(i) else { continue };
        for (j, ch) in a.changes.iter().enumerate() {
            let cp = |f: &str| at(p, &format!("amendments[{i}].changes[{j}].{f}"));
            let unknown = |what: &str, id: &str| AMENDMENT_REFERENCE.at(cp(what), format!("no {what} `{id}` in force on {}", a.effective));
            match ch {
                Change::AddLine(l) => {
                    if is_blank(&l.id) || lines.iter().any(|x| same_id(x, &l.id)) || c.one_off_lines.iter().any(|o| o.id == l.id) {
                        out.push(LINE_ID.at(cp("add_line.id"), format!("line id `{}` is empty or already used", l.id)));
                    }
                    check_recurring_line(l, c.territory, a.effective, &|f| cp(&format!("add_line.{f}")), memo, out);
                    lines.push(&l.id);
                }
                Change::RemoveLine { line_id } => match lines.iter().position(|x| same_id(x, line_id)) {
                    Some(k) => {
                        lines.remove(k);
                    }
                    None => out.push(unknown("remove_line.line_id", line_id)),
                },
                Change::SetQuantity { line_id, quantity } => {
                    if !lines.iter().any(|x| same_id(x, line_id)) {
                        out.push(unknown("set_quantity.line_id", line_id));
                    }
                    if crate::contracts::contract::is_negative(*quantity) {
                        out.push(crate::contracts::contract::LINE_QUANTITY.at(cp("set_quantity.quantity"), "a quantity is not negative"));
                    }
                    check_decimal(*quantity, QUANTITY_DECIMALS, out, || cp("set_quantity.quantity"));
                }
                Change::SetUnitPrice { line_id, unit_price } => {
                    if !lines.iter().any(|x| same_id(x, line_id)) {
                        out.push(unknown("set_unit_price.line_id", line_id));
                    }
                    if crate::contracts::contract::is_negative(*unit_price) {
                        out.push(
                            crate::contracts::contract::LINE_PRICE.at(cp("set_unit_price.unit_price"), "a unit price is not negative"),
                        );
                    }
                    check_decimal(*unit_price, UNIT_PRICE_DECIMALS, out, || cp("set_unit_price.unit_price"));
                }
                Change::AddDiscount(d) => {
                    if discounts.iter().any(|x| same_id(x, &d.id)) {
                        out.push(
                            crate::contracts::contract::DISCOUNT.at(cp("add_discount.id"), format!("discount id `{}` is in use", d.id)),
                        );
                    }
                    check_discount(d, &|id| lines.iter().any(|x| same_id(x, id)), &|f| cp(&format!("add_discount.{f}")), out);
                    discounts.push(&d.id);
                }
                Change::RemoveDiscount { discount_id } => match discounts.iter().position(|x| same_id(x, discount_id)) {
                    Some(k) => {
                        discounts.remove(k);
                    }
                    None => out.push(unknown("remove_discount.discount_id", discount_id)),
                },
                Change::SetTermEnd { date } => {
                    if *date < a.effective {
                        out.push(
                            AMENDMENT_TERM_END.at(
                                cp("set_term_end.date"),
                                format!("the term cannot end ({date}) before the amendment ({})", a.effective),
                            ),
                        );
                    }
                }
                Change::SetRenewal(r) => {
                    if r.term == RenewalTerm::Months(0) {
                        out.push(crate::contracts::contract::TERM.at(cp("set_renewal.term"), "a renewal term lasts at least one month"));
                    }
                }
            }
        }
    }
    memo.lines = lines;
    memo.discounts = discounts;
}

/// A contract as in force on a date: derived from its history, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ContractState {
    /// The contract.
    pub contract_id: String,
    /// The date.
    pub date: NaiveDate,
    /// Its status on that date.
    pub status: ContractStatus,
    /// The recurring lines in force, with their quantities and prices on that date.
    pub lines: Vec<RecurringLine>,
    /// The recurring discounts in force on that date.
    pub discounts: Vec<RecurringDiscount>,
    /// The renewal clause in force.
    pub renewal: RenewalClause,
    /// The term running on that date (none before the start or after the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<TermSpan>,
    /// The amendments applied, by number, in application order.
    pub amendments: Vec<u32>,
    /// Its MRR on that date, in its currency (discounts as invoiced; 0 unless active).
    pub mrr: Decimal,
}

/// The contract as in force on `date`: its lines, discounts and clause after every amendment
/// effective on or before it, its status and term, and its MRR.
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{Contract, ContractStatus, contract_as_of};
/// use facturier_core::dated::day;
///
/// let c: Contract = facturier_core::json::from_str(include_str!("examples/maintenance.json"))?;
/// let before = contract_as_of(&c, day(2026, 2, 28))?;
/// let after = contract_as_of(&c, day(2026, 3, 1))?; // avenant n° 1: 3 sites instead of 2
/// assert_eq!((before.status, before.mrr.to_string(), after.mrr.to_string()), (ContractStatus::Active, "400.00".into(), "600.00".into()));
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn contract_as_of(contract: &Contract, date: NaiveDate) -> Result<ContractState> {
    crate::contracts::contract::require_valid(contract)?;
    let mut replay = Replay::new(contract, None);
    replay.advance_to(date);
    let status = crate::contracts::renewal::status_on(contract, date);
    let mrr = if status.counts_in_mrr() {
        crate::contracts::mrr::monthly_value(&replay.lines, &replay.discounts, date, crate::contracts::mrr::DiscountPolicy::AsInvoiced)?
    } else {
        Decimal::ZERO
    };
    Ok(ContractState {
        contract_id: contract.id.clone(),
        date,
        status,
        lines: replay.lines.iter().map(|l| RecurringLine { quantity: l.quantity, unit_price: l.unit_price, ..l.line.clone() }).collect(),
        discounts: replay.discounts.iter().filter(|d| d.covers(date)).map(|d| d.discount.clone()).collect(),
        renewal: replay.renewal,
        term: crate::contracts::renewal::term_on(contract, date),
        amendments: replay.applied_numbers(),
        mrr,
    })
}

#[cfg(test)]
mod tests;
