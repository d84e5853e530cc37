#!/usr/bin/env bash
# The Node binding's CI, callable from any directory: installs the pinned tools (npm ci), lints
# and unit-tests the Rust side, builds the addon once (dev profile with optimised dependencies, shared with cargo test, into the shared CARGO_TARGET_DIR),
# checks the committed generated files (native.js and native.d.ts from napi; index.js, index.d.ts and
# types.d.ts from scripts/gen-types.js), type-checks the typings and runs the node:test suites of
# the package and of examples/node-service. Needs Node >= 20.17, npm and the npm registry.
set -euo pipefail
# Same explicit host target as scripts/test (napi build always passes one), so artifacts are shared.
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n== node: %s\n' "$*"; }
cd "$here"

step "npm ci (pinned @napi-rs/cli and typescript)"
npm ci

step "Rust: clippy and unit tests of the binding crate"
cargo clippy -p facturier-node --all-targets --locked -- -D warnings
cargo test -p facturier-node --lib --locked

step "build the addon (napi build --platform, dev profile)"
generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT
cp native.js native.d.ts "$generated/"
npx napi build --platform --target-dir "$CARGO_TARGET_DIR" --js native.js --dts native.d.ts
for file in native.js native.d.ts; do
    if ! cmp -s "$file" "$generated/$file"; then
        diff -u "$generated/$file" "$file" | head -40 || true
        echo "bindings/node/$file changed on build: commit the regenerated file" >&2
        exit 1
    fi
done
# index.js, index.d.ts (the functions, from the shared operation table) and types.d.ts (from the schemas)
node scripts/gen-types.js --check

step "typings: tsc --noEmit"
npx tsc --noEmit -p tsconfig.json

step "tests of the package"
node --test __test__/

step "tests of examples/node-service"
cd "$root/examples/node-service"
npm ci
node --test test/
