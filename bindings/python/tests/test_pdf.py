"""render_pdf: issued invoices and quotes of the story to PDF bytes, options, errors, threads."""

from __future__ import annotations

import copy
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import facturier
from conftest import pdf_text as text_of

SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    b'<rect width="40" height="20" fill="#C0392B"/></svg>'
)


def png_logo(width: int = 4, height: int = 4) -> bytes:
    """A small valid RGBA PNG, built by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x1f\x3a\x5f\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture
def invoice(draft: Any) -> Any:
    """The sample draft, issued."""
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    issued, _ = facturier.issue_invoice(draft, state, date(2026, 11, 22))
    return issued


@pytest.fixture
def quote(quote_v1: Any, quote_v2: Any) -> Any:
    """The story's quote: version 1 revised into version 2, sent."""
    q = facturier.new_quote("D-2026-001", quote_v1)
    q = facturier.revise_quote(q, quote_v2)
    return facturier.send_quote(q, date(2026, 10, 9))


def test_invoice_and_quote_render(invoice: Any, quote: Any, tmp_path: Path) -> None:
    pdf = facturier.render_pdf(invoice)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    devis = facturier.render_pdf(quote)
    assert devis.startswith(b"%PDF-") and devis != pdf
    text = text_of(pdf, tmp_path)
    assert invoice["number"] in text
    assert "D-2026-001" in text_of(devis, tmp_path)


def test_every_invoice_kind_of_the_story(quote_v2: Any) -> None:
    """Deposit, final and credit note (each its own template) render too."""
    q = facturier.accept_quote(facturier.send_quote(facturier.new_quote("D-1", quote_v2), "2026-10-09"), "2026-10-15")
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    deposit, state = facturier.issue_invoice(facturier.quote_to_deposit(q, {"percent": "30"}), state, "2026-10-16")
    final, state = facturier.issue_invoice(facturier.quote_to_final(q, [deposit]), state, "2026-11-20")
    note, _ = facturier.issue_invoice(facturier.credit_note(final), state, "2026-11-25")
    pdfs = [facturier.render_pdf(doc) for doc in (deposit, final, note)]
    assert all(p.startswith(b"%PDF-") for p in pdfs)
    assert len(set(pdfs)) == 3


def test_deterministic(invoice: Any, quote: Any) -> None:
    assert facturier.render_pdf(invoice) == facturier.render_pdf(invoice)
    assert facturier.render_pdf(quote, footer="x") == facturier.render_pdf(quote, footer="x")


def test_accepts_what_json_load_gives(invoice: Any) -> None:
    """A stored invoice (decimals as strings, dates as text) renders the same as the live one."""
    import json

    stored = json.loads(json.dumps(invoice, default=str))
    assert facturier.render_pdf(stored) == facturier.render_pdf(invoice)


def test_primary_color_and_footer(invoice: Any, tmp_path: Path) -> None:
    plain = facturier.render_pdf(invoice)
    red = facturier.render_pdf(invoice, primary_color="#C0392B")
    assert red != plain
    # the colour is normalised to upper case
    assert facturier.render_pdf(invoice, primary_color="#c0392b") == red
    footer = "Atelier Numérique — merci de votre confiance"
    with_footer = facturier.render_pdf(invoice, footer=footer)
    assert with_footer != plain
    assert "merci de votre confiance" in text_of(with_footer, tmp_path)


def test_svg_and_png_logos(invoice: Any) -> None:
    plain = facturier.render_pdf(invoice)
    svg = facturier.render_pdf(invoice, logo=SVG_LOGO, logo_format="svg", logo_alt="Logo Atelier Numérique")
    png = facturier.render_pdf(invoice, logo=png_logo(), logo_format="png", logo_alt="Logo Atelier Numérique")
    assert svg.startswith(b"%PDF-") and png.startswith(b"%PDF-")
    assert len({plain, svg, png}) == 3
    assert b"/StructTreeRoot" in svg  # tagged PDF: the alt text goes to the structure tree
    # a bytearray is taken too
    assert facturier.render_pdf(invoice, logo=bytearray(SVG_LOGO), logo_format="svg", logo_alt="Logo Atelier Numérique") == svg


def test_pdf_a(invoice: Any) -> None:
    pdf = facturier.render_pdf(invoice, pdf_a=True)
    assert b"pdfaid" in pdf
    assert b"pdfaid" not in facturier.render_pdf(invoice)


def test_custom_template(invoice: Any, tmp_path: Path) -> None:
    template = '#import "/lib.typ": t\n#let d = json("/data.json")\n#set text(font: "Inter")\n= Ma facture #t(d.number)\n'
    pdf = facturier.render_pdf(invoice, template=template)
    assert pdf.startswith(b"%PDF-")
    assert f"Ma facture {invoice['number']}" in text_of(pdf, tmp_path)


@pytest.mark.parametrize("color", ["red", "#12345", "#GGGGGG", "1F3A5F"])
def test_bad_colour(invoice: Any, color: str) -> None:
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice, primary_color=color)
    e = info.value
    assert isinstance(e, facturier.FacturierError)
    assert e.code == "pdf.branding" and e.path is None and e.errors() == []
    assert "#RRGGBB" in str(e)


