"""Issue 12, what only the Python skin can get wrong: lone surrogates, wrong-typed arguments,
Decimals refused from their exponent, and the GIL released around the work."""

from __future__ import annotations

import copy
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import facturier
from conftest import load

AS_OF = date(2026, 11, 22)


def test_lone_surrogates_are_invalid_text_with_their_path(draft: Any) -> None:
    """A ``str`` holding a lone surrogate is not text: ``invalid``/``input.text.invalid`` at its
    path, never a bare ``UnicodeEncodeError``."""
    bad = copy.deepcopy(draft)
    bad["lines"][1]["description"] = "Pose \ud800"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.check_invoice(bad, AS_OF)
    assert (e.value.code, e.value.path) == ("invalid", "lines[1].description")
    assert [(d["code"], d["path"]) for d in e.value.errors()] == [("input.text.invalid", "lines[1].description")]
    # in a key: the path of the mapping holding it
    bad = copy.deepcopy(draft)
    bad["buyer"]["\udc00name"] = "x"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.check_invoice(bad, AS_OF)
    assert (e.value.code, e.value.path) == ("invalid", "buyer")
    # in a named argument and an option
    with pytest.raises(facturier.ValidationError) as e:
        facturier.new_numbering_state("F\udfff", "F-{YYYY}-{SEQ:5}")
    assert (e.value.code, e.value.path) == ("invalid", "series")
    with pytest.raises(facturier.ValidationError) as e:
        facturier.compute_totals(draft, "2026-11-2\ud800")
    assert e.value.path == "as_of"
    # a well-formed pair is one character, and accepted
    ok = copy.deepcopy(draft)
    ok["lines"][1]["description"] = "Pose \U0001f600"
    assert facturier.check_invoice(ok, AS_OF) == []


@pytest.mark.parametrize(
    ("call", "path", "message"),
    [
        (lambda inv: facturier.render_pdf(inv, pdf_a="yes"), "pdf_a", "expected a boolean, not a string"),
        (lambda inv: facturier.render_pdf(inv, footer=3), "footer", "expected a string, not a number"),
        (lambda inv: facturier.render_pdf(inv, logo_format=["svg"]), "logo_format", "not a list"),
        (lambda inv: facturier.new_numbering_state(3, "F-{SEQ:3}"), "series", "expected a string, not a number"),
        (lambda inv: facturier.new_numbering_state("s", "F-{SEQ:3}", yearly_reset="no"), "yearly_reset", "expected a boolean"),
        (lambda inv: facturier.next_number(facturier.new_numbering_state("s", "F-{YYYY}-{SEQ:3}"), 20261122), "issue_date", 'expected a date string "YYYY-MM-DD"'),
        (lambda inv: facturier.json_schema(True), "name", "not a boolean"),
        (lambda inv: facturier.credit_note(inv, selection=5), "selection", "a string or an object"),
    ],
)
def test_wrong_typed_arguments_are_input_type_errors(draft: Any, call: Any, path: str, message: str) -> None:
    """Keyword options and numbering arguments of another type: ``InputTypeError`` (a
    ``TypeError``), code ``type``, the argument as path — not pyo3's bare ``TypeError``."""
    invoice, _ = facturier.issue_invoice(draft, facturier.new_numbering_state("i", "F-{YYYY}-{SEQ:5}"), AS_OF)
    with pytest.raises(facturier.InputTypeError) as e:
        call(invoice)
    assert isinstance(e.value, TypeError)
    assert (e.value.code, e.value.path) == ("type", path)
    assert message in str(e.value), str(e.value)


@pytest.mark.parametrize(
    "value",
    ["1E+999999999", "-1E+999999999", "1E-999999999", "0E-999999999", "9" * 30 + "E+100000", "1E+100000", "1E-100"],
)
def test_decimals_are_refused_from_their_exponent(draft: Any, value: str) -> None:
    """Refused before they are written out: ``input.decimal.invalid`` (a decimal expanded to
    100 001 characters would have met the text limit first, ``input.limit``)."""
    draft["lines"][0]["unit_price"] = Decimal(value)
    with pytest.raises(facturier.ValidationError) as e:
        facturier.check_invoice(draft, AS_OF)
    assert (e.value.code, e.value.path) == ("invalid", "lines[0].unit_price")
    [detail] = e.value.errors()
    assert detail["code"] == "input.decimal.invalid"
    assert "more than 28 digits" in detail["message"]
    assert len(detail["message"]) < 200


@pytest.mark.parametrize("value", ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity"])
def test_non_finite_decimals_are_invalid_decimals(draft: Any, value: str) -> None:
    """As the same text in Node or the CLI: ``invalid``/``input.decimal.invalid``."""
    draft["lines"][0]["unit_price"] = Decimal(value)
    with pytest.raises(facturier.ValidationError) as e:
        facturier.compute_totals(draft, AS_OF)
    assert (e.value.code, e.value.path, e.value.errors()[0]["code"]) == ("invalid", "lines[0].unit_price", "input.decimal.invalid")


def codes(call: Any) -> Any:
    """What a call gives: its result, or the code, path and detail codes of its error."""
    try:
        return call()
    except facturier.FacturierError as e:
        return (e.code, e.path, [d["code"] for d in e.errors()])


@settings(max_examples=300, deadline=None)
@given(
    digits=st.integers(min_value=0, max_value=10**40),
    exponent=st.integers(min_value=-80, max_value=80),
    negative=st.booleans(),
)
def test_a_decimal_is_read_as_its_fixed_point_text(digits: int, exponent: int, negative: bool) -> None:
    """Whatever its exponent, a Decimal gives what its fixed-point text gives (the refusal from
    the exponent agrees with the core's reading of the written-out text)."""
    draft = load("invoice-draft.json")
    d = Decimal(f"{'-' if negative else ''}{digits}E{exponent}")
    as_decimal = copy.deepcopy(draft)
    as_decimal["lines"][0]["unit_price"] = d
    as_text = copy.deepcopy(draft)
    as_text["lines"][0]["unit_price"] = format(d, "f")
    assert codes(lambda: facturier.check_invoice(as_decimal, AS_OF)) == codes(lambda: facturier.check_invoice(as_text, AS_OF))


def test_the_gil_is_released_while_the_core_and_the_renderer_work(draft: Any) -> None:
    """With a switch interval of 100 s the interpreter never takes the GIL from a thread: the
    main thread runs during a call only if the call released it (``py.detach``). Conversions
    hold it (they read Python objects); the core and the renderer do not."""
    invoice, _ = facturier.issue_invoice(draft, facturier.new_numbering_state("i", "F-{YYYY}-{SEQ:5}"), AS_OF)
    big = copy.deepcopy(draft)
    big["lines"] = [dict(line, id=str(i)) for i, line in enumerate(draft["lines"] * 2500)]
    for work in (lambda: facturier.render_pdf(invoice), lambda: facturier.check_invoice(big, AS_OF)):
        state = ["idle"]

        def worker() -> None:
            state[0] = "calling"  # noqa: B023 (the loop waits for this thread)
            work()  # noqa: B023
            state[0] = "done"  # noqa: B023

        seen = 0
        previous = sys.getswitchinterval()
        sys.setswitchinterval(100)
        try:
            t = threading.Thread(target=worker)
            t.start()
            while state[0] != "done":
                if state[0] == "calling":
                    seen += 1
                time.sleep(0.0005)  # gives the GIL up, and waits for it
            t.join()
        finally:
            sys.setswitchinterval(previous)
        assert seen > 0, "the main thread never ran during the call: the GIL was held"
