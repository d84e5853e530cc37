//! The contract: parties, kind, terms, recurring and one-off lines, discounts, the renewal and
//! indexation clauses, and the facts recorded on it over time (amendments, pauses, renewals,
//! information letters, termination); and the checks every contract passes.
//!
//! A contract is a value the host stores as JSON (`schema/contract.schema.json`); every
//! operation of [`crate::contracts`] checks it first and refuses it with **every** violation
//! ([`CoreError::Invalid`], each with its code, path and source), as an invoice draft is.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contracts::amendment::Amendment;
use crate::contracts::calendar::{add_days, add_months, sub_days, sub_months};
use crate::documents::draft::QuoteRef;
use crate::error::{CoreError, Result, Violation, declare_rules};
use crate::line::{Discount, SupplyKind};
use crate::money::{AMOUNT_DECIMALS, Currency, MAX_MAGNITUDE, QUANTITY_DECIMALS, UNIT_PRICE_DECIMALS};
use crate::party::{Buyer, BuyerKind};
use crate::terms::PaymentTerms;
use crate::vat::{Territory, VatCategory};

declare_rules! { RULES;
    /// A contract has an id, unique among the contracts given together.
    ID = "contract.id.invalid", "facturier: a contract is identified (its reference is EN 16931 BT-12 on its invoices)";
    /// A contract names its customer: MRR is counted per customer.
    CUSTOMER = "contract.customer_id.missing", "shared/spec/domain.md §4.2 (movements per customer)";
    /// A fixed term lasts at least one month.
    TERM = "contract.term.invalid", "C. civ. 1210-1212 (a contract is of fixed or indefinite duration)";
    /// The notice leaves a refusal deadline inside every fixed term.
    NOTICE = "contract.notice.invalid", "C. civ. 1211, 1215; C. conso L215-1 (a period for refusing renewal before the term)";
    /// A contract bills at least one recurring line.
    LINES_EMPTY = "contract.lines.empty", "facturier: a contract has recurring lines (one-off lines alone are a plain invoice)";
    /// Line ids are unique among the recurring and one-off lines of a contract, and not empty.
    LINE_ID = "contract.line.id.invalid", "EN 16931 BT-126 (line identifier), BR-21";
    /// Each line describes the service.
    LINE_DESCRIPTION = "contract.line.description.missing", "CGI ann. II art. 242 nonies A, I-8° (precise description)";
    /// Quantities are not negative.
    LINE_QUANTITY = "contract.line.quantity.negative", "CGI ann. II art. 242 nonies A, I-8° (quantity); a credit note corrects";
    /// Unit prices are not negative.
    LINE_PRICE = "contract.line.unit_price.negative", "EN 16931 BR-27 (the item net price is not negative)";
    /// A multi-year billing period lasts at least two years.
    BILLING = "contract.billing.invalid", "facturier: billing periods of whole months (multi-year: 2 years or more)";
    /// A recurring discount is a percentage in ]0, 100] or an amount > 0 of one line, in force
    /// over a period that runs forward.
    DISCOUNT = "contract.discount.invalid", "CGI ann. II art. 242 nonies A, I-9° (rabais, remises acquired and quantifiable)";
    /// A trial ends on or after the start.
    TRIAL = "contract.trial.invalid", "shared/spec/domain.md §4.1 (trials are excluded from MRR)";
    /// A pause runs forward, from the start on, and does not overlap another.
    PAUSE = "contract.pause.invalid", "shared/spec/domain.md §4.4 (pause and resume with dates)";
    /// A termination is effective on or after its notification, and a reason `other` is explained.
    TERMINATION = "contract.termination.invalid", "C. civ. 1211-1212, 1224-1226 (termination notified, effective from a date)";
    /// The signed document's fingerprint is a SHA-256 (64 hexadecimal digits) of a named file.
    DOCUMENT = "contract.signed_document.invalid", "FIPS 180-4 (SHA-256); C. civ. 1366-1367 (electronic writing and its integrity)";
    /// An indexation clause names its index, a base value > 0 and a fixed part in [0, 1[.
    INDEXATION = "contract.indexation.invalid", "C. mon. fin. L112-1, L112-2 (indexation clauses); formula P1 = P0 × (a + b × S1/S0), a + b = 1";
    /// A Chatel letter is recorded on or after the contract's signature.
    CHATEL_LETTER = "contract.chatel_letter.invalid", "C. conso L215-1 (the information letter, proof of sending)";
}

/// What the contract provides (users' plan, week 12: "Prestation, Abonnement, Maintenance").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// Prestation de services.
    Service,
    /// Abonnement.
    Subscription,
    /// Maintenance.
    Maintenance,
}

