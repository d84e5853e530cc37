//! facturier's Node binding: the functions of `bindings/API.md` over `facturier-core`.
//!
//! A thin skin with no business rule. Documents come in as JS objects (camelCase or snake_case
//! keys), become JSON (decimals as strings, integers exact, any other JS number refused with code
//! `"float"`), are parsed by [`facturier_core::json::from_value`] and handed to the core; results
//! go back as JSON with camelCase keys. Document operations return Promises computed on the libuv
//! thread pool ([`Job`]); the few cheap ones are synchronous. `renderPdf`, `renderReminderPdf`
//! and `renderStatementPdf` render on that pool too, with one process-wide [`Renderer`] built on
//! first use, and resolve to a `Buffer`. Every failure, a Rust panic included, becomes a JS
//! `Error` with `code`, `path` and `details` (see [`failure`]).
//!
//! Paths in errors are relative to the first (document) argument, `lines[0].unitPrice`; the
//! fields of the other arguments are prefixed with the argument's name (`state.lastSequence`,
//! `asOf`).

pub mod convert;
pub mod failure;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use facturier_core::numbering::{self, NumberingState};
use facturier_core::payment::{CustomerAccount, InvoiceAccount};
use facturier_core::{
    Buyer, CreditSelection, DepositSpec, InvoiceDraft, IssuedInvoice, LateDebt, NaiveDate, PaymentTerms, Quote, QuoteContent,
    RateOverrides, RateTables, ReceivablesInput, Reminder, Seller, check_quote, json,
};
use facturier_pdf::{Branding, Logo, LogoFormat, RenderOptions, Renderer};
use napi::bindgen_prelude::{AsyncTask, BufferSlice, FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ScopedTask, ValueType};
use napi_derive::napi;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::convert::{camel, camel_keys, camel_schema, from_js, snake, to_js};
use crate::failure::Failure;

/// mimalloc for every allocation of this addon (Node's own heap keeps its allocator; PDF buffers
/// are handed to V8 without a copy and freed here): Typst allocates a great deal, and renders are
/// 16 % faster than with the system allocator (`bench/pdf/README.md`, "Two threads").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The version of facturier (the workspace version, also the npm package's).
// napi-derive 3.7 registers a const under its Rust name whatever its `js_name`, hence the case.
#[allow(non_upper_case_globals)]
#[napi]
pub const version: &str = facturier_core::VERSION;

/// The computation of a [`Job`]: parses its JSON arguments and calls the core.
type Work<T> = Box<dyn FnOnce() -> Result<T, Failure> + Send>;

/// What a [`Job`] computes: plain data, made into a JS value on the JS thread.
pub trait Output: Send + 'static {
    /// The JS value of the result.
    fn into_js(self, env: &Env) -> napi::Result<Unknown<'_>>;
}

/// A result as camelCase JSON.
impl Output for Value {
    fn into_js(self, env: &Env) -> napi::Result<Unknown<'_>> {
        to_js(env, &self)
    }
}

/// The bytes of a rendered PDF, resolved as a Node `Buffer` (no copy).
pub struct Pdf(pub Vec<u8>);

impl Output for Pdf {
    fn into_js(self, env: &Env) -> napi::Result<Unknown<'_>> {
        Ok(BufferSlice::from_data(env, self.0)?.to_unknown())
    }
}

/// A document operation run off the event loop, on the libuv thread pool; its Promise resolves
/// to the result (camelCase JSON, or a `Buffer` for a [`Pdf`]) or rejects with the JS error of
/// its [`Failure`].
pub struct Job<T: Output = Value> {
    work: Option<Work<T>>,
}

impl<'task, T: Output> ScopedTask<'task> for Job<T> {
    type Output = Result<T, Failure>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(match self.work.take() {
            Some(work) => guarded(work),
            None => Err(Failure::panic(&"a job ran twice")),
        })
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(value) => value.into_js(env),
            Err(failure) => Err(failure.into_js(env)),
        }
    }
}

/// Runs `f`, turning a panic into a [`Failure`] with code `"panic"`.
fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(Failure::panic(&*payload)))
}

