//! facturier's Python binding: the module `facturier._facturier`, re-exported by the pure-Python
//! package `facturier` (see `bindings/API.md` for the contract).
//!
//! Every function follows the same three steps:
//!
//! 1. with the GIL held, convert the Python arguments to `serde_json::Value` ([`convert::to_json`]:
//!    floats and unknown types are refused with the field path);
//! 2. without the GIL, in [`enter_core`]: parse them with `facturier_core::json::from_value`, call
//!    the core (or the PDF renderer), serialise the result back to JSON; a Rust panic is caught
//!    there;
//! 3. with the GIL, convert the JSON to Python ([`convert::to_python`]: `Decimal` and `date` for the
//!    decimal and date fields) or map the error ([`errors::core_error`], [`errors::pdf_error`]).
//!
//! The binding holds no business rule and no mutable state: the module is declared free of
//! GIL-bound state (`gil_used = false`) and only caches immutable lookups and the process-wide
//! PDF [`Renderer`] (built on first use, `Send + Sync`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use facturier_core::invoice::{CreditSelection, DepositSpec};
use facturier_core::numbering::{self, NumberingState};
use facturier_core::payment::{CustomerAccount, InvoiceAccount};
use facturier_core::{
    Buyer, CoreError, InvoiceDraft, IssuedInvoice, LateDebt, NaiveDate, PaymentTerms, Quote, QuoteContent, RateOverrides, RateTables,
    ReceivablesInput, Reminder, Seller, Violation, json, schema,
};
use facturier_pdf::{Branding, Logo, LogoFormat, PdfError, RenderOptions, Renderer};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

mod convert;
mod errors;

use convert::{to_json, to_python};

/// mimalloc for the Rust allocations of this extension module (Python's objects keep Python's
/// allocator): Typst allocates a great deal, and renders are 16 % faster than with the system
/// allocator (`bench/pdf/README.md`, "Two threads").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An error of the Rust side of a call: the core's or the PDF renderer's.
enum Failure {
    Core(CoreError),
    Pdf(PdfError),
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Failure {
        Failure::Core(e)
    }
}

impl From<PdfError> for Failure {
    fn from(e: PdfError) -> Failure {
        Failure::Pdf(e)
    }
}

/// Runs `f` — the core's (or the renderer's) part of a call — with the GIL released, turning a
/// panic into `FacturierError(code="panic")`, a [`CoreError`] into its exception class and a
/// [`PdfError`] into `RenderError`.
///
/// This is the one place where the binding enters Rust code: a panic must never unwind into the
/// interpreter (it would take the host, e.g. a web server, down with it).
fn enter_core<R: Send, E: Into<Failure> + Send>(py: Python<'_>, f: impl FnOnce() -> Result<R, E> + Send) -> PyResult<R> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(match e.into() {
            Failure::Core(e) => errors::core_error(py, &e),
            Failure::Pdf(e) => errors::pdf_error(py, &e),
        }),
        Err(payload) => Err(errors::panic_error(py, payload.as_ref())),
    }
}

/// Joins an argument name and a path reported inside that argument.
fn prefixed(name: &str, path: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else if path.starts_with('[') {
        format!("{name}{path}")
    } else {
        format!("{name}.{path}")
    }
}

/// Parses one argument with the core's exact JSON reader. `name` prefixes the paths of parse
/// errors for list and scalar arguments; documents (`None`) report paths inside themselves.
fn parse<T: DeserializeOwned>(value: Value, name: Option<&str>) -> Result<T, CoreError> {
    json::from_value(value).map_err(|e| match (e, name) {
        (CoreError::Parse { path, message }, Some(name)) => CoreError::Parse { path: prefixed(name, &path), message },
        (e, _) => e,
    })
}

/// Serialises a core output to JSON (decimals as strings, dates as `YYYY-MM-DD`).
fn ser<T: Serialize>(value: &T) -> Result<Value, CoreError> {
    serde_json::to_value(value).map_err(|e| CoreError::Parse { path: String::new(), message: e.to_string() })
}

/// A document argument: converted with paths relative to the document itself.
fn doc(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json(obj, "")
}

/// A named argument (a list, a date…): converted with paths starting with its name.
fn arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    to_json(obj, name)
}

