"""Contracts and MRR (issue 13), accounting, the audit trail and the FEC (issue 14): figures
worked by hand, errors with their codes and paths, Decimal and date round trips."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import facturier
from conftest import load

SIREN_FILE = "813883964FEC20261231.txt"


def contract(name: str) -> Any:
    """A contract of core/src/contracts/examples."""
    return load(f"../core/src/contracts/examples/{name}.json")


@pytest.fixture
def maintenance() -> Any:
    """2 sites × 200.00 a month from 2026-01-01, a third site from 2026-03-01 (amendment 1)."""
    return contract("maintenance")


@pytest.fixture
def consumer() -> Any:
    """A consumer's 24.92 monthly subscription from 2025-07-01, tacitly renewed (C. conso L215-1)."""
    return contract("consumer-subscription")


@pytest.fixture
def seller() -> Any:
    return load("invoice-draft.json")["seller"]


@pytest.fixture
def accounting_input() -> Any:
    facts = load("receivables.json")
    return {"invoices": facts["invoices"], "payments": facts["payments"], "refunds": facts["refunds"]}


@pytest.fixture
def entries(accounting_input: Any) -> list[Any]:
    """The sample's journal as of 2026-03-16, validated on 2026-03-31."""
    journal = facturier.post_journal(accounting_input, date(2026, 3, 16))
    validated, _ = facturier.validate_entries(journal["entries"], date(2026, 3, 31))
    return validated


# contracts


def test_check_contract(maintenance: Any) -> None:
    assert facturier.check_contract(maintenance) == []
    bad = copy.deepcopy(maintenance)
    bad["lines"][0]["unit_price"] = "-1"
    bad["first_term"] = {"months": 0}
    found = {(v["code"], v["path"]) for v in facturier.check_contract(bad)}
    assert ("contract.line.unit_price.negative", "lines[0].unit_price") in found
    assert len(found) >= 2  # every violation, not the first


def test_contract_as_of_applies_amendments(maintenance: Any) -> None:
    before = facturier.contract_as_of(maintenance, date(2026, 2, 15))
    after = facturier.contract_as_of(maintenance, "2026-03-15")
    # 2 × 200.00 = 400.00, then the third site: 3 × 200.00 = 600.00
    assert (before["mrr"], before["amendments"]) == (Decimal("400.00"), [])
    assert (after["mrr"], after["amendments"], after["lines"][0]["quantity"]) == (Decimal("600.00"), [1], Decimal("3"))
    assert after["status"] == "active" and type(after["date"]) is date
    assert after["term"]["from"] == date(2026, 1, 1)
    # what comes back goes back in: a date and Decimal round trip
    assert facturier.contract_as_of(maintenance, after["date"]) == after


def test_contract_errors(maintenance: Any) -> None:
    bad = copy.deepcopy(maintenance)
    bad["id"] = "C-2026-002"
    bad["lines"][0]["unit_price"] = "-1"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.contract_as_of(bad, date(2026, 3, 1))
    assert e.value.code == "invalid" and e.value.errors()[0]["path"] == "lines[0].unit_price"
    with pytest.raises(facturier.ValidationError) as e:
        facturier.renewal_schedule({"contracts": [maintenance, bad]}, date(2026, 3, 1))
    assert [d["path"] for d in e.value.errors()] == ["contracts[1].lines[0].unit_price"]
    with pytest.raises(facturier.InputTypeError) as t:
        facturier.contract_as_of({**maintenance, "lines": [{**maintenance["lines"][0], "unit_price": 200.5}]}, date(2026, 3, 1))
    assert t.value.code == "float" and t.value.path == "lines[0].unit_price"


