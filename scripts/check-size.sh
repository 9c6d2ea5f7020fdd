#!/usr/bin/env bash
# Measures the release build (wasm + js + css: raw, gzip -9 and brotli -q 11 bytes)
# and fails if its brotli total is over the budget. Patients load this on phones
# over slow connections, so size may not creep. Usage: check-size.sh [dist]
set -euo pipefail
DIST=${1:-dist}
# Total brotli bytes of wasm + js + css. Issue 3 asks for 150 KB (153,600).
# History (2026-11-23): the whole journey 184,273; with sending, branding and
# inline configuration 193,594; instruments and locale compiled at build time
# and maps replaced by arrays 179,730; clinic mode's configuration 180,759;
# embedding on GP practices' sites 187,451 (the widget's handshake, height
# messages and refusal pages +5,776, and embed.js itself 916, counted here
# because a patient on a practice's page loads it with the widget); clinic
# mode's pages, hand-overs and inactivity guard 204,154 (+about 16,700: every
# patient pays for code only a clinic tablet runs; a separate clinic build,
# e.g. a cargo feature built for clinic.html, would take it back). The
# plain-HTML start page in index.html makes the first control usable on
# Slow-4G whatever the wasm's size (576 ms measured before clinic mode).
# Until the gap to 150 KB is closed this budget sits just above the
# measurement, so that size cannot creep unnoticed.
BUDGET_BROTLI=204500

shopt -s nullglob
files=("$DIST"/*.wasm "$DIST"/*.js "$DIST"/*.css)
if [ ${#files[@]} -eq 0 ] || [ ! -f "$DIST"/*.wasm ]; then
  echo "check-size: no release build in $DIST/ (run trunk build --release first)" >&2
  exit 1
fi

total_raw=0 total_gz=0 total_br=0
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-44s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
done
printf '%-44s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"

if [ "$total_br" -gt "$BUDGET_BROTLI" ]; then
  echo "check-size: FAILED: $total_br bytes brotli is over the budget of $BUDGET_BROTLI" >&2
  exit 1
fi
echo "check-size: ok, $total_br of $BUDGET_BROTLI bytes brotli ($((100 * total_br / BUDGET_BROTLI))% of the budget)"
