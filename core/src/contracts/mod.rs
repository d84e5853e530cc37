//! Contracts, renewals, recurring invoicing and recurring revenue: the last third of the sales
//! cycle (quote → invoice → contract).
//!
//! Pure like the rest of the core: contracts, dates, index values, exchange rates and the
//! periods already invoiced come in as arguments; nothing is fetched, stored or dated by the
//! clock. Every operation checks its contracts first and refuses them with **every** violation
//! (code, path, source).
//!
//! # Where things are
//!
//! | File | What |
//! |---|---|
//! | [`contract`] | The model ([`Contract`]: parties, kind, terms, recurring and one-off lines, discounts, clauses, recorded facts) and its checks |
//! | [`amendment`] | Amendments (avenants) and price revisions; the contract as of any date ([`contract_as_of`]) |
//! | [`calendar`] | Months, terms, notices and day counts ([`Month`]) |
//! | [`renewal`] | Terms, status, the renewal schedule and its alerts ([`renewal_schedule`]), [`renew`] |
//! | [`chatel`] | Consumers: the L215-1 window, the consequence of missing it, the letter's data and dated wording ([`chatel_letter`]) |
//! | [`termination`] | The earliest lawful end ([`earliest_end`]) and [`terminate`] |
//! | [`indexation`] | Price revision by an index (P1 = P0 × (a + (1 − a) × S1/S0)), [`indexation::revise`] |
//! | [`billing`] | Recurring invoice drafts, prorata, never twice ([`billing_runs`], [`invoices_due`]) |
//! | [`mrr`] | What counts in MRR, the settings where peers differ, exchange rates; [`mrr_at`] (MRR, ARR, ARPA, CMRR) |
//! | [`movements`] | Movements per month and customer, reconciling exactly; the monthly report ([`mrr_report`]) |
//! | [`metrics`] | Every rate, its formula and source (renewal, churn, MoM, NRR, GRR, LTV, CLV); [`metrics::Ratio`] instead of a division by zero |
//!
//! The law applied is cited where it is applied: C. civ. 1193, 1210-1215, 1224-1226 (duration,
//! renewal, termination), C. conso L215-1 to L215-3 and L215-1-1 (consumers), C. mon. fin.
//! L112-1 (indexation); the SaaS definitions follow shared/spec/domain.md §4 (ChartMogul,
//! Stripe, Baremetrics, Paddle), with the users' own KPIs (users' plan, week 12).

pub mod amendment;
pub mod billing;
pub mod calendar;
pub mod chatel;
pub mod contract;
pub mod indexation;
pub mod metrics;
pub mod movements;
pub mod mrr;
pub mod renewal;
pub mod termination;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, Rule, Violation, declare_rules};
use crate::party::Seller;

declare_rules! { RULES;
    /// The invoice drafts a contracts report lists name their seller: the input gives it.
    SELLER_MISSING = "contracts.seller.missing", "CGI ann. II art. 242 nonies A, I-1° (the invoice names the seller); C. conso L215-1 (the letter names the professional)";
}

pub use amendment::{Amendment, AmendmentKind, Change, ContractState, IndexationApplied, contract_as_of};
pub use billing::{BilledLine, ContractInvoice, InvoicedPeriod, billing_runs, invoices_due};
pub use calendar::Month;
pub use chatel::{ChatelLetter, ChatelState, ChatelWindow, LetterParagraph, LetterRun, chatel_letter};
pub use contract::{
    BillingAnchor, BillingFrequency, ChurnReason, Contract, ContractKind, IndexationClause, Notice, OneOffLine, Origin, Pause,
    RecurringDiscount, RecurringLine, RenewalClause, RenewalRecord, RenewalTerm, SentLetter, SignedDocument, Term, TerminatedBy,
    Termination, Timing, check_contract, check_contracts,
};
pub use indexation::IndexValue;
pub use metrics::{Ratio, Undefined};
pub use movements::{Movements, MrrReport, mrr_report};
pub use mrr::{ChurnRecognition, CustomerStatus, DiscountPolicy, MrrSettings, MrrSnapshot, NrrPolicy, ReportingRate, mrr_at};
pub use renewal::{AtTerm, ContractRenewal, ContractStatus, RenewalSchedule, RenewalSettings, TermSpan, ToRenew, renew, renewal_schedule};
pub use termination::{TerminationRequest, earliest_end, terminate};

/// Every rule of the contracts domain, in the published list of codes ([`crate::rules`]).
pub fn rules() -> Vec<Rule> {
    [
        contract::RULES,
        amendment::RULES,
        renewal::RULES,
        chatel::RULES,
        termination::RULES,
        indexation::RULES,
        billing::RULES,
        mrr::RULES,
        RULES,
    ]
    .concat()
}

