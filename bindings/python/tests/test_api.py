"""Every function of bindings/API.md, the value conversions and the error mapping."""

from __future__ import annotations

import copy
import datetime as dt
from collections import OrderedDict
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

import facturier
from facturier import _facturier

AS_OF = date(2026, 11, 22)


def accepted_quote(content: Any) -> Any:
    q = facturier.new_quote("D-7", content)
    q = facturier.send_quote(q, content["issue_date"])
    return facturier.accept_quote(q, content["issue_date"])


# --- module surface -------------------------------------------------------------------------


def test_version_and_all() -> None:
    assert facturier.__version__ == "0.1.0"
    for name in facturier.__all__:
        assert getattr(facturier, name) is not None
    for name in ["check_invoice", "issue_invoice", "quote_to_final", "json_schema"]:
        assert getattr(facturier, name).__doc__


def test_json_schema() -> None:
    assert set(facturier.SCHEMA_NAMES) >= {"invoice-draft", "quote", "numbering-state", "deposit-spec"}
    s = facturier.json_schema("invoice-draft")
    assert s["title"] == "InvoiceDraft" and "lines" in s["properties"]
    # schemas are plain JSON: nothing is turned into Decimal or date
    assert isinstance(s["$defs"]["Line"]["properties"]["quantity"]["pattern"], str)
    with pytest.raises(ValueError, match="no schema named"):
        facturier.json_schema("nope")


# --- invoices -------------------------------------------------------------------------------


def test_check_invoice(draft: Any, invalid_draft: Any) -> None:
    assert facturier.check_invoice(draft, AS_OF) == []
    violations = facturier.check_invoice(invalid_draft, "2026-11-22")
    codes = {v["code"] for v in violations}
    assert "vat.rate.not_allowed" in codes
    assert {"code", "path", "message", "source"} == set(violations[0])
    assert any(v["path"] == "lines[1].vat_rate" for v in violations)


def test_compute_totals_types(draft: Any) -> None:
    t = facturier.compute_totals(draft, AS_OF)
    assert isinstance(t["total_incl_tax"], Decimal)
    assert t["total_incl_tax"] == t["total_excl_tax"] + t["vat_total"]
    assert all(isinstance(r["rate"], Decimal) for r in t["vat_breakdown"])
    assert all(isinstance(line["id"], str) for line in t["lines"])  # ids stay text


def test_due_date() -> None:
    assert facturier.due_date({"type": "net_days", "days": 30}, date(2026, 1, 31)) == date(2026, 3, 2)
    assert facturier.due_date({"type": "on_receipt"}, "2026-05-04") == date(2026, 5, 4)
    d = facturier.due_date({"type": "end_of_month", "days": 45}, date(2026, 1, 20))
    assert type(d) is date and d == date(2026, 3, 31)


def test_numbering_state_and_issue(draft: Any) -> None:
    s = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    assert s == {"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}", "yearly_reset": True, "last_sequence": 0}
    inv, s2 = facturier.issue_invoice(draft, s, AS_OF)
    assert inv["number"] == "F-2026-00001" and s2["last_sequence"] == 1
    assert isinstance(inv["issue_date"], date) and isinstance(inv["due_date"], date)
    assert s2["last_issue_date"] == AS_OF
    inv2, s3 = facturier.issue_invoice(draft, s2, AS_OF)
    assert inv2["number"] == "F-2026-00002"
    assert s == facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}"), "inputs are never mutated"
    c = facturier.new_numbering_state("c", "C{SEQ}", yearly_reset=False)
    assert c["yearly_reset"] is False


def test_numbering_report_finds_gaps_and_duplicates() -> None:
    s = facturier.new_numbering_state("i", "F-{YYYY}-{SEQ:3}")
    s = {**s, "year": 2026, "last_sequence": 4, "last_issue_date": date(2026, 3, 1)}
    r = facturier.numbering_report(s, ["F-2026-001", "F-2026-001", "F-2026-004", "X"])
    assert r["duplicates"] == ["F-2026-001"] and r["unparsable"] == ["X"]
    assert [(g["missing_from"], g["missing_to"]) for g in r["gaps"]] == [(2, 3)]
    assert r["gaps"][0]["missing"] == ["F-2026-002", "F-2026-003"]


