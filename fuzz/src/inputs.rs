//! Generators of the inputs that are more than one document: the receivables of a seller
//! (invoices issued by the core, then payments, refunds and reminders against them), a
//! numbering series and its uses, and a late debt.

use arbitrary::Arbitrary;
use facturier_core::documents::numbering::{self, LastNumber, NumberingState};
use facturier_core::{Decimal, InvoiceDraft, IssuedInvoice, NaiveDate, json};
use serde_json::{Value, json};

use crate::edit::DocGen;
use crate::leaf::{Date, Day, Dec, Few, Often, Seldom, Text};
use crate::ops::{self, read, typed};
use crate::pools::{Amounts, Rates};

crate::pool! {
    Customers = ["CUST-001", "CUST-002", "CUST-004", "552100554"];
    Modes = ["transfer", "card", "cheque", "cash", "direct_debit", "other"];
    Levels = ["courteous", "firm", "formal_notice"];
    Currencies = ["EUR", "USD", "ZZZ"];
    PaymentIds = ["PAY-0001", "PAY-0002", "PAY-0003", "REF-0001"];
    BuyerKinds = ["business", "public", "consumer"];
    SeriesNames = ["invoices", "credit-notes", "quotes", "invoices-2", " "];
    Literals = ["F-", "AV", "-", "/", "_", "+", "FAC", "", " ", "é", "{", "}", "{{", "#"];
    Patterns = ["F-{YYYY}-{SEQ:5}", "AV-{YYYY}-{SEQ:4}", "{YY}{MM}-{SEQ}", "F{YYYY}{SEQ}", "{SEQ:3}", "F-{YYYY}-{MM}-{SEQ:2}", "F-{SEQ}-{YYYY}"];
}

/// An amount: a plain or hostile decimal, or a share of an invoice's amount due (so that
/// settlements are exact, partial or over).
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum AmountGen {
    /// `percent` % of the amount due of the `n`-th invoice.
    Of(u8, u8),
    /// A decimal.
    Dec(Dec<Amounts>),
}

impl AmountGen {
    fn json(&self, invoices: &[IssuedInvoice]) -> Value {
        match self {
            AmountGen::Of(n, percent) => {
                let due = invoices.get(usize::from(*n) % invoices.len().max(1)).map(|i| i.totals().amount_due).unwrap_or_default();
                let part = due.checked_mul(Decimal::from(*percent)).map(|x| (x / Decimal::ONE_HUNDRED).round_dp(2)).unwrap_or_default();
                Value::from(part.to_string())
            }
            AmountGen::Dec(d) => d.0.clone(),
        }
    }
}

/// An invoice of the receivables: a draft (edited seed) issued by the core on `issue`, for a
/// customer, perhaps with a credit note.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct InvoiceGen {
    draft: DocGen,
    customer: Often<Text<Customers>>,
    issue: Day,
    credit: Seldom<ops::SelectionGen>,
    payment_request_received: Seldom<Date>,
    judgment_enforceable: Seldom<Date>,
}

/// A payment, with its allocations.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct PaymentGen {
    id: Text<PaymentIds>,
    customer: Text<Customers>,
    date: Date,
    amount: AmountGen,
    currency: Seldom<Text<Currencies>>,
    mode: Text<Modes>,
    reference: Seldom<Text<crate::pools::Descriptions>>,
    allocations: Few<(u8, AmountGen), 3>,
}

/// A refund.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct RefundGen {
    id: Text<PaymentIds>,
    customer: Text<Customers>,
    date: Date,
    amount: AmountGen,
    mode: Text<Modes>,
}

/// A reminder sent for the `n`-th invoice.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct SentGen {
    invoice: u8,
    level: Text<Levels>,
    date: Date,
}

/// The receivables of a seller.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct ReceivablesGen {
    invoices: Few<InvoiceGen, 5>,
    drafts: Few<DocGen, 1>,
    payments: Few<PaymentGen, 5>,
    refunds: Few<RefundGen, 2>,
    reminders: Few<SentGen, 3>,
    /// Edits to the whole input: a dunning schedule, rates, a period, hostile values.
    edits: DocGen,
    /// The date of the report.
    pub as_of: Day,
}

