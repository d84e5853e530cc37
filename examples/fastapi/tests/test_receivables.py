"""Payments, receivables, reminders and statements, through HTTP."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from app import allocation_table, payment_table, reminder_table
from conftest import load

CUSTOMER = "552100554"  # the buyer's SIREN: the core's customer key when an invoice names none
AMOUNT = "5384.73"  # the sample draft incl. tax


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def issue(client: TestClient, issue_date: str) -> Any:
    """The sample draft, net 30 days, issued on `issue_date` in series "invoices"."""
    draft = load("invoice-draft.json")
    draft["payment_terms"] = {"type": "net_days", "days": 30}
    d = ok(client.post("/drafts", json=draft), 201)
    return ok(client.post(f"/drafts/{d['id']}/issue", json={"series": "invoices", "issue_date": issue_date}), 201)


def setup(client: TestClient) -> tuple[Any, Any]:
    """Two invoices of the same customer: due 22/12/2026 and 23/12/2026."""
    ok(client.post("/series", json={"series": "invoices", "pattern": "F-{YYYY}-{SEQ:5}"}), 201)
    first, second = issue(client, "2026-11-22"), issue(client, "2026-11-23")
    assert (first["due_date"], second["due_date"]) == ("2026-12-22", "2026-12-23")
    return first, second


def report(client: TestClient, as_of: str) -> Any:
    return ok(client.get("/receivables", params={"as_of": as_of}))


def unpaid(r: Any) -> list[str]:
    return [u["invoice"] for u in r["cash"]["unpaid"]]


def test_receivables_report(client: TestClient) -> None:
    setup(client)
    r = report(client, "2026-12-01")
    assert r["as_of"] == "2026-12-01"
    assert unpaid(r) == ["F-2026-00001", "F-2026-00002"]
    # decimals are JSON strings, never floats
    assert r["cash"]["outstanding"] == "10769.46" and r["aging"]["total"]["not_due"] == "10769.46"
    assert [c["customer_id"] for c in r["customers"]] == [CUSTOMER]
    assert r["reminders"] == [] and r["cash"]["forecast"]["windows"][0]["expected"] == "10769.46"
    # 40 days after the first due date: firm reminders for both, interest running
    late = report(client, "2027-01-31")
    assert {(x["invoice"], x["level"]) for x in late["reminders"]} == {("F-2026-00001", "formal_notice"), ("F-2026-00002", "formal_notice")}
    assert Decimal(late["interest"]["indemnities"]) == Decimal("80.00") and Decimal(late["interest"]["interest"]) > 0
    assert late["aging"]["total"]["days_31_60"] == "10769.46"
    # the date is checked by FastAPI
    assert client.get("/receivables", params={"as_of": "31/01/2027"}).status_code == 422


def test_payment_settles_an_invoice(client: TestClient) -> None:
    setup(client)
    body = {"id": "PAY-1", "customer_id": CUSTOMER, "date": "2026-12-10", "amount": AMOUNT, "mode": "transfer",
            "reference": "VIR MARTIN", "allocations": [{"invoice": "F-2026-00002", "amount": AMOUNT}]}  # fmt: skip
    account = ok(client.post("/payments", json=body), 201)
    assert (account["id"], account["allocated"], account["credit"]) == ("PAY-1", AMOUNT, "0")
    assert account["allocations"] == [{"invoice": "F-2026-00002", "date": "2026-12-10", "amount": AMOUNT, "method": "explicit"}]
    r = report(client, "2026-12-15")
    status = {i["number"]: i["status"] for i in r["invoices"]}
    assert status == {"F-2026-00001": "issued_unpaid", "F-2026-00002": "paid"}
    assert unpaid(r) == ["F-2026-00001"]  # the paid invoice left the unpaid list
    # a partial payment without allocations settles the oldest invoice
    account = ok(client.post("/payments", json={"customer_id": CUSTOMER, "date": "2026-12-20", "amount": 1000, "mode": "cheque"}), 201)
    assert account["id"].startswith("PAY-") and account["allocations"][0]["method"] == "oldest_first"
    r = report(client, "2026-12-21")
    first = r["invoices"][0]
    assert (first["status"], first["outstanding"]) == ("partially_paid", "4384.73")
    # then the rest, late: paid, no longer unpaid, interest for the 3 days late
    ok(client.post("/payments", json={"customer_id": CUSTOMER, "date": "2026-12-25", "amount": "4384.73", "mode": "card"}), 201)
    r = report(client, "2027-01-10")
    assert unpaid(r) == [] and r["reminders"] == [] and r["cash"]["outstanding"] == "0.00"
    assert r["invoices"][0]["status"] == "paid" and r["invoices"][0]["settled_on"] == "2026-12-25"
    assert [i["invoice"] for i in r["interest"]["invoices"]] == ["F-2026-00001"]
    # stored as exact decimal text
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        amounts = sorted(row.amount for row in conn.execute(select(payment_table.c.amount)))
        assert amounts == ["1000", "4384.73", AMOUNT]
        assert [row.amount for row in conn.execute(select(allocation_table.c.amount))] == [AMOUNT]


def test_payment_errors_store_nothing(client: TestClient) -> None:
    setup(client)
    base = {"id": "PAY-X", "customer_id": CUSTOMER, "date": "2026-12-10", "mode": "transfer"}
    err = ok(client.post("/payments", json={**base, "amount": 100.5}), 422)
    assert (err["code"], err["path"]) == ("float", "amount")
    too_much = {**base, "amount": "9000.00", "allocations": [{"invoice": "F-2026-00001", "amount": "9000.00"}]}
    err = ok(client.post("/payments", json=too_much), 422)
    assert err["code"] == "invalid"
    assert [(e["code"], e["path"]) for e in err["errors"]] == [("payment.allocation.exceeds_outstanding", "allocations[0].amount")]
    err = ok(client.post("/payments", json={**base, "amount": "10", "allocations": [{"invoice": "F-NOPE", "amount": "10"}]}), 422)
    assert err["errors"][0]["path"] == "allocations[0].invoice"
    err = ok(client.post("/payments", json={**base, "amount": "10", "mode": "bitcoin"}), 422)
    assert (err["code"], err["path"]) == ("parse", "mode")
    assert report(client, "2026-12-15")["payments"] == []
    # a payment id is used once
    ok(client.post("/payments", json={**base, "amount": "10"}), 201)
    err = ok(client.post("/payments", json={**base, "amount": "10"}), 422)
    assert err["errors"][0]["path"] == "id"


def test_concurrent_payments_never_over_allocate(client: TestClient) -> None:
    """Each payment is checked against every other in its write transaction: of six payments of
    2 000,00 on one invoice of 5 384,73, exactly two are accepted."""
    setup(client)

    def pay(i: int) -> int:
        body = {"id": f"P{i}", "customer_id": CUSTOMER, "date": "2026-12-10", "amount": "2000.00", "mode": "transfer",
                "allocations": [{"invoice": "F-2026-00001", "amount": "2000.00"}]}  # fmt: skip
        return client.post("/payments", json=body).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(pay, range(6)))
    assert statuses == [201, 201, 422, 422, 422, 422]
    first = report(client, "2026-12-15")["invoices"][0]
    assert (first["paid"], first["outstanding"], first["status"]) == ("4000.00", "1384.73", "partially_paid")


def test_recorded_reminder_is_not_proposed_again(client: TestClient) -> None:
    setup(client)
    r = report(client, "2026-12-30")  # J+8 and J+7: firm reminders
    assert [(x["invoice"], x["level"]) for x in r["reminders"]] == [("F-2026-00001", "firm"), ("F-2026-00002", "firm")]
    sent = ok(client.post("/reminders", json={"invoice": "F-2026-00001", "level": "firm", "date": "2026-12-30"}), 201)
    assert sent == {"invoice": "F-2026-00001", "level": "firm", "date": "2026-12-30"}
    r = report(client, "2026-12-30")
    assert [(x["invoice"], x["level"]) for x in r["reminders"]] == [("F-2026-00002", "firm")]
    # later, the next level comes
    assert ("F-2026-00001", "formal_notice") in [(x["invoice"], x["level"]) for x in report(client, "2027-01-21")["reminders"]]
    # recorded once; levels and invoices are checked
    assert ok(client.post("/reminders", json={"invoice": "F-2026-00001", "level": "firm", "date": "2026-12-31"}), 409)["code"] == "conflict"
    err = ok(client.post("/reminders", json={"invoice": "F-2026-00002", "level": "gentle", "date": "2026-12-30"}), 422)
    assert (err["code"], err["errors"][0]["code"], err["errors"][0]["path"]) == ("invalid", "reminders.unknown", "level")
    err = ok(client.post("/reminders", json={"invoice": "F-NOPE", "level": "firm", "date": "2026-12-30"}), 422)
    assert err["errors"][0]["path"] == "invoice"
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        assert [(x.invoice, x.level, x.date) for x in conn.execute(select(reminder_table))] == [("F-2026-00001", "firm", "2026-12-30")]


def test_reminder_letter_pdf(client: TestClient) -> None:
    setup(client)
    r = client.get("/reminders/F-2026-00001/formal_notice.pdf", params={"date": "2027-01-25"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'inline; filename="F-2026-00001-formal_notice.pdf"'
    assert r.content.startswith(b"%PDF-")
    again = client.get("/reminders/F-2026-00001/formal_notice.pdf", params={"date": "2027-01-25"})
    assert again.content == r.content  # reproducible
    firm = client.get("/reminders/F-2026-00001/firm.pdf", params={"date": "2026-12-30"})
    assert firm.status_code == 200 and firm.content.startswith(b"%PDF-") and firm.content != r.content
    # once recorded as sent, the letter can still be printed again
    ok(client.post("/reminders", json={"invoice": "F-2026-00001", "level": "firm", "date": "2026-12-30"}), 201)
    assert client.get("/reminders/F-2026-00001/firm.pdf", params={"date": "2026-12-30"}).content == firm.content
    # not due on that date, or no such invoice
    assert ok(client.get("/reminders/F-2026-00001/formal_notice.pdf", params={"date": "2026-12-01"}), 404)["code"] == "not_found"
    assert ok(client.get("/reminders/F-NOPE/firm.pdf", params={"date": "2026-12-30"}), 404)["code"] == "not_found"


def test_statement_pdf(client: TestClient) -> None:
    setup(client)
    ok(client.post("/payments", json={"customer_id": CUSTOMER, "date": "2026-12-10", "amount": "1000.00", "mode": "transfer"}), 201)
    r = client.get(f"/customers/{CUSTOMER}/statement.pdf", params={"as_of": "2026-12-31"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert client.get(f"/customers/{CUSTOMER}/statement.pdf", params={"as_of": "2026-12-31"}).content == r.content
    assert ok(client.get("/customers/nobody/statement.pdf", params={"as_of": "2026-12-31"}), 404)["code"] == "not_found"
    # before its first invoice a customer has no statement
    assert client.get(f"/customers/{CUSTOMER}/statement.pdf", params={"as_of": "2026-11-01"}).status_code == 404
