//! The contracts part of `facturier demo`: its files and summary against golden files
//! (`UPDATE_GOLDEN=1` rewrites them under `tests/golden/demo-contracts/`), its MRR story worked by
//! hand, its PDFs (text goldens through `pdftotext`, byte reproducibility), and the CLI's
//! commands giving the same reports as the demo.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;

use std::process::Command;
use support::{compare, root};

use facturier_cli::demo::contracts::{self, ContractsStory};
use facturier_core::contracts::{ChatelState, Month};
use facturier_core::{Decimal, NaiveDate};
use facturier_pdf::{RenderOptions, Renderer};

fn golden(name: &str) -> PathBuf {
    root().join("tests/golden/demo-contracts").join(name)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn story() -> ContractsStory {
    contracts::story().unwrap()
}

#[test]
fn demo_contracts_match_golden_files() {
    let s = story();
    for (name, body) in contracts::files(&s).unwrap() {
        compare(&golden(name), &body);
    }
    compare(&golden("summary.txt"), &contracts::summary(&s));
    // the same input, the same files
    let again = story();
    assert_eq!(contracts::files(&s).unwrap(), contracts::files(&again).unwrap());
}

/// The MRR story of the demo, month by month (see `cli/src/demo/contracts.json`):
/// - on 30/06/2025 only the consumer's boiler maintenance pays: 24,92 €;
/// - July 2025: the bakery's maintenance, 2 shops × 200 € = 400 € (new);
/// - August: the law firm's 350 € (new); September: 5 licences × 45 € = 225 € (new);
/// - November: avenant n° 1, a third shop, + 200 € (expansion);
/// - February 2026: the hotel's annual licence, 2 400 € / 12 = 200 € (new);
/// - March: avenant n° 1, 5 licences to 3, − 2 × 45 = − 90 € (contraction);
/// - July: Syntec revision at renewal, 200 × (0,15 + 0,85 × 312,6 / 300,0) = 200 × 1,0357 =
///   207,14 € a shop, 3 × 7,14 = + 21,42 € (expansion);
/// - August: the law firm left for a competitor at its term (31/07): − 350 € (churn);
/// - November: it comes back, 280 € (reactivation).
#[test]
fn the_mrr_story_by_hand() {
    let s = story();
    let r = &s.mrr;
    assert_eq!(r.period.mrr_start, dec("24.92"));
    let month = |y, m| r.months.iter().find(|x| x.month == Month::new(y, m).unwrap()).unwrap();
    let mv = |y, m| month(y, m).movements;
    assert_eq!((mv(2025, 7).new, month(2025, 7).mrr_end), (dec("400.00"), dec("424.92")));
    assert_eq!(mv(2025, 8).new, dec("350.00"));
    assert_eq!(mv(2025, 9).new, dec("225.00"));
    assert_eq!((mv(2025, 11).expansion, month(2025, 11).mrr_end), (dec("200.00"), dec("1199.92")));
    assert_eq!(mv(2026, 2).new, dec("200.00"));
    assert_eq!(mv(2026, 3).contraction, dec("90.00"));
    assert_eq!((mv(2026, 7).expansion, month(2026, 7).mrr_end), (dec("21.42"), dec("1331.34")));
    assert_eq!((mv(2026, 8).churn, month(2026, 8).mrr_end), (dec("350.00"), dec("981.34")));
    // the licences renewed on 01/09/2026 at the same price: no movement
    assert_eq!(mv(2026, 9), Default::default());
    assert_eq!((mv(2026, 11).reactivation, month(2026, 11).mrr_end), (dec("280.00"), dec("1261.34")));
    assert_eq!((r.period.mrr_end, r.period.arr_end), (dec("1261.34"), dec("15136.08")));
    // 24,92 + 400 + 350 + 225 + 200 + 200 + 21,42 + 280 − 90 − 350 = 1 261,34
    let p = r.period.movements;
    assert_eq!(
        (p.new, p.expansion, p.contraction, p.churn, p.reactivation),
        (dec("1175.00"), dec("221.42"), dec("90.00"), dec("350.00"), dec("280.00"))
    );
    // churn by reason: the law firm, competition, 350 €
    assert_eq!(r.period.churn_by_reason.len(), 1);
    assert_eq!((r.period.churn_by_reason[0].contracts, r.period.churn_by_reason[0].mrr), (1, dec("350.00")));
    // terms reaching their end in the period: the consumer's (03/2026), the bakery's (06/2026),
    // the law firm's (07/2026, terminated), the licences' (08/2026): 3 renewed of 4 = 75 %
    assert_eq!((r.period.renewals.reaching_term, r.period.renewals.renewed), (4, 3));
    assert_eq!(r.period.renewals.rate.value(), Some(dec("75.00")));
}

#[test]
fn on_the_last_day_the_consumer_letter_is_due() {
    let s = story();
    let sched = &s.report.renewals;
    assert_eq!(sched.chatel_letters_due, ["CT-2025-005"]);
    let w = sched.contracts.iter().find(|c| c.contract_id == "CT-2025-005").unwrap().chatel.unwrap();
    // term 01/04/2026 – 31/03/2027, one month's notice: deadline 28/02/2027, window 28/11/2026 – 28/01/2027
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!((w.opens, w.closes, w.refusal_deadline, w.state), (d(2026, 11, 28), d(2027, 1, 28), d(2027, 2, 28), ChatelState::Open));
    assert_eq!(s.letters.len(), 1);
    assert_eq!(s.letters[0].1.window.refusal_deadline, d(2027, 2, 28));
    // the hotel's term ends on 31/01/2027, its deadline (31/10/2026) passed: record the renewal
    assert_eq!(sched.renewals_due, ["CT-2026-006"]);
    // the December drafts: the invoiced periods up to 30/11 are never billed again
    assert!(s.report.invoices_due.iter().all(|i| i.billing_date > d(2026, 11, 30)), "{:?}", s.report.invoices_due);
    assert!(!s.report.invoices_due.is_empty());
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let path = std::env::temp_dir().join(format!("facturier-contracts-{}-{}.pdf", std::process::id(), pdf.len()));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", "-layout"]).arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        _ => {
            eprintln!("SKIPPED text goldens: `pdftotext` not found (apt-get install poppler-utils)");
            None
        }
    }
}

