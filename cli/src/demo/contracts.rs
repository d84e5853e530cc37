//! The contracts part of `facturier demo`: six contracts of Atelier Numérique over eighteen
//! months, from July 2025 to December 2026, and what they need on [`super::AS_OF`].
//!
//! The facts (`demo/contracts.json`) are the contracts as signed, with their amendments: an
//! upgrade (a third shop, November 2025), a downgrade (five licences to three, March 2026), a
//! consumer's boiler-maintenance contract concluded online and its information letter of
//! December 2025. The story then runs the core's operations as a host would: the renewals
//! recorded at their J-0 ([`renew`]: the maintenance contract's indexed by Syntec, effective on
//! 1 July 2026), a termination for competition ([`terminate`]: effective at the end of the
//! term, churn in August), the drafts issued up to 30 November 2026 recorded as invoiced; the
//! same customer comes back in November (a reactivation). On 28/12/2026 the consumer's next
//! letter is due. Every figure comes from the core; nothing reads the clock.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use facturier_core::contracts::{
    AmendmentKind, ChatelLetter, ChurnReason, ContractsInput, ContractsReport, Month, MrrReport, TerminatedBy, TerminationRequest,
    chatel_letter, renew, terminate,
};
use facturier_core::presentation::{self, date as date_fr};
use facturier_core::{CoreError, Decimal, Document, NaiveDate, RevenueReport, json};

use crate::CliError;

/// The contracts as signed, with their amendments, the seller and the Syntec values.
pub const FACTS: &str = include_str!("contracts.json");

/// The report's first month: July 2025.
pub const FROM: (i32, u32) = (2025, 7);
/// The report's last month: December 2026 (eighteen months).
pub const TO: (i32, u32) = (2026, 12);

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, CliError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| CoreError::internal("date", "invalid demo date").into())
}

fn month((y, m): (i32, u32)) -> Result<Month, CliError> {
    Month::new(y, m).ok_or_else(|| CoreError::internal("month", "invalid demo month").into())
}

/// Everything the contracts part computes.
#[derive(Debug)]
pub struct ContractsStory {
    /// The contracts after the story: renewals, revision, termination recorded, invoiced periods.
    pub input: ContractsInput,
    /// What they need on [`super::AS_OF`]: renewals, alerts, letters, invoices due.
    pub report: ContractsReport,
    /// MRR, ARR, movements and rates from [`FROM`] to [`TO`].
    pub mrr: MrrReport,
    /// The information letters due on [`super::AS_OF`], with their PDF file names.
    pub letters: Vec<(String, ChatelLetter)>,
}

/// Finds contract `id` of `input`, mutably.
fn contract<'a>(input: &'a mut ContractsInput, id: &str) -> Result<&'a mut facturier_core::Contract, CliError> {
    input.contracts.iter_mut().find(|c| c.id == id).ok_or_else(|| CoreError::internal("demo", format!("no contract {id}")).into())
}

/// Runs the story in memory: pure, same output every time.
pub fn story() -> Result<ContractsStory, CliError> {
    let mut input: ContractsInput = json::from_str(FACTS)?;
    let values = input.index_values.clone();
    // the consumer's contract renews on 01/04/2026 (recorded once the deadline of 28/02 passed)
    let c = contract(&mut input, "CT-2025-005")?;
    *c = renew(c, day(2026, 3, 1)?, &[])?;
    // the maintenance contract renews on 01/07/2026, its prices revised by Syntec (312,6 / 300,0)
    let c = contract(&mut input, "CT-2025-001")?;
    *c = renew(c, day(2026, 4, 2)?, &values)?;
    // the licences renew on 01/09/2026, at the same price: no movement
    let c = contract(&mut input, "CT-2025-002")?;
    *c = renew(c, day(2026, 7, 1)?, &[])?;
    // the law firm leaves for a competitor: notified before its deadline, it ends at the term
    let c = contract(&mut input, "CT-2025-003")?;
    let request = TerminationRequest {
        notified_on: day(2026, 6, 15)?,
        effective: None,
        reason: ChurnReason::Competition,
        reason_text: None,
        by: TerminatedBy::Customer,
    };
    *c = terminate(c, request)?;
    // the host issued every draft due up to 30/11/2026 and recorded what each billed
    let issued = input.report(day(2026, 11, 30)?)?;
    input.invoiced = issued.invoices_due.iter().flat_map(|i| i.billed.iter().cloned()).collect();

    let (y, m, d) = super::AS_OF;
    let as_of = day(y, m, d)?;
    let report = input.report(as_of)?;
    let mrr = input.mrr_report(month(FROM)?, month(TO)?)?;
    let mut letters = Vec::new();
    if let Some(seller) = &input.seller {
        for id in &report.renewals.chatel_letters_due {
            if let Some(c) = input.contracts.iter().find(|c| &c.id == id) {
                letters.push((format!("chatel-letter-{id}.pdf"), chatel_letter(c, seller, as_of)?));
            }
        }
    }
    Ok(ContractsStory { input, report, mrr, letters })
}