impl ReceivablesGen {
    /// The input as JSON: the invoices are issued by the core (in date order, from one series;
    /// drafts it refuses are left out), the credit notes too.
    pub fn json(&self, drafts: &[Value]) -> Value {
        let mut gens: Vec<&InvoiceGen> = self.invoices.0.iter().collect();
        gens.sort_by_key(|g| g.issue.0);
        let mut state = ops::series("invoices", "F-{YYYY}-{SEQ:5}");
        let mut credits = ops::series("credit-notes", "AV-{YYYY}-{SEQ:4}");
        let mut issued: Vec<(IssuedInvoice, Option<String>, &InvoiceGen)> = Vec::new();
        for g in gens {
            let Some(draft) = read::<InvoiceDraft>(g.draft.render(drafts)) else { continue };
            let Some((invoice, next)) = typed(facturier_core::issue(draft, &state, g.issue.0)) else { continue };
            state = next;
            let customer = g.customer.0.as_ref().map(|c| c.as_str().to_owned());
            if let Some(sel) = &g.credit.0 {
                let cn = read(sel.json(&invoice)).and_then(|s| typed(facturier_core::credit_note(&invoice, &s, &[])));
                if let Some((cn, next)) = cn.and_then(|d| typed(facturier_core::issue(d, &credits, g.issue.0))) {
                    credits = next;
                    issued.push((cn, customer.clone(), g));
                }
            }
            issued.push((invoice, customer, g));
        }
        let invoices: Vec<IssuedInvoice> = issued.iter().map(|(i, _, _)| i.clone()).collect();
        let number = |n: u8| invoices.get(usize::from(n) % invoices.len().max(1)).map(|i| i.number().to_owned()).unwrap_or_default();
        let items: Vec<Value> = issued
            .iter()
            .map(|(i, customer, g)| {
                let mut v = json!({ "invoice": i });
                if let Some(c) = customer {
                    v["customer_id"] = Value::from(c.as_str());
                }
                if let Some(d) = &g.payment_request_received.0 {
                    v["payment_request_received"] = d.0.clone();
                }
                if let Some(d) = &g.judgment_enforceable.0 {
                    v["judgment_enforceable"] = d.0.clone();
                }
                v
            })
            .collect();
        let payments: Vec<Value> = self
            .payments
            .0
            .iter()
            .map(|p| {
                let mut v = json!({
                    "id": p.id.as_str(), "customer_id": p.customer.as_str(), "date": p.date.0,
                    "amount": p.amount.json(&invoices), "mode": p.mode.as_str(),
                });
                if let Some(c) = &p.currency.0 {
                    v["currency"] = Value::from(c.as_str());
                }
                if let Some(r) = &p.reference.0 {
                    v["reference"] = Value::from(r.as_str());
                }
                if !p.allocations.0.is_empty() {
                    let a: Vec<Value> =
                        p.allocations.0.iter().map(|(n, a)| json!({ "invoice": number(*n), "amount": a.json(&invoices) })).collect();
                    v["allocations"] = Value::from(a);
                }
                v
            })
            .collect();
        let refunds: Vec<Value> = self
            .refunds
            .0
            .iter()
            .map(|r| {
                json!({ "id": r.id.as_str(), "customer_id": r.customer.as_str(), "date": r.date.0, "amount": r.amount.json(&invoices), "mode": r.mode.as_str() })
            })
            .collect();
        let reminders: Vec<Value> =
            self.reminders.0.iter().map(|r| json!({ "invoice": number(r.invoice), "level": r.level.as_str(), "date": r.date.0 })).collect();
        let drafts: Vec<Value> =
            self.drafts.0.iter().enumerate().map(|(i, d)| json!({ "id": format!("draft-{i}"), "draft": d.render(drafts) })).collect();
        let mut input = json!({ "invoices": items, "payments": payments, "refunds": refunds, "reminders": reminders, "drafts": drafts });
        self.edits.apply(&mut input);
        input
    }
}

/// A piece of a numbering pattern.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum Token {
    /// Literal text.
    Literal(Text<Literals>),
    /// `{YYYY}`.
    Year,
    /// `{YY}`.
    ShortYear,
    /// `{MM}`.
    Month,
    /// `{SEQ}`.
    Seq,
    /// `{SEQ:n}`.
    Width(u8),
    /// Something that looks like a token: `{SEQ:}`, `{YYYYY}`, `{seq}`, an open brace.
    Odd(u8),
}

/// A numbering pattern: a plain one, tokens, or any text.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum PatternGen {
    /// A plain pattern.
    Plain(Text<Patterns>),
    /// Tokens.
    Tokens(Few<Token, 8>),
}