def test_renewal_schedule_and_chatel(maintenance: Any, consumer: Any, seller: Any) -> None:
    s = facturier.renewal_schedule({"contracts": [maintenance, consumer]}, date(2026, 5, 1))
    # the consumer's term ends 2026-06-30, notice 1 month: alerts J-90, J-60, J-30 before 2026-05-31
    alerts = [(a["contract_id"], a["date"], a["days_before"]) for a in s["alerts_due"]]
    assert alerts == [
        ("C-2025-107", date(2026, 3, 2), 90),
        ("C-2025-107", date(2026, 4, 1), 60),
        ("C-2025-107", date(2026, 5, 1), 30),
    ]
    # no Chatel letter was sent in its window (2026-02-28 – 2026-04-30): missed
    assert s["chatel_missed"] == ["C-2025-107"]
    letter = facturier.chatel_letter(consumer, seller, date(2027, 4, 1))
    # the term ending 2027-06-30, one month's notice: refusal by 2027-05-31; the letter goes out
    # 3 to 1 months before that day (C. conso L215-1)
    w = letter["window"]
    assert (w["opens"], w["closes"], w["refusal_deadline"], w["state"]) == (date(2027, 2, 28), date(2027, 4, 30), date(2027, 5, 31), "open")
    assert letter["late"] is False and letter["paragraphs"]
    with pytest.raises(facturier.ContractError) as e:
        facturier.chatel_letter(maintenance, seller, date(2026, 10, 1))
    assert e.value.code.startswith("chatel.")


def test_chatel_letter_and_mrr_report_pdfs(maintenance: Any, consumer: Any, seller: Any) -> None:
    letter = facturier.render_chatel_letter_pdf(consumer, seller, date(2027, 4, 1))
    assert letter.startswith(b"%PDF-")
    assert facturier.render_chatel_letter_pdf(consumer, seller, "2027-04-01") == letter  # reproducible
    with pytest.raises(facturier.ContractError) as e:
        facturier.render_chatel_letter_pdf(maintenance, seller, date(2026, 10, 1))
    assert e.value.code.startswith("chatel.")
    contracts = {"contracts": [maintenance, consumer]}
    assert facturier.render_mrr_report_pdf(contracts, "2026-01", "2026-04", pdf_a=True).startswith(b"%PDF-")
    with pytest.raises(facturier.ContractError) as e:
        facturier.render_mrr_report_pdf(contracts, "2026-05", "2026-04")
    assert e.value.code == "mrr.period.invalid"


def test_renew_and_terminate(maintenance: Any, consumer: Any) -> None:
    renewed = facturier.renew_contract(consumer, date(2026, 7, 1))
    assert len(renewed["renewals"]) == 1
    # notified on 2026-04-10 with 3 months' notice: the end of the first term, 2026-12-31
    ended = facturier.terminate_contract(maintenance, {"notified_on": date(2026, 4, 10), "reason": "price", "by": "customer"})
    assert ended["termination"]["effective"] == date(2026, 12, 31)
    with pytest.raises(facturier.ContractError) as e:
        facturier.terminate_contract(ended, {"notified_on": "2026-05-01", "reason": "price", "by": "customer"})
    assert e.value.code.startswith("contract.")


def test_index_contract(maintenance: Any) -> None:
    values = [{"index": "Syntec", "date": date(2026, 11, 30), "value": Decimal("309")}]
    indexed = facturier.index_contract(maintenance, date(2027, 1, 1), date(2026, 12, 1), values)
    revision = indexed["amendments"][-1]
    # P1 = 200.00 × (0.15 + 0.85 × 309 / 300) = 200.00 × 1.0255 = 205.10
    assert (revision["kind"], revision["indexation"]["factor"]) == ("indexation", Decimal("1.0255"))
    assert revision["changes"] == [{"set_unit_price": {"line_id": "maint", "unit_price": Decimal("205.10")}}]
    # 3 sites × 205.10 = 615.30
    assert facturier.contract_as_of(indexed, date(2027, 1, 15))["mrr"] == Decimal("615.30")
    with pytest.raises(facturier.ContractError) as e:
        facturier.index_contract(maintenance, date(2026, 6, 1), date(2026, 6, 1), values)
    assert (e.value.code, e.value.path) == ("contract.indexation.too_early", "effective")


def test_invoices_due(maintenance: Any, seller: Any) -> None:
    due = facturier.contract_invoices_due({"contracts": [maintenance]}, date(2026, 3, 31), seller)
    # January (with the set-up fee), February, March, billed monthly in advance
    assert len(due) == 3
    assert all(d["contract_id"] == "C-2026-001" for d in due)
    invoiced = [d["period"] if "period" in d else None for d in due]
    assert invoiced[0] is not None


