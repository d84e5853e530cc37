//! The operations a surface runs after a successful parse, and the cheap properties that hold
//! of their results. Every call must return a value or a typed [`CoreError`]; a panic is a
//! crash, and so is a broken property (`assert!` here panics on purpose: libFuzzer records the
//! input).
//!
//! Arguments go into the core as JSON, the way the surfaces pass them, never as the core's
//! structs built here: the fuzz crate depends on the core's JSON contract only, which keeps it
//! compiling while the core's types move.

use arbitrary::Arbitrary;
use chrono::Datelike;
use facturier_core::documents::numbering::NumberingState;
use facturier_core::{
    CoreError, Document, Draft, InvoiceDraft, IssuedInvoice, NaiveDate, Quote, QuoteContent, ReceivablesInput, ReminderLetter, Statement,
    Totals, json,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::edit::{Categories, DocGen};
use crate::leaf::{Day, Dec, Few, Text};
use crate::pools::{Amounts, Descriptions, Percents, Quantities, VatRates};

/// True when `FACTURIER_FUZZ_STRICT` is set: the open findings (`fuzz/regressions/open/`) are
/// not tolerated. `scripts/fuzz` replays the open findings so, to tell when they are fixed.
pub fn strict() -> bool {
    static S: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *S.get_or_init(|| std::env::var_os("FACTURIER_FUZZ_STRICT").is_some())
}

/// Checks that an error is a well-formed typed error: a stable code that is not `internal`
/// (a broken invariant of the core, never the caller's fault), and at least one violation in
/// an `invalid`, each with its code.
pub fn check_error(e: &CoreError) {
    let code = e.code();
    assert!(!code.is_empty(), "an error without a code: {e:?}");
    assert_ne!(code, "internal", "the core reports a broken invariant for a caller's input: {e}");
    if let CoreError::Invalid(v) = e {
        assert!(!v.is_empty(), "an `invalid` error without a violation");
        for x in v {
            assert!(!x.code.is_empty() && !x.source.is_empty(), "a violation without its code or source: {x:?}");
        }
    }
    let _ = e.to_string();
}

/// The value of `r`, after checking its error.
pub fn typed<T>(r: Result<T, CoreError>) -> Option<T> {
    r.map_err(|e| check_error(&e)).ok()
}

/// `value` read as a `T` by the core's JSON reader.
pub fn read<T: DeserializeOwned>(value: Value) -> Option<T> {
    typed(json::from_value(value))
}

/// `value` as JSON text and read back by [`json::from_str`], as a surface does.
pub fn reread<T: DeserializeOwned + serde::Serialize>(value: &T) -> T {
    let text = serde_json::to_string(value).unwrap_or_else(|e| panic!("a core value does not serialise: {e}"));
    json::from_str(&text).unwrap_or_else(|e| panic!("a core value does not read back: {e}\n{text}"))
}

/// Serialises a result as the bindings do: never fails.
pub fn emit<T: serde::Serialize>(value: &T) {
    if let Err(e) = serde_json::to_vec(value) {
        panic!("a result does not serialise: {e}");
    }
}

fn sum(a: facturier_core::Decimal, b: facturier_core::Decimal) -> facturier_core::Decimal {
    a.checked_add(b).unwrap_or_else(|| panic!("{a} + {b} overflows though the core computed it"))
}

fn diff(a: facturier_core::Decimal, b: facturier_core::Decimal) -> facturier_core::Decimal {
    a.checked_sub(b).unwrap_or_else(|| panic!("{a} - {b} overflows though the core computed it"))
}

/// The arithmetic of totals (EN 16931 BR-CO-10 to BR-CO-16): each total is what its parts add
/// up to, and `amount_due = total_incl_tax − prepaid`.
pub fn check_totals(t: &Totals, lines: usize, other_prepaid: Option<facturier_core::Decimal>) {
    assert_eq!(t.lines.len(), lines, "one line total per line");
    let line_total = t.lines.iter().fold(facturier_core::Decimal::ZERO, |s, l| sum(s, l.net));
    assert_eq!(t.line_total, line_total, "line_total = Σ line nets");
    assert_eq!(
        t.total_excl_tax,
        sum(diff(t.line_total, t.allowance_total), t.charge_total),
        "total_excl_tax = lines − allowances + charges"
    );
    let vat = t.vat_breakdown.iter().fold(facturier_core::Decimal::ZERO, |s, g| sum(s, g.vat));
    assert_eq!(t.vat_total, vat, "vat_total = Σ groups' VAT");
    assert_eq!(t.total_incl_tax, sum(t.total_excl_tax, t.vat_total), "total_incl_tax = total_excl_tax + vat_total");
    assert_eq!(t.amount_due, diff(t.total_incl_tax, t.prepaid), "amount_due = total_incl_tax − prepaid");
    if let Some(other) = other_prepaid {
        assert_eq!(t.prepaid, sum(t.deposits_total, other), "prepaid = deposits + other prepaid amount");
    }
}

/// What the operations of a structure-aware input are run with: dates, the credit-note
/// selection, the deposit asked of a quote.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct Plan {
    /// The date checks and receivables are run as of.
    pub as_of: Day,
    /// The issue date.
    pub issue: Day,
    /// A later date (a credit note, a payment, the acceptance of a quote).
    pub later: Day,
    /// What a credit note cancels.
    pub selection: SelectionGen,
    /// What a deposit asks of a quote.
    pub deposit: DepositGen,
    /// Edits made to the JSON of the issued documents before reading them back: tampered
    /// archives.
    pub tamper: DocGen,
}

