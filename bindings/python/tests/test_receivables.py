"""receivables and late_interest: types, figures worked by hand (the same as the Rust tests),
errors with their paths, threads."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import facturier
from conftest import load, pdf_text

MID_MARCH = date(2026, 3, 16)


def walk(value: Any) -> list[Any]:
    """Every leaf of a report."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in walk(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in walk(v)]
    return [value]


def test_sample_types(receivables_input: Any) -> None:
    r = facturier.receivables(receivables_input, MID_MARCH)
    assert set(r) == {
        "as_of", "invoices", "drafts", "credit_notes", "payments", "refunds", "customers",
        "aging", "interest", "reminders", "cash", "warnings",
    }  # fmt: skip
    # the public buyer's invoice has no recorded receipt of its payment request (CCP R2192-12)
    assert [w["code"] for w in r["warnings"]] == ["receivables.payment_request.receipt_unknown"]
    assert type(r["as_of"]) is date and r["as_of"] == MID_MARCH
    inv = r["invoices"][0]
    assert isinstance(inv["amount_due"], Decimal) and isinstance(inv["outstanding"], Decimal)
    assert type(inv["due_date"]) is date and isinstance(inv["days_late"], int)
    assert isinstance(r["aging"]["total"]["days_31_60"], Decimal)
    segment = r["interest"]["invoices"][0]["result"]["segments"][0]
    assert type(segment["from"]) is date and type(segment["to"]) is date
    assert isinstance(segment["applied_rate"], Decimal)
    assert type(r["cash"]["flow"]["period"]["from"]) is date
    assert type(r["cash"]["forecast"]["windows"][0]["until"]) is date
    # no float anywhere; identifiers and references stay text
    assert not any(isinstance(x, float) for x in walk(r))
    assert all(isinstance(p["id"], str) and isinstance(p["reference"], str) for p in r["payments"])
    # a date passed as text gives the same report
    assert facturier.receivables(receivables_input, "2026-03-16") == r


def test_sample_figures_worked_by_hand(receivables_input: Any) -> None:
    """The figures of `sample_as_of_mid_march` in tests/tests/receivables.rs."""
    r = facturier.receivables(receivables_input, MID_MARCH)
    rows = {i["number"]: (i["customer_id"], i["amount_due"], i["outstanding"], i["status"]) for i in r["invoices"]}
    assert rows["F-2026-00001"] == ("CUST-001", Decimal("2400.00"), Decimal("1400.00"), "overdue")
    assert rows["F-2026-00002"][2:] == (Decimal("0"), "paid")
    assert rows["F-2026-00004"][3] == "paid"
    assert rows["F-2026-00006"] == ("CUST-004", Decimal("600.00"), Decimal("480.00"), "partially_paid")
    assert r["invoices"][0]["days_late"] == 40

    interest = {i["invoice"]: i["result"] for i in r["interest"]["invoices"]}
    shop = interest["F-2026-00001"]  # 1 400 × 12,15 × 40 / 36 500 = 18,6411
    assert (shop["interest"], shop["indemnity"], shop["regime"]) == (Decimal("18.64"), Decimal("40.00"), "commercial")
    public = interest["F-2026-00002"]  # 3 600 × 10,15 × 20 / 36 500 = 20,0219
    assert (public["interest"], public["regime"]) == (Decimal("20.02"), "public_procurement")
    consumer = interest["F-2026-00003"]  # 850 × 2,62 × 10 / 36 500 = 0,6101, no indemnity
    assert (consumer["interest"], consumer["indemnity"], consumer["regime"]) == (Decimal("0.61"), Decimal("0"), "legal_interest")

    due = {(x["invoice"], x["level"]): x for x in r["reminders"]}
    assert set(due) == {("F-2026-00001", "formal_notice"), ("F-2026-00006", "courteous")}
    notice = due["F-2026-00001", "formal_notice"]
    assert notice["kind"] == "formal_notice" and notice["payment_deadline"] == date(2026, 3, 24)
    assert notice["total_claimed"] == Decimal("1458.64")
    courteous = due["F-2026-00006", "courteous"]
    assert (courteous["trigger_date"], courteous["outstanding"]) == (date(2026, 3, 14), Decimal("480.00"))

    aging = r["aging"]["total"]
    assert aging["total"] == Decimal("3160.56") == r["cash"]["outstanding"]
    assert aging["not_due"] + aging["days_1_30"] + aging["days_31_60"] + aging["days_61_90"] + aging["days_over_90"] == aging["total"]
    for c in r["customers"]:
        assert c["balance"] == c["outstanding"] - c["credit"]
    for p in r["payments"]:
        assert p["allocated"] + p["refunded"] + p["credit"] == p["amount"]


