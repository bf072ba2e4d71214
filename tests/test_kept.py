"""The language server's checks against fresh checks, over random typing.

The server checks each version of a document with what the earlier checks kept (the last
good parse, the parses of unchanged layers, the rule results: ``Options.kept`` and
``Options.memo``). Every version here is checked that way and afresh, and the reports must
agree in every row, group, total, finding and fix. The documents are every spec in specs/
(blocks, parameters, repeats, forms and the zoo among them) and a long flat stack.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_reparse import DOCS, edit

from cnnshape.check import Options, check_text
from cnnshape.load.reparse import Reparser
from cnnshape.propagate.memo import Memo
from cnnshape.render.columns import COLUMNS
from cnnshape.render.json_format import file_dict
from cnnshape.spec.build import Kept

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
    kept, memo = Kept(reparser.parse), Memo()
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
    kept, memo = Kept(Reparser().parse), Memo()
    for c in (8, 16, 8):
        edited = text.replace("c: 8", f"c: {c}")
        assert report(edited, Options(memo=memo, kept=kept)) == report(edited, Options())


def test_the_specs_folder_is_covered() -> None:
    root = Path(__file__).resolve().parents[1] / "specs"
    assert {p.name for p in root.rglob("*.yaml") if "bad" not in p.parts} <= set(CASES)
