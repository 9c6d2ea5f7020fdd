#!/usr/bin/env bash
# Builds the widget and serves it with the local reference endpoint on one
# address, http://127.0.0.1:8080: fill in a referral there and see it arrive
# (each one is logged here and stored in referrals.sqlite3; list them with
# `cargo run -q -p referral-endpoint -- list`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
scripts/build.sh
exec cargo run -q -p referral-endpoint -- serve \
  --listen 127.0.0.1:8080 \
  --static-dir dist \
  --service-config public/config.json \
  --embed-config public/embed-config.json \
  --clinic-config public/clinic-config.json \
  --database referrals.sqlite3