def test_sent_reminder_is_not_proposed_again(receivables_input: Any) -> None:
    before = facturier.receivables(receivables_input, MID_MARCH)
    assert any(x["invoice"] == "F-2026-00006" for x in before["reminders"])
    receivables_input["reminders"].append({"invoice": "F-2026-00006", "level": "courteous", "date": date(2026, 3, 14)})
    after = facturier.receivables(receivables_input, MID_MARCH)
    assert [x["invoice"] for x in after["reminders"]] == ["F-2026-00001"]


def ten_thousand_due_mid_june(draft: Any) -> Any:
    """8 333,33 HT + 20 % = 10 000,00 TTC, issued 21/05/2025, net 30 days: due 20/06/2025."""
    draft = copy.deepcopy(draft)
    line = draft["lines"][0]
    line.pop("discount", None)
    line.update(quantity="1", unit_price=Decimal("8333.33"), vat_rate="20")
    draft["lines"] = [line]
    draft.pop("charges", None)
    draft.pop("delivery_date", None)
    draft.pop("late_payment_rate", None)
    draft["payment_terms"] = {"type": "net_days", "days": 30}
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    invoice, _ = facturier.issue_invoice(draft, state, date(2025, 5, 21))
    assert (invoice["totals"]["amount_due"], invoice["due_date"]) == (Decimal("10000.00"), date(2025, 6, 20))
    return invoice


def test_interest_across_a_half_year(draft: Any) -> None:
    """10 000,00 € due 20/06/2025, paid 10/07/2025, B2B: 21/06-30/06 at 3,15 + 10 = 13,15 % →
    36,0274; 01/07-10/07 at 2,15 + 10 = 12,15 % → 33,2877; 69,3151 → 69,32 € + 40 €."""
    invoice = ten_thousand_due_mid_june(draft)
    payment = {"id": "P1", "customer_id": "C", "date": date(2025, 7, 10), "amount": Decimal("10000.00"), "mode": "transfer"}
    r = facturier.receivables({"invoices": [{"customer_id": "C", "invoice": invoice}], "payments": [payment]}, date(2025, 9, 1))
    assert r["invoices"][0]["status"] == "paid" and r["invoices"][0]["settled_on"] == date(2025, 7, 10)
    x = r["interest"]["invoices"][0]["result"]
    rows = [(s["from"], s["to"], s["days"], s["reference_rate"], s["applied_rate"], s["amount"]) for s in x["segments"]]
    assert rows == [
        (date(2025, 6, 21), date(2025, 6, 30), 10, Decimal("3.15"), Decimal("13.15"), Decimal("36.027397")),
        (date(2025, 7, 1), date(2025, 7, 10), 10, Decimal("2.15"), Decimal("12.15"), Decimal("33.287671")),
    ]
    assert (x["interest"], x["indemnity"], x["total"]) == (Decimal("69.32"), Decimal("40"), Decimal("109.32"))
    assert (r["interest"]["interest"], r["interest"]["indemnities"]) == (Decimal("69.32"), Decimal("40"))
    assert r["reminders"] == []  # paid: nothing to send

    # the same debt through late_interest
    debt = {
        "buyer_kind": "business",
        "amount_due": "10000.00",
        "due_date": "2025-06-20",
        "settlements": [{"date": date(2025, 7, 10), "amount": 10000}],
    }
    one = facturier.late_interest(debt, date(2025, 12, 31))
    assert one == x
    assert (one["first_day"], one["last_day"], one["days"]) == (date(2025, 6, 21), date(2025, 7, 10), 20)
    assert facturier.late_interest(debt, date(2025, 6, 20))["interest"] == Decimal("0")


def test_late_interest_rate_overrides() -> None:
    """A made-up ECB rate of 1 % from 01/07/2025: 10 days at 11 % on 10 000 = 30,1370 → 30,14 €."""
    debt = {"buyer_kind": "business", "amount_due": "10000.00", "due_date": date(2025, 6, 30)}
    rates = {"ecb_main_refinancing": {"changes": [{"effective_from": "2025-06-11", "rate": "1"}], "verified_until": "2026-12-31"}}
    x = facturier.late_interest(debt, date(2025, 7, 10), rates)
    assert [s["applied_rate"] for s in x["segments"]] == [Decimal("11")]
    assert x["interest"] == Decimal("30.14")
    assert facturier.late_interest(debt, date(2025, 7, 10), None) == facturier.late_interest(debt, date(2025, 7, 10))
    rates["ecb_main_refinancing"]["changes"][0]["rate"] = "-1"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.late_interest(debt, date(2025, 7, 10), rates)
    assert [(v["code"], v["path"]) for v in e.value.errors()] == [("rates.invalid", "rates.ecb_main_refinancing.changes[0].rate")]
    with pytest.raises(facturier.InputTypeError) as t:
        facturier.late_interest({**debt, "amount_due": 10000.0}, date(2025, 7, 10))
    assert (t.value.code, t.value.path) == ("float", "amount_due")


