"""The shared table of bad inputs (``bindings/cases.json``): the code and path each reports,
the same as in Node and in the shared Rust crate."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import facturier

from conftest import load

CASES = json.loads((Path(__file__).resolve().parents[2] / "cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def story() -> dict[str, Any]:
    """The documents the cases refer to (built as in ``bindings/ffi/tests/operations.rs``)."""
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    draft_quote = facturier.new_quote("D-2026-0042", load("quote-v1.json"))
    quote = facturier.accept_quote(facturier.send_quote(draft_quote, "2026-10-01"), "2026-10-12")
    invoice, _ = facturier.issue_invoice(load("invoice-draft.json"), state, "2026-11-22")
    credits = facturier.new_numbering_state("credit-notes", "AV-{YYYY}-{SEQ:4}")
    credit, _ = facturier.issue_invoice(facturier.credit_note(invoice), credits, "2026-11-22")
    return {"draft": load("invoice-draft.json"), "state": state, "draft_quote": draft_quote, "quote": quote, "invoice": invoice, "credit": credit}


def segments(path: str) -> list[str | int]:
    return [int(s) if s.isdigit() else s for s in re.split(r"[.\[\]]+", path) if s]


def resolve(value: Any, story: dict[str, Any]) -> Any:
    """A case's value: fixtures (``{"$": ...}``, at any depth), patched by ``set``, ``remove`` and
    ``grow``."""
    if isinstance(value, list):
        return [resolve(v, story) for v in value]
    if not isinstance(value, dict):
        return value
    if "$" not in value:
        return {k: resolve(v, story) for k, v in value.items()}
    kind, _, arg = value["$"].partition(":")
    if kind == "bytes":
        return arg.encode()
    if kind == "decimal":
        return Decimal(arg)
    if kind == "lone_surrogate":
        return arg + "\ud800"
    base = copy.deepcopy(load(arg) if kind == "example" else story[arg])

    def parent(path: str) -> tuple[Any, str | int]:
        *parents, last = segments(path)
        target = base
        for p in parents:
            target = target[p]
        return target, last

    for path, new in value.get("set", {}).items():
        target, last = parent(path)
        target[last] = resolve(new, story)
    for path in value.get("remove", []):
        target, last = parent(path)
        del target[last]
    for path, length in value.get("grow", {}).items():
        target, last = parent(path)
        items = target[last]
        target[last] = [items[i % len(items)] for i in range(length)]
    return base


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any], story: dict[str, Any]) -> None:
    fn = getattr(facturier, case["op"])
    args = [resolve(a, story) for a in case["args"]]
    options = {k: resolve(v, story) for k, v in case.get("options", {}).items()}
    with pytest.raises(facturier.FacturierError) as info:
        fn(*args, **options)
    assert (info.value.code, info.value.path) == (case["code"], case["path"]), str(info.value)
    if "detail" in case:
        assert info.value.errors()[0]["code"] == case["detail"], str(info.value)
