#!/usr/bin/env python3
"""Trunk post-build hook: makes what a patient's phone downloads smaller, and
updates the integrity hashes index.html gives for it.

1. The wasm, by binaryen:
   - wasm-metadce removes the exports the glue never calls, and the code
     only they kept (`drop_classes_without_instances` says which).
   - wasm-opt -Oz, as Trunk would run it (the pages' `<link data-trunk
     rel="rust">` turn Trunk's own run off), and more (`WASM_OPT_PASSES`
     in scripts/glue.py); last, its pass that shortens the
     names the wasm and its JS glue call each other by. wasm-bindgen names
     every import and export with a 16-digit hash, such as
     `__wbg_instanceof_Element_05dbb22ded594343`, which brotli cannot
     compress: shortened to `$a`, they cost about 2.3 KB less in the wasm
     and 1.8 KB less in the glue. The pass prints which name became which;
     the glue is rewritten with that (`shorten_glue_names`). The functions
     that read and rewrite the glue are in scripts/glue.py, unit-tested on
     this widget's real glue from two wasm-bindgen versions
     (scripts/test_glue.py); glue they cannot read fails the build.
2. The JS glue by terser: Trunk's own minifier cannot parse wasm-bindgen
   0.2.130's output (../shared/docs/toolchain.md), and minifying the whole
   page with it would also rewrite the HTML.
3. The stylesheets by lightningcss, and embed.js (which GP practices' pages
   load) by terser.

The tools come from package.json, pinned. Step 1
runs for release builds only: Trunk does not optimise debug builds either,
and they are never served to patients."""

import base64
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from glue import (
    WASM_OPT_PASSES,
    GlueError,
    drop_classes_without_instances,
    metadce_graph,
    shorten_glue_names,
)

dist = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
index = dist / "index.html"
html = index.read_text(encoding="utf-8")


def linked_files(tag):
    """The files the page's `tag`s link to with an integrity hash."""
    found = re.findall(tag + r'[^>]*? href="[^"]*?([^"/]+)"[^>]*? integrity="sha384-', html)
    if not found:
        sys.exit(f"minify: index.html has no {tag} with an integrity hash")
    return [dist / name for name in found]


def linked_file(tag):
    """The one file the page's `tag` links to."""
    (path,) = linked_files(tag)
    return path


def update_integrity(path):
    """Gives the page's link to `path` the integrity hash of the file as it is now."""
    global html
    found = re.search(r'href="(?:[^"]*/)?' + re.escape(path.name) + r'"[^>]*? integrity="(sha384-[^"]+)"', html)
    if found is None:
        sys.exit(f"minify: index.html has no link to {path.name} with an integrity hash")
    digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
    html = html[: found.start(1)] + "sha384-" + digest + html[found.end(1) :]


def minify(tag, command):
    """Runs `command` (given the file's path) on each file a `tag` links to."""
    for path in linked_files(tag):
        subprocess.run(command + [str(path)], check=True)
        update_integrity(path)


def tool(*command):
    """Runs a binaryen tool and returns what it printed."""
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def optimise_wasm(wasm, glue):
    """Step 1 (see above) on the files `wasm` and `glue`."""
    version = tool("wasm-opt", "--version")
    if " 132 " not in version + " ":
        sys.exit(f"minify: wasm-opt 132 (binaryen@132 from package.json) expected, found {version.strip()}")
    js = drop_classes_without_instances(glue.read_text(encoding="utf-8"))
    # The wasm's exports the glue calls are all it keeps: wasm-metadce removes
    # the rest, and the code only they reached.
    with tempfile.NamedTemporaryFile("w", suffix=".json") as graph_file:
        json.dump(metadce_graph(js), graph_file)
        graph_file.flush()
        tool("wasm-metadce", str(wasm), "--graph-file", graph_file.name, "-o", str(wasm))
    renamed = tool(
        "wasm-opt",
        *WASM_OPT_PASSES,
        "--minify-imports-and-exports-and-modules",
        # Sections only tools read.
        "--strip-producers",
        "--strip-target-features",
        str(wasm),
        "-o",
        str(wasm),
    )
    glue.write_text(shorten_glue_names(js, json.loads(renamed)), encoding="utf-8")
    update_integrity(wasm)


if os.environ.get("TRUNK_PROFILE") == "release":
    try:
        optimise_wasm(linked_file('<link rel="preload"'), linked_file('<link rel="modulepreload"'))
    except GlueError as error:
        sys.exit(f"minify: {error}")

minify(
    '<link rel="modulepreload"',
    ["sh", "-c", 'terser "$0" --module --compress --mangle --output "$0"'],
)
minify(
    '<link rel="stylesheet"',
    ["sh", "-c", 'lightningcss --minify "$0" --output-file "$0"'],
)
# embed.js (copied beside index.html) is loaded by GP practices' pages, so it
# counts towards the embedded page's size. Its readable source, with the
# comments a practice's web team may want, is embed/embed.js.
embed_js = dist / "embed.js"
if embed_js.exists():
    subprocess.run(["terser", str(embed_js), "--compress", "--mangle", "--output", str(embed_js)], check=True)
index.write_text(html, encoding="utf-8")
