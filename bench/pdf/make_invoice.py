#!/usr/bin/env python3
"""Builds the benchmark's one fixture: a 20-line issued invoice, `invoice-20.json`.

The 20 lines cycle through the 4 lines of `examples/invoice-draft.json` (same seller, buyer,
charge and payment terms; ids 1..20), as `pdf/benches/render.rs` builds its 20-line invoice. The draft is issued by the Python binding (`facturier.issue_invoice`),
so the numbers, totals, due date and legal mentions are the core's; the file is the issued
invoice as facturier JSON (decimals as strings, dates as YYYY-MM-DD), deterministic, and
committed. It is read back through the binding as a check (an issued invoice is re-verified
on load).

    python make_invoice.py            # rewrites invoice-20.json next to this file
    python make_invoice.py --check    # fails if the committed file differs from a fresh build
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import decimal
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DRAFT = ROOT / "examples" / "invoice-draft.json"
OUT = HERE / "invoice-20.json"
LINES = 20
ISSUE_DATE = dt.date(2026, 11, 22)


def _jsonable(o: Any) -> Any:
    if isinstance(o, decimal.Decimal):
        return str(o)
    if isinstance(o, dt.date):
        return o.isoformat()
    raise TypeError(f"not JSON: {type(o).__name__}")


def build() -> str:
    import facturier

    with open(DRAFT, encoding="utf-8") as f:
        draft = json.load(f)
    base = draft["lines"]
    lines = []
    for i in range(LINES):
        line = copy.deepcopy(base[i % len(base)])
        line["id"] = str(i + 1)
        lines.append(line)
    draft["lines"] = lines
    state = facturier.new_numbering_state("invoices", "F-{YYYY}-{SEQ:5}")
    issued, _ = facturier.issue_invoice(draft, state, ISSUE_DATE)
    text = json.dumps(issued, default=_jsonable, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    # Round trip: the binding re-verifies an issued invoice on load (totals, due date, mentions).
    facturier.credit_note(json.loads(text), "full")
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args()
    text = build()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{args.output}: up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    inv = json.loads(text)
    print(f"wrote {args.output}: {inv['number']}, {len(inv['content']['lines'])} lines, due {inv['totals']['amount_due']} EUR")
    return 0


if __name__ == "__main__":
    sys.exit(main())
