"""Type stubs of facturier's native module (re-exported by ``facturier``).

The TypedDicts describe documents as facturier *returns* them: decimals are ``Decimal`` and dates
are ``date``. As inputs, every function also takes plain mappings in which a decimal may be a
``Decimal``, a ``str`` (``"12.50"``) or an ``int`` and a date a ``date`` or ``"YYYY-MM-DD"``
(e.g. JSON loaded with :func:`json.load`); a ``float`` is refused with ``InputTypeError``.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypedDict

from typing_extensions import NotRequired, TypeAlias

__all__ = [
    "SCHEMA_NAMES",
    "__version__",
    "_panic_for_tests",
    "accept_quote",
    "check_invoice",
    "check_quote",
    "compute_totals",
    "credit_note",
    "due_date",
    "duplicate_quote",
    "final_invoice",
    "issue_invoice",
    "json_schema",
    "late_interest",
    "new_numbering_state",
    "new_quote",
    "numbering_report",
    "quote_status",
    "quote_to_deposit",
    "quote_to_final",
    "quote_to_invoice",
    "quote_totals",
    "receivables",
    "refuse_quote",
    "render_pdf",
    "render_reminder_pdf",
    "render_statement_pdf",
    "revise_quote",
    "send_quote",
]

__version__: str
SCHEMA_NAMES: tuple[str, ...]

DecimalIn: TypeAlias = Decimal | str | int
"""A decimal as facturier takes it: exact, never a float."""
DateIn: TypeAlias = date | str
"""A date as facturier takes it: ``date`` or ``"YYYY-MM-DD"``."""

VatCategory: TypeAlias = Literal["S", "Z", "E", "AE", "K", "G", "O"]
InvoiceKind: TypeAlias = Literal["standard", "deposit", "final", "credit_note"]
QuoteStatusName: TypeAlias = Literal["draft", "sent", "accepted", "refused", "expired"]

class Address(TypedDict):
    """A postal address."""

    line1: str
    line2: NotRequired[str | None]
    postal_code: str
    city: str
    country: NotRequired[str]

class Seller(TypedDict):
    """The seller: identity, registrations and VAT regime."""

    name: str
    address: Address
    legal_form: NotRequired[str | None]
    share_capital: NotRequired[Decimal]
    siren: NotRequired[str | None]
    siret: NotRequired[str | None]
    rcs_city: NotRequired[str | None]
    vat_number: NotRequired[str | None]
    iban: NotRequired[str | None]
    bic: NotRequired[str | None]
    email: NotRequired[str | None]
    individual_entrepreneur: NotRequired[bool]
    vat_regime: NotRequired[Literal["normal", "franchise", "debits"] | str]
    company_size: NotRequired[str]

class Buyer(TypedDict):
    """The buyer: a business, a public entity or a consumer."""

    name: str
    address: Address
    kind: NotRequired[Literal["business", "public", "consumer"] | str]
    siren: NotRequired[str | None]
    siret: NotRequired[str | None]
    vat_number: NotRequired[str | None]
    email: NotRequired[str | None]
    delivery_address: NotRequired[Address | None]

class PercentDiscount(TypedDict):
    """A percentage of quantity × unit price."""

    percent: Decimal

class AmountDiscount(TypedDict):
    """A fixed amount excl. tax taken off the line."""

    amount: Decimal

class Line(TypedDict):
    """One invoice or quote line."""

    id: str
    description: str
    quantity: Decimal
    unit: NotRequired[str]
    unit_price: Decimal
    discount: NotRequired[PercentDiscount | AmountDiscount | None]
    vat_category: NotRequired[VatCategory]
    vat_rate: Decimal
    supply: NotRequired[Literal["goods", "services"]]

class AllowanceCharge(TypedDict):
    """A document-level allowance or charge."""

    amount: Decimal
    reason: str
    vat_category: NotRequired[VatCategory]
    vat_rate: Decimal

class Exemption(TypedDict):
    """The exemption reason (BT-120) and VATEX code (BT-121) of a non-S VAT category."""

    category: VatCategory
    reason: str
    vatex: NotRequired[str | None]

class PaymentTerms(TypedDict):
    """``{"type": "on_receipt"}``, ``{"type": "net_days", "days": 30}`` or
    ``{"type": "end_of_month", "days": 45, "method": "days_then_end_of_month"}``."""

    type: Literal["on_receipt", "net_days", "end_of_month"]
    days: NotRequired[int]
    method: NotRequired[Literal["days_then_end_of_month", "end_of_month_then_days"]]

class InvoiceRef(TypedDict):
    """A reference to an earlier invoice."""

    number: str
    issue_date: date

class QuoteRef(TypedDict):
    """The quote (and version) an invoice comes from."""

    number: str
    version: int

class DeductedGroup(TypedDict):
    """One VAT group of a deposit invoice, deducted on the final invoice."""

    category: VatCategory
    rate: Decimal
    basis: Decimal
    vat: Decimal

class DepositReference(TypedDict):
    """A deposit invoice deducted on a final invoice."""

    number: str
    issue_date: date
    groups: list[DeductedGroup]

class InvoiceDraft(TypedDict):
    """An invoice before issuance: everything but the number."""

    kind: NotRequired[InvoiceKind]
    currency: NotRequired[str]
    territory: NotRequired[str]
    seller: Seller
    buyer: Buyer
    lines: list[Line]
    allowances: NotRequired[list[AllowanceCharge]]
    charges: NotRequired[list[AllowanceCharge]]
    exemptions: NotRequired[list[Exemption]]
    payment_terms: NotRequired[PaymentTerms]
    delivery_date: NotRequired[date | None]
    late_payment_rate: NotRequired[Decimal | None]
    early_payment_discount: NotRequired[str | None]
    purchase_order: NotRequired[str | None]
    quote: NotRequired[QuoteRef | None]
    preceding_invoice: NotRequired[InvoiceRef | None]
    deposits: NotRequired[list[DepositReference]]
    prepaid_amount: NotRequired[Decimal]
    notes: NotRequired[list[str]]

class LineTotal(TypedDict):
    """The discount and net amount of one line."""

    id: str
    discount: Decimal
    net: Decimal

class VatBreakdown(TypedDict):
    """One row of the VAT breakdown: a category and rate, its basis and VAT."""

    category: VatCategory
    rate: Decimal
    basis: Decimal
    vat: Decimal
    exemption: NotRequired[Exemption]
    deposit_basis: Decimal
    deposit_vat: Decimal

class Totals(TypedDict):
    """The EN 16931 totals of a document."""

    lines: list[LineTotal]
    line_total: Decimal
    allowance_total: Decimal
    charge_total: Decimal
    total_excl_tax: Decimal
    vat_breakdown: list[VatBreakdown]
    vat_total: Decimal
    total_incl_tax: Decimal
    deposits_total: Decimal
    prepaid: Decimal
    amount_due: Decimal

class LegalMention(TypedDict):
    """A legal mention to print, with its source."""

    key: str
    text: str
    source: str

class IssuedInvoice(TypedDict):
    """An issued invoice: immutable, numbered, with derived totals and mentions."""

    number: str
    issue_date: date
    due_date: date
    supply_category: Literal["goods", "services", "mixed"]
    content: InvoiceDraft
    totals: Totals
    mentions: list[LegalMention]

class QuoteContent(TypedDict):
    """The content of one version of a quote."""

    issue_date: date
    valid_until: date
    currency: NotRequired[str]
    territory: NotRequired[str]
    seller: Seller
    buyer: Buyer
    lines: list[Line]
    allowances: NotRequired[list[AllowanceCharge]]
    charges: NotRequired[list[AllowanceCharge]]
    exemptions: NotRequired[list[Exemption]]
    payment_terms: NotRequired[PaymentTerms]
    late_payment_rate: NotRequired[Decimal | None]
    early_payment_discount: NotRequired[str | None]
    notes: NotRequired[list[str]]

class QuoteVersion(TypedDict):
    """One version of a quote."""

    version: int
    content: QuoteContent

class StatusChange(TypedDict):
    """A status change in a quote's history."""

    status: QuoteStatusName
    date: date
    version: int

