"""The peers of the PDF benchmark: WeasyPrint (HTML/CSS) and ReportLab (platypus).

Both render, from the same issued-invoice JSON as facturier (`invoice-20.json`), an A4
document equivalent to facturier's `templates/invoice.typ`: seller block and document title,
number and dates; buyer box and delivery address; the lines table with a repeating header;
the charges; VAT breakdown per rate and the totals box; payment terms with due date, IBAN and
BIC; nature of the operations and legal mentions; a footer with the seller's identity and
"Page n/N". The presentation data is derived here, in Python, the way `pdf/src/doc.rs` derives
it in Rust: French formatting with `decimal.Decimal` (never a float), U+202F between digit
groups and U+00A0 before `€` and `%`. That derivation is part of every timed render, as it is
for facturier.

Fonts: WeasyPrint uses the very files facturier embeds (`templates/fonts/Inter-*.otf`).
ReportLab only embeds TrueType-outline fonts, so it uses `templates/fonts/Inter-*.ttf` when the
repository ships them, otherwise a TrueType conversion of those OTF files made once by
`prepare_fonts()` into `.cache/fonts/` (fontTools cu2qu; same family and metrics), and only
if that fails DejaVu Sans from Debian's `fonts-dejavu-core`. `font_report()` says which.

    python peers.py --out-dir DIR [--invoice invoice-20.json]   # writes weasyprint.pdf, reportlab.pdf
"""

from __future__ import annotations

import html
import io
import json
import os
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FONT_DIR = ROOT / "templates" / "fonts"
CACHE_FONTS = HERE / ".cache" / "fonts"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
INVOICE = HERE / "invoice-20.json"
# "inter" (default: the family facturier embeds) or "dejavu" (the prototype's setting in
# ../shared/spec/typst.md §3; much cheaper for WeasyPrint, whose fontTools subsetting of Inter's
# large OpenType tables dominates its time).
FONT_CHOICE = os.environ.get("BENCH_PEER_FONT", "inter")

THIN = "\u202f"
NBSP = "\u00a0"
PRIMARY = "#1F3A5F"

# Inter faces facturier embeds, by role.
# facturier's templates use two faces, Regular and Bold ("strong" is bold); so do the peers.
FACES = {"regular": "Inter-Regular", "semibold": "Inter-Bold", "bold": "Inter-Bold", "italic": "Inter-Italic"}
DEJAVU = {"regular": "DejaVuSans", "semibold": "DejaVuSans-Bold", "bold": "DejaVuSans-Bold", "italic": "DejaVuSans-Oblique"}