def test_mrr_snapshot_and_report(maintenance: Any, consumer: Any) -> None:
    contracts = {"contracts": [maintenance, consumer]}
    snap = facturier.mrr_snapshot(contracts, date(2026, 3, 15))
    # 600.00 + 24.92 = 624.92; ARR = 12 × 624.92 = 7499.04; two paying customers
    assert (snap["mrr"], snap["arr"], snap["paying_customers"]) == (Decimal("624.92"), Decimal("7499.04"), 2)
    report = facturier.mrr_report(contracts, "2026-01", "2026-04")
    months = report["months"]
    assert [m["month"] for m in months] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    # January: 24.92 → 424.92, new 400.00; March: expansion 200.00 (the third site)
    assert (months[0]["mrr_start"], months[0]["mrr_end"], months[0]["movements"]["new"]) == (
        Decimal("24.92"),
        Decimal("424.92"),
        Decimal("400.00"),
    )
    assert months[2]["movements"]["expansion"] == Decimal("200.00")
    for m in months:  # the movements reconcile exactly
        mv = m["movements"]
        assert m["mrr_start"] + mv["new"] + mv["expansion"] + mv["reactivation"] + mv["fx"] - mv["contraction"] - mv["churn"] == m["mrr_end"]
    with pytest.raises(facturier.ContractError) as e:
        facturier.mrr_report(contracts, "2026-05", "2026-04")
    assert e.value.code == "mrr.period.invalid"
    with pytest.raises(facturier.ValidationError) as v:
        facturier.mrr_report(contracts, "2026-13", "2026-04")
    assert v.value.path == "from_month"


# accounting


def test_post_and_validate(accounting_input: Any) -> None:
    journal = facturier.post_journal(accounting_input, date(2026, 3, 16))
    assert len(journal["entries"]) == 15 and journal["as_of"] == date(2026, 3, 16)
    for e in journal["entries"]:  # every entry balances, in Decimal
        assert sum(line["debit"] for line in e["lines"]) == sum(line["credit"] for line in e["lines"])
        assert "number" not in e or e["number"] is None
    validated, state = facturier.validate_entries(journal["entries"], date(2026, 3, 31))
    assert [e["number"] for e in validated[:3]] == ["000001", "000002", "000003"]
    assert validated[-1]["number"] == "000015" and validated[0]["valid_date"] == date(2026, 3, 31)
    # the next state continues; a date going back is refused
    with pytest.raises(facturier.AccountingError) as e:
        facturier.validate_entries(journal["entries"], date(2026, 3, 1), state)
    assert (e.value.code, e.value.path) == ("accounting.numbering.date_before_last", "valid_date")
    per_journal, _ = facturier.validate_entries(journal["entries"], date(2026, 3, 31), {"per_journal": True})
    assert per_journal[0]["number"].startswith(per_journal[0]["journal"])


def test_post_invalid(accounting_input: Any) -> None:
    bad = copy.deepcopy(accounting_input)
    bad["bank_fees"] = [{"id": "b1", "date": "2026-02-01", "amount": "-3.00"}]
    with pytest.raises(facturier.ValidationError) as e:
        facturier.post_journal(bad, date(2026, 3, 16))
    assert e.value.code == "invalid"
    assert "bank_fees[0].amount" in [d["path"] for d in e.value.errors()]


def test_vat_due(accounting_input: Any) -> None:
    r = facturier.vat_due(accounting_input, {"from": date(2026, 1, 1), "to": date(2026, 3, 31)})
    assert isinstance(r["vat_total"], Decimal) and r["period"]["to"] == date(2026, 3, 31)
    with pytest.raises(facturier.AccountingError) as e:
        facturier.vat_due(accounting_input, {"from": "2026-03-31", "to": "2026-01-01"})
    assert e.value.code == "accounting.vat.period"


