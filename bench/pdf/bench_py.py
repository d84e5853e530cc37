"""One Python renderer, timed in this process: prints one JSON object on stdout.

    python bench_py.py {facturier,weasyprint,reportlab} --n N [--warmup 3] [--font inter|dejavu] [--save F.pdf]
    python bench_py.py facturier --n N --threads T

Timed span of one document: from the issued invoice as parsed JSON (a dict, decimals as
strings) to the PDF bytes in memory; no disk I/O. Setup (imports, fonts, stylesheet) is timed
apart, then the first render, then `--warmup` untimed renders, then N timed renders, each of a
distinct variant of the invoice (see `variants`). Peak RSS is the process high-water mark
(getrusage ru_maxrss; the interpreter included); `rss_end_mib` is psutil's current RSS after the last render.

facturier: `facturier.render_pdf(issued_invoice: dict) -> bytes`; when the installed binding
has no `render_pdf`, prints {"available": false, ...} and exits 0.

`--threads T` (facturier only): T Python threads (`threading`) start together on a barrier and
render the N documents between them, as a threaded host (a FastAPI `def` endpoint, a thread
pool) would: `render_pdf` converts the dict holding the GIL and renders without it. `docs_per_s`
is N over the wall time from the barrier to the last render; the per-document times are each
thread's, so with T threads they include the waits for the GIL and the cores.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent


def pct(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    k = max(0, min(len(sorted_ms) - 1, int(round(p / 100 * len(sorted_ms) + 0.5)) - 1))
    return sorted_ms[k]


def make(name: str) -> tuple[Callable[[dict[str, Any]], bytes], str, str] | str:
    """(render, version, font note), or the reason the renderer is not available."""
    if name == "facturier":
        try:
            import facturier
        except ImportError as e:
            return f"the facturier Python package is not installed ({e})"
        if not hasattr(facturier, "render_pdf"):
            return f"facturier {facturier.__version__} has no render_pdf yet"
        return facturier.render_pdf, facturier.__version__, "Inter (embedded in facturier-pdf)"
    import peers

    peers.prepare_fonts()
    r = peers.RENDERERS[name]()
    return r.render, r.version, r.font_note


def variants(invoice: dict[str, Any], k: int) -> list[dict[str, Any]]:
    """The invoice and k-1 copies whose buyer name and line descriptions end with " i".

    Each render takes the next one, as in pdf/examples/bench_render.rs: Typst memoises layout,
    so rendering the very same document again would time a replay, not a render. The suffix keeps
    the totals, mentions and layout of the document (an issued invoice is re-verified on load).
    """
    out = [invoice]
    for i in range(1, k):
        doc = copy.deepcopy(invoice)
        doc["content"]["buyer"]["name"] += f" {i}"
        for line in doc["content"]["lines"]:
            line["description"] += f" {i}"
        out.append(doc)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("renderer", choices=["facturier", "weasyprint", "reportlab"])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--invoice", type=Path, default=HERE / "invoice-20.json")
    ap.add_argument("--save", type=Path, help="write the last PDF there")
    ap.add_argument("--font", choices=["inter", "dejavu"], default="inter", help="peers only: font family")
    ap.add_argument("--threads", type=int, default=1, help="facturier only: render threads")
    args = ap.parse_args()
    if args.threads < 1 or (args.threads > 1 and args.renderer != "facturier"):
        ap.error("--threads: a positive number, and more than 1 only for facturier")
    os.environ["BENCH_PEER_FONT"] = args.font
    sys.path.insert(0, str(HERE))
    with open(args.invoice, encoding="utf-8") as f:
        invoice = json.load(f)

    t0 = time.perf_counter()
    made = make(args.renderer)
    setup_ms = (time.perf_counter() - t0) * 1e3
    if isinstance(made, str):
        print(json.dumps({"renderer": args.renderer, "available": False, "reason": made}))
        return 0
    render, version, fonts = made
    docs = variants(invoice, args.n + args.warmup + 1)  # no document repeats

    t0 = time.perf_counter()
    pdf = render(invoice)
    first_ms = (time.perf_counter() - t0) * 1e3
    for i in range(args.warmup):
        render(docs[(i + 1) % len(docs)])
    timed = [docs[(args.warmup + 1 + i) % len(docs)] for i in range(args.n)]
    per_thread: list[list[float]] = [[] for _ in range(args.threads)]
    # one thread renders on the main thread; more start with it on the barrier
    barrier = threading.Barrier(args.threads + 1 if args.threads > 1 else 1)

    def worker(t: int) -> None:
        nonlocal pdf
        out = per_thread[t]
        barrier.wait()
        for doc in timed[t :: args.threads]:
            s = time.perf_counter()
            pdf = render(doc)
            out.append((time.perf_counter() - s) * 1e3)

    if args.threads == 1:
        t0 = time.perf_counter()
        worker(0)
    else:
        pool = [threading.Thread(target=worker, args=(t,)) for t in range(args.threads)]
        for th in pool:
            th.start()
        barrier.wait()
        t0 = time.perf_counter()
        for th in pool:
            th.join()
    wall_s = time.perf_counter() - t0
    times = [x for out in per_thread for x in out]
    if args.save:
        args.save.write_bytes(pdf)

    import psutil

    times.sort()
    print(json.dumps({
        "renderer": args.renderer,
        "font": args.font if args.renderer != "facturier" else "inter",
        "available": True,
        "version": version,
        "fonts": fonts,
        "n": args.n,
        "threads": args.threads,
        "warmup": args.warmup,
        "setup_ms": round(setup_ms, 2),
        "first_ms": round(first_ms, 2),
        "median_ms": round(statistics.median(times), 3),
        "p90_ms": round(pct(times, 90), 3),
        "min_ms": round(times[0], 3),
        "mean_ms": round(statistics.fmean(times), 3),
        "docs_per_s": round(args.n / wall_s, 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_end_mib": round(psutil.Process().memory_info().rss / 2**20, 1),
        "size_bytes": len(pdf),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