/// The length of the first term. JSON: `{"months": 12}` or `"indefinite"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// A fixed term of N months (C. civ. 1212).
    Months(u32),
    /// An indefinite duration, ended with notice (C. civ. 1211).
    Indefinite,
}

/// The length of each renewed term. JSON: `"same_as_first"`, `{"months": 12}` or `"indefinite"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RenewalTerm {
    /// Each renewal lasts as long as the first term.
    SameAsFirst,
    /// Each renewal lasts N months.
    Months(u32),
    /// The renewed contract is of indefinite duration: the default of C. civ. 1214 al. 2 and 1215
    /// when the clause fixes no renewal term.
    #[default]
    Indefinite,
}

/// A notice period. JSON: `{"months": 3}` or `{"days": 30}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// N months (same day number, clamped to the month's end: C. proc. civ. 641).
    Months(u32),
    /// N days (the day of the notice not counted: C. proc. civ. 641 al. 2).
    Days(u32),
}

impl Notice {
    /// The day a notice given on `given_on` expires.
    pub fn expires(self, given_on: NaiveDate) -> NaiveDate {
        match self {
            Notice::Months(n) => add_months(given_on, n),
            Notice::Days(n) => add_days(given_on, u64::from(n)),
        }
    }

    /// The refusal deadline of a term ending on `term_end`: the last day a notice given still
    /// expires on or before `term_end` (shared/spec/domain.md §5, `term_end − notice`).
    pub fn deadline(self, term_end: NaiveDate) -> NaiveDate {
        match self {
            Notice::Days(n) => sub_days(term_end, u64::from(n)),
            Notice::Months(n) => {
                // `term_end − n months` is in time; a later day may be too (the month clamp).
                let mut d = sub_months(term_end, n);
                for _ in 0..3 {
                    let next = add_days(d, 1);
                    if add_months(next, n) > term_end {
                        break;
                    }
                    d = next;
                }
                d
            }
        }
    }
}

/// The renewal clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalClause {
    /// Tacit renewal (reconduction tacite): the contract renews at term unless refused in time
    /// (C. civ. 1215). Without it, the contract ends at term unless renewed expressly ([`crate::contracts::renew`]).
    pub tacit: bool,
    /// Length of each renewed term; indefinite by default (C. civ. 1214-1215).
    #[serde(default)]
    pub term: RenewalTerm,
    /// Notice before the end of a term (refusing renewal) or before the end of an indefinite
    /// contract (C. civ. 1211).
    pub notice: Notice,
}

/// How often a recurring line is billed, and so how its MRR is normalised.
/// JSON: `"monthly"`, `"quarterly"`, `"half_yearly"`, `"annual"` or `{"multi_year": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillingFrequency {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    HalfYearly,
    /// Every year.
    Annual,
    /// Every N years (N ≥ 2).
    MultiYear(u32),
}

impl BillingFrequency {
    /// Months in one billing period: 1, 3, 6, 12 or 12 × N (the MRR divisor, domain.md §4.1).
    pub fn months(self) -> u32 {
        match self {
            BillingFrequency::Monthly => 1,
            BillingFrequency::Quarterly => 3,
            BillingFrequency::HalfYearly => 6,
            BillingFrequency::Annual => 12,
            BillingFrequency::MultiYear(n) => n.saturating_mul(12),
        }
    }
}

/// Billed at the start of each period (terme à échoir) or after it (terme échu).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// In advance: invoiced on the first day of the period.
    #[default]
    Advance,
    /// In arrears: invoiced the day after the period's last day.
    Arrears,
}

/// Where billing periods start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillingAnchor {
    /// Calendar periods (months, quarters from January, half-years, years from 1 January; a
    /// multi-year period from 1 January of the start's year): the first and last periods may be
    /// partial and are prorated.
    #[default]
    Calendar,
    /// Periods counted from the contract's start (anniversary billing).
    Start,
}

/// A recurring line: billed every period, counted in MRR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecurringLine {
    /// Line id, unique in the contract; amendments name lines by it.
    pub id: String,
    /// What is provided.
    pub description: String,
    /// Quantity, up to 4 decimals (BR-FR-DEC-02).
    pub quantity: Decimal,
    /// UN/ECE Rec 20 unit code; C62 (one) by default.
    #[serde(default = "default_unit")]
    pub unit: String,
    /// Unit price excl. tax **per billing period**, up to 6 decimals (BR-FR-DEC-01).
    pub unit_price: Decimal,
    /// VAT category; S by default.
    #[serde(default = "default_category")]
    pub vat_category: VatCategory,
    /// VAT rate in percent.
    pub vat_rate: Decimal,
    /// Goods or services; services by default.
    #[serde(default)]
    pub supply: SupplyKind,
    /// Billing period.
    pub billing: BillingFrequency,
    /// In advance (default) or in arrears.
    #[serde(default)]
    pub timing: Timing,
}