/// A top-level date result as `datetime.date`.
fn date_out<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    // `NaiveDate` displays as `YYYY-MM-DD`, which `date.fromisoformat` reads back exactly.
    py.import("datetime")?.getattr("date")?.call_method1("fromisoformat", (d.to_string(),))
}

/// Every legal violation of an invoice draft as of `as_of` (empty when it can be issued).
///
/// Returns a list of `{code, path, message, source}` dicts.
#[pyfunction]
fn check_invoice<'py>(py: Python<'py>, draft: &Bound<'py, PyAny>, as_of: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (draft, as_of) = (doc(draft)?, arg(as_of, "as_of")?);
    let out = enter_core(py, move || {
        let draft: InvoiceDraft = parse(draft, None)?;
        let as_of: NaiveDate = parse(as_of, Some("as_of"))?;
        let v: Vec<Violation> = facturier_core::check(&draft, as_of);
        ser(&v)
    })?;
    to_python(py, &out)
}

/// The EN 16931 totals of an invoice draft (exemption reasons as of `as_of`).
#[pyfunction]
fn compute_totals<'py>(py: Python<'py>, draft: &Bound<'py, PyAny>, as_of: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (draft, as_of) = (doc(draft)?, arg(as_of, "as_of")?);
    let out = enter_core(py, move || {
        let draft: InvoiceDraft = parse(draft, None)?;
        let as_of: NaiveDate = parse(as_of, Some("as_of"))?;
        ser(&draft.totals(as_of)?)
    })?;
    to_python(py, &out)
}

/// The due date given by `payment_terms` for an invoice issued on `issue_date`.
#[pyfunction]
fn due_date<'py>(py: Python<'py>, payment_terms: &Bound<'py, PyAny>, issue_date: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (terms, issue_date) = (doc(payment_terms)?, arg(issue_date, "issue_date")?);
    let due = enter_core(py, move || {
        let terms: PaymentTerms = parse(terms, None)?;
        let issue_date: NaiveDate = parse(issue_date, Some("issue_date"))?;
        terms.due_date(issue_date)
    })?;
    date_out(py, due)
}

/// A new, empty numbering series (`pattern` like `F-{YYYY}-{SEQ:5}`), to be persisted by the host.
///
/// With `yearly_reset` (the default) the sequence restarts every period of the pattern's date
/// tokens; without it the series is continuous.
#[pyfunction]
#[pyo3(signature = (series, pattern, yearly_reset = true))]
fn new_numbering_state<'py>(py: Python<'py>, series: String, pattern: String, yearly_reset: bool) -> PyResult<Bound<'py, PyAny>> {
    let out = enter_core(py, move || {
        let state = if yearly_reset { NumberingState::new(series, pattern)? } else { NumberingState::continuous(series, pattern)? };
        ser(&state)
    })?;
    to_python(py, &out)
}

/// Issues `draft` on `issue_date` with the next number of `numbering_state`.
///
/// Returns `(issued_invoice, next_state)`; persist `next_state` in the same transaction as the
/// invoice. Raises `ValidationError` listing every legal violation.
#[pyfunction]
fn issue_invoice<'py>(
    py: Python<'py>,
    draft: &Bound<'py, PyAny>,
    numbering_state: &Bound<'py, PyAny>,
    issue_date: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    let (draft, state, issue_date) = (doc(draft)?, arg(numbering_state, "numbering_state")?, arg(issue_date, "issue_date")?);
    let (invoice, next) = enter_core(py, move || {
        let draft: InvoiceDraft = parse(draft, None)?;
        let state: NumberingState = parse(state, Some("numbering_state"))?;
        let issue_date: NaiveDate = parse(issue_date, Some("issue_date"))?;
        let (invoice, next) = facturier_core::issue(draft, &state, issue_date)?;
        Ok::<_, CoreError>((ser(&invoice)?, ser(&next)?))
    })?;
    PyTuple::new(py, [to_python(py, &invoice)?, to_python(py, &next)?])
}

/// Audits `numbers`, every number issued in the series of `numbering_state`: duplicates, gaps
/// (including a missing last number) and numbers foreign to the pattern.
#[pyfunction]
fn numbering_report<'py>(py: Python<'py>, numbering_state: &Bound<'py, PyAny>, numbers: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (state, numbers) = (doc(numbering_state)?, arg(numbers, "numbers")?);
    let out = enter_core(py, move || {
        let state: NumberingState = parse(state, None)?;
        let numbers: Vec<String> = parse(numbers, Some("numbers"))?;
        ser(&numbering::audit(&state, &numbers)?)
    })?;
    to_python(py, &out)
}