def test_numbering_errors(draft: Any) -> None:
    with pytest.raises(facturier.NumberingError) as e:
        facturier.new_numbering_state("i", "F-{SEQ}")  # yearly reset without a year token
    assert e.value.code == "numbering.pattern.invalid" and e.value.path == "pattern"
    s = facturier.new_numbering_state("i", "F-{YYYY}-{SEQ}")
    _, s = facturier.issue_invoice(draft, s, AS_OF)
    with pytest.raises(facturier.NumberingError, match="chronological"):
        facturier.issue_invoice(draft, s, date(2026, 1, 1))


def test_credit_note_and_final(draft: Any) -> None:
    inv, _ = facturier.issue_invoice(draft, facturier.new_numbering_state("i", "F{YYYY}-{SEQ}"), AS_OF)
    full = facturier.credit_note(inv)
    assert full["kind"] == "credit_note" and full["payment_terms"] == {"type": "on_receipt"}
    assert facturier.credit_note(inv, "full") == full
    line = inv["content"]["lines"][0]
    part = facturier.credit_note(inv, {"lines": [{"line_id": line["id"], "quantity": 1}]})
    assert part["lines"][0]["quantity"] == Decimal(1)
    gesture = facturier.credit_note(
        inv, {"amount": {"amount": Decimal("10.00"), "vat_category": "S", "vat_rate": "20", "reason": "Geste commercial"}}
    )
    assert gesture["lines"][0]["unit_price"] == Decimal("10.00")
    with pytest.raises(facturier.DepositError) as e:
        facturier.final_invoice(draft, [inv])  # not a deposit invoice
    assert e.value.code == "deposit.final.not_a_deposit" and e.value.path == "deposits[0]"
    assert e.value.source is not None and "CGI 289" in e.value.source
    with pytest.raises(facturier.QuoteStateError):
        facturier.final_invoice(draft, [])


def test_tampered_issued_invoice_is_refused(draft: Any) -> None:
    inv, _ = facturier.issue_invoice(draft, facturier.new_numbering_state("i", "F{YYYY}-{SEQ}"), AS_OF)
    bad = copy.deepcopy(inv)
    bad["totals"]["total_incl_tax"] += Decimal("0.01")
    # loaded as it is (archives stay readable); verify_invoice is the tamper check, credit notes run it
    assert facturier.verify_invoice(inv) == []
    assert [(v["code"], v["path"]) for v in facturier.verify_invoice(bad)] == [("issued.out_of_step", "totals")]
    with pytest.raises(facturier.ValidationError) as e:
        facturier.credit_note(bad)
    assert e.value.path == "totals"


def test_colliding_numbering_series_are_reported() -> None:
    a = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    b = facturier.new_numbering_state("shop", "F-{YYYY}-{SEQ:5}")
    c = facturier.new_numbering_state("credit-notes", "AV-{YYYY}-{SEQ:5}")
    assert facturier.check_numbering_series([a, c]) == []
    clash = facturier.check_numbering_series([a, b])
    assert [(v["code"], v["path"]) for v in clash] == [("numbering.series.collide", "series[1].pattern")]


# --- quotes ---------------------------------------------------------------------------------


def test_quote_functions(quote_v1: Any, quote_v2: Any) -> None:
    q = facturier.new_quote("D-1", quote_v1)
    assert facturier.quote_status(q, AS_OF) == "draft"
    assert facturier.check_quote(q) == []
    t = facturier.quote_totals(q)
    assert t["total_incl_tax"] == t["total_excl_tax"] + t["vat_total"]
    dup = facturier.duplicate_quote(q, "D-2", date(2026, 12, 1), date(2026, 12, 31))
    assert dup["number"] == "D-2" and dup["versions"][0]["content"]["valid_until"] == date(2026, 12, 31)
    sent = facturier.send_quote(q, date(2026, 10, 2))
    refused = facturier.refuse_quote(sent, date(2026, 10, 3))
    assert refused["status"] == "refused"
    revised = facturier.revise_quote(refused, quote_v2)
    assert revised["status"] == "draft" and len(revised["versions"]) == 2
    acc = accepted_quote(quote_v2)
    inv = facturier.quote_to_invoice(acc)
    assert inv["quote"] == {"number": "D-7", "version": 1} and inv["kind"] == "standard"
    dep = facturier.quote_to_deposit(acc, {"amount_excl_tax": "100.00"})
    assert sum(line["unit_price"] for line in dep["lines"]) == Decimal("100.00")


