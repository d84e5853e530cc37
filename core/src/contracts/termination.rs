//! Termination: the earliest lawful end of a contract for a notice given on a day, and
//! [`terminate`], which records a termination or refuses one that would end the contract too
//! early with a typed error naming the earliest lawful date.
//!
//! # The earliest lawful end ([`earliest_end`]), first rule that applies
//!
//! 1. **By agreement** (C. civ. 1193): any day from the notification.
//! 2. **By the provider for non-payment**: résolution by notification after a formal notice
//!    (C. civ. 1224-1226): from the notification.
//! 3. **A consumer renewed without a Chatel letter in time** may terminate free of charge at any
//!    time from the renewal date (C. conso L215-1 al. 2): from the notification.
//! 4. **A term of indefinite duration** ends after the notice (C. civ. 1211): notification +
//!    notice (months or days, counted as C. proc. civ. 641).
//! 5. **A fixed term** is performed to its end (C. civ. 1212): its last day, when the notice was
//!    given by the refusal deadline; otherwise the contract renews (C. civ. 1215) and the rule
//!    applies again to the next term. A term that does not renew ends on its last day anyway.
//!
//! The effective date recorded is the last day the contract is in force.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::renewal_on;
use crate::contracts::contract::{ChurnReason, Contract, TERMINATION, TerminatedBy, Termination, require_valid};
use crate::contracts::renewal::terms;
use crate::error::{CoreError, Result, declare_rules};

declare_rules! { RULES;
    /// A termination may not end the contract before the earliest lawful date (named in the error).
    TERMINATION_TOO_EARLY = "contract.termination.too_early",
        "C. civ. 1212 (a fixed term is performed to its end), 1211 (notice for indefinite contracts), 1215; C. conso L215-1";
    /// A contract is terminated once.
    TERMINATION_ALREADY = "contract.termination.already", "C. civ. 1229 (a contract ended is not ended again)";
}

/// A termination to record: the effective date is computed when not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminationRequest {
    /// Day the termination is notified.
    pub notified_on: NaiveDate,
    /// Last day in force asked for; the earliest lawful date when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// Why.
    pub reason: ChurnReason,
    /// Free text; required for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    /// Who terminates.
    pub by: TerminatedBy,
}

/// The earliest lawful last day of `contract` for a termination notified on `notified_on` by
/// `by` for `reason` (see the module documentation for the rules and their sources).
pub fn earliest_end(contract: &Contract, notified_on: NaiveDate, by: TerminatedBy, reason: ChurnReason) -> NaiveDate {
    if by == TerminatedBy::Mutual || (by == TerminatedBy::Provider && reason == ChurnReason::NonPayment) {
        return notified_on;
    }
    let current = crate::contracts::renewal::term_on(contract, notified_on);
    if by == TerminatedBy::Customer && crate::contracts::chatel::free_termination_since(contract, current.as_ref()).is_some() {
        return notified_on;
    }
    for t in terms(contract) {
        let Some(end) = t.to else {
            // indefinite: the notice runs from the notification, even one given before the
            // contract became indefinite (too late to refuse the renewal, in time for this)
            let notice = renewal_on(contract, t.from.max(notified_on)).notice;
            return notice.expires(notified_on).max(t.from);
        };
        if end < notified_on && !is_last(contract, t.number) {
            continue;
        }
        let deadline = renewal_on(contract, end).notice.deadline(end);
        if notified_on <= deadline || is_last(contract, t.number) {
            // a term that already ended before the notice: the contract is over, nothing earlier
            return end.max(notified_on);
        }
    }
    notified_on
}

/// True when term `number` does not renew.
fn is_last(c: &Contract, number: u32) -> bool {
    terms(c).nth((number as usize).saturating_add(1)).is_none()
}

/// Records the termination `request` on `contract` and returns the terminated contract.
///
/// The effective date is the earliest lawful one ([`earliest_end`]) unless a later one is asked
/// for. Refused: an effective date before the earliest lawful one, with
/// `contract.termination.too_early` naming that date; a contract already terminated
/// (`contract.termination.already`); a reason `other` without text or an effective date before
/// the notification (`contract.termination.invalid`); an invalid contract (every violation).
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{ChurnReason, Contract, TerminatedBy, TerminationRequest, terminate};
/// use facturier_core::dated::day;
///
/// let c: Contract = facturier_core::json::from_str(include_str!("examples/maintenance.json"))?;
/// let ask = |effective| TerminationRequest {
///     notified_on: day(2026, 6, 10), effective, reason: ChurnReason::Price, reason_text: None, by: TerminatedBy::Customer,
/// };
/// // a fixed term runs to its end: 31/12/2026, the notice being given before the deadline (30/09)
/// assert_eq!(terminate(&c, ask(None))?.termination.map(|t| t.effective), Some(day(2026, 12, 31)));
/// let e = terminate(&c, ask(Some(day(2026, 7, 31)))).unwrap_err();
/// assert_eq!(e.code(), "contract.termination.too_early");
/// assert!(e.to_string().contains("2026-12-31"));
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn terminate(contract: &Contract, request: TerminationRequest) -> Result<Contract> {
    require_valid(contract)?;
    if let Some(t) = &contract.termination {
        return Err(TERMINATION_ALREADY.refuse("termination", format!("terminated on {} (effective {})", t.notified_on, t.effective)));
    }
    let mut v = Vec::new();
    if request.reason == ChurnReason::Other && request.reason_text.as_deref().is_none_or(|s| s.trim().is_empty()) {
        v.push(TERMINATION.at("reason_text", "a reason `other` is explained"));
    }
    if let Some(e) = request.effective
        && e < request.notified_on
    {
        v.push(TERMINATION.at("effective", "a termination is effective on or after its notification"));
    }
    if !v.is_empty() {
        return Err(CoreError::Invalid(v));
    }
    let earliest = earliest_end(contract, request.notified_on, request.by, request.reason);
    let effective = request.effective.unwrap_or(earliest);
    if effective < earliest {
        return Err(TERMINATION_TOO_EARLY
            .refuse("effective", format!("the earliest lawful end for a notice given on {} is {earliest}", request.notified_on)));
    }
    let mut out = contract.clone();
    out.termination = Some(Termination {
        notified_on: request.notified_on,
        effective,
        reason: request.reason,
        reason_text: request.reason_text,
        by: request.by,
    });
    Ok(out)
}

#[cfg(test)]
mod tests;