def load_invoice(path: Path = INVOICE) -> dict[str, Any]:
    """The issued invoice as facturier JSON (decimals stay strings until formatted)."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------------------------------
# Colours (Typst `lighten(p)`: mix towards white)


def _lighten(hex_colour: str, p: Decimal) -> str:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    out = [int((Decimal(c) + (255 - c) * p).to_integral_value(ROUND_HALF_EVEN)) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in out)


TINT = _lighten(PRIMARY, Decimal("0.92"))
RULE = _lighten(PRIMARY, Decimal("0.60"))
MUTED = "#5A5A5A"  # luma(90)
TEXT = "#141414"  # luma(20)
SMALL_TEXT = "#3C3C3C"  # luma(60)

# ---------------------------------------------------------------------------------------------
# French formatting (mirrors pdf/src/format.rs), Decimal only


def _group(digits: str) -> str:
    n = len(digits)
    return "".join((THIN if i and (n - i) % 3 == 0 else "") + c for i, c in enumerate(digits))


def number(value: Decimal | str, min_dp: int, max_dp: int) -> str:
    v = Decimal(value).quantize(Decimal(1).scaleb(-max_dp), rounding=ROUND_HALF_EVEN).normalize()
    exponent = v.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent < min_dp:
        v = v.quantize(Decimal(1).scaleb(-min_dp))
    s = format(v, "f")
    sign, s = ("-", s[1:]) if s.startswith("-") else ("", s)
    whole, _, frac = s.partition(".")
    return f"{sign}{_group(whole)},{frac}" if frac else f"{sign}{_group(whole)}"


def euros(a: Decimal | str) -> str:
    return f"{number(a, 2, 2)}{NBSP}€"


def unit_price(a: Decimal | str) -> str:
    return f"{number(a, 2, 6)}{NBSP}€"


def money(a: Decimal | str, currency: str) -> str:
    return euros(a) if currency == "EUR" else f"{number(a, 2, 2)}{NBSP}{currency}"


def percent(r: Decimal | str) -> str:
    return f"{number(r, 0, 4)}{NBSP}%"


def quantity(q: Decimal | str) -> str:
    return number(q, 0, 4)


def date_fr(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def siren_siret(ident: str) -> str:
    c = "".join(ident.split())
    if c.isdigit() and len(c) == 9:
        return NBSP.join((c[0:3], c[3:6], c[6:9]))
    if c.isdigit() and len(c) == 14:
        return NBSP.join((c[0:3], c[3:6], c[6:9], c[9:14]))
    return ident


def iban(s: str) -> str:
    c = "".join(s.split())
    return " ".join(c[i : i + 4] for i in range(0, len(c), 4))


UNITS = {"C62": "u", "H87": "u", "EA": "u", "XPP": "u", "HUR": "h", "MIN": "min", "DAY": "j", "WEE": "sem.", "MON": "mois",
         "ANN": "an", "KGM": "kg", "GRM": "g", "TNE": "t", "MTR": "m", "KTM": "km", "MTK": "m²", "MTQ": "m³", "LTR": "l",
         "KWH": "kWh", "LS": "forfait", "SET": "lot", "PR": "paire"}  # fmt: skip

COUNTRIES = {"DE": "Allemagne", "BE": "Belgique", "ES": "Espagne", "IT": "Italie", "LU": "Luxembourg", "NL": "Pays-Bas",
             "PT": "Portugal", "CH": "Suisse", "GB": "Royaume-Uni", "US": "États-Unis", "MC": "Monaco", "IE": "Irlande",
             "AT": "Autriche"}  # fmt: skip

TITLES = {"standard": "Facture", "deposit": "Facture d'acompte", "final": "Facture de solde", "credit_note": "Avoir"}
SUPPLY = {"goods": "Livraison de biens", "services": "Prestations de services",
          "mixed": "Livraison de biens et prestations de services"}  # fmt: skip


def _jours(days: int) -> str:
    return "jours" if days > 1 else "jour"


def terms_fr(t: dict[str, Any]) -> str:
    kind, days = t["type"], int(t.get("days", 0))
    if kind == "on_receipt" or (kind == "net_days" and days == 0):
        return "À réception"
    if kind == "net_days":
        return f"{days} {_jours(days)} date de facture"
    if days == 0:
        return "Fin de mois"
    if t.get("method", "days_then_end_of_month") == "days_then_end_of_month":
        return f"{days} {_jours(days)} fin de mois"
    return f"fin de mois + {days} {_jours(days)}"


# ---------------------------------------------------------------------------------------------
# Presentation data (mirrors pdf/src/doc.rs for an issued invoice)


def _address(a: dict[str, Any]) -> list[str]:
    out = [a["line1"]]
    if (a.get("line2") or "").strip():
        out.append(a["line2"])
    out.append(f"{a['postal_code']} {a['city']}".strip())
    if a["country"].upper() != "FR":
        out.append(COUNTRIES.get(a["country"].upper(), a["country"]))
    return [x for x in out if x.strip()]


def _rate_label(category: str, rate: str) -> str:
    taxed = category in ("S", "AA")  # taxed categories print their rate; others their code when 0
    return percent(rate) if taxed or Decimal(rate) != 0 else category


def view(inv: dict[str, Any]) -> dict[str, Any]:
    """Everything the document prints, formatted; the same content as facturier's RenderDoc."""
    c, t = inv["content"], inv["totals"]
    cur = c.get("currency", "EUR")
    m = lambda d: money(d, cur)  # noqa: E731
    s, b = c["seller"], c["buyer"]

    ident = []
    if s.get("legal_form") and s.get("share_capital"):
        ident.append(f"{s['legal_form']} au capital de {euros(s['share_capital'])}")
    elif s.get("legal_form"):
        ident.append(s["legal_form"])
    elif s.get("share_capital"):
        ident.append(f"Capital de {euros(s['share_capital'])}")
    reg = s.get("registration") or {}
    rcs_city = reg.get("city") if reg.get("register") == "rcs" else None
    if rcs_city and s.get("siren"):
        ident.append(f"RCS {rcs_city} {siren_siret(s['siren'])}")
    elif s.get("siren"):
        ident.append(f"SIREN {siren_siret(s['siren'])}")
    elif rcs_city:
        ident.append(f"RCS {rcs_city}")
    if s.get("siret"):
        ident.append(f"SIRET {siren_siret(s['siret'])}")
    if s.get("vat_number"):
        ident.append(f"TVA intracom. {s['vat_number']}")
    seller_name = s["name"] + (" EI" if s.get("individual_entrepreneur") and "EI" not in s["name"].split() else "")

    buyer_ident = []
    if b.get("siret"):
        buyer_ident.append(f"SIRET {siren_siret(b['siret'])}")
    elif b.get("siren"):
        buyer_ident.append(f"SIREN {siren_siret(b['siren'])}")
    if b.get("vat_number"):
        buyer_ident.append(f"TVA intracom. {b['vat_number']}")

    nets = {x["id"]: x["net"] for x in t["lines"]}
    lines = []
    for ln in c["lines"]:
        disc = ln.get("discount")
        if disc and "percent" in disc:
            d = f"-{percent(disc['percent'])}"
        elif disc:
            d = f"-{m(disc['amount'])}"
        else:
            d = ""
        lines.append({
            "description": ln["description"],
            "quantity": quantity(ln["quantity"]),
            "unit": UNITS.get(ln["unit"], ln["unit"]),
            "unit_price": unit_price(ln["unit_price"]) if cur == "EUR" else m(ln["unit_price"]),
            "discount": d,
            "vat_rate": _rate_label(ln["vat_category"], ln["vat_rate"]),
            "net": m(nets.get(ln["id"], "0")),
        })  # fmt: skip
    adjustments = [(a["reason"], _rate_label(a["vat_category"], a["vat_rate"]), m(-Decimal(a["amount"])))
                   for a in c.get("allowances", [])]  # fmt: skip
    adjustments += [(a["reason"], _rate_label(a["vat_category"], a["vat_rate"]), m(a["amount"])) for a in c.get("charges", [])]
    vat = [(percent(g["rate"]), m(g["basis"]), m(g["vat"])) for g in t["vat_breakdown"]]

    rows = []
    allow, charge = Decimal(t["allowance_total"]), Decimal(t["charge_total"])
    if allow or charge:
        rows.append(("Total des lignes HT", m(t["line_total"]), "normal"))
        if allow:
            rows.append(("Remises", m(-allow), "normal"))
        if charge:
            rows.append(("Frais", m(charge), "normal"))
    rows.append(("Total HT", m(t["total_excl_tax"]), "normal"))
    rows.append(("Total TVA", m(t["vat_total"]), "normal"))
    due_label = "Montant de l'avoir TTC" if c["kind"] == "credit_note" else "Net à payer"
    prepaid, deposits = Decimal(t["prepaid"]), Decimal(t["deposits_total"])
    if prepaid:
        rows.append(("Total TTC", m(t["total_incl_tax"]), "strong"))
        if deposits:
            rows.append(("Acomptes déduits TTC", m(-deposits), "normal"))
        if prepaid - deposits:
            rows.append(("Déjà réglé", m(-(prepaid - deposits)), "normal"))
    rows.append((due_label, m(t["amount_due"]), "due"))

    dates = [("Date d'émission", date_fr(inv["issue_date"]))]
    if c.get("delivery_date"):
        dates.append(("Date de livraison", date_fr(c["delivery_date"])))
    if c["kind"] != "credit_note":
        dates.append(("Échéance", date_fr(inv["due_date"])))
    if c.get("purchase_order"):
        dates.append(("Bon de commande", c["purchase_order"]))

    payment = [("Conditions de paiement", terms_fr(c["payment_terms"])), ("Date d'échéance", date_fr(inv["due_date"]))]
    if s.get("iban") or s.get("bic"):
        payment.append(("Mode de règlement", "Virement bancaire"))
    if s.get("iban"):
        payment.append(("IBAN", iban(s["iban"])))
    if s.get("bic"):
        payment.append(("BIC", s["bic"]))

    return {
        "title": TITLES[c["kind"]],
        "number": inv["number"],
        "seller": {"name": seller_name, "address": _address(s["address"]), "email": s.get("email"),
                   "identity_line": " · ".join(ident)},  # fmt: skip
        "buyer": {"name": b["name"], "address": _address(b["address"]), "identity": buyer_ident, "email": b.get("email")},
        "delivery": _address(b["delivery_address"]) if b.get("delivery_address") else None,
        "dates": dates,
        "has_discounts": any(ln.get("discount") for ln in c["lines"]),
        "lines": lines,
        "adjustments": adjustments,
        "vat": vat,
        "totals": rows,
        "payment": payment if c["kind"] != "credit_note" else [],
        "supply": SUPPLY[inv["supply_category"]],
        "mentions": [x["text"] for x in inv["mentions"]],
        "notes": [n for n in c.get("notes", []) if n.strip()],
    }


