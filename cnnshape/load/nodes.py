"""Located YAML values: :class:`Scalar`, :class:`Seq` and :class:`Map`, each with a 1-based
:class:`Span`. :mod:`cnnshape.load.parse` makes them; every later stage reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cnnshape.diagnostics import Span
from cnnshape.numbers import magnitude


@dataclass(slots=True)
class Scalar:
    """A plain value (str, int, float, bool or None) and where it is written."""

    value: object
    span: Span
    text: str


@dataclass(slots=True)
class Seq:
    items: list[Node]
    span: Span


@dataclass(slots=True)
class Map:
    """A mapping whose keys are scalars, in written order; duplicates are refused."""

    items: list[tuple[Scalar, Node]]
    span: Span

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None

    def key_span(self, key: str) -> Span:
        for k, _ in self.items:
            if k.value == key:
                return k.span
        return self.span


Node = Scalar | Seq | Map


def span_of(mark: Any) -> Span:
    if mark is None:
        return Span(1, 1)
    return Span(mark.line + 1, mark.column + 1)


def describe(node: Node) -> str:
    """How a value reads to a person: 'a string "1e3"', 'a list', 'a mapping'."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    v = node.value
    if v is None:
        return "null"
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, int):
        return f"the integer {v}" if abs(v) < 1 << 63 else magnitude(v)
    if isinstance(v, float):
        return f"the number {node.text}"
    text = str(v)
    return f'the string "{text if len(text) <= 80 else text[:80] + "…"}"'
