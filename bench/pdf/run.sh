#!/usr/bin/env bash
# The PDF benchmark of issue 4: the same 20-line issued invoice (invoice-20.json) rendered N
# times in one process per row, warm, for facturier from Rust, Python and Node and, in the same
# run, WeasyPrint and ReportLab on an equivalent document. Writes results.md next to this file.
# Callable from any directory. See README.md.
#
#   bench/pdf/run.sh                 # N=200 (WeasyPrint: 30)
#   N=500 N_SLOW=50 bench/pdf/run.sh
#   PEERS_ONLY=1 bench/pdf/run.sh    # skip every facturier build and row
#
# Environment: N, N_SLOW (WeasyPrint's N), WARMUP (3), PIN (1: single-core rows under
# `taskset -c 0`), TYPST (the typst 0.15 CLI for the bare `typst compile` row; default: typst in
# PATH), CARGO_TARGET_DIR (shared target dir, default <repo>/target), PYTHON (python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
N="${N:-200}"
N_SLOW="${N_SLOW:-30}"
WARMUP="${WARMUP:-3}"
PIN="${PIN:-1}"
PEERS_ONLY="${PEERS_ONLY:-0}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
# The explicit host triple of scripts/test: release artifacts land in $CARGO_TARGET_DIR/<triple>/.
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
release_dir="$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/release"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
venv="$here/.venv"
build="$here/.build"
out="$here/out"
results="$build/results.jsonl"

step() { printf '\n== bench/pdf: %s\n' "$*" >&2; }
# One row: run.sh's bookkeeping around one JSON line from a bench program.
record() { # label pinned pdf-file json
    "$venv/bin/python" -c 'import json,sys; print(json.dumps({"label": sys.argv[1], "pinned": sys.argv[2] == "1", "pdf": sys.argv[3] or None, "result": json.loads(sys.argv[4])}, ensure_ascii=False))' \
        "$1" "$2" "$3" "$4" >>"$results"
    printf '%s: %s\n' "$1" "$4" >&2
}
unavailable() { # label reason
    record "$1" 0 "" "$("$venv/bin/python" -c 'import json,sys; print(json.dumps({"available": False, "reason": sys.argv[1]}))' "$2")"
}
meta() { # key json-value
    "$venv/bin/python" -c 'import json,sys; print(json.dumps({"meta": True, "label": sys.argv[1], "value": json.loads(sys.argv[2])}))' "$1" "$2" >>"$results"
}