def test_quote_state_errors(quote_v1: Any) -> None:
    q = facturier.new_quote("D-1", quote_v1)
    with pytest.raises(facturier.QuoteStateError) as e:
        facturier.accept_quote(q, date(2026, 10, 2))
    assert e.value.code == "quote.transition" and e.value.path is None
    assert "draft" in str(e.value) and "accepted" in str(e.value)
    with pytest.raises(facturier.QuoteError) as e2:
        facturier.quote_to_invoice(q)
    assert e2.value.code == "quote.not_accepted" and e2.value.path == "status"
    acc = accepted_quote(quote_v1)
    with pytest.raises(facturier.QuoteStateError):
        facturier.revise_quote(acc, quote_v1)
    with pytest.raises(facturier.QuoteStateError) as e3:
        facturier.quote_to_deposit(acc, {"percent": "150"})
    assert e3.value.path == "deposit.percent"


def test_new_quote_without_number_is_invalid(quote_v1: Any) -> None:
    with pytest.raises(facturier.ValidationError) as e:
        facturier.new_quote(" ", quote_v1)
    assert [x["path"] for x in e.value.errors()] == ["number"]


# --- errors ---------------------------------------------------------------------------------


def test_validation_error(invalid_draft: Any) -> None:
    s = facturier.new_numbering_state("i", "F{YYYY}-{SEQ}")
    with pytest.raises(facturier.ValidationError) as e:
        facturier.issue_invoice(invalid_draft, s, AS_OF)
    err = e.value
    assert isinstance(err, ValueError) and isinstance(err, facturier.FacturierError)
    assert err.code == "invalid" and err.path is None  # several violations
    errors = err.errors()
    assert len(errors) >= 3 and {"code", "path", "message", "source"} == set(errors[0])
    assert ("vat.rate.not_allowed", "lines[1].vat_rate") in {(x["code"], x["path"]) for x in errors}
    assert all(x["source"] for x in errors)
    errors.clear()
    assert err.errors(), "errors() returns a fresh list"


def test_parse_error_has_one_entry(draft: Any) -> None:
    draft["lines"][1]["quantity"] = "abc"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.compute_totals(draft, AS_OF)
    # the core's JSON edge: not the schemas' decimal grammar
    assert e.value.code == "invalid" and e.value.path == "lines[1].quantity"
    (only,) = e.value.errors()
    assert only["code"] == "input.decimal.invalid" and only["path"] == "lines[1].quantity"
    draft["lines"][1]["quantity"] = "1"
    with pytest.raises(facturier.ValidationError) as e2:
        facturier.compute_totals({**draft, "surprise": 1}, AS_OF)
    assert "surprise" in str(e2.value)
    with pytest.raises(facturier.ValidationError) as e3:
        facturier.compute_totals(draft, "2026-13-01")
    assert e3.value.path == "as_of"


def test_panic_becomes_facturier_error() -> None:
    with pytest.raises(facturier.FacturierError) as e:
        _facturier._panic_for_tests()
    assert e.value.code == "panic" and "deliberate panic" in str(e.value)
    assert type(e.value) is facturier.FacturierError