def test_float_refused_with_its_path(receivables_input: Any) -> None:
    receivables_input["payments"][1]["amount"] = 3600.0
    with pytest.raises(facturier.InputTypeError) as e:
        facturier.receivables(receivables_input, MID_MARCH)
    assert (e.value.code, e.value.path) == ("float", "payments[1].amount")
    assert isinstance(e.value, TypeError)


def test_every_violation_with_its_path(receivables_input: Any) -> None:
    bad = receivables_input
    bad["payments"][0]["allocations"][0]["amount"] = "-5"
    bad["payments"][2]["allocations"][0]["invoice"] = "F-NOPE"
    bad["reminders"][1]["level"] = "gentle"
    bad["period"] = {"from": "2026-03-31", "to": "2026-01-01"}
    with pytest.raises(facturier.ValidationError) as e:
        facturier.receivables(bad, MID_MARCH)
    err = e.value
    assert err.code == "invalid" and isinstance(err, ValueError)
    got = {(v["code"], v["path"]) for v in err.errors()}
    assert ("payment.amount.invalid", "payments[0].allocations[0].amount") in got, got
    assert any(p == "payments[2].allocations[0].invoice" for _, p in got), got
    assert ("cash.period.invalid", "period") in {(c, p.split(".")[0]) for c, p in got}, got
    assert all({"code", "path", "message", "source"} == set(v) and v["message"] for v in err.errors())
    assert all(v["source"] for v in err.errors())

    # the reminder level is checked once the ledger is sound
    sound = load("receivables.json")
    sound["reminders"][1]["level"] = "gentle"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.receivables(sound, MID_MARCH)
    assert [(v["code"], v["path"]) for v in e.value.errors()] == [("reminders.unknown", "reminders[1].level")]


def test_parse_errors(receivables_input: Any) -> None:
    receivables_input["payments"][0]["mode"] = "bitcoin"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.receivables(receivables_input, MID_MARCH)
    assert e.value.code == "parse" and e.value.path == "payments[0].mode"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.receivables({"invoices": [], "unknown": 1}, MID_MARCH)
    assert e.value.code == "parse"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.receivables({}, "16/03/2026")
    assert e.value.path == "as_of"
    assert facturier.receivables({}, MID_MARCH)["invoices"] == []