pin=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    pin=(taskset -c 0)
fi
pinned_flag=$([ ${#pin[@]} -gt 0 ] && echo 1 || echo 0)

step "system libraries for WeasyPrint (pango, harfbuzz) and DejaVu fonts"
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz.so.0' || missing+=(libharfbuzz0b)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y "${missing[@]}" || { apt-get update && apt-get install -y "${missing[@]}"; }
    else
        echo "missing system packages: ${missing[*]} (install them: apt-get install -y ${missing[*]})" >&2
        exit 1
    fi
fi

step "virtualenv $venv (pinned: requirements.txt)"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$venv/bin/python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import peers; peers.prepare_fonts()' "$here"

mkdir -p "$build" "$out"
: >"$results"
rm -f "$out"/*.pdf

# --- facturier builds (each once, release, shared target dir) --------------------------------
rust_bin="" py_ok=0 node_addon=""
if [ "$PEERS_ONLY" != 1 ]; then
    step "facturier Rust: pdf/examples/bench_render.rs (release, target dir $CARGO_TARGET_DIR)"
    if [ -f "$root/pdf/examples/bench_render.rs" ]; then
        if (cd "$root" && cargo build --release --locked -p facturier-pdf --example bench_render); then
            rust_bin="$release_dir/examples/bench_render"
        else
            rust_reason="cargo build --release -p facturier-pdf --example bench_render failed"
        fi
    else
        rust_reason="pdf/examples/bench_render.rs does not exist yet"
    fi

    step "facturier Python: wheel (maturin build --release) into the bench venv"
    rm -rf "$build/wheels"
    if (cd "$root/bindings/python" && "$venv/bin/maturin" build --release --quiet -o "$build/wheels") &&
        "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$build"/wheels/facturier-*.whl; then
        py_ok=1
    else
        py_reason="maturin build of bindings/python failed"
    fi

    step "facturier Node: addon (cargo build --release -p facturier-node)"
    # the package's JavaScript layer (bindings/node) runs on this release addon
    if (cd "$root" && cargo build --release --locked -p facturier-node); then
        cp "$release_dir/libfacturier_node.so" "$build/facturier.node"
        node_addon="$build/facturier.node"
    else
        node_reason="cargo build -p facturier-node failed"
    fi
else
    rust_reason="PEERS_ONLY=1" py_reason="PEERS_ONLY=1" node_reason="PEERS_ONLY=1"
fi

# --- versions and parameters ----------------------------------------------------------------
versions=$("$venv/bin/python" - "$root" <<'EOF'
import json, subprocess, sys, importlib.metadata as md
def v(*cmd):
    try: return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except OSError: return ""
print(json.dumps({"rustc": v("rustc", "--version").removeprefix("rustc "), "python": sys.version.split()[0],
                  "node": v("node", "--version"), "weasyprint": md.version("weasyprint"), "reportlab": md.version("reportlab"),
                  "pango": v("sh", "-c", "dpkg-query -W -f '${Version}' libpango-1.0-0 2>/dev/null"),
                  "typst": v("sh", "-c", f"grep -A1 '^name = \"typst\"$' {sys.argv[1]}/Cargo.lock | sed -n 's/version = \"\\(.*\\)\"/\\1/p'")}))
EOF
)
meta versions "$versions"
meta n "$N"
meta n_slow "$N_SLOW"
meta warmup "$WARMUP"

# --- the runs, one after the other ----------------------------------------------------------
step "run: facturier Rust (1 thread pinned, then 1 and 2 threads unpinned)"
if [ -n "$rust_bin" ]; then
    rust() { "$rust_bin" --n "$1" --threads "$2" --warmup "$WARMUP" --invoice "$here/invoice-20.json" --json "${@:3}"; }
    record "facturier Rust, 1 thread" "$pinned_flag" rust.pdf "$("${pin[@]}" "$rust_bin" --n "$N" --threads 1 --warmup "$WARMUP" --invoice "$here/invoice-20.json" --save "$out/rust.pdf" --json)"
    record "facturier Rust, 1 thread (unpinned)" 0 "" "$(rust "$N" 1)"
    record "facturier Rust, 2 threads (unpinned)" 0 "" "$(rust "$((N * 2))" 2)"
    # The machine's own ceiling for two threads, in the same run: two processes of one thread,
    # each on its own core, share nothing (no allocator, no Typst cache), so their summed
    # throughput over one process's is what two cores can give at best.
    if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
        taskset -c 0 "$rust_bin" --n "$N" --threads 1 --warmup "$WARMUP" --invoice "$here/invoice-20.json" --json >"$build/proc0.json" &
        p0=$!
        taskset -c 1 "$rust_bin" --n "$N" --threads 1 --warmup "$WARMUP" --invoice "$here/invoice-20.json" --json >"$build/proc1.json"
        wait "$p0"
        record "facturier Rust, 2 processes (1 thread, 1 core each)" 0 "" "$("$venv/bin/python" "$here/report.py" --combine "$build/proc0.json" "$build/proc1.json")"
    fi
    # Typst alone, for what facturier adds over it: the same template, fonts and render data,
    # in-process (bench_render --bare), then the typst CLI, one process per document.
    record "Typst alone, in-process, 1 thread" "$pinned_flag" "" "$("${pin[@]}" "$rust_bin" --n "$N" --threads 1 --warmup "$WARMUP" --invoice "$here/invoice-20.json" --json --bare)"
    typst_bin="${TYPST:-$(command -v typst || true)}"
    if [ -n "$typst_bin" ]; then
        "$rust_bin" --invoice "$here/invoice-20.json" --dump-data "$build/invoice-20-data.json"
        record "typst compile (CLI, one process per document)" "$pinned_flag" "" \
            "$("$venv/bin/python" "$here/typst_cli.py" --typst "$typst_bin" --data "$build/invoice-20-data.json" --n "$((N / 4 + 1))" ${pin:+--pin 0})"
    else
        unavailable "typst compile (CLI, one process per document)" "no typst CLI (set TYPST, or cargo install typst-cli --version 0.15.1 --locked)"
    fi
else
    unavailable "facturier Rust, 1 thread" "$rust_reason"
fi

step "run: facturier Python (pinned, then 1 and 2 threads unpinned)"
if [ "$py_ok" = 1 ]; then
    record "facturier Python" "$pinned_flag" python.pdf "$("${pin[@]}" "$venv/bin/python" "$here/bench_py.py" facturier --n "$N" --warmup "$WARMUP" --save "$out/python.pdf")"
    # two threads of one Python process against one, unpinned, as the Rust rows
    py() { "$venv/bin/python" "$here/bench_py.py" facturier --warmup "$WARMUP" "$@"; }
    record "facturier Python, 1 thread (unpinned)" 0 "" "$(py --n "$N" --threads 1)"
    record "facturier Python, 2 threads (unpinned)" 0 "" "$(py --n "$((N * 2))" --threads 2)"
else
    unavailable "facturier Python" "$py_reason"
fi

step "run: facturier Node (pinned, then 1 and 2 renders in flight unpinned)"
if [ -n "$node_addon" ]; then
    record "facturier Node" "$pinned_flag" node.pdf "$("${pin[@]}" node "$here/node_bench.js" --addon "$node_addon" --n "$N" --warmup "$WARMUP" --save "$out/node.pdf")"
    # two renders in flight on the libuv pool against one, unpinned, as the Rust rows
    nd() { node "$here/node_bench.js" --addon "$node_addon" --warmup "$WARMUP" "$@"; }
    record "facturier Node, 1 render in flight (unpinned)" 0 "" "$(nd --n "$N" --in-flight 1)"
    record "facturier Node, 2 renders in flight (unpinned)" 0 "" "$(nd --n "$((N * 2))" --in-flight 2)"
else
    unavailable "facturier Node" "$node_reason"
fi

for font in inter dejavu; do
    label_font=$([ "$font" = inter ] && echo Inter || echo DejaVu)
    step "run: WeasyPrint ($label_font), N=$N_SLOW"
    record "WeasyPrint ($label_font)" "$pinned_flag" "weasyprint-$font.pdf" \
        "$("${pin[@]}" "$venv/bin/python" "$here/bench_py.py" weasyprint --font "$font" --n "$N_SLOW" --warmup "$WARMUP" --save "$out/weasyprint-$font.pdf")"
    step "run: ReportLab ($label_font)"
    rl_label=$([ "$font" = inter ] && echo "ReportLab (Inter TTF)" || echo "ReportLab (DejaVu)")
    record "$rl_label" "$pinned_flag" "reportlab-$font.pdf" \
        "$("${pin[@]}" "$venv/bin/python" "$here/bench_py.py" reportlab --font "$font" --n "$N" --warmup "$WARMUP" --save "$out/reportlab-$font.pdf")"
done

step "report"
"$venv/bin/python" "$here/report.py" "$results" "$out" "$here/results.md"
echo >&2
echo "PDFs of the last render of each row: $out/ (page 1 as PNG: pdftoppm -png -r 50 -f 1 -l 1 FILE.pdf PREFIX)" >&2
