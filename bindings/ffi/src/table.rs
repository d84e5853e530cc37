//! The operations of the bindings, each written once: its name, documentation, arguments
//! (name, kind, type, default) and the function from typed arguments to a serialisable result.
//!
//! Types are written in TypeScript syntax over the names of the JSON Schemas' types
//! (`InvoiceDraft`, `IssuedInvoice[]`, `IsoDate`, `string`, `boolean`, `Buffer` for bytes,
//! `{ invoice: IssuedInvoice; state: NumberingState }` for a record): `bindings/node` writes them
//! as they are, `bindings/python` maps them to Python (`IsoDate` → `date`, a record → a tuple).
//! Docs name arguments in snake_case between backticks; Node turns those names to camelCase.

use facturier_core::document::{Document, ReminderLetter, Statement};
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
    /// The bytes of a PDF.
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
            Input::Json(_) => Err(Error::input_type("type", name, "expected bytes (the image file)")),
        }
    }
}

/// The JSON type an argument of a table type takes (`null` aside: an absent argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `X[]`: a list.
    List,
    /// `string`, `IsoDate`, `SchemaName`, a union of string literals (`'svg' | 'png'`).
    Text,
    /// `boolean`.
    Flag,
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
            "string" | "IsoDate" | "SchemaName" => Shape::Text,
            _ if ty.starts_with('\'') => Shape::Text,
            "boolean" => Shape::Flag,
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
            Value::Number(_) => false,
        };
        if fits {
            return None;
        }
        let expected = match self {
            Shape::Text if ty == "string" => "a string".to_owned(),
            Shape::Text if ty == "IsoDate" => "a date string \"YYYY-MM-DD\"".to_owned(),
            Shape::Text => format!("{ty} (a string)"),
            Shape::Flag => "a boolean".to_owned(),
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
              and `template` (a user Typst source receiving the same data). The output is byte-reproducible. \
              Fails with code `pdf.template` (Typst diagnostics `{code, path, message, source, file, line, column}` \
              in the details), \
              `pdf.font`, `pdf.export`, `pdf.branding` (colour, logo) or `pdf.data`, or `parse` for a malformed document.",
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