/// A Promise-returning operation.
fn job<T: Output>(work: impl FnOnce() -> Result<T, Failure> + Send + 'static) -> AsyncTask<Job<T>> {
    AsyncTask::new(Job { work: Some(Box::new(work)) })
}

/// A synchronous operation: its failure is thrown as the JS error of the [`Failure`].
fn sync<T>(env: &Env, f: impl FnOnce() -> Result<T, Failure>) -> napi::Result<T> {
    guarded(f).map_err(|failure| failure.into_js(env))
}

/// Reads a JS argument (on the JS thread); `name` prefixes its paths, empty for the document.
fn read(value: &Unknown<'_>, name: &str) -> Result<Value, Failure> {
    guarded(|| from_js(value, name))
}

/// Reads an optional JS argument, `default` when it is `undefined` or `null`.
fn read_or(value: Option<&Unknown<'_>>, name: &str, default: Value) -> Result<Value, Failure> {
    match value {
        Some(v) => read(v, name).map(|v| if v.is_null() { default } else { v }),
        None => Ok(default),
    }
}

/// Parses an argument read by [`read`] as a core type; `name` prefixes the paths of its errors.
fn parse<T: DeserializeOwned>(value: Result<Value, Failure>, name: &str) -> Result<T, Failure> {
    json::from_value(value?).map_err(|e| {
        let mut failure = Failure::core(&e, None);
        if !name.is_empty() {
            failure.path = Some(match failure.path.as_deref() {
                None | Some("") => name.to_owned(),
                Some(p) if p.starts_with('[') => format!("{name}{p}"),
                Some(p) => format!("{name}.{p}"),
            });
        }
        // A parse message names the path: name it as the caller wrote it.
        if let (facturier_core::CoreError::Parse { message, .. }, Some(path)) = (&e, &failure.path) {
            failure.message = format!("invalid input at `{path}`: {message}");
        }
        failure
    })
}

/// A core error as a [`Failure`].
fn core(e: facturier_core::CoreError) -> Failure {
    Failure::core(&e, None)
}

/// Violations as camelCase JSON, their paths in camelCase too.
fn out_violations(violations: Vec<facturier_core::Violation>) -> Result<Value, Failure> {
    let camel: Vec<_> =
        violations.into_iter().map(|v| facturier_core::Violation { path: crate::convert::camel_path(&v.path), ..v }).collect();
    out(&camel)
}

/// A core result as camelCase JSON.
fn out<T: Serialize>(value: &T) -> Result<Value, Failure> {
    serde_json::to_value(value).map(camel_keys).map_err(|e| Failure {
        code: "panic".into(),
        path: None,
        message: format!("cannot serialise a result: {e}"),
        details: vec![],
        type_error: false,
    })
}

/// Every legal violation of a draft invoice issued on `asOf`; an empty list when it may be issued.
#[napi(ts_args_type = "draft: InvoiceDraft, asOf: IsoDate", ts_return_type = "Promise<Violation[]>")]
pub fn check_invoice(draft: Unknown<'_>, as_of: Unknown<'_>) -> AsyncTask<Job> {
    let (draft, as_of) = (read(&draft, ""), read(&as_of, "asOf"));
    job(move || {
        let draft: InvoiceDraft = parse(draft, "")?;
        let as_of: NaiveDate = parse(as_of, "asOf")?;
        out_violations(facturier_core::check(&draft, as_of))
    })
}

/// The EN 16931 totals of a draft invoice, with exemption reasons as of `asOf`.
#[napi(ts_args_type = "draft: InvoiceDraft, asOf: IsoDate", ts_return_type = "Promise<Totals>")]
pub fn compute_totals(draft: Unknown<'_>, as_of: Unknown<'_>) -> AsyncTask<Job> {
    let (draft, as_of) = (read(&draft, ""), read(&as_of, "asOf"));
    job(move || {
        let draft: InvoiceDraft = parse(draft, "")?;
        let as_of: NaiveDate = parse(as_of, "asOf")?;
        out(&draft.totals(as_of).map_err(core)?)
    })
}

