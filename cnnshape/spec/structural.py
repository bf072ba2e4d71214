"""The branching forms of a layer list: ``residual:`` and ``parallel:``.

::

    - residual:                 # body(x) + shortcut(x); no shortcut: body(x) + x
        body: [...]
        shortcut: [...]         # optional
        name: layer1            # optional label for the path
    - parallel:                 # every branch gets x; outputs concatenated on dim 1, or added
        branches: [[...], [...]]
        merge: concat           # or add
"""

from __future__ import annotations

from cnnshape.brief import clip
from cnnshape.diagnostics import SpecError
from cnnshape.load.nodes import Map, Scalar, Seq, describe
from cnnshape.spec.model import Branches, Item, ParseContext, Repeat
from cnnshape.spec.reserved import parse_name

_KEYS = {"residual": ("body", "shortcut", "name"), "parallel": ("branches", "merge", "name")}
MERGES = ("concat", "add")


def parse(node: Map, ctx: ParseContext) -> Branches:
    """A one-key mapping ``residual: {...}`` or ``parallel: {...}`` → Branches."""
    key, value = node.items[0]
    form = str(key.value)
    if len(node.items) > 1:
        extra = node.items[1][0]
        raise SpecError(
            "E104",
            f"'{clip(extra.text)}' stands beside '{form}'; put it inside ({form}: {{..., "
            f"{clip(extra.text)}: ...}}) or check the indentation",
            extra.span,
        )
    if not isinstance(value, Map):
        raise SpecError(
            "E104",
            f"'{form}' takes a mapping with {', '.join(_KEYS[form])}, not {describe(value)}",
            value.span,
        )
    for k, _ in value.items:
        if k.value not in _KEYS[form]:
            raise SpecError(
                "E104",
                f"'{form}' has {', '.join(repr(x) for x in _KEYS[form])}, not '{clip(k.text)}'",
                k.span,
            )
    label = parse_name(value.get("name"))
    if form == "residual":
        return _residual(key, value, ctx, label)
    return _parallel(key, value, ctx, label)


def _residual(key: Scalar, value: Map, ctx: ParseContext, label: str | None) -> Branches:
    body_node = value.get("body")
    if body_node is None:
        raise SpecError(
            "E104", "'residual' needs a 'body' list (the shortcut is optional)", key.span
        )
    body = ctx.layer_list(body_node, ctx, "'body'")
    shortcut: list[Item] = []
    sc = value.get("shortcut")
    if sc is not None and not (isinstance(sc, Scalar) and sc.value is None):
        shortcut = ctx.layer_list(sc, ctx, "'shortcut'")
    return Branches("residual", "residual", [body, shortcut], "add", key.span, label)


def _parallel(key: Scalar, value: Map, ctx: ParseContext, label: str | None) -> Branches:
    node = value.get("branches")
    if not isinstance(node, Seq) or not node.items:
        got = "nothing" if node is None else describe(node)
        got = "an empty list" if isinstance(node, Seq) else got
        raise SpecError(
            "E104",
            f"'parallel' needs 'branches': a list of layer lists, not {got}",
            key.span if node is None else node.span,
        )
    merge_node = value.get("merge")
    merge = "concat"
    if merge_node is not None:
        if not (isinstance(merge_node, Scalar) and merge_node.value in MERGES):
            raise SpecError(
                "E109",
                f"'merge' must be 'concat' (along channels) or 'add', not {describe(merge_node)}",
                merge_node.span,
            )
        merge = str(merge_node.value)
    branches = [ctx.layer_list(b, ctx, "a branch") for b in node.items]
    return Branches("parallel", f"parallel {merge}", branches, merge, key.span, label)


def repeat(node: Map, ctx: ParseContext) -> Repeat:
    """``- repeat: 3`` with ``layers: [...]`` (and an optional ``name``)."""
    limits = ctx.limits
    for k, _ in node.items:
        if k.value not in ("repeat", "layers", "name"):
            raise SpecError(
                "E104",
                "a repeat block has 'repeat', 'layers' and an optional 'name', "
                f"not '{clip(k.text)}'",
                k.span,
            )
    count_node = node.get("repeat")
    assert count_node is not None
    if not (isinstance(count_node, Scalar) and type(count_node.value) is int):
        raise SpecError(
            "E108", f"'repeat' must be a whole number, not {describe(count_node)}", count_node.span
        )
    count = count_node.value
    if count < 1:
        raise SpecError("E109", f"'repeat' must be at least 1, got {count}", count_node.span)
    if count > limits.max_repeat:
        raise SpecError(
            "E111",
            f"'repeat: {count}' is over the limit of {limits.max_repeat:,}; "
            "raise --max-repeat if it is real",
            count_node.span,
        )
    body = node.get("layers")
    if body is None:
        raise SpecError("E104", "a repeat block needs a 'layers' list to repeat", node.span)
    return Repeat(
        count, ctx.layer_list(body, ctx, "'layers'"), node.span, parse_name(node.get("name"))
    )