/// The final-invoice draft of an operation, deducting every deposit invoice in `deposits`.
#[pyfunction]
fn final_invoice<'py>(py: Python<'py>, operation_draft: &Bound<'py, PyAny>, deposits: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (draft, deposits) = (doc(operation_draft)?, arg(deposits, "deposits")?);
    let out = enter_core(py, move || {
        let draft: InvoiceDraft = parse(draft, None)?;
        let deposits: Vec<IssuedInvoice> = parse(deposits, Some("deposits"))?;
        ser(&facturier_core::final_invoice(draft, &deposits)?)
    })?;
    to_python(py, &out)
}

/// The credit-note draft correcting the issued invoice `issued`.
///
/// `selection` is `"full"`, `{"lines": [{"line_id": "4", "quantity": "3"}]}` or
/// `{"amount": {"amount": …, "vat_category": "S", "vat_rate": "20", "reason": …}}`.
#[pyfunction]
#[pyo3(signature = (issued, selection = None), text_signature = "(issued, selection='full')")]
fn credit_note<'py>(py: Python<'py>, issued: &Bound<'py, PyAny>, selection: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    let issued = doc(issued)?;
    let selection = match selection {
        Some(s) => arg(s, "selection")?,
        None => Value::String("full".to_owned()),
    };
    let out = enter_core(py, move || {
        let issued: IssuedInvoice = parse(issued, None)?;
        let selection: CreditSelection = parse(selection, Some("selection"))?;
        ser(&facturier_core::credit_note(&issued, &selection)?)
    })?;
    to_python(py, &out)
}

/// A new draft quote numbered `number`, version 1 with `content`.
#[pyfunction]
fn new_quote<'py>(py: Python<'py>, number: &Bound<'py, PyAny>, content: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (number, content) = (arg(number, "number")?, doc(content)?);
    let out = enter_core(py, move || {
        let number: String = parse(number, Some("number"))?;
        let content: QuoteContent = parse(content, None)?;
        ser(&Quote::new(number, content)?)
    })?;
    to_python(py, &out)
}

/// A new version of `quote` with `content`, back to draft (an accepted quote is final).
#[pyfunction]
fn revise_quote<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, content: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (quote, content) = (doc(quote)?, arg(content, "content")?);
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        let content: QuoteContent = parse(content, Some("content"))?;
        ser(&quote.revise(content)?)
    })?;
    to_python(py, &out)
}

/// Which status change [`quote_move`] makes.
#[derive(Clone, Copy)]
enum Move {
    Send,
    Accept,
    Refuse,
}

fn quote_move<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, date: &Bound<'py, PyAny>, how: Move) -> PyResult<Bound<'py, PyAny>> {
    let (quote, date) = (doc(quote)?, arg(date, "date")?);
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        let date: NaiveDate = parse(date, Some("date"))?;
        let next = match how {
            Move::Send => quote.send(date)?,
            Move::Accept => quote.accept(date)?,
            Move::Refuse => quote.refuse(date)?,
        };
        ser(&next)
    })?;
    to_python(py, &out)
}

/// Draft → sent on `date`; refuses a quote with violations (`ValidationError`).
#[pyfunction]
fn send_quote<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, date: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    quote_move(py, quote, date, Move::Send)
}

/// Sent → accepted on `date`; any other status raises `QuoteStateError`.
#[pyfunction]
fn accept_quote<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, date: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    quote_move(py, quote, date, Move::Accept)
}

/// Sent (or expired) → refused on `date`.
#[pyfunction]
fn refuse_quote<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, date: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    quote_move(py, quote, date, Move::Refuse)
}

/// The status of `quote` as of `as_of`: `draft`, `sent`, `accepted`, `refused` or `expired`.
#[pyfunction]
fn quote_status<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, as_of: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    let (quote, as_of) = (doc(quote)?, arg(as_of, "as_of")?);
    let status = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        let as_of: NaiveDate = parse(as_of, Some("as_of"))?;
        Ok::<_, CoreError>(quote.status_as_of(as_of).to_string())
    })?;
    Ok(PyString::new(py, &status))
}