/// A one-off line (set-up fee…): billed once, on the first invoice, never in MRR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OneOffLine {
    /// Line id, unique in the contract.
    pub id: String,
    /// What is provided.
    pub description: String,
    /// Quantity.
    pub quantity: Decimal,
    /// UN/ECE Rec 20 unit code; C62 by default.
    #[serde(default = "default_unit")]
    pub unit: String,
    /// Unit price excl. tax.
    pub unit_price: Decimal,
    /// VAT category; S by default.
    #[serde(default = "default_category")]
    pub vat_category: VatCategory,
    /// VAT rate in percent.
    pub vat_rate: Decimal,
    /// Goods or services; services by default.
    #[serde(default)]
    pub supply: SupplyKind,
    /// Day it is due; the contract's start by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

/// A recurring discount: a percentage of the lines, or an amount per billing period of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecurringDiscount {
    /// Discount id, unique in the contract; amendments remove discounts by it.
    pub id: String,
    /// What it is ("Remise fidélité").
    pub description: String,
    /// `{"percent": "10"}` of the line(s), or `{"amount": "5.00"}` excl. tax per billing period
    /// of its line.
    pub value: Discount,
    /// The line it applies to; every recurring line when absent (a percentage only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_id: Option<String>,
    /// First day in force; from the contract's start (or the amendment adding it) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day in force; forever when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// Where the contract comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The host's deal (opportunity) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
    /// The accepted quote; its invoices reference it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteRef>,
}

/// The signed contract document, stored by the host: where, and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedDocument {
    /// Where the host keeps it (`s3://…`, a path…).
    pub uri: String,
    /// SHA-256 of the file, 64 hexadecimal digits.
    pub sha256: String,
}

/// A pause: from a day, until a day (included) or until further notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    /// First paused day.
    pub from: NaiveDate,
    /// Last paused day; still paused when absent (resume the next day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

impl Pause {
    /// True when `date` is paused.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|u| date <= u)
    }
}

/// Why a contract was terminated (users' plan, week 12: prix, insatisfaction, concurrence…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChurnReason {
    /// Prix.
    Price,
    /// Insatisfaction.
    Dissatisfaction,
    /// Concurrence.
    Competition,
    /// No longer needed.
    NoLongerNeeded,
    /// Non-payment.
    NonPayment,
    /// Another reason, explained in `reason_text`.
    Other,
}

/// Who ended the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TerminatedBy {
    /// The customer.
    Customer,
    /// The provider (the seller).
    Provider,
    /// Both, by agreement (C. civ. 1193).
    Mutual,
}

/// A recorded termination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Termination {
    /// Day the termination was notified.
    pub notified_on: NaiveDate,
    /// Last day the contract is in force ([`crate::contracts::terminate`] computes it).
    pub effective: NaiveDate,
    /// Why.
    pub reason: ChurnReason,
    /// Free text; required for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    /// Who terminated.
    pub by: TerminatedBy,
}

/// A price-indexation clause: at each revision, P1 = P0 × (a + (1 − a) × S1/S0), S the index
/// values the host supplies ([`crate::contracts::indexation`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexationClause {
    /// The index (`Syntec`…), as named in the host's index values.
    pub index: String,
    /// S0: the index value the contract's prices refer to.
    pub base_value: Decimal,
    /// a: the fixed part of the price, in [0, 1[; `"0.15"` for the usual Syntec clause.
    pub fixed_part: Decimal,
}

/// A recorded renewal ([`crate::contracts::renew`]): the history of renewals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalRecord {
    /// 1 for the first renewal, 2 for the second…
    pub number: u32,
    /// First day of the new term.
    pub from: NaiveDate,
    /// Last day of the new term; indefinite when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Day the renewal was recorded.
    pub renewed_on: NaiveDate,
    /// Tacit renewal, or express.
    pub tacit: bool,
    /// The price revision applied at the renewal (its amendment number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexation: Option<u32>,
}

