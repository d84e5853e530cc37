//! The operations of the bindings, each written once: its name, documentation, arguments
//! (name, kind, type, default) and the function from typed arguments to a serialisable result.
//!
//! Types are written in TypeScript syntax over the names of the JSON Schemas' types
//! (`InvoiceDraft`, `IssuedInvoice[]`, `IsoDate`, `string`, `boolean`, `Buffer` for bytes,
//! `{ invoice: IssuedInvoice; state: NumberingState }` for a record): `bindings/node` writes them
//! as they are, `bindings/python` maps them to Python (`IsoDate` → `date`, a record → a tuple).
//! Docs name arguments in snake_case between backticks; Node turns those names to camelCase.

use facturier_core::accounting::audit::{self, AuditFact, AuditRecord};
use facturier_core::accounting::entry::JournalEntry;
use facturier_core::accounting::numbering::EntryNumbering;
use facturier_core::accounting::{AccountingInput, VatPeriod};
use facturier_core::contracts::{self, Contract, ContractsInput, IndexValue, Month, TerminationRequest};
use facturier_core::document::{Document, ReminderLetter, RevenueReport, Statement};
use facturier_core::documents::numbering::{self, NumberingState};
use facturier_core::receivables::account::InvoiceAccount;
use facturier_core::receivables::statement::CustomerAccount;
use facturier_core::{
    Buyer, CreditSelection, DepositSpec, InvoiceDraft, IssuedInvoice, LateDebt, NaiveDate, PaymentTerms, Quote, RateOverrides, RateTables,
    ReceivablesInput, Reminder, Seller, schema,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::render::{options, renderer};

/// How an argument is passed, which decides the paths of its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The document of the call, positional: error paths are relative to it (`lines[0].unit_price`).
    Document,
    /// Another positional argument: error paths start with its name (`as_of`, `deposits[0].number`).
    Named,
    /// An option: keyword-only in Python, a key of the last `options` argument in Node; error
    /// paths start with its name (Node: `options.` and its name).
    Option,
}

/// One argument of an [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// Its name (snake_case; Node writes it in camelCase).
    pub name: &'static str,
    /// How it is passed.
    pub kind: Kind,
    /// Its type (see the module documentation).
    pub ty: &'static str,
    /// Its value when absent (or `None`/`null`), as JSON text; `None` when it is required.
    pub default: Option<&'static str>,
}

/// A required document argument.
const fn doc(name: &'static str, ty: &'static str) -> Arg {
    Arg { name, kind: Kind::Document, ty, default: None }
}

/// A required named argument.
const fn named(name: &'static str, ty: &'static str) -> Arg {
    Arg { name, kind: Kind::Named, ty, default: None }
}

/// An optional named argument and its default (JSON text).
const fn optional(name: &'static str, ty: &'static str, default: &'static str) -> Arg {
    Arg { name, kind: Kind::Named, ty, default: Some(default) }
}

/// An option and its default (JSON text).
const fn option(name: &'static str, ty: &'static str, default: &'static str) -> Arg {
    Arg { name, kind: Kind::Option, ty, default: Some(default) }
}

/// The argument list of a render operation: `$arg`s, then its own options, then the rendering
/// options every render takes (see [`crate::render::options`]).
macro_rules! with_render_options {
    ($($arg:expr),* $(,)?) => {
        &[
            $($arg,)*
            option("logo", "Buffer", "null"),
            option("logo_format", "'svg' | 'png'", "null"),
            option("logo_alt", "string", "null"),
            option("primary_color", "string", "null"),
            option("footer", "string", "null"),
            option("pdf_a", "boolean", "false"),
            option("template", "string", "null"),
            option("template_time_ms", "number", "null"),
            option("render_time_ms", "number", "null"),
            option("max_pages", "number", "null"),
            option("max_output_bytes", "number", "null"),
        ]
    };
}

/// The argument list of a FEC export: `$arg`s, then the format and writing options.
macro_rules! fec_export_args {
    ($($arg:expr),* $(,)?) => {
        &[
            $($arg,)*
            option("format", "'flat' | 'xml'", "\"flat\""),
            option("closing", "IsoDate", "null"),
            option("separator", "'tab' | 'pipe'", "\"tab\""),
            option("encoding", "'utf8' | 'iso8859-15'", "\"utf8\""),
            option("amounts", "'debit_credit' | 'montant_sens'", "\"debit_credit\""),
            option("regime", "'bic' | 'bnc_ba_commercial' | 'ba_tresorerie' | 'bnc_tresorerie'", "\"bic\""),
            option("opening_journal", "string", "\"AN\""),
        ]
    };
}

/// The argument list of a FEC check: `$arg`s, then the checking options.
macro_rules! fec_check_args {
    ($($arg:expr),* $(,)?) => {
        &[
            $($arg,)*
            option("closing", "IsoDate", "null"),
            option("opening", "IsoDate", "null"),
            option("regime", "'bic' | 'bnc_ba_commercial' | 'ba_tresorerie' | 'bnc_tresorerie'", "null"),
            option("opening_journals", "string[]", "null"),
            option("numbering", "'prefix' | 'per_journal'", "\"prefix\""),
        ]
    };
}

/// What a call returns, before a skin makes it a value of its language.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Core data as JSON (decimals as strings, dates `YYYY-MM-DD`, snake_case keys): Python
    /// makes `Decimal` and `date` of the decimal and date fields, Node turns keys to camelCase.
    Data(Value),
    /// A JSON Schema, converted without interpretation (Node: property names to camelCase).
    Schema(Value),
    /// Bytes (`Buffer`): a PDF, or a FEC file.
    Pdf(Vec<u8>),
}

/// An argument as a skin passes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Not given (or `None`/`null`/`undefined`): the default applies.
    Absent,
    /// A value converted to JSON (snake_case keys, decimals and dates as strings).
    Json(Value),
    /// Bytes (a logo).
    Bytes(Vec<u8>),
}

/// The arguments of one call, in the order of [`Operation::args`].
pub struct Args {
    specs: &'static [Arg],
    values: Vec<Input>,
}

impl Args {
    /// The arguments `values` of an operation whose arguments are `specs` (missing trailing
    /// values are absent).
    pub fn new(specs: &'static [Arg], values: Vec<Input>) -> Args {
        Args { specs, values }
    }

    fn take(&mut self, name: &str) -> Result<(&'static Arg, Input), Error> {
        let Some(i) = self.specs.iter().position(|a| a.name == name) else {
            return Err(Error::internal(format!("no argument `{name}` in the operation table")));
        };
        let value = self.values.get_mut(i).map(|v| std::mem::replace(v, Input::Absent)).unwrap_or(Input::Absent);
        Ok((&self.specs[i], value))
    }