class Quote(TypedDict):
    """A quote: number, every version (the last is current) and status history."""

    number: str
    status: QuoteStatusName
    versions: list[QuoteVersion]
    history: list[StatusChange]

class NumberingState(TypedDict):
    """The persisted state of one numbering series."""

    series: str
    pattern: str
    yearly_reset: bool
    year: NotRequired[int]
    month: NotRequired[int]
    last_sequence: int
    last_issue_date: NotRequired[date]

class Gap(TypedDict):
    """A run of missing sequences in a period."""

    period: str
    missing_from: int
    missing_to: int
    missing: list[str]

class NumberingReport(TypedDict):
    """What :func:`numbering_report` found."""

    checked: int
    duplicates: list[str]
    gaps: list[Gap]
    unparsable: list[str]

class Violation(TypedDict):
    """One legal violation: code, field path, message and source."""

    code: str
    path: str
    message: str
    source: str

# --- receivables: inputs ----------------------------------------------------------------------

BuyerKind: TypeAlias = Literal["business", "public", "consumer"]
PaymentMode: TypeAlias = Literal["transfer", "card", "cheque", "cash", "direct_debit", "other"]
ReminderKind: TypeAlias = Literal["courteous", "firm", "formal_notice"]
InvoiceStatusName: TypeAlias = Literal["draft", "issued_unpaid", "partially_paid", "paid", "overdue", "credited"]

