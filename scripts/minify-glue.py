#!/usr/bin/env python3
"""Trunk post-build hook: minifies wasm-bindgen's JS glue with terser, and
updates the integrity hash index.html gives for it.

Trunk's own minifier cannot parse wasm-bindgen 0.2.130's output
(../shared/docs/toolchain.md), and the glue is the second-largest file a
patient's phone downloads: terser takes it from about 7.1 KB to 5.4 KB
brotli (issue 3's budget). terser comes from package.json, pinned."""

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

link = re.search(
    r'<link rel="modulepreload" href="[^"]*?([^"/]+\.js)"[^>]*? integrity="(sha384-[^"]+)"',
    html,
)
if link is None:
    sys.exit("minify-glue: index.html has no modulepreload link with an integrity hash")
glue = dist / link.group(1)

subprocess.run(
    ["terser", str(glue), "--module", "--compress", "--mangle", "--output", str(glue)],
    check=True,
)
integrity = "sha384-" + base64.b64encode(hashlib.sha384(glue.read_bytes()).digest()).decode()
index.write_text(
    html[: link.start(2)] + integrity + html[link.end(2) :],
    encoding="utf-8",
)
