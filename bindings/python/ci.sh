#!/usr/bin/env bash
# Builds the Python binding once into a virtualenv and runs its tests, the FastAPI example's
# tests and the stub checks. Callable from any directory; needs only Python >= 3.10 with pip,
# cargo, and PyPI — and PostgreSQL's server binaries (Debian: postgresql) for the example's
# PostgreSQL tests, skipped without them unless FACTURIER_REQUIRE_POSTGRES=1 (scripts/test sets
# it). Honours CARGO_TARGET_DIR (the repository's CI shares one) and
# FACTURIER_VENV (default: <repo>/.venv, created if missing, reused otherwise).
set -euo pipefail
# Same explicit host target as scripts/test (napi build always passes one), so artifacts are shared.
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${FACTURIER_VENV:-$root/.venv}"
python="${PYTHON:-python3}"

step() { printf '\n== python: %s\n' "$*"; }

step "virtualenv $venv"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1
python -m pip install --quiet -r "$here/requirements-dev.txt"

step "Rust: clippy of the binding crate (linked against libpython, hence no extension-module)"
(cd "$root" && cargo clippy -p facturier-py --no-default-features --all-targets --locked -- -D warnings)

step "build (maturin develop, dev profile (dependencies optimised, shared with cargo test), target dir ${CARGO_TARGET_DIR:-default})"
(cd "$here" && maturin develop --quiet)

step "pytest: binding"
python -m pytest -q "$here/tests"

step "pytest: FastAPI example (SQLite and PostgreSQL)"
python -m pytest -q "$root/examples/fastapi/tests"

step "the PDF benchmark fixture is what the binding issues today"
python "$root/bench/pdf/make_invoice.py" --check

step "generated: facturier/types.py (from the JSON Schemas) and facturier/_api.py (from the operation table)"
python "$here/scripts/gen_api.py" --check

step "stubs: mypy.stubtest and a type-checked usage file"
(cd "$here" && python -m mypy.stubtest facturier --allowlist "$here/stubtest-allowlist.txt")
(cd "$here" && python -m mypy --strict tests/typing_usage.py)
