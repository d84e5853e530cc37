"""facturx_xml, read_invoice, validate_invoice: an issued invoice to CII and back, findings, errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import facturier

DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><rsm:CrossIndustryInvoice>&e;</rsm:CrossIndustryInvoice>'


@pytest.fixture
def invoice(draft: Any) -> Any:
    """The sample draft, issued."""
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    issued, _ = facturier.issue_invoice(draft, state, date(2026, 11, 22))
    return issued


def test_facturx_xml_reads_back_with_the_invoice_totals(invoice: Any) -> None:
    xml = facturier.facturx_xml(invoice)
    assert isinstance(xml, bytes)
    assert xml.startswith(b"<?xml")
    assert facturier.facturx_xml(invoice) == xml  # same invoice, same bytes
    read = facturier.read_invoice(xml)
    assert read["syntax"] == "cii"
    assert read["number"] == invoice["number"]
    assert read["issue_date"] == invoice["issue_date"] == date(2026, 11, 22)
    totals = read["totals"]
    assert isinstance(totals["grand_total"], Decimal)
    assert totals["tax_basis_total"] == invoice["totals"]["total_excl_tax"]
    assert totals["grand_total"] == invoice["totals"]["total_incl_tax"]
    assert totals["due"] == invoice["totals"]["amount_due"]
    assert len(read.get("lines", [])) == len(invoice["content"]["lines"])


def test_render_facturx_pdf_carries_the_xml(invoice: Any) -> None:
    pdf = facturier.render_facturx_pdf(invoice)
    assert pdf.startswith(b"%PDF-")
    assert facturier.render_facturx_pdf(invoice) == pdf  # reproducible
    read = facturier.read_invoice(pdf)  # the embedded factur-x.xml
    assert read == facturier.read_invoice(facturier.facturx_xml(invoice))
    assert [f for f in facturier.validate_invoice(pdf) if f["level"] == "error"] == []
    assert facturier.read_invoice(facturier.render_facturx_pdf(invoice, profile="basic-wl", footer="Merci"))["number"] == invoice["number"]
    with pytest.raises(facturier.EinvoiceError) as e:
        facturier.read_invoice(facturier.render_pdf(invoice))  # a plain PDF has no invoice XML
    assert e.value.code == "einvoice.pdf.no_xml"
    with pytest.raises(facturier.ValidationError) as v:
        facturier.render_facturx_pdf(invoice, profile="gold")  # type: ignore[arg-type]
    assert v.value.path == "profile"


def test_validate_finds_no_error(invoice: Any) -> None:
    findings = facturier.validate_invoice(facturier.facturx_xml(invoice))
    assert [f for f in findings if f["level"] == "error"] == []
    for f in findings:
        assert set(f) == {"rule", "level", "location", "message"}


@pytest.mark.parametrize("profile", ["en16931", "basic-wl", "basic", "minimum", "extended", "BASIC_WL", "comfort"])
def test_profiles(invoice: Any, profile: Any) -> None:
    xml = facturier.facturx_xml(invoice, profile=profile)
    assert xml.startswith(b"<?xml")


def test_minimum_has_no_lines_and_names_its_profile(invoice: Any) -> None:
    read = facturier.read_invoice(facturier.facturx_xml(invoice, profile="minimum"))
    assert read["specification"] == "urn:factur-x.eu:1p0:minimum"
    assert "lines" not in read


def test_unknown_profile(invoice: Any) -> None:
    with pytest.raises(facturier.ValidationError) as e:
        facturier.facturx_xml(invoice, profile="gold")  # type: ignore[arg-type]
    assert e.value.code == "parse"
    assert e.value.path == "profile"


def test_an_invoice_breaking_en16931_is_never_written(invoice: Any) -> None:
    invoice["totals"]["total_incl_tax"] += 1
    with pytest.raises(facturier.EinvoiceError) as e:
        facturier.facturx_xml(invoice)
    assert e.value.code == "einvoice.rules"
    first = e.value.errors()[0]
    assert (first["code"], first["path"]) == ("BR-CO-15", "/BG-22/BT-112")


def test_broken_xml() -> None:
    with pytest.raises(facturier.EinvoiceError) as e:
        facturier.read_invoice(b"<?xml version='1.0'?><rsm:CrossIndustryInvoice><unclosed>")
    assert e.value.code == "einvoice.xml"


def test_dtd_is_hostile() -> None:
    for f in (facturier.read_invoice, facturier.validate_invoice):
        with pytest.raises(facturier.EinvoiceError) as e:
            f(DTD)
        assert e.value.code == "einvoice.hostile"


def test_not_an_invoice() -> None:
    with pytest.raises(facturier.EinvoiceError) as e:
        facturier.read_invoice(b"<?xml version='1.0'?><html/>")
    assert e.value.code == "einvoice.unknown_syntax"
    assert isinstance(e.value, facturier.FacturierError)


def test_data_must_be_bytes() -> None:
    with pytest.raises(facturier.InputTypeError):
        facturier.read_invoice("<xml/>")  # type: ignore[arg-type]


def test_einvoice_codes_are_listed() -> None:
    codes = {r["code"] for r in facturier.rules()}
    assert {"einvoice.rules", "einvoice.xml", "einvoice.hostile", "einvoice.unknown_syntax"} <= codes


CORPUS = Path(__file__).resolve().parents[3] / "tests" / "einvoice" / "corpus" / "cen"
DECIMALS = {"quantity", "net_price", "gross_price", "net_amount", "vat_rate", "amount", "rate", "basis", "vat", "grand_total", "due"}
DATES = {"issue_date", "due_date", "delivery_date", "start", "end"}


def typed(value: Any, key: str = "") -> None:
    """Every decimal field of a read invoice is a Decimal and every date a date, at any depth."""
    if isinstance(value, dict):
        for k, v in value.items():
            typed(v, k)
    elif isinstance(value, list):
        for v in value:
            typed(v, key)
    elif key in DECIMALS:
        assert isinstance(value, Decimal), (key, value)
    elif key in DATES:
        assert isinstance(value, date), (key, value)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.[xX][mM][lL]")), ids=lambda p: p.name)
def test_cen_samples_read_typed(path: Path) -> None:
    data = path.read_bytes()
    read = facturier.read_invoice(data)
    assert read["syntax"] == ("cii" if path.parent.name == "cii" else "ubl")
    assert read["number"] and read["lines"]
    typed(read)
    assert isinstance(facturier.validate_invoice(data), list)


def test_a_date_python_cannot_hold_is_einvoice_value(invoice: Any) -> None:
    xml = facturier.facturx_xml(invoice).replace(b">20261122<", b">00000101<", 1)
    with pytest.raises(facturier.EinvoiceError) as e:
        facturier.read_invoice(xml)
    assert e.value.code == "einvoice.value"
    assert "IssueDateTime" in str(e.value)  # the date's location in the XML
