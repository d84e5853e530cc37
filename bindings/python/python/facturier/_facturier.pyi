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
    "new_numbering_state",
    "new_quote",
    "numbering_report",
    "quote_status",
    "quote_to_deposit",
    "quote_to_final",
    "quote_to_invoice",
    "quote_totals",
    "refuse_quote",
    "render_pdf",
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

def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (one of ``SCHEMA_NAMES``)."""

def _panic_for_tests() -> None:
    """Panics inside the guard; raises ``FacturierError(code="panic")``."""
