"""facturier: exact and lawful French billing documents, from Python.

Quotes (devis) with versions and statuses, invoices with gapless numbering and every mandatory
mention checked, deposit and final invoices, credit notes and EN 16931 totals, computed by the
Rust core ``facturier-core``. Documents are plain dicts shaped like the JSON Schemas
(:func:`json_schema`). Decimals go in as ``decimal.Decimal``, ``str`` or ``int`` and come out
as ``Decimal``; a ``float`` is refused. Dates go in as ``datetime.date`` or ``"YYYY-MM-DD"`` and
come out as ``date``. :func:`render_pdf` turns an issued invoice or a quote into PDF bytes
(Typst, embedded). :func:`receivables` reads invoices, payments, refunds and the reminders
already sent and tells, as of a date, who owes what: statuses, aging, late-payment interest,
reminders due and the cash forecast; :func:`render_reminder_pdf` and :func:`render_statement_pdf`
print a reminder letter and a customer's account statement. Functions are pure: nothing is stored, the numbering state is an argument
and a result. The GIL is released while the core works and while a PDF renders.
"""

from facturier._facturier import (
    SCHEMA_NAMES,
    __version__,
    accept_quote,
    check_invoice,
    check_quote,
    compute_totals,
    credit_note,
    due_date,
    duplicate_quote,
    final_invoice,
    issue_invoice,
    json_schema,
    late_interest,
    new_numbering_state,
    new_quote,
    numbering_report,
    quote_status,
    quote_to_deposit,
    quote_to_final,
    quote_to_invoice,
    quote_totals,
    receivables,
    refuse_quote,
    render_pdf,
    render_reminder_pdf,
    render_statement_pdf,
    revise_quote,
    send_quote,
)
from facturier.exceptions import (
    AmountRangeError,
    ErrorDetail,
    FacturierError,
    InputTypeError,
    NumberingError,
    QuoteStateError,
    RenderError,
    ValidationError,
)

__all__ = [
    "SCHEMA_NAMES",
    "AmountRangeError",
    "ErrorDetail",
    "FacturierError",
    "InputTypeError",
    "NumberingError",
    "QuoteStateError",
    "RenderError",
    "ValidationError",
    "__version__",
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
