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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from cnnshape.diagnostics import Span, SpecError
from cnnshape.limits import Limits
from cnnshape.scalars import MAP, SEQ, bad_tag, construct, resolve

try:  # libyaml's parser when present (C, iterative); PyYAML's pure-Python one otherwise.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


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
        return f"the integer {v}"
    if isinstance(v, float):
        return f"the number {node.text}"
    text = str(v)
    return f'the string "{text if len(text) <= 80 else text[:80] + "…"}"'


def parse(text: str, limits: Limits) -> Node:
    """Parse one YAML document into located values, or raise :class:`SpecError`."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as e:  # lone surrogates: only reachable from Python callers
        raise SpecError(
            "E100", f"the text cannot be encoded as UTF-8: {e.reason}", Span(1, 1)
        ) from None
    try:
        return _Builder(loader, limits).document()
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
        return _too_deep(span_of(mark), limits.max_depth)
    return SpecError("E101", f"YAML syntax error: {problem}", span_of(mark))


def _offset_span(text: str, position: int) -> Span:
    before = text[: max(position, 0)]
    return Span(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


class _Frame:
    """A sequence or mapping being filled, with the state a mapping needs between its events."""

    __slots__ = ("anchor", "key", "node", "seen", "start")

    def __init__(self, node: Seq | Map, anchor: str | None, start: int) -> None:
        self.node = node
        self.anchor = anchor
        self.start = start  # expanded-value count when the collection opened
        self.key: Scalar | None = None
        self.seen: dict[object, Span] = {}


class _Builder:
    """Turns parser events into located values with an explicit stack (no recursion).

    ``count`` is the number of values the document expands to: an alias adds the
    full size of the value it names, so a few hundred bytes of nested aliases
    cannot make later stages walk millions of values.
    """

    def __init__(self, loader: _Loader, limits: Limits) -> None:
        # Events are typed loosely: the C and Python parsers make different Mark classes.
        self.next_event: Callable[[], Any] = loader.get_event
        self.limits = limits
        self.count = 0
        self.anchors: dict[str, tuple[Node, int]] = {}

    def document(self) -> Node:
        self.next_event()  # StreamStart
        event = self.next_event()
        if isinstance(event, StreamEndEvent):
            raise SpecError(
                "E104", "the file is empty: a spec needs 'input' and 'layers'", Span(1, 1)
            )
        root = self._values()
        self.next_event()  # DocumentEnd
        event = self.next_event()
        if isinstance(event, DocumentStartEvent):
            raise SpecError(
                "E101",
                "YAML syntax error: a spec is one YAML document, but this file has more than "
                "one (a '---' line)",
                span_of(event.start_mark),
            )
        return root

    def _values(self) -> Node:
        """Read events up to the end of the document's root value (the hot loop: kept flat)."""
        stack: list[_Frame] = []
        next_event, limit = self.next_event, self.limits.max_nodes
        # Plain scalar text → its value: specs repeat the same few keys and sizes on every
        # layer, and the values are immutable, so each text is resolved once.
        plain: dict[str, object] = {}
        while True:
            event = next_event()
            kind = type(event)
            node: Node
            if kind is ScalarEvent:
                mark = event.start_mark
                span = Span(mark.line + 1, mark.column + 1)
                text, tag = event.value, event.tag
                if tag is None and event.implicit[0]:  # plain: a number, bool, null or text
                    value = plain.get(text, plain)
                    if value is plain:
                        value = construct(resolve(text, True), text, span)
                        if len(plain) < 4096:
                            plain[text] = value
                elif tag is None or tag == "!":
                    value = text
                else:
                    value = construct(tag, text, span)
                node = Scalar(value, span, text)
                self.count += 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (node, 1)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                stack.append(self._open(event, len(stack) + 1))
                continue
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                frame = stack.pop()
                node = frame.node
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (node, self.count - frame.start + 1)
            elif kind is AliasEvent:
                node = self._alias(event)
            else:  # pragma: no cover - the parser only yields values inside a document
                raise SpecError("E101", "YAML syntax error: unexpected event", Span(1, 1))
            if self.count > limit:
                raise self._too_many(event.start_mark)
            if not stack:
                return node
            frame = stack[-1]
            parent = frame.node
            if type(parent) is Seq:
                parent.items.append(node)
            elif frame.key is not None:
                parent.items.append((frame.key, node))  # type: ignore[arg-type]
                frame.key = None
            else:
                frame.key = _key(frame, node)

    def _too_many(self, mark: Any) -> SpecError:
        return SpecError(
            "E111",
            f"the spec expands to more than {self.limits.max_nodes:,} YAML values "
            "(aliases are expanded where they are used); raise --max-nodes if it is real",
            span_of(mark),
        )

    def _open(self, event: Any, depth: int) -> _Frame:
        span = span_of(event.start_mark)
        if depth > self.limits.max_depth:
            raise _too_deep(span, self.limits.max_depth)
        is_seq = isinstance(event, SequenceStartEvent)
        if event.tag is not None and event.tag != "!" and event.tag != (SEQ if is_seq else MAP):
            raise bad_tag(event.tag, span)
        self.count += 1
        node: Seq | Map = Seq([], span) if is_seq else Map([], span)
        return _Frame(node, event.anchor, self.count)

    def _alias(self, event: Any) -> Node:
        found = self.anchors.get(event.anchor)
        if found is None:
            raise SpecError(
                "E103",
                f"alias '*{event.anchor}' names no finished anchor (an anchor must be "
                "complete before it is used, so a value cannot contain itself)",
                span_of(event.start_mark),
            )
        node, size = found
        self.count += size
        return node


def _key(frame: _Frame, node: Node) -> Scalar:
    """Check a mapping key: a plain name, not yet used in this mapping."""
    if not isinstance(node, Scalar) or isinstance(node.value, float):
        raise SpecError("E104", "mapping keys must be plain names", node.span)
    first = frame.seen.get(node.value)
    if first is not None:
        raise SpecError(
            "E102",
            f"duplicate key '{node.text}' (first written at {first.line}:{first.column}); "
            "YAML would silently keep only the last one",
            node.span,
        )
    frame.seen[node.value] = node.span
    return node


def _too_deep(span: Span, max_depth: int) -> SpecError:
    return SpecError(
        "E111",
        f"the spec is nested more than {max_depth} levels deep; raise --max-depth if it is real",
        span,
    )