/// The due date of payment terms for an invoice issued on `issueDate` (synchronous).
#[napi(ts_args_type = "terms: PaymentTerms, issueDate: IsoDate", ts_return_type = "IsoDate")]
pub fn due_date(env: Env, terms: Unknown<'_>, issue_date: Unknown<'_>) -> napi::Result<String> {
    sync(&env, || {
        let terms: PaymentTerms = parse(read(&terms, ""), "")?;
        let issue_date: NaiveDate = parse(read(&issue_date, "issueDate"), "issueDate")?;
        Ok(terms.due_date(issue_date).map_err(core)?.to_string())
    })
}

/// A new, empty numbering series; it restarts every period of its date tokens unless
/// `yearlyReset` is `false` (synchronous).
#[napi(ts_args_type = "series: string, pattern: string, yearlyReset?: boolean", ts_return_type = "NumberingState")]
pub fn new_numbering_state(env: Env, series: Unknown<'_>, pattern: Unknown<'_>, yearly_reset: Option<Unknown<'_>>) -> napi::Result<Value> {
    sync(&env, || {
        let series: String = parse(read(&series, "series"), "series")?;
        let pattern: String = parse(read(&pattern, "pattern"), "pattern")?;
        let reset: bool = parse(read_or(yearly_reset.as_ref(), "yearlyReset", Value::Bool(true)), "yearlyReset")?;
        let state = if reset { NumberingState::new(series, pattern) } else { NumberingState::continuous(series, pattern) };
        out(&state.map_err(core)?)
    })
}

/// Issues a draft on `issueDate` with the next number of `state`'s series: resolves to the
/// issued invoice and the next state, which the caller persists with the invoice.
#[napi(
    ts_args_type = "draft: InvoiceDraft, state: NumberingState, issueDate: IsoDate",
    ts_return_type = "Promise<{ invoice: IssuedInvoice; state: NumberingState }>"
)]
pub fn issue_invoice(draft: Unknown<'_>, state: Unknown<'_>, issue_date: Unknown<'_>) -> AsyncTask<Job> {
    let (draft, state, issue_date) = (read(&draft, ""), read(&state, "state"), read(&issue_date, "issueDate"));
    job(move || {
        let draft: InvoiceDraft = parse(draft, "")?;
        let state: NumberingState = parse(state, "state")?;
        let issue_date: NaiveDate = parse(issue_date, "issueDate")?;
        let (invoice, next) = facturier_core::issue(draft, &state, issue_date).map_err(core)?;
        Ok(serde_json::json!({ "invoice": out(&invoice)?, "state": out(&next)? }))
    })
}

/// Audits every number issued in `state`'s series for duplicates, gaps and strays.
#[napi(ts_args_type = "state: NumberingState, numbers: string[]", ts_return_type = "Promise<NumberingReport>")]
pub fn numbering_report(state: Unknown<'_>, numbers: Unknown<'_>) -> AsyncTask<Job> {
    let (state, numbers) = (read(&state, ""), read(&numbers, "numbers"));
    job(move || {
        let state: NumberingState = parse(state, "")?;
        let numbers: Vec<String> = parse(numbers, "numbers")?;
        out(&numbering::audit(&state, &numbers).map_err(core)?)
    })
}

/// The final-invoice draft of an operation, deducting every deposit invoice given.
#[napi(ts_args_type = "draft: InvoiceDraft, deposits: IssuedInvoice[]", ts_return_type = "Promise<InvoiceDraft>")]
pub fn final_invoice(draft: Unknown<'_>, deposits: Unknown<'_>) -> AsyncTask<Job> {
    let (draft, deposits) = (read(&draft, ""), read(&deposits, "deposits"));
    job(move || {
        let draft: InvoiceDraft = parse(draft, "")?;
        let deposits: Vec<IssuedInvoice> = parse(deposits, "deposits")?;
        out(&facturier_core::final_invoice(draft, &deposits).map_err(core)?)
    })
}