impl PatternGen {
    /// The pattern's text.
    pub fn text(&self) -> String {
        const ODD: &[&str] =
            &["{SEQ:}", "{YYYYY}", "{seq}", "{", "}", "{SEQ:0}", "{SEQ:-1}", "{SEQ:99999999999}", "{MM}{MM}", "{SEQ}{SEQ}", "{DD}"];
        match self {
            PatternGen::Plain(t) => t.as_str().to_owned(),
            PatternGen::Tokens(tokens) => tokens
                .0
                .iter()
                .map(|t| match t {
                    Token::Literal(l) => l.as_str().to_owned(),
                    Token::Year => "{YYYY}".to_owned(),
                    Token::ShortYear => "{YY}".to_owned(),
                    Token::Month => "{MM}".to_owned(),
                    Token::Seq => "{SEQ}".to_owned(),
                    Token::Width(n) => format!("{{SEQ:{n}}}"),
                    Token::Odd(n) => ODD.get(usize::from(*n) % ODD.len()).copied().unwrap_or("{").to_owned(),
                })
                .collect(),
        }
    }
}

/// A series resumed after a last number allocated elsewhere.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct ResumeGen {
    year: i32,
    month: Option<u32>,
    sequence: u64,
    issue_date: Option<Day>,
}

/// What is done to the list of allocated numbers before auditing it.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum NumberEdit {
    /// Drops the `n`-th number (a gap).
    Drop(u8),
    /// Repeats the `n`-th number (a duplicate).
    Repeat(u8),
    /// Adds a text (foreign to the pattern, or not).
    Add(Text<Patterns>),
    /// Replaces the `n`-th number's sequence digits by `seq`.
    Renumber(u8, u64),
}

/// A numbering series and its uses: allocations on dates, an audit of the numbers, a check of
/// the seller's other series, and the state's JSON edited.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct NumberingGen {
    series: Text<SeriesNames>,
    pattern: PatternGen,
    continuous: bool,
    resume: Seldom<ResumeGen>,
    sorted: bool,
    dates: Few<Day, 40>,
    numbers: Few<NumberEdit, 4>,
    others: Few<(Text<SeriesNames>, PatternGen, bool), 4>,
    edits: DocGen,
}

impl NumberingGen {
    /// Runs it: every call returns a value or a typed error, and when every allocation
    /// succeeded on a new series, the numbers are unique, each `peek` foretold its `allocate`,
    /// and the audit of the numbers is clean.
    pub fn run(&self) {
        let pattern = self.pattern.text();
        let series = self.series.as_str();
        let state = match &self.resume.0 {
            Some(r) => {
                let last = LastNumber { year: r.year, month: r.month, sequence: r.sequence, issue_date: r.issue_date.map(|d| d.0) };
                NumberingState::resume(series, pattern.as_str(), !self.continuous, last)
            }
            None if self.continuous => NumberingState::continuous(series, pattern.as_str()),
            None => NumberingState::new(series, pattern.as_str()),
        };
        let Some(mut state) = typed(state) else { return };
        let mut dates: Vec<NaiveDate> = self.dates.0.iter().map(|d| d.0).collect();
        if self.sorted {
            dates.sort();
        }
        let mut numbers = Vec::new();
        let mut all_allocated = true;
        for d in dates {
            let peek = state.peek(d);
            match typed(state.allocate(d)) {
                Some((number, next)) => {
                    assert_eq!(peek.as_ref().ok(), Some(&number), "peek foretells allocate");
                    assert!(number.chars().count() <= 35, "a number of more than 35 characters: {number}");
                    assert!(!numbers.contains(&number), "number {number} allocated twice");
                    numbers.push(number);
                    state = next;
                }
                None => all_allocated = false,
            }
        }
        if let Some(report) = typed(numbering::audit(&state, &numbers)) {
            if self.resume.0.is_none() && all_allocated {
                assert!(report.is_clean(), "the numbers a new series allocated do not audit clean: {report:?} of {numbers:?}");
            }
            ops::emit(&report);
        }
        let mut edited = numbers.clone();
        for e in &self.numbers.0 {
            let at = |n: &u8| usize::from(*n) % edited.len().max(1);
            match e {
                NumberEdit::Drop(n) if !edited.is_empty() => {
                    let i = at(n);
                    edited.remove(i);
                }
                NumberEdit::Repeat(n) if !edited.is_empty() => {
                    let x = edited[at(n)].clone();
                    edited.push(x);
                }
                NumberEdit::Add(t) => edited.push(t.as_str().to_owned()),
                NumberEdit::Renumber(n, seq) if !edited.is_empty() => {
                    let i = at(n);
                    let s = &edited[i];
                    let head = s.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
                    edited[i] = format!("{head}{seq}");
                }
                _ => {}
            }
        }
        if let Some(report) = typed(numbering::audit(&state, &edited)) {
            ops::emit(&report);
        }
        let mut all = vec![state.clone()];
        for (name, p, continuous) in &self.others.0 {
            let other = if *continuous {
                NumberingState::continuous(name.as_str(), p.text())
            } else {
                NumberingState::new(name.as_str(), p.text())
            };
            all.extend(typed(other));
        }
        ops::emit(&numbering::check_series(&all));
        // the state as the host stores it, edited, read back and used
        if let Ok(mut value) = serde_json::to_value(&state) {
            assert_eq!(ops::reread(&state), state, "a numbering state reads back as it was written");
            self.edits.apply(&mut value);
            if let Some(s) = read::<NumberingState>(value) {
                let _ = typed(s.validate());
                if let Some(d) = self.dates.0.last() {
                    let _ = typed(s.allocate(d.0));
                }
                let _ = typed(numbering::audit(&s, &numbers));
                ops::emit(&numbering::check_series(&[state, s]));
            }
        }
    }
}