def test_overflow_is_amount_range_error(draft: Any) -> None:
    # 28 digits: the most an exact decimal holds (more is refused by the JSON edge)
    draft["lines"][0]["quantity"] = "9999999999999999999999999999"
    draft["lines"][0]["unit_price"] = "9999999999999999999999999999"
    with pytest.raises(facturier.FacturierError) as e:
        facturier.issue_invoice(draft, facturier.new_numbering_state("i", "F{YYYY}-{SEQ}"), AS_OF)
    # the legal check reports the out-of-range amount as a violation; computing totals overflows
    assert isinstance(e.value, (facturier.ValidationError, facturier.AmountRangeError))
    with pytest.raises(facturier.AmountRangeError) as e2:
        facturier.compute_totals(draft, AS_OF)
    assert isinstance(e2.value, ArithmeticError) and e2.value.code == "overflow"


# --- input conversion -----------------------------------------------------------------------


def test_float_is_refused_with_path(draft: Any) -> None:
    draft["lines"][1]["unit_price"] = 12.5
    with pytest.raises(TypeError) as e:
        facturier.compute_totals(draft, AS_OF)
    assert str(e.value) == "lines[1].unit_price: float is not an exact amount; use Decimal or str"
    assert isinstance(e.value, facturier.InputTypeError)
    assert e.value.code == "float" and e.value.path == "lines[1].unit_price"
    del draft["lines"][1]["unit_price"]
    with pytest.raises(TypeError, match=r"^deposits\[0\]: float"):
        facturier.final_invoice(draft, [1.0])


def test_decimal_str_int_are_exact(draft: Any) -> None:
    draft["lines"][0]["unit_price"] = Decimal("1E+2")  # no exponent reaches the core
    draft["lines"][0]["quantity"] = 3
    t = facturier.compute_totals(draft, AS_OF)
    draft["lines"][0]["unit_price"] = "100"
    draft["lines"][0]["quantity"] = Decimal("3.000")
    assert facturier.compute_totals(draft, AS_OF) == t
    draft["lines"][0]["discount"] = None
    assert facturier.compute_totals(draft, AS_OF)["lines"][0]["net"] == Decimal("300.00")


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")])
def test_non_finite_decimal_is_refused(draft: Any, bad: Decimal) -> None:
    draft["lines"][0]["unit_price"] = bad
    with pytest.raises(facturier.ValidationError) as e:
        facturier.compute_totals(draft, AS_OF)
    assert e.value.path == "lines[0].unit_price"


def test_dates(draft: Any) -> None:
    with pytest.raises(TypeError, match="^as_of: datetime carries a time"):
        facturier.compute_totals(draft, dt.datetime(2026, 11, 22, 10, 0))
    draft["delivery_date"] = date(2026, 11, 1)
    inv, _ = facturier.issue_invoice(draft, facturier.new_numbering_state("i", "F{YYYY}-{SEQ}"), AS_OF)
    assert inv["content"]["delivery_date"] == date(2026, 11, 1)


def test_other_types_are_refused(draft: Any) -> None:
    class Model:
        pass

    draft["buyer"] = Model()
    with pytest.raises(TypeError, match=r"^buyer: Model is not a facturier input.*model_dump"):
        facturier.compute_totals(draft, AS_OF)
    draft["buyer"] = {1: "x"}
    with pytest.raises(TypeError, match="key 1 is not a str"):
        facturier.compute_totals(draft, AS_OF)
    with pytest.raises(TypeError, match="64-bit"):
        facturier.due_date({"type": "net_days", "days": 2**70}, AS_OF)


def test_bool_is_not_an_int(draft: Any) -> None:
    draft["lines"][0]["quantity"] = True
    with pytest.raises(facturier.ValidationError) as e:
        facturier.compute_totals(draft, AS_OF)
    assert e.value.path == "lines[0].quantity"


def test_mappings_and_tuples(draft: Any) -> None:
    expected = facturier.compute_totals(draft, AS_OF)
    other = OrderedDict(draft)
    other["seller"] = MappingProxyType(draft["seller"])
    other["lines"] = tuple(draft["lines"])
    assert facturier.compute_totals(other, AS_OF) == expected


def test_cycles_and_depth_are_refused(draft: Any) -> None:
    draft["notes"] = []
    draft["notes"].append(draft["notes"])
    with pytest.raises(facturier.ValidationError, match="nested deeper"):
        facturier.compute_totals(draft, AS_OF)


