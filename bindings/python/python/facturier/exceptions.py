"""The exceptions raised by facturier.

Every error of the core arrives as a :class:`FacturierError` (or a subclass) carrying the core's
stable ``code`` and, when there is a single one, the field ``path`` concerned::

    FacturierError                        code, path
    ├── ValidationError (ValueError)      "invalid", "parse"; .errors() lists every problem
    ├── QuoteStateError                   "quote.transition", "wrong_state"
    ├── NumberingError                    "numbering"
    ├── AmountRangeError (ArithmeticError) "overflow"
    ├── InputTypeError (TypeError)        "float", "type": a Python value facturier does not take
    └── RenderError                       "pdf.template", "pdf.font", "pdf.export", "pdf.branding",
                                          "pdf.data": render_pdf failed; .errors() lists Typst's diagnostics

A Rust panic (a bug in facturier) is a plain ``FacturierError`` with code ``"panic"``: it never
crashes the interpreter.
"""

from __future__ import annotations

from typing import TypedDict

__all__ = [
    "AmountRangeError",
    "ErrorDetail",
    "FacturierError",
    "InputTypeError",
    "NumberingError",
    "QuoteStateError",
    "RenderError",
    "ValidationError",
]


class ErrorDetail(TypedDict):
    """One problem found in a document: what, where, why and under which text."""

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
        code: the core's stable error code (``invalid``, ``parse``, ``quote.transition``,
            ``wrong_state``, ``numbering``, ``overflow``, ``float``, ``type``, ``panic`` or, for
            :class:`RenderError`, ``pdf.*``).
        path: the field path concerned (``lines[2].quantity``), or ``None`` when there is none
            or several.
    """

    code: str
    path: str | None

    def __init__(
        self,
        message: str,
        *,
        code: str = "error",
        path: str | None = None,
        errors: list[ErrorDetail] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self._errors: list[ErrorDetail] = list(errors or [])

    def errors(self) -> list[ErrorDetail]:
        """Every problem found, as ``{code, path, message, source}`` dicts (a fresh list).

        Empty except for :class:`ValidationError` and :class:`RenderError`.
        """
        return [ErrorDetail(**e) for e in self._errors]


class ValidationError(FacturierError, ValueError):
    """The document breaks one or more rules (code ``invalid``), or is malformed (``parse``).

    :meth:`errors` lists *every* violation with its code, field path, message and legal source;
    for ``parse`` errors it holds one entry with code ``parse``.
    """


class QuoteStateError(FacturierError):
    """The document is not in a state allowing the operation.

    Code ``quote.transition`` (accepting a draft quote, revising an accepted one…) or
    ``wrong_state`` (a deposit percentage out of range, a credit note on a credit note…).
    """


class NumberingError(FacturierError):
    """A numbering pattern or state is unusable, or an issue date breaks the chronology."""


class AmountRangeError(FacturierError, ArithmeticError):
    """An amount computation exceeded the range of exact decimals (code ``overflow``)."""


class InputTypeError(FacturierError, TypeError):
    """A Python value facturier does not take, at :attr:`path`.

    Code ``float`` for a ``float`` where an exact amount is expected (use ``Decimal`` or ``str``:
    a binary float is not the amount you meant), ``type`` for anything else (a ``datetime``
    where a ``date`` is expected, a pydantic model — pass ``model.model_dump()`` —, a non-str
    mapping key, an int beyond 64 bits).
    """


class RenderError(FacturierError):
    """A document could not be rendered to PDF (:func:`facturier.render_pdf`).

    Codes: ``pdf.template`` (the Typst template failed: a custom template's error, with its
    line), ``pdf.font`` (a font that is not embedded), ``pdf.export`` (e.g. a PDF/A rule),
    ``pdf.branding`` (a colour not ``#RRGGBB``, an unreadable logo, a logo without
    ``logo_format`` or ``logo_alt``) and ``pdf.data``. :attr:`path` is ``None``; :meth:`errors`
    lists Typst's diagnostics as ``{code, path, message, source}`` where ``code`` is the error's
    code, ``path`` is ``"file:line:column"`` (``/main.typ`` for a custom template; empty when the
    diagnostic points nowhere) and ``source`` is empty.
    """
