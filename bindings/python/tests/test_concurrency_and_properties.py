"""Threads (the GIL is released in the core) and property tests of the exact arithmetic."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import facturier
from conftest import load

AS_OF = date(2026, 11, 22)


def test_issue_from_four_threads(draft: Any) -> None:
    """Pure functions, no shared state: every thread gets the same, correct result."""
    state = facturier.new_numbering_state("i", "F-{YYYY}-{SEQ:5}")
    expected, _ = facturier.issue_invoice(draft, state, AS_OF)

    def work(_: int) -> list[Any]:
        return [facturier.issue_invoice(draft, state, AS_OF)[0] for _ in range(25)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [inv for batch in pool.map(work, range(4)) for inv in batch]
    assert len(results) == 100
    assert all(r == expected for r in results)


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False, allow_infinity=False)
quantities = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("9999"), places=4, allow_nan=False, allow_infinity=False)
rates = st.sampled_from(["20", "10", "5.5", "2.1"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(prices, quantities, rates), min_size=1, max_size=8))
def test_totals_add_up(lines: list[tuple[Decimal, Decimal, str]]) -> None:
    draft = load("invoice-draft.json")
    template = draft["lines"][0]
    draft["lines"] = []
    for i, (price, qty, rate) in enumerate(lines):
        line = copy.deepcopy(template)
        line.pop("discount", None)
        line.update(id=str(i + 1), unit_price=price, quantity=qty, vat_rate=rate)
        draft["lines"].append(line)
    t = facturier.compute_totals(draft, AS_OF)
    assert t["total_incl_tax"] == t["total_excl_tax"] + t["vat_total"]
    assert t["line_total"] == sum(line["net"] for line in t["lines"])
    assert t["vat_total"] == sum(r["vat"] for r in t["vat_breakdown"])
    for line, (price, qty, _) in zip(t["lines"], lines):
        assert line["net"] == (price * qty).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@settings(max_examples=100, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=Decimal("-1e12"), max_value=Decimal("1e12")))
def test_decimals_round_trip_exactly(amount: Decimal) -> None:
    """A Decimal goes in and comes out as the same number (the core keeps its scale)."""
    terms: Any = {"type": "on_receipt"}
    content = load("quote-v1.json")
    content["payment_terms"] = terms
    content["late_payment_rate"] = amount
    q = facturier.new_quote("D-1", content)
    assert q["versions"][0]["content"]["late_payment_rate"] == amount
