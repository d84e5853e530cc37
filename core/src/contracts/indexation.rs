//! Price indexation: the revision of a contract's prices by an index the host supplies (dated
//! values, never fetched), as an amendment of kind `indexation`.
//!
//! # The formula
//!
//! P1 = P0 × (a + (1 − a) × S1 / S0), the usual clause of IT services on the Syntec index with
//! a = 0,15 (P1 = P0 × (0,15 + 0,85 × S1/S0)):
//! - P0 the unit price in force on the revision day, P1 the revised price;
//! - S0 the index value the prices refer to: the clause's base value, then the value of the
//!   last revision; S1 the latest value known on the revision day (the host dates each value by
//!   the day it is known, so no revision reads a future value);
//! - computed as P0 × (a × S0 + (1 − a) × S1) / S0 with one division, and rounded half away from
//!   zero to the cent, or to the price's own decimals when it has more (at most 6, BR-FR-DEC-01).
//!
//! An indexation clause is lawful on an index related to the contract's object or the parties'
//! activity, and may not take into account a period of variation longer than the time between
//! two revisions (C. mon. fin. L112-1, L112-2): revisions are at least 12 months apart here,
//! each from the value of the previous one.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::{Amendment, AmendmentKind, Change, IndexationApplied, Replay};
use crate::contracts::calendar::add_months;
use crate::contracts::contract::{Contract, require_valid};
use crate::error::{CoreError, Result, declare_rules};
use crate::money::{UNIT_PRICE_DECIMALS, add, mul, sub};

declare_rules! { RULES;
    /// The contract has an indexation clause.
    INDEXATION_NO_CLAUSE = "contract.indexation.no_clause", "C. mon. fin. L112-1 (prices are indexed only under a clause)";
    /// An index value known on the revision day is supplied.
    INDEX_VALUE_MISSING = "contract.indexation.value_missing", "C. mon. fin. L112-1 (the clause's index, as published; the host supplies the values)";
    /// Index values are positive.
    INDEX_VALUE_INVALID = "contract.indexation.value_invalid", "C. mon. fin. L112-1 (an index value is a positive number)";
    /// Revisions are 12 months apart at least.
    INDEXATION_TOO_EARLY = "contract.indexation.too_early", "C. mon. fin. L112-1 al. 2 (no variation period longer than the time between revisions); yearly revision";
}

/// A value of an index, known from a day (the host's data: Syntec, INSEE…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexValue {
    /// The index, as the clause names it.
    pub index: String,
    /// Day the value is known (published).
    pub date: NaiveDate,
    /// The value.
    pub value: Decimal,
}

/// P0 × (a × S0 + (1 − a) × S1) / S0, rounded to the cent or to P0's decimals (at most 6).
///
/// ```
/// use facturier_core::contracts::indexation::indexed_price;
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
/// // Syntec: 1 000 € × (0,15 + 0,85 × 330,0 / 300,0) = 1 000 × 1,085 = 1 085,00 €
/// assert_eq!(indexed_price(d("1000"), d("300.0"), d("330.0"), d("0.15"))?, d("1085.00"));
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn indexed_price(p0: Decimal, s0: Decimal, s1: Decimal, fixed_part: Decimal) -> Result<Decimal> {
    if s0 <= Decimal::ZERO {
        return Err(INDEX_VALUE_INVALID.refuse("indexation.base_value", "the base index value is positive"));
    }
    let path = "indexation";
    let weighted = add(mul(fixed_part, s0, path)?, mul(sub(Decimal::ONE, fixed_part, path)?, s1, path)?, path)?;
    let p1 = mul(p0, weighted, path)?.checked_div(s0).ok_or_else(|| CoreError::Overflow { path: path.into() })?;
    let dp = p0.normalize().scale().clamp(2, UNIT_PRICE_DECIMALS);
    Ok(p1.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
}

/// The last price revision of `c` effective on or before `date`.
fn last_revision(c: &Contract, date: NaiveDate) -> Option<&Amendment> {
    c.amendments.iter().filter(|a| a.kind == AmendmentKind::Indexation && a.effective <= date).max_by_key(|a| (a.effective, a.number))
}

/// True when a revision effective on `date` is 12 months or more after the start or the last
/// revision.
pub fn revision_allowed(c: &Contract, date: NaiveDate) -> bool {
    let since = last_revision(c, date).map_or(c.start, |a| a.effective);
    date >= add_months(since, 12)
}

/// Revises the prices of `contract` under its indexation clause, effective on `effective`,
/// signed (computed) on `signed_on`, from `values`: a new amendment of kind `indexation` with
/// the revised unit prices of the lines in force and the index values applied.
///
/// Refused: no clause (`contract.indexation.no_clause`); less than 12 months after the start
/// or the last revision (`contract.indexation.too_early`, naming the first possible day); no
/// value of the index known on `effective` (`contract.indexation.value_missing`); a value not
/// positive (`contract.indexation.value_invalid`); an invalid contract.
pub fn revise(contract: &Contract, effective: NaiveDate, signed_on: NaiveDate, values: &[IndexValue]) -> Result<Contract> {
    require_valid(contract)?;
    let Some(clause) = &contract.indexation else {
        return Err(INDEXATION_NO_CLAUSE.refuse("indexation", "the contract has no indexation clause"));
    };
    if !revision_allowed(contract, effective) {
        let since = last_revision(contract, effective).map_or(contract.start, |a| a.effective);
        return Err(INDEXATION_TOO_EARLY.refuse("effective", format!("the next revision may take effect from {}", add_months(since, 12))));
    }
    if let Some(i) = values.iter().position(|v| v.value <= Decimal::ZERO) {
        return Err(INDEX_VALUE_INVALID.refuse(format!("index_values[{i}].value"), "an index value is positive"));
    }
    let s1 =
        values.iter().filter(|v| v.index == clause.index && v.date <= effective).max_by_key(|v| v.date).ok_or_else(|| {
            INDEX_VALUE_MISSING.refuse("index_values", format!("no value of index {} known on {effective}", clause.index))
        })?;
    let s0 = last_revision(contract, effective).and_then(|a| a.indexation.as_ref()).map_or(clause.base_value, |x| x.value);
    let mut replay = Replay::new(contract, None);
    replay.advance_to(effective);
    let mut changes = Vec::with_capacity(replay.lines.len());
    for l in &replay.lines {
        let p1 = indexed_price(l.unit_price, s0, s1.value, clause.fixed_part)?;
        if p1 != l.unit_price {
            changes.push(Change::SetUnitPrice { line_id: l.line.id.clone(), unit_price: p1 });
        }
    }
    let factor = add(
        clause.fixed_part,
        mul(sub(Decimal::ONE, clause.fixed_part, "indexation")?, s1.value, "indexation")?.checked_div(s0).unwrap_or_default(),
        "indexation",
    )?
    .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
    let mut out = contract.clone();
    if changes.is_empty() {
        // nothing moves (same index value): the revision is still recorded, as its starting point
        changes.extend(replay.lines.first().map(|l| Change::SetUnitPrice { line_id: l.line.id.clone(), unit_price: l.unit_price }));
    }
    out.amendments.push(Amendment {
        number: contract.amendments.iter().map(|a| a.number).max().unwrap_or(0).saturating_add(1),
        effective,
        signed_on: Some(signed_on),
        kind: AmendmentKind::Indexation,
        changes,
        note: None,
        indexation: Some(Box::new(IndexationApplied {
            index: clause.index.clone(),
            previous_value: s0,
            value: s1.value,
            value_date: s1.date,
            factor: factor.normalize(),
        })),
    });
    Ok(out)
}

#[cfg(test)]
mod tests;
