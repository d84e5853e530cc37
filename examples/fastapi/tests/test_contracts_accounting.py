"""Contracts, the MRR dashboard, the journal, its validation and the FEC of a year, through HTTP."""

from __future__ import annotations

import copy
from typing import Any

import facturier
from fastapi.testclient import TestClient

from conftest import load
from test_receivables import ok, setup

MAINTENANCE = "../core/src/contracts/examples/maintenance.json"
CONSUMER = "../core/src/contracts/examples/consumer-subscription.json"


def contracts(client: TestClient) -> tuple[Any, Any]:
    maintenance, consumer = load(MAINTENANCE), load(CONSUMER)
    ok(client.post("/contracts", json=maintenance), 201)
    ok(client.post("/contracts", json=consumer), 201)
    return maintenance, consumer


def test_create_amend_terminate(client: TestClient) -> None:
    maintenance, _ = contracts(client)
    assert ok(client.post("/contracts", json=maintenance), 409)["code"] == "conflict"
    bad = copy.deepcopy(maintenance)
    bad["id"] = "C-2026-999"
    bad["lines"][0]["unit_price"] = "-1"
    e = ok(client.post("/contracts", json=bad), 422)
    assert e["code"] == "invalid" and [x["path"] for x in e["errors"]] == ["lines[0].unit_price"]
    # 2 sites, then 3 from March (amendment 1), then 4 from June (amendment 2): 800.00
    amendment = {"number": 2, "effective": "2026-06-01", "changes": [{"set_quantity": {"line_id": "maint", "quantity": "4"}}]}
    ok(client.post("/contracts/C-2026-001/amendments", json=amendment), 201)
    state = ok(client.get("/contracts/C-2026-001", params={"as_of": "2026-06-15"}))["state"]
    assert (state["mrr"], state["amendments"]) == ("800.00", [1, 2])
    # an amendment of a line that does not exist: refused, the path relative to the amendment
    wrong = {"number": 3, "effective": "2026-07-01", "changes": [{"set_quantity": {"line_id": "nope", "quantity": "1"}}]}
    e = ok(client.post("/contracts/C-2026-001/amendments", json=wrong), 422)
    assert any(x["path"].startswith("changes[0]") for x in e["errors"]), e
    assert len(ok(client.get("/contracts/C-2026-001"))["contract"]["amendments"]) == 2
    # terminated by the customer on 2026-04-10, 3 months' notice: at the end of the term
    ended = ok(client.post("/contracts/C-2026-001/terminate", json={"notified_on": "2026-04-10", "reason": "price", "by": "customer"}))
    assert ended["termination"]["effective"] == "2026-12-31"
    again = ok(client.post("/contracts/C-2026-001/terminate", json={"notified_on": "2026-05-10", "reason": "price", "by": "customer"}), 409)
    assert again["code"].startswith("contract.")
    assert ok(client.get("/contracts/C-2026-404"), 404)["code"] == "not_found"


def test_renewals_and_invoices_due(client: TestClient) -> None:
    contracts(client)
    s = ok(client.get("/contracts/renewals", params={"as_of": "2026-05-01"}))
    assert [a["days_before"] for a in s["alerts_due"]] == [90, 60, 30]
    assert s["chatel_missed"] == ["C-2025-107"]
    assert ok(client.get("/contracts/invoices-due", params={"as_of": "2026-03-31"}), 404)["code"] == "not_found"
    ok(client.put("/seller", json=load("invoice-draft.json")["seller"]))
    due = ok(client.get("/contracts/invoices-due", params={"as_of": "2026-01-31"}))
    maintenance = [d for d in due if d["contract_id"] == "C-2026-001"]
    assert len(maintenance) == 1 and maintenance[0]["period"] == {"from": "2026-01-01", "to": "2026-01-31"}
    periods = maintenance[0]["billed"]  # the periods it bills, the set-up fee's included
    assert {p["line_id"] for p in periods} == {"maint", "setup"}
    ok(client.post("/contracts/invoiced", json=periods), 201)
    assert ok(client.post("/contracts/invoiced", json=periods), 409)["code"] == "conflict"
    # January invoiced: never due again
    again = ok(client.get("/contracts/invoices-due", params={"as_of": "2026-01-31"}))
    assert [d for d in again if d["contract_id"] == "C-2026-001"] == []