/// A new draft quote `number` with the current content of `quote`, re-dated.
#[pyfunction]
fn duplicate_quote<'py>(
    py: Python<'py>,
    quote: &Bound<'py, PyAny>,
    number: &Bound<'py, PyAny>,
    issue_date: &Bound<'py, PyAny>,
    valid_until: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (quote, number) = (doc(quote)?, arg(number, "number")?);
    let (issue_date, valid_until) = (arg(issue_date, "issue_date")?, arg(valid_until, "valid_until")?);
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        let number: String = parse(number, Some("number"))?;
        let issue_date: NaiveDate = parse(issue_date, Some("issue_date"))?;
        let valid_until: NaiveDate = parse(valid_until, Some("valid_until"))?;
        ser(&quote.duplicate(number, issue_date, valid_until)?)
    })?;
    to_python(py, &out)
}

/// Every violation of the current version of `quote` (empty when it can be sent).
#[pyfunction]
fn check_quote<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let quote = doc(quote)?;
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        ser(&facturier_core::check_quote(&quote))
    })?;
    to_python(py, &out)
}

/// The totals of the current version of `quote`.
#[pyfunction]
fn quote_totals<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let quote = doc(quote)?;
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        ser(&quote.current().content.totals()?)
    })?;
    to_python(py, &out)
}

/// The invoice draft of an accepted quote (same lines and terms, referencing the quote).
#[pyfunction]
fn quote_to_invoice<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let quote = doc(quote)?;
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        ser(&quote.to_invoice_draft()?)
    })?;
    to_python(py, &out)
}

/// A deposit-invoice draft of an accepted quote: `spec` is `{"percent": "30"}` or
/// `{"amount_excl_tax": "1500.00"}`, after the deposit invoices already issued (`previous`).
#[pyfunction]
#[pyo3(signature = (quote, spec, previous = None), text_signature = "(quote, spec, previous=())")]
fn quote_to_deposit<'py>(
    py: Python<'py>,
    quote: &Bound<'py, PyAny>,
    spec: &Bound<'py, PyAny>,
    previous: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (quote, spec) = (doc(quote)?, arg(spec, "spec")?);
    let previous = match previous {
        Some(p) => arg(p, "previous")?,
        None => Value::Array(Vec::new()),
    };
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        let spec: DepositSpec = parse(spec, Some("spec"))?;
        let previous: Vec<IssuedInvoice> = parse(previous, Some("previous"))?;
        ser(&quote.to_deposit_draft(spec, &previous)?)
    })?;
    to_python(py, &out)
}

/// The final-invoice draft of an accepted quote, deducting every deposit invoice in `deposits`.
#[pyfunction]
fn quote_to_final<'py>(py: Python<'py>, quote: &Bound<'py, PyAny>, deposits: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (quote, deposits) = (doc(quote)?, arg(deposits, "deposits")?);
    let out = enter_core(py, move || {
        let quote: Quote = parse(quote, None)?;
        let deposits: Vec<IssuedInvoice> = parse(deposits, Some("deposits"))?;
        ser(&quote.to_final_draft(&deposits)?)
    })?;
    to_python(py, &out)
}

/// The receivables of `input` (a `ReceivablesInput`: invoices and credit notes with their
/// customer, payments, refunds, reminders sent, optional schedule, rates, period) as of `as_of`.
///
/// Returns the `ReceivablesReport`: invoice statuses and settlements, customer accounts, aging,
/// late interest, reminders due and cash figures. Raises `ValidationError` listing every problem
/// of the input (paths like `payments[2].allocations[0].amount`).
#[pyfunction]
#[pyo3(name = "receivables")]
fn receivables_report<'py>(py: Python<'py>, input: &Bound<'py, PyAny>, as_of: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (input, as_of) = (doc(input)?, arg(as_of, "as_of")?);
    let out = enter_core(py, move || {
        let input: ReceivablesInput = parse(input, None)?;
        let as_of: NaiveDate = parse(as_of, Some("as_of"))?;
        ser(&facturier_core::receivables(&input, as_of)?)
    })?;
    to_python(py, &out)
}

