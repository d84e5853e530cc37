#!/usr/bin/env python3
"""The bare `typst compile` row of the PDF benchmark: the typst CLI compiling facturier's
invoice template with the render data of the benchmark's invoice, one process per document.

    python3 typst_cli.py --typst PATH --data DATA.json [--n 100] [--procs 1] [--pin CPU] [--save out.pdf]

Each document is a fresh `typst compile` process, so nothing is memoised between documents and
the time includes starting the process, reading the fonts and building Typst's library: what a
host that shells out to the CLI pays per document. `--procs 2` runs two such loops side by side
(each pinned to its own core when `--pin` is not given) and adds their throughputs. Prints one
JSON object in the format of the other rows.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "..", "..", "templates")


def prepare(data: str) -> str:
    """A project root with the invoice template, its library, the fonts and the data."""
    root = tempfile.mkdtemp(prefix="facturier-typst-cli-")
    for name in ("invoice.typ", "lib.typ"):
        shutil.copy(os.path.join(TEMPLATES, name), root)
    shutil.copytree(os.path.join(TEMPLATES, "fonts"), os.path.join(root, "fonts"))
    shutil.copy(data, os.path.join(root, "data.json"))
    return root


def command(typst: str, root: str, out: str) -> list:
    return [typst, "compile", "--root", root, "--font-path", os.path.join(root, "fonts"), "--ignore-system-fonts",
            "--ignore-embedded-fonts", os.path.join(root, "invoice.typ"), out]


def loop(typst: str, root: str, n: int, warmup: int, pin, out: str) -> list:
    cmd = command(typst, root, out)
    if pin is not None:
        cmd = ["taskset", "-c", str(pin)] + cmd
    for _ in range(warmup):
        subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--typst", default=shutil.which("typst") or "typst")
    ap.add_argument("--data", required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--pin", type=int, default=None)
    ap.add_argument("--save", default=None)
    args = ap.parse_args()

    root = prepare(args.data)
    try:
        version = subprocess.run([args.typst, "--version"], capture_output=True, text=True, check=True).stdout.strip()
        if args.procs == 1:
            t0 = time.perf_counter()
            times = loop(args.typst, root, args.n, args.warmup, args.pin, os.path.join(root, "out.pdf"))
            wall = time.perf_counter() - t0
            docs_per_s = args.n / sum(times) * 1e3
        else:
            # one child per loop, each pinned to its own core, started together
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(args.procs) as pool:
                futures = [pool.submit(loop, args.typst, root, args.n, args.warmup, k % os.cpu_count(), os.path.join(root, f"out{k}.pdf"))
                           for k in range(args.procs)]
                runs = [f.result() for f in futures]
            times = [t for run in runs for t in run]
            docs_per_s = sum(args.n / sum(run) * 1e3 for run in runs)
            wall = None
        out = os.path.join(root, "out.pdf" if args.procs == 1 else "out0.pdf")
        size = os.path.getsize(out)
        if args.save:
            shutil.copy(out, args.save)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    times.sort()
    print(json.dumps({
        "renderer": "typst-cli",
        "available": True,
        "version": version,
        "n": len(times),
        "procs": args.procs,
        "median_ms": round(statistics.median(times), 3),
        "p90_ms": round(times[min(len(times) - 1, int(0.9 * len(times)))], 3),
        "min_ms": round(times[0], 3),
        "mean_ms": round(statistics.fmean(times), 3),
        "wall_ms": round(wall * 1e3, 3) if wall is not None else None,
        "docs_per_s": round(docs_per_s, 3),
        "size_bytes": size,
    }))


if __name__ == "__main__":
    sys.exit(main())