    /// The argument `name` parsed with the core's exact JSON reader (its default when absent);
    /// parse errors get the paths of [`Kind`].
    pub fn get<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, Error> {
        let (spec, value) = self.take(name)?;
        let value = match value {
            Input::Json(Value::Null) | Input::Absent => match spec.default {
                Some(text) => serde_json::from_str(text).map_err(|e| Error::internal(format!("default of `{name}`: {e}")))?,
                None => Value::Null,
            },
            Input::Json(v) => v,
            Input::Bytes(_) => return Err(Error::input_type("type", name, "expected a value, not bytes")),
        };
        // a value of another JSON type than the argument's (`pdf_a="yes"`, a number for
        // `series`, a list where one document is expected, whom serde would read as a struct):
        // a type error at the argument, as a value of a type the skin does not take
        if let Some(refused) = Shape::of(spec.ty).refuses(spec.ty, &value) {
            let path = if spec.kind == Kind::Document { "" } else { name };
            return Err(Error::input_type("type", path, &refused));
        }
        let prefix = |e: &facturier_core::CoreError| {
            let e = Error::core(e);
            if spec.kind == Kind::Document { e } else { e.prefixed(name) }
        };
        // the core's one JSON edge (decimals, dates, texts, identifiers, the host's limits), as
        // for the CLI: the skins only refused binary floats while converting. An argument is read
        // as the field it is (`as_of` a date); a user template is Typst source, not a text of a
        // document (its work is bounded by the renderer).
        let mut value = value;
        if spec.name != "template" {
            let key = if spec.ty == "IsoDate" { "date" } else { spec.name };
            facturier_core::json::sanitize_field(&mut value, Some(key), &crate::limits::current()).map_err(|e| prefix(&e))?;
        }
        facturier_core::json::from_checked_value(value).map_err(|e| prefix(&e))
    }

    /// The bytes argument `name`, `None` when absent.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        match self.take(name)?.1 {
            Input::Bytes(b) => Ok(Some(b)),
            Input::Absent | Input::Json(Value::Null) => Ok(None),
            Input::Json(_) => Err(Error::input_type("type", name, "expected bytes (a file's content: an image, a FEC, an e-invoice)")),
        }
    }
}

/// The JSON type an argument of a table type takes (`null` aside: an absent argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `X[]`: a list.
    List,
    /// `string`, `IsoDate`, `SchemaName`, `Month` (`YYYY-MM`), a union of string literals (`'svg' | 'png'`).
    Text,
    /// `boolean`.
    Flag,
    /// `number`: a count (a non-negative integer: milliseconds, pages, bytes).
    Count,
    /// `CreditSelection`: `"full"` or an object.
    TextOrObject,
    /// `Buffer`: bytes, never JSON.
    Bytes,
    /// Any other type: a document, an object.
    Object,
}

impl Shape {
    /// The shape of the table type `ty` (see the module documentation).
    pub fn of(ty: &str) -> Shape {
        match ty {
            _ if ty.ends_with("[]") => Shape::List,
            "string" | "IsoDate" | "SchemaName" | "Month" => Shape::Text,
            _ if ty.starts_with('\'') => Shape::Text,
            "boolean" => Shape::Flag,
            "number" => Shape::Count,
            "CreditSelection" => Shape::TextOrObject,
            "Buffer" => Shape::Bytes,
            _ => Shape::Object,
        }
    }

    /// Why `value` cannot be an argument of type `ty` (of this shape), or `None` when it can
    /// (`null` can: it stands for an absent argument).
    pub fn refuses(self, ty: &str, value: &Value) -> Option<String> {
        let fits = match value {
            Value::Null => true,
            Value::Bool(_) => self == Shape::Flag,
            Value::String(_) => matches!(self, Shape::Text | Shape::TextOrObject),
            Value::Array(_) => self == Shape::List,
            Value::Object(_) => matches!(self, Shape::Object | Shape::TextOrObject),
            Value::Number(n) => self == Shape::Count && n.is_u64(),
        };
        if fits {
            return None;
        }
        let expected = match self {
            Shape::Text if ty == "string" => "a string".to_owned(),
            Shape::Text if ty == "IsoDate" => "a date string \"YYYY-MM-DD\"".to_owned(),
            Shape::Text => format!("{ty} (a string)"),
            Shape::Flag => "a boolean".to_owned(),
            Shape::Count => "a non-negative integer".to_owned(),
            Shape::List => format!("a list ({ty})"),
            Shape::TextOrObject => format!("{ty} (a string or an object)"),
            Shape::Bytes => "bytes".to_owned(),
            Shape::Object => format!("{ty} (an object)"),
        };
        let got = match value {
            Value::Bool(_) => "a boolean",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
            Value::Number(_) | Value::Null => "a number",
        };
        Some(format!("expected {expected}, not {got}"))
    }
}

/// One operation of the bindings.
pub struct Operation {
    /// Its name (snake_case; Node writes it in camelCase).
    pub name: &'static str,
    /// Its documentation: a first line, then paragraphs (Python docstring, JSDoc).
    pub doc: &'static str,
    /// Its arguments, positional ones first, then options.
    pub args: &'static [Arg],
    /// The type of its result.
    pub returns: &'static str,
    /// Cheap and synchronous in Node (the others return Promises computed off the event loop).
    pub sync: bool,
    /// The TypeScript type of the `options` argument in Node, when the operation has options.
    pub options: Option<&'static str>,
    /// The computation.
    pub run: fn(&mut Args) -> Result<Output, Error>,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation").field("name", &self.name).field("args", &self.args).finish_non_exhaustive()
    }
}

/// A result as [`Output::Data`].
pub fn data<T: Serialize>(value: &T) -> Result<Output, Error> {
    serde_json::to_value(value).map(Output::Data).map_err(|e| Error::internal(format!("cannot serialise a result: {e}")))
}

/// Which status change a quote operation makes.
fn quote_move(a: &mut Args, change: fn(&Quote, NaiveDate) -> facturier_core::error::Result<Quote>) -> Result<Output, Error> {
    let quote: Quote = a.get("quote")?;
    let date: NaiveDate = a.get("date")?;
    data(&change(&quote, date)?)
}

