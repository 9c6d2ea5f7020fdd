"""Unit tests of scripts/glue.py, on this widget's real glue as two
wasm-bindgen versions write it (scripts/fixtures/wasm-bindgen-*/, made by
scripts/fixtures/make.sh, which says how), each with the mapping wasm-opt
printed for its wasm.

Run: python3 -m unittest discover -s scripts -p 'test_*.py'"""

import json
import pathlib
import re
import shutil
import subprocess
import tempfile
import unittest

from glue import GlueError, drop_classes_without_instances, exports_called, shorten_glue_names

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
MODULE = "./talking-health_bg.js"
IDENT = r"[\w$]+"


def import_keys(glue):
    """The import object's keys, in order: its `name: function(` lines."""
    imports = re.search(r"^function __wbg_get_imports\(\) \{\n(.*?)^\}\n", glue, re.M | re.S)
    return re.findall(rf"^        ({IDENT}): function\(", imports.group(1), re.M)


def wasm_calls(glue):
    """Each `wasm.name` in the glue, in order (names only)."""
    return re.findall(rf"(?<![\w$])wasm\.({IDENT})", glue)


def masked(glue):
    """The glue with every import key, `wasm.` name and the import module's
    key replaced by `_`: what the names' rewrite must leave as it was."""
    glue = re.sub(rf"^        {IDENT}: function\(", "        _: function(", glue, flags=re.M)
    glue = re.sub(rf"(?<![\w$])wasm\.{IDENT}", "wasm._", glue)
    return re.sub(r'^(\s*)("a"|' + re.escape(json.dumps(MODULE)) + r"):", r"\1_:", glue, flags=re.M)


def without_classes(glue, names):
    """The glue without the classes `names`, line by line: from `export class
    Name {` to its `Symbol.dispose` line, and its `const NameFinalization`
    statement (the expected result of dropping them)."""
    lines, out, skipping = glue.splitlines(keepends=True), [], None
    for line in lines:
        if skipping is None:
            found = re.match(r"export class (\w+) \{$|const (\w+)Finalization = ", line)
            name = found and (found.group(1) or found.group(2))
            if name in names:
                skipping = (name, "class" if found.group(1) else "const")
        if skipping is None:
            out.append(line)
        elif skipping[1] == "class" and line.startswith(f"if (Symbol.dispose) {skipping[0]}.prototype"):
            skipping = None
        elif skipping[1] == "const" and line.rstrip().endswith(";"):
            skipping = None
    return "".join(out)