/// The credit-note draft correcting an issued invoice: `"full"` (the default), some line
/// quantities or a lump amount.
#[napi(ts_args_type = "issued: IssuedInvoice, selection?: CreditSelection", ts_return_type = "Promise<InvoiceDraft>")]
pub fn credit_note(issued: Unknown<'_>, selection: Option<Unknown<'_>>) -> AsyncTask<Job> {
    let issued = read(&issued, "");
    let selection = read_or(selection.as_ref(), "selection", Value::String("full".into()));
    job(move || {
        let issued: IssuedInvoice = parse(issued, "")?;
        let selection: CreditSelection = parse(selection, "selection")?;
        out(&facturier_core::credit_note(&issued, &selection).map_err(core)?)
    })
}

/// A new draft quote, version 1.
#[napi(ts_args_type = "number: string, content: QuoteContent", ts_return_type = "Promise<Quote>")]
pub fn new_quote(number: Unknown<'_>, content: Unknown<'_>) -> AsyncTask<Job> {
    let (number, content) = (read(&number, "number"), read(&content, ""));
    job(move || {
        let number: String = parse(number, "number")?;
        let content: QuoteContent = parse(content, "")?;
        out(&Quote::new(number, content).map_err(core)?)
    })
}

/// A new version of the quote with `content`, back to draft.
#[napi(ts_args_type = "quote: Quote, content: QuoteContent", ts_return_type = "Promise<Quote>")]
pub fn revise_quote(quote: Unknown<'_>, content: Unknown<'_>) -> AsyncTask<Job> {
    let (quote, content) = (read(&quote, ""), read(&content, "content"));
    job(move || {
        let quote: Quote = parse(quote, "")?;
        let content: QuoteContent = parse(content, "content")?;
        out(&quote.revise(content).map_err(core)?)
    })
}

/// A status change of a quote on a date.
fn quote_change(
    quote: &Unknown<'_>,
    date: &Unknown<'_>,
    change: fn(&Quote, NaiveDate) -> facturier_core::error::Result<Quote>,
) -> AsyncTask<Job> {
    let (quote, date) = (read(quote, ""), read(date, "date"));
    job(move || {
        let quote: Quote = parse(quote, "")?;
        let date: NaiveDate = parse(date, "date")?;
        out(&change(&quote, date).map_err(core)?)
    })
}

/// Draft → sent on `date`; refuses a quote with violations.
#[napi(ts_args_type = "quote: Quote, date: IsoDate", ts_return_type = "Promise<Quote>")]
pub fn send_quote(quote: Unknown<'_>, date: Unknown<'_>) -> AsyncTask<Job> {
    quote_change(&quote, &date, Quote::send)
}

/// Sent → accepted on `date`.
#[napi(ts_args_type = "quote: Quote, date: IsoDate", ts_return_type = "Promise<Quote>")]
pub fn accept_quote(quote: Unknown<'_>, date: Unknown<'_>) -> AsyncTask<Job> {
    quote_change(&quote, &date, Quote::accept)
}

/// Sent (or expired) → refused on `date`.
#[napi(ts_args_type = "quote: Quote, date: IsoDate", ts_return_type = "Promise<Quote>")]
pub fn refuse_quote(quote: Unknown<'_>, date: Unknown<'_>) -> AsyncTask<Job> {
    quote_change(&quote, &date, Quote::refuse)
}

/// The status of a quote as of `asOf` (a sent quote past its validity is `"expired"`; synchronous).
#[napi(ts_args_type = "quote: Quote, asOf: IsoDate", ts_return_type = "QuoteStatus")]
pub fn quote_status(env: Env, quote: Unknown<'_>, as_of: Unknown<'_>) -> napi::Result<Value> {
    sync(&env, || {
        let quote: Quote = parse(read(&quote, ""), "")?;
        let as_of: NaiveDate = parse(read(&as_of, "asOf"), "asOf")?;
        out(&quote.status_as_of(as_of))
    })
}