impl Plan {
    /// The plan of the raw-bytes targets: the examples' dates, a full credit note, a 30 % deposit.
    pub fn plain() -> Plan {
        let day = |y, m, d| Day(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
        Plan {
            as_of: day(2026, 12, 31),
            issue: day(2026, 11, 22),
            later: day(2026, 12, 1),
            selection: SelectionGen::Full,
            deposit: DepositGen::Percent(Dec::new(Value::from("30"))),
            tamper: DocGen { seed: 0, edits: Few(vec![]) },
        }
    }

    /// The issue date and the later one, in order.
    fn dates(&self) -> (NaiveDate, NaiveDate) {
        (self.issue.0.min(self.later.0), self.issue.0.max(self.later.0))
    }

    /// Two dates in order for the life of a quote dated `start`: within its usual validity when
    /// the plan's dates are plain (a quote is sent and accepted in the weeks after its date),
    /// the plan's own dates otherwise.
    fn quote_dates(&self, start: NaiveDate) -> (NaiveDate, NaiveDate) {
        let plain = |d: NaiveDate| (2000..2100).contains(&d.year());
        if !(plain(self.issue.0) && plain(self.later.0)) {
            return self.dates();
        }
        let d1 = start + chrono::Days::new(u64::from(self.issue.0.ordinal() % 20));
        (d1, d1 + chrono::Days::new(u64::from(self.later.0.ordinal() % 20)))
    }
}

/// A credit-note selection, of each kind.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum SelectionGen {
    /// The whole invoice.
    Full,
    /// Quantities of lines: the `n`-th line of the invoice (or an unknown id).
    Lines(Few<(u8, Dec<Quantities>), 4>),
    /// A lump amount in a VAT group.
    Amount {
        /// Amount excl. tax.
        amount: Dec<Amounts>,
        /// VAT category.
        category: Text<Categories>,
        /// VAT rate.
        rate: Dec<VatRates>,
        /// Reason.
        reason: Text<Descriptions>,
    },
}

impl SelectionGen {
    /// The selection as JSON, line ids taken from `invoice`.
    pub fn json(&self, invoice: &IssuedInvoice) -> Value {
        match self {
            SelectionGen::Full => Value::from("full"),
            SelectionGen::Lines(lines) => {
                let ids: Vec<&str> = invoice.content().lines.iter().map(|l| l.id.as_str()).collect();
                let lines: Vec<Value> = lines
                    .0
                    .iter()
                    .map(|(n, q)| {
                        let id = ids.get(usize::from(*n)).copied().unwrap_or("no-such-line");
                        serde_json::json!({ "line_id": id, "quantity": q.0 })
                    })
                    .collect();
                serde_json::json!({ "lines": lines })
            }
            SelectionGen::Amount { amount, category, rate, reason } => serde_json::json!({
                "amount": { "amount": amount.0, "vat_category": category.as_str(), "vat_rate": rate.0, "reason": reason.as_str() }
            }),
        }
    }
}

