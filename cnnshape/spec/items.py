"""Located YAML → spec items: a list of layers, block uses and structural forms.

Every problem is collected as a located :class:`Diagnostic`; a layer that cannot
be understood becomes a :class:`BadLayer` so the rest of the file is still checked.
"""

from __future__ import annotations

from cnnshape.args import parse_args
from cnnshape.brief import clip, listing
from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.layers import BY_NAME, lookup
from cnnshape.layers.base import Rule
from cnnshape.layers.catalogue import not_covered
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.spec import blocks, structural
from cnnshape.spec.model import (
    STRUCTURAL,
    Abort,
    BadLayer,
    Item,
    LayerDef,
    ParseContext,
    Reuse,
    Reused,
)
from cnnshape.spec.moved import moved_findings, moved_items
from cnnshape.spec.reserved import RESERVED, apply_reserved
from cnnshape.spec.values import condition
from cnnshape.suggest import closest, did_you_mean, suggest


def layer_list(node: Node, ctx: ParseContext, what: str = "'layers'") -> list[Item]:
    """Parse a list of layers; a bad entry becomes a BadLayer and its finding is collected."""
    if not isinstance(node, Seq):
        ctx.diags.append(
            Diagnostic("E104", f"{what} must be a list of layers, not {describe(node)}", node.span)
        )
        return []
    if ctx.depth >= ctx.limits.max_depth // 2:
        raise Abort(
            "E111",
            f"blocks, residuals, parallels and repeats nest more than "
            f"{ctx.limits.max_depth // 2} levels deep here; raise --max-depth if it is real",
            node.span,
        )
    ctx.depth += 1
    try:
        return _entries(node, ctx)
    finally:
        ctx.depth -= 1


def _entries(node: Seq, ctx: ParseContext) -> list[Item]:
    items: list[Item] = []
    for entry in node.items:
        ctx.items += 1
        if ctx.items > ctx.limits.max_layers:
            raise Abort(
                "E111",
                f"the spec expands to more than {ctx.limits.max_layers:,} layers; "
                "raise --max-layers if it is real",
                entry.span,
            )
        if ctx.reuse is not None and not _compound(entry, ctx):
            reuse(entry, ctx, items, ctx.reuse)
        else:
            _entry(entry, ctx, items)
    return items


def _entry(entry: Node, ctx: ParseContext, items: list[Item]) -> None:
    try:
        when = _when(entry)
        if when is not None and not condition(when) and not _is_residual(entry):
            return  # 'when' is false: the item is not part of the network
        items.append(_item(entry, ctx))
    except Abort:
        raise
    except SpecError as e:
        ctx.diags.append(e.diagnostic)
        items.append(BadLayer(entry.span))


def reuse(entry: Node, ctx: ParseContext, items: list[Item], kept: Reuse) -> None:
    """Parse a layer, or take its parse from an earlier check of the same document.

    A layer's parse depends only on its value and on the names of the blocks (which decide
    whether a name is a layer or a block use): values are never changed once parsed, and the
    language server's re-parse keeps the very same value objects for the layers an edit did
    not touch, and moved copies of those below an edit that added or removed lines (whose
    parse is taken moved by as many lines). So a value seen before, among the same block
    names, gives the same items and findings. (Values with a ``$`` are made anew by each
    substitution, and so parsed anew.)
    """
    names = tuple(ctx.blocks)
    hit = kept.layers.get(id(entry))
    if hit is None or hit[0] is not entry or hit[1] != names:
        hit = _moved_from(entry, names, kept)
    if hit is not None:
        items.extend(hit[2])
        ctx.diags.extend(hit[3])
        return
    mark, start = len(ctx.diags), len(items)
    _entry(entry, ctx, items)
    kept.layers[id(entry)] = (entry, names, tuple(items[start:]), tuple(ctx.diags[mark:]))


def _moved_from(entry: Node, names: tuple[str, ...], kept: Reuse) -> Reused | None:
    """The parse of the value ``entry`` is a moved copy of, moved as well (and kept)."""
    shifted = kept.shifted.get(id(entry))
    if shifted is None or shifted[0] is not entry:
        return None
    _, was, lines = shifted
    hit = kept.layers.get(id(was))
    if hit is None or hit[0] is not was or hit[1] != names:
        return None
    moved = (entry, names, moved_items(hit[2], lines), moved_findings(hit[3], lines))
    kept.layers[id(entry)] = moved
    return moved


def _compound(node: Node, ctx: ParseContext) -> bool:
    """Whether ``node`` is a block use, a repeat or a form (as :func:`_item` routes them):
    their parse depends on more than their own value."""
    if isinstance(node, Scalar):
        value = node.value
        return isinstance(value, str) and lookup(value) is None and value in ctx.blocks
    if not isinstance(node, Map) or not node.items:
        return False
    first = node.items[0][0].value
    return (
        node.get("repeat") is not None
        or first in STRUCTURAL[1:]
        or (len(node.items) == 1 and first in ctx.blocks)
    )


