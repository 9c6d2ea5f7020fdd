#!/usr/bin/env bash
# The release build, into dist/: one build per kind of page, each with only
# the code its users run, so that patients on phones download no more than
# they need. check-size.sh measures each.
#   index.html   the self-referral (and everything served beside it: public/,
#                embed.js)
#   embed.html   in a GP practice's iframe: plus embed mode's handshake and
#                messages (the `embed` feature), in dist/embed/
#   clinic.html  on a clinic's shared tablet: plus clinic mode's pages, bar
#                and inactivity guard (the `clinic` feature), in dist/clinic/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Trunk empties its dist folder first, so index.html's build goes first.
trunk build --release --offline
for page in embed clinic; do
  trunk build "$page.html" --release --dist "dist/$page" --public-url "/$page/" --offline
  # Served as /$page.html, beside the public/ folder it shares.
  mv "dist/$page/index.html" "dist/$page.html"
done