# ---------------------------------------------------------------------------------------------
# Fonts


def _inter_otf() -> dict[str, Path] | None:
    paths = {role: FONT_DIR / f"{name}.otf" for role, name in FACES.items()}
    return paths if all(p.exists() for p in paths.values()) else None


def _otf_to_ttf(src: Path, dst: Path) -> None:
    """CFF → TrueType outlines (quadratic), the fontTools `otf2ttf` recipe."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(src)
    glyph_order = font.getGlyphOrder()
    glyf, glyphs = newTable("glyf"), {}
    glyf.glyphOrder = glyph_order
    glyph_set = font.getGlyphSet()
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font["post"].glyphOrder = glyph_order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    dst.parent.mkdir(parents=True, exist_ok=True)
    font.save(dst)


def prepare_fonts() -> None:
    """Makes the TrueType Inter for ReportLab once (not timed); harmless to call again."""
    if all((FONT_DIR / f"{n}.ttf").exists() for n in FACES.values()):
        return
    otf = _inter_otf()
    if otf is None:
        return
    for role, src in otf.items():
        dst = CACHE_FONTS / f"{FACES[role]}.ttf"
        if not dst.exists() or dst.stat().st_mtime < src.stat().st_mtime:
            _otf_to_ttf(src, dst)


def _dejavu(why: str) -> tuple[dict[str, Path], str]:
    return {r: DEJAVU_DIR / f"{n}.ttf" for r, n in DEJAVU.items()}, f"DejaVu Sans (fonts-dejavu-core; {why})"


def weasyprint_fonts() -> tuple[dict[str, Path], str]:
    if FONT_CHOICE == "dejavu":
        return _dejavu("BENCH_PEER_FONT=dejavu")
    otf = _inter_otf()
    if otf is not None:
        return otf, "Inter (templates/fonts/*.otf, the files facturier embeds)"
    return _dejavu("Inter not found")


def reportlab_fonts() -> tuple[dict[str, Path], str]:
    if FONT_CHOICE == "dejavu":
        return _dejavu("BENCH_PEER_FONT=dejavu")
    shipped = {r: FONT_DIR / f"{n}.ttf" for r, n in FACES.items()}
    if all(p.exists() for p in shipped.values()):
        return shipped, "Inter (templates/fonts/*.ttf)"
    converted = {r: CACHE_FONTS / f"{n}.ttf" for r, n in FACES.items()}
    if all(p.exists() for p in converted.values()):
        return converted, "Inter, TrueType conversion of templates/fonts/*.otf (ReportLab cannot embed CFF outlines)"
    return _dejavu("no TrueType Inter")


# ---------------------------------------------------------------------------------------------
# WeasyPrint

CSS_TEMPLATE = """
@font-face { font-family: Body; src: url("{regular}"); font-weight: 400; font-style: normal; }
@font-face { font-family: Body; src: url("{semibold}"); font-weight: 600; font-style: normal; }
@font-face { font-family: Body; src: url("{bold}"); font-weight: 700; font-style: normal; }
@font-face { font-family: Body; src: url("{italic}"); font-weight: 400; font-style: italic; }
@page {
  size: A4; margin: 16mm 15mm 24mm 15mm;
  @bottom-left { content: element(footer); vertical-align: top; }
  @bottom-right { content: "Page " counter(page) "/" counter(pages); font: 600 7pt Body; color: MUTED;
                  vertical-align: top; padding-top: 3.6mm; }
}
html { font-family: Body; font-size: 8.8pt; color: TEXT; line-height: 1.2; }
body { margin: 0; }
.footer { position: running(footer); font-size: 7pt; color: MUTED; border-top: 0.4pt solid RULE; padding-top: 3pt;
          width: 150mm; }
