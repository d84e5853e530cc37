#!/usr/bin/env python3
"""Checks that facturier and pandas give the same monthly totals to the cent, and writes
results.md with the medians and their ratio (the same run). Exits 1 when the totals differ.

    python report.py rust.json pandas.json results.md [pin]
"""
import datetime as dt
import json
import os
import platform
import subprocess
import sys


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except OSError:
        return ""


def main():
    rust_path, pandas_path, out, pin = sys.argv[1], sys.argv[2], sys.argv[3], (sys.argv[4] if len(sys.argv) > 4 else "")
    r, p = json.load(open(rust_path)), json.load(open(pandas_path))
    diffs = [(a["month"], k, a[k], b[k]) for a, b in zip(r["months"], p["months"]) for k in a if a[k] != b[k]]
    same = r["mrr_start"] == p["mrr_start"] and len(r["months"]) == len(p["months"]) and not diffs
    rm, pm = float(r["median_ms"]), float(p["median_ms"])
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    last = r["months"][-1]
    parse = f"{r['parse_ms']} ms"
    if r.get("input_bytes"):
        mb = r["input_bytes"] / 1e6
        parse += f" for {mb:.0f} MB, {mb / (float(r['parse_ms']) / 1000):.0f} MB/s"
    lines = [
        "# Contracts benchmark results",
        "",
        f"Made by `bench/contracts/run.sh` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC. Method, caveats and how to run: [README.md](README.md).",
        "",
        f"- Machine: {cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}; load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- Versions: {sh('rustc', '--version')}, python {platform.python_version()}, {p['implementation']}",
        f"- Dataset: {r['contracts']} contracts, {r['events']} amendments and events (generate.py, seed 13); MRR movements of 36 months (2024-01 – 2026-12)",
        f"- Each row {'pinned with `' + pin + '`' if pin else 'unpinned'}; times in-process, inputs already parsed (facturier's JSON parse: {parse}, not counted)",
        "",
        "| Implementation | Runs | Median ms | All runs ms |",
        "|---|---|---|---|",
        f"| facturier `mrr_report` (Rust, mimalloc as the hosts, checks every contract first) | {len(r['runs_ms'])} | **{rm:.1f}** | {', '.join(r['runs_ms'])} |",
        f"| {p['implementation']} (mrr_pandas.py) | {len(p['runs_ms'])} | **{pm:.1f}** | {', '.join(p['runs_ms'])} |",
        "",
        "## Same totals",
        "",
        f"- MRR on 31/12/2023: {r['mrr_start'] / 100:,.2f} € (facturier) / {p['mrr_start'] / 100:,.2f} € (pandas)",
        f"- December 2026: MRR {last['mrr_end'] / 100:,.2f} €, new {last['new'] / 100:,.2f}, expansion {last['expansion'] / 100:,.2f}, "
        f"contraction {last['contraction'] / 100:,.2f}, churn {last['churn'] / 100:,.2f}, reactivation {last['reactivation'] / 100:,.2f}",
        f"- Every month's MRR and five movements equal to the cent: **{'yes' if same else 'NO'}**" + ("" if same else f" ({len(diffs)} differences, first {diffs[:3]})"),
        "",
        "## Ratios (same run)",
        "",
        f"- pandas / facturier (median): **{pm / rm:.1f}×** — target ≥ 20×: **{'met' if pm / rm >= 20 else 'NOT met'}**",
        f"- facturier median {rm:.1f} ms — goal < 200 ms on one core: **{'met' if rm < 200 else 'NOT met'}**",
        "",
    ]
    open(out, "w").write("\n".join(lines))
    print("\n".join(lines))
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
