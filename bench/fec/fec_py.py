#!/usr/bin/env python3
"""The peer of bench/fec: a plain Python `csv` implementation of the same FEC export and check
as facturier's (fec/benches/support/synthetic.rs and fec/src/check.rs), exact decimals
(`decimal.Decimal`) as the Rust side. Prints one JSON line like fec_bench does.

    fec_py.py export --lines N --out FILE
    fec_py.py check FILE
"""

import csv
import datetime
import json
import re
import resource
import sys
import time
from decimal import Decimal, InvalidOperation

HEADER = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
          "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
          "ValidDate", "Montantdevise", "Idevise"]
REQUIRED = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "PieceRef",
            "PieceDate", "EcritureLib", "ValidDate"]
OPENING = {"AN", "RAN", "ANO"}
ZERO = Decimal(0)


def amount(d):
    """1411,00: decimal comma, two decimals, no thousands separator."""
    return f"{d:.2f}".replace(".", ",")


def export(lines, out):
    """The synthetic year of fec/benches/support/synthetic.rs, line for line."""
    last_day = datetime.date(2026, 12, 31)
    day = datetime.date(2026, 1, 1)
    entry = 0
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_NONE)
        w.writerow(HEADER)
        total = net = vat = ZERO
        while n < lines:
            entry += 1
            sale = entry % 2 == 1
            if entry % 4096 == 0 and day < last_day:
                day += datetime.timedelta(days=1)
            date = day.strftime("%Y%m%d")
            num = f"{entry:09d}"
            customer = (entry - 1) // 2 % 1000
            invoice = (entry + 1) // 2
            piece = f"{'F' if sale else 'P'}{invoice:08d}"
            aux, aux_lib = f"C{customer:04d}", f"Client {customer:04d}"
            label = f"{'Facture' if sale else 'Règlement'} {piece} Client {customer:04d}"
            if sale:
                cents = invoice % 100000 * 7 + 100
                net = Decimal(cents * 100).scaleb(-2)
                vat = Decimal(cents * 20).scaleb(-2)
                total = net + vat
                rows = [("411", "Clients", aux, aux_lib, total, ZERO), ("706", "Prestations de services", "", "", ZERO, net),
                        ("445711", "TVA collectée 20 %", "", "", ZERO, vat)]
                head = ("VT", "Ventes")
            else:
                rows = [("512", "Banque", "", "", total, ZERO), ("411", "Clients", aux, aux_lib, ZERO, total)]
                head = ("BQ", "Banque")
            for account, account_lib, a, al, debit, credit in rows:
                w.writerow([head[0], head[1], num, date, account, account_lib, a, al, piece, date, label,
                            amount(debit), amount(credit), "", "", date, "", ""])
                n += 1
    return n


AMOUNT = re.compile(r"^[+-]?\d+(,\d+)?[+-]?$")


def parse_date(s):
    if len(s) != 8 or not s.isdigit():
        return None
    try:
        return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def parse_amount(s):
    if s == "":
        return ZERO
    if not AMOUNT.match(s) or (s[0] in "+-" and s[-1] in "+-"):
        return None
    neg = s[0] == "-" or s[-1] == "-"
    try:
        d = Decimal(s.strip("+-").replace(",", "."))
    except InvalidOperation:
        return None
    return -d if neg else d