#[test]
fn demo_pdfs_text_goldens_and_reproducible() {
    let s = story();
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let docs = contracts::documents(&s).unwrap();
    assert_eq!(docs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["mrr-report.pdf", "chatel-letter-CT-2025-005.pdf"]);
    for (name, doc) in &docs {
        let pdf = r.render(doc, &o).unwrap();
        assert_eq!(pdf, Renderer::new().unwrap().render(doc, &o).unwrap(), "{name} is byte-reproducible");
        let Some(text) = pdftotext(&pdf) else { return };
        compare(&golden(&name.replace(".pdf", ".txt")), &text);
    }
}

#[test]
fn the_cli_gives_the_demo_reports() {
    let s = story();
    let input = facturier_cli::contracts::parse(&contracts::files(&s).unwrap()[0].1).unwrap();
    let (y, m, d) = facturier_cli::demo::AS_OF;
    let report = facturier_cli::contracts::report(&input, NaiveDate::from_ymd_opt(y, m, d).unwrap()).unwrap();
    assert_eq!(facturier_cli::contracts::to_json(&report).unwrap(), contracts::files(&s).unwrap()[1].1);
    let (from, to) = (Month::new(2025, 7).unwrap(), Month::new(2026, 12).unwrap());
    let mrr = facturier_cli::mrr::report(&input, from, to).unwrap();
    assert_eq!(facturier_cli::mrr::to_json(&mrr).unwrap(), contracts::files(&s).unwrap()[2].1);
}