def test_four_threads_same_report(receivables_input: Any) -> None:
    """The GIL is released in the core: parallel calls give the same report."""
    expected = facturier.receivables(receivables_input, MID_MARCH)

    def work(_: int) -> list[Any]:
        return [facturier.receivables(receivables_input, MID_MARCH) for _ in range(10)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [r for batch in pool.map(work, range(4)) for r in batch]
    assert len(results) == 40 and all(r == expected for r in results)


def test_report_elements_go_back_in(receivables_input: Any) -> None:
    """Report values (Decimal, date) are valid inputs: a paid invoice's settlements as a debt."""
    r = facturier.receivables(receivables_input, MID_MARCH)
    acc = next(i for i in r["invoices"] if i["number"] == "F-2026-00002")
    debt = {
        "buyer_kind": acc["buyer_kind"],
        "amount_due": acc["amount_due"],
        "due_date": acc["due_date"],
        "settlements": [{"date": s["date"], "amount": s["amount"]} for s in acc["settlements"]],
    }
    x = facturier.late_interest(debt, MID_MARCH)
    assert x["interest"] == Decimal("20.02") and x["regime"] == "public_procurement"


# --- reminder letters and account statements ---------------------------------------------------


def sample_report() -> tuple[Any, Any]:
    sample = load("receivables.json")
    return sample, facturier.receivables(sample, MID_MARCH)


def text_of(pdf: bytes, tmp_path: Path) -> str:
    """The text of a PDF (poppler's pdftotext), spaces normalised; skips without pdftotext."""
    out = pdf_text(pdf, tmp_path)
    return " ".join(out.replace("\u00a0", " ").replace("\u202f", " ").split())


def issued(sample: Any, number: str) -> Any:
    return next(r["invoice"] for r in sample["invoices"] if r["invoice"]["number"] == number)


def test_reminder_letters(tmp_path: Path) -> None:
    sample, report = sample_report()
    pdfs = []
    for reminder in report["reminders"]:
        pdf = facturier.render_reminder_pdf(reminder, issued(sample, reminder["invoice"]), MID_MARCH)
        assert pdf.startswith(b"%PDF-")
        assert facturier.render_reminder_pdf(reminder, issued(sample, reminder["invoice"]), "2026-03-16") == pdf  # reproducible
        pdfs.append(pdf)
    assert len(pdfs) == 2 and pdfs[0] != pdfs[1]
    notice = report["reminders"][0]
    assert notice["kind"] == "formal_notice"
    pdf_a = facturier.render_reminder_pdf(notice, issued(sample, notice["invoice"]), MID_MARCH, pdf_a=True, primary_color="#1F3A5F")
    assert pdf_a.startswith(b"%PDF-") and b"pdfaid" in pdf_a
    # the figures of the report are the letter's: 1 400 + 18,64 + 40 = 1 458,64 € by 24/03/2026
    text = text_of(pdfs[0], tmp_path)
    for fragment in ["F-2026-00001", "1 400,00 €", "18,64 €", "40,00 €", "1 458,64 €", "24/03/2026"]:
        assert fragment in text, fragment


def test_reminder_letter_errors() -> None:
    sample, report = sample_report()
    notice = report["reminders"][0]
    # the reminder names another invoice
    with pytest.raises(facturier.ValidationError) as e:
        facturier.render_reminder_pdf(notice, issued(sample, "F-2026-00002"), MID_MARCH)
    assert e.value.code == "invalid" and [x["code"] for x in e.value.errors()] == ["reminder.invoice.mismatch"]
    with pytest.raises(facturier.RenderError) as e:
        facturier.render_reminder_pdf(notice, issued(sample, notice["invoice"]), MID_MARCH, primary_color="blue")
    assert e.value.code == "pdf.branding"
    with pytest.raises(facturier.InputTypeError) as t:
        facturier.render_reminder_pdf({**notice, "outstanding": 1400.0}, issued(sample, notice["invoice"]), MID_MARCH)
    assert t.value.path == "outstanding"
    with pytest.raises(facturier.ValidationError) as v:
        facturier.render_reminder_pdf(notice, {"number": "F-1"}, MID_MARCH)
    assert v.value.code == "parse" and (v.value.path or "").startswith("invoice")


def test_statements(tmp_path: Path) -> None:
    sample, report = sample_report()
    by_id = {c["customer_id"]: c for c in report["customers"]}
    account = by_id["CUST-001"]
    content = issued(sample, "F-2026-00005")["content"]
    pdf = facturier.render_statement_pdf(account, content["seller"], content["buyer"], MID_MARCH)
    assert pdf.startswith(b"%PDF-")
    assert facturier.render_statement_pdf(account, content["seller"], content["buyer"], MID_MARCH) == pdf
    with_overdue = facturier.render_statement_pdf(account, content["seller"], content["buyer"], MID_MARCH, invoices=report["invoices"])
    assert with_overdue.startswith(b"%PDF-") and with_overdue != pdf
    text = text_of(with_overdue, tmp_path)
    for fragment in ["PAY-0001", "F-2026-00005", "2 830,56 €", "1 830,56 €", "40 jours"]:
        assert fragment in text, fragment
    # a customer with credit notes, a refund and a credit balance used
    studio = issued(sample, "F-2026-00006")["content"]
    assert facturier.render_statement_pdf(by_id["CUST-004"], studio["seller"], studio["buyer"], MID_MARCH).startswith(b"%PDF-")
    # entries after the statement date are refused
    with pytest.raises(facturier.ValidationError) as e:
        facturier.render_statement_pdf(account, content["seller"], content["buyer"], date(2026, 1, 1))
    assert "statement.entry.after_as_of" in [x["code"] for x in e.value.errors()]


def test_letters_from_four_threads() -> None:
    """The GIL is released while rendering: parallel renders give the same bytes."""
    sample, report = sample_report()
    notice = report["reminders"][0]
    invoice = issued(sample, notice["invoice"])
    expected = facturier.render_reminder_pdf(notice, invoice, MID_MARCH)

    def work(_: int) -> list[bytes]:
        return [facturier.render_reminder_pdf(notice, invoice, MID_MARCH) for _ in range(3)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = [p for batch in pool.map(work, range(4)) for p in batch]
    assert len(pdfs) == 12 and all(p == expected for p in pdfs)
