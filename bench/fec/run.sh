#!/usr/bin/env bash
# The FEC benchmark of issue 14: facturier's streaming export and checker (Rust) against a plain
# Python `csv` implementation of the same work (fec_py.py), measured in the same run, plus the
# 10-million-line export with its peak memory. Writes results.md next to this file.
# Callable from any directory. See README.md.
#
#   bench/fec/run.sh                       # LINES=1000000 side by side, RUNS=3, BIG=10000000
#   LINES=200000 RUNS=5 BIG=0 bench/fec/run.sh
#
# Environment: LINES (side-by-side size), RUNS (rounds, the median is reported), BIG (lines of the
# Rust-only constant-memory run, 0 to skip), PIN (1: every run under `taskset -c 0`),
# CARGO_TARGET_DIR (default <repo>/target), PYTHON (python3), WORK (/tmp/facturier-bench-fec).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
LINES="${LINES:-1000000}"
RUNS="${RUNS:-3}"
BIG="${BIG:-10000000}"
PIN="${PIN:-1}"
WORK="${WORK:-/tmp/facturier-bench-fec}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
venv=/tmp/facturier-bench-fec-venv
name=813883964FEC20261231.txt
step() { printf '\n== bench/fec: %s\n' "$*" >&2; }

pin=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null; then pin=(taskset -c 0); fi

step "virtualenv $venv (no package: the peer is the standard library's csv)"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
py="$venv/bin/python"

step "facturier: cargo build --release -p facturier-fec --example fec_bench"
(cd "$root" && cargo build --release --locked -p facturier-fec --example fec_bench)
rs="$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/release/examples/fec_bench"

rm -rf "$WORK" && mkdir -p "$WORK/rs" "$WORK/py" "$WORK/big"
results="$WORK/results.jsonl"
: >"$results"
record() { printf '{"label": "%s", "result": %s}\n' "$1" "$2" >>"$results"; printf '%s: %s\n' "$1" "$2" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)

if [ "$BIG" != 0 ]; then
    step "facturier Rust: export and check of $BIG lines (constant memory), $RUNS rounds"
    for round in $(seq "$RUNS"); do
        record "rust export big" "$("${pin[@]}" "$rs" export --lines "$BIG" --out "$WORK/big/$name")"
        record "rust check big" "$("${pin[@]}" "$rs" check "$WORK/big/$name")"
        rm -f "$WORK/big/$name"
    done
fi

step "side by side, $LINES lines, $RUNS rounds"
for round in $(seq "$RUNS"); do
    record "rust export" "$("${pin[@]}" "$rs" export --lines "$LINES" --out "$WORK/rs/$name")"
    record "python export" "$("${pin[@]}" "$py" "$here/fec_py.py" export --lines "$LINES" --out "$WORK/py/$name")"
    if [ "$round" = 1 ]; then
        cmp -s "$WORK/rs/$name" "$WORK/py/$name" && same=yes || same=no
        printf '{"label": "same bytes", "result": {"same": "%s", "bytes": %s}}\n' "$same" "$(stat -c %s "$WORK/rs/$name")" >>"$results"
    fi
    record "rust check" "$("${pin[@]}" "$rs" check "$WORK/rs/$name")"
    record "python check" "$("${pin[@]}" "$py" "$here/fec_py.py" check "$WORK/rs/$name")"
done
load_end=$(load)

step "report"
"$py" - "$results" "$here/results.md" "$LINES" "$RUNS" "$BIG" "${#pin[@]}" "$load_start" "$load_end" <<'PY'
import json, platform, statistics, subprocess, sys
src, out, lines, runs, big, pinned, load_start, load_end = sys.argv[1:9]
rows = [json.loads(l) for l in open(src)]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r["result"])
def n(x):
    return f"{x:,.0f}".replace(",", " ")
def med(label, key):
    return statistics.median(x[key] for x in by[label])
def v(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
o = []
o.append("# FEC benchmark results (issue 14)\n")
o.append(f"Machine: {cpu}, {v(['nproc'])} cores, {'one core (taskset -c 0)' if pinned != '0' else 'unpinned'}; "
         f"load average {load_start} at the start, {load_end} at the end (the machine is shared: the wall times include "
         f"other processes' share of the core, the CPU times do not).  ")
o.append(f"{v(['rustc', '--version'])}; Python {platform.python_version()} (standard library `csv`, `decimal`).  ")
o.append(f"Reproduce: `LINES={lines} RUNS={runs} BIG={big} bench/fec/run.sh` (this file is its output).\n")
same = by.get("same bytes", [{}])[0]
o.append(f"Both sides write the same file: byte-identical = **{same.get('same')}** ({same.get('bytes')} bytes for {lines} lines).\n")
if big != "0" and "rust export big" in by:
    o.append(f"## facturier alone, {n(int(big))} lines, median of {runs} rounds\n")
    o.append("| | lines | wall s | CPU s | lines/s (wall) | lines/s (CPU) | peak RSS (max) |")
    o.append("|---|---:|---:|---:|---:|---:|---:|")
    for name, label in (("export (streaming, to a file)", "rust export big"), ("check (streaming, from the file)", "rust check big")):
        count = by[label][0]["lines"]
        wall, cpu_s = med(label, "seconds"), med(label, "cpu_seconds")
        rss = max(x["peak_rss_kb"] for x in by[label])
        o.append(f"| {name} | {n(count)} | {wall:.2f} | {cpu_s:.2f} | {n(count / wall)} | {n(count / cpu_s if cpu_s else 0)} | {rss / 1024:.1f} MiB |")
    o.append("")
o.append(f"## Side by side, {n(int(lines))} lines, median of {runs} rounds\n")
o.append("| | facturier (Rust) lines/s | Python csv lines/s | ratio (wall) | ratio (CPU time) | peak RSS Rust / Python |")
o.append("|---|---:|---:|---:|---:|---:|")
for op in ("export", "check"):
    rw, pw = med(f"rust {op}", "seconds"), med(f"python {op}", "seconds")
    rc, pc = med(f"rust {op}", "cpu_seconds"), med(f"python {op}", "cpu_seconds")
    count = by[f"rust {op}"][0]["lines"]
    ratio_cpu = f"{pc / rc:.1f}×" if rc else "n/a"
    rss = f"{med(f'rust {op}', 'peak_rss_kb') / 1024:.1f} / {med(f'python {op}', 'peak_rss_kb') / 1024:.1f} MiB"
    o.append(f"| {op} | {n(count / rw)} | {n(count / pw)} | **{pw / rw:.1f}×** | {ratio_cpu} | {rss} |")
o.append("")
o.append("Goals: export ≥ 2 million lines/s and check ≥ 1 million lines/s on one core; ≥ 20× the Python implementation.")
o.append("CPU times come from /proc (1/100 s ticks) on the Rust side and `time.process_time()` on the Python side.\n")
o.append("## Every run\n")
o.append("```")
for r in rows:
    o.append(json.dumps(r, ensure_ascii=False))
o.append("```")
open(out, "w").write("\n".join(o) + "\n")
print("\n".join(o))
PY
rm -rf "$WORK/rs" "$WORK/py"
