#!/usr/bin/env bash
# Measures the release build (wasm + js + css: raw, gzip -9 and brotli -q 11
# bytes) of each kind of page, and fails if a brotli total is over its budget.
# Patients load this on phones over slow connections, so size may not creep.
# Usage: check-size.sh [dist]   (scripts/build.sh makes dist/, dist/embed/
# and dist/clinic/)
set -euo pipefail
DIST=${1:-dist}
# Budgets: total brotli bytes of wasm + js + css. The two pages patients
# load are held to 150 KB (153,600): the self-referral page, and the
# embedded page with the embed.js a practice's page loads. The clinic
# tablet, loaded on a clinic's Wi-Fi, sits just above its measurement, so
# that no page's size can creep unnoticed.
SELF_REFERRAL_BUDGET_BROTLI=153600 # index.html
EMBED_BUDGET_BROTLI=153600         # embed.html, with embed.js on the practice's page
CLINIC_BUDGET_BROTLI=170000        # clinic.html, on a clinic's tablet

# measure LABEL BUDGET FILE...: prints each file and the totals; fails if over.
measure() {
  local label=$1 budget=$2
  shift 2
  local total_raw=0 total_gz=0 total_br=0 f raw gz br
  printf '\n%s\n' "$label"
  printf '%-44s %10s %10s %10s\n' file raw gzip brotli
  for f in "$@"; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    br=$(brotli -q 11 -c "$f" | wc -c)
    printf '%-44s %10d %10d %10d\n' "${f#"$DIST"/}" "$raw" "$gz" "$br"
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  done
  printf '%-44s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
  if [ "$total_br" -gt "$budget" ]; then
    echo "check-size: FAILED: $label: $total_br bytes brotli is over the budget of $budget" >&2
    exit 1
  fi
  echo "check-size: ok, $label: $total_br of $budget bytes brotli ($((100 * total_br / budget))% of the budget)"
}

# The wasm, glue, loader and stylesheet one page loads, from its build
# folder, into FILES. The loader and stylesheet are counted from their
# files, which the build also writes into the page (crates/prerender).
files_of() {
  local dir=$1 f
  shopt -s nullglob
  local wasm=("$dir"/*.wasm)
  if [ ${#wasm[@]} -ne 1 ]; then
    echo "check-size: no single release build in $dir/ (run scripts/build.sh first)" >&2
    exit 1
  fi
  FILES=()
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    [ "$(basename "$f")" = embed.js ] || FILES+=("$f")
  done
}

files_of "$DIST"
measure "self-referral (index.html)" "$SELF_REFERRAL_BUDGET_BROTLI" "${FILES[@]}"
files_of "$DIST/embed"
measure "embedded (embed.html and embed.js)" "$EMBED_BUDGET_BROTLI" "${FILES[@]}" "$DIST/embed.js"
files_of "$DIST/clinic"
measure "clinic tablet (clinic.html)" "$CLINIC_BUDGET_BROTLI" "${FILES[@]}"