/// What a deposit invoice asks of a quote.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum DepositGen {
    /// A percentage.
    Percent(Dec<Percents>),
    /// An amount excl. tax.
    Amount(Dec<Amounts>),
}

impl DepositGen {
    fn json(&self) -> Value {
        match self {
            DepositGen::Percent(p) => serde_json::json!({ "percent": p.0 }),
            DepositGen::Amount(a) => serde_json::json!({ "amount_excl_tax": a.0 }),
        }
    }
}

/// The numbering series the operations issue from.
pub fn series(name: &str, pattern: &str) -> NumberingState {
    NumberingState::new(name, pattern).unwrap_or_else(|e| panic!("the fixed series {pattern} is refused: {e}"))
}

/// Checks a draft, totals it, reads it back and issues it; then runs [`issued`] on the result.
/// Returns the issued invoice.
pub fn draft(d: &InvoiceDraft, plan: &Plan) -> Option<IssuedInvoice> {
    for v in facturier_core::check(d, plan.as_of.0) {
        assert!(!v.code.is_empty(), "a violation without a code");
    }
    if let Some(t) = typed(d.totals(plan.as_of.0)) {
        check_totals(&t, d.lines.len(), Some(d.prepaid_amount));
        emit(&t);
    }
    assert_eq!(&reread(d), d, "a draft reads back as it was written");
    let state = series("invoices", "F-{YYYY}-{SEQ:5}");
    let (invoice, next) = typed(facturier_core::issue(d.clone(), &state, plan.issue.0))?;
    assert_eq!(next.last_sequence(), 1, "the first number of a new series");
    issued_by_core(&invoice);
    issued(&invoice, plan);
    Some(invoice)
}

/// The properties of an invoice the core issued: it verifies clean, its totals add up, and its
/// JSON reads back as the same invoice (as an invoice and as a document).
pub fn issued_by_core(invoice: &IssuedInvoice) {
    let v = invoice.verify();
    assert!(v.is_empty(), "an invoice the core issued does not verify: {v:?}");
    check_totals(invoice.totals(), invoice.content().lines.len(), Some(invoice.content().prepaid_amount));
    assert_eq!(&reread(invoice), invoice, "an issued invoice reads back as it was written");
    let text = serde_json::to_string(invoice).unwrap_or_default();
    match Document::from_json_str(&text) {
        Ok(Document::Invoice(back)) => assert_eq!(&back, invoice, "an issued invoice reads back as a document"),
        other => panic!("an issued invoice does not read back as an invoice document: {other:?}"),
    }
}

/// The operations on an issued invoice read from JSON (issued by the core, or tampered with):
/// verify, a credit note of the plan's selection and its issue, a second full credit note
/// after it, the final invoice deducting it, and the receivables of it and its credit note.
pub fn issued(invoice: &IssuedInvoice, plan: &Plan) {
    emit(&invoice.verify());
    let _ = invoice.verified("invoice");
    let _ = (invoice.reference(), invoice.deposit_groups(), invoice.mentions(), invoice.type_code());
    for g in &invoice.totals().vat_breakdown {
        let _ = invoice.vat_exemption(g);
    }
    let (_, later) = plan.dates();
    let credits = series("credit-notes", "AV-{YYYY}-{SEQ:4}");
    let mut issued_credit_notes = Vec::new();
    if let Some(selection) = read(plan.selection.json(invoice))
        && let Some(cn) = typed(facturier_core::credit_note(invoice, &selection, &[]))
        && let Some((cn, _)) = typed(facturier_core::issue(cn, &credits, later))
    {
        issued_by_core(&cn);
        issued_credit_notes.push(cn);
    }
    if let Some(full) = read(Value::from("full")) {
        let _ = typed(facturier_core::credit_note(invoice, &full, &issued_credit_notes));
    }
    let _ = typed(facturier_core::final_invoice(invoice.content().clone(), std::slice::from_ref(invoice), &issued_credit_notes));
    let mut all = vec![invoice.clone()];
    all.extend(issued_credit_notes);
    receivables_of(&all, plan.as_of.0);
}