/// The files of the story: name and pretty JSON.
pub fn files(s: &ContractsStory) -> Result<Vec<(&'static str, String)>, CliError> {
    Ok(vec![
        ("contracts-input.json", json::to_string_pretty(&s.input)? + "\n"),
        ("contracts-report.json", json::to_string_pretty(&s.report)? + "\n"),
        ("mrr-report.json", json::to_string_pretty(&s.mrr)? + "\n"),
    ])
}

/// The documents to print: the revenue report and the letters due.
pub fn documents(s: &ContractsStory) -> Result<Vec<(String, Document)>, CliError> {
    let mut out = vec![("mrr-report.pdf".to_owned(), Document::RevenueReport(RevenueReport::new(&s.input, month(FROM)?, month(TO)?)?))];
    out.extend(s.letters.iter().map(|(name, l)| (name.clone(), Document::ChatelLetter(l.clone()))));
    Ok(out)
}

/// A movement in words: `nouveau +400,00 €`, `churn −350,00 €`.
fn movement_words(kind: &str, amount: Decimal, up: bool) -> String {
    let sign = if up { "+" } else { "−" };
    format!("{kind} {sign}{}", presentation::euros(amount))
}

/// The MRR story month by month, each movement with its customer and what caused it.
pub fn summary(s: &ContractsStory) -> String {
    let mut out = String::new();
    let r = &s.mrr;
    let names: BTreeMap<&str, &str> = s.input.contracts.iter().map(|c| (c.customer_id.as_str(), c.buyer.name.as_str())).collect();
    let _ = writeln!(
        out,
        "Contrats et revenus récurrents de {} à {} ({} contrats, {} clients)",
        presentation::month(r.from_month),
        presentation::month(r.to_month),
        s.input.contracts.len(),
        names.len()
    );
    let start = r.from_month.first_day().pred_opt().unwrap_or(r.from_month.first_day());
    let _ = writeln!(out, "  au {} : MRR {}", date_fr(start), presentation::euros(r.period.mrr_start));
    for m in &r.months {
        let mut events: Vec<String> = Vec::new();
        for c in &r.customers {
            let Some(cm) = c.months.iter().find(|x| x.month == m.month) else { continue };
            let name = names.get(c.customer_id.as_str()).copied().unwrap_or(c.customer_id.as_str());
            let why = causes(s, &c.customer_id, m.month);
            let mv = &cm.movements;
            for (kind, amount, up) in [
                ("nouveau", mv.new, true),
                ("expansion", mv.expansion, true),
                ("réactivation", mv.reactivation, true),
                ("contraction", mv.contraction, false),
                ("churn", mv.churn, false),
            ] {
                if !amount.is_zero() {
                    events.push(format!("{} ({name}{why})", movement_words(kind, amount, up)));
                }
            }
        }
        let line = format!("  {:<11} MRR {:>12}", presentation::month_short(m.month), presentation::euros(m.mrr_end));
        if events.is_empty() {
            let _ = writeln!(out, "{line}");
        } else {
            let _ = writeln!(out, "{line}  {}", events.join(" ; "));
        }
    }
    let p = &r.period;
    let _ = writeln!(
        out,
        "  ARR au {} : {} ; NRR {} ; GRR {} ; renouvellement {} ({} sur {}) ; churn clients {}",
        date_fr(r.to_month.last_day()),
        presentation::euros(p.arr_end),
        presentation::ratio_percent(p.nrr),
        presentation::ratio_percent(p.grr),
        presentation::ratio_percent(p.renewals.rate),
        p.renewals.renewed,
        p.renewals.reaching_term,
        presentation::ratio_percent(p.customer_churn_rate)
    );
    for x in &p.churn_by_reason {
        let _ = writeln!(
            out,
            "  churn par motif : {} — {} contrat(s), {} de MRR",
            presentation::churn_reason(x.reason),
            x.contracts,
            presentation::euros(x.mrr)
        );
    }
    let rep = &s.report;
    let sched = &rep.renewals;
    let _ = writeln!(out, "Contrats au {}", date_fr(rep.as_of));
    for a in &sched.alerts_due {
        let _ = writeln!(
            out,
            "  alerte J-{} : {}, date limite de non-reconduction {}",
            a.days_before,
            a.contract_id,
            date_fr(a.refusal_deadline)
        );
    }
    for c in sched.contracts.iter().filter(|c| c.chatel.is_some()) {
        if let Some(w) = c.chatel {
            let _ = writeln!(
                out,
                "  {} (consommateur) : {} entre le {} et le {}, date limite {}, reconduction le {}",
                c.contract_id,
                presentation::chatel_state(w.state),
                date_fr(w.opens),
                date_fr(w.closes),
                date_fr(w.refusal_deadline),
                date_fr(w.renewal_date)
            );
        }
    }
    if !sched.renewals_due.is_empty() {
        let _ = writeln!(out, "  reconductions à enregistrer : {}", sched.renewals_due.join(", "));
    }
    let total = rep
        .invoices_due
        .iter()
        .filter_map(|i| i.draft.totals(i.billing_date).ok())
        .fold(Decimal::ZERO, |a, t| a.checked_add(t.total_excl_tax).unwrap_or(a));
    let _ = writeln!(out, "  factures à émettre : {} ({} HT)", rep.invoices_due.len(), presentation::euros(total));
    for i in &rep.invoices_due {
        let _ = writeln!(
            out,
            "    {} {} {}, période du {} au {}",
            date_fr(i.billing_date),
            i.contract_id,
            i.customer_id,
            date_fr(i.period.from),
            date_fr(i.period.to)
        );
    }
    out
}

