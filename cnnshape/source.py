"""YAML text → a tree of located values.

The parser's event stream (never PyYAML's recursive composer, which crashes the
process on deep nesting) is built here, without recursion, into :class:`Scalar`,
:class:`Seq` and :class:`Map` values that carry a 1-based :class:`Span`. What a
spec may not contain is refused on the way: nesting deeper than ``max_depth``,
more than ``max_nodes`` values once aliases are expanded, duplicate keys, and
tags other than YAML's plain types (so ``!!python/object/apply`` is refused and
nothing is constructed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from cnnshape.diagnostics import Span, SpecError
from cnnshape.limits import Limits
from cnnshape.numbers import magnitude

try:  # libyaml's parser when present (C, iterative); PyYAML's pure-Python one otherwise.
    from yaml import CSafeLoader as _Loader

    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _LIBYAML = False


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


def compose(text: str) -> yaml.Node | None:
    """PyYAML's node tree of ``text``, from the same parser as :func:`parse` (libyaml).

    For text that :func:`parse` accepted (the composer recurses, so the depth must already be
    bounded). Mark indexes count characters after a leading byte-order mark, which libyaml
    skips; :func:`bom_offset` gives the difference.
    """
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def bom_offset(text: str) -> int:
    """Characters before mark index 0: 1 when ``text`` starts with a byte-order mark."""
    return 1 if _LIBYAML and text.startswith("\ufeff") else 0


def parse(text: str, limits: Limits) -> Node:
    """Parse one YAML document into located values, or raise :class:`SpecError`."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as e:  # lone surrogates: only reachable from Python callers
        raise SpecError(
            "E100", f"the text cannot be encoded as UTF-8: {e.reason}", Span(1, 1)
        ) from None
    from cnnshape.builder import Builder  # it builds the values defined here

    try:
        return Builder(loader, limits).document()
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(e, limits) from None
    except yaml.reader.ReaderError as e:
        span = _offset_span(text, e.position)
        raise SpecError("E101", f"YAML syntax error: {e.reason}", span) from None
    except yaml.YAMLError as e:  # pragma: no cover - every parser error carries a mark
        raise SpecError("E101", f"YAML syntax error: {e}", Span(1, 1)) from None
    finally:
        loader.dispose()


def _syntax_error(e: yaml.MarkedYAMLError, limits: Limits) -> SpecError:
    mark = e.problem_mark or e.context_mark
    problem = e.problem or e.context or "invalid YAML"
    if "maximum nesting depth" in problem:  # libyaml's own cap, if --max-depth is above it
        from cnnshape.builder import too_deep

        return too_deep(span_of(mark), limits.max_depth)
    return SpecError("E101", f"YAML syntax error: {problem}", span_of(mark))


def _offset_span(text: str, position: int) -> Span:
    before = text[: max(position, 0)]
    return Span(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