class ReceivableInvoice(TypedDict):
    """An issued invoice or credit note and the customer it belongs to."""

    customer_id: NotRequired[str | None]
    invoice: IssuedInvoice

class DraftInvoice(TypedDict):
    """An invoice draft the host holds for a customer (listed with status draft)."""

    id: str
    customer_id: NotRequired[str | None]
    draft: InvoiceDraft

class Allocation(TypedDict):
    """Part of a payment the payer assigned to one invoice."""

    invoice: str
    amount: Decimal

class Payment(TypedDict):
    """Money received from a customer; what ``allocations`` leaves goes oldest-first."""

    id: str
    customer_id: str
    date: date
    amount: Decimal
    currency: NotRequired[str]
    mode: PaymentMode
    reference: NotRequired[str | None]
    allocations: NotRequired[list[Allocation]]

class Refund(TypedDict):
    """Money returned to a customer out of its credit."""

    id: str
    customer_id: str
    date: date
    amount: Decimal
    currency: NotRequired[str]
    mode: PaymentMode
    reference: NotRequired[str | None]

class SentReminder(TypedDict):
    """A reminder already sent: never proposed again."""

    invoice: str
    level: str
    date: date

class DunningStep(TypedDict):
    """One level of a dunning schedule (``offset_days`` from the due date, negative before it)."""

    level: str
    kind: ReminderKind
    offset_days: int
    payment_deadline_days: NotRequired[int | None]

class DunningSchedule(TypedDict):
    """Reminder levels in order of escalation."""

    steps: list[DunningStep]

class EcbRate(TypedDict):
    """An ECB main refinancing rate and the day it took effect."""

    effective_from: date
    rate: Decimal

class EcbTable(TypedDict):
    """Dated ECB rates, known up to ``verified_until``."""

    changes: list[EcbRate]
    verified_until: date

class LegalRate(TypedDict):
    """The legal interest rates of one half-year."""

    half_year_from: date
    natural_person_rate: Decimal
    other_cases_rate: Decimal

class LegalRateTable(TypedDict):
    """Legal interest rates by half-year, known up to ``verified_until``."""

    half_years: list[LegalRate]
    verified_until: date

class RateOverrides(TypedDict):
    """Rates merged into the shipped tables."""

    ecb_main_refinancing: NotRequired[EcbTable | None]
    legal_interest: NotRequired[LegalRateTable | None]

Period = TypedDict("Period", {"from": date, "to": date})
"""A period, both ends included."""

class ReceivablesInput(TypedDict):
    """Everything the receivables are computed from (``schema/receivables-input.schema.json``)."""

    invoices: NotRequired[list[ReceivableInvoice]]
    drafts: NotRequired[list[DraftInvoice]]
    payments: NotRequired[list[Payment]]
    refunds: NotRequired[list[Refund]]
    reminders: NotRequired[list[SentReminder]]
    dunning: NotRequired[DunningSchedule | None]
    rates: NotRequired[RateOverrides]
    period: NotRequired[Period | None]
    weighted_forecast: NotRequired[bool]

class DatedAmount(TypedDict):
    """A payment or credit lowering a debt from the day after ``date``."""

    date: date
    amount: Decimal

class LateDebt(TypedDict):
    """The facts of one debt that late interest depends on."""

    buyer_kind: BuyerKind
    amount_due: Decimal
    due_date: date
    contractual_rate: NotRequired[Decimal | None]
    settlements: NotRequired[list[DatedAmount]]
    formal_notice: NotRequired[date | None]

# --- receivables: the report ------------------------------------------------------------------

class Settlement(TypedDict):
    """An amount that reduced what an invoice owes."""

    date: date
    amount: Decimal
    source: Literal["payment", "credit_note"]
    reference: str
    method: Literal["explicit", "credit_note", "oldest_first"]