/// A Chatel information letter sent (C. conso L215-1), with its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentLetter {
    /// Day sent.
    pub sent_on: NaiveDate,
    /// Proof of sending (registered-mail number, e-mail id…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A contract and everything recorded on it. JSON: `schema/contract.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// The contract's reference (BT-12 on its invoices).
    pub id: String,
    /// The host's customer (organisation) id: MRR, churn and retention count customers.
    pub customer_id: String,
    /// The buyer: business, public entity or consumer / non-professional (C. conso L215-1
    /// to L215-3 apply to the latter).
    pub buyer: Buyer,
    /// Service, subscription or maintenance.
    pub kind: ContractKind,
    /// Day signed; the start by default. CMRR counts a contract from its signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_on: Option<NaiveDate>,
    /// First day in force.
    pub start: NaiveDate,
    /// The first term.
    pub first_term: Term,
    /// ISO 4217 currency; EUR by default.
    #[serde(default)]
    pub currency: Currency,
    /// Where the service is taxed; metropolitan France by default.
    #[serde(default)]
    pub territory: Territory,
    /// Recurring lines.
    #[serde(deserialize_with = "exact_size")]
    pub lines: Vec<RecurringLine>,
    /// One-off lines (set-up fees): first invoice, never MRR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_off_lines: Vec<OneOffLine>,
    /// Recurring discounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<RecurringDiscount>,
    /// Calendar (default) or anniversary billing periods.
    #[serde(default)]
    pub billing_anchor: BillingAnchor,
    /// Payment terms of its invoices; 30 days by default.
    #[serde(default)]
    pub payment_terms: PaymentTerms,
    /// The buyer's purchase-order number, printed on its invoices (C. com. L441-9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    /// The renewal clause.
    pub renewal: RenewalClause,
    /// The price-indexation clause, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexation: Option<IndexationClause>,
    /// Last day of a free trial: no MRR and nothing billed up to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_until: Option<NaiveDate>,
    /// Concluded electronically: the consumer may terminate online (C. conso L215-1-1).
    #[serde(default)]
    pub concluded_online: bool,
    /// The address of the online termination function ("résilier votre contrat", C. conso
    /// L215-1-1, D215-1 ff.).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_url: Option<String>,
    /// The deal or quote it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The signed document (URI and SHA-256; the host stores the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_document: Option<SignedDocument>,
    /// Amendments (avenants) and price revisions, the full history.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "exact_size")]
    pub amendments: Vec<Amendment>,
    /// Pauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// Renewals recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renewals: Vec<RenewalRecord>,
    /// Chatel information letters sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chatel_letters: Vec<SentLetter>,
    /// The termination, once notified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<Termination>,
}

/// A list read at its exact size. serde grows a list by doubling its room; a contract's
/// history is read by every report, and the spare room would sit between its items in memory
/// (a million amendments of one change each: three quarters of their changes' room empty).
pub(crate) fn exact_size<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> std::result::Result<Vec<T>, D::Error> {
    let mut items = Vec::<T>::deserialize(d)?;
    items.shrink_to_fit();
    Ok(items)
}

fn default_unit() -> String {
    "C62".to_owned()
}

fn default_category() -> VatCategory {
    VatCategory::S
}

impl Contract {
    /// Day signed: `signed_on`, else the start.
    pub fn signed(&self) -> NaiveDate {
        self.signed_on.unwrap_or(self.start)
    }

    /// True for a consumer or non-professional buyer, whom C. conso L215-1 to L215-3 protect.
    pub fn is_consumer(&self) -> bool {
        self.buyer.kind == BuyerKind::Consumer
    }
}

/// True for a text empty or made of whitespace only (a first visible ASCII character answers
/// without decoding the text).
#[inline]
pub(crate) fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// `a == b` for the short ids of lines, discounts and currencies, compared inline (a call to
/// `memcmp` per comparison costs more than the few bytes of such an id).
#[inline]
pub(crate) fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// `field` under the path prefix `p` (`contracts[2]` or empty).
pub(crate) fn at(p: &str, field: &str) -> String {
    if p.is_empty() { field.to_owned() } else { format!("{p}.{field}") }
}

/// `value < 0`, from its sign alone (a negative zero is not below zero).
#[inline]
pub(crate) fn is_negative(value: Decimal) -> bool {
    value.is_sign_negative() && !value.is_zero()
}

/// Pushes the precision and range violations of `value`, building the path only on failure.
#[inline]
pub(crate) fn check_decimal(value: Decimal, max_dp: u32, out: &mut Vec<Violation>, path: impl Fn() -> String) {
    // the usual case: few decimals, |mantissa| below 10^12 (then below 10^12 at any scale)
    if value.scale() <= max_dp && value.mantissa().unsigned_abs() < 1_000_000_000_000 {
        return;
    }
    decimal_violations(value, max_dp, out, &path);
}

