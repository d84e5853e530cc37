"""The exceptions raised by facturier.

Every error arrives as a :class:`FacturierError` (or a subclass) carrying a stable ``code`` and,
when there is a single one, the field ``path`` concerned; the class is chosen by the code, in one
table (``_CLASSES``: exact codes, then families by prefix), so a new code of a family lands in its
class::

    FacturierError                        code, path, source, details
    ├── ValidationError (ValueError)      "invalid", "parse"; .errors() lists every problem
    ├── QuoteStateError                   "quote.transition"
    │   ├── QuoteError                    "quote.*"
    │   ├── DepositError                  "deposit.*"
    │   └── CreditNoteError               "credit_note.*"
    ├── NumberingError                    "numbering.*"
    ├── ReceivablesError                  "receivables.*"
    ├── ContractError                     "contract.*", "chatel.*", "billing.*", "mrr.*"
    ├── AccountingError                   "accounting.*"
    │   └── FecError                      "fec.*": a FEC file unreadable (its line in .errors()),
    │                                     an entry the FEC refuses, a file that cannot be written
    ├── AmountRangeError (ArithmeticError) "overflow"
    ├── InputTypeError (TypeError)        "float", "type": a Python value facturier does not take
    ├── EinvoiceError                     "einvoice.*": an e-invoice that cannot be written
    │                                     ("einvoice.rules", its findings in .errors()) or read
    │                                     ("einvoice.xml", "einvoice.hostile", "einvoice.too_large",
    │                                     "einvoice.unknown_syntax", "einvoice.value")
    └── RenderError                       "pdf.*": "pdf.template", "pdf.font", "pdf.export",
                                          "pdf.branding", "pdf.data", "pdf.limit", "pdf.internal";
                                          .errors() lists Typst's diagnostics

A Rust panic (a bug in facturier) is a plain ``FacturierError`` with code ``"panic"`` (``"internal"``
for a broken internal invariant or a result that cannot be serialised): it never crashes the interpreter. Node reports the same
codes and paths (``bindings/API.md``); :func:`facturier.rules` lists every code.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = [
    "AmountRangeError",
    "AccountingError",
    "ContractError",
    "CreditNoteError",
    "DepositError",
    "EinvoiceError",
    "ErrorDetail",
    "FacturierError",
    "FecError",
    "InputTypeError",
    "NumberingError",
    "QuoteError",
    "QuoteStateError",
    "ReceivablesError",
    "RenderError",
    "ValidationError",
]


class _Location(TypedDict, total=False):
    """Where a Typst diagnostic points."""

    file: str
    """A diagnostic's virtual file (``/main.typ`` for a custom template), empty when it points nowhere."""
    line: int
    """A diagnostic's 1-based line, 0 when unknown."""
    column: int
    """A diagnostic's 1-based column, 0 when unknown."""


class ErrorDetail(_Location):
    """One problem found in a document: what, where, why and under which text.

    A Typst diagnostic of a :class:`RenderError` also tells where it points: ``file``, ``line``
    and ``column`` (``path`` is then ``"file:line:column"``).
    """

    code: str
    """Stable machine code, e.g. ``lines.vat_rate.not_allowed`` (``parse`` for malformed input)."""
    path: str
    """Field path in the input, e.g. ``lines[3].vat_rate``; empty for the whole document."""
    message: str
    """Human-readable explanation (English)."""
    source: str
    """The legal or normative source of the rule (empty for malformed input)."""