class InvoiceAccount(TypedDict):
    """One invoice as of the date: what it asked, what settled it, what it owes."""

    number: str
    customer_id: str
    buyer_name: str
    buyer_kind: BuyerKind
    kind: InvoiceKind
    issue_date: date
    due_date: date
    late_payment_rate: NotRequired[Decimal]
    amount_due: Decimal
    credited: Decimal
    paid: Decimal
    outstanding: Decimal
    status: InvoiceStatusName
    days_late: int
    settled_on: NotRequired[date]
    settlements: list[Settlement]

class DraftState(TypedDict):
    """A draft as listed in the report."""

    id: str
    customer_id: str
    status: InvoiceStatusName
    total_incl_tax: Decimal

class AllocationRecord(TypedDict):
    """Where part of a payment or credit note went."""

    invoice: str
    date: date
    amount: Decimal
    method: Literal["explicit", "credit_note", "oldest_first"]

class CreditNoteAccount(TypedDict):
    """One credit note: what it settled, what was refunded, the credit left."""

    number: str
    invoice: str
    customer_id: str
    issue_date: date
    amount: Decimal
    allocated: Decimal
    refunded: Decimal
    credit: Decimal
    allocations: list[AllocationRecord]

class PaymentAccount(TypedDict):
    """One payment: where every cent went."""

    id: str
    customer_id: str
    date: date
    amount: Decimal
    mode: PaymentMode
    reference: NotRequired[str | None]
    allocated: Decimal
    refunded: Decimal
    credit: Decimal
    allocations: list[AllocationRecord]

class CreditDraw(TypedDict):
    """Customer credit a refund drew on."""

    source: Literal["payment", "credit_note"]
    reference: str
    amount: Decimal

class RefundAccount(TypedDict):
    """One refund and the credit it drew on."""

    id: str
    customer_id: str
    date: date
    amount: Decimal
    mode: PaymentMode
    reference: NotRequired[str | None]
    drawn: list[CreditDraw]

class LedgerEntry(TypedDict):
    """A line of a customer's account statement."""

    date: date
    kind: Literal["invoice", "payment", "credit_note", "refund"]
    reference: str
    debit: Decimal
    credit: Decimal
    balance: Decimal

class CustomerAccount(TypedDict):
    """One customer's account and statement (``balance`` = outstanding − credit)."""

    customer_id: str
    name: NotRequired[str | None]
    buyer_kind: NotRequired[BuyerKind | None]
    invoiced: Decimal
    credited: Decimal
    received: Decimal
    refunded: Decimal
    outstanding: Decimal
    credit: Decimal
    balance: Decimal
    entries: list[LedgerEntry]

class AgingBuckets(TypedDict):
    """Outstanding amounts by days past the due date."""

    not_due: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    days_over_90: Decimal
    total: Decimal

class CustomerAging(TypedDict):
    """The aging of one customer."""

    customer_id: str
    buckets: AgingBuckets

class Aging(TypedDict):
    """The aging balance, in total and per customer."""

    total: AgingBuckets
    customers: list[CustomerAging]

InterestSegment = TypedDict(
    "InterestSegment",
    {
        "from": date,
        "to": date,
        "days": int,
        "base": Decimal,
        "reference_date": date,
        "reference_rate": Decimal,
        "applied_rate": Decimal,
        "rate_basis": Literal["ecb_plus_10", "ecb_plus_8", "contractual", "contractual_floor", "legal_rate"],
        "amount": Decimal,
        "provisional": bool,
    },
)
"""Days with one base and one rate: a line of the interest computation."""

class InterestResult(TypedDict):
    """Late-payment interest and indemnity of one debt."""

    regime: Literal["commercial", "public_procurement", "legal_interest"]
    first_day: NotRequired[date]
    last_day: NotRequired[date]
    days: int
    segments: list[InterestSegment]
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    provisional: bool
    source: str
    note: NotRequired[str | None]

class InvoiceInterest(TypedDict):
    """The late interest of one invoice."""

    invoice: str
    customer_id: str
    formal_notice: NotRequired[date]
    result: InterestResult

class CustomerInterest(TypedDict):
    """Interest and indemnities of one customer."""

    customer_id: str
    interest: Decimal
    indemnities: Decimal
    total: Decimal

class InterestReport(TypedDict):
    """Late interest and indemnities of every invoice late as of the date."""

    invoices: list[InvoiceInterest]
    customers: list[CustomerInterest]
    interest: Decimal
    indemnities: Decimal
    total: Decimal
    provisional: bool

