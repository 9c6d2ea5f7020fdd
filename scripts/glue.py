"""Reads and rewrites wasm-bindgen's JS glue, for scripts/minify.py.

The rewrite is there for size: wasm-bindgen names every import and export
with a 16-digit hash (`__wbg_instanceof_Element_05dbb22ded594343`), which
brotli cannot compress. minify.py has wasm-opt shorten those names in the
wasm, and `shorten_glue_names` gives the glue the same short names (about
4 KB raw, most of which brotli cannot shrink). `drop_classes_without_instances`
removes exported classes the page can never use, and `exports_called`
tells wasm-metadce which exports the glue still calls.

Pure functions on strings: no files, no environment. Glue they cannot read
as expected raises `GlueError` (minify.py then fails the build) rather than
leave a page that cannot start. scripts/test_glue.py runs each of them on
the real glue of this widget from two wasm-bindgen versions
(scripts/fixtures/), on the failures, and on which classes go."""

import json
import re


# What wasm-opt runs before its pass that shortens the names: -Oz, then -Oz
# again on the control flow restructured from scratch (--flatten
# --rereloop), twice, which shrinks what rustc leaves further than -Oz alone
# (about 1 KB brotli a page). minify.py and fixtures/make.sh both run these.
WASM_OPT_PASSES = ["-Oz", *["--flatten", "--rereloop", "-Oz"] * 2]


def metadce_graph(glue):
    """wasm-metadce's graph for `glue`: the glue reaches the exports it calls,
    and nothing else keeps an export."""
    called = exports_called(glue)
    graph = [{"name": "glue", "root": True, "reaches": called}]
    return graph + [{"name": name, "export": name} for name in called]


class GlueError(Exception):
    """The glue is not as these functions expect it: rewriting it would risk
    a page that cannot start."""


def exports_called(glue):
    """The wasm's exports the glue calls, having checked that it calls them
    only as `wasm.name`: wasm-metadce keeps only these."""
    if glue.count("instance.exports") != 1 or "wasm = instance.exports;" not in glue or "wasm[" in glue:
        raise GlueError("the glue reaches the wasm's exports other than as `wasm.name`")
    return sorted(set(re.findall(r"(?<![\w$])wasm\.([\w$]+)", glue)))


def shorten_glue_names(glue, renamed):
    """The glue `glue` calling the wasm by the names wasm-opt gave: `renamed` is
    the mapping its --minify-imports-and-exports-and-modules pass printed
    (`{"imports": [[module, name, short], ...], "exports": [[name, short], ...]}`).

    wasm-bindgen's glue offers each import as a key of one object, itself
    under the module's name ("./talking-health_bg.js": import0), and calls
    each export as `wasm.name` (`exports_called` checks that). Anything else
    raises GlueError."""
    modules = {module for module, _, _ in renamed["imports"]}
    if len(modules) != 1:
        raise GlueError(f"the wasm imports from {len(modules)} modules, not one: {sorted(modules)}")
    # The pass names the one module "a".
    glue, found = re.subn(re.escape(json.dumps(modules.pop())) + r"(?=\s*:)", '"a"', glue)
    if found != 1:
        raise GlueError(f"the glue names the wasm's import module {found} times, not once")
    for _, name, short in renamed["imports"]:
        glue, found = re.subn(r"(?<![\w$])" + re.escape(name) + r"(?=\s*:)", short, glue)
        if found != 1:
            raise GlueError(f"the glue offers the wasm's import {name} {found} times, not once")
    for name, short in renamed["exports"]:
        # wasm-metadce left only exports the glue calls.
        glue, found = re.subn(r"(?<![\w$])wasm\." + re.escape(name) + r"(?![\w$])", "wasm." + short, glue)
        if found == 0:
            raise GlueError(f"the glue never calls the wasm's export {name}")
    if set(exports_called(glue)) != {short for _, short in renamed["exports"]}:
        raise GlueError("the exports the glue calls and those the wasm has differ")
    return glue


def drop_classes_without_instances(glue):
    """The glue without the exported classes no instance of can ever exist:
    those with no constructor and no static method, which the wasm never
    hands to JS (no `Class.__wrap`) and nothing else in the glue names.
    Leptos brings three, from wasm-streams (for server functions, which this
    widget has none of); their methods would keep about 0.9 KB of wasm and
    glue alive. (The page's loader imports only the glue's `default`.)"""
    for name in re.findall(r"^export class (\w+) \{", glue, re.M):
        block = re.search(
            rf"^export class {name} \{{\n.*?^\}}\n"
            rf"if \(Symbol\.dispose\) {name}\.prototype\[Symbol\.dispose\] = {name}\.prototype\.free;\n",
            glue,
            re.M | re.S,
        )
        if block is None or re.search(r"^    (constructor|static )", block.group(), re.M):
            continue
        rest = re.sub(rf"^const {name}Finalization = [^;]*;\n", "", glue.replace(block.group(), ""), flags=re.M)
        if re.search(rf"(?<![\w$]){name}(?![\w$])", rest):
            continue
        glue = rest
    return glue