/// The late-payment interest and recovery indemnity of one debt (a `LateDebt`) as of `as_of`,
/// with the shipped rate tables and `rates` (a `RateOverrides`) merged in.
#[pyfunction]
#[pyo3(signature = (debt, as_of, rates = None))]
fn late_interest<'py>(
    py: Python<'py>,
    debt: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    rates: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (debt, as_of) = (doc(debt)?, arg(as_of, "as_of")?);
    let rates = rates.map(|r| arg(r, "rates")).transpose()?;
    let out = enter_core(py, move || {
        let debt: LateDebt = parse(debt, None)?;
        let as_of: NaiveDate = parse(as_of, Some("as_of"))?;
        let rates: RateOverrides = match rates {
            Some(r) => parse(r, Some("rates"))?,
            None => RateOverrides::default(),
        };
        let tables = RateTables::default().with_overrides(&rates)?;
        ser(&facturier_core::late_interest(&debt, as_of, &tables)?)
    })?;
    to_python(py, &out)
}

/// The process-wide renderer: fonts parsed and templates embedded once, shared by every thread.
static RENDERER: OnceLock<Renderer> = OnceLock::new();

/// The shared [`Renderer`], built on first use. Should building fail, the error is returned and
/// the next call tries again (two threads racing on the first call may both build one: the
/// first stored wins, the other is dropped).
fn renderer() -> Result<&'static Renderer, PdfError> {
    if let Some(r) = RENDERER.get() {
        return Ok(r);
    }
    let built = Renderer::new()?;
    Ok(RENDERER.get_or_init(|| built))
}

/// The bytes of the `logo` argument (`bytes` or `bytearray`).
fn logo_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(b.as_bytes().to_vec())
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Ok(b.to_vec())
    } else {
        let name = obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
        Err(errors::input_type(obj.py(), "type", "logo", &format!("expected bytes (the image file), got {name}")))
    }
}

/// The logo of the branding: `logo_format` (`"svg"` or `"png"`) and `logo_alt` are required
/// with a logo and refused without one.
fn logo_option(bytes: Option<Vec<u8>>, format: Option<String>, alt: Option<String>) -> Result<Option<Logo>, PdfError> {
    let branding = |message: String| PdfError::Branding { message };
    let Some(bytes) = bytes else {
        return match (format, alt) {
            (None, None) => Ok(None),
            _ => Err(branding("logo_format and logo_alt are only allowed with a logo".to_owned())),
        };
    };
    let format = match format.as_deref() {
        Some("svg") => LogoFormat::Svg,
        Some("png") => LogoFormat::Png,
        Some(other) => return Err(branding(format!("logo_format {other:?} is neither \"svg\" nor \"png\""))),
        None => return Err(branding("a logo needs logo_format (\"svg\" or \"png\")".to_owned())),
    };
    match alt {
        Some(alt) if !alt.trim().is_empty() => Ok(Some(Logo { bytes, format, alt })),
        _ => Err(branding("a logo needs logo_alt, its alternative text".to_owned())),
    }
}

/// The keyword-only render options shared by the `render_*` functions, as Python passed them.
struct Options {
    logo: Option<Vec<u8>>,
    logo_format: Option<String>,
    logo_alt: Option<String>,
    primary_color: Option<String>,
    footer: Option<String>,
    pdf_a: bool,
    template: Option<String>,
}

impl Options {
    /// The renderer's options; fails with `pdf.branding` for an incomplete logo.
    fn build(self) -> Result<RenderOptions, PdfError> {
        let logo = logo_option(self.logo, self.logo_format, self.logo_alt)?;
        Ok(RenderOptions {
            branding: Branding { logo, primary_color: self.primary_color, footer: self.footer },
            pdf_a: self.pdf_a,
            custom_template: self.template,
        })
    }
}