#[cold]
fn decimal_violations(value: Decimal, max_dp: u32, out: &mut Vec<Violation>, path: &dyn Fn() -> String) {
    if value.scale() > max_dp && value.normalize().scale() > max_dp {
        out.push(crate::money::RULE_PRECISION.at(path(), format!("{value} has more than {max_dp} decimals")));
    }
    if value.mantissa().unsigned_abs() >= 1_000_000_000_000 && value.abs() >= MAX_MAGNITUDE {
        out.push(crate::money::RULE_RANGE.at(path(), format!("{value} is out of range")));
    }
}

/// What checking a list of contracts keeps from one contract to the next: the VAT rates already
/// checked, within the window where the table of rates does not change (every entry of
/// [`crate::vat::RATES`] in force: there a rate is allowed or not whatever the day, so a list
/// of contracts checks each rate once), and the buffers of ids.
#[derive(Debug, Default)]
pub(crate) struct Checker<'a> {
    window: Option<(NaiveDate, NaiveDate)>,
    known: Vec<(Territory, i128, u32, bool)>,
    /// Line ids in force while an amendment history is replayed.
    pub(crate) lines: Vec<&'a str>,
    /// Whether no amendment of the contract checked last changes its calendar
    /// ([`crate::contracts::amendment::simple_calendar`]).
    pub(crate) simple_calendar: bool,
    /// Whether the amendments of the contract checked last are in application order (effective
    /// date, then number: [`crate::contracts::amendment::application_order`]).
    pub(crate) in_order: bool,
    /// Discount ids in force while an amendment history is replayed.
    pub(crate) discounts: Vec<&'a str>,
}

impl Checker<'_> {
    /// [`crate::vat::is_rate_allowed`], remembered.
    fn allowed(&mut self, territory: Territory, rate: Decimal, date: NaiveDate) -> bool {
        let (from, to) = *self.window.get_or_insert_with(|| {
            let from = crate::vat::RATES.iter().map(|e| e.valid_from).max().unwrap_or(NaiveDate::MAX);
            let to = crate::vat::RATES.iter().map(|e| e.valid_to.unwrap_or(NaiveDate::MAX)).min().unwrap_or(NaiveDate::MIN);
            (from, to)
        });
        if date < from || date > to {
            return crate::vat::is_rate_allowed(territory, rate, date);
        }
        let (m, s) = (rate.mantissa(), rate.scale());
        if let Some(k) = self.known.iter().find(|k| k.0 == territory && k.1 == m && k.2 == s) {
            return k.3;
        }
        let ok = crate::vat::is_rate_allowed(territory, rate, date);
        self.known.push((territory, m, s, ok));
        ok
    }
}

/// Checks a recurring line (`lp` is its path) against the rules of invoice lines.
pub(crate) fn check_recurring_line(
    l: &RecurringLine,
    territory: Territory,
    date: NaiveDate,
    lp: &dyn Fn(&str) -> String,
    memo: &mut Checker<'_>,
    out: &mut Vec<Violation>,
) {
    check_line_body(&l.description, l.quantity, &l.unit, l.unit_price, l.vat_category, l.vat_rate, (territory, date), lp, memo, out);
    if let BillingFrequency::MultiYear(n) = l.billing
        && n < 2
    {
        out.push(BILLING.at(lp("billing"), "a multi-year billing period lasts 2 years or more"));
    }
}

#[allow(clippy::too_many_arguments)]
fn check_line_body(
    description: &str,
    quantity: Decimal,
    unit: &str,
    unit_price: Decimal,
    category: VatCategory,
    rate: Decimal,
    (territory, date): (Territory, NaiveDate),
    lp: &dyn Fn(&str) -> String,
    memo: &mut Checker<'_>,
    out: &mut Vec<Violation>,
) {
    if is_blank(description) {
        out.push(LINE_DESCRIPTION.at(lp("description"), "each line describes the service"));
    }
    if is_negative(quantity) {
        out.push(LINE_QUANTITY.at(lp("quantity"), "a quantity is not negative"));
    }
    check_decimal(quantity, QUANTITY_DECIMALS, out, || lp("quantity"));
    if is_negative(unit_price) {
        out.push(LINE_PRICE.at(lp("unit_price"), "a unit price is not negative"));
    }
    check_decimal(unit_price, UNIT_PRICE_DECIMALS, out, || lp("unit_price"));
    if !(2..=3).contains(&unit.len()) || !unit.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        out.push(crate::documents::legal::LINE_UNIT.at(lp("unit"), format!("`{unit}` is not a UN/ECE Rec 20 code (C62, HUR, DAY…)")));
    }
    if category == VatCategory::S {
        if !memo.allowed(territory, rate, date) {
            out.push(
                crate::documents::legal::VAT_RATE_NOT_ALLOWED.at(lp("vat_rate"), format!("{rate} % is not a rate in force on {date}")),
            );
        }
    } else if !rate.is_zero() {
        out.push(crate::documents::legal::VAT_RATE_NOT_ZERO.at(lp("vat_rate"), format!("category {} carries a 0 % rate", category.code())));
    }
}