class FacturierError(Exception):
    """Base class of every error facturier raises.

    Attributes:
        code: the stable error code (see :func:`facturier.rules`).
        path: the field path concerned (``lines[2].quantity``), or ``None`` when there is none
            or several.
        source: the legal source when the error breaks a single rule, else ``None``.
    """

    code: str
    path: str | None
    source: str | None

    def __init__(
        self,
        message: str,
        *,
        code: str = "error",
        path: str | None = None,
        errors: list[ErrorDetail] | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self.source = source
        self._errors: list[ErrorDetail] = list(errors or [])

    def errors(self) -> list[ErrorDetail]:
        """Every problem found, as ``{code, path, message, source}`` dicts (a fresh list).

        The violations of an ``invalid`` error, the one problem of a ``parse`` error, the Typst
        diagnostics of a :class:`RenderError` (with ``file``, ``line``, ``column``); empty otherwise.
        The same list as Node's ``error.details``.
        """
        return [ErrorDetail(**e) for e in self._errors]


class ValidationError(FacturierError, ValueError):
    """The document breaks one or more rules (code ``invalid``), or is malformed (``parse``).

    :meth:`errors` lists *every* violation with its code, field path, message and legal source;
    for ``parse`` errors it holds one entry with code ``parse``.
    """


class QuoteStateError(FacturierError):
    """The document is not in a state allowing the operation.

    Code ``quote.transition`` (accepting a draft quote, revising an accepted one…); the refusals
    of quotes (``quote.*``), deposits (``deposit.*``, e.g. a percentage out of range) and credit
    notes (``credit_note.*``, e.g. crediting a credit note) are its subclasses.
    """


class QuoteError(QuoteStateError):
    """A quote cannot do what was asked (codes ``quote.*``)."""


class DepositError(QuoteStateError):
    """A deposit invoice cannot be drawn as asked (codes ``deposit.*``, e.g. a percentage over 100)."""


class CreditNoteError(QuoteStateError):
    """A credit note cannot be drawn as asked (codes ``credit_note.*``, e.g. crediting a credit note)."""


class NumberingError(FacturierError):
    """A numbering pattern or state is unusable, or an issue date breaks the chronology."""


class ReceivablesError(FacturierError):
    """The receivables input is inconsistent (codes ``receivables.*``)."""


class ContractError(FacturierError):
    """A contract operation is refused (codes ``contract.*``, ``chatel.*``, ``billing.*``, ``mrr.*``):
    renewing a contract that does not renew, terminating earlier than the law allows, a Chatel
    letter outside its window, an MRR range that ends before it starts…"""


class AccountingError(FacturierError):
    """An accounting operation is refused (codes ``accounting.*``): numbering going back in time,
    an entry numbered twice, an unvalidated entry in the audit trail, a VAT period reversed…"""


class FecError(AccountingError):
    """A FEC file cannot be written or read (codes ``fec.*``): ``fec.entry`` (an entry not validated,
    unbalanced or out of order), ``fec.field``, ``fec.header``, ``fec.charset``, ``fec.xml`` (a read
    error: :meth:`errors` holds one detail with its ``line`` and, for a field, its FEC name as
    ``path``), ``fec.io`` and ``fec.input``."""


class EinvoiceError(FacturierError):
    """An electronic invoice cannot be written or read (codes ``einvoice.*``).

    ``einvoice.rules`` (:func:`facturier.facturx_xml`: the invoice breaks EN 16931 rules, no XML
    is written; :meth:`errors` lists the findings as ``{code, path, message, source, level}``,
    ``code`` the rule id and ``path`` its location), ``einvoice.core``; reading
    (:func:`facturier.read_invoice`, :func:`facturier.validate_invoice`): ``einvoice.xml`` (not
    well formed), ``einvoice.hostile`` (a DTD or an entity, refused, never expanded),
    ``einvoice.too_large``, ``einvoice.unknown_syntax`` (not an invoice), ``einvoice.value``.
    """


class AmountRangeError(FacturierError, ArithmeticError):
    """An amount computation exceeded the range of exact decimals (code ``overflow``)."""


class InputTypeError(FacturierError, TypeError):
    """A Python value facturier does not take, at :attr:`path`.

    Code ``float`` for a ``float`` where an exact amount is expected (use ``Decimal`` or ``str``:
    a binary float is not the amount you meant), ``type`` for anything else (a ``datetime``
    where a ``date`` is expected, a pydantic model — pass ``model.model_dump()`` —, a non-str
    mapping key, an int beyond 64 bits, a ``logo`` that is not bytes).
    """


class RenderError(FacturierError):
    """A document could not be rendered to PDF (:func:`facturier.render_pdf` and the letters).

    Codes: ``pdf.template`` (the Typst template failed: a custom template's error, with its
    line), ``pdf.font`` (a font that is not embedded), ``pdf.export`` (e.g. a PDF/A rule),
    ``pdf.branding`` (a colour not ``#RRGGBB``, an unreadable logo, a logo without
    ``logo_format`` or ``logo_alt``), ``pdf.data``, ``pdf.limit`` (a render limit was reached: the
    template ran too long, too many pages, too large a PDF or value) and ``pdf.internal`` (a bug). :attr:`path` is ``None``; :meth:`errors`
    lists Typst's diagnostics as ``{code, path, message, source, file, line, column}`` where
    ``code`` is the error's code, ``path`` is ``"file:line:column"`` (``/main.typ`` for a custom
    template; empty when the diagnostic points nowhere) and ``source`` is empty.
    """


#: The class of each code: exact codes first, then families (a prefix ending with ``.``).
_CLASSES: tuple[tuple[str, type[FacturierError]], ...] = (
    ("invalid", ValidationError),
    ("parse", ValidationError),
    ("quote.transition", QuoteStateError),
    ("overflow", AmountRangeError),
    ("float", InputTypeError),
    ("type", InputTypeError),
    ("quote.", QuoteError),
    ("deposit.", DepositError),
    ("credit_note.", CreditNoteError),
    ("numbering.", NumberingError),
    ("receivables.", ReceivablesError),
    ("contract.", ContractError),
    ("chatel.", ContractError),
    ("billing.", ContractError),
    ("mrr.", ContractError),
    ("accounting.", AccountingError),
    ("fec.", FecError),
    ("pdf.", RenderError),
    ("einvoice.", EinvoiceError),
)


def _class_of(code: str) -> type[FacturierError]:
    """The exception class of ``code`` (:class:`FacturierError` when no row matches)."""
    for key, cls in _CLASSES:
        if code == key and not key.endswith("."):
            return cls
    for key, cls in _CLASSES:
        if key.endswith(".") and code.startswith(key):
            return cls
    return FacturierError


def _make(
    message: str,
    *,
    code: str,
    path: str | None,
    source: str | None,
    details: list[Any],
    type_error: bool,
) -> BaseException:
    """The exception of one error of the native module (called by it)."""
    cls = _class_of(code)
    error = cls(message, code=code, path=path, errors=details, source=source)
    if type_error and not isinstance(error, TypeError):
        return InputTypeError(message, code=code, path=path, errors=details, source=source)
    return error
