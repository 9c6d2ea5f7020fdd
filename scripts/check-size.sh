#!/usr/bin/env bash
# Measures the release build (wasm + js + css: raw, gzip -9 and brotli -q 11
# bytes) of each kind of page, and fails if a brotli total is over its budget.
# Patients load this on phones over slow connections, so size may not creep.
# Usage: check-size.sh [dist]   (scripts/build.sh makes dist/ and dist/clinic/)
set -euo pipefail
DIST=${1:-dist}
# Total brotli bytes of wasm + js + css. Issue 3 asks for 150 KB (153,600).
# History (2026-11-23): the whole journey 184,273; with sending, branding and
# inline configuration 193,594; instruments and locale compiled at build time
# and maps replaced by arrays 179,730; clinic mode's configuration 180,759;
# embedding on GP practices' sites 187,451 (the widget's handshake, height
# messages and refusal pages +5,776, and embed.js itself 916, counted here
# because a patient on a practice's page loads it with the widget); clinic
# mode's pages, hand-overs and inactivity guard 204,154; the service's logo
# 206,466; clinic mode's pages, bar and guard moved to a build of their own
# for clinic.html 195,020 (patients) and 205,798 (clinic tablets). The
# plain-HTML start page in index.html makes the first control usable on
# Slow-4G whatever the wasm's size (576 ms measured before clinic mode).
# Until the gap to 150 KB is closed each budget sits just above its
# measurement, so that size cannot creep unnoticed.
PATIENT_BUDGET_BROTLI=195500 # index.html and embed.html (and embed.js)
CLINIC_BUDGET_BROTLI=206500  # clinic.html, on a clinic's tablet (wifi)

# measure LABEL DIR BUDGET: prints each file and the totals; fails if over.
measure() {
  local label=$1 dir=$2 budget=$3
  shopt -s nullglob
  local files=("$dir"/*.wasm "$dir"/*.js "$dir"/*.css)
  local wasm=("$dir"/*.wasm)
  if [ ${#wasm[@]} -ne 1 ]; then
    echo "check-size: no single release build in $dir/ (run scripts/build.sh first)" >&2
    exit 1
  fi
  local total_raw=0 total_gz=0 total_br=0 f raw gz br
  printf '\n%s: %s/\n' "$label" "$dir"
  printf '%-44s %10s %10s %10s\n' file raw gzip brotli
  for f in "${files[@]}"; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    br=$(brotli -q 11 -c "$f" | wc -c)
    printf '%-44s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  done
  printf '%-44s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
  if [ "$total_br" -gt "$budget" ]; then
    echo "check-size: FAILED: $label: $total_br bytes brotli is over the budget of $budget" >&2
    exit 1
  fi
  echo "check-size: ok, $label: $total_br of $budget bytes brotli ($((100 * total_br / budget))% of the budget)"
}

measure "patients' pages" "$DIST" "$PATIENT_BUDGET_BROTLI"
measure "clinic tablets" "$DIST/clinic" "$CLINIC_BUDGET_BROTLI"
