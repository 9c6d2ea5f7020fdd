#!/usr/bin/env bash
# Installs what building and testing the widget needs, skipping whatever is
# already present at the right version. Safe to run again; needs no input.
# Versions and why: ../shared/docs/toolchain.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
say() { printf '[bootstrap] %s\n' "$*" >&2; }

# The exact wasm-bindgen in Cargo.lock: wasm-bindgen-cli must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Debian packages: the browser and driver for tests, brotli and gzip for the
# build's compressed copies and the size check, PostgreSQL for the endpoint's
# tests of its PostgreSQL store and openssl for their throwaway certificates
# (with-postgres.sh).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
command -v gzip >/dev/null || missing+=(gzip)
command -v npm >/dev/null || missing+=(nodejs npm)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from apt"
  apt_install "${missing[@]}"
fi

# PostgreSQL refuses to run as root; CI runs as root, so the tests' throwaway
# cluster runs as this user (scripts/with-postgres.sh).
if [ "$(id -u)" -eq 0 ] && ! id -u talking-health-test >/dev/null 2>&1; then
  say "adding the system user talking-health-test for the tests' PostgreSQL"
  useradd --system --no-create-home --shell /usr/sbin/nologin talking-health-test
fi

# Rust: the wasm target and the lint tools.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
rustup component add clippy rustfmt >/dev/null 2>&1 || true

# Cargo.lock pins wasm-bindgen; make sure it exists before reading it.
[ -f Cargo.lock ] || cargo generate-lockfile
WASM_BINDGEN_VERSION=$(wasm_bindgen_version)

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: its lockfile pins a crate the registry lacks (toolchain.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm tools (wasm-opt from binaryen@132, terser and lightningcss for the
# post-build hook, axe-core), exactly as package-lock.json says.
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  say "installing npm tools"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi

# The independent FHIR validator the tests run (scripts/validate-fhir.py):
# fhir.resources, pinned in scripts/fhir-validator-requirements.txt, in its
# own venv, reinstalled only when the requirements file changes.
FHIR_VENV="$HOME/.cache/talking-health/fhir-validator"
if [ ! -f "$FHIR_VENV/.installed" ] || [ scripts/fhir-validator-requirements.txt -nt "$FHIR_VENV/.installed" ]; then
  say "installing the FHIR validator (fhir.resources) into $FHIR_VENV"
  command -v python3 >/dev/null || apt_install python3 python3-venv
  python3 -m venv "$FHIR_VENV"
  "$FHIR_VENV/bin/pip" install --quiet --disable-pip-version-check -r scripts/fhir-validator-requirements.txt
  touch "$FHIR_VENV/.installed"
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | cut -d' ' -f3), $(/usr/bin/chromium --version)"
