"""Turns the JSON lines of one run.sh run into a table (stdout) and results.md.

    python report.py RESULTS.jsonl OUT_DIR results.md

Each line: {"label": ..., "pdf": "file in OUT_DIR" | null, "result": {...}} as run.sh writes them.
Ratios use the pinned one-core facturier Rust row; thread scaling compares, for Rust, Python and
Node, the two unpinned rows (1 and 2 threads, or renders in flight) of the same run, next to the
machine's ceiling: two one-thread processes on their own cores against one.

    python report.py --combine A.json B.json

prints the row of two processes run side by side: summed throughput, their medians' mean.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def pages(pdf: Path) -> str:
    out = sh("pdfinfo", str(pdf))
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return line.split()[1]
    return "?"


def machine() -> str:
    model = ""
    for line in sh("lscpu").splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model or platform.processor()}, {os.cpu_count()} CPUs, {mem}, {platform.system()} {platform.release()}; load average at the end {load}"


def combine(paths: list[str]) -> dict[str, Any]:
    """One row for processes that ran side by side: throughput adds up, times are averaged."""
    parts = [json.loads(Path(p).read_text()) for p in paths]
    if not all(p.get("available") for p in parts):
        return {"available": False, "reason": "a process of the pair failed"}
    row = dict(parts[0])
    for key in ("setup_ms", "first_ms", "median_ms", "p90_ms", "mean_ms", "min_ms"):
        row[key] = sum(p[key] for p in parts) / len(parts)
    row["n"] = sum(p["n"] for p in parts)
    row["docs_per_s"] = sum(p["docs_per_s"] for p in parts)
    row["peak_rss_mib"] = sum(p["peak_rss_mib"] for p in parts)
    row["processes"] = len(parts)
    return row


def opt(res: dict[str, Any], key: str, digits: int) -> str:
    """A figure a row may not have (the typst CLI row has no setup, first render or RSS)."""
    return f"{res[key]:.{digits}f}" if res.get(key) is not None else "–"


def main() -> int:
    if sys.argv[1:2] == ["--combine"]:
        print(json.dumps(combine(sys.argv[2:])))
        return 0
    jsonl, out_dir, md_path = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    rows = [json.loads(line) for line in jsonl.read_text().splitlines() if line.strip()]
    meta = {r["label"]: r for r in rows if r.get("meta")}
    runs = [r for r in rows if not r.get("meta")]

    head = ["Renderer", "Pinned", "N", "Setup ms", "First ms", "Median ms", "p90 ms", "docs/s", "Peak RSS MiB", "Size KB", "Pages", "Fonts"]
    table, notes = [], []
    by = {}
    for r in runs:
        res = r["result"]
        by[r["label"]] = res
        if not res.get("available"):
            notes.append(f"- **{r['label']}: not available** — {res.get('reason', '?')}")
            continue
        pdf = out_dir / r["pdf"] if r.get("pdf") else None
        dps = res.get("docs_per_s") or (1000 / res["median_ms"] if res["median_ms"] else 0)
        table.append([
            r["label"], "CPU 0" if r.get("pinned") else "no", str(res["n"]), opt(res, "setup_ms", 1), opt(res, "first_ms", 1),
            f"**{res['median_ms']:.2f}**", f"{res['p90_ms']:.2f}", f"{dps:.1f}", opt(res, "peak_rss_mib", 1),
            f"{res['size_bytes'] / 1000:.1f}", pages(pdf) if pdf and pdf.exists() else "?", res.get("fonts", "Inter (embedded)"),
        ])  # fmt: skip

    def ratio(num: str, den: str, key: str = "median_ms") -> float | None:
        a, b = by.get(num, {}), by.get(den, {})
        if a.get("available") and b.get("available") and b.get(key):
            return a[key] / b[key]
        return None

    base = "facturier Rust, 1 thread"
    ratios = []
    for label, peer, target in (
        ("WeasyPrint (Inter) / facturier Rust", "WeasyPrint (Inter)", 50),
        ("WeasyPrint (DejaVu) / facturier Rust", "WeasyPrint (DejaVu)", 50),
        ("ReportLab (Inter TTF) / facturier Rust", "ReportLab (Inter TTF)", 3),
        ("ReportLab (DejaVu) / facturier Rust", "ReportLab (DejaVu)", 3),
        ("facturier Python / facturier Rust", "facturier Python", None),
        ("facturier Node / facturier Rust", "facturier Node", None),
        ("facturier Rust / Typst alone in-process", None, None),
        ("typst compile (CLI) / facturier Rust", "typst compile (CLI, one process per document)", None),
    ):
        # facturier over Typst alone: the in-process row is the denominator
        x = ratio(peer, base) if peer else ratio(base, "Typst alone, in-process, 1 thread")
        verdict = "" if target is None or x is None else (" — target ≥ %d×: **%s**" % (target, "met" if x >= target else "NOT met"))
        ratios.append(f"- {label} (median per document): " + (f"**{x:.{2 if x < 10 else 1}f}×**{verdict}" if x else "n/a (a row is not available)"))
    # two threads (or renders in flight) of one process over one, per surface, unpinned
    scaling = {}
    for surface, one, two in (
        ("Rust", "facturier Rust, 1 thread (unpinned)", "facturier Rust, 2 threads (unpinned)"),
        ("Python", "facturier Python, 1 thread (unpinned)", "facturier Python, 2 threads (unpinned)"),
        ("Node", "facturier Node, 1 render in flight (unpinned)", "facturier Node, 2 renders in flight (unpinned)"),
    ):
        t1, t2 = by.get(one, {}), by.get(two, {})
        if t1.get("available") and t2.get("available"):
            scaling[surface] = s = t2["docs_per_s"] / t1["docs_per_s"]
            ratios.append(f"- {surface}, 2 threads / 1 thread throughput: {t2['docs_per_s']:.1f} / {t1['docs_per_s']:.1f} docs/s = "
                          f"**{s:.2f}×** — target ≥ 1.8×: **{'met' if s >= 1.8 else 'NOT met'}**")  # fmt: skip
        else:
            ratios.append(f"- {surface}, 2 threads / 1 thread throughput: n/a (a row is not available)")
    # the ceiling over the same unpinned one-thread row as the Rust threads' ratio
    p2, p1 = by.get("facturier Rust, 2 processes (1 thread, 1 core each)", {}), by.get("facturier Rust, 1 thread (unpinned)", {})
    if p2.get("available") and p1.get("available"):
        c = p2["docs_per_s"] / p1["docs_per_s"]
        ratios.append(f"- the machine's ceiling, 2 processes (each on one core) / 1 thread (unpinned): {p2['docs_per_s']:.1f} / "
                      f"{p1['docs_per_s']:.1f} docs/s = **{c:.2f}×**")  # fmt: skip
        for surface, s in scaling.items():
            ratios.append(f"- {surface}: 2 threads reach {s / c:.0%} of that ceiling")

    def md_table(h: list[str], rs: list[list[str]]) -> str:
        return "\n".join(["| " + " | ".join(h) + " |", "|" + "---|" * len(h)] + ["| " + " | ".join(r) + " |" for r in rs])

    versions = meta.get("versions", {}).get("value", {})
    lines = [
        "# PDF benchmark results",
        "",
        f"Made by `bench/pdf/run.sh` on {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}. "
        "Method, caveats and how to run: [README.md](README.md).",
        "",
        f"- Machine: {machine()}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v),
        f"- Document: `invoice-20.json` (20 lines, issued by facturier), the same for every renderer; "
        f"N = {meta.get('n', {}).get('value', '?')} renders per row (WeasyPrint: {meta.get('n_slow', {}).get('value', '?')}), "
        f"{meta.get('warmup', {}).get('value', '?')} warm-up renders, one process per row, rows run one after the other.",
        "- Times are per document, warm, in-process, to the PDF bytes in memory. \"Pinned\" rows run under "
        "`taskset -c 0` (one core, Typst's internal rayon pool included).",
        "",
        md_table(head, table),
        "",
        *notes,
        "",
        "## Ratios (same run)",
        "",
        *ratios,
        "",
    ]
    md = "\n".join(lines)
    md_path.write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
