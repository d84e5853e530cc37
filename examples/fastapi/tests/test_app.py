"""The example service end to end, through HTTP."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import facturier
from fastapi.testclient import TestClient

from conftest import load


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_story(client: TestClient) -> None:
    ok(client.post("/series", json={"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}"}), 201)
    ok(client.post("/series", json={"series": "credit-notes", "pattern": "A-{YYYY}-{SEQ:4}"}), 201)
    q = ok(client.post("/quotes", json={"number": "D-2026-001", "content": load("quote-v1.json")}), 201)
    assert q["status"] == "draft"
    q = ok(client.put("/quotes/D-2026-001", json=load("quote-v2.json")))
    assert len(q["versions"]) == 2
    # accepting a draft is refused: 409 with the core's code
    err = ok(client.post("/quotes/D-2026-001/accept", json={"date": "2026-10-09"}), 409)
    assert err["code"] == "quote.transition"
    ok(client.post("/quotes/D-2026-001/send", json={"date": "2026-10-09"}))
    q = ok(client.post("/quotes/D-2026-001/accept", json={"date": "2026-10-15"}))
    assert q["status"] == "accepted"
    quote = ok(client.get("/quotes/D-2026-001"))
    total = Decimal(quote["totals"]["total_incl_tax"])

    dep = ok(client.post("/quotes/D-2026-001/deposit", json={"percent": "30"}), 201)
    deposit = ok(client.post(f"/drafts/{dep['id']}/issue", json={"series": "invoices", "issue_date": "2026-10-16"}), 201)
    assert deposit["number"] == "F-2026-00001"
    # decimals are JSON strings, never floats
    assert isinstance(deposit["totals"]["total_incl_tax"], str)
    fin = ok(client.post("/quotes/D-2026-001/final"), 201)
    final = ok(client.post(f"/drafts/{fin['id']}/issue", json={"series": "invoices", "issue_date": "2026-11-20"}), 201)
    assert final["number"] == "F-2026-00002"
    assert Decimal(final["totals"]["total_incl_tax"]) == total
    assert Decimal(final["totals"]["amount_due"]) == total - Decimal(deposit["totals"]["total_incl_tax"])
    # a draft is issued once
    assert ok(client.post(f"/drafts/{fin['id']}/issue", json={"series": "invoices"}), 404)["code"] == "not_found"

    cn = ok(
        client.post("/invoices/F-2026-00002/credit-notes", json={"selection": {"lines": [{"line_id": "4", "quantity": "3"}]}}),
        201,
    )
    note = ok(client.post(f"/drafts/{cn['id']}/issue", json={"series": "credit-notes", "issue_date": "2026-11-25"}), 201)
    assert note["number"] == "A-2026-0001" and note["totals"]["total_excl_tax"] == "89.70"
    assert ok(client.get("/invoices/F-2026-00001")) == deposit
    assert [i["number"] for i in ok(client.get("/invoices", params={"series": "invoices"}))] == ["F-2026-00001", "F-2026-00002"]
    report = ok(client.get("/series/invoices/report"))
    assert report == {"checked": 2, "duplicates": [], "gaps": [], "unparsable": []}


def test_errors_are_mapped(client: TestClient) -> None:
    draft = load("invoice-draft-invalid.json")
    ok(client.post("/series", json={"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}"}), 201)
    d = ok(client.post("/drafts", json=draft), 201)
    err = ok(client.post(f"/drafts/{d['id']}/issue", json={"series": "invoices", "issue_date": "2026-11-22"}), 422)
    assert err["code"] == "invalid" and {"code", "path", "message", "source"} <= set(err["errors"][0])
    # the failed issuance consumed no number
    assert ok(client.get("/series/invoices/report"))["checked"] == 0
    good = load("invoice-draft.json")
    good["lines"][0]["unit_price"] = 650.5  # a JSON float
    err = ok(client.post("/drafts", json=good), 422)
    assert err["code"] == "float" and err["path"] == "lines[0].unit_price"
    err = ok(client.post("/series", json={"series": "x", "pattern": "F-{SEQ}"}), 409)
    assert err["code"] == "numbering.pattern.invalid" and err["source"]
    # a series that could render the numbers of another one (F-2026-00001 twice)
    err = ok(client.post("/series", json={"series": "shop", "pattern": "F-{YYYY}-{SEQ:5}"}), 409)
    assert err["code"] == "numbering.series.collide" and "F-" in err["message"]


def test_pdfs(client: TestClient) -> None:
    ok(client.post("/series", json={"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}"}), 201)
    ok(client.post("/quotes", json={"number": "D-2026-001", "content": load("quote-v2.json")}), 201)
    d = ok(client.post("/drafts", json=load("invoice-draft.json")), 201)
    inv = ok(client.post(f"/drafts/{d['id']}/issue", json={"series": "invoices", "issue_date": "2026-11-22"}), 201)

    r = client.get(f"/invoices/{inv['number']}.pdf")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'inline; filename="F-2026-00001.pdf"'
    assert r.content.startswith(b"%PDF-")
    assert client.get(f"/invoices/{inv['number']}.pdf").content == r.content  # reproducible
    assert b"pdfaid" in client.get(f"/invoices/{inv['number']}.pdf", params={"pdf_a": "true"}).content
    fx = client.get(f"/invoices/{inv['number']}.pdf", params={"facturx": "true"})
    assert fx.status_code == 200 and fx.content.startswith(b"%PDF-")
    assert facturier.read_invoice(fx.content)["number"] == "F-2026-00001"  # the embedded factur-x.xml
    # the JSON route still answers for the same number
    assert ok(client.get(f"/invoices/{inv['number']}"))["number"] == "F-2026-00001"

    q = client.get("/quotes/D-2026-001.pdf")
    assert q.status_code == 200 and q.headers["content-type"] == "application/pdf"
    assert q.content.startswith(b"%PDF-") and q.content != r.content

    # a customer name the embedded fonts cannot draw: the document's fault, 422 with where
    emoji = load("invoice-draft.json")
    emoji["buyer"]["name"] = "Boulangerie 🥖"
    d = ok(client.post("/drafts", json=emoji), 201)
    inv2 = ok(client.post(f"/drafts/{d['id']}/issue", json={"series": "invoices", "issue_date": "2026-11-23"}), 201)
    err = ok(client.get(f"/invoices/{inv2['number']}.pdf"), 422)
    assert err["code"] == "pdf.font" and "U+1F956" in err["message"]

    err = ok(client.get("/invoices/F-2026-99999.pdf"), 404)
    assert err["code"] == "not_found"
    assert ok(client.get("/quotes/D-nope.pdf"), 404)["code"] == "not_found"


def test_concurrent_pdfs(client: TestClient) -> None:
    ok(client.post("/series", json={"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}"}), 201)
    d = ok(client.post("/drafts", json=load("invoice-draft.json")), 201)
    ok(client.post(f"/drafts/{d['id']}/issue", json={"series": "invoices", "issue_date": "2026-11-22"}), 201)

    def fetch(_: int) -> bytes:
        r = client.get("/invoices/F-2026-00001.pdf")
        assert r.status_code == 200, r.text
        return r.content

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(fetch, range(8)))
    assert len(set(pdfs)) == 1 and pdfs[0].startswith(b"%PDF-")
