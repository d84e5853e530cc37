//! The body of every fuzz target, one function of the fuzzer's bytes each. The binaries under
//! `fuzz_targets/` only call these: the generic code (the core's JSON readers, the generators)
//! is compiled once, in this crate, instead of once per binary, which halves the instrumented
//! build.
//!
//! With `FACTURIER_FUZZ_DEBUG=1` a structure-aware target prints its generated input and the
//! JSON it gives the core (to read a reproducer: `fuzz/README.md`).

use std::fmt::Debug;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use facturier_core::documents::numbering::{self, NumberingState};
use facturier_core::{
    CreditSelection, Decimal, DepositSpec, InvoiceDraft, IssuedInvoice, Line, NaiveDate, PaymentTerms, Quote, QuoteContent,
    ReceivablesInput,
};
use serde::Deserialize;
use serde_json::Value;

use crate::edit::DocGen;
use crate::inputs::{self, LateDebtGen, NumberingGen, ReceivablesGen};
use crate::{ops, seeds};

/// True when `FACTURIER_FUZZ_DEBUG` is set: inputs are printed.
pub fn debug() -> bool {
    static D: OnceLock<bool> = OnceLock::new();
    *D.get_or_init(|| std::env::var_os("FACTURIER_FUZZ_DEBUG").is_some())
}

/// The structured input of `data`, as libfuzzer-sys builds it (`arbitrary_take_rest`).
fn structured<'a, T: Arbitrary<'a> + Debug>(data: &'a [u8]) -> Option<T> {
    let t = T::arbitrary_take_rest(Unstructured::new(data)).ok()?;
    if debug() {
        eprintln!("input: {t:#?}");
    }
    Some(t)
}

/// Prints the JSON given to the core, in debug mode.
fn show(what: &str, value: &Value) {
    if debug() {
        eprintln!("{what}: {}", serde_json::to_string_pretty(value).unwrap_or_default());
    }
}

/// `json_draft`: raw bytes as a draft's JSON: `Draft::from_json_str` (an invoice draft, or a
/// quote's content when it has `valid_until`), and the same text read as each type; whatever
/// parses is checked, totalled, issued, credited and put in receivables.
pub fn json_draft(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let plan = ops::Plan::plain();
    if let Some(d) = ops::typed(facturier_core::Draft::from_json_str(text)) {
        let _ = ops::typed(d.violations(plan.as_of.0));
    }
    if let Some(d) = inputs::text::<InvoiceDraft>(text) {
        ops::draft(&d, &plan);
    }
    if let Some(c) = inputs::text::<QuoteContent>(text) {
        ops::quote(&c, &plan);
    }
}

/// `json_document`: raw bytes as a document's JSON: `Document::from_json_str` (an issued
/// invoice, or a quote when it has `versions`), and the same text read as an issued invoice and
/// as a quote; whatever parses is verified, credited, finalised and put in receivables, or
/// moved through its life.
pub fn json_document(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let plan = ops::Plan::plain();
    if let Some(value) = inputs::text::<Value>(text) {
        ops::document(value, &plan);
    }
    let _ = ops::typed(facturier_core::Document::from_json_str(text));
    if let Some(i) = inputs::text::<IssuedInvoice>(text) {
        ops::issued(&i, &plan);
    }
    if let Some(q) = inputs::text::<Quote>(text) {
        ops::quote_ops(&q, &plan);
    }
}

/// `json_receivables`: raw bytes as the receivables input's JSON; whatever parses is computed as
/// of two dates (the example's and a year later), with its reminder letters and statements.
pub fn json_receivables(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(input) = inputs::text::<ReceivablesInput>(text) else { return };
    for (y, m, d) in [(2026, 3, 16), (2027, 3, 16)] {
        if let Some(as_of) = NaiveDate::from_ymd_opt(y, m, d) {
            ops::receivables(&input, as_of);
        }
    }
}

