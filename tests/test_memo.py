"""Remembered rule results (cnnshape.propagate.memo) change nothing a check reports.

Each spec is checked twice: with a memo that remembers nothing, and with one memo shared by
every check in this file, as the language server shares one across documents and edits (a
hit from another spec, another input size or another argument type would show here). The
reports must agree in every row, total, finding and fix. The corpus is every spec in
specs/ (the zoo and specs/bad/ included) and random specs from the oracle's generator,
many of them wrong on purpose.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cnnshape.args import Args
from cnnshape.check import Options, check_text
from cnnshape.layers import BY_NAME
from cnnshape.layers.base import Finding, Operand, Out
from cnnshape.propagate.infer import infer
from cnnshape.propagate.memo import Key, Memo
from cnnshape.render.columns import COLUMNS
from cnnshape.render.json_format import file_dict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
from gen import specs  # noqa: E402  (the oracle's random specs; no torch needed to make them)

SPECS = sorted((ROOT / "specs").rglob("*.yaml"))


class NoMemo(Memo):
    """Infers every layer afresh."""

    def summary(self, key: Key, args: Args) -> str:
        return key[0].summary(args)

    def infer(
        self, key: Key, inputs: list[Operand], args: Args, report: Callable[[Finding], object]
    ) -> tuple[Out, bool]:
        return infer(key[0], inputs, args, key[3], report)


SHARED = Memo()
CORPUS = {str(p.relative_to(ROOT)): p.read_text(errors="replace") for p in SPECS} | {
    f"random {i}": g.yaml() for i, g in enumerate(specs(2026, 300))
}


def report(text: str, memo: Memo, shape: tuple[int, ...] | None) -> object:
    r = check_text(text, "spec.yaml", Options(input_shape=shape, memo=memo))
    return file_dict(r, COLUMNS), [(d.code, d.message, d.span, d.fixes) for d in r.diagnostics]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_shared_memo_reports_what_a_fresh_walk_reports(name: str) -> None:
    text = CORPUS[name]
    for shape in (None, (3, 64, 64), (1, 17, 23)):
        assert report(text, SHARED, shape) == report(text, NoMemo(), shape), (name, shape)


def test_the_shared_memo_was_used() -> None:
    """The comparisons above ran through remembered results, not only fresh ones."""
    before = SHARED.hits
    for text in list(CORPUS.values())[:40]:
        report(text, SHARED, None)
    assert SHARED.hits - before > 200


def test_the_same_values_under_other_names_are_not_confused() -> None:
    memo = Memo()
    conv = "input: [4, 9, 9]\nlayers:\n  - Conv2d: {out_channels: 4, kernel_size: %d, stride: %d}\n"
    first = report(conv % (3, 1), memo, None)
    second = report(conv % (1, 3), memo, None)
    assert first == report(conv % (3, 1), NoMemo(), None)
    assert second == report(conv % (1, 3), NoMemo(), None)


def test_equal_values_of_another_type_have_their_own_key() -> None:
    """1, 1.0 and True are equal in Python, and would print differently in a message."""
    rule = BY_NAME["Dropout"]
    keys = {Memo.key(rule, Args({"p": v}, {}, frozenset()), frozenset()) for v in (1, 1.0, True)}
    assert len(keys) == 3
