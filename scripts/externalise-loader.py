#!/usr/bin/env python3
"""Trunk post-build hook: moves Trunk's inline module loader out of index.html
into its own file, so the page Trunk writes needs no inline script and runs
under a strict Content-Security-Policy (script-src 'self'). Trunk has no
option for this yet (trunk-rs/trunk#288). The release build's last step
(crates/prerender) then writes this file, checked against its integrity hash,
back into the page with its hash in the policy, so that a phone need not
fetch it before showing Start. It also drops Trunk's `window.wasmBindings`
global: no other script on the page needs the widget's bindings.

The loader also makes the plain-HTML pages usable at once: it gives them the
service's colours (from the configuration in the page); on index.html and
embed.html (there only in a frame, where it can be of use) it shows the
start page's Start button, and on a press puts the plain-HTML date-of-birth
page after it in its place; on clinic.html it puts the clinician's details
in place of the loading message.
A Continue on any of these is kept as `data-continued` on the mount element, for
the widget to take over when it starts. Then it loads the widget's code. The
glue is imported dynamically so that all this happens before the glue
arrives.

It runs for each of scripts/build.sh's builds (index.html, embed.html and
clinic.html); each is served from its own folder (TRUNK_PUBLIC_URL)."""

import base64
import hashlib
import os
import pathlib
import re
import subprocess
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

plain_pages = """const root = document.getElementById('talking-health');
let config = {};
// The service's colours, from the configuration the build wrote into the
// page (and checked), on the plain-HTML pages from their first paint, as
// the widget sets them when it arrives.
try {
  config = JSON.parse(root.dataset.configJson);
  const branding = config.branding || {};
  for (const [name, colour] of [['--th-brand', branding.link_colour], ['--th-button', branding.button_colour]]) {
    if (/^#[0-9a-f]{6}$/i.test(colour)) root.style.setProperty(name, colour);
  }
} catch {}
// The page's first plain-HTML page to answer on, in a template until
// shown: index.html's date-of-birth page, put in place of the start page
// when Start is pressed, or clinic.html's clinician's details, put in place
// of its loading message now. The person answers there while the widget's
// code comes, and the widget takes over what was typed, and a Continue
// pressed there (`data-continued`). Start shows the date-of-birth page at
// once even when the widget is working (`data-ready`), and then, once it is
// on the screen, tells the widget (`talking-health:start`), which takes it
// over (`StartPage`). Otherwise, once the widget is working, these leave
// its pages to it. embed.html opened on its own, not in a practice's
// frame, is refused by its widget: nothing to start there.
const unframedEmbed = config.mode === 'embed' && window.parent === window;
const template = root && !unframedEmbed && root.querySelector(':scope > template');
if (template) {
  const next = template.content.firstElementChild;
  const proceed = next.querySelector('button[type=submit]');
  const proceedLabel = proceed.textContent;
  next.querySelector('form').addEventListener('submit', event => {
    event.preventDefault();
    if ('ready' in root.dataset) return;
    root.dataset.continued = '';
    proceed.setAttribute('aria-disabled', 'true');
    proceed.textContent = 'Loading…';
  });
  const start = root.querySelector('.th-button--start');
  if (start) {
    const startPage = start.closest('.th-page');
    const titles = new Map([[startPage, document.title],
      [next, next.querySelector('h1').textContent.trim() + ' – ' + config.service.name]]);
    const show = (shown, page) => {
      shown.replaceWith(page);
      document.title = titles.get(page);
      delete root.dataset.continued;
      proceed.removeAttribute('aria-disabled');
      proceed.textContent = proceedLabel;
      page.querySelector('h1').focus();
      window.scrollTo(0, 0);
    };
    start.hidden = false;
    // In a practice's frame, its page (embed.js) sizes the frame to the
    // start page, as it does to each of the widget's pages once the widget
    // has heard from it. Its height is the same for everyone, so any origin
    // may hear it.
    if (config.mode === 'embed') {
      parent.postMessage({ type: 'talking-health:height', height: document.documentElement.offsetHeight }, '*');
    }
    start.addEventListener('click', () => {
      show(startPage, next);
      // After the frame that draws it: a task queued in an animation frame.
      if ('ready' in root.dataset) {
        requestAnimationFrame(() => setTimeout(() => dispatchEvent(new Event('talking-health:start'))));
      }
    });
    next.querySelector('.th-back-link').addEventListener('click', event => {
      if ('ready' in root.dataset) return;
      show(next, startPage);
      event.preventDefault();
    });
  } else {
    root.querySelector(':scope > .th-loading').replaceWith(next);
  }
}
"""
loader = (
    plain_pages
    + f"const {{ default: init }} = await import('{glue.group(1)}');\n"
    + f"await init({{ module_or_path: '{wasm.group(1)}' }});\n"
)
# Minified as the glue is (scripts/minify.py): its comments are for this file's readers.
loader = subprocess.run(
    ["terser", "--module", "--compress", "--mangle"],
    input=loader,
    capture_output=True,
    text=True,
    check=True,
).stdout
name = f"boot-{hashlib.sha256(loader.encode()).hexdigest()[:16]}.js"
(dist / name).write_text(loader, encoding="utf-8")
integrity = "sha384-" + base64.b64encode(hashlib.sha384(loader.encode()).digest()).decode()
tag = f'<script type="module" src="{public_url}{name}" integrity="{integrity}" crossorigin="anonymous"></script>'
index.write_text(html[: inline.start()] + tag + html[inline.end() :], encoding="utf-8")
