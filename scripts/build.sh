#!/usr/bin/env bash
# The release build, into dist/: the patients' pages (index.html and
# embed.html, the self-referral and a GP practice's iframe), then clinic.html
# with clinic mode's pages, bar and inactivity guard (the `clinic` feature) in
# dist/clinic/. Two builds, so that patients on phones do not download code
# that only a clinic tablet runs. check-size.sh measures each.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Trunk empties dist/ first, so the patients' build goes first.
trunk build --release --offline
trunk build clinic.html --release --dist dist/clinic --public-url /clinic/ --offline
# Served as /clinic.html, beside the pages it shares public/ with.
mv dist/clinic/index.html dist/clinic.html