/// A new draft quote `number` with the current content of `quote`, new dates.
#[napi(ts_args_type = "quote: Quote, number: string, issueDate: IsoDate, validUntil: IsoDate", ts_return_type = "Promise<Quote>")]
pub fn duplicate_quote(quote: Unknown<'_>, number: Unknown<'_>, issue_date: Unknown<'_>, valid_until: Unknown<'_>) -> AsyncTask<Job> {
    let (quote, number) = (read(&quote, ""), read(&number, "number"));
    let (issue_date, valid_until) = (read(&issue_date, "issueDate"), read(&valid_until, "validUntil"));
    job(move || {
        let quote: Quote = parse(quote, "")?;
        let number: String = parse(number, "number")?;
        let issue_date: NaiveDate = parse(issue_date, "issueDate")?;
        let valid_until: NaiveDate = parse(valid_until, "validUntil")?;
        out(&quote.duplicate(number, issue_date, valid_until).map_err(core)?)
    })
}

/// Every violation of the current version of a quote.
#[napi(js_name = "checkQuote", ts_args_type = "quote: Quote", ts_return_type = "Promise<Violation[]>")]
pub fn check_quote_js(quote: Unknown<'_>) -> AsyncTask<Job> {
    let quote = read(&quote, "");
    job(move || out_violations(check_quote(&parse::<Quote>(quote, "")?)))
}

/// The totals of the current version of a quote.
#[napi(ts_args_type = "quote: Quote", ts_return_type = "Promise<Totals>")]
pub fn quote_totals(quote: Unknown<'_>) -> AsyncTask<Job> {
    let quote = read(&quote, "");
    job(move || {
        let quote: Quote = parse(quote, "")?;
        out(&quote.current().content.totals().map_err(core)?)
    })
}

/// The invoice draft of an accepted quote.
#[napi(ts_args_type = "quote: Quote", ts_return_type = "Promise<InvoiceDraft>")]
pub fn quote_to_invoice(quote: Unknown<'_>) -> AsyncTask<Job> {
    let quote = read(&quote, "");
    job(move || out(&parse::<Quote>(quote, "")?.to_invoice_draft().map_err(core)?))
}

/// A deposit-invoice draft asking `spec` of an accepted quote, after the deposit invoices
/// already issued for it (`previous`, none by default).
#[napi(ts_args_type = "quote: Quote, spec: DepositSpec, previous?: IssuedInvoice[]", ts_return_type = "Promise<InvoiceDraft>")]
pub fn quote_to_deposit(quote: Unknown<'_>, spec: Unknown<'_>, previous: Option<Unknown<'_>>) -> AsyncTask<Job> {
    let (quote, spec) = (read(&quote, ""), read(&spec, "spec"));
    let previous = read_or(previous.as_ref(), "previous", Value::Array(vec![]));
    job(move || {
        let quote: Quote = parse(quote, "")?;
        let spec: DepositSpec = parse(spec, "spec")?;
        let previous: Vec<IssuedInvoice> = parse(previous, "previous")?;
        out(&quote.to_deposit_draft(spec, &previous).map_err(core)?)
    })
}

/// The final-invoice draft of an accepted quote, deducting every deposit invoice given.
#[napi(ts_args_type = "quote: Quote, deposits: IssuedInvoice[]", ts_return_type = "Promise<InvoiceDraft>")]
pub fn quote_to_final(quote: Unknown<'_>, deposits: Unknown<'_>) -> AsyncTask<Job> {
    let (quote, deposits) = (read(&quote, ""), read(&deposits, "deposits"));
    job(move || {
        let quote: Quote = parse(quote, "")?;
        let deposits: Vec<IssuedInvoice> = parse(deposits, "deposits")?;
        out(&quote.to_final_draft(&deposits).map_err(core)?)
    })
}

/// The receivables of a seller as of `asOf`: every invoice's status and settlements, customer
/// accounts with their statements, aging, late interest and indemnities, the reminders due and
/// the cash figures. An invalid input rejects with code `"invalid"` and every violation in
/// `details` (camelCase paths such as `payments[2].allocations[0].amount`).
#[napi(ts_args_type = "input: ReceivablesInput, asOf: IsoDate", ts_return_type = "Promise<ReceivablesReport>")]
pub fn receivables(input: Unknown<'_>, as_of: Unknown<'_>) -> AsyncTask<Job> {
    let (input, as_of) = (read(&input, ""), read(&as_of, "asOf"));
    job(move || {
        let input: ReceivablesInput = parse(input, "")?;
        let as_of: NaiveDate = parse(as_of, "asOf")?;
        out(&facturier_core::receivables(&input, as_of).map_err(core)?)
    })
}