/// Checks a recurring discount (`dp` is its path); `line_known` tells whether a line id exists.
pub(crate) fn check_discount(
    d: &RecurringDiscount,
    line_known: &dyn Fn(&str) -> bool,
    dp: &dyn Fn(&str) -> String,
    out: &mut Vec<Violation>,
) {
    if is_blank(&d.id) {
        out.push(DISCOUNT.at(dp("id"), "a discount has an id"));
    }
    match d.value {
        Discount::Percent(p) => {
            if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                out.push(DISCOUNT.at(dp("value"), "a percentage is in ]0, 100]"));
            }
            check_decimal(p, QUANTITY_DECIMALS, out, || dp("value"));
        }
        Discount::Amount(a) => {
            if a <= Decimal::ZERO {
                out.push(DISCOUNT.at(dp("value"), "a discount amount is positive"));
            }
            check_decimal(a, AMOUNT_DECIMALS, out, || dp("value"));
            if d.line_id.is_none() {
                out.push(DISCOUNT.at(dp("line_id"), "an amount discount names the line it applies to"));
            }
        }
    }
    if let Some(id) = &d.line_id
        && !line_known(id)
    {
        out.push(DISCOUNT.at(dp("line_id"), format!("no recurring line `{id}`")));
    }
    if let (Some(from), Some(until)) = (d.from, d.until)
        && until < from
    {
        out.push(DISCOUNT.at(dp("until"), format!("the discount ends ({until}) before it starts ({from})")));
    }
}

/// Every violation of `c`, with paths under `p`.
pub(crate) fn check_into<'a>(c: &'a Contract, p: &str, memo: &mut Checker<'a>, out: &mut Vec<Violation>) {
    if is_blank(&c.id) {
        out.push(ID.at(at(p, "id"), "a contract has an id"));
    }
    if is_blank(&c.customer_id) {
        out.push(CUSTOMER.at(at(p, "customer_id"), "a contract names its customer"));
    }
    if !c.currency.is_well_formed() {
        out.push(crate::money::RULE_CURRENCY.at(at(p, "currency"), format!("`{}` is not an ISO 4217 code", c.currency.0)));
    }
    check_terms(c, p, out);
    if c.lines.is_empty() {
        out.push(LINES_EMPTY.at(at(p, "lines"), "a contract has at least one recurring line"));
    }
    for (i, l) in c.lines.iter().enumerate() {
        let lp = |f: &str| at(p, &format!("lines[{i}].{f}"));
        if is_blank(&l.id) || c.lines.iter().take(i).any(|o| o.id == l.id) {
            out.push(LINE_ID.at(lp("id"), format!("line id `{}` is empty or not unique", l.id)));
        }
        check_recurring_line(l, c.territory, c.start, &lp, memo, out);
    }
    for (i, l) in c.one_off_lines.iter().enumerate() {
        let lp = |f: &str| at(p, &format!("one_off_lines[{i}].{f}"));
        if is_blank(&l.id) || c.lines.iter().any(|o| o.id == l.id) || c.one_off_lines.iter().take(i).any(|o| o.id == l.id) {
            out.push(LINE_ID.at(lp("id"), format!("line id `{}` is empty or not unique", l.id)));
        }
        let on = l.on.unwrap_or(c.start);
        check_line_body(&l.description, l.quantity, &l.unit, l.unit_price, l.vat_category, l.vat_rate, (c.territory, on), &lp, memo, out);
    }
    for (i, d) in c.discounts.iter().enumerate() {
        let dp = |f: &str| at(p, &format!("discounts[{i}].{f}"));
        if c.discounts.iter().take(i).any(|o| o.id == d.id) {
            out.push(DISCOUNT.at(dp("id"), format!("discount id `{}` is not unique", d.id)));
        }
        check_discount(d, &|id| c.lines.iter().any(|l| l.id == id), &dp, out);
    }
    if let Some(t) = c.trial_until
        && t < c.start
    {
        out.push(TRIAL.at(at(p, "trial_until"), format!("the trial ends ({t}) before the start ({})", c.start)));
    }
    check_pauses(c, p, out);
    if let Some(t) = &c.termination {
        if t.effective < t.notified_on {
            out.push(TERMINATION.at(at(p, "termination.effective"), "a termination is effective on or after its notification"));
        }
        if t.reason == ChurnReason::Other && t.reason_text.as_deref().is_none_or(is_blank) {
            out.push(TERMINATION.at(at(p, "termination.reason_text"), "a reason `other` is explained"));
        }
    }
    if let Some(d) = &c.signed_document {
        if is_blank(&d.uri) {
            out.push(DOCUMENT.at(at(p, "signed_document.uri"), "the document's location is given"));
        }
        if d.sha256.len() != 64 || !d.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push(DOCUMENT.at(at(p, "signed_document.sha256"), "a SHA-256 is 64 hexadecimal digits"));
        }
    }
    if let Some(x) = &c.indexation {
        if is_blank(&x.index) {
            out.push(INDEXATION.at(at(p, "indexation.index"), "the clause names its index"));
        }
        if x.base_value <= Decimal::ZERO {
            out.push(INDEXATION.at(at(p, "indexation.base_value"), "the base index value is positive"));
        }
        if x.fixed_part < Decimal::ZERO || x.fixed_part >= Decimal::ONE {
            out.push(INDEXATION.at(at(p, "indexation.fixed_part"), "the fixed part is in [0, 1["));
        }
        check_decimal(x.base_value, UNIT_PRICE_DECIMALS, out, || at(p, "indexation.base_value"));
        check_decimal(x.fixed_part, UNIT_PRICE_DECIMALS, out, || at(p, "indexation.fixed_part"));
    }
    for (i, l) in c.chatel_letters.iter().enumerate() {
        if l.sent_on < c.signed() {
            out.push(CHATEL_LETTER.at(at(p, &format!("chatel_letters[{i}].sent_on")), "a letter is sent after the contract is signed"));
        }
    }
    crate::contracts::amendment::check_history(c, p, memo, out);
    crate::contracts::renewal::check_records(c, p, out);
}

