"""The branching forms of a layer list: ``residual:``, ``parallel:`` and ``side:``.

::

    - residual:                 # body(x) + shortcut(x); no shortcut: body(x) + x
        body: [...]
        shortcut: [...]         # optional
        name: layer1            # optional label for the path
    - parallel:                 # every branch gets x; outputs concatenated on dim 1, or added
        branches: [[...], [...]]
        merge: concat           # or add, or mul (broadcasting)
    - side:                     # layers on a named earlier output; the main path goes on
        from: Mixed_6e
        name: AuxLogits
        layers: [...]
"""

from __future__ import annotations

from cnnshape.brief import clip
from cnnshape.diagnostics import SpecError
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.spec.model import Branches, Item, ParseContext, Repeat
from cnnshape.spec.reserved import parse_name
from cnnshape.spec.values import condition, substitute

_KEYS = {
    "residual": ("body", "shortcut", "when", "name"),
    "parallel": ("branches", "merge", "split", "when", "name"),
    "side": ("from", "layers", "when", "name"),
}
MERGES = ("concat", "add", "mul")


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
    if form == "side":
        return _side(key, value, ctx, label)
    return _parallel(key, value, ctx, label)


def _side(key: Scalar, value: Map, ctx: ParseContext, label: str | None) -> Branches:
    """``side: {from: Mixed_6e, name: AuxLogits, layers: [...]}``: layers run on a named
    earlier output (or a named input); the main path goes on with what it had."""
    source = value.get("from")
    if not (isinstance(source, Scalar) and isinstance(source.value, str | int)) or isinstance(
        source.value, bool
    ):
        raise SpecError(
            "E104",
            "'side' takes 'from': the name of an earlier layer, group or input, not "
            + ("nothing" if source is None else describe(source)),
            key.span if source is None else source.span,
        )
    layers = value.get("layers")
    if layers is None:
        raise SpecError("E104", "'side' needs a 'layers' list to run on its input", key.span)
    body = ctx.layer_list(layers, ctx, "'layers'")
    name = str(source.value)
    form = Branches("side", f"side from {name}", [body], None, key.span, label)
    form.source, form.source_span = name, source.span
    return form


def _residual(key: Scalar, value: Map, ctx: ParseContext, label: str | None) -> Branches:
    body_node = value.get("body")
    if body_node is None:
        raise SpecError(
            "E104", "'residual' needs a 'body' list (the shortcut is optional)", key.span
        )
    body = ctx.layer_list(body_node, ctx, "'body'")
    when = value.get("when")
    if when is not None and not condition(when):  # no shortcut: the body alone
        return Branches("block", "residual body (when false)", [body], None, key.span, label)
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
                "'merge' must be 'concat' (along channels), 'add' or 'mul' (elementwise, "
                f"mul broadcasting as PyTorch does), not {describe(merge_node)}",
                merge_node.span,
            )
        merge = str(merge_node.value)
    branches = [ctx.layer_list(b, ctx, "a branch") for b in node.items]
    split = _split(value.get("split"), len(branches))
    form = Branches("parallel", f"parallel {merge}", branches, merge, key.span, label)
    form.split = split
    return form


def _split(node: Node | None, branches: int) -> int | tuple[int, ...] | None:
    """``split: 2`` (x.chunk(2, 1)) or ``split: [24, 24]`` (x.split([24, 24], 1)), one piece
    per branch; the sizes are checked against the channels when the input is known."""
    if node is None:
        return None
    items = node.items if isinstance(node, Seq) else None
    values = [n.value if isinstance(n, Scalar) else None for n in (items or [node])]
    if not all(type(v) is int and v >= 1 for v in values) or (items is not None and not items):
        raise SpecError(
            "E108",
            "'split' is a number of equal chunks (split: 2, as x.chunk(2, dim=1)) or a list of "
            f"channel counts (split: [24, 24], as x.split([24, 24], dim=1)), not {describe(node)}",
            node.span,
        )
    ints = [int(v) for v in values if type(v) is int]
    count = len(ints) if items is not None else ints[0]
    if count != branches:
        raise SpecError(
            "E109",
            f"'split' cuts the input into {count} pieces but there are {branches} branches; "
            "give each piece a branch (an empty branch [] passes its piece on unchanged)",
            node.span,
        )
    return tuple(ints) if items is not None else ints[0]


def repeat(node: Map, ctx: ParseContext) -> Repeat:
    """``- repeat: 3`` with ``layers: [...]`` (and an optional ``name``)."""
    limits = ctx.limits
    for k, _ in node.items:
        if k.value not in ("repeat", "layers", "name", "when", "index"):
            raise SpecError(
                "E104",
                "a repeat block has 'repeat', 'layers' and an optional 'name', 'when' and "
                f"'index', not '{clip(k.text)}'",
                k.span,
            )
    count_node = node.get("repeat")
    assert count_node is not None
    if not (isinstance(count_node, Scalar) and type(count_node.value) is int):
        raise SpecError(
            "E108", f"'repeat' must be a whole number, not {describe(count_node)}", count_node.span
        )
    count = count_node.value
    if count < 0:
        raise SpecError("E109", f"'repeat' must be 0 or more, got {count}", count_node.span)
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
    name = parse_name(node.get("name"))
    index = _index_name(node.get("index"))
    if index is None:
        return Repeat(count, ctx.layer_list(body, ctx, "'layers'"), node.span, name)
    saved = ctx.env
    bodies = []
    try:
        for r in range(count):
            ctx.env = {**saved, index: Scalar(r, node.span, str(r))}
            bodies.append(ctx.layer_list(substitute(body, ctx.env), ctx, "'layers'"))
    finally:
        ctx.env = saved
    return Repeat(count, bodies[0] if bodies else [], node.span, name, bodies)


def _index_name(node: Node | None) -> str | None:
    """``index: i`` names the repetition's number (0, 1, …) for ``$i`` in its layers."""
    if node is None:
        return None
    if not (isinstance(node, Scalar) and isinstance(node.value, str) and node.value.isidentifier()):
        raise SpecError(
            "E108",
            f"'index' names the repetition's number, such as i, not {describe(node)}",
            node.span,
        )
    return node.value