def test_every_function_has_a_docstring_and_a_signature() -> None:
    import inspect

    for name in facturier._api.__all__:
        fn = getattr(facturier, name)
        assert fn.__doc__ and fn.__doc__.strip(), name
        assert fn.__doc__.splitlines()[0] in pydoc_text(fn), name
        inspect.signature(fn)
    params = inspect.signature(facturier.render_pdf).parameters
    assert params["logo_alt"].kind is inspect.Parameter.KEYWORD_ONLY and params["pdf_a"].default is False
    assert inspect.signature(facturier.credit_note).parameters["selection"].default == "full"


def pydoc_text(fn: Any) -> str:
    import pydoc

    return pydoc.render_doc(fn, renderer=pydoc.plaintext)


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("deposit.percent.out_of_range", facturier.DepositError),
        ("credit_note.of_credit_note", facturier.CreditNoteError),
        ("quote.expired", facturier.QuoteError),
        ("numbering.chronology", facturier.NumberingError),
        ("receivables.allocation.exceeds", facturier.ReceivablesError),
        ("pdf.whatever", facturier.RenderError),
        ("einvoice.rules", facturier.EinvoiceError),
        ("quote.transition", facturier.QuoteStateError),
        ("invalid", facturier.ValidationError),
        ("float", facturier.InputTypeError),
        ("panic", facturier.FacturierError),
    ],
)
def test_exception_families(code: str, cls: type) -> None:
    from facturier.exceptions import _make

    e = _make("m", code=code, path=None, source=None, details=[], type_error=False)
    assert type(e) is cls and isinstance(e, facturier.FacturierError)
    if cls in (facturier.DepositError, facturier.CreditNoteError, facturier.QuoteError):
        assert isinstance(e, facturier.QuoteStateError), "caught where wrong_state was"


def test_rules_lists_every_code() -> None:
    rules = facturier.rules()
    codes = [r["code"] for r in rules]
    assert len(codes) == len(set(codes))
    for code in (
        "lines.empty",
        "invalid",
        "parse",
        "deposit.percent.out_of_range",
        "credit_note.of_credit_note",
        "numbering.date.before_last",
        "reminder.invoice.mismatch",
        "internal",
        "pdf.branding",
        "float",
        "panic",
    ):
        assert code in codes, code
    assert all(r["source"] for r in rules)
    assert next(r for r in rules if r["code"] == "pdf.template").get("message")


def test_next_number_previews_without_allocating(draft: Any) -> None:
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    assert facturier.next_number(state, AS_OF) == "F-2026-00001"
    invoice, _ = facturier.issue_invoice(draft, state, AS_OF)
    assert invoice["number"] == "F-2026-00001"


def test_hostile_inputs_are_refused_at_the_core_edge(draft: Any) -> None:
    """Issue 12: decimals outside the grammar, dates in another shape, control characters and
    the host's limits, the same codes as in Node and the CLI."""
    bad = copy.deepcopy(draft)
    bad["lines"][0]["quantity"] = "1e3"
    bad["buyer"]["name"] = "Boulangerie\x00"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.check_invoice(bad, AS_OF)
    found = sorted((v["code"], v["path"]) for v in e.value.errors())
    assert found == [("input.decimal.invalid", "lines[0].quantity"), ("input.text.invalid", "buyer.name")]
    with pytest.raises(facturier.ValidationError) as e:
        facturier.compute_totals(draft, "2026-1-5")
    assert e.value.errors()[0]["code"] == "input.date.invalid"
    previous = facturier.configure_limits()
    try:
        assert facturier.configure_limits({"max_lines": 1})["max_lines"] == 1
        with pytest.raises(facturier.ValidationError) as e:
            facturier.check_invoice(draft, AS_OF)
        assert e.value.errors()[0]["code"] == "input.limit"
    finally:
        facturier.configure_limits(previous)
    assert facturier.configure_limits()["max_lines"] == 100_000