fn check_terms(c: &Contract, p: &str, out: &mut Vec<Violation>) {
    if c.first_term == Term::Months(0) {
        out.push(TERM.at(at(p, "first_term"), "a fixed term lasts at least one month"));
    }
    if c.renewal.term == RenewalTerm::Months(0) {
        out.push(TERM.at(at(p, "renewal.term"), "a renewal term lasts at least one month"));
    }
    if matches!(c.renewal.notice, Notice::Months(0) | Notice::Days(0)) {
        return;
    }
    // the notice leaves a refusal deadline on or after each fixed term's first day: a notice
    // of k months fits a term of n months when k < n (month additions are monotonic)
    let fits = |months: u32| match c.renewal.notice {
        Notice::Months(k) => k < months,
        Notice::Days(d) => add_days(c.start, u64::from(d)) < add_months(c.start, months),
    };
    if let Term::Months(n) = c.first_term
        && n > 0
        && !fits(n)
    {
        out.push(NOTICE.at(at(p, "renewal.notice"), "the notice is longer than the first term"));
    }
    if let RenewalTerm::Months(n) = c.renewal.term
        && n > 0
        && !fits(n)
    {
        out.push(NOTICE.at(at(p, "renewal.notice"), "the notice is longer than a renewal term"));
    }
}

fn check_pauses(c: &Contract, p: &str, out: &mut Vec<Violation>) {
    for (i, x) in c.pauses.iter().enumerate() {
        let pp = |f: &str| at(p, &format!("pauses[{i}].{f}"));
        if x.from < c.start {
            out.push(PAUSE.at(pp("from"), format!("a pause starts on or after the contract ({})", c.start)));
        }
        if let Some(u) = x.until
            && u < x.from
        {
            out.push(PAUSE.at(pp("until"), format!("the pause ends ({u}) before it starts ({})", x.from)));
        }
        for (j, y) in c.pauses.iter().enumerate().skip(i.saturating_add(1)) {
            let overlap = x.until.is_none_or(|u| y.from <= u) && y.until.is_none_or(|u| x.from <= u);
            if overlap {
                out.push(PAUSE.at(pp("from"), format!("the pause overlaps pauses[{j}]")));
            }
        }
    }
}

