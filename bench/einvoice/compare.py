#!/usr/bin/env python3
"""CII write and read of a 500-line invoice: facturier-einvoice against the Python peers, in
the same run (bench/einvoice/README.md). Prints a Markdown table of medians and ratios.

Rust: the release example `cii_500` (write = facturx_xml with its native checks; read =
read_invoice into the typed model; validate = the native EN 16931 + BR-FR rules).
Python: drafthorse 2025.2.0 builds the same 500 lines and serializes them (without and with its
XSD check), and parses facturier's XML (Document.parse); factur-x 7.8 checks the XML against
the Factur-X EN 16931 XSD (its xml_check_xsd), the nearest it has to a validator in-process.

Usage: compare.py PATH/TO/cii_500 [runs]
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal

import facturx
from drafthorse.models.document import Document
from drafthorse.models.tradelines import LineItem
from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.party import TaxRegistration


def median_us(f, runs):
    f()
    xs = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        xs.append((time.perf_counter() - t) * 1e6)
    return statistics.median(xs)


def drafthorse_doc(n):
    doc = Document()
    doc.context.guideline_parameter.id = "urn:cen.eu:en16931:2017"
    doc.header.id = "F-2026-00001"
    doc.header.type_code = "380"
    doc.header.issue_date_time = date(2026, 3, 2)
    doc.trade.agreement.seller.name = "Atelier Numérique"
    doc.trade.agreement.seller.address.country_id = "FR"
    reg = TaxRegistration()
    reg.id = ("VA", "FR11813883964")
    doc.trade.agreement.seller.tax_registrations.add(reg)
    doc.trade.agreement.buyer.name = "Boulangerie Martin"
    doc.trade.agreement.buyer.address.country_id = "FR"
    doc.trade.settlement.currency_code = "EUR"
    totals = {Decimal("20"): Decimal("0"), Decimal("5.5"): Decimal("0")}
    for i in range(n):
        goods = i % 3 == 0
        rate = Decimal("5.5") if goods else Decimal("20")
        qty = Decimal(i % 9 + 1)
        price = Decimal(1999 + i * 37 % 5000) / 100
        net = (qty * price).quantize(Decimal("0.01"))
        li = LineItem()
        li.document.line_id = str(i + 1)
        li.product.name = f"Article n° {i + 1} — référence {i * 7:05}"
        li.agreement.net.amount = price
        li.delivery.billed_quantity = (qty, "C62")
        li.settlement.trade_tax.type_code = "VAT"
        li.settlement.trade_tax.category_code = "S"
        li.settlement.trade_tax.rate_applicable_percent = rate
        li.settlement.monetary_summation.total_amount = net
        doc.trade.items.add(li)
        totals[rate] += net
    vat_total = Decimal("0")
    for rate, basis in totals.items():
        t = ApplicableTradeTax()
        vat = (basis * rate / 100).quantize(Decimal("0.01"))
        vat_total += vat
        t.calculated_amount = vat
        t.basis_amount = basis
        t.type_code = "VAT"
        t.category_code = "S"
        t.rate_applicable_percent = rate
        doc.trade.settlement.trade_tax.add(t)
    basis = sum(totals.values())
    m = doc.trade.settlement.monetary_summation
    m.line_total = basis
    m.tax_basis_total = basis
    m.tax_total = (vat_total, "EUR")
    m.grand_total = basis + vat_total
    m.due_amount = basis + vat_total
    return doc


def main(argv):
    binary = argv[0]
    runs = int(argv[1]) if len(argv) > 1 else 21
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        rust = json.loads(subprocess.check_output([binary, f.name, "500"]))
        xml = open(f.name, "rb").read()
    n = rust["lines"]
    py_write = median_us(lambda: drafthorse_doc(n).serialize(schema=None), runs)
    try:
        py_write_xsd = median_us(lambda: drafthorse_doc(n).serialize(schema="FACTUR-X_EN16931"), runs)
    except Exception as e:  # drafthorse's XSD check refusing the document is a result too
        py_write_xsd = None
        print(f"drafthorse serialize with XSD check failed: {e}", file=sys.stderr)
    py_read = median_us(lambda: Document.parse(xml, strict=False), runs)
    py_xsd = median_us(lambda: facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"), runs)
    rows = [
        ("write 500 lines → CII", rust["write_us"], "drafthorse serialize (no XSD check)", py_write),
        ("write 500 lines → CII", rust["write_us"], "drafthorse serialize + XSD check", py_write_xsd),
        ("read CII (500 lines) → typed model", rust["read_us"], "drafthorse Document.parse", py_read),
        ("validate (EN 16931 + BR-FR, native)", rust["validate_us"], "factur-x xml_check_xsd (XSD only)", py_xsd),
    ]
    print(f"500-line invoice, {rust['bytes']} bytes of CII; medians of {rust['runs']} (Rust) and {runs} (Python) runs, µs\n")
    print("| operation | facturier-einvoice | peer | peer median | ratio peer / ours |")
    print("|---|---:|---|---:|---:|")
    for op, ours, peer, theirs in rows:
        if theirs is None:
            print(f"| {op} | {ours:.0f} | {peer} | failed | — |")
        else:
            print(f"| {op} | {ours:.0f} | {peer} | {theirs:.0f} | {theirs / max(ours, 1):.1f}× |")


if __name__ == "__main__":
    main(sys.argv[1:])