/// The receivables of `invoices` (one customer) as of `as_of`, and the documents printed from
/// them: the reminder letters and the customers' statements.
pub fn receivables_of(invoices: &[IssuedInvoice], as_of: NaiveDate) {
    let items: Vec<Value> = invoices.iter().map(|i| serde_json::json!({ "customer_id": "C", "invoice": i })).collect();
    if let Some(input) = read::<ReceivablesInput>(serde_json::json!({ "invoices": items })) {
        receivables(&input, as_of);
    }
}

/// The receivables report of `input` as of `as_of`, and the letters and statements of it.
pub fn receivables(input: &ReceivablesInput, as_of: NaiveDate) {
    let Some(report) = typed(facturier_core::receivables(input, as_of)) else { return };
    emit(&report);
    for r in &report.reminders {
        let invoice = input.invoices.iter().find(|i| i.invoice.number() == r.invoice);
        if let Some(i) = invoice
            && let Some(letter) = typed(ReminderLetter::new(r.clone(), i.invoice.clone(), as_of))
        {
            let _ = (letter.payment_deadline(), letter.presumed_receipt());
            let _ = Document::from(letter).number();
        }
    }
    for account in &report.customers {
        let parties = input.invoices.iter().find(|i| i.customer_id.as_deref() == Some(account.customer_id.as_str()));
        if let Some(i) = parties {
            let (seller, buyer) = (i.invoice.content().seller.clone(), i.invoice.content().buyer.clone());
            match Statement::new(account.clone(), seller, buyer, as_of, &report.invoices) {
                Ok(s) => {
                    for o in s.overdue() {
                        let _ = s.days_late(o);
                    }
                }
                Err(e) => panic!("the statement of an account the receivables computed is refused: {e}"),
            }
        }
    }
}

/// A quote's life: checks, totals, read back, sent, accepted (or refused), revised, duplicated;
/// once accepted, its invoice, a deposit, the final invoice and their credit notes.
pub fn quote(content: &QuoteContent, plan: &Plan) {
    let Some(q) = typed(Quote::new("D-2026-0042", content.clone())) else { return };
    quote_ops(&q, plan);
    let (d1, d2) = plan.quote_dates(content.issue_date);
    let _ = typed(q.duplicate("D-2026-0043", d1, d2));
    if let Some(t) = typed(content.totals()) {
        check_totals(&t, content.lines.len(), None);
    }
    assert_eq!(&reread(content), content, "a quote's content reads back as it was written");
    let Some(sent) = typed(q.send(d1)) else { return };
    quote_ops(&sent, plan);
    let _ = typed(sent.revise(content.clone())).map(|r| quote_ops(&r, plan));
    let _ = typed(sent.refuse(d2)).map(|r| quote_ops(&r, plan));
    let Some(accepted) = typed(sent.accept(d2)) else { return };
    quote_ops(&accepted, plan);
    let _ = typed(accepted.revise(content.clone()));
    if let Some(d) = typed(accepted.to_invoice_draft()) {
        draft(&d, plan);
    }
    let invoices = series("invoices", "F-{YYYY}-{SEQ:5}");
    let deposit = read(plan.deposit.json())
        .and_then(|spec| typed(accepted.to_deposit_draft(spec, &[])))
        .and_then(|d| typed(facturier_core::issue(d, &invoices, d2)));
    let Some((deposit, invoices)) = deposit else { return };
    issued_by_core(&deposit);
    if let Some(spec) = read(plan.deposit.json()) {
        let _ = typed(accepted.to_deposit_draft(spec, std::slice::from_ref(&deposit)));
    }
    let final_draft = typed(accepted.to_final_draft(std::slice::from_ref(&deposit), &[]));
    if let Some((fin, _)) = final_draft.and_then(|d| typed(facturier_core::issue(d, &invoices, plan.as_of.0.max(d2)))) {
        issued_by_core(&fin);
        issued(&fin, plan);
        receivables_of(&[deposit.clone(), fin], plan.as_of.0.max(d2));
    }
    issued(&deposit, plan);
}

