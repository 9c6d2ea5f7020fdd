#!/usr/bin/env python3
"""Trunk post-build hook: moves Trunk's inline module loader out of index.html
into its own file, so the page needs no inline script and runs under a strict
Content-Security-Policy (script-src 'self'). Trunk has no option for this yet
(trunk-rs/trunk#288). It also drops Trunk's `window.wasmBindings` global: no
other script on the page needs the widget's bindings.

The loader also makes index.html's plain-HTML start page usable at once: it
gives it the service's colours (from the configuration in the page), shows
its Start button and keeps a press of it (as `data-started` on the
mount element, which the widget reads when it starts), then loads the
widget's code. The glue is imported dynamically so that this happens before
the glue arrives.

It runs for each of scripts/build.sh's builds (index.html, embed.html and
clinic.html); each is served from its own folder (TRUNK_PUBLIC_URL)."""

import base64
import hashlib
import os
import pathlib
import re
import sys

dist = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
# Where the build's files are served from: "/" for index.html, "/embed/" or "/clinic/".
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
index = dist / "index.html"
html = index.read_text(encoding="utf-8")

inline = re.search(r'<script type="module">(.*?)</script>', html, re.S)
if inline is None:
    sys.exit("externalise-loader: index.html has no inline module script to move")
glue = re.search(r"from '([^']+\.js)'", inline.group(1))
wasm = re.search(r"module_or_path: '([^']+\.wasm)'", inline.group(1))
if glue is None or wasm is None:
    sys.exit("externalise-loader: Trunk's loader changed shape; update this hook")

early_start = """const root = document.getElementById('talking-health');
// The service's colours, from the configuration the build wrote into the
// page (and checked), on the plain-HTML start page from its first paint, as
// the widget sets them when it arrives.
try {
  const branding = JSON.parse(root.dataset.configJson).branding || {};
  for (const [name, colour] of [['--th-brand', branding.link_colour], ['--th-button', branding.button_colour]]) {
    if (/^#[0-9a-f]{6}$/i.test(colour)) root.style.setProperty(name, colour);
  }
} catch {}
const start = root && root.querySelector('.th-button--start');
if (start) {
  start.hidden = false;
  start.addEventListener('click', () => {
    root.dataset.started = '';
    start.setAttribute('aria-disabled', 'true');
    start.textContent = 'Loading…';
  }, { once: true });
}
"""
loader = (
    early_start
    + f"const {{ default: init }} = await import('{glue.group(1)}');\n"
    + f"await init({{ module_or_path: '{wasm.group(1)}' }});\n"
)
name = f"boot-{hashlib.sha256(loader.encode()).hexdigest()[:16]}.js"
(dist / name).write_text(loader, encoding="utf-8")
integrity = "sha384-" + base64.b64encode(hashlib.sha384(loader.encode()).digest()).decode()
tag = f'<script type="module" src="{public_url}{name}" integrity="{integrity}" crossorigin="anonymous"></script>'
index.write_text(html[: inline.start()] + tag + html[inline.end() :], encoding="utf-8")