class Reminder(TypedDict):
    """A reminder to send as of the date, with what to claim."""

    invoice: str
    customer_id: str
    buyer_name: str
    buyer_kind: BuyerKind
    level: str
    kind: ReminderKind
    trigger_date: date
    due_date: date
    days_late: int
    outstanding: Decimal
    interest: Decimal
    indemnity: Decimal
    total_claimed: Decimal
    payment_deadline: NotRequired[date]
    interest_detail: InterestResult

class CustomerFlow(TypedDict):
    """One customer's invoiced and collected amounts over the period."""

    customer_id: str
    invoiced: Decimal
    credited: Decimal
    collected: Decimal
    refunded: Decimal

class CashFlow(TypedDict):
    """Invoiced versus collected over the period."""

    period: Period
    invoiced: Decimal
    credited: Decimal
    net_invoiced: Decimal
    collected: Decimal
    refunded: Decimal
    net_collected: Decimal
    customers: list[CustomerFlow]

class UnpaidInvoice(TypedDict):
    """An invoice that still owes something."""

    invoice: str
    customer_id: str
    buyer_name: str
    issue_date: date
    due_date: date
    status: InvoiceStatusName
    days_late: int
    amount_due: Decimal
    outstanding: Decimal

class CustomerOutstanding(TypedDict):
    """What one customer owes and the credit it holds."""

    customer_id: str
    outstanding: Decimal
    credit: Decimal

class PaymentDelay(TypedDict):
    """One customer's average payment delay over its invoices paid in full."""

    customer_id: str
    paid_invoices: int
    average_delay_days: int
    shift_days: int

class ForecastWindow(TypedDict):
    """The cash expected within one window of the forecast."""

    horizon_days: int
    until: date
    expected: Decimal
    cumulative: Decimal

class Forecast(TypedDict):
    """The cash forecast at J+30, J+60 and J+90."""

    weighted: bool
    windows: list[ForecastWindow]
    later: Decimal
    total: Decimal
    delays: list[PaymentDelay]

class CashReport(TypedDict):
    """Cash figures: flow over the period, outstanding, unpaid invoices, forecast."""

    flow: CashFlow
    outstanding: Decimal
    credit: Decimal
    customers: list[CustomerOutstanding]
    unpaid: list[UnpaidInvoice]
    forecast: Forecast

class ReceivablesReport(TypedDict):
    """The receivables as of a date (``schema/receivables-report.schema.json``)."""

    as_of: date
    invoices: list[InvoiceAccount]
    drafts: list[DraftState]
    credit_notes: list[CreditNoteAccount]
    payments: list[PaymentAccount]
    refunds: list[RefundAccount]
    customers: list[CustomerAccount]
    aging: Aging
    interest: InterestReport
    reminders: list[Reminder]
    cash: CashReport


Document: TypeAlias = Mapping[str, Any]
"""Any mapping shaped like the documents above (inputs accept ``str``/``int`` decimals too)."""

def check_invoice(draft: InvoiceDraft | Document, as_of: DateIn) -> list[Violation]:
    """Every legal violation of an invoice draft as of ``as_of``."""

def compute_totals(draft: InvoiceDraft | Document, as_of: DateIn) -> Totals:
    """The EN 16931 totals of an invoice draft."""

def due_date(payment_terms: PaymentTerms | Document, issue_date: DateIn) -> date:
    """The due date given by ``payment_terms`` for an invoice issued on ``issue_date``."""

def new_numbering_state(series: str, pattern: str, yearly_reset: bool = True) -> NumberingState:
    """A new, empty numbering series."""

def issue_invoice(
    draft: InvoiceDraft | Document, numbering_state: NumberingState | Document, issue_date: DateIn
) -> tuple[IssuedInvoice, NumberingState]:
    """Issues ``draft``: the invoice and the next numbering state to persist with it."""

def numbering_report(numbering_state: NumberingState | Document, numbers: Sequence[str]) -> NumberingReport:
    """Audits every number of a series: duplicates, gaps, foreign numbers."""

def final_invoice(
    operation_draft: InvoiceDraft | Document, deposits: Sequence[IssuedInvoice | Document]
) -> InvoiceDraft:
    """The final-invoice draft deducting every deposit invoice."""

def credit_note(issued: IssuedInvoice | Document, selection: str | Document = "full") -> InvoiceDraft:
    """The credit-note draft correcting ``issued``."""

