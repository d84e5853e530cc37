"""The two-thread rows of issue 12 alone, each with the CPU the rest of the machine used meanwhile.

    python bench/pdf/scaling.py [--n 600] [--runs 3] [--quiet-load 0.6]

Needs what `run.sh` builds: `bench_render` (release) in `$CARGO_TARGET_DIR`, the wheel in
`bench/pdf/.venv`, the addon in `bench/pdf/.build/facturier.node`. Each run waits until the
one-minute load average is below `--quiet-load`, then runs, one after the other: Rust 1 thread,
Rust 2 threads (one `Renderer`), two one-thread Rust processes each pinned to its own core (the
machine's ceiling), Typst alone in-process (`--bare`), Python 1 and 2 threads, Node 1 and 2
renders in flight. Each row prints one JSON line with its docs/s, its median and `cpu_other_s`:
the CPU time the machine spent on other processes during the row (`/proc/stat` busy time less
the row's own rusage). On a shared machine a row with more than a few tenths of a second there
was disturbed: discard it. The last line of a run gives the ratios 2 threads / 1 thread per
surface and 2 processes / 1 thread.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def busy_s() -> float:
    """CPU time the whole machine spent busy since boot, in seconds."""
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")


def row(label: str, cmds: list[list[str]]) -> float:
    """Runs `cmds` side by side; prints and returns their summed docs/s."""
    b0, r0 = busy_s(), resource.getrusage(resource.RUSAGE_CHILDREN)
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True) for c in cmds]
    outs = [json.loads(p.communicate()[0]) for p in procs]
    r1, b1 = resource.getrusage(resource.RUSAGE_CHILDREN), busy_s()
    own = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    dps = sum(o["docs_per_s"] for o in outs)
    median = sum(o["median_ms"] for o in outs) / len(outs)
    print(json.dumps({"label": label, "docs_per_s": round(dps, 1), "median_ms": round(median, 2), "cpu_other_s": round(b1 - b0 - own, 2)}), flush=True)
    return dps


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600, help="documents per one-thread row (two-thread rows: twice as many)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quiet-load", type=float, default=0.6)
    args = ap.parse_args()
    target = Path(os.environ.get("CARGO_TARGET_DIR", HERE.parent.parent / "target"))
    triple = os.environ.get("CARGO_BUILD_TARGET", "")
    rust_bin = str(target / triple / "release" / "examples" / "bench_render")
    invoice = str(HERE / "invoice-20.json")
    python = str(HERE / ".venv" / "bin" / "python")
    addon = str(HERE / ".build" / "facturier.node")

    def rust(n: int, threads: int, *extra: str) -> list[str]:
        return [rust_bin, "--n", str(n), "--threads", str(threads), "--invoice", invoice, "--json", *extra]

    def py(n: int, threads: int) -> list[str]:
        return [python, str(HERE / "bench_py.py"), "facturier", "--n", str(n), "--threads", str(threads)]

    def node(n: int, in_flight: int) -> list[str]:
        return ["node", str(HERE / "node_bench.js"), "--addon", addon, "--n", str(n), "--in-flight", str(in_flight)]

    n = args.n
    for _ in range(args.runs):
        while os.getloadavg()[0] >= args.quiet_load:
            time.sleep(15)
        print(json.dumps({"start": time.strftime("%Y-%m-%d %H:%M:%S"), "load": [round(x, 2) for x in os.getloadavg()]}), flush=True)
        r1 = row("Rust, 1 thread", [rust(n, 1)])
        r2 = row("Rust, 2 threads", [rust(2 * n, 2)])
        rp = row("Rust, 2 processes (1 core each)", [["taskset", "-c", str(c), *rust(n, 1)] for c in (0, 1)])
        rb = row("Typst alone, in-process, 1 thread", [rust(n, 1, "--bare")])
        p1 = row("Python, 1 thread", [py(n, 1)])
        p2 = row("Python, 2 threads", [py(2 * n, 2)])
        n1 = row("Node, 1 render in flight", [node(n, 1)])
        n2 = row("Node, 2 renders in flight", [node(2 * n, 2)])
        ratios = {"rust": r2 / r1, "python": p2 / p1, "node": n2 / n1, "processes": rp / r1, "rust_threads_over_processes": r2 / rp,
                  "typst_alone_over_facturier": rb / r1}  # fmt: skip
        print(json.dumps({k: round(v, 2) for k, v in ratios.items()}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