/// The PDF of an issued invoice (standard, deposit, final or credit note) or of the current
/// version of a quote (a document with `versions`), as `bytes`.
///
/// Options: `logo` (the image's bytes, with `logo_format` `"svg"` or `"png"` and `logo_alt`, its
/// alternative text), `primary_color` (`#RRGGBB`), `footer` (text on every page), `pdf_a`
/// (PDF/A-3b) and `template` (a user Typst source receiving the same data). The output is
/// byte-reproducible. Raises `RenderError` (`pdf.template` with the Typst diagnostics in
/// `errors()`, `pdf.font`, `pdf.export`, `pdf.branding`, `pdf.data`) and `ValidationError` for a
/// malformed document. The GIL is released while rendering.
#[pyfunction]
#[pyo3(signature = (document, *, logo = None, logo_format = None, logo_alt = None, primary_color = None, footer = None, pdf_a = false, template = None))]
#[allow(clippy::too_many_arguments, reason = "the keyword-only options of the Python API")]
fn render_pdf<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
    logo: Option<&Bound<'py, PyAny>>,
    logo_format: Option<String>,
    logo_alt: Option<String>,
    primary_color: Option<String>,
    footer: Option<String>,
    pdf_a: bool,
    template: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    let document = doc(document)?;
    let logo = logo.map(logo_bytes).transpose()?;
    let options = Options { logo, logo_format, logo_alt, primary_color, footer, pdf_a, template };
    let pdf = enter_core(py, move || -> Result<Vec<u8>, Failure> {
        let options = options.build()?;
        let is_quote = document.get("versions").is_some();
        let renderer = renderer()?;
        if is_quote {
            let quote: Quote = parse(document, None)?;
            Ok(renderer.render_quote(&quote, &options)?)
        } else {
            let invoice: IssuedInvoice = parse(document, None)?;
            Ok(renderer.render_invoice(&invoice, &options)?)
        }
    })?;
    Ok(PyBytes::new(py, &pdf))
}

/// The letter of one reminder of the receivables report (`reminder`, an element of
/// `receivables(...)["reminders"]`) for the issued invoice it reminds, dated `letter_date`, as
/// `bytes`: a courteous or firm reminder, or the formal notice (mise en demeure) with its legal
/// wording and deadline.
///
/// Same keyword options and errors as `render_pdf` (`pdf.data` when the reminder and the invoice
/// do not match or the letter predates the invoice). The GIL is released while rendering.
#[pyfunction]
#[pyo3(signature = (
    reminder, invoice, letter_date, *,
    logo = None, logo_format = None, logo_alt = None, primary_color = None, footer = None, pdf_a = false, template = None
))]
#[allow(clippy::too_many_arguments, reason = "the keyword-only options of the Python API")]
fn render_reminder_pdf<'py>(
    py: Python<'py>,
    reminder: &Bound<'py, PyAny>,
    invoice: &Bound<'py, PyAny>,
    letter_date: &Bound<'py, PyAny>,
    logo: Option<&Bound<'py, PyAny>>,
    logo_format: Option<String>,
    logo_alt: Option<String>,
    primary_color: Option<String>,
    footer: Option<String>,
    pdf_a: bool,
    template: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (reminder, invoice, letter_date) = (doc(reminder)?, arg(invoice, "invoice")?, arg(letter_date, "letter_date")?);
    let logo = logo.map(logo_bytes).transpose()?;
    let options = Options { logo, logo_format, logo_alt, primary_color, footer, pdf_a, template };
    let pdf = enter_core(py, move || -> Result<Vec<u8>, Failure> {
        let options = options.build()?;
        let reminder: Reminder = parse(reminder, None)?;
        let invoice: IssuedInvoice = parse(invoice, Some("invoice"))?;
        let letter_date: NaiveDate = parse(letter_date, Some("letter_date"))?;
        Ok(renderer()?.render_reminder(&reminder, &invoice, letter_date, &options)?)
    })?;
    Ok(PyBytes::new(py, &pdf))
}