/// A late debt and the rates it is computed with.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct LateDebtGen {
    buyer_kind: Text<BuyerKinds>,
    amount_due: Dec<Amounts>,
    due_date: Date,
    contractual_rate: Seldom<Dec<Rates>>,
    settlements: Few<(Date, Dec<Amounts>), 4>,
    formal_notice: Seldom<Date>,
    judgment_enforceable: Seldom<Date>,
    as_of: Date,
    /// Edits: rate overrides, hostile values.
    edits: DocGen,
}

impl LateDebtGen {
    /// The call as JSON: `{debt, as_of, rates}`.
    pub fn json(&self) -> Value {
        let mut debt = json!({ "buyer_kind": self.buyer_kind.as_str(), "amount_due": self.amount_due.0, "due_date": self.due_date.0 });
        if let Some(r) = &self.contractual_rate.0 {
            debt["contractual_rate"] = r.0.clone();
        }
        if !self.settlements.0.is_empty() {
            debt["settlements"] = self.settlements.0.iter().map(|(d, a)| json!({ "date": d.0, "amount": a.0 })).collect();
        }
        if let Some(d) = &self.formal_notice.0 {
            debt["formal_notice"] = d.0.clone();
        }
        if let Some(d) = &self.judgment_enforceable.0 {
            debt["judgment_enforceable"] = d.0.clone();
        }
        let mut call = json!({ "debt": debt, "as_of": self.as_of.0, "rates": {} });
        self.edits.apply(&mut call);
        call
    }
}

/// The arguments of the late-interest operation, as the bindings take them.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateInterestCall {
    /// The debt.
    pub debt: facturier_core::LateDebt,
    /// The date.
    pub as_of: NaiveDate,
    /// Rates merged into the shipped tables.
    #[serde(default)]
    pub rates: facturier_core::RateOverrides,
}

/// The late-interest operation as the bindings run it: the shipped tables with the overrides
/// merged, then the interest.
pub fn late_interest(value: Value) {
    let Some(call) = read::<LateInterestCall>(value) else { return };
    let Some(tables) = typed(facturier_core::RateTables::default().with_overrides(&call.rates)) else { return };
    let debt = &call.debt;
    if let Some(result) = typed(facturier_core::late_interest(debt, call.as_of, &tables)) {
        // bounded work (fuzz finding 5, fixed: dates outside the supported years are refused):
        // at most two half-years a year of the supported range (a century), and a segment more
        // for each settlement and for the judgment's surcharge
        let bound = 2 * 100 + 2 * debt.settlements.len() + 4;
        assert!(result.segments.len() <= bound, "{} interest segments: work out of bounds", result.segments.len());
        ops::emit(&result);
    }
}

/// Reads a JSON text with the core's reader, for the raw targets.
pub fn text<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    typed(json::from_str(s))
}
