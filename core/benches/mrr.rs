//! MRR movements over 36 months for 100 000 contracts with 1 000 000 amendments and events
//! (issue 13; goal: under 200 ms on one core). The contracts come from a seeded LCG, the same
//! every run: 40 000 customers, one or two recurring lines billed monthly, quarterly or yearly,
//! nine amendments on average (quantity, price, a line added or removed), some pauses and
//! terminations, tacit or express renewal. The report's drop is not timed
//! (`iter_with_large_drop`), as `bench/contracts/run.sh` times the computation alone.
#![allow(clippy::panic, clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use facturier_core::contracts::{
    Amendment, AmendmentKind, BillingAnchor, BillingFrequency, ChurnReason, Contract, ContractKind, Month, MrrSettings, Notice, Pause,
    RecurringLine, RenewalClause, RenewalTerm, Term, TerminatedBy, Termination, Timing, mrr_report,
};
use facturier_core::contracts::{Change, calendar::add_days};
use facturier_core::line::SupplyKind;
use facturier_core::money::Currency;
use facturier_core::party::{Address, Buyer};
use facturier_core::terms::PaymentTerms;
use facturier_core::vat::{Territory, VatCategory};
use facturier_core::{Decimal, NaiveDate};

/// mimalloc, the allocator of every facturier host (as `mrr_compare`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Knuth's MMIX LCG: deterministic, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn line(id: &str, rng: &mut Lcg) -> RecurringLine {
    let billing = match rng.below(10) {
        0..=6 => BillingFrequency::Monthly,
        7 => BillingFrequency::Quarterly,
        _ => BillingFrequency::Annual,
    };
    RecurringLine {
        id: id.to_owned(),
        description: "Service".to_owned(),
        quantity: Decimal::from(1 + rng.below(10)),
        unit: "C62".to_owned(),
        unit_price: Decimal::new(1_000 + rng.below(49_000) as i64, 2) * Decimal::from(billing.months()),
        vat_category: VatCategory::S,
        vat_rate: Decimal::from(20),
        supply: SupplyKind::Services,
        billing,
        timing: Timing::Advance,
    }
}

/// `n` contracts with about `events` amendments and events in all.
pub fn contracts(n: usize, events: usize, seed: u64) -> Vec<Contract> {
    let mut rng = Lcg(seed);
    let origin = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let buyer = Buyer {
        name: "Client".to_owned(),
        address: Address { line1: "1 rue".to_owned(), postal_code: "69001".to_owned(), city: "Lyon".to_owned(), ..Default::default() },
        ..Default::default()
    };
    let per_contract = events as u64 * 2 / n as u64; // amendments: 0 ..= 2 × mean
    (0..n)
        .map(|i| {
            let start = add_days(origin, rng.below(1_277)); // 2023-01-01 .. 2026-06-30
            let mut lines = vec![line("1", &mut rng)];
            if rng.below(10) < 3 {
                lines.push(line("2", &mut rng));
            }
            let tacit = rng.below(10) < 8;
            let mut amendments = Vec::new();
            let mut day = start;
            let mut ids = lines.len();
            let mut live: Vec<String> = lines.iter().map(|l| l.id.clone()).collect();
            for k in 0..rng.below(per_contract + 1) {
                day = add_days(day, 1 + rng.below(120));
                let change = match (rng.below(10), live.len()) {
                    (0, _) => {
                        ids += 1;
                        let l = line(&ids.to_string(), &mut rng);
                        live.push(l.id.clone());
                        Change::AddLine(Box::new(l))
                    }
                    (1, n) if n > 1 => Change::RemoveLine { line_id: live.remove(rng.below(n as u64) as usize) },
                    (2..=5, n) => {
                        Change::SetQuantity { line_id: live[rng.below(n as u64) as usize].clone(), quantity: Decimal::from(rng.below(12)) }
                    }
                    (_, n) => Change::SetUnitPrice {
                        line_id: live[rng.below(n as u64) as usize].clone(),
                        unit_price: Decimal::new(1_000 + rng.below(49_000) as i64, 2),
                    },
                };
                amendments.push(Amendment {
                    number: k as u32 + 1,
                    effective: day,
                    signed_on: None,
                    kind: AmendmentKind::Avenant,
                    changes: vec![change],
                    note: None,
                    indexation: None,
                });
            }
            let mut pauses = Vec::new();
            if rng.below(20) == 0 {
                let from = add_days(start, 30 + rng.below(300));
                pauses.push(Pause { from, until: (rng.below(3) > 0).then(|| add_days(from, 10 + rng.below(90))) });
            }
            let termination = (rng.below(100) < 15).then(|| {
                let effective = add_days(start, 60 + rng.below(900));
                Termination { notified_on: effective, effective, reason: ChurnReason::Price, reason_text: None, by: TerminatedBy::Mutual }
            });
            Contract {
                id: format!("C{i:06}"),
                customer_id: format!("cust-{:05}", rng.below(40_000)),
                buyer: buyer.clone(),
                kind: ContractKind::Subscription,
                signed_on: None,
                start,
                first_term: Term::Months(12),
                currency: Currency::default(),
                territory: Territory::Metropole,
                lines,
                one_off_lines: vec![],
                discounts: vec![],
                billing_anchor: BillingAnchor::Calendar,
                payment_terms: PaymentTerms::default(),
                purchase_order: None,
                renewal: RenewalClause { tacit, term: RenewalTerm::SameAsFirst, notice: Notice::Months(1) },
                indexation: None,
                trial_until: None,
                concluded_online: false,
                termination_url: None,
                origin: None,
                signed_document: None,
                amendments,
                pauses,
                renewals: vec![],
                chatel_letters: vec![],
                termination,
            }
        })
        .collect()
}

fn mrr(c: &mut Criterion) {
    let contracts = contracts(100_000, 1_000_000, 13);
    let events: usize = contracts.iter().map(|c| c.amendments.len() + c.pauses.len() + usize::from(c.termination.is_some())).sum();
    eprintln!("{} contracts, {events} amendments and events", contracts.len());
    let (from, to) = (Month::new(2024, 1).unwrap(), Month::new(2026, 12).unwrap());
    let settings = MrrSettings::default();
    let mut group = c.benchmark_group("mrr");
    group.sample_size(10);
    group.bench_function("report/36 months/100k contracts/1M events", |b| {
        b.iter_with_large_drop(|| mrr_report(&contracts, from, to, &settings).unwrap())
    });
    group.finish();
}

criterion_group!(benches, mrr);
criterion_main!(benches);