/// The account statement (relevé de compte) of one customer as of `as_of`, as `bytes`:
/// `account` is an element of `receivables(...)["customers"]`, `seller` and `buyer` the
/// parties printed. With `invoices` (the report's `invoices`), the customer's overdue invoices
/// are listed too.
///
/// Same keyword options and errors as `render_pdf`. The GIL is released while rendering.
#[pyfunction]
#[pyo3(signature = (
    account, seller, buyer, as_of, *, invoices = None,
    logo = None, logo_format = None, logo_alt = None, primary_color = None, footer = None, pdf_a = false, template = None
))]
#[allow(clippy::too_many_arguments, reason = "the keyword-only options of the Python API")]
fn render_statement_pdf<'py>(
    py: Python<'py>,
    account: &Bound<'py, PyAny>,
    seller: &Bound<'py, PyAny>,
    buyer: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    invoices: Option<&Bound<'py, PyAny>>,
    logo: Option<&Bound<'py, PyAny>>,
    logo_format: Option<String>,
    logo_alt: Option<String>,
    primary_color: Option<String>,
    footer: Option<String>,
    pdf_a: bool,
    template: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (account, seller, buyer, as_of) = (doc(account)?, arg(seller, "seller")?, arg(buyer, "buyer")?, arg(as_of, "as_of")?);
    let invoices = match invoices {
        Some(i) => arg(i, "invoices")?,
        None => Value::Array(Vec::new()),
    };
    let logo = logo.map(logo_bytes).transpose()?;
    let options = Options { logo, logo_format, logo_alt, primary_color, footer, pdf_a, template };
    let pdf = enter_core(py, move || -> Result<Vec<u8>, Failure> {
        let options = options.build()?;
        let account: CustomerAccount = parse(account, None)?;
        let seller: Seller = parse(seller, Some("seller"))?;
        let buyer: Buyer = parse(buyer, Some("buyer"))?;
        let as_of: NaiveDate = parse(as_of, Some("as_of"))?;
        let invoices: Vec<InvoiceAccount> = parse(invoices, Some("invoices"))?;
        Ok(renderer()?.render_statement_with_invoices(&account, &invoices, &seller, &buyer, as_of, &options)?)
    })?;
    Ok(PyBytes::new(py, &pdf))
}

/// The JSON Schema `name` (one of `SCHEMA_NAMES`) as a plain dict.
#[pyfunction]
fn json_schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let wanted = name.to_owned();
    let found = enter_core(py, move || Ok::<_, CoreError>(schema::all().into_iter().find(|(n, _)| *n == wanted).map(|(_, s)| s)))?;
    match found {
        Some(s) => convert::to_python_plain(py, &s),
        None => {
            let names: Vec<&str> = schema::all().into_iter().map(|(n, _)| n).collect();
            Err(PyValueError::new_err(format!("no schema named {name:?}; known: {}", names.join(", "))))
        }
    }
}

/// Panics inside the guard of [`enter_core`], to prove that a Rust panic becomes
/// `FacturierError(code="panic")`; used by the test-suite only.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    enter_core(py, || -> Result<(), CoreError> {
        #[allow(clippy::panic, reason = "the point of this function is to panic inside the guard")]
        {
            panic!("deliberate panic for the test-suite")
        }
    })
}

/// facturier's native module; use the `facturier` package, which re-exports it.
#[pymodule(gil_used = false)]
fn _facturier(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", facturier_core::VERSION)?;
    let names: Vec<&str> = schema::all().into_iter().map(|(n, _)| n).collect();
    m.add("SCHEMA_NAMES", PyTuple::new(m.py(), names)?)?;
    m.add_function(wrap_pyfunction!(check_invoice, m)?)?;
    m.add_function(wrap_pyfunction!(compute_totals, m)?)?;
    m.add_function(wrap_pyfunction!(due_date, m)?)?;
    m.add_function(wrap_pyfunction!(new_numbering_state, m)?)?;
    m.add_function(wrap_pyfunction!(issue_invoice, m)?)?;
    m.add_function(wrap_pyfunction!(numbering_report, m)?)?;
    m.add_function(wrap_pyfunction!(final_invoice, m)?)?;
    m.add_function(wrap_pyfunction!(credit_note, m)?)?;
    m.add_function(wrap_pyfunction!(new_quote, m)?)?;
    m.add_function(wrap_pyfunction!(revise_quote, m)?)?;
    m.add_function(wrap_pyfunction!(send_quote, m)?)?;
    m.add_function(wrap_pyfunction!(accept_quote, m)?)?;
    m.add_function(wrap_pyfunction!(refuse_quote, m)?)?;
    m.add_function(wrap_pyfunction!(quote_status, m)?)?;
    m.add_function(wrap_pyfunction!(duplicate_quote, m)?)?;
    m.add_function(wrap_pyfunction!(check_quote, m)?)?;
    m.add_function(wrap_pyfunction!(quote_totals, m)?)?;
    m.add_function(wrap_pyfunction!(quote_to_invoice, m)?)?;
    m.add_function(wrap_pyfunction!(quote_to_deposit, m)?)?;
    m.add_function(wrap_pyfunction!(quote_to_final, m)?)?;
    m.add_function(wrap_pyfunction!(receivables_report, m)?)?;
    m.add_function(wrap_pyfunction!(late_interest, m)?)?;
    m.add_function(wrap_pyfunction!(render_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(render_reminder_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(render_statement_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}
