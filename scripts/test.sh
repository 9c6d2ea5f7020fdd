#!/usr/bin/env bash
# Runs every check and test: the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
step() { printf '\n=== %s\n' "$*"; }

step "format"
cargo fmt --all --check

step "lint (native)"
cargo clippy --workspace --all-targets --all-features -- -D warnings
step "lint (wasm32)"
# The domain's own tests use proptest, which does not build for wasm32; its
# library does, and is linted here as the browser uses it.
# Each page's build: index.html's, embed.html's and clinic.html's (scripts/build.sh).
for features in "" embed clinic; do
  cargo clippy --target wasm32-unknown-unknown -p talking-health --all-targets --features "$features" -- -D warnings
done
cargo clippy --target wasm32-unknown-unknown -p screening --lib -- -D warnings

step "native tests (domain, schema, flow; the endpoint on SQLite and PostgreSQL)"
# One throwaway PostgreSQL for the whole run; each test makes its own database.
scripts/with-postgres.sh cargo test --workspace --all-features --exclude e2e

step "in-browser tests (headless Chromium)"
cargo test --target wasm32-unknown-unknown -p talking-health
cargo test --target wasm32-unknown-unknown -p talking-health --features clinic

step "post-build hook (unit tests of scripts/glue.py)"
python3 -B -m unittest discover -s scripts -p 'test_*.py'

step "release build (index.html, embed.html and clinic.html)"
scripts/build.sh

step "end-to-end tests (release build in headless Chromium)"
cargo test -p e2e

step "size budget"
scripts/check-size.sh dist