def check(path):
    """The rules of fec/src/check.rs on a tab-separated UTF-8 file."""
    counts = {}
    name = path.rsplit("/", 1)[-1]

    def hit(code):
        counts[code] = counts.get(code, 0) + 1

    m = re.match(r"^(\d{9})FEC(\d{8})", name)
    closing = parse_date(m.group(2)) if m else None
    if not m:
        hit("F01")
    start = None
    if closing:
        try:
            start = closing.replace(year=closing.year - 1) + datetime.timedelta(days=1)
        except ValueError:
            start = None
    records = 0
    journal_labels, account_labels, aux_labels, warned = {}, {}, {}, set()
    sequences = {}
    day_sums = {}
    letters = {}
    total_d = total_c = ZERO
    entry = None
    last_valid = None
    seen_regular = False

    def close(e):
        if e is None:
            return
        if e["d"] != e["c"]:
            hit("E01")
        if e["n"] < 2:
            hit("E02")
        if e["c12"] and e["pl"]:
            hit("E08")

    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != HEADER:
            hit("F07")
        idx = {h: i for i, h in enumerate(header)}
        width = len(header)
        for row in reader:
            line = reader.line_num
            if not row:
                hit("F09")
                continue
            if len(row) != width:
                hit("L01")
                continue
            records += 1
            (jc, jl, num, ed, cn, cl, an, al, pr, pd, el, ds, cs, let, dl, vd, md, idv) = row
            for k in REQUIRED:
                if not row[idx[k]].strip():
                    hit("L02")
            dates = {}
            for k, s in (("EcritureDate", ed), ("PieceDate", pd), ("ValidDate", vd), ("DateLet", dl)):
                if s:
                    d = parse_date(s)
                    if d is None:
                        hit("L03")
                    dates[k] = d
            debit, credit = parse_amount(ds), parse_amount(cs)
            for v in (debit, credit):
                if v is None:
                    hit("L04")
                elif v < 0:
                    hit("L07")
            debit = debit or ZERO
            credit = credit or ZERO
            if (debit == 0) == (credit == 0):
                hit("L05")
            cls = int(cn[0]) if cn[:1].isdigit() else 0
            if len(cn) < 3 or not cn[:3].isdigit() or cls in (0, 9):
                hit("L08")
            if (not an.strip()) != (not al.strip()):
                hit("L09")
            elif an and cls in (6, 7):
                hit("L09")
            if not let and dl:
                hit("L10")
            elif let and not dl:
                hit("L10")
            if md and parse_amount(md) is None:
                hit("L04")
            if bool(md) != bool(idv) or (idv and not (len(idv) == 3 and idv.isupper() and idv.isalpha())):
                hit("L11")
            e_date = dates.get("EcritureDate")
            if e_date:
                if closing and e_date > closing:
                    hit("L12")
                elif start and e_date < start:
                    hit("L12")
                if dates.get("ValidDate") and dates["ValidDate"] < e_date:
                    hit("L13")
                if dates.get("DateLet") and dates["DateLet"] < e_date:
                    hit("L13")
            for s in (el, pr, cl):
                t = s.strip()
                if t and not any(ch.isalnum() for ch in t):
                    hit("L14")
            for labels, code, label, key in ((journal_labels, jc, jl, "j"), (account_labels, cn, cl, "a"), (aux_labels, an, al, "x")):
                if key == "x" and not code:
                    continue
                known = labels.setdefault(code, label)
                if known != label and (key, code) not in warned:
                    warned.add((key, code))
                    hit("L15")
            # the entry
            if entry is None or entry["num"] != num:
                close(entry)
                opening = jc.upper() in OPENING
                if opening and seen_regular:
                    hit("N03")
                if not opening:
                    seen_regular = True
                    if last_valid is not None and parse_date(vd) and vd < last_valid:
                        hit("C01")
                    if parse_date(vd) and (last_valid is None or vd > last_valid):
                        last_valid = vd
                mm = re.search(r"(\d{1,18})$", num)
                if mm is None:
                    if num:
                        hit("N01")
                else:
                    prefix, seq = num[:mm.start()], int(mm.group(1))
                    last = sequences.get(prefix)
                    if last is None or seq == last + 1:
                        sequences[prefix] = seq
                    elif seq > last + 1:
                        hit("N01")
                        sequences[prefix] = seq
                    else:
                        hit("N02")
                        if seq == last:
                            hit("E07")
                entry = {"num": num, "date": ed, "journal": jc, "valid": vd, "pr": pr, "pd": pd, "d": ZERO, "c": ZERO,
                         "n": 0, "c12": False, "pl": False, "opening": opening, "reported": set()}
            entry["d"] += debit
            entry["c"] += credit
            entry["n"] += 1
            entry["c12"] |= cn.startswith("12")
            entry["pl"] |= cls in (6, 7)
            for code, field, differs in (("E03", "date", entry["date"] != ed), ("E04", "journal", entry["journal"] != jc),
                                         ("E05", "valid", entry["valid"] != vd), ("E06", "pr", entry["pr"] != pr),
                                         ("E06", "pd", entry["pd"] != pd)):
                if differs and field not in entry["reported"]:
                    entry["reported"].add(field)
                    hit(code)
            if entry["opening"] and cls in (6, 7) and "opening" not in entry["reported"]:
                entry["reported"].add("opening")
                hit("N03")
            if let:
                if cls in (6, 7):
                    hit("T03")
                g = letters.setdefault((cn, an, let), {"sum": ZERO, "n": 0, "dl": None, "mixed": False, "latest": "",
                                                      "partial": let.islower()})
                g["sum"] += debit - credit
                g["n"] += 1
                if dl:
                    if g["dl"] is None:
                        g["dl"] = dl
                    elif g["dl"] != dl:
                        g["mixed"] = True
                if ed > g["latest"]:
                    g["latest"] = ed
            total_d += debit
            total_c += credit
            key = (jc, ed)
            day_sums[key] = day_sums.get(key, ZERO) + debit - credit
    close(entry)
    for s in day_sums.values():
        if s != 0:
            hit("E09")
    if total_d != total_c:
        hit("G01")
    for g in letters.values():
        if g["n"] < 2 or (g["sum"] != 0 and not g["partial"]):
            hit("T01")
        if g["mixed"] or (g["dl"] is not None and g["dl"] < g["latest"]):
            hit("T02")
    return records, counts


def main():
    args = sys.argv[1:]
    op = args[0] if args else ""
    t0, c0 = time.perf_counter(), time.process_time()
    if op == "export":
        lines = int(args[args.index("--lines") + 1])
        n = export(lines, args[args.index("--out") + 1])
        extra = {}
    elif op == "check":
        n, counts = check(args[1])
        extra = {"findings": counts}
    else:
        sys.exit(__doc__)
    s, c = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"op": op, "lines": n, "seconds": round(s, 3), "cpu_seconds": round(c, 2), "lines_per_s": round(n / s),
                      "peak_rss_kb": rss, **extra}))


if __name__ == "__main__":
    main()
