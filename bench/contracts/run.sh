#!/usr/bin/env bash
# The contracts benchmark of issue 13: MRR movements over 36 months for 100 000 contracts and
# 1 000 000 amendments and events, facturier (Rust, core/examples/mrr_compare.rs) against a
# straightforward pandas implementation (mrr_pandas.py) of the same computation, on the same
# dataset (generate.py), in the same run. Checks that both give the same monthly totals to the
# cent, then writes results.md next to this file. Callable from any directory. See README.md.
#
#   bench/contracts/run.sh
#   CONTRACTS=20000 EVENTS=200000 bench/contracts/run.sh     # a smaller dataset
#
# Environment: CONTRACTS (100000), EVENTS (1000000), RUNS (11, Rust), RUNS_PANDAS (3),
# DATA (/tmp/facturier-bench-contracts), VENV (/tmp/facturier-bench-contracts-venv),
# PIN (0; 1: each row under `taskset -c 0`), CARGO_TARGET_DIR (default <repo>/target), PYTHON (python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
CONTRACTS="${CONTRACTS:-100000}"
EVENTS="${EVENTS:-1000000}"
RUNS="${RUNS:-11}"
RUNS_PANDAS="${RUNS_PANDAS:-3}"
DATA="${DATA:-/tmp/facturier-bench-contracts}/$CONTRACTS-$EVENTS"
VENV="${VENV:-/tmp/facturier-bench-contracts-venv}"
PIN="${PIN:-0}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
step() { printf '\n== bench/contracts: %s\n' "$*" >&2; }

pin=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null; then
    pin=(taskset -c 0)
fi

step "virtualenv $VENV (pinned: requirements.txt)"
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet -r "$here/requirements.txt"

step "dataset $DATA ($CONTRACTS contracts, about $EVENTS amendments and events)"
if [ ! -f "$DATA/contracts.json" ] || [ ! -f "$DATA/pauses.csv" ]; then
    "$VENV/bin/python" "$here/generate.py" --contracts "$CONTRACTS" --events "$EVENTS" --out "$DATA" >&2
fi

step "facturier: cargo build --release -p facturier-core --example mrr_compare"
(cd "$root" && cargo build --release --locked -p facturier-core --example mrr_compare)
rust_bin="$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/release/examples/mrr_compare"

step "run: facturier (Rust), $RUNS runs"
"${pin[@]}" "$rust_bin" --input "$DATA/contracts.json" --runs "$RUNS" >"$DATA/rust.json"
step "run: pandas, $RUNS_PANDAS runs"
"${pin[@]}" "$VENV/bin/python" "$here/mrr_pandas.py" --data "$DATA" --runs "$RUNS_PANDAS" >"$DATA/pandas.json"

step "report"
"$VENV/bin/python" "$here/report.py" "$DATA/rust.json" "$DATA/pandas.json" "$here/results.md" "${pin[*]:-}"