/// What can be done with any quote: status, checks, totals, mentions; its JSON reads back.
pub fn quote_ops(q: &Quote, plan: &Plan) {
    let _ = q.status_as_of(plan.as_of.0);
    emit(&facturier_core::check_quote(q));
    let _ = typed(q.current().content.totals());
    let _ = (q.mentions(), q.supply_category(), q.reference());
    assert_eq!(&reread(q), q, "a quote reads back as it was written");
    let text = serde_json::to_string(q).unwrap_or_default();
    match Document::from_json_str(&text) {
        Ok(Document::Quote(back)) => assert_eq!(&back, q, "a quote reads back as a document"),
        other => panic!("a quote does not read back as a quote document: {other:?}"),
    }
}

/// A document read from JSON (`Document::from_json`), and what is done with it.
pub fn document(value: Value, plan: &Plan) {
    match typed(Document::from_json(value)) {
        Some(Document::Invoice(i)) => issued(&i, plan),
        Some(Document::Quote(q)) => {
            quote_ops(&q, plan);
            let (d1, d2) = plan.quote_dates(q.current().content.issue_date);
            let _ = typed(q.send(d1));
            let _ = typed(q.accept(d2)).map(|a| a.to_final_draft(&[], &[]).map_err(|e| check_error(&e)));
            let _ = typed(q.to_invoice_draft());
        }
        Some(other) => {
            let _ = (other.number(), other.date());
        }
        None => {}
    }
}

/// A draft read from JSON (`Draft::from_json`), and what is done with it.
pub fn any_draft(value: Value, plan: &Plan) {
    let Some(d) = typed(Draft::from_json(value)) else { return };
    if let Some(v) = typed(d.violations(plan.as_of.0)) {
        emit(&v);
    }
    match d {
        Draft::Invoice(d) => {
            draft(&d, plan);
        }
        Draft::Quote(c) => quote(&c, plan),
        _ => {}
    }
}

/// `doc` serialised, tampered with by `plan.tamper`, and read back as a document.
pub fn tampered<T: serde::Serialize>(doc: &T, plan: &Plan) {
    if plan.tamper.edits.0.is_empty() {
        return;
    }
    let Ok(mut value) = serde_json::to_value(doc) else { return };
    plan.tamper.apply(&mut value);
    document(value, plan);
}

/// The renewal schedule of a contracts input on `as_of`: typed, for the date asked, one
/// contract renewal per contract, and it serialises.
pub fn renewal_schedule(input: &facturier_core::ContractsInput, as_of: NaiveDate) {
    if let Some(s) = typed(input.renewal_schedule(as_of)) {
        assert_eq!(s.as_of, as_of, "the schedule is of the date asked");
        assert_eq!(s.contracts.len(), input.contracts.len(), "one renewal per contract, in input order");
        emit(&s);
    }
}

/// The MRR report of a contracts input from the month `from` to `to` (`YYYY-MM`, read as the
/// surfaces read them): typed, one month of figures per month of the period, and it serialises.
pub fn mrr_report(input: &facturier_core::ContractsInput, from: &str, to: &str) {
    let (Some(from), Some(to)) = (read::<facturier_core::Month>(Value::from(from)), read::<facturier_core::Month>(Value::from(to))) else {
        return;
    };
    if let Some(r) = typed(input.mrr_report(from, to)) {
        let months = usize::try_from(to.index() - from.index() + 1).unwrap_or_default();
        assert_eq!(r.months.len(), months, "one month of figures per month of the period");
        emit(&r);
    }
}

