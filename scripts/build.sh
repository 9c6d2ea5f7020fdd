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
# then writes each page's configuration into it, and then a .br and a .gz
# copy beside each compressible file.
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
# Each page gets its service's configuration, written into it, and (on
# index.html) the start page made from it (crates/prerender): the widget
# then fetches nothing before its first page, and the start page cannot be
# out of step with the configuration. A configuration the widget would
# refuse fails the build here. A service that changes a configuration file
# runs this script again (README).
for page in index:config embed:embed-config clinic:clinic-config; do
  cargo run -q -p prerender -- --config "public/${page#*:}.json" "dist/${page%%:*}.html"
done
# A brotli and a gzip copy beside each script, stylesheet and wasm file the
# build wrote, made once here at the best levels, so that whoever serves
# dist/ sends the smallest a browser accepts without compressing on each
# request: the reference endpoint does
# (crates/referral-endpoint/src/static_files.rs). Not the pages nor
# public/: a service edits those (its start page, config.json, its logo),
# and a server would go on sending the stale copy. A copy that is not
# smaller than its file is dropped.
find dist -path dist/public -prune -o -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 |
  while IFS= read -r -d '' file; do
    brotli -q 11 -f -o "$file.br" "$file"
    gzip -9 -n -c "$file" >"$file.gz"
    for copy in "$file.br" "$file.gz"; do
      [ "$(stat -c %s "$copy")" -lt "$(stat -c %s "$file")" ] || rm "$copy"
    done
  done