/// The late-payment interest and recovery indemnity of one debt as of `asOf`, from the shipped
/// ECB and legal-rate tables with `rates` merged in (the errors of `rates` have paths `rates.…`).
#[napi(ts_args_type = "debt: LateDebt, asOf: IsoDate, rates?: RateOverrides", ts_return_type = "Promise<InterestResult>")]
pub fn late_interest(debt: Unknown<'_>, as_of: Unknown<'_>, rates: Option<Unknown<'_>>) -> AsyncTask<Job> {
    let (debt, as_of) = (read(&debt, ""), read(&as_of, "asOf"));
    let rates = read_or(rates.as_ref(), "rates", Value::Object(serde_json::Map::new()));
    job(move || {
        let debt: LateDebt = parse(debt, "")?;
        let as_of: NaiveDate = parse(as_of, "asOf")?;
        let rates: RateOverrides = parse(rates, "rates")?;
        let tables = RateTables::default().with_overrides(&rates).map_err(core)?;
        out(&facturier_core::late_interest(&debt, as_of, &tables).map_err(core)?)
    })
}

/// The names of the published JSON Schemas (synchronous).
#[napi(ts_return_type = "SchemaName[]")]
pub fn schema_names() -> Vec<String> {
    facturier_core::schema::all().into_iter().map(|(name, _)| name.to_owned()).collect()
}

/// The JSON Schema `name` for the camelCase documents this binding takes (synchronous).
#[napi(ts_args_type = "name: SchemaName", ts_return_type = "Record<string, unknown>")]
pub fn json_schema(env: Env, name: Unknown<'_>) -> napi::Result<Value> {
    sync(&env, || {
        let name: String = parse(read(&name, "name"), "name")?;
        let all = facturier_core::schema::all();
        let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        let message = format!("no schema named `{name}`; one of {}", names.join(", "));
        all.into_iter().find(|(n, _)| *n == name).map(|(_, schema)| camel_schema(schema)).ok_or(Failure {
            code: "parse".into(),
            path: Some("name".into()),
            message,
            details: vec![],
            type_error: false,
        })
    })
}

/// The process-wide renderer, built on first use (fonts and templates are embedded) and shared
/// by every thread of the libuv pool; a failure to build it is kept and reported by every render.
static RENDERER: OnceLock<Result<Renderer, Failure>> = OnceLock::new();

/// The shared [`Renderer`], or why it could not be built.
fn renderer() -> Result<&'static Renderer, Failure> {
    RENDERER.get_or_init(|| Renderer::new().map_err(|e| Failure::pdf(&e))).as_ref().map_err(Clone::clone)
}

/// The options of `renderPdf`, as the Node user writes them (snake_case is accepted too).
const RENDER_OPTIONS: [&str; 7] = ["logo", "logoFormat", "logoAlt", "primaryColor", "footer", "pdfA", "template"];

/// The rendering options besides those of `renderPdf` and their JSON values, by camelCase name.
type ExtraOptions = std::collections::BTreeMap<String, Value>;

/// Reads the `options` of `renderPdf` on the JS thread: the logo's bytes are copied out of its
/// `Buffer`, the other options must be strings (`pdfA` a boolean); `undefined` and `null` stand
/// for an absent option, an unknown option is refused.
fn read_render_options(options: Option<&Unknown<'_>>) -> Result<RenderOptions, Failure> {
    read_options(options, &[]).map(|(options, _)| options)
}