/// The journal of an accounting input as of `as_of`: typed; when it posts, every entry has two
/// lines or more, its debits equal its credits (C. com. L123-12, double entry: `accounting.entry.unbalanced`), and it is
/// dated on or before `as_of`; the journal serialises.
pub fn post(input: &facturier_core::AccountingInput, as_of: NaiveDate) {
    let Some(journal) = typed(facturier_core::post(input, as_of)) else { return };
    assert_eq!(journal.as_of, as_of, "the journal is as of the date asked");
    for e in &journal.entries {
        assert!(e.lines.len() >= 2, "entry {} has fewer than two lines", e.id);
        let (debit, credit) = typed(e.totals()).unwrap_or_else(|| panic!("entry {} posted, its totals overflow", e.id));
        assert_eq!(debit, credit, "entry {} does not balance", e.id);
        assert!(e.date <= as_of, "entry {} is dated {}, after the journal's date {as_of}", e.id, e.date);
    }
    emit(&journal);
}

/// The VAT due of an accounting input for the period `from`–`to` (read as the surfaces read
/// it): typed, and it serialises.
pub fn vat_due(input: &facturier_core::AccountingInput, from: &str, to: &str) {
    let Some(period) = read::<facturier_core::accounting::VatPeriod>(serde_json::json!({ "from": from, "to": to })) else { return };
    if let Some(r) = typed(facturier_core::vat_due(input, period)) {
        emit(&r);
    }
}

/// Checks a FEC error: a stable `fec.*` code, and never an I/O error (the fuzz input is in
/// memory: an I/O error would be a reader's bug dressed as the stream's).
pub fn fec_error(e: &facturier_fec::FecError) {
    let code = e.code();
    assert!(code.starts_with("fec."), "a FEC error without its code: {e:?}");
    assert_ne!(code, "fec.io", "an I/O error reading bytes in memory: {e}");
    let _ = e.to_string();
}

/// Reads records with `next` until the end or an error (typed): at most one record per byte
/// of the input (bounded work: a reader that does not advance is a failure, not a hang).
pub fn fec_records(len: usize, mut next: impl FnMut() -> facturier_fec::Result<Option<facturier_fec::FecRecord>>) {
    let mut n = 0usize;
    loop {
        match next() {
            Ok(Some(r)) => {
                n += 1;
                assert!(n <= len, "{n} records from {len} bytes: the reader does not advance");
                emit(&r);
            }
            Ok(None) => return,
            Err(e) => return fec_error(&e),
        }
    }
}

/// Checks a FEC checker's report: its counts add up to its errors and warnings, it keeps at most
/// `max_findings_per_rule` findings of each rule, each kept finding is counted, a file that
/// could not be read says so by its exit code, it reads no more records than it has bytes, and
/// (with `json`) its JSON, what the CLI prints, reads back as the same report.
pub fn fec_report(r: &facturier_fec::check::Report, options: &facturier_fec::check::CheckOptions, len: usize, json: bool) {
    let counted = r.counts.values().fold(0u64, |s, c| s.saturating_add(*c));
    assert_eq!(counted, r.errors.saturating_add(r.warnings), "Σ counts per rule = errors + warnings");
    let mut kept = std::collections::BTreeMap::<&str, u64>::new();
    for f in &r.findings {
        *kept.entry(f.code.as_str()).or_default() += 1;
        assert!(!f.code.is_empty() && !f.source.is_empty(), "a finding without its code or source: {f:?}");
    }
    for (code, k) in &kept {
        let total = r.counts.get(*code).copied().unwrap_or_default();
        assert!(*k <= total, "{k} findings of {code} kept, {total} counted");
        assert!(usize::try_from(*k).unwrap_or(usize::MAX) <= options.max_findings_per_rule, "{k} findings of {code} kept");
    }
    assert_eq!(r.exit_code() == 2, !r.readable, "exit code 2 exactly when unreadable");
    assert!(usize::try_from(r.records).unwrap_or(usize::MAX) <= len, "{} records from {len} bytes", r.records);
    if !json {
        return;
    }
    let json = r.to_json();
    let back: facturier_fec::check::Report =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("a report does not read back: {e}\n{json}"));
    assert_eq!(&back, r, "the report reads back from its JSON");
}