/// Every violation of one contract (paths from its root: `lines[0].unit_price`).
///
/// # Examples
///
/// ```
/// use facturier_core::contracts::{Contract, check_contract};
///
/// let c: Contract = facturier_core::json::from_str(include_str!("examples/maintenance.json"))?;
/// assert!(check_contract(&c).is_empty());
/// # Ok::<(), facturier_core::CoreError>(())
/// ```
pub fn check_contract(contract: &Contract) -> Vec<Violation> {
    let mut v = Vec::new();
    check_into(contract, "", &mut Checker::default(), &mut v);
    v
}

/// A sort key of an id: its first 16 bytes as an integer and its length, then the id. Ids of
/// up to 16 bytes compare by the integers alone, without reading the strings again; ids are
/// ordered by bytes (an id containing NUL bytes may sort differently, but consistently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct IdKey<'a>(u128, usize, Ordered<'a>);

/// An id compared only when its 16-byte prefix and length do not decide.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ordered<'a>(&'a str);

impl PartialEq for Ordered<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.0.len() <= 16 || self.0 == o.0
    }
}

impl Eq for Ordered<'_> {}

impl PartialOrd for Ordered<'_> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Ordered<'_> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        // reached with equal prefixes and lengths: short ids are then equal
        if self.0.len() <= 16 { std::cmp::Ordering::Equal } else { self.0.cmp(o.0) }
    }
}

/// The id of `len` bytes whose first 16 are `prefix` ([`IdKey::prefix`]), if it has no more:
/// such an id is in its key, and its text is not read again.
pub(crate) fn owned_id(prefix: u128, len: usize) -> Option<String> {
    let bytes = prefix.to_be_bytes();
    std::str::from_utf8(bytes.get(..len)?).ok().map(str::to_owned)
}

/// The [`IdKey`] of `s`.
pub(crate) fn id_key(s: &str) -> IdKey<'_> {
    let mut k = [0u8; 16];
    let n = s.len().min(16);
    if let (Some(dst), Some(src)) = (k.get_mut(..n), s.as_bytes().get(..n)) {
        dst.copy_from_slice(src);
    }
    IdKey(u128::from_be_bytes(k), s.len(), Ordered(s))
}

impl<'a> IdKey<'a> {
    /// Its first 16 bytes, as an integer (ids of up to 16 bytes compare by it and their length).
    pub(crate) fn prefix(&self) -> u128 {
        self.0
    }
}

/// The indices of the contracts whose id repeats another's, sorted, from their keys.
pub(crate) fn duplicates_of(mut ids: Vec<(IdKey<'_>, usize)>) -> Vec<usize> {
    ids.sort_unstable();
    let mut duplicates: Vec<usize> = ids.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| w[1].1).collect();
    duplicates.sort_unstable();
    duplicates
}

/// The indices of the contracts whose id repeats another's, sorted.
pub(crate) fn duplicate_ids(contracts: &[Contract]) -> Vec<usize> {
    duplicates_of(contracts.iter().enumerate().map(|(i, c)| (id_key(&c.id), i)).collect())
}

/// The violation of a contract whose id repeats another's.
pub(crate) fn duplicate_violation(c: &Contract, i: usize) -> Violation {
    ID.at(format!("contracts[{i}].id"), format!("contract id `{}` is not unique", c.id))
}

/// Checks contract `i` of a list, its violations under `contracts[i]`.
pub(crate) fn check_at<'a>(c: &'a Contract, i: usize, duplicate: bool, memo: &mut Checker<'a>, v: &mut Vec<Violation>) {
    let first = v.len();
    if duplicate {
        v.push(ID.at("id", format!("contract id `{}` is not unique", c.id)));
    }
    // paths are built under the root and prefixed only on failure: a valid list allocates nothing
    check_into(c, "", memo, v);
    for x in v.iter_mut().skip(first) {
        x.path = if x.path.is_empty() { format!("contracts[{i}]") } else { format!("contracts[{i}].{}", x.path) };
    }
}

/// Checks a list of contracts (paths `contracts[i]…`), ids unique; every violation at once.
pub fn check_contracts(contracts: &[Contract]) -> Result<()> {
    let mut v = Vec::new();
    let duplicates = duplicate_ids(contracts);
    let mut memo = Checker::default();
    for (i, c) in contracts.iter().enumerate() {
        check_at(c, i, duplicates.binary_search(&i).is_ok(), &mut memo, &mut v);
    }
    if v.is_empty() { Ok(()) } else { Err(CoreError::Invalid(v)) }
}

/// Checks one contract for an operation on it: every violation at once.
pub(crate) fn require_valid(contract: &Contract) -> Result<()> {
    let v = check_contract(contract);
    if v.is_empty() { Ok(()) } else { Err(CoreError::Invalid(v)) }
}

#[cfg(test)]
mod tests;