/// Every operation of the bindings, in the order of `bindings/API.md`.
pub static OPERATIONS: &[Operation] = &[
    Operation {
        name: "configure_limits",
        doc: "Sets the limits every input of this process is read with, and returns them: characters of one text \
              (`max_text_chars`, 10 000 by default), of all the texts of one input (`max_total_chars`, 20 000 000), \
              lines of one document (`max_lines`, 100 000) and items of any other list (`max_items`, 1 000 000); \
              pass `null` to read them unchanged. An input beyond them fails with code `invalid` and violations \
              `input.limit`, before any work.",
        args: &[optional("limits", "Limits", "null")],
        returns: "Limits",
        sync: true,
        options: None,
        run: |a| {
            let limits: Option<facturier_core::json::Limits> = a.get("limits")?;
            if let Some(l) = limits {
                crate::limits::set(l);
            }
            data(&crate::limits::current())
        },
    },
    Operation {
        name: "check_invoice",
        doc: "Every legal violation of an invoice draft as of `as_of` (empty when it can be issued).\n\n\
              Returns a list of `{code, path, message, source}`.",
        args: &[doc("draft", "InvoiceDraft"), named("as_of", "IsoDate")],
        returns: "Violation[]",
        sync: false,
        options: None,
        run: |a| {
            let draft: InvoiceDraft = a.get("draft")?;
            data(&facturier_core::check(&draft, a.get("as_of")?))
        },
    },
    Operation {
        name: "compute_totals",
        doc: "The EN 16931 totals of an invoice draft (exemption reasons as of `as_of`).",
        args: &[doc("draft", "InvoiceDraft"), named("as_of", "IsoDate")],
        returns: "Totals",
        sync: false,
        options: None,
        run: |a| {
            let draft: InvoiceDraft = a.get("draft")?;
            data(&draft.totals(a.get("as_of")?)?)
        },
    },
    Operation {
        name: "due_date",
        doc: "The due date given by `payment_terms` for an invoice issued on `issue_date`.",
        args: &[doc("payment_terms", "PaymentTerms"), named("issue_date", "IsoDate")],
        returns: "IsoDate",
        sync: true,
        options: None,
        run: |a| {
            let terms: PaymentTerms = a.get("payment_terms")?;
            data(&terms.due_date(a.get("issue_date")?)?)
        },
    },
    Operation {
        name: "new_numbering_state",
        doc: "A new, empty numbering series (`pattern` like `F-{YYYY}-{SEQ:5}`), to be persisted by the host.\n\n\
              With `yearly_reset` (the default) the sequence restarts every period of the pattern's date \
              tokens; without it the series is continuous.",
        args: &[named("series", "string"), named("pattern", "string"), optional("yearly_reset", "boolean", "true")],
        returns: "NumberingState",
        sync: true,
        options: None,
        run: |a| {
            let (series, pattern): (String, String) = (a.get("series")?, a.get("pattern")?);
            let state =
                if a.get("yearly_reset")? { NumberingState::new(series, pattern)? } else { NumberingState::continuous(series, pattern)? };
            data(&state)
        },
    },
    Operation {
        name: "issue_invoice",
        doc: "Issues `draft` on `issue_date` with the next number of `numbering_state`.\n\n\
              Returns the issued invoice and the next state; persist the state in the same transaction as \
              the invoice. Fails with code `invalid` listing every legal violation.",
        args: &[doc("draft", "InvoiceDraft"), named("numbering_state", "NumberingState"), named("issue_date", "IsoDate")],
        returns: "{ invoice: IssuedInvoice; state: NumberingState }",
        sync: false,
        options: None,
        run: |a| {
            let draft: InvoiceDraft = a.get("draft")?;
            let state: NumberingState = a.get("numbering_state")?;
            let (invoice, state) = facturier_core::issue(draft, &state, a.get("issue_date")?)?;
            #[derive(Serialize)]
            struct Issued {
                invoice: IssuedInvoice,
                state: NumberingState,
            }
            data(&Issued { invoice, state })
        },
    },
    Operation {
        name: "check_numbering_series",
        doc: "Every pair of `series` (the numbering states of one seller) that could render the same number, or \
              share a name: run it when creating a series, with the seller's other series.\n\n\
              Returns a list of `{code, path, message, source}` (code `numbering.series.collide`, path \
              `series[j].pattern`, an example number in the message); empty when the series are distinct.",
        args: &[doc("series", "NumberingState[]")],
        returns: "Violation[]",
        sync: true,
        options: None,
        run: |a| {
            let series: Vec<NumberingState> = a.get("series")?;
            data(&numbering::check_series(&series))
        },
    },
    Operation {
        name: "numbering_report",
        doc: "Audits `numbers`, every number issued in the series of `numbering_state`: duplicates, gaps \
              (including a missing last number) and numbers foreign to the pattern.",
        args: &[doc("numbering_state", "NumberingState"), named("numbers", "string[]")],
        returns: "NumberingReport",
        sync: false,
        options: None,
        run: |a| {
            let state: NumberingState = a.get("numbering_state")?;
            let numbers: Vec<String> = a.get("numbers")?;
            data(&numbering::audit(&state, &numbers)?)
        },
    },
    Operation {
        name: "next_number",
        doc: "The number the next invoice of `numbering_state` issued on `issue_date` would get, without \
              allocating it (a preview: only `issue_invoice` allocates a number).",
        args: &[doc("numbering_state", "NumberingState"), named("issue_date", "IsoDate")],
        returns: "string",
        sync: true,
        options: None,
        run: |a| {
            let state: NumberingState = a.get("numbering_state")?;
            data(&state.peek(a.get("issue_date")?)?)
        },
    },
    Operation {
        name: "final_invoice",
        doc: "The final-invoice draft of an operation, deducting what remains of every deposit invoice in \
              `deposits` after the `credit_notes` issued against them (any credit notes of the customer; a deposit \
              credited in full, or of another seller, buyer or currency, is refused).",
        args: &[
            doc("operation_draft", "InvoiceDraft"),
            named("deposits", "IssuedInvoice[]"),
            optional("credit_notes", "IssuedInvoice[]", "[]"),
        ],
        returns: "InvoiceDraft",
        sync: false,
        options: None,
        run: |a| {
            let draft: InvoiceDraft = a.get("operation_draft")?;
            let deposits: Vec<IssuedInvoice> = a.get("deposits")?;
            let credit_notes: Vec<IssuedInvoice> = a.get("credit_notes")?;
            data(&facturier_core::final_invoice(draft, &deposits, &credit_notes)?)
        },
    },
    Operation {
        name: "credit_note",
        doc: "The credit-note draft correcting the issued invoice `issued` after the `credit_notes` already issued \
              for it (any credit notes of the customer: the others are ignored). Per VAT group, all credit notes \
              together never credit more than was invoiced, net of the deposits of a final invoice.\n\n\
              `selection` is `\"full\"` (the default), `{\"lines\": [{\"line_id\": \"4\", \"quantity\": \"3\"}]}` or \
              `{\"amount\": {\"amount\": …, \"vat_category\": \"S\", \"vat_rate\": \"20\", \"reason\": …}}`.",
        args: &[
            doc("issued", "IssuedInvoice"),
            optional("selection", "CreditSelection", "\"full\""),
            optional("credit_notes", "IssuedInvoice[]", "[]"),
        ],
        returns: "InvoiceDraft",
        sync: false,
        options: None,
        run: |a| {
            let issued: IssuedInvoice = a.get("issued")?;
            let selection: CreditSelection = a.get("selection")?;
            let credit_notes: Vec<IssuedInvoice> = a.get("credit_notes")?;
            data(&facturier_core::credit_note(&issued, &selection, &credit_notes)?)
        },
    },
    Operation {
        name: "verify_invoice",
        doc: "The tamper check of an issued invoice: its totals, due date, goods/services category and mentions \
              recomputed with the rules of the version that issued it (`rules_version`; CGI art. 289 V).\n\n\
              Returns every difference as `{code, path, message, source}` (`issued.out_of_step`, or \
              `issued.rules_version.unknown` for an invoice issued by a newer facturier); empty when it is as \
              issued. Loading an issued invoice never recomputes it: archives stay readable.",
        args: &[doc("invoice", "IssuedInvoice")],
        returns: "Violation[]",
        sync: false,
        options: None,
        run: |a| {
            let invoice: IssuedInvoice = a.get("invoice")?;
            data(&invoice.verify())
        },
    },
    Operation {
        name: "new_quote",
        doc: "A new draft quote numbered `number`, version 1 with `content`.",
        args: &[named("number", "string"), doc("content", "QuoteContent")],
        returns: "Quote",
        sync: false,
        options: None,
        run: |a| {
            let number: String = a.get("number")?;
            data(&Quote::new(number, a.get("content")?)?)
        },
    },
    Operation {
        name: "revise_quote",
        doc: "A new version of `quote` with `content`, back to draft (an accepted quote is final).",
        args: &[doc("quote", "Quote"), named("content", "QuoteContent")],
        returns: "Quote",
        sync: false,
        options: None,
        run: |a| {
            let quote: Quote = a.get("quote")?;
            data(&quote.revise(a.get("content")?)?)
        },
    },
    Operation {
        name: "send_quote",
        doc: "Draft → sent on `date`; refuses a quote with violations (code `invalid`).",
        args: &[doc("quote", "Quote"), named("date", "IsoDate")],
        returns: "Quote",
        sync: false,
        options: None,
        run: |a| quote_move(a, Quote::send),
    },
    Operation {
        name: "accept_quote",
        doc: "Sent → accepted on `date`; any other status fails with code `quote.transition`.",
        args: &[doc("quote", "Quote"), named("date", "IsoDate")],
        returns: "Quote",
        sync: false,
        options: None,
        run: |a| quote_move(a, Quote::accept),
    },
    Operation {
        name: "refuse_quote",
        doc: "Sent (or expired) → refused on `date`.",
        args: &[doc("quote", "Quote"), named("date", "IsoDate")],
        returns: "Quote",
        sync: false,
        options: None,
        run: |a| quote_move(a, Quote::refuse),
    },
    Operation {
        name: "quote_status",
        doc: "The status of `quote` as of `as_of`: `draft`, `sent`, `accepted`, `refused` or `expired` \
              (a sent quote past its validity).",
        args: &[doc("quote", "Quote"), named("as_of", "IsoDate")],
        returns: "QuoteStatus",
        sync: true,
        options: None,
        run: |a| {
            let quote: Quote = a.get("quote")?;
            data(&quote.status_as_of(a.get("as_of")?))
        },
    },
    Operation {
        name: "duplicate_quote",
        doc: "A new draft quote `number` with the current content of `quote`, dated `issue_date` and valid until `valid_until`.",
        args: &[doc("quote", "Quote"), named("number", "string"), named("issue_date", "IsoDate"), named("valid_until", "IsoDate")],
        returns: "Quote",
        sync: false,
        options: None,
        run: |a| {
            let quote: Quote = a.get("quote")?;
            data(&quote.duplicate(a.get::<String>("number")?, a.get("issue_date")?, a.get("valid_until")?)?)
        },
    },
    Operation {
        name: "check_quote",
        doc: "Every violation of the current version of `quote` (empty when it can be sent).",
        args: &[doc("quote", "Quote")],
        returns: "Violation[]",
        sync: false,
        options: None,
        run: |a| data(&facturier_core::check_quote(&a.get("quote")?)),
    },
    Operation {
        name: "quote_totals",
        doc: "The totals of the current version of `quote`.",
        args: &[doc("quote", "Quote")],
        returns: "Totals",
        sync: false,
        options: None,
        run: |a| {
            let quote: Quote = a.get("quote")?;
            data(&quote.current().content.totals()?)
        },
    },
    Operation {
        name: "quote_to_invoice",
        doc: "The invoice draft of an accepted quote (same lines and terms, referencing the quote).",
        args: &[doc("quote", "Quote")],
        returns: "InvoiceDraft",
        sync: false,
        options: None,
        run: |a| data(&a.get::<Quote>("quote")?.to_invoice_draft()?),
    },
    Operation {
        name: "quote_to_deposit",
        doc: "A deposit-invoice draft of an accepted quote: `spec` is `{\"percent\": \"30\"}` or \
              `{\"amount_excl_tax\": \"1500.00\"}`, after the deposit invoices already issued (`previous`, none by default).",
        args: &[doc("quote", "Quote"), named("spec", "DepositSpec"), optional("previous", "IssuedInvoice[]", "[]")],
        returns: "InvoiceDraft",
        sync: false,
        options: None,
        run: |a| {
            let quote: Quote = a.get("quote")?;
            let spec: DepositSpec = a.get("spec")?;
            let previous: Vec<IssuedInvoice> = a.get("previous")?;
            data(&quote.to_deposit_draft(spec, &previous)?)
        },
    },
    Operation {
        name: "quote_to_final",
        doc: "The final-invoice draft of an accepted quote, deducting what remains of every deposit invoice in \
              `deposits` after the `credit_notes` issued against them.",
        args: &[doc("quote", "Quote"), named("deposits", "IssuedInvoice[]"), optional("credit_notes", "IssuedInvoice[]", "[]")],
        returns: "InvoiceDraft",
        sync: false,
        options: None,
        run: |a| {
            let quote: Quote = a.get("quote")?;
            let deposits: Vec<IssuedInvoice> = a.get("deposits")?;
            let credit_notes: Vec<IssuedInvoice> = a.get("credit_notes")?;
            data(&quote.to_final_draft(&deposits, &credit_notes)?)
        },
    },
    Operation {
        name: "receivables",
        doc: "The receivables of `input` (invoices and credit notes with their customer, payments, refunds, \
              reminders sent, optional schedule, rates, period) as of `as_of`.\n\n\
              Returns the report: invoice statuses and settlements, customer accounts, aging, late interest, \
              reminders due and cash figures. Fails with code `invalid` listing every problem of the input \
              (paths like `payments[2].allocations[0].amount`).",
        args: &[doc("input", "ReceivablesInput"), named("as_of", "IsoDate")],
        returns: "ReceivablesReport",
        sync: false,
        options: None,
        run: |a| {
            let input: ReceivablesInput = a.get("input")?;
            data(&facturier_core::receivables(&input, a.get("as_of")?)?)
        },
    },
    Operation {
        name: "late_interest",
        doc: "The late-payment interest and recovery indemnity of one debt as of `as_of`, from the shipped ECB \
              and legal-rate tables with `rates` merged in (the paths of its errors start with `rates`).",
        args: &[doc("debt", "LateDebt"), named("as_of", "IsoDate"), optional("rates", "RateOverrides", "{}")],
        returns: "InterestResult",
        sync: false,
        options: None,
        run: |a| {
            let debt: LateDebt = a.get("debt")?;
            let as_of: NaiveDate = a.get("as_of")?;
            let rates: RateOverrides = a.get("rates")?;
            let tables = RateTables::default().with_overrides(&rates).map_err(|e| Error::core(&e))?;
            data(&facturier_core::late_interest(&debt, as_of, &tables)?)
        },
    },
    Operation {
        name: "render_pdf",
        doc: "The PDF of an issued invoice (standard, deposit, final or credit note) or of the current version \
              of a quote (a document with `versions`).\n\n\
              Options: `logo` (the image's bytes, with `logo_format` `\"svg\"` or `\"png\"` and `logo_alt`, its \
              alternative text), `primary_color` (`#RRGGBB`), `footer` (text on every page), `pdf_a` (PDF/A-3b) \
              and `template` (a user Typst source receiving the same data); the limits `template_time_ms` (2 000 by \
              default: a user template's time), `render_time_ms` (60 000), `max_pages` (1 000) and \
              `max_output_bytes` (50 000 000), past which the render stops with `pdf.limit` \
              (templates/README.md, \"Limits\"). The output is byte-reproducible. \
              Fails with code `pdf.template` (Typst diagnostics `{code, path, message, source, file, line, column}` \
              in the details), \
              `pdf.font` (also a character the embedded fonts cannot draw), `pdf.export`, `pdf.branding` (colour, logo, a control or bidi character in the footer or the logo's text), `pdf.limit` or `pdf.data`, or `parse` for a malformed document.",
        args: with_render_options![doc("document", "IssuedInvoice | Quote")],
        returns: "Buffer",
        sync: false,
        options: Some("RenderOptions"),
        run: |a| {
            let options = options(a)?;
            // the core tells a quote from an invoice (its one place); the skin refused floats
            let document = Document::from_checked_json(a.get("document")?)?;
            Ok(Output::Pdf(renderer()?.render(&document, &options)?))
        },
    },
    Operation {
        name: "render_reminder_pdf",
        doc: "The letter of one reminder of the receivables report (`reminder`, an element of its `reminders`) for \
              the issued invoice it reminds, dated `letter_date`: a courteous or firm reminder, or the formal \
              notice (mise en demeure) with its legal wording and deadline.\n\n\
              Same options and errors as `render_pdf`, and `invalid` when the reminder and the invoice do not \
              match or the letter predates the invoice (codes `reminder.*`).",
        args: with_render_options![doc("reminder", "Reminder"), named("invoice", "IssuedInvoice"), named("letter_date", "IsoDate")],
        returns: "Buffer",
        sync: false,
        options: Some("RenderOptions"),
        run: |a| {
            let options = options(a)?;
            let reminder: Reminder = a.get("reminder")?;
            let invoice: IssuedInvoice = a.get("invoice")?;
            let letter_date: NaiveDate = a.get("letter_date")?;
            let letter = Document::Reminder(ReminderLetter::new(reminder, invoice, letter_date)?);
            Ok(Output::Pdf(renderer()?.render(&letter, &options)?))
        },
    },
    Operation {
        name: "render_statement_pdf",
        doc: "The account statement (relevé de compte) of one customer as of `as_of`: `account` is an element of \
              the receivables report's `customers`, `seller` and `buyer` the parties printed. With `invoices` \
              (the report's `invoices`), the customer's overdue invoices are listed too.\n\n\
              Same options and errors as `render_pdf`, and `invalid` when an entry is dated after `as_of` or the \
              account does not add up (codes `statement.*`).",
        args: with_render_options![
            doc("account", "CustomerAccount"),
            named("seller", "Seller"),
            named("buyer", "Buyer"),
            named("as_of", "IsoDate"),
            option("invoices", "InvoiceAccount[]", "[]"),
        ],
        returns: "Buffer",
        sync: false,
        options: Some("StatementOptions"),
        run: |a| {
            let options = options(a)?;
            let account: CustomerAccount = a.get("account")?;
            let seller: Seller = a.get("seller")?;
            let buyer: Buyer = a.get("buyer")?;
            let as_of: NaiveDate = a.get("as_of")?;
            let invoices: Vec<InvoiceAccount> = a.get("invoices")?;
            let statement = Document::Statement(Statement::new(account, seller, buyer, as_of, &invoices)?);
            Ok(Output::Pdf(renderer()?.render(&statement, &options)?))
        },
    },
    Operation {
        name: "render_chatel_letter_pdf",
        doc: "The PDF of the Chatel information letter (C. conso L215-1) of a consumer `contract` sent by `seller` on \
              `letter_date`: the consumer's right not to renew, the deadline framed, the wording in force that day \
              (the data is `chatel_letter`'s).\n\n\
              Same options and errors as `render_pdf`, and `chatel.*` when L215-1 does not apply to the contract or \
              the date is outside the window.",
        args: with_render_options![doc("contract", "Contract"), named("seller", "Seller"), named("letter_date", "IsoDate")],
        returns: "Buffer",
        sync: false,
        options: Some("RenderOptions"),
        run: |a| {
            let options = options(a)?;
            let contract: Contract = a.get("contract")?;
            let seller: Seller = a.get("seller")?;
            let letter = Document::ChatelLetter(contracts::chatel_letter(&contract, &seller, a.get("letter_date")?)?);
            Ok(Output::Pdf(renderer()?.render(&letter, &options)?))
        },
    },
    Operation {
        name: "render_mrr_report_pdf",
        doc: "The PDF of the MRR report of the contracts of `input` from `from_month` to `to_month` (`YYYY-MM`, \
              inclusive): the table per month with the movements, the period's rates, the charts, churn by reason \
              and the contracts to renew in 30/60/90 days (the data is `mrr_report`'s).\n\n\
              Same options and errors as `render_pdf`, and `invalid` with every violation of the input, \
              `mrr.period.invalid` for a range running backwards.",
        args: with_render_options![doc("input", "ContractsInput"), named("from_month", "Month"), named("to_month", "Month")],
        returns: "Buffer",
        sync: false,
        options: Some("RenderOptions"),
        run: |a| {
            let options = options(a)?;
            let input: ContractsInput = a.get("input")?;
            let report = RevenueReport::new(&input, a.get("from_month")?, a.get("to_month")?)?;
            Ok(Output::Pdf(renderer()?.render(&Document::RevenueReport(report), &options)?))
        },
    },
    Operation {
        name: "check_contract",
        doc: "Every violation of `contract` (empty when it is valid): parties, terms and notices, lines, discounts, \
              amendments, renewals, Chatel letters and termination, each with its code, path and legal source.\n\n\
              Returns a list of `{code, path, message, source}`.",
        args: &[doc("contract", "Contract")],
        returns: "Violation[]",
        sync: false,
        options: None,
        run: |a| data(&contracts::check_contract(&a.get("contract")?)),
    },
    Operation {
        name: "contract_as_of",
        doc: "The contract as in force on `as_of`: its recurring lines, discounts and renewal clause after every \
              amendment effective on or before that day, its status, the term running and its MRR (discounts as \
              invoiced; 0 unless active).\n\n\
              Fails with code `invalid` listing every violation of the contract.",
        args: &[doc("contract", "Contract"), named("as_of", "IsoDate")],
        returns: "ContractState",
        sync: false,
        options: None,
        run: |a| {
            let contract: Contract = a.get("contract")?;
            data(&contracts::contract_as_of(&contract, a.get("as_of")?)?)
        },
    },
    Operation {
        name: "renewal_schedule",
        doc: "The renewal schedule of the contracts of `input` as of `as_of`: each contract's status, term, next \
              renewal or end, notice deadline, the alerts due (J-90, J-60, J-30 by default, `input.renewal`) and \
              the consumers' Chatel windows (C. conso L215-1).\n\n\
              Fails with code `invalid` listing every violation of the contracts (paths like `contracts[2].lines[0].unit_price`).",
        args: &[doc("input", "ContractsInput"), named("as_of", "IsoDate")],
        returns: "RenewalSchedule",
        sync: false,
        options: None,
        run: |a| {
            let input: ContractsInput = a.get("input")?;
            data(&input.renewal_schedule(a.get("as_of")?)?)
        },
    },
    Operation {
        name: "renew_contract",
        doc: "`contract` with its renewal on `on_date` recorded (the term that ends then, renewed by its clause), \
              prices revised by its indexation clause with `index_values` (P1 = P0 × (a + (1 − a) × S1/S0), \
              C. mon. fin. L112-1).\n\n\
              Refused (`contract.*`) when no term ends on that day, the contract does not renew, or an index value is missing.",
        args: &[doc("contract", "Contract"), named("on_date", "IsoDate"), optional("index_values", "IndexValue[]", "[]")],
        returns: "Contract",
        sync: false,
        options: None,
        run: |a| {
            let contract: Contract = a.get("contract")?;
            let on_date: NaiveDate = a.get("on_date")?;
            let index_values: Vec<IndexValue> = a.get("index_values")?;
            data(&contracts::renew(&contract, on_date, &index_values)?)
        },
    },
    Operation {
        name: "index_contract",
        doc: "`contract` with its prices revised by its indexation clause, effective on `effective` and computed on \
              `signed_on`: a new amendment of kind `indexation` with the revised unit prices of the lines in force, \
              P1 = P0 × (a + (1 − a) × S1/S0), S1 the latest of `index_values` known on `effective` (C. mon. fin. L112-1).\n\n\
              Refused (`contract.indexation.*`) without a clause, less than 12 months after the start or the last \
              revision, or without a value of the index known on that day.",
        args: &[
            doc("contract", "Contract"),
            named("effective", "IsoDate"),
            named("signed_on", "IsoDate"),
            named("index_values", "IndexValue[]"),
        ],
        returns: "Contract",
        sync: false,
        options: None,
        run: |a| {
            let contract: Contract = a.get("contract")?;
            let effective: NaiveDate = a.get("effective")?;
            let signed_on: NaiveDate = a.get("signed_on")?;
            let index_values: Vec<IndexValue> = a.get("index_values")?;
            data(&contracts::indexation::revise(&contract, effective, signed_on, &index_values)?)
        },
    },
    Operation {
        name: "chatel_letter",
        doc: "The data of the Chatel information letter (C. conso L215-1) of a consumer `contract` sent by `seller` \
              on `letter_date`: the window (opens 3 months, closes 1 month before the notice deadline), the \
              wording in force on that date and the consequence of sending it late.\n\n\
              Refused with `chatel.*` when L215-1 does not apply to the contract or the date is outside the window.",
        args: &[doc("contract", "Contract"), named("seller", "Seller"), named("letter_date", "IsoDate")],
        returns: "ChatelLetter",
        sync: false,
        options: None,
        run: |a| {
            let contract: Contract = a.get("contract")?;
            let seller: Seller = a.get("seller")?;
            data(&contracts::chatel_letter(&contract, &seller, a.get("letter_date")?)?)
        },
    },
    Operation {
        name: "terminate_contract",
        doc: "`contract` terminated as `request` asks (`{notified_on, reason, by, effective?, reason_text?}`): \
              without `effective`, on the earliest lawful date (notice, end of term, the consumer's rights of \
              C. conso L215-1 to L215-3; C. civ. 1210-1215, 1224-1226).\n\n\
              Refused (`contract.*`) when already terminated, or `effective` is earlier than the law allows.",
        args: &[doc("contract", "Contract"), named("request", "TerminationRequest")],
        returns: "Contract",
        sync: false,
        options: None,
        run: |a| {
            let contract: Contract = a.get("contract")?;
            let request: TerminationRequest = a.get("request")?;
            data(&contracts::terminate(&contract, request)?)
        },
    },
    Operation {
        name: "contract_invoices_due",
        doc: "Every recurring invoice draft due on or before `as_of` and not yet invoiced (`input.invoiced`), \
              from each contract's start, issued by `seller`: what a daily job issues, catching up any day \
              missed, never a period twice (prorata for partial periods).",
        args: &[doc("input", "ContractsInput"), named("as_of", "IsoDate"), named("seller", "Seller")],
        returns: "ContractInvoice[]",
        sync: false,
        options: None,
        run: |a| {
            let input: ContractsInput = a.get("input")?;
            let as_of: NaiveDate = a.get("as_of")?;
            let seller: Seller = a.get("seller")?;
            data(&contracts::invoices_due(&input.contracts, as_of, &input.invoiced, &seller)?)
        },
    },
    Operation {
        name: "mrr_snapshot",
        doc: "The recurring revenue of the contracts of `input` on `date`, with its settings (`input.mrr`): MRR, \
              ARR (12 × MRR), ARPA, committed MRR (CMRR), per customer and per contract, in the reporting currency \
              (other currencies converted with the dated rates of `input.mrr`).",
        args: &[doc("input", "ContractsInput"), named("date", "IsoDate")],
        returns: "MrrSnapshot",
        sync: false,
        options: None,
        run: |a| {
            let input: ContractsInput = a.get("input")?;
            data(&contracts::mrr_at(&input.contracts, a.get("date")?, &input.mrr)?)
        },
    },
    Operation {
        name: "mrr_report",
        doc: "The MRR report of the contracts of `input` from the month `from_month` to `to_month` (`YYYY-MM`, \
              inclusive): per month the MRR, the movements (new, expansion, contraction, churn, reactivation) \
              reconciling exactly, per customer, and the rates with their formulas (churn, NRR, GRR, LTV…).",
        args: &[doc("input", "ContractsInput"), named("from_month", "Month"), named("to_month", "Month")],
        returns: "MrrReport",
        sync: false,
        options: None,
        run: |a| {
            let input: ContractsInput = a.get("input")?;
            let from: Month = a.get("from_month")?;
            data(&input.mrr_report(from, a.get("to_month")?)?)
        },
    },
    Operation {
        name: "post_journal",
        doc: "The journal of `input` (chart, invoices and credit notes with their customer, payments, refunds, fees, \
              write-offs, the host's own entries, the numbers given at validation) as of `as_of`: every fact dated \
              on or before it posted as balanced entries, lettered, numbered when validated.\n\n\
              Fails with code `invalid` listing every problem of the input (paths like `payments[2].allocations[0].amount`).",
        args: &[doc("input", "AccountingInput"), named("as_of", "IsoDate")],
        returns: "Journal",
        sync: false,
        options: None,
        run: |a| {
            let input: AccountingInput = a.get("input")?;
            data(&facturier_core::accounting::post(&input, a.get("as_of")?)?)
        },
    },
    Operation {
        name: "validate_entries",
        doc: "Validates `entries` (e.g. the journal's entries without a number) on `valid_date`, in the order given: \
              each gets the next EcritureNum of `numbering_state` (a new file-wide sequence `000001`… when absent; \
              `{\"per_journal\": true}` for one per journal) and its ValidDate (LPF A47 A-1 VII 1°).\n\n\
              Returns the numbered entries and the next state, to persist together in one transaction; nothing is \
              renumbered (`accounting.numbering.*`).",
        args: &[doc("entries", "JournalEntry[]"), named("valid_date", "IsoDate"), optional("numbering_state", "EntryNumbering", "{}")],
        returns: "{ entries: JournalEntry[]; state: EntryNumbering }",
        sync: false,
        options: None,
        run: |a| {
            let entries: Vec<JournalEntry> = a.get("entries")?;
            let valid_date: NaiveDate = a.get("valid_date")?;
            let state: EntryNumbering = a.get("numbering_state")?;
            let (entries, state) = state.validate(entries, valid_date)?;
            data(&serde_json::json!({ "entries": entries, "state": state }))
        },
    },
    Operation {
        name: "vat_due",
        doc: "The VAT due for `period` (`{from, to}`): the CA3 figures per box and rate with the documents behind \
              each, from the facts of `input` dated on or before the period's end (CGI 287, 269).",
        args: &[doc("input", "AccountingInput"), named("period", "VatPeriod")],
        returns: "VatReturn",
        sync: false,
        options: None,
        run: |a| {
            let input: AccountingInput = a.get("input")?;
            let period: VatPeriod = a.get("period")?;
            data(&facturier_core::accounting::vat_due(&input, period)?)
        },
    },
    Operation {
        name: "audit_append",
        doc: "The records appending `invoices` (issued invoices and credit notes), then `entries` (validated \
              entries), to the audit trail whose last record is `last` (none for a new trail): each names its \
              fact, the SHA-256 of its content and the hash of the record before (CGI 289 VII, piste d'audit fiable).\n\n\
              Returns the new records only, to store after the others; an entry not validated is refused \
              (`accounting.audit.not_validated`).",
        args: &[
            optional("last", "AuditRecord", "null"),
            optional("invoices", "IssuedInvoice[]", "[]"),
            optional("entries", "JournalEntry[]", "[]"),
        ],
        returns: "AuditRecord[]",
        sync: false,
        options: None,
        run: |a| {
            let mut last: Option<AuditRecord> = a.get("last")?;
            let invoices: Vec<IssuedInvoice> = a.get("invoices")?;
            let entries: Vec<JournalEntry> = a.get("entries")?;
            let mut facts = Vec::with_capacity(invoices.len().saturating_add(entries.len()));
            for (i, invoice) in invoices.iter().enumerate() {
                facts.push(AuditFact::document(invoice).map_err(|e| Error::core(&e).prefixed(&format!("invoices[{i}]")))?);
            }
            for (i, entry) in entries.iter().enumerate() {
                facts.push(AuditFact::entry(entry).map_err(|e| Error { path: Some(format!("entries[{i}]")), ..Error::core(&e) })?);
            }
            let mut records = Vec::with_capacity(facts.len());
            for fact in facts {
                let record = audit::append(last.as_ref(), fact);
                last = Some(record.clone());
                records.push(record);
            }
            data(&records)
        },
    },
    Operation {
        name: "audit_verify",
        doc: "Verifies the audit trail `records` (in order): every hash recomputed, every link to the record before; \
              reports the first broken link (a record changed, removed or inserted).",
        args: &[doc("records", "AuditRecord[]")],
        returns: "AuditVerification",
        sync: false,
        options: None,
        run: |a| {
            let records: Vec<AuditRecord> = a.get("records")?;
            data(&audit::verify(&records))
        },
    },
    Operation {
        name: "fec_export",
        doc: "The FEC (Fichier des Écritures Comptables, LPF L47 A, A47 A-1) of the validated `entries` of one fiscal \
              year, as bytes: sorted in FEC order (opening entries first, then by ValidDate and number), flat \
              (`format` `\"flat\"`, the default) or XML (`\"xml\"`, with its `closing` date).\n\n\
              Options: `separator` (`\"tab\"` or `\"pipe\"`), `encoding` (`\"utf8\"` or `\"iso8859-15\"`), `amounts` \
              (`\"debit_credit\"` or `\"montant_sens\"`), `regime` (`\"bic\"`, `\"bnc_ba_commercial\"`, \
              `\"ba_tresorerie\"`, `\"bnc_tresorerie\"`), `opening_journal` (`\"AN\"`). Refuses an entry not \
              validated, unbalanced or out of order (code `fec.entry`, naming it). For a large year, \
              `fec_export_to_path` streams to a file instead.",
        args: fec_export_args![doc("entries", "JournalEntry[]")],
        returns: "Buffer",
        sync: false,
        options: Some("FecExportOptions"),
        run: |a| {
            let export = crate::fec::Export::of(a)?;
            Ok(Output::Pdf(export.write(Vec::new())?.0))
        },
    },
    Operation {
        name: "fec_export_to_path",
        doc: "Writes the FEC of the validated `entries` at `path` (created or replaced), streamed 64 KiB at a time: \
              the file is never held in memory. Same order, options and errors as `fec_export`; a file left \
              half-written by an error is removed. Name it with the law's `SirenFECAAAAMMJJ.txt` (A47 A-1 IX).\n\n\
              Returns the number of records (lines) written.",
        args: fec_export_args![doc("entries", "JournalEntry[]"), named("path", "string")],
        returns: "number",
        sync: false,
        options: Some("FecExportOptions"),
        run: |a| {
            let path: String = a.get("path")?;
            let export = crate::fec::Export::of(a)?;
            data(&export.write_to(&path)?)
        },
    },
    Operation {
        name: "fec_read",
        doc: "The records of the FEC file `data` (bytes), flat or XML: any separator, charset, amount style and \
              regime of A47 A-1 (what other software writes too), each record with its 18 fields typed.\n\n\
              The first unreadable line fails with code `fec.header`, `fec.field`, `fec.charset` or `fec.xml`, \
              its line number and field in the details; `fec_check` reports every problem instead.",
        args: &[doc("data", "Buffer")],
        returns: "FecRecord[]",
        sync: false,
        options: None,
        run: |a| {
            let bytes = a.bytes("data")?.unwrap_or_default();
            data(&crate::fec::read(&bytes)?)
        },
    },
    Operation {
        name: "fec_check",
        doc: "Checks the FEC file `data` (bytes, flat or XML) against every rule of A47 A-1 and of DGFiP's Test Compta \
              Demat, and more (balances, numbering, lettering, order): the report as data, findings by rule with \
              their line, field, message and source, counts per rule and totals. Never fails on a bad file: an \
              unreadable one has `readable` false.\n\n\
              Options: `file_name` (its name, checked as `SirenFECAAAAMMJJ`, which gives the closing date), \
              `closing` and `opening` (the fiscal year), `regime` (read from the header when absent), \
              `opening_journals` (`[\"AN\", \"RAN\", \"ANO\"]`), `numbering` (`\"prefix\"` or `\"per_journal\"`).",
        args: fec_check_args![doc("data", "Buffer"), option("file_name", "string", "null")],
        returns: "FecCheckReport",
        sync: false,
        options: Some("FecCheckOptions"),
        run: |a| {
            let bytes = a.bytes("data")?.unwrap_or_default();
            let file_name: Option<String> = a.get("file_name")?;
            let options = crate::fec::check_options(a)?;
            data(&facturier_fec::check::check_reader(bytes.as_slice(), file_name.as_deref(), &options))
        },
    },
    Operation {
        name: "fec_check_path",
        doc: "Checks the FEC file at `path` as `fec_check` does, its file name included, streamed: constant memory \
              whatever its size. A file that cannot be opened gives a report with `readable` false.",
        args: fec_check_args![named("path", "string")],
        returns: "FecCheckReport",
        sync: false,
        options: Some("FecCheckOptions"),
        run: |a| {
            let path: String = a.get("path")?;
            let options = crate::fec::check_options(a)?;
            data(&facturier_fec::check::check_path(std::path::Path::new(&path), &options))
        },
    },
    Operation {
        name: "facturx_xml",
        doc: "The Factur-X XML (UN/CEFACT CII D16B) of an issued invoice, deposit invoice or credit note, as bytes, for \
              `profile`: `\"en16931\"` (the default, the full European norm), `\"basic-wl\"`, `\"basic\"`, \
              `\"minimum\"` or `\"extended\"` (case, `-` and `_` ignored; `\"comfort\"` is `\"en16931\"`). Same \
              invoice, same bytes.\n\n\
              The EN 16931 rules are checked first: an invoice that would break them fails with code \
              `einvoice.rules`, every finding in the details (`code` the rule id, `path` its location), never a file.",
        args: &[
            doc("invoice", "IssuedInvoice"),
            option("profile", "'en16931' | 'basic-wl' | 'basic' | 'minimum' | 'extended'", "\"en16931\""),
        ],
        returns: "Buffer",
        sync: false,
        options: Some("FacturxOptions"),
        run: |a| {
            let invoice: IssuedInvoice = a.get("invoice")?;
            let profile = crate::einvoice::profile(a)?;
            Ok(Output::Pdf(facturier_einvoice::facturx_xml(&invoice, profile)?))
        },
    },
    Operation {
        name: "render_facturx_pdf",
        doc: "The Factur-X PDF of an issued invoice, deposit invoice or credit note: the PDF/A-3b of `render_pdf` with \
              `factur-x.xml` (the CII of `facturx_xml` for `profile`) attached and the Factur-X XMP metadata, as \
              French e-invoicing receivers read it. Byte-reproducible.\n\n\
              Same options and errors as `render_pdf` (`pdf_a` is implied), and `pdf.einvoice` when the invoice \
              breaks the EN 16931 rules (the details say which), `parse` at `profile` for an unknown profile.",
        args: with_render_options![
            doc("invoice", "IssuedInvoice"),
            option("profile", "'en16931' | 'basic-wl' | 'basic' | 'minimum' | 'extended'", "\"en16931\""),
        ],
        returns: "Buffer",
        sync: false,
        options: Some("FacturxPdfOptions"),
        run: |a| {
            let options = options(a)?;
            let invoice: IssuedInvoice = a.get("invoice")?;
            let profile = crate::einvoice::profile(a)?;
            Ok(Output::Pdf(renderer()?.render_facturx(&invoice, &options, profile)?))
        },
    },
    Operation {
        name: "read_invoice",
        doc: "Reads a received electronic invoice `data` (bytes): CII (Factur-X, ZUGFeRD, XRechnung CII) or UBL 2.1 \
              Invoice / CreditNote XML, or a Factur-X / ZUGFeRD PDF (its one embedded invoice XML; else \
              `einvoice.pdf.no_xml`, `einvoice.pdf.several_xml` or `einvoice.pdf.unreadable`), into one EN 16931 \
              model (`ReceivedInvoice`: parties, lines, VAT breakdown, totals as stated by the sender).\n\n\
              Fails with code `einvoice.xml` (not well formed), `einvoice.hostile` (a DTD or an entity: refused, \
              never expanded), `einvoice.too_large`, `einvoice.unknown_syntax` (not an invoice) or `einvoice.value` (a value \
              that cannot be read, a date out of the years 1 to 9999).",
        args: &[doc("data", "Buffer")],
        returns: "ReceivedInvoice",
        sync: false,
        options: None,
        run: |a| {
            let bytes = a.bytes("data")?.unwrap_or_default();
            data(&facturier_einvoice::read_invoice(&bytes)?)
        },
    },
    Operation {
        name: "validate_invoice",
        doc: "Reads the received electronic invoice `data` (bytes) as `read_invoice` does and checks it against the \
              EN 16931 rules and the French BR-FR rules, with exact decimals: every finding `{rule, level, location, \
              message}` (`level` `\"error\"` or `\"warning\"`), empty when it is sound.\n\n\
              Fails, with the codes of `read_invoice`, only when the invoice cannot be read.",
        args: &[doc("data", "Buffer")],
        returns: "Finding[]",
        sync: false,
        options: None,
        run: |a| {
            let bytes = a.bytes("data")?.unwrap_or_default();
            data(&facturier_einvoice::validate_invoice(&bytes)?)
        },
    },
    Operation {
        name: "json_schema",
        doc: "The JSON Schema `name` (one of the schema names).",
        args: &[named("name", "SchemaName")],
        returns: "Record<string, unknown>",
        sync: true,
        options: None,
        run: |a| {
            let name: String = a.get("name")?;
            let all = schema::all();
            let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
            let message = format!("no schema named {name:?}; known: {}", names.join(", "));
            match all.into_iter().find(|(n, _)| *n == name) {
                Some((_, s)) => Ok(Output::Schema(s)),
                None => Err(Error::core(&facturier_core::CoreError::Parse { path: "name".to_owned(), message })),
            }
        },
    },
    Operation {
        name: "rules",
        doc: "Every rule and error code facturier reports, with its message (for error codes) and its source: \
              the legal rules of the checks, then the codes of errors.",
        args: &[],
        returns: "Rule[]",
        sync: true,
        options: None,
        run: |_| data(&crate::rules::rules()),
    },
];

/// The operation `name`.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}
