"""A finding's range from the YAML of its one layer item equals the range from the whole text.

The server underlines a finding in a long spec by reading the YAML of the layer item it is
in (``Doc.starts_at``), not the whole text again. For every finding of every bad spec, of
random specs from the oracle's generator and of randomly edited specs, both ranges must be
the same, and the shortcut must have been taken often enough to matter.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from cnnshape.lsp import analysis
from cnnshape.lsp.document import Doc
from cnnshape.lsp.findings import value_range

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
from gen import specs  # noqa: E402
from test_reparse import DOCS, edit  # noqa: E402

BAD = {p.name: p.read_text(errors="replace") for p in sorted((ROOT / "specs" / "bad").glob("*"))}
RANDOM = {f"random {i}": g.yaml() for i, g in enumerate(specs(77, 150))}


def compare(text: str) -> tuple[int, int]:
    """(findings compared, of which ranged from one item's YAML)."""
    doc = Doc("file:///spec.yaml", text, 1)
    doc.set_result(analysis.run(text, "/nonexistent/spec.yaml", doc.session))
    assert doc.result is not None
    local = 0
    for f in doc.result.findings:
        if f.line is None or f.column is None:
            continue
        fast = value_range(doc.lines, doc.starts_at(f.line - 1), f.line, f.column)
        local += doc._index is None
        whole = Doc(doc.uri, text, 1)
        assert fast == value_range(whole.lines, whole.index, f.line, f.column), (f, text)
    return len(doc.result.findings), local


def test_bad_and_random_specs() -> None:
    found = local = 0
    for text in [*BAD.values(), *RANDOM.values()]:
        n, k = compare(text)
        found, local = found + n, local + k
    assert found > 150 and local > found // 2, (found, local)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_edited_specs(name: str) -> None:
    rnd = random.Random(f"ranges {name}")
    text = DOCS[name]
    for _ in range(60):
        text = edit(text, rnd)
        compare(text)