class GlueOfOneVersion:
    """The tests, run on one fixture (`version`) by each subclass."""

    version = None

    @classmethod
    def setUpClass(cls):
        folder = FIXTURES / f"wasm-bindgen-{cls.version}"
        cls.glue = (folder / "talking-health.js").read_text(encoding="utf-8")
        cls.renamed = json.loads((folder / "renamed.json").read_text(encoding="utf-8"))
        cls.classes = re.findall(r"^export class (\w+) \{", cls.glue, re.M)

    def without_classes(self):
        """The fixture's glue as minify.py gives it to the other functions."""
        return without_classes(self.glue, self.classes)

    # The fixture itself.

    def test_fixture_is_wasm_bindgens_glue_for_its_wasm(self):
        self.assertIn("wasm = instance.exports;", self.glue)
        self.assertEqual({module for module, _, _ in self.renamed["imports"]}, {MODULE})
        # Every import the wasm kept is offered (and perhaps some it no longer has).
        self.assertLessEqual({name for _, name, _ in self.renamed["imports"]}, set(import_keys(self.glue)))
        self.assertGreater(len(self.renamed["exports"]), 5)
        # wasm-streams' three classes, which no page uses (drop_classes_without_instances).
        self.assertEqual(sorted(self.classes), ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"])

    # exports_called

    def test_exports_called_lists_each_export_the_glue_calls_once_sorted(self):
        called = exports_called(self.glue)
        self.assertEqual(called, sorted(set(wasm_calls(self.glue))))
        for name in ("__wbindgen_start", "__wbindgen_malloc", "memory", "intounderlyingsink_write"):
            self.assertIn(name, called)
        self.assertNotIn("intounderlyingsink_write", exports_called(self.without_classes()))

    def test_exports_called_are_the_exports_the_wasm_kept(self):
        self.assertEqual(exports_called(self.without_classes()), sorted(name for name, _ in self.renamed["exports"]))

    def test_exports_called_refuses_exports_reached_otherwise(self):
        for change in (
            ("wasm.__wbindgen_start()", 'wasm["__wbindgen_start"]()'),
            ("wasm = instance.exports;", "wasm = instance.exports;\n    const exports = instance.exports;"),
            ("wasm = instance.exports;", "({ exports: wasm } = instance);"),
            ("wasm = instance.exports;", "const exports = instance.exports;\n    wasm = exports;"),
        ):
            with self.subTest(change=change[1]):
                self.assertIn(change[0], self.glue)
                with self.assertRaisesRegex(GlueError, r"reaches the wasm's exports other than as `wasm\.name`"):
                    exports_called(self.glue.replace(*change, 1))

    # shorten_glue_names

    def test_shorten_glue_names_renames_the_module_each_import_and_each_export(self):
        glue = self.without_classes()
        short = shorten_glue_names(glue, self.renamed)
        imports = {name: short for _, name, short in self.renamed["imports"]}
        exports = dict(self.renamed["exports"])
        # The module's key is "a", as the pass names it.
        self.assertEqual(re.findall(r'^\s*("a"|"[^"]*_bg\.js"):', short, re.M), ['"a"'])
        # Each import key, and nothing else of its name. (Imports the wasm no
        # longer has keep their names.)
        self.assertEqual(import_keys(short), [imports.get(name, name) for name in import_keys(glue)])
        for name in imports:
            self.assertNotIn(name, short)
        # Each call of each export.
        self.assertEqual(wasm_calls(short), [exports[name] for name in wasm_calls(glue)])
        self.assertEqual(exports_called(short), sorted(exports.values()))
        # And nothing else.
        self.assertEqual(masked(short), masked(glue))

    def test_shorten_glue_names_leaves_longer_names_alone(self):
        _, name, short = self.renamed["imports"][0]
        export, _ = self.renamed["exports"][0]
        other = f"const other = {{ prefix_{name}: 1, {name}_suffix: 2, x: notwasm.{export} }};\n"
        shortened = shorten_glue_names(self.without_classes() + other, self.renamed)
        self.assertTrue(shortened.endswith(other))
        self.assertIn(f"        {short}: function(", shortened)

    def test_shorten_glue_names_refuses_exports_reached_otherwise(self):
        glue = self.without_classes().replace("wasm.__wbindgen_start();", 'wasm["__wbindgen_start"]();\n    wasm.__wbindgen_start();')
        with self.assertRaisesRegex(GlueError, r"reaches the wasm's exports other than as `wasm\.name`"):
            shorten_glue_names(glue, self.renamed)

    def test_shorten_glue_names_refuses_an_import_offered_twice_or_not_at_all(self):
        _, name, _ = self.renamed["imports"][0]
        glue = self.without_classes()
        twice = glue + f"const spare = {{\n    {name}: function() {{}},\n}};\n"
        with self.assertRaisesRegex(GlueError, rf"offers the wasm's import {name} 2 times, not once"):
            shorten_glue_names(twice, self.renamed)
        missing = re.sub(rf"^        {re.escape(name)}:", f"        {name}_gone:", glue, flags=re.M)
        self.assertNotEqual(missing, glue)
        with self.assertRaisesRegex(GlueError, rf"offers the wasm's import {name} 0 times, not once"):
            shorten_glue_names(missing, self.renamed)

    def test_shorten_glue_names_refuses_an_export_never_called(self):
        # An export the glue does not call (as if wasm-metadce had not run).
        renamed = dict(self.renamed, exports=self.renamed["exports"] + [["__wbindgen_free", "zz"]])
        with self.assertRaisesRegex(GlueError, r"never calls the wasm's export __wbindgen_free"):
            shorten_glue_names(self.without_classes(), renamed)
        # A call of an export the wasm does not have.
        renamed = dict(self.renamed, exports=[e for e in self.renamed["exports"] if e[0] != "__wbindgen_start"])
        with self.assertRaisesRegex(GlueError, r"the exports the glue calls and those the wasm has differ"):
            shorten_glue_names(self.without_classes(), renamed)

    def test_shorten_glue_names_refuses_other_than_one_import_module(self):
        for imports in (self.renamed["imports"] + [["env", "now", "zz"]], []):
            with self.subTest(modules=len({m for m, _, _ in imports})):
                with self.assertRaisesRegex(GlueError, r"the wasm imports from [02] modules, not one"):
                    shorten_glue_names(self.without_classes(), dict(self.renamed, imports=imports))
        # The glue must name the module once.
        glue = self.without_classes()
        for found, changed in ((0, glue.replace(json.dumps(MODULE), '"./other_bg.js"')), (2, glue + f'const again = {{ {json.dumps(MODULE)}: 1 }};\n')):
            with self.subTest(times=found):
                with self.assertRaisesRegex(GlueError, rf"names the wasm's import module {found} times, not once"):
                    shorten_glue_names(changed, self.renamed)

    def test_shortened_glue_is_still_a_javascript_module(self):
        node = shutil.which("node")
        if node is None:
            self.skipTest("no node")
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "glue.mjs"
            path.write_text(shorten_glue_names(self.without_classes(), self.renamed), encoding="utf-8")
            subprocess.run([node, "--check", str(path)], check=True)

    # drop_classes_without_instances

    def test_drops_the_classes_no_instance_of_can_exist(self):
        dropped = drop_classes_without_instances(self.glue)
        self.assertEqual(dropped, without_classes(self.glue, self.classes))
        for name in self.classes:
            self.assertNotIn(name, dropped)
        self.assertEqual(drop_classes_without_instances(dropped), dropped)

    def test_keeps_a_class_named_elsewhere(self):
        glue = self.glue + "export function sink(ptr) { return IntoUnderlyingSink.__wrap(ptr); }\n"
        dropped = drop_classes_without_instances(glue)
        self.assertEqual(dropped, without_classes(glue, {"IntoUnderlyingByteSource", "IntoUnderlyingSource"}))
        self.assertIn("export class IntoUnderlyingSink {", dropped)
        self.assertIn("const IntoUnderlyingSinkFinalization = ", dropped)

    def test_keeps_a_class_with_a_constructor_or_a_static_method(self):
        for member in ("constructor() {\n        this.__wbg_ptr = 0;\n    }", "static __wrap(ptr) {\n        return ptr;\n    }"):
            with self.subTest(member=member.split("(")[0]):
                glue = self.glue.replace("export class IntoUnderlyingSink {\n", f"export class IntoUnderlyingSink {{\n    {member}\n", 1)
                self.assertNotEqual(glue, self.glue)
                dropped = drop_classes_without_instances(glue)
                self.assertEqual(dropped, without_classes(glue, {"IntoUnderlyingByteSource", "IntoUnderlyingSource"}))

    def test_keeps_a_class_not_written_as_expected(self):
        glue = re.sub(r"^if \(Symbol\.dispose\) IntoUnderlyingSink\.prototype.*\n", "", self.glue, flags=re.M)
        self.assertNotEqual(glue, self.glue)
        dropped = drop_classes_without_instances(glue)
        self.assertIn("export class IntoUnderlyingSink {", dropped)
        self.assertNotIn("IntoUnderlyingSource", dropped)


class WasmBindgen0_2_129(GlueOfOneVersion, unittest.TestCase):
    version = "0.2.129"


class WasmBindgen0_2_130(GlueOfOneVersion, unittest.TestCase):
    version = "0.2.130"


if __name__ == "__main__":
    unittest.main()
