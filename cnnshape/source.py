"""YAML text → a tree of located values.

PyYAML's composer gives nodes with marks; this module turns them into
:class:`Scalar`, :class:`Seq` and :class:`Map` values that carry a 1-based
:class:`Span`, and refuses what a spec may not contain: duplicate keys, tags
other than YAML's plain types (so ``!!python/object/apply`` is rejected and
nothing is constructed), runaway alias expansion and deep nesting.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor

from cnnshape.diagnostics import Span, SpecError
from cnnshape.limits import Limits

try:  # PyYAML's C composer when libyaml is present; the pure-Python one otherwise.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP = _TAG + "timestamp"
_SEQ, _MAP, _MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"

_constructor = SafeConstructor()


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


def span_of(mark: yaml.Mark | None) -> Span:
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
    return f'the string "{v}"'


def parse(text: str, limits: Limits) -> Node:
    """Parse one YAML document into located values, or raise :class:`SpecError`."""
    _check_depth(text, limits.max_depth)
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        if e.context and e.problem and "expected a single document" in e.context:
            problem = "a spec is one YAML document, but this file has more than one (a '---' line)"
        raise SpecError("E101", f"YAML syntax error: {problem}", span_of(mark)) from None
    except yaml.YAMLError as e:  # reader errors (control characters) carry no mark attribute
        raise SpecError("E101", f"YAML syntax error: {e}", Span(1, 1)) from None
    if root is None:
        raise SpecError("E104", "the file is empty: a spec needs 'input' and 'layers'", Span(1, 1))
    return _Converter(limits.max_nodes).convert(root)


class _Converter:
    """Walks composed nodes, counting every node reached so aliases cannot explode."""

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self.count = 0

    def convert(self, node: yaml.Node) -> Node:
        self.count += 1
        if self.count > self.max_nodes:
            raise SpecError(
                "E111",
                f"the spec expands to more than {self.max_nodes:,} YAML values "
                "(aliases are expanded where they are used); raise --max-nodes if it is real",
                span_of(node.start_mark),
            )
        span = span_of(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, span)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _bad_tag(node.tag, span)
            return Seq([self.convert(n) for n in node.value], span)
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP:
            raise _bad_tag(node.tag, span)
        return self._mapping(node, span)

    def _scalar(self, node: yaml.ScalarNode, span: Span) -> Scalar:
        tag = node.tag
        value: object
        if tag in (_STR, _TIMESTAMP):
            value = node.value
        elif tag == _INT:
            value = _constructor.construct_yaml_int(node)
        elif tag == _FLOAT:
            value = _constructor.construct_yaml_float(node)
        elif tag == _BOOL:
            value = _constructor.construct_yaml_bool(node)
        elif tag == _NULL:
            value = None
        else:
            raise _bad_tag(tag, span)
        return Scalar(value, span, node.value)

    def _mapping(self, node: yaml.MappingNode, span: Span) -> Map:
        items: list[tuple[Scalar, Node]] = []
        seen: dict[object, Span] = {}
        for knode, vnode in node.value:
            kspan = span_of(knode.start_mark)
            if knode.tag == _MERGE:
                raise SpecError(
                    "E103",
                    "merge keys ('<<') are not supported in specs; use 'blocks' or 'repeat'",
                    kspan,
                )
            key = self.convert(knode)
            if not isinstance(key, Scalar) or isinstance(key.value, float):
                raise SpecError("E104", "mapping keys must be plain names", kspan)
            hashable = key.value
            if hashable in seen:
                first = seen[hashable]
                raise SpecError(
                    "E102",
                    f"duplicate key '{key.text}' (first written at {first.line}:{first.column}); "
                    "YAML would silently keep only the last one",
                    kspan,
                )
            seen[hashable] = kspan
            items.append((key, self.convert(vnode)))
        return Map(items, span)


def _bad_tag(tag: str, span: Span) -> SpecError:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return SpecError(
        "E103",
        f"tag '{shown}' is not allowed: a spec holds only plain strings, numbers, "
        "booleans, lists and mappings (nothing is constructed or run)",
        span,
    )


def _check_depth(text: str, max_depth: int) -> None:
    """Refuse deeply nested text before the C composer (which recurses) sees it.

    The estimate is an upper bound: open flow brackets, plus block indentation
    levels, plus '- ' markers that open nested sequences on one line.
    """
    flow = 0
    indents: list[int] = []
    quote = ""
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if flow == 0 and not quote:
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            dashes = 0
            while stripped.startswith(("- ", "-\t")) or stripped == "-":
                dashes += 1
                stripped = stripped[2:].lstrip(" \t")
            if len(indents) + dashes > max_depth:
                _too_deep(lineno, indent + 1, max_depth)
        for col, ch in enumerate(line, 1):
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'" and (col == 1 or line[col - 2] in " \t[{,:"):
                quote = ch
            elif ch == "#" and (col == 1 or line[col - 2] in " \t"):
                break
            elif ch in "[{":
                flow += 1
                if flow + len(indents) > max_depth:
                    _too_deep(lineno, col, max_depth)
            elif ch in "]}" and flow:
                flow -= 1
        if quote and not flow:
            quote = ""


def _too_deep(line: int, column: int, max_depth: int) -> None:
    raise SpecError(
        "E111",
        f"the spec is nested more than {max_depth} levels deep; raise --max-depth if it is real",
        Span(line, column),
    )