/// `json_inputs`: raw bytes as the JSON of the other inputs of the surfaces, the first byte
/// choosing which: a numbering state (allocated, peeked, audited), a list of series (checked
/// for collisions), a credit-note selection, a deposit spec, payment terms (their due date), a
/// late-interest call (debt, date, rate overrides).
pub fn json_inputs(data: &[u8]) {
    let Some((which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let days: Vec<NaiveDate> = [(2026, 1, 5), (2026, 12, 31), (2027, 1, 1), (9999, 12, 31)]
        .iter()
        .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .collect();
    match which % 6 {
        0 => {
            let Some(state) = inputs::text::<NumberingState>(text) else { return };
            let _ = ops::typed(state.validate());
            let mut numbers = Vec::new();
            let mut s = state.clone();
            for &d in &days {
                let _ = ops::typed(s.peek(d));
                if let Some((n, next)) = ops::typed(s.allocate(d)) {
                    numbers.push(n);
                    s = next;
                }
            }
            if let Some(r) = ops::typed(numbering::audit(&state, &numbers)) {
                ops::emit(&r);
            }
            if let Some(r) = ops::typed(numbering::audit(&s, &numbers)) {
                ops::emit(&r);
            }
        }
        1 => {
            if let Some(series) = inputs::text::<Vec<NumberingState>>(text) {
                ops::emit(&numbering::check_series(&series));
            }
        }
        2 => {
            let _ = inputs::text::<CreditSelection>(text);
        }
        3 => {
            let _ = inputs::text::<DepositSpec>(text);
        }
        4 => {
            if let Some(terms) = inputs::text::<PaymentTerms>(text) {
                for &d in &days {
                    let _ = ops::typed(terms.due_date(d));
                }
                let _ = ops::typed(terms.due_date(NaiveDate::MAX));
            }
        }
        _ => {
            if let Ok(value) = serde_json::from_str(text) {
                inputs::late_interest(value);
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneDecimal {
    v: Decimal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneDate {
    v: NaiveDate,
}

/// `scalars`: raw bytes as a decimal and as a date, the way the core reads them: through
/// `facturier_core::json::from_str` on small typed wrappers, as a bare JSON token (`{"v": 1e3}`)
/// and as a JSON string (`{"v": "1e3"}`), and in the fields of a line and of payment terms. What
/// is read writes back as the same value (decimals keep their scale).
pub fn scalars(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let quoted = Value::from(s).to_string();
    for text in [format!("{{\"v\":{s}}}"), format!("{{\"v\":{quoted}}}")] {
        if let Some(d) = inputs::text::<OneDecimal>(&text) {
            let back: Decimal = ops::reread(&d.v);
            assert_eq!(back.to_string(), d.v.to_string(), "a decimal writes back as read, scale included");
        }
        if let Some(d) = inputs::text::<OneDate>(&text) {
            let back: NaiveDate = ops::reread(&d.v);
            assert_eq!(back, d.v, "a date writes back as read");
        }
    }
    for v in [quoted.as_str(), s] {
        let line = format!(r#"{{"id":"1","description":"x","quantity":{v},"unit_price":{v},"vat_rate":{v},"discount":{{"percent":{v}}}}}"#);
        if let Some(l) = inputs::text::<Line>(&line)
            && let Some(t) = ops::typed(facturier_core::compute_totals(std::slice::from_ref(&l), &[], &[], &[], Decimal::ZERO))
        {
            ops::check_totals(&t, 1, None);
        }
        let terms = format!(r#"{{"type":"net_days","days":{v}}}"#);
        if let Some(t) = inputs::text::<PaymentTerms>(&terms) {
            let _ = ops::typed(t.due_date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default()));
        }
    }
}

/// `draft`: structure-aware invoice drafts: an example edited (plain and hostile values,
/// optional members, many lines), read by `Draft::from_json`, then checked, totalled, issued,
/// verified, credited (full, lines or an amount), finalised and put in receivables; the issued
/// invoice is also tampered with and read back.
pub fn draft(data: &[u8]) {
    let Some((doc, plan)) = structured::<(DocGen, ops::Plan)>(data) else { return };
    let value = doc.render(seeds::drafts());
    show("draft", &value);
    if let Some(d) = ops::read::<InvoiceDraft>(value.clone())
        && let Some(issued) = ops::draft(&d, &plan)
    {
        ops::tampered(&issued, &plan);
    }
    let _ = ops::typed(facturier_core::Draft::from_json(value));
}

/// `quote`: structure-aware quotes: an example's content edited, then the quote's life (sent,
/// revised, refused or accepted, duplicated) and, once accepted, its invoice, a deposit (a
/// percentage or an amount), the final invoice and credit notes; the quote is also tampered
/// with and read back.
pub fn quote(data: &[u8]) {
    let Some((doc, plan)) = structured::<(DocGen, ops::Plan)>(data) else { return };
    let value = doc.render(seeds::quotes());
    show("quote content", &value);
    ops::any_draft(value.clone(), &plan);
    if let Some(c) = ops::read::<QuoteContent>(value)
        && let Some(q) = ops::typed(Quote::new("D-1", c))
    {
        ops::tampered(&q, &plan);
    }
}

/// `receivables`: structure-aware receivables: invoices issued by the core from edited drafts
/// (some credited), payments, refunds and reminders against them, then edits to the whole
/// input; the report is computed, with its reminder letters and the customers' statements.
pub fn receivables(data: &[u8]) {
    let Some(g) = structured::<ReceivablesGen>(data) else { return };
    let value = g.json(seeds::drafts());
    show("receivables input", &value);
    if let Some(input) = ops::read::<ReceivablesInput>(value) {
        ops::receivables(&input, g.as_of.0);
    }
}

/// `numbering`: structure-aware numbering: a pattern (plain, tokens or odd text), a series new,
/// continuous or resumed, allocations on dates, the audit of the numbers (edited: gaps,
/// duplicates, strangers), the check of the seller's series, and the stored state edited and
/// read back.
pub fn numbering(data: &[u8]) {
    if let Some(g) = structured::<NumberingGen>(data) {
        g.run();
    }
}

/// `late_interest`: structure-aware late interest: a debt (amount, due date, contractual rate,
/// settlements, formal notice, judgment) and rate overrides, read as the bindings read them,
/// the tables merged and the interest computed.
pub fn late_interest(data: &[u8]) {
    let Some(g) = structured::<LateDebtGen>(data) else { return };
    let value = g.json();
    show("late interest call", &value);
    inputs::late_interest(value);
}

/// The file names `fec_check` gives the checker, one by the input's length: none, the law's
/// `SirenFECAAAAMMJJ` (a valid SIREN, the closing date read from the name) and one that breaks it.
const FEC_NAMES: [Option<&str>; 3] = [None, Some("813883964FEC20241231.txt"), Some("FEC.txt")];

/// `fec_check`: raw bytes as a FEC file, flat (tab or pipe separated) or XML, told apart by the
/// checker as the CLI does: `facturier_fec::check::check_reader` with the default options (and a
/// file name or none) and with per-journal numbering and one finding kept per rule; then the
/// flat and the XML reader record by record. A report (whose counts add up; the second one reads
/// back from its JSON) or a typed `FecError`, never a panic; at most one record per byte read.
pub fn fec_check(data: &[u8]) {
    use facturier_fec::check::{self, CheckOptions, Numbering};
    let name = FEC_NAMES.get(data.len() % FEC_NAMES.len()).copied().flatten();
    let options = CheckOptions::default();
    ops::fec_report(&check::check_reader(data, name, &options), &options, data.len(), false);
    // the JSON round trip of a report of at most one finding per rule: a full report's costs
    // more than the rest of the target
    let options = CheckOptions { numbering: Numbering::PerJournal, max_findings_per_rule: 1, ..CheckOptions::default() };
    ops::fec_report(&check::check_reader(data, None, &options), &options, data.len(), true);
    match facturier_fec::FlatReader::new(data) {
        Ok(mut reader) => {
            let _ = (reader.header(), reader.separator(), reader.charset());
            ops::fec_records(data.len(), || reader.next_record());
        }
        Err(e) => ops::fec_error(&e),
    }
    let mut reader = facturier_fec::XmlReader::new(data);
    ops::fec_records(data.len(), || reader.next_record());
    let _ = (reader.closing(), reader.schema());
}

/// `json_contracts`: raw bytes as the contracts input's JSON (`ContractsInput`, read by the
/// core's JSON edge); whatever parses gets its renewal schedule on a few dates (before, during
/// and long after the examples' terms, and the last supported day) and its MRR report over a
/// few months, and its MRR snapshot on a day. Typed results that serialise, or typed errors.
pub fn json_contracts(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(input) = inputs::text::<facturier_core::ContractsInput>(text) else { return };
    for (y, m, d) in [(2025, 12, 1), (2026, 10, 3), (2027, 6, 30), (2099, 12, 31)] {
        if let Some(as_of) = NaiveDate::from_ymd_opt(y, m, d) {
            ops::renewal_schedule(&input, as_of);
        }
    }
    for (from, to) in [("2026-01", "2026-06"), ("2025-11", "2027-02")] {
        ops::mrr_report(&input, from, to);
    }
    if let Some(day) = NaiveDate::from_ymd_opt(2026, 6, 15)
        && let Some(s) = ops::typed(facturier_core::mrr_at(&input.contracts, day, &input.mrr))
    {
        ops::emit(&s);
    }
}

/// `json_accounting`: raw bytes as the accounting input's JSON (`AccountingInput`, read by the
/// core's JSON edge); whatever parses is posted on a few dates (every entry the core posts has
/// two lines or more, balances, and is dated on or before the date) and its VAT due computed for
/// a quarter and a year. Typed results that serialise, or typed errors.
pub fn json_accounting(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(input) = inputs::text::<facturier_core::AccountingInput>(text) else { return };
    for (y, m, d) in [(2026, 3, 16), (2026, 12, 31), (2027, 6, 30)] {
        if let Some(as_of) = NaiveDate::from_ymd_opt(y, m, d) {
            ops::post(&input, as_of);
        }
    }
    for (from, to) in [("2026-01-01", "2026-03-31"), ("2026-01-01", "2026-12-31")] {
        ops::vat_due(&input, from, to);
    }
}

/// Raw bytes as a received invoice (CII, UBL or a PDF carrying one): read, then validated.
pub fn einvoice_read(data: &[u8]) {
    match facturier_einvoice::read_invoice(data) {
        Ok(invoice) => {
            for f in facturier_einvoice::validate(&invoice) {
                assert!(!f.rule.is_empty() && !f.location.is_empty(), "a finding without its rule or location: {f:?}");
            }
            ops::emit(&invoice);
        }
        Err(e) => {
            assert!(e.code().starts_with("einvoice."), "an error without its code: {e:?}");
            let _ = e.to_string();
        }
    }
}