def _when(node: Node) -> Node | None:
    """The ``when:`` of an item: beside 'repeat', or inside a form's, layer's or block's mapping."""
    if not isinstance(node, Map) or not node.items:
        return None
    if node.get("repeat") is not None:
        return node.get("when")
    inner = node.items[0][1]
    return inner.get("when") if isinstance(inner, Map) else None


def _is_residual(node: Node) -> bool:
    return isinstance(node, Map) and bool(node.items) and node.items[0][0].value == "residual"


def _item(node: Node, ctx: ParseContext) -> Item:
    if isinstance(node, Scalar) and isinstance(node.value, str):
        if lookup(node.value) is None and node.value in ctx.blocks:
            return blocks.use(ctx.blocks[node.value], node, None, ctx)
        return _layer(node.value, node, None, node.span, ctx)
    if isinstance(node, Map) and node.get("repeat") is not None:
        return structural.repeat(node, ctx)
    if isinstance(node, Map) and node.items and node.items[0][0].value in STRUCTURAL[1:]:
        return structural.parse(node, ctx)
    if isinstance(node, Map) and len(node.items) == 1 and node.items[0][0].value in ctx.blocks:
        key, value = node.items[0]
        return blocks.use(ctx.blocks[str(key.value)], key, value, ctx)
    if not isinstance(node, Map) or not node.items:
        raise SpecError(
            "E104",
            "a layer is a type name (ReLU) or a one-key mapping (Conv2d: {...}), "
            f"not {describe(node)}",
            node.span,
        )
    if len(node.items) > 1:
        extra = node.items[1][0]
        raise SpecError(
            "E104",
            f"a layer mapping has one key, the layer type, but '{clip(extra.text)}' stands "
            f"beside '{clip(node.items[0][0].text)}'; put it inside the layer's arguments "
            f"({clip(node.items[0][0].text)}: {{..., {clip(extra.text)}: ...}}) or check the "
            "indentation",
            extra.span,
        )
    key, value = node.items[0]
    if not isinstance(key.value, str):
        raise SpecError("E105", f"a layer type is a name, not {describe(key)}", key.span)
    return _layer(key.value, key, value, key.span, ctx)


def _layer(
    type_name: str, key: Scalar, value: Node | None, span: Span, ctx: ParseContext
) -> LayerDef:

    rule = lookup(type_name)
    if rule is None and (reason := not_covered(type_name)) is not None:
        raise SpecError("E105", reason, span)
    if rule is None:
        choices = [*BY_NAME, *ctx.blocks, *STRUCTURAL]
        raise SpecError(
            "E105",
            f"unknown layer type '{clip(type_name)}'{suggest(type_name, choices)}; "
            "`cnnshape layers` lists the layer types"
            + (f", and this spec's blocks are {listing(ctx.blocks)}" if ctx.blocks else ""),
            span,
            did_you_mean(type_name, choices),
        )
    written: Map | None = None
    shorthand: Scalar | Seq | None = None
    if isinstance(value, Map):
        written = value
    elif isinstance(value, Scalar) and value.value is None:
        pass
    elif value is not None and rule.shorthand_arg() is None:
        ctx.diags.append(
            Diagnostic(
                "E106",
                f"{rule.name} takes no arguments, so {describe(value)} has nothing to stand for",
                value.span,
            )
        )
    elif value is not None:
        shorthand = value
    unknown = _unknown_keys(rule, written, ctx) if written is not None else set()
    errors: dict[str, SpecError] = {}
    args = parse_args(rule.args, written, shorthand, RESERVED, errors)
    ctx.diags.extend(e.diagnostic for e in errors.values())
    unknown |= errors.keys()
    for a in rule.args:
        if a.required and a.name not in args.given and a.name not in unknown:
            raise SpecError(
                "E107",
                f"{rule.name} needs '{a.name}' ({a.kind.want}); PyTorch has no default for it",
                span,
            )
    layer = LayerDef(rule, args, span, unknown=frozenset(unknown))
    if written is not None:
        apply_reserved(layer, written)
    return layer


def _unknown_keys(rule: Rule, written: Map, ctx: ParseContext) -> set[str]:
    """Report each key the layer does not take (E106); the layer is checked without them.

    A key that looks like a misspelling of an argument the layer takes and the spec does
    not write (``strides`` for ``stride``) makes that argument's value unknown: the check
    goes on past the layer only where its shape does not depend on it."""
    known = [a.name for a in rule.args]
    keys = {str(k.value) for k, _ in written.items}
    unknown: set[str] = set()
    for k, _ in written.items:
        if k.value in known or k.value in RESERVED:
            continue
        hint = suggest(str(k.value), sorted({*known, *RESERVED})) or (
            f"; {rule.name} takes {', '.join(known)}"
            if known
            else f"; {rule.name} takes no arguments"
        )
        fixes = did_you_mean(str(k.value), sorted({*known, *RESERVED}))
        message = f"{rule.name} has no argument '{clip(k.text)}'{hint}"
        ctx.diags.append(Diagnostic("E106", message, k.span, fixes=fixes))
        unknown.update(closest(str(k.value), [n for n in known if n not in keys]))
    return unknown