/// Reads rendering options as [`read_render_options`] does, also accepting the `extra` options
/// (camelCase names), returned as JSON.
fn read_options(options: Option<&Unknown<'_>>, extra: &[&str]) -> Result<(RenderOptions, ExtraOptions), Failure> {
    guarded(|| {
        let unreadable = |path: &str, e: napi::Error| Failure::parse(path, format!("cannot read the value: {}", e.reason));
        let absent = |v: &Unknown<'_>, path: &str| {
            v.get_type().map(|t| matches!(t, ValueType::Undefined | ValueType::Null)).map_err(|e| unreadable(path, e))
        };
        let Some(options) = options else { return Ok((RenderOptions::default(), ExtraOptions::new())) };
        if absent(options, "options")? {
            return Ok((RenderOptions::default(), ExtraOptions::new()));
        }
        let is_object = options.get_type().map_err(|e| unreadable("options", e))? == ValueType::Object
            && !options.is_array().map_err(|e| unreadable("options", e))?
            && !options.is_buffer().map_err(|e| unreadable("options", e))?;
        if !is_object {
            return Err(Failure::parse("options", "expected an object of rendering options"));
        }
        let object = options.coerce_to_object().map_err(|e| unreadable("options", e))?;
        let mut logo: Option<Vec<u8>> = None;
        let mut values = std::collections::BTreeMap::new();
        for key in Object::keys(&object).map_err(|e| unreadable("options", e))? {
            let name = camel(&snake(&key));
            let path = format!("options.{name}");
            if !RENDER_OPTIONS.contains(&name.as_str()) && !extra.contains(&name.as_str()) {
                let known: Vec<&str> = RENDER_OPTIONS.iter().chain(extra).copied().collect();
                return Err(Failure::parse(&path, format!("unknown option; expected one of {}", known.join(", "))));
            }
            let item: Unknown<'_> = object.get_named_property(&key).map_err(|e| unreadable(&path, e))?;
            if absent(&item, &path)? {
                continue;
            }
            let given_twice = if name == "logo" {
                if !item.is_buffer().map_err(|e| unreadable(&path, e))? {
                    return Err(Failure::parse(&path, "expected a Buffer holding an SVG or PNG file"));
                }
                let bytes = BufferSlice::from_unknown(item).map_err(|e| unreadable(&path, e))?.to_vec();
                logo.replace(bytes).is_some()
            } else {
                values.insert(name, from_js(&item, &path)?).is_some()
            };
            if given_twice {
                return Err(Failure::parse(&path, "the option is given twice (camelCase and snake_case)"));
            }
        }
        let mut string = |name: &str| match values.remove(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Failure::parse(&format!("options.{name}"), "expected a string")),
        };
        let logo_format = string("logoFormat")?;
        let logo_alt = string("logoAlt")?;
        let primary_color = string("primaryColor")?;
        let footer = string("footer")?;
        let custom_template = string("template")?;
        let pdf_a = match values.remove("pdfA") {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(_) => return Err(Failure::parse("options.pdfA", "expected a boolean")),
        };
        let logo = match (logo, logo_format, logo_alt) {
            (None, None, None) => None,
            (None, Some(_), _) => return Err(Failure::parse("options.logoFormat", "given without a logo")),
            (None, None, Some(_)) => return Err(Failure::parse("options.logoAlt", "given without a logo")),
            (Some(_), None, _) => return Err(Failure::parse("options.logoFormat", "required with a logo: \"svg\" or \"png\"")),
            (Some(_), Some(_), None) => return Err(Failure::parse("options.logoAlt", "required with a logo: its alternative text")),
            (Some(bytes), Some(format), Some(alt)) => {
                let format = match format.as_str() {
                    "svg" => LogoFormat::Svg,
                    "png" => LogoFormat::Png,
                    _ => return Err(Failure::parse("options.logoFormat", format!("expected \"svg\" or \"png\", not {format:?}"))),
                };
                Some(Logo { bytes, format, alt })
            }
        };
        // what is left are the extra options
        Ok((RenderOptions { branding: Branding { logo, primary_color, footer }, pdf_a, custom_template }, values))
    })
}