@pytest.mark.parametrize(
    "options",
    [
        {"logo": b"<svg", "logo_format": "svg", "logo_alt": "Logo"},  # unreadable SVG
        {"logo": b"not a png", "logo_format": "png", "logo_alt": "Logo"},  # unreadable PNG
        {"logo": SVG_LOGO, "logo_alt": "Logo"},  # no format
        {"logo": SVG_LOGO, "logo_format": "gif", "logo_alt": "Logo"},  # unknown format
        {"logo": SVG_LOGO, "logo_format": "svg"},  # no alt text
        {"logo": SVG_LOGO, "logo_format": "svg", "logo_alt": "  "},  # blank alt text
        {"logo_format": "svg", "logo_alt": "Logo"},  # no logo
    ],
)
def test_bad_logo(invoice: Any, options: dict[str, Any]) -> None:
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice, **options)
    assert info.value.code == "pdf.branding"


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"logo": SVG_LOGO, "logo_format": "svg", "logo_alt": "Logo\u0000"}, "logo_alt"),  # a control character
        ({"footer": "Merci\u202eFR76"}, "footer"),  # a bidi override: the footer would print reversed
    ],
)
def test_footer_and_logo_text_are_text(invoice: Any, options: dict[str, Any], path: str) -> None:
    with pytest.raises(facturier.ValidationError) as info:
        facturier.render_pdf(invoice, **options)
    assert info.value.code == "invalid"
    assert [(v["code"], v["path"]) for v in info.value.errors()] == [("input.text.invalid", path)]


def test_a_character_the_fonts_lack_is_refused_where_it_is(invoice: Any) -> None:
    invoice = copy.deepcopy(invoice)
    invoice["content"]["buyer"]["name"] = "Café 😀"
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice)
    assert info.value.code == "pdf.font"
    assert "U+1F600" in str(info.value) and "Café 😀" in str(info.value)


def test_logo_must_be_bytes(invoice: Any) -> None:
    with pytest.raises(facturier.InputTypeError) as info:
        facturier.render_pdf(invoice, logo="<svg/>", logo_format="svg", logo_alt="Logo")  # type: ignore[arg-type]
    assert info.value.code == "type" and info.value.path == "logo"


def test_broken_template_reports_diagnostics(invoice: Any) -> None:
    broken = '#set text(font: "Inter")\nok\n#let x = (1 +\n'
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice, template=broken)
    e = info.value
    assert e.code == "pdf.template" and e.path is None
    errors = e.errors()
    assert errors, "Typst diagnostics"
    first = errors[0]
    assert set(first) == {"code", "path", "message", "source", "file", "line", "column"}  # the shape of Node's details
    assert first["code"] == "pdf.template" and first["source"] == "" and first["message"]
    file, line, column = first["path"].split(":")
    assert file == "/main.typ" and int(line) == 3 and int(column) >= 1
    assert (first.get("file"), first.get("line"), first.get("column")) == (file, 3, int(column))
    assert "/main.typ:3:" in str(e)


def test_render_limits_stop_a_template_with_pdf_limit(invoice: Any) -> None:
    # an endless loop ends at the template's time budget, a third page past max_pages=2
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice, template="#let n = 0\n#for i in range(100000000) { n += 1 }\n", template_time_ms=300)
    assert info.value.code == "pdf.limit"
    pages = '#set text(font: "Inter")\none #pagebreak() two #pagebreak() three\n'
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice, template=pages, max_pages=2)
    assert info.value.code == "pdf.limit"
    assert facturier.render_pdf(invoice, template=pages, max_pages=3).startswith(b"%PDF-")


def test_unknown_font_is_an_error(invoice: Any) -> None:
    with pytest.raises(facturier.RenderError) as info:
        facturier.render_pdf(invoice, template='#set text(font: "Comic Sans MS")\nBonjour\n')
    assert info.value.code == "pdf.font"
    assert info.value.errors()[0]["path"].startswith("/main.typ:1:")


def test_malformed_documents(invoice: Any) -> None:
    with pytest.raises(facturier.ValidationError) as info:
        facturier.render_pdf({"number": "F-1"})
    assert info.value.code == "parse"
    broken = {**invoice, "totals": {**invoice["totals"], "amount_due": 12.5}}
    with pytest.raises(facturier.InputTypeError) as type_info:
        facturier.render_pdf(broken)
    assert type_info.value.code == "float" and type_info.value.path == "totals.amount_due"
    with pytest.raises(facturier.ValidationError):
        facturier.render_pdf({"versions": []})  # a quote without versions


def test_options_are_keyword_only(invoice: Any) -> None:
    with pytest.raises(TypeError):
        facturier.render_pdf(invoice, SVG_LOGO)  # type: ignore[misc]


def test_four_threads_render_concurrently(invoice: Any, quote: Any) -> None:
    expected_invoice = facturier.render_pdf(invoice, footer="threads")
    expected_quote = facturier.render_pdf(quote, footer="threads")

    def work(k: int) -> list[bytes]:
        doc = invoice if k % 2 == 0 else quote
        return [facturier.render_pdf(doc, footer="threads") for _ in range(3)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(8)))
    for k, pdfs in enumerate(results):
        expected = expected_invoice if k % 2 == 0 else expected_quote
        assert all(p == expected for p in pdfs)
