//! The aging balance (balance âgée): what is owed, by days past the due date.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::add;
use crate::receivables::ledger::Ledger;
use std::collections::BTreeMap;

/// Outstanding amounts by days past the due date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgingBuckets {
    /// Not due yet (on or before the due date).
    pub not_due: Decimal,
    /// 1 to 30 days late.
    pub days_1_30: Decimal,
    /// 31 to 60 days late.
    pub days_31_60: Decimal,
    /// 61 to 90 days late.
    pub days_61_90: Decimal,
    /// More than 90 days late.
    pub days_over_90: Decimal,
    /// The sum of the buckets: the outstanding total.
    pub total: Decimal,
}

impl AgingBuckets {
    /// Adds `amount` owed `days_late` days past its due date (≤ 0: not due).
    pub fn add(&mut self, days_late: i64, amount: Decimal) -> Result<()> {
        let bucket = match days_late {
            i64::MIN..=0 => &mut self.not_due,
            1..=30 => &mut self.days_1_30,
            31..=60 => &mut self.days_31_60,
            61..=90 => &mut self.days_61_90,
            _ => &mut self.days_over_90,
        };
        *bucket = add(*bucket, amount, "aging")?;
        self.total = add(self.total, amount, "aging")?;
        Ok(())
    }
}

/// The aging of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomerAging {
    /// Customer key.
    pub customer_id: String,
    /// Its buckets.
    pub buckets: AgingBuckets,
}

/// The aging balance: in total and per customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Aging {
    /// All customers.
    pub total: AgingBuckets,
    /// Customers that owe something, by key.
    pub customers: Vec<CustomerAging>,
}

/// The aging balance of `ledger` as of its date: each outstanding amount by days past due.
pub fn aging(ledger: &Ledger) -> Result<Aging> {
    let mut total = AgingBuckets::default();
    let mut customers: BTreeMap<&str, AgingBuckets> = BTreeMap::new();
    for inv in ledger.invoices.iter().filter(|i| i.outstanding > Decimal::ZERO) {
        let days = ledger.as_of.signed_duration_since(inv.due_date).num_days();
        total.add(days, inv.outstanding)?;
        customers.entry(&inv.customer_id).or_default().add(days, inv.outstanding)?;
    }
    Ok(Aging {
        total,
        customers: customers.into_iter().map(|(id, buckets)| CustomerAging { customer_id: id.to_owned(), buckets }).collect(),
    })
}