/// Renders an issued invoice (standard, deposit, final or credit note) or the current version of
/// a quote (a document with `versions`) to PDF, on the libuv thread pool. Rejects with code
/// `pdf.template` (Typst diagnostics `{file, line, column, message}` in `details`), `pdf.font`,
/// `pdf.export`, `pdf.branding` or `pdf.data`, or `parse`/`float` for a malformed argument.
#[napi(ts_args_type = "document: IssuedInvoice | Quote, options?: RenderOptions", ts_return_type = "Promise<Buffer>")]
pub fn render_pdf(document: Unknown<'_>, options: Option<Unknown<'_>>) -> AsyncTask<Job<Pdf>> {
    let (document, options) = (read(&document, ""), read_render_options(options.as_ref()));
    job(move || {
        let document = document?;
        let is_quote = document.as_object().is_some_and(|o| o.contains_key("versions"));
        let pdf = if is_quote {
            let quote: Quote = parse(Ok(document), "")?;
            renderer()?.render_quote(&quote, &options?)
        } else {
            let invoice: IssuedInvoice = parse(Ok(document), "")?;
            renderer()?.render_invoice(&invoice, &options?)
        };
        pdf.map(Pdf).map_err(|e| Failure::pdf(&e))
    })
}

/// Renders the reminder letter (relance courtoise, relance ferme or mise en demeure) of one
/// element of `report.reminders` for the issued `invoice` it reminds, dated `letterDate`, on the
/// libuv thread pool. Takes the options of `renderPdf` and rejects like it; `pdf.data` when the
/// reminder and the invoice do not match, the letter predates the invoice or the deadline of a
/// formal notice is not after the letter's date.
#[napi(
    ts_args_type = "reminder: Reminder, invoice: IssuedInvoice, letterDate: IsoDate, options?: RenderOptions",
    ts_return_type = "Promise<Buffer>"
)]
pub fn render_reminder_pdf(
    reminder: Unknown<'_>,
    invoice: Unknown<'_>,
    letter_date: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<Job<Pdf>> {
    let (reminder, invoice, letter_date) = (read(&reminder, ""), read(&invoice, "invoice"), read(&letter_date, "letterDate"));
    let options = read_render_options(options.as_ref());
    job(move || {
        let reminder: Reminder = parse(reminder, "")?;
        let invoice: IssuedInvoice = parse(invoice, "invoice")?;
        let letter_date: NaiveDate = parse(letter_date, "letterDate")?;
        renderer()?.render_reminder(&reminder, &invoice, letter_date, &options?).map(Pdf).map_err(|e| Failure::pdf(&e))
    })
}

/// Renders the account statement (relevé de compte) of one element of `report.customers` as of
/// `asOf`, with the `seller` and `buyer` printed on it (e.g. those of the customer's latest
/// invoice), on the libuv thread pool; `options.invoices` (the report's `invoices`) adds the list
/// of the customer's overdue invoices. Takes the options of `renderPdf` and rejects like it;
/// `pdf.data` when an entry is dated after `asOf` or the entries do not add up to the totals.
#[napi(
    ts_args_type = "account: CustomerAccount, seller: Seller, buyer: Buyer, asOf: IsoDate, options?: StatementOptions",
    ts_return_type = "Promise<Buffer>"
)]
pub fn render_statement_pdf(
    account: Unknown<'_>,
    seller: Unknown<'_>,
    buyer: Unknown<'_>,
    as_of: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<Job<Pdf>> {
    let (account, seller, buyer, as_of) = (read(&account, ""), read(&seller, "seller"), read(&buyer, "buyer"), read(&as_of, "asOf"));
    let options = read_options(options.as_ref(), &["invoices"]);
    job(move || {
        let account: CustomerAccount = parse(account, "")?;
        let seller: Seller = parse(seller, "seller")?;
        let buyer: Buyer = parse(buyer, "buyer")?;
        let as_of: NaiveDate = parse(as_of, "asOf")?;
        let (options, mut extra) = options?;
        let invoices: Vec<InvoiceAccount> = match extra.remove("invoices") {
            Some(invoices) => parse(Ok(invoices), "options.invoices")?,
            None => Vec::new(),
        };
        renderer()?
            .render_statement_with_invoices(&account, &invoices, &seller, &buyer, as_of, &options)
            .map(Pdf)
            .map_err(|e| Failure::pdf(&e))
    })
}