/// Everything the contract operations read, in one document (what a host stores or a CLI
/// reads). JSON: `schema/contracts-input.schema.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractsInput {
    /// The contracts.
    pub contracts: Vec<Contract>,
    /// Periods already invoiced (billing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invoiced: Vec<InvoicedPeriod>,
    /// Index values (price revisions at renewal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub index_values: Vec<IndexValue>,
    /// MRR settings; defaults from shared/spec/domain.md §4.
    #[serde(default)]
    pub mrr: MrrSettings,
    /// Renewal alerts; J-90, J-60, J-30 by default.
    #[serde(default)]
    pub renewal: RenewalSettings,
    /// The seller: who issues the invoice drafts and sends the Chatel letters
    /// ([`ContractsInput::report`] needs it; MRR does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<Seller>,
}

/// What the contracts need on a day: the renewal schedule (alerts due, Chatel windows, what
/// renews or ends and when, renewals to record) and the invoice drafts due. JSON:
/// `schema/contracts-report.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ContractsReport {
    /// The day.
    pub as_of: NaiveDate,
    /// The renewal schedule on that day ([`renewal_schedule`]).
    pub renewals: RenewalSchedule,
    /// The drafts due on or before that day, not yet invoiced ([`invoices_due`]).
    pub invoices_due: Vec<ContractInvoice>,
}

impl ContractsInput {
    /// Every violation of the input at once, paths from its root: the contracts
    /// (`contracts[i]…`), the invoiced periods (`invoiced[i]…`), the MRR settings (`mrr.…`)
    /// and the renewal settings (`renewal.…`).
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = match contract::check_contracts(&self.contracts) {
            Err(CoreError::Invalid(list)) => list,
            _ => Vec::new(),
        };
        billing::invoiced_violations(&self.invoiced, &mut v);
        if let Err(CoreError::Invalid(list)) = mrr::Fx::new(&self.mrr) {
            v.extend(list.into_iter().map(|mut x| {
                x.path = contract::at("mrr", &x.path);
                x
            }));
        }
        renewal::settings_violations(&self.renewal, "renewal", &mut v);
        v
    }

    /// The renewal schedule of the contracts on `as_of` ([`renewal_schedule`]).
    pub fn renewal_schedule(&self, as_of: NaiveDate) -> Result<RenewalSchedule> {
        renewal_schedule(&self.contracts, as_of, &self.renewal)
    }

    /// The MRR report from `from` to `to` ([`mrr_report`]).
    pub fn mrr_report(&self, from: Month, to: Month) -> Result<MrrReport> {
        mrr_report(&self.contracts, from, to, &self.mrr)
    }

    /// What the contracts need on `as_of`: the renewal schedule and the invoice drafts due on
    /// or before it, from each contract's start, not yet invoiced ([`ContractsReport`]).
    ///
    /// Refused with every violation of the input ([`ContractsInput::violations`]), and
    /// `contracts.seller.missing` without a seller.
    ///
    /// # Examples
    ///
    /// ```
    /// use facturier_core::contracts::{Contract, ContractsInput};
    /// use facturier_core::{InvoiceDraft, dated::day, json};
    ///
    /// let c: Contract = json::from_str(include_str!("examples/maintenance.json"))?;
    /// let seller = json::from_str::<InvoiceDraft>(include_str!("../../../examples/invoice-draft.json"))?.seller;
    /// let input = ContractsInput { contracts: vec![c], seller: Some(seller), ..ContractsInput::default() };
    /// let r = input.report(day(2026, 3, 1))?;
    /// assert_eq!(r.invoices_due.len(), 3); // January (with the set-up fee), February, March
    /// assert_eq!(r.renewals.contracts[0].refusal_deadline, Some(day(2026, 9, 30)));
    /// # Ok::<(), facturier_core::CoreError>(())
    /// ```
    pub fn report(&self, as_of: NaiveDate) -> Result<ContractsReport> {
        let mut v = self.violations();
        if self.seller.is_none() {
            v.push(SELLER_MISSING.at("seller", "the invoice drafts name their seller: give `seller`"));
        }
        let Some(seller) = self.seller.as_ref().filter(|_| v.is_empty()) else { return Err(CoreError::Invalid(v)) };
        Ok(ContractsReport {
            as_of,
            renewals: renewal::schedule_of(&self.contracts, as_of, &self.renewal),
            invoices_due: billing::drafts_of(&self.contracts, NaiveDate::MIN, as_of, &self.invoiced, seller)?,
        })
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod properties;