/// What caused a customer's movement in a month: amendment notes, a price revision, a
/// termination's reason.
fn causes(s: &ContractsStory, customer: &str, m: Month) -> String {
    let mut why: Vec<String> = Vec::new();
    for c in s.input.contracts.iter().filter(|c| c.customer_id == customer) {
        for a in c.amendments.iter().filter(|a| Month::of(a.effective) == m) {
            match (&a.kind, &a.indexation, &a.note) {
                (AmendmentKind::Indexation, Some(x), _) => why.push(format!(
                    "indexation {} {} → {}",
                    x.index,
                    presentation::plain_number(x.previous_value),
                    presentation::plain_number(x.value)
                )),
                (_, _, Some(note)) => why.push(format!("avenant n° {} : {note}", a.number)),
                _ => why.push(format!("avenant n° {}", a.number)),
            }
        }
        if let Some(t) = c.termination.as_ref().filter(|t| t.effective.succ_opt().map(Month::of) == Some(m)) {
            why.push(format!("{} résilié, motif : {}", c.id, presentation::churn_reason(Some(t.reason))));
        }
        if Month::of(c.start) == m {
            why.push(format!("{} signé", c.id));
        }
    }
    if why.is_empty() { String::new() } else { format!(", {}", why.join(", ")) }
}

/// Runs the story, writes its JSON files and PDFs to `out`; returns the summary.
pub fn run(out: &Path, renderer: &facturier_pdf::Renderer) -> Result<String, CliError> {
    let s = story()?;
    for (name, body) in files(&s)? {
        let path = out.join(name);
        std::fs::write(&path, body).map_err(CliError::io(&path))?;
    }
    let options = facturier_pdf::RenderOptions::default();
    for (name, document) in documents(&s)? {
        let path = out.join(name);
        std::fs::write(&path, renderer.render(&document, &options)?).map_err(CliError::io(&path))?;
    }
    Ok(summary(&s))
}