.footer-rule { }
.head { display: flex; justify-content: space-between; }
.head .seller { width: 92mm; }
.head .doc { width: 72mm; text-align: right; }
.seller-name { font-size: 12pt; font-weight: 700; color: PRIMARY; margin-bottom: 1pt; }
.title { font-size: 20pt; font-weight: 700; color: PRIMARY; line-height: 1.1; }
.number { font-size: 10pt; font-weight: 600; margin-bottom: 2pt; }
table { border-collapse: collapse; }
.kv { margin-left: auto; }
.kv td { padding: 1.6pt 0; }
.kv td.k { color: MUTED; padding-right: 4mm; text-align: left; }
.kv td.v { text-align: left; }
.parties { display: flex; justify-content: space-between; margin-top: 4mm; }
.parties .delivery { width: 82mm; }
.parties .buyer { width: 90mm; box-sizing: border-box; background: TINT; padding: 4mm; border-radius: 2pt; }
.label { font-size: 7.5pt; font-weight: 700; color: PRIMARY; text-transform: uppercase; }
.buyer-name { font-size: 10pt; font-weight: 700; }
.small { font-size: 7.5pt; }
.lines { width: 100%; margin-top: 5mm; }
.lines th { background: PRIMARY; color: white; font-weight: 600; padding: 3.2pt 3pt; text-align: right; white-space: nowrap; }
.lines td { padding: 2.4pt 3pt; border-bottom: 0.3pt solid RULE; text-align: right; vertical-align: top; white-space: nowrap; }
.lines th.l, .lines td.l { text-align: left; }
.lines td.desc { white-space: normal; width: 100%; }
.adj { width: 100%; }
.adj td { padding: 3.2pt 3pt; border-bottom: 0.3pt solid RULE; text-align: right; white-space: nowrap; }
.adj td.l { text-align: left; width: 100%; white-space: normal; }
.sums { display: flex; justify-content: space-between; margin-top: 3mm; page-break-inside: avoid; }
.sums .vat { width: 92mm; }
.sums .box { width: 72mm; box-sizing: border-box; background: TINT; padding: 3mm 4mm; border-radius: 2pt; margin-top: 1.1em; }
.section { font-size: 8pt; font-weight: 700; color: PRIMARY; text-transform: uppercase; margin: 1.1em 0 0.5em 0; }
.vat table { width: 100%; }
.vat th { font-size: 7.5pt; font-weight: 600; color: PRIMARY; text-align: right; padding: 2.6pt 3pt; border-bottom: 0.3pt solid RULE; }
.vat td { text-align: right; padding: 2.6pt 3pt; border-bottom: 0.3pt solid RULE; }
.vat th.l, .vat td.l { text-align: left; }
.box table { width: 100%; }
.box td { padding: 2.4pt 0; }
.box td.v { text-align: right; white-space: nowrap; }
.box tr.strong td { font-weight: 600; }
.box tr.due td { padding-top: 5pt; font-size: 10.5pt; font-weight: 700; color: PRIMARY; }
.block { page-break-inside: avoid; }
.mentions { font-size: 7.5pt; color: SMALL_TEXT; }
.mentions p, .notes p { margin: 0 0 0.5em 0; }
"""


class WeasyPrintRenderer:
    """Renders an issued invoice through an HTML string and one parsed stylesheet."""

    name = "weasyprint"

    def __init__(self) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self.version = weasyprint.__version__
        fonts, self.font_note = weasyprint_fonts()
        css = CSS_TEMPLATE
        for key, colour in (("SMALL_TEXT", SMALL_TEXT), ("PRIMARY", PRIMARY), ("TINT", TINT), ("RULE", RULE),
                            ("MUTED", MUTED), ("TEXT", TEXT)):  # fmt: skip
            css = css.replace(key, colour)
        for role, path in fonts.items():
            css = css.replace("{" + role + "}", path.as_uri())
        self._html = weasyprint.HTML
        self._font_config = FontConfiguration()
        self._css = weasyprint.CSS(string=css, font_config=self._font_config)

    def render(self, inv: dict[str, Any]) -> bytes:
        v = view(inv)
        e = html.escape
        s, b = v["seller"], v["buyer"]
        out = ['<!doctype html><html lang="fr"><head><meta charset="utf-8">',
               f"<title>{e(v['title'])} {e(v['number'])}</title><meta name=author content=\"{e(s['name'])}\"></head><body>",
               f'<div class="footer">{e(s["name"])} · {e(s["identity_line"])}</div>',
               '<div class="head"><div class="seller">',
               f'<div class="seller-name">{e(s["name"])}</div>', "<br>".join(e(x) for x in s["address"])]  # fmt: skip
        if s["email"]:
            out.append(f"<br>{e(s['email'])}")
        out.append(f'</div><div class="doc"><div class="title">{e(v["title"])}</div>')
        out.append(f'<div class="number">N° {e(v["number"])}</div><table class="kv">')
        out += [f'<tr><td class="k">{e(k)}</td><td class="v">{e(x)}</td></tr>' for k, x in v["dates"]]
        out.append('</table></div></div><div class="parties"><div class="delivery">')
        if v["delivery"]:
            out.append('<div class="label">Adresse de livraison</div>' + "<br>".join(e(x) for x in v["delivery"]))
        out.append(f'</div><div class="buyer"><div class="label">Client</div><div class="buyer-name">{e(b["name"])}</div>')
        out.append("<br>".join(e(x) for x in b["address"]))
        if b["identity"]:
            out.append('<div class="small">' + "<br>".join(e(x) for x in b["identity"]) + "</div>")
        if b["email"]:
            out.append(f'<div class="small">{e(b["email"])}</div>')
        out.append("</div></div>")
        disc = v["has_discounts"]
        head = ["Désignation", "Qté", "Unité", "PU HT"] + (["Remise"] if disc else []) + ["TVA", "Total HT"]
        out.append('<table class="lines"><thead><tr>')
        out += [f'<th class="{"l" if h in ("Désignation", "Unité") else ""}">{e(h)}</th>' for h in head]
        out.append("</tr></thead><tbody>")
        for ln in v["lines"]:
            cells = [f'<td class="l desc">{e(ln["description"])}</td>', f"<td>{e(ln['quantity'])}</td>",
                     f'<td class="l">{e(ln["unit"])}</td>', f"<td>{e(ln['unit_price'])}</td>"]  # fmt: skip
            if disc:
                cells.append(f"<td>{e(ln['discount'])}</td>")
            cells += [f"<td>{e(ln['vat_rate'])}</td>", f"<td>{e(ln['net'])}</td>"]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        if v["adjustments"]:
            out.append('<table class="adj">')
            out += [f'<tr><td class="l">{e(r)}</td><td>{e(t)}</td><td>{e(a)}</td></tr>' for r, t, a in v["adjustments"]]
            out.append("</table>")
        out.append('<div class="sums"><div class="vat"><div class="section">Détail de la TVA</div><table>')
        out.append('<thead><tr><th class="l">Taux</th><th>Base HT</th><th>Montant TVA</th></tr></thead><tbody>')
        out += [f'<tr><td class="l">{e(r)}</td><td>{e(bs)}</td><td>{e(x)}</td></tr>' for r, bs, x in v["vat"]]
        out.append('</tbody></table></div><div class="box"><table>')
        out += [f'<tr class="{st}"><td>{e(k)}</td><td class="v">{e(x)}</td></tr>' for k, x, st in v["totals"]]
        out.append("</table></div></div>")
        if v["payment"]:
            out.append('<div class="block"><div class="section">Règlement</div><table class="kv" style="margin-left:0">')
            out += [f'<tr><td class="k">{e(k)}</td><td class="v">{e(x)}</td></tr>' for k, x in v["payment"]]
            out.append("</table></div>")
        if v["notes"]:
            out.append('<div class="block notes"><div class="section">Notes</div>')
            out += [f"<p>{e(n)}</p>" for n in v["notes"]]
            out.append("</div>")
        out.append('<div class="block"><div class="section">Mentions légales</div><div class="mentions">')
        out.append(f"<p>Nature des opérations : {e(v['supply'])}</p>")
        out += [f"<p>{e(x)}</p>" for x in v["mentions"]]
        out.append("</div></div></body></html>")
        doc = self._html(string="".join(out), base_url=str(HERE))
        return doc.write_pdf(stylesheets=[self._css], font_config=self._font_config)


# ---------------------------------------------------------------------------------------------
# ReportLab


class ReportLabRenderer:
    """Renders an issued invoice with platypus; "Page n/N" through a two-pass numbered canvas."""

    name = "reportlab"

    def __init__(self) -> None:
        import reportlab
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas as rl_canvas
        from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

        self.version = reportlab.Version
        fonts, self.font_note = reportlab_fonts()
        for role, path in fonts.items():
            pdfmetrics.registerFont(TTFont(f"Body-{role}", str(path)))
        pdfmetrics.registerFontFamily("Body", normal="Body-regular", bold="Body-bold", italic="Body-italic",
                                      boldItalic="Body-bold")  # fmt: skip
        self.c = colors
        self.mm = mm
        self.A4 = A4
        self.P, self.Table, self.TableStyle, self.Spacer, self.Keep = Paragraph, Table, TableStyle, Spacer, KeepTogether
        self.Doc = SimpleDocTemplate
        primary, tint, rule = colors.HexColor(PRIMARY), colors.HexColor(TINT), colors.HexColor(RULE)
        self.primary, self.tint, self.rule, self.muted = primary, tint, rule, colors.HexColor(MUTED)
        text = colors.HexColor(TEXT)
        def st(name: str, **kw: Any) -> Any:
            return ParagraphStyle(name, **{"fontName": "Body-regular", "fontSize": 8.8, "leading": 10.6, "textColor": text, **kw})
        self.s = {
            "body": st("body"),
            "right": st("right", alignment=TA_RIGHT),
            "seller": st("seller", fontName="Body-bold", fontSize=12, leading=15, textColor=primary),
            "title": st("title", fontName="Body-bold", fontSize=20, leading=22, textColor=primary, alignment=TA_RIGHT),
            "number": st("number", fontName="Body-semibold", fontSize=10, leading=13, alignment=TA_RIGHT),
            "label": st("label", fontName="Body-bold", fontSize=7.5, leading=9.5, textColor=primary),
            "buyer": st("buyer", fontName="Body-bold", fontSize=10, leading=13),
            "small": st("small", fontSize=7.5, leading=9.6),
            "muted": st("muted", textColor=self.muted),
            "th": st("th", fontName="Body-semibold", textColor=colors.white),
            "thr": st("thr", fontName="Body-semibold", textColor=colors.white, alignment=TA_RIGHT),
            "vth": st("vth", fontName="Body-semibold", fontSize=7.5, leading=9.6, textColor=primary),
            "vthr": st("vthr", fontName="Body-semibold", fontSize=7.5, leading=9.6, textColor=primary, alignment=TA_RIGHT),
            "section": st("section", fontName="Body-bold", fontSize=8, leading=10, textColor=primary, spaceBefore=9.7,
                          spaceAfter=4.4),  # fmt: skip
            "strong": st("strong", fontName="Body-semibold"),
            "strongr": st("strongr", fontName="Body-semibold", alignment=TA_RIGHT),
            "due": st("due", fontName="Body-bold", fontSize=10.5, leading=13, textColor=primary),
            "duer": st("duer", fontName="Body-bold", fontSize=10.5, leading=13, textColor=primary, alignment=TA_RIGHT),
            "mention": st("mention", fontSize=7.5, leading=9.6, textColor=colors.HexColor(SMALL_TEXT), spaceAfter=3.7),
        }
        muted = self.muted

        class NumberedCanvas(rl_canvas.Canvas):  # the classic two-pass "Page n/N" canvas
            footer_left = ""

            def __init__(self, *a: Any, **kw: Any) -> None:
                super().__init__(*a, **kw)
                self._saved: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 (ReportLab API)
                self._saved.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._saved)
                for state in self._saved:
                    self.__dict__.update(state)
                    self._footer(total)
                    super().showPage()
                super().save()

            def _footer(self, total: int) -> None:
                w = A4[0]
                y = 24 * mm - 4 * mm
                self.setStrokeColor(rule)
                self.setLineWidth(0.4)
                self.line(15 * mm, y, w - 15 * mm, y)
                self.setFillColor(muted)
                self.setFont("Body-regular", 7)
                self.drawString(15 * mm, y - 9, self.footer_left)
                self.setFont("Body-semibold", 7)
                self.drawRightString(w - 15 * mm, y - 9, f"Page {self._pageNumber}/{total}")

        self.Canvas = NumberedCanvas

    def render(self, inv: dict[str, Any]) -> bytes:
        v = view(inv)
        P, s, mm, c = self.P, self.s, self.mm, self.c
        x = xml_escape
        seller, buyer = v["seller"], v["buyer"]
        width = self.A4[0] - 30 * mm

        def kv(rows: list[tuple[str, str]], widths: list[float]) -> Any:
            t = self.Table([[P(x(k), s["muted"]), P(x(val), s["body"])] for k, val in rows], colWidths=widths, hAlign="RIGHT")
            t.setStyle(self.TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 4 * mm),
                                        ("RIGHTPADDING", (1, 0), (1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0.4),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.4), ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
            return t

        left = [P(x(seller["name"]), s["seller"]), P("<br/>".join(x(a) for a in seller["address"])
                                                     + (f"<br/>{x(seller['email'])}" if seller["email"] else ""), s["body"])]  # fmt: skip
        right = [P(x(v["title"]), s["title"]), P(f"N° {x(v['number'])}", s["number"]), self.Spacer(1, 2), kv(v["dates"], [34 * mm, 28 * mm])]
        story: list[Any] = []
        head = self.Table([[left, right]], colWidths=[width - 72 * mm, 72 * mm])
        head.setStyle(self.TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
        story.append(head)

        delivery = [P("ADRESSE DE LIVRAISON", s["label"]), P("<br/>".join(x(a) for a in v["delivery"]), s["body"])] if v["delivery"] else []
        box = [P("CLIENT", s["label"]), P(x(buyer["name"]), s["buyer"]), P("<br/>".join(x(a) for a in buyer["address"]), s["body"])]
        if buyer["identity"]:
            box.append(P("<br/>".join(x(a) for a in buyer["identity"]), s["small"]))
        if buyer["email"]:
            box.append(P(x(buyer["email"]), s["small"]))
        parties = self.Table([[delivery, box]], colWidths=[width - 90 * mm, 90 * mm])
        parties.setStyle(self.TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (1, 0), (1, 0), self.tint),
                                          ("LEFTPADDING", (0, 0), (0, 0), 0), ("PADDING", (1, 0), (1, 0), 4 * mm),
                                          ("ROUNDEDCORNERS", [2, 2, 2, 2])]))  # fmt: skip
        story += [self.Spacer(1, 4 * mm), parties, self.Spacer(1, 5 * mm)]

        disc = v["has_discounts"]
        head_cells = ["Désignation", "Qté", "Unité", "PU HT"] + (["Remise"] if disc else []) + ["TVA", "Total HT"]
        left_cols = {0, 2}
        rows = [[P(x(h), s["th"] if i in left_cols else s["thr"]) for i, h in enumerate(head_cells)]]
        for ln in v["lines"]:
            cells = [P(x(ln["description"]), s["body"]), ln["quantity"], ln["unit"], ln["unit_price"]]
            if disc:
                cells.append(ln["discount"])
            cells += [ln["vat_rate"], ln["net"]]
            rows.append(cells)
        n = len(head_cells)
        fixed = [12 * mm, 12 * mm, 21 * mm] + ([14 * mm] if disc else []) + [13 * mm, 23 * mm]
        table = self.Table(rows, colWidths=[width - sum(fixed)] + fixed, repeatRows=1)
        table.setStyle(self.TableStyle([
            ("FONT", (0, 1), (-1, -1), "Body-regular", 8.8), ("TEXTCOLOR", (0, 1), (-1, -1), c.HexColor(TEXT)),
            ("BACKGROUND", (0, 0), (-1, 0), self.primary), ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("ALIGN", (2, 1), (2, -1), "LEFT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 1), (-1, -1), 0.3, self.rule),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
        ]))  # fmt: skip
        story.append(table)
        if v["adjustments"]:
            adj = self.Table([[P(x(r), s["body"]), t, a] for r, t, a in v["adjustments"]],
                             colWidths=[width - 36 * mm, 13 * mm, 23 * mm])  # fmt: skip
            adj.setStyle(self.TableStyle([("FONT", (0, 0), (-1, -1), "Body-regular", 8.8), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                                          ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                                          ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.rule), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                          ("TOPPADDING", (0, 0), (-1, -1), 2.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2)]))  # fmt: skip
            story.append(adj)

        vat_rows = [[P("Taux", s["vth"]), P("Base HT", s["vthr"]), P("Montant TVA", s["vthr"])]]
        vat_rows += [[r, b, t] for r, b, t in v["vat"]]
        vat = self.Table(vat_rows, colWidths=[20 * mm, 32 * mm, 32 * mm], hAlign="LEFT")
        vat.setStyle(self.TableStyle([("FONT", (0, 1), (-1, -1), "Body-regular", 8.8), ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                      ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.rule), ("TOPPADDING", (0, 0), (-1, -1), 1.6),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6)]))  # fmt: skip
        trows = []
        for label, val, style in v["totals"]:
            if style == "due":
                trows.append([P(x(label), s["due"]), P(x(val), s["duer"])])
            elif style == "strong":
                trows.append([P(x(label), s["strong"]), P(x(val), s["strongr"])])
            else:
                trows.append([P(x(label), s["body"]), P(x(val), s["right"])])
        totals = self.Table(trows, colWidths=[36 * mm, 28 * mm])
        totals.setStyle(self.TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                         ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                                         ("TOPPADDING", (0, -1), (-1, -1), 5)]))  # fmt: skip
        box_t = self.Table([[totals]], colWidths=[72 * mm])
        box_t.setStyle(self.TableStyle([("BACKGROUND", (0, 0), (-1, -1), self.tint), ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm), ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm), ("ROUNDEDCORNERS", [2, 2, 2, 2])]))  # fmt: skip
        sums = self.Table([[[P("DÉTAIL DE LA TVA", s["section"]), vat], [self.Spacer(1, 9.7), box_t]]],
                          colWidths=[width - 72 * mm, 72 * mm])  # fmt: skip
        sums.setStyle(self.TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
        story += [self.Spacer(1, 3 * mm), self.Keep([sums])]
        if v["payment"]:
            pay = kv(v["payment"], [40 * mm, 80 * mm])
            pay.hAlign = "LEFT"
            story.append(self.Keep([P("RÈGLEMENT", s["section"]), pay]))
        if v["notes"]:
            story.append(self.Keep([P("NOTES", s["section"])] + [P(x(n), s["body"]) for n in v["notes"]]))
        story.append(self.Keep([P("MENTIONS LÉGALES", s["section"]), P(f"Nature des opérations : {x(v['supply'])}", s["mention"])]
                               + [P(x(m), s["mention"]) for m in v["mentions"]]))  # fmt: skip

        buf = io.BytesIO()
        footer = f"{seller['name']} · {seller['identity_line']}"

        class Canvas(self.Canvas):  # type: ignore[name-defined,misc]
            footer_left = footer

        doc = self.Doc(buf, pagesize=self.A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=16 * mm,
                       bottomMargin=24 * mm, title=f"{v['title']} {v['number']}", author=seller["name"],
                       lang="fr-FR", invariant=1)  # fmt: skip
        doc.build(story, canvasmaker=Canvas)
        return buf.getvalue()


RENDERERS = {"weasyprint": WeasyPrintRenderer, "reportlab": ReportLabRenderer}


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Writes one PDF per peer for a visual check.")
    ap.add_argument("--out-dir", type=Path, required=True)
    ap.add_argument("--invoice", type=Path, default=INVOICE)
    args = ap.parse_args()
    prepare_fonts()
    inv = load_invoice(args.invoice)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, cls in RENDERERS.items():
        r = cls()
        out = args.out_dir / f"{name}.pdf"
        out.write_bytes(r.render(inv))
        print(f"{out} ({r.font_note})")


if __name__ == "__main__":
    main()
