"""Parser events → located values, with an explicit stack: the hot loop of reading a spec.

PyYAML's composer recurses (its C version crashes the process on deep nesting);
this builder does not, so depth and alias-expanded size are counted exactly and
refused with a location before anything downstream walks the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.limits import Limits
from cnnshape.load.nodes import Map, Node, Scalar, Seq, span_of
from cnnshape.load.scalars import MAP, SEQ, bad_tag, construct, resolve
from cnnshape.load.syntax import cut_expression, unbalanced

#: the booleans YAML 1.2 (and the YAML language server) reads as booleans
_BOOLS_12 = frozenset({"true", "false"})


class _Frame:
    """A sequence or mapping being filled, with the state a mapping needs between its events."""

    __slots__ = ("anchor", "key", "node", "seen", "start")

    def __init__(self, node: Seq | Map, anchor: str | None, start: int) -> None:
        self.node = node
        self.anchor = anchor
        self.start = start  # expanded-value count when the collection opened
        self.key: Scalar | None = None
        self.seen: dict[object, Span] = {}


class Builder:
    """Turns parser events into located values with an explicit stack (no recursion).

    ``count`` is the number of values the document expands to: an alias adds the
    full size of the value it names, so a few hundred bytes of nested aliases
    cannot make later stages walk millions of values.
    """

    def __init__(self, loader: Any, limits: Limits, text: str = "") -> None:
        # Events are typed loosely: the C and Python parsers make different Mark classes.
        self.next_event: Callable[[], Any] = loader.get_event
        self.limits = limits
        self.text = text  # for messages only
        #: values that are booleans only in YAML 1.1 (yes, no, on, off, y, n): warned about
        self.yaml11: list[Scalar] = []
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
                        if text[:1] == "$" and unbalanced(text):
                            raise cut_expression(text, span, self.text)
                        value = construct(resolve(text, True), text, span)
                        if len(plain) < 4096:
                            plain[text] = value
                elif tag is None or tag == "!":
                    value = text
                else:
                    value = construct(tag, text, span)
                node = Scalar(value, span, text)
                if type(value) is bool and tag is None and text.lower() not in _BOOLS_12:
                    self.yaml11.append(node)
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
                if self.yaml11 and self.yaml11[-1] is node:
                    self.yaml11.pop()  # a key, not a value: the spec's checks speak to it

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
            raise too_deep(span, self.limits.max_depth)
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


def yaml11_warning(node: Scalar) -> Diagnostic:
    """W303 for a value that is a boolean only in YAML 1.1."""
    word = "true" if node.value else "false"
    return Diagnostic(
        "W303",
        f"'{node.text}' is {word} only in YAML 1.1, which PyYAML follows; YAML 1.2 (and the "
        f'YAML language server in your editor) reads it as the string "{node.text}": '
        f"write {word}",
        node.span,
    )


def too_deep(span: Span, max_depth: int) -> SpecError:
    return SpecError(
        "E111",
        f"the spec is nested more than {max_depth} levels deep; raise --max-depth if it is real",
        span,
    )
