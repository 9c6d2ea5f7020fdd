#!/usr/bin/env python3
"""Trunk post-build hook: makes what a patient's phone downloads smaller, and
updates the integrity hashes index.html gives for it.

1. The wasm: wasm-opt -Oz, as Trunk would run it (the pages' `<link
   data-trunk rel="rust">` turn Trunk's own run off), plus binaryen's pass
   that shortens the names the wasm and its JS glue call each other by.
   wasm-bindgen names every import and export with a 16-digit hash, such as
   `__wbg_instanceof_Element_05dbb22ded594343`, which brotli cannot compress:
   shortened to `$a`, they cost about 2.3 KB less in the wasm and 1.8 KB less
   in the glue. The pass prints which name became which; the glue is
   rewritten with that (`shorten_glue_names`).
2. The JS glue by terser: Trunk's own minifier cannot parse wasm-bindgen
   0.2.130's output (../shared/docs/toolchain.md), and minifying the whole
   page with it would also rewrite the HTML.
3. The stylesheet by lightningcss.

Together they take the self-referral page from about 164 KB to 156 KB
brotli (issue 3's budget). The tools come from package.json, pinned. Debug
builds (never served to patients) are left as they are, as Trunk leaves them."""

import base64
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys

dist = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
index = dist / "index.html"
html = index.read_text(encoding="utf-8")


def linked_file(tag):
    """The file the tag `tag` links to, and where its integrity hash is in the page."""
    found = re.search(tag + r'[^>]*? href="[^"]*?([^"/]+)"[^>]*? integrity="(sha384-[^"]+)"', html)
    if found is None:
        sys.exit(f"minify: index.html has no {tag} with an integrity hash")
    return dist / found.group(1), found.span(2)


def update_integrity(tag):
    """Gives the tag `tag` the integrity hash of its file as it is now."""
    global html
    path, (start, end) = linked_file(tag)
    digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
    html = html[:start] + "sha384-" + digest + html[end:]


def minify(tag, command):
    """Runs `command` (given the file's path) on the file `tag` links to."""
    subprocess.run(command + [str(linked_file(tag)[0])], check=True)
    update_integrity(tag)


def shorten_glue_names(glue, renamed):
    """The glue `glue` calling the wasm by the names wasm-opt gave: `renamed` is
    the mapping its --minify-imports-and-exports-and-modules pass printed.

    wasm-bindgen's glue offers each import as a key of one object, itself
    under the module's name ("./talking-health_bg.js": import0), and calls
    each export as `wasm.name`. Anything else fails the build rather than
    leave a page that cannot start."""
    modules = {module for module, _, _ in renamed["imports"]}
    if len(modules) != 1:
        sys.exit(f"minify: the wasm imports from {len(modules)} modules, not one: {sorted(modules)}")
    # The pass names the one module "a".
    glue, found = re.subn(re.escape(json.dumps(modules.pop())) + r"(?=\s*:)", '"a"', glue)
    if found != 1:
        sys.exit(f"minify: the glue names the wasm's import module {found} times, not once")
    for _, name, short in renamed["imports"]:
        glue, found = re.subn(r"(?<![\w$])" + re.escape(name) + r"(?=\s*:)", short, glue)
        if found != 1:
            sys.exit(f"minify: the glue offers the wasm's import {name} {found} times, not once")
    for name, short in renamed["exports"]:
        # Exports the glue does not call (such as `main`) are left out.
        glue = re.sub(r"(?<![\w$])wasm\." + re.escape(name) + r"(?![\w$])", "wasm." + short, glue)
    return glue


if os.environ.get("TRUNK_PROFILE") == "release":
    wasm, _ = linked_file('<link rel="preload"')
    glue, _ = linked_file('<link rel="modulepreload"')
    version = subprocess.run(["wasm-opt", "--version"], check=True, capture_output=True, text=True)
    if " 132 " not in version.stdout + " ":
        sys.exit(f"minify: wasm-opt 132 (binaryen@132 from package.json) expected, found {version.stdout.strip()}")
    optimised = subprocess.run(
        ["wasm-opt", "-Oz", "--minify-imports-and-exports-and-modules", str(wasm), "-o", str(wasm)],
        check=True,
        capture_output=True,
        text=True,
    )
    glue.write_text(shorten_glue_names(glue.read_text(encoding="utf-8"), json.loads(optimised.stdout)))
    update_integrity('<link rel="preload"')

minify(
    '<link rel="modulepreload"',
    ["sh", "-c", 'terser "$0" --module --compress --mangle --output "$0"'],
)
minify(
    '<link rel="stylesheet"',
    ["sh", "-c", 'lightningcss --minify "$0" --output-file "$0"'],
)
index.write_text(html, encoding="utf-8")