def test_mrr_dashboard(client: TestClient) -> None:
    contracts(client)
    d = ok(client.get("/mrr", params={"at": "2026-03-15", "from": "2026-01", "to": "2026-03"}))
    # 3 × 200.00 + 24.92 = 624.92; ARR 12 × 624.92 = 7499.04 (decimals as JSON strings)
    assert (d["snapshot"]["mrr"], d["snapshot"]["arr"]) == ("624.92", "7499.04")
    assert [m["month"] for m in d["report"]["months"]] == ["2026-01", "2026-02", "2026-03"]
    assert d["report"]["months"][2]["movements"]["expansion"] == "200.00"
    assert len(ok(client.get("/mrr", params={"at": "2026-03-15"}))["report"]["months"]) == 12
    assert ok(client.get("/mrr", params={"from": "2026-04", "to": "2026-03"}), 409)["code"] == "mrr.period.invalid"
    pdf = client.get("/mrr/report.pdf", params={"from": "2026-01", "to": "2026-03"})
    assert (pdf.status_code, pdf.headers["content-type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    assert 'filename="mrr-2026-01-2026-03.pdf"' in pdf.headers["content-disposition"]
    assert ok(client.get("/mrr/report.pdf", params={"from": "2026-04", "to": "2026-03"}), 409)["code"] == "mrr.period.invalid"


def test_journal_validation_and_fec(client: TestClient) -> None:
    setup(client)  # two invoices of 5384.73 issued on 22 and 23/11/2026
    ok(client.post("/payments", json={"customer_id": "552100554", "date": "2026-12-10", "amount": "5384.73", "mode": "transfer"}), 201)
    journal = ok(client.get("/accounting/journal", params={"as_of": "2026-12-31"}))
    # two invoices, the payment, and the VAT due on receipt of services (CGI 269-2-c)
    assert [e["origin"] for e in journal["entries"]] == ["invoice", "invoice", "payment", "vat_on_receipt"]
    assert all(e.get("number") is None for e in journal["entries"])
    # not validated yet: the FEC refuses them
    assert ok(client.get("/accounting/fec", params={"year": 2026}), 409)["code"] == "fec.entry"
    v = ok(client.post("/accounting/validate", params={"up_to": "2026-11-30", "valid_date": "2026-12-01"}))
    assert [x["number"] for x in v["validated"]] == ["000001", "000002"]
    v = ok(client.post("/accounting/validate", params={"up_to": "2026-12-31", "valid_date": "2026-12-31"}))
    assert [x["number"] for x in v["validated"]] == ["000003", "000004"]  # the sequence continues, no gap
    going_back = ok(client.post("/accounting/validate", params={"up_to": "2026-12-31", "valid_date": "2026-12-01"}), 409)
    assert (going_back["code"], going_back["path"]) == ("accounting.numbering.date_before_last", "valid_date")
    r = client.get("/accounting/fec", params={"year": 2026})
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"] == 'attachment; filename="813883964FEC20261231.txt"'
    lines = r.content.split(b"\r\n")
    assert lines[0].startswith(b"JournalCode\tJournalLib\tEcritureNum")
    records = facturier.fec_read(r.content)
    assert [x["ecriture_num"] for x in records][:1] == ["000001"] and len(records) == len(lines) - 2
    report = facturier.fec_check(r.content, file_name="813883964FEC20261231.txt")
    assert report["readable"] and report["records"] == len(records)
    xml = client.get("/accounting/fec", params={"year": 2026, "format": "xml"})
    assert xml.status_code == 200 and xml.content.startswith(b"<?xml") and len(facturier.fec_read(xml.content)) == len(records)
    # another year: an empty FEC (the header line only)
    assert client.get("/accounting/fec", params={"year": 2025}).content.count(b"\r\n") == 1