def test_audit_trail(entries: list[Any], accounting_input: Any) -> None:
    invoices = [i["invoice"] for i in accounting_input["invoices"]]
    first = facturier.audit_append(None, invoices[:2])
    more = facturier.audit_append(first[-1], invoices[2:], entries)
    trail = first + more
    assert [r["sequence"] for r in trail] == list(range(1, len(trail) + 1))
    assert facturier.audit_verify(trail) == {"checked": len(trail)}
    assert isinstance(trail[3]["totals"][0], Decimal)  # a list of decimals: Decimal too
    trail[3]["totals"][0] += Decimal("0.01")
    broken = facturier.audit_verify(trail)["first_broken"]
    assert (broken["sequence"], broken["kind"]) == (4, "hash_mismatch")
    with pytest.raises(facturier.AccountingError) as e:
        facturier.audit_append(None, entries=[{**entries[0], "number": None}])
    assert (e.value.code, e.value.path) == ("accounting.audit.not_validated", "entries[0]")


# FEC


def test_fec_export_read_check(entries: list[Any], tmp_path: Path) -> None:
    data = facturier.fec_export(entries)
    assert isinstance(data, bytes)
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0].split("\t")[:3] == ["JournalCode", "JournalLib", "EcritureNum"]
    records = facturier.fec_read(data)
    assert len(records) == len(lines) - 2  # the header, and the empty text after the last CRLF
    first = records[0]
    assert (first["ecriture_num"], first["ecriture_date"], first["debit"]) == ("000001", date(2026, 1, 5), Decimal("2400.00"))
    assert first["valid_date"] == date(2026, 3, 31) and first["montant_devise"] is None
    report = facturier.fec_check(data, file_name=SIREN_FILE)
    assert report["readable"] and report["errors"] == 0 and report["records"] == len(records)
    assert report["total_debit"] == report["total_credit"] == sum(r["debit"] for r in records)
    # the same file streamed to a path, and checked there, its name included
    path = tmp_path / SIREN_FILE
    assert facturier.fec_export_to_path(entries, str(path)) == len(records)
    assert path.read_bytes() == data
    assert facturier.fec_check_path(str(path))["errors"] == 0
    # options: pipe, Montant/Sens, ISO 8859-15; XML with its closing date
    pipe = facturier.fec_export(entries, separator="pipe", amounts="montant_sens", encoding="iso8859-15")
    assert b"|Montant|Sens|" in pipe.split(b"\r\n")[0] and facturier.fec_read(pipe) == records
    xml = facturier.fec_export(entries, format="xml", closing=date(2026, 12, 31))
    assert xml.startswith(b"<?xml") and len(facturier.fec_read(xml)) == len(records)


def test_fec_errors(entries: list[Any], tmp_path: Path) -> None:
    with pytest.raises(facturier.FecError) as e:
        facturier.fec_export([{**entries[0], "number": None, "valid_date": None}])
    assert e.value.code == "fec.entry"
    assert isinstance(e.value, facturier.AccountingError)
    with pytest.raises(facturier.FecError) as e:
        facturier.fec_export(entries, format="xml")
    assert (e.value.code, e.value.path) == ("fec.input", "closing")
    with pytest.raises(facturier.FecError) as e:
        facturier.fec_export_to_path(entries, str(tmp_path / "missing" / SIREN_FILE))
    assert (e.value.code, e.value.path) == ("fec.io", "path")
    # a file that half-fails is not left behind
    target = tmp_path / SIREN_FILE
    with pytest.raises(facturier.FecError):
        facturier.fec_export_to_path([*entries, {**entries[0], "number": None, "valid_date": None}], str(target))
    assert not target.exists()
    data = facturier.fec_export(entries).replace(b"\t20260331\t", b"\t20261331\t", 1)
    with pytest.raises(facturier.FecError) as e:
        facturier.fec_read(data)
    assert e.value.code == "fec.field"
    assert [(d["line"], d["path"]) for d in e.value.errors()] == [(2, "ValidDate")]
    report = facturier.fec_check(data, file_name=SIREN_FILE)
    assert report["errors"] >= 1 and report["findings"][0]["line"] == 2 and report["findings"][0]["code"] == "L03"
    assert facturier.fec_check(b"")["readable"] is False
    with pytest.raises(facturier.InputTypeError):
        facturier.fec_check("not bytes")  # type: ignore[arg-type]
