#!/usr/bin/env python3
"""Trunk post-build hook: minifies wasm-bindgen's JS glue with terser and the
stylesheet with lightningcss, and updates the integrity hashes index.html
gives for them.

Trunk's own minifier cannot parse wasm-bindgen 0.2.130's output
(../shared/docs/toolchain.md), and minifying the whole page with it would
also rewrite the HTML. The glue and the stylesheet are what a patient's
phone downloads beside the wasm: terser takes the glue from about 7.1 KB to
5.4 KB brotli and lightningcss the stylesheet from 2.8 KB to 2.3 KB (issue 3's
budget). Both tools come from package.json, pinned."""

import base64
import hashlib
import os
import pathlib
import re
import subprocess
import sys

dist = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
index = dist / "index.html"
html = index.read_text(encoding="utf-8")


def minify(tag, command):
    """Runs `command` (given the file's path) on the file `tag` links to,
    then replaces the tag's integrity hash with the new file's."""
    global html
    found = re.search(tag + r'[^>]*? href="[^"]*?([^"/]+)"[^>]*? integrity="(sha384-[^"]+)"', html)
    if found is None:
        sys.exit(f"minify: index.html has no {tag} with an integrity hash")
    path = dist / found.group(1)
    subprocess.run(command + [str(path)], check=True)
    digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
    html = html[: found.start(2)] + "sha384-" + digest + html[found.end(2) :]


minify(
    '<link rel="modulepreload"',
    ["sh", "-c", 'terser "$0" --module --compress --mangle --output "$0"'],
)
minify(
    '<link rel="stylesheet"',
    ["sh", "-c", 'lightningcss --minify "$0" --output-file "$0"'],
)
index.write_text(html, encoding="utf-8")