def new_quote(number: str, content: QuoteContent | Document) -> Quote:
    """A new draft quote, version 1."""

def revise_quote(quote: Quote | Document, content: QuoteContent | Document) -> Quote:
    """A new version of ``quote``, back to draft."""

def send_quote(quote: Quote | Document, date: DateIn) -> Quote:
    """Draft → sent."""

def accept_quote(quote: Quote | Document, date: DateIn) -> Quote:
    """Sent → accepted."""

def refuse_quote(quote: Quote | Document, date: DateIn) -> Quote:
    """Sent (or expired) → refused."""

def quote_status(quote: Quote | Document, as_of: DateIn) -> QuoteStatusName:
    """The status of ``quote`` as of ``as_of`` (``expired`` when sent and past its validity)."""

def duplicate_quote(quote: Quote | Document, number: str, issue_date: DateIn, valid_until: DateIn) -> Quote:
    """A new draft quote with the current content of ``quote``."""

def check_quote(quote: Quote | Document) -> list[Violation]:
    """Every violation of the current version of ``quote``."""

def quote_totals(quote: Quote | Document) -> Totals:
    """The totals of the current version of ``quote``."""

def quote_to_invoice(quote: Quote | Document) -> InvoiceDraft:
    """The invoice draft of an accepted quote."""

def quote_to_deposit(
    quote: Quote | Document, spec: Mapping[str, DecimalIn], previous: Sequence[IssuedInvoice | Document] = ()
) -> InvoiceDraft:
    """A deposit-invoice draft of an accepted quote (``{"percent": "30"}`` or ``{"amount_excl_tax": …}``)."""

def quote_to_final(quote: Quote | Document, deposits: Sequence[IssuedInvoice | Document]) -> InvoiceDraft:
    """The final-invoice draft of an accepted quote."""

def receivables(input: ReceivablesInput | Document, as_of: DateIn) -> ReceivablesReport:
    """Who owes what as of ``as_of``: statuses, accounts, aging, interest, reminders due, cash.

    Raises ``ValidationError`` listing every problem of the input.
    """

def late_interest(debt: LateDebt | Document, as_of: DateIn, rates: RateOverrides | Document | None = None) -> InterestResult:
    """Late-payment interest and indemnity of one debt, with ``rates`` merged into the shipped tables."""

def render_pdf(
    document: IssuedInvoice | Quote | Document,
    *,
    logo: bytes | bytearray | None = None,
    logo_format: Literal["svg", "png"] | None = None,
    logo_alt: str | None = None,
    primary_color: str | None = None,
    footer: str | None = None,
    pdf_a: bool = False,
    template: str | None = None,
) -> bytes:
    """The PDF of an issued invoice or of a quote's current version (a document with ``versions``).

    Raises ``RenderError`` (``pdf.template``, ``pdf.font``, ``pdf.export``, ``pdf.branding``,
    ``pdf.data``) or ``ValidationError`` for a malformed document.
    """

def render_reminder_pdf(
    reminder: Reminder | Document,
    invoice: IssuedInvoice | Document,
    letter_date: DateIn,
    *,
    logo: bytes | bytearray | None = None,
    logo_format: Literal["svg", "png"] | None = None,
    logo_alt: str | None = None,
    primary_color: str | None = None,
    footer: str | None = None,
    pdf_a: bool = False,
    template: str | None = None,
) -> bytes:
    """The letter of one reminder of :func:`receivables` for the invoice it reminds, dated ``letter_date``.

    Same options and errors as :func:`render_pdf`.
    """

def render_statement_pdf(
    account: CustomerAccount | Document,
    seller: Seller | Document,
    buyer: Buyer | Document,
    as_of: DateIn,
    *,
    invoices: Sequence[InvoiceAccount | Document] | None = None,
    logo: bytes | bytearray | None = None,
    logo_format: Literal["svg", "png"] | None = None,
    logo_alt: str | None = None,
    primary_color: str | None = None,
    footer: str | None = None,
    pdf_a: bool = False,
    template: str | None = None,
) -> bytes:
    """The account statement of one customer of :func:`receivables` as of ``as_of``; with
    ``invoices`` (the report's), its overdue invoices are listed too.

    Same options and errors as :func:`render_pdf`.
    """

def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (one of ``SCHEMA_NAMES``)."""

def _panic_for_tests() -> None:
    """Panics inside the guard; raises ``FacturierError(code="panic")``."""
