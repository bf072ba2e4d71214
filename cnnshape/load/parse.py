"""YAML text → a tree of located values (:mod:`cnnshape.load.nodes`).

The parser's event stream (never PyYAML's recursive composer, which crashes the
process on deep nesting) is built by :class:`~cnnshape.load.builder.Builder`, without
recursion. What a spec may not contain is refused on the way: nesting deeper than
``max_depth``, more than ``max_nodes`` values once aliases are expanded, duplicate keys,
and tags other than YAML's plain types (so ``!!python/object/apply`` is refused and
nothing is constructed).
"""

from __future__ import annotations

import yaml

from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.limits import Limits
from cnnshape.load.builder import Builder, too_deep, yaml11_warning
from cnnshape.load.nodes import Node, span_of
from cnnshape.load.syntax import explain

try:  # libyaml's parser when present (C, iterative); PyYAML's pure-Python one otherwise.
    from yaml import CSafeLoader as _Loader

    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _LIBYAML = False


def parse(text: str, limits: Limits, notes: list[Diagnostic] | None = None) -> Node:
    """Parse one YAML document into located values, or raise :class:`SpecError`.

    Warnings about the text itself (W303: a YAML-1.1-only boolean) go to ``notes``."""
    return parse_counted(text, limits, notes)[0]


def parse_counted(
    text: str, limits: Limits, notes: list[Diagnostic] | None = None
) -> tuple[Node, int]:
    """:func:`parse`, with the number of values the document expands to (what ``max_nodes``
    bounds): :mod:`cnnshape.load.reparse` keeps it to re-parse a part."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as e:  # lone surrogates: only reachable from Python callers
        raise SpecError(
            "E100", f"the text cannot be encoded as UTF-8: {e.reason}", Span(1, 1)
        ) from None
    try:
        builder = Builder(loader, limits, text)
        root = builder.document()
        if notes is not None:
            notes.extend(yaml11_warning(node) for node in builder.yaml11)
        return root, builder.count
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(e, limits, text) from None
    except yaml.reader.ReaderError as e:
        span = _offset_span(text, e.position)
        raise SpecError("E101", f"YAML syntax error: {e.reason}", span) from None
    except yaml.YAMLError as e:  # pragma: no cover - every parser error carries a mark
        raise SpecError("E101", f"YAML syntax error: {e}", Span(1, 1)) from None
    finally:
        loader.dispose()


def _syntax_error(e: yaml.MarkedYAMLError, limits: Limits, text: str) -> SpecError:
    mark = e.problem_mark or e.context_mark
    problem = e.problem or e.context or "invalid YAML"
    if "maximum nesting depth" in problem:  # libyaml's own cap, if --max-depth is above it
        return too_deep(span_of(mark), limits.max_depth)
    if mark is None:  # pragma: no cover - libyaml always marks its errors
        return SpecError("E101", f"YAML syntax error: {problem}", Span(1, 1))
    return explain(problem, e.context, mark, e.context_mark, text)


def _offset_span(text: str, position: int) -> Span:
    before = text[: max(position, 0)]
    return Span(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


def compose(text: str) -> yaml.Node | None:
    """PyYAML's node tree of ``text``, from the same parser as :func:`parse` (libyaml), for
    convert's text edits.

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
