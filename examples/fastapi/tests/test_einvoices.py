"""Factur-X XML of an issued invoice (GET /invoices/{number}.xml) and received e-invoices (POST /einvoices)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from conftest import load


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def issued(client: TestClient) -> Any:
    ok(client.post("/series", json={"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}"}), 201)
    d = ok(client.post("/drafts", json=load("invoice-draft.json")), 201)
    return ok(client.post(f"/drafts/{d['id']}/issue", json={"series": "invoices", "issue_date": "2026-11-22"}), 201)


def test_invoice_xml_then_received(client: TestClient) -> None:
    inv = issued(client)
    r = client.get(f"/invoices/{inv['number']}.xml")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/xml"
    assert r.headers["content-disposition"] == 'inline; filename="F-2026-00001.xml"'
    assert r.content.startswith(b"<?xml")
    assert client.get(f"/invoices/{inv['number']}.xml", params={"profile": "minimum"}).content != r.content
    assert client.get(f"/invoices/{inv['number']}.xml", params={"profile": "gold"}).status_code == 422
    assert ok(client.get("/invoices/F-2026-99999.xml"), 404)["code"] == "not_found"

    # raw body
    body = ok(client.post("/einvoices", content=r.content, headers={"content-type": "application/xml"}))
    assert body["invoice"]["number"] == inv["number"]
    assert body["invoice"]["totals"]["grand_total"] == inv["totals"]["total_incl_tax"]  # exact decimal strings
    assert [f for f in body["findings"] if f["level"] == "error"] == []
    # upload
    up = ok(client.post("/einvoices", files={"file": ("F-2026-00001.xml", r.content, "application/xml")}))
    assert up == body


def test_unreadable_einvoice(client: TestClient) -> None:
    err = ok(client.post("/einvoices", content=b"<?xml version='1.0'?><x><unclosed>"), 422)
    assert err["code"] == "einvoice.xml"
    err = ok(client.post("/einvoices", content=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'), 422)
    assert err["code"] == "einvoice.hostile"
    err = ok(client.post("/einvoices", files={"other": ("a.xml", b"<x/>", "application/xml")}), 422)
    assert err["code"] == "upload"
