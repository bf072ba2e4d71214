"""The language server's checks against fresh checks, over random typing.

The server checks each version of a document with what the earlier checks kept (the last
good parse, the parses of unchanged layers, the rule results: ``Options.kept`` and
``Options.memo``). Every version here is checked that way and afresh, and the reports must
agree in every row, group, total, finding and fix. The documents are every spec in specs/
(blocks, parameters, repeats, forms and the zoo among them) and a long flat stack.
"""

from __future__ import annotations

import random
from dataclasses import fields
from pathlib import Path

import pytest
from test_reparse import DOCS, edit

from cnnshape.check import Options, check_text
from cnnshape.limits import Limits
from cnnshape.load.reparse import Reparser
from cnnshape.propagate.memo import Memo
from cnnshape.render.columns import COLUMNS
from cnnshape.render.json_format import file_dict
from cnnshape.spec.build import Kept, from_text
from cnnshape.spec.model import LayerDef
from cnnshape.spec.moved import moved_items

FLAT = "input: [3, 16, 16]\nlayers:\n" + "".join(
    f"  - Conv2d: {{out_channels: {4 + i % 3}, kernel_size: {1 + i % 2 * 2}, padding: {i % 2}}}\n"
    f"  - ReLU\n"
    for i in range(60)
)
CASES = DOCS | {"flat": FLAT}


def report(text: str, opts: Options) -> object:
    r = check_text(text, "spec.yaml", opts)
    return file_dict(r, COLUMNS), [(d.code, d.message, d.span, d.fixes) for d in r.diagnostics]


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_edited_document_checks_as_a_fresh_one(name: str) -> None:
    rnd = random.Random(f"kept {name}")
    reparser = Reparser()
    kept, memo = Kept(reparser), Memo()
    original = text = CASES[name]
    for step in range(120):
        text = original if step % 10 == 9 else edit(text, rnd)
        again = report(text, Options(memo=memo, kept=kept))
        assert again == report(text, Options()), (name, step, text)
    if name not in ("anchors", "flow"):
        assert reparser.partial >= 3  # the shortcut was taken (random keys often break YAML)


def test_a_parameter_change_reaches_every_layer_that_uses_it() -> None:
    """Layers with a $ are parsed anew on each check, never taken from an earlier one."""
    text = (
        "params: {c: 8}\ninput: [3, 8, 8]\nlayers:\n"
        "  - Conv2d: {out_channels: $c, kernel_size: 1}\n"
        "  - Conv2d: {out_channels: 4, kernel_size: 1}\n"
    )
    kept, memo = Kept(Reparser()), Memo()
    for c in (8, 16, 8):
        edited = text.replace("c: 8", f"c: {c}")
        assert report(edited, Options(memo=memo, kept=kept)) == report(edited, Options())


def test_the_specs_folder_is_covered() -> None:
    root = Path(__file__).resolve().parents[1] / "specs"
    assert {p.name for p in root.rglob("*.yaml") if "bad" not in p.parts} <= set(CASES)


def test_a_moved_layer_keeps_everything_but_its_places() -> None:
    """moved_items copies a LayerDef field by field: a new field must be carried as well."""
    text = "input: [3, 8, 8]\nlayers:\n  - Conv2d: {out_channels: 4, kernel_size: 1, name: c,\n"
    text += "      trainable: false, ignore: [W301], strides: 2}\n"
    report = check_text(text, "spec.yaml", Options())
    assert report.rows[0].name == "c"
    [layer] = from_text(text, Limits()).layers
    assert isinstance(layer, LayerDef) and layer.unknown and not layer.trainable
    [moved] = moved_items((layer,), 3)
    assert isinstance(moved, LayerDef)
    for f in fields(LayerDef):
        if f.name not in ("span", "args"):
            assert getattr(moved, f.name) == getattr(layer, f.name), f.name
    assert moved.span.line == layer.span.line + 3
    assert moved.args.values == layer.args.values and moved.args.given == layer.args.given
    assert {k: s.line - 3 for k, s in moved.args.spans.items()} == {
        k: s.line for k, s in layer.args.spans.items()
    }
