"""The whole story of a sale: quote v1 → v2 → sent → accepted → 30 % deposit → final → partial credit note."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import facturier


def test_full_story(quote_v1: Any, quote_v2: Any) -> None:
    q = facturier.new_quote("D-2026-001", quote_v1)
    assert q["status"] == "draft" and len(q["versions"]) == 1
    q = facturier.revise_quote(q, quote_v2)
    assert [v["version"] for v in q["versions"]] == [1, 2]
    assert facturier.check_quote(q) == []
    q = facturier.send_quote(q, date(2026, 10, 9))
    assert facturier.quote_status(q, date(2026, 10, 10)) == "sent"
    assert facturier.quote_status(q, date(2026, 11, 30)) == "expired"
    q = facturier.accept_quote(q, "2026-10-15")
    assert q["status"] == "accepted"
    assert [h["status"] for h in q["history"]] == ["draft", "draft", "sent", "accepted"]
    assert all(isinstance(h["date"], date) for h in q["history"])
    quote_totals = facturier.quote_totals(q)

    invoices = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    deposit_draft = facturier.quote_to_deposit(q, {"percent": "30"})
    assert deposit_draft["kind"] == "deposit"
    deposit, invoices = facturier.issue_invoice(deposit_draft, invoices, date(2026, 10, 16))
    assert deposit["number"] == "F-2026-00001"
    assert deposit["totals"]["total_excl_tax"] == (quote_totals["total_excl_tax"] * Decimal("0.30")).quantize(Decimal("0.01"))

    # Nothing more than the remaining 70 % can be asked afterwards.
    second = facturier.quote_to_deposit(q, {"percent": "100"}, [deposit])
    assert sum(l["unit_price"] for l in second["lines"]) == quote_totals["total_excl_tax"] - deposit["totals"]["total_excl_tax"]

    final_draft = facturier.quote_to_final(q, [deposit])
    assert final_draft["kind"] == "final" and final_draft["deposits"][0]["number"] == "F-2026-00001"
    final, invoices = facturier.issue_invoice(final_draft, invoices, date(2026, 11, 20))
    assert final["number"] == "F-2026-00002"
    t = final["totals"]
    assert t["total_incl_tax"] == quote_totals["total_incl_tax"]
    assert t["amount_due"] == t["total_incl_tax"] - deposit["totals"]["total_incl_tax"]

    credit_notes = facturier.new_numbering_state("credit-notes", "A-{YYYY}-{SEQ:4}")
    cn_draft = facturier.credit_note(final, {"lines": [{"line_id": "4", "quantity": "3"}]})
    assert cn_draft["kind"] == "credit_note"
    assert cn_draft["preceding_invoice"] == {"number": "F-2026-00002", "issue_date": date(2026, 11, 20), "kind": "final"}
    cn, credit_notes = facturier.issue_invoice(cn_draft, credit_notes, date(2026, 11, 25))
    assert cn["number"] == "A-2026-0001"
    assert cn["totals"]["total_excl_tax"] == Decimal("89.70")  # 3 × 29.90

    report = facturier.numbering_report(invoices, [deposit["number"], final["number"]])
    assert report == {"checked": 2, "duplicates": [], "gaps": [], "unparsable": []}


def test_outputs_round_trip_as_inputs(quote_v2: Any) -> None:
    """What facturier returns (Decimal, date) is accepted back as is."""
    q = facturier.new_quote("D-1", quote_v2)
    q = facturier.send_quote(q, date(2026, 10, 9))
    q = facturier.accept_quote(q, date(2026, 10, 9))
    d = facturier.quote_to_invoice(q)
    inv, state = facturier.issue_invoice(d, facturier.new_numbering_state("s", "F{SEQ}", yearly_reset=False), date(2026, 10, 9))
    assert inv["number"] == "F1"
    full = facturier.credit_note(inv)
    assert full["lines"] == inv["content"]["lines"]
    again = facturier.final_invoice(d, [facturier.issue_invoice(facturier.quote_to_deposit(q, {"amount_excl_tax": "100.00"}), state, date(2026, 10, 10))[0]])
    assert again["kind"] == "final"
