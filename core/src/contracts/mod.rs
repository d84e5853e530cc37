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

use crate::error::Rule;

pub use amendment::{Amendment, AmendmentKind, Change, ContractState, IndexationApplied, contract_as_of};
pub use billing::{BilledLine, ContractInvoice, InvoicedPeriod, billing_runs, invoices_due};
pub use calendar::Month;
pub use chatel::{ChatelLetter, ChatelState, ChatelWindow, chatel_letter};
pub use contract::{
    BillingAnchor, BillingFrequency, ChurnReason, Contract, ContractKind, IndexationClause, Notice, OneOffLine, Origin, Pause,
    RecurringDiscount, RecurringLine, RenewalClause, RenewalRecord, RenewalTerm, SentLetter, SignedDocument, Term, TerminatedBy,
    Termination, Timing, check_contract, check_contracts,
};
pub use indexation::IndexValue;
pub use metrics::{Ratio, Undefined};
pub use movements::{Movements, MrrReport, mrr_report};
pub use mrr::{ChurnRecognition, CustomerStatus, DiscountPolicy, MrrSettings, MrrSnapshot, NrrPolicy, ReportingRate, mrr_at};
pub use renewal::{AtTerm, ContractRenewal, ContractStatus, RenewalSchedule, RenewalSettings, TermSpan, renew, renewal_schedule};
pub use termination::{TerminationRequest, earliest_end, terminate};

/// Every rule of the contracts domain, in the published list of codes ([`crate::rules`]).
pub fn rules() -> Vec<Rule> {
    [contract::RULES, amendment::RULES, renewal::RULES, chatel::RULES, termination::RULES, indexation::RULES, billing::RULES, mrr::RULES]
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
}

impl ContractsInput {
    /// The renewal schedule of the contracts on `as_of` ([`renewal_schedule`]).
    pub fn renewal_schedule(&self, as_of: NaiveDate) -> crate::error::Result<RenewalSchedule> {
        renewal_schedule(&self.contracts, as_of, &self.renewal)
    }

    /// The MRR report from `from` to `to` ([`mrr_report`]).
    pub fn mrr_report(&self, from: Month, to: Month) -> crate::error::Result<MrrReport> {
        mrr_report(&self.contracts, from, to, &self.mrr)
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod properties;
