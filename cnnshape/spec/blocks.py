"""Named, parameterised blocks: the top-level ``blocks:`` section and each use of a block.

A block is defined once::

    blocks:
      basic:
        params: {channels: null, stride: 1}   # null: every use must give it
        layers:
          - Conv2d: {out_channels: $channels, kernel_size: 3, stride: $stride, padding: 1}

and used like a layer: ``- basic: {channels: 128, stride: 2}`` (``name:`` labels the use).
Inside the block's layers a scalar written exactly ``$channels`` is replaced by the
argument's YAML value (a number, a list, a mapping: any value), which keeps the span of
where the argument is written, so a bad value is reported at the use. Defaults are
literal values. A block may use other blocks, but never itself, directly or not.
"""

from __future__ import annotations

import re

from cnnshape.brief import clip, listing
from cnnshape.diagnostics import Diagnostic, SpecError
from cnnshape.layers import lookup
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.spec.model import STRUCTURAL, Abort, BadLayer, BlockDef, Branches, Item, ParseContext
from cnnshape.spec.reserved import RESERVED, parse_name
from cnnshape.spec.values import REF as _REF
from cnnshape.spec.values import substitute
from cnnshape.suggest import suggest

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_blocks(
    node: Node, diags: list[Diagnostic], outer: frozenset[str] = frozenset()
) -> dict[str, BlockDef]:
    """The ``blocks:`` mapping → definitions; each problem is collected, located."""
    if not isinstance(node, Map):
        diags.append(
            Diagnostic(
                "E104",
                f"'blocks' must be a mapping of block names, not {describe(node)}",
                node.span,
            )
        )
        return {}
    out: dict[str, BlockDef] = {}
    for key, value in node.items:
        try:
            out[str(key.value)] = _definition(key, value, diags, outer)
        except SpecError as e:
            diags.append(e.diagnostic)
            if isinstance(key.value, str) and lookup(key.value) is None:
                # its uses become bad layers quietly: the definition's error says it all
                out[key.value] = BlockDef(key.value, {}, Seq([], key.span), key.span, True)
    return out


def _definition(
    key: Scalar, value: Node, diags: list[Diagnostic], outer: frozenset[str]
) -> BlockDef:
    name = key.value
    if not isinstance(name, str) or not _NAME.match(name):
        raise SpecError(
            "E104", f"a block name is a plain identifier, not {describe(key)}", key.span
        )
    if lookup(name) is not None or name in STRUCTURAL or name in RESERVED:
        raise SpecError(
            "E104", f"'{name}' is a layer type or keyword; give the block another name", key.span
        )
    if not isinstance(value, Map):
        raise SpecError(
            "E104", f"block '{name}' must be a mapping with 'layers' (and 'params')", value.span
        )
    for k, _ in value.items:
        if k.value not in ("params", "layers"):
            raise SpecError("E104", f"a block has 'params' and 'layers', not '{k.text}'", k.span)
    layers = value.get("layers")
    if layers is None:
        raise SpecError("E104", f"block '{name}' has no 'layers' list", key.span)
    if not isinstance(layers, Seq) and not _refs(layers):
        raise SpecError(
            "E104",
            f"block '{name}': 'layers' must be a list of layers, not {describe(layers)}",
            layers.span,
        )
    params = _params(name, value.get("params"))
    block = BlockDef(name, params, layers, key.span, size=_size(layers))
    for ref in _refs(layers):
        ident = _REF.match(str(ref.value))
        assert ident
        if ident.group(1) not in params and ident.group(1) not in outer:
            block.broken = True
            diags.append(
                Diagnostic(
                    "E112",
                    f"block '{name}' has no parameter '{clip(ident.group(1))}'"
                    f"{suggest(ident.group(1), list(params))}; add it to the block's params"
                    + (f" (it has {listing(params)})" if params else ""),
                    ref.span,
                )
            )
    return block


def _params(block: str, node: Node | None) -> dict[str, Node | None]:
    if node is None or (isinstance(node, Scalar) and node.value is None):
        return {}
    if not isinstance(node, Map):
        raise SpecError(
            "E104",
            f"block '{block}': 'params' maps each parameter to its default (null: required), "
            f"not {describe(node)}",
            node.span,
        )
    params: dict[str, Node | None] = {}
    for k, v in node.items:
        if not isinstance(k.value, str) or not _NAME.match(k.value) or k.value in ("name", "when"):
            raise SpecError(
                "E112",
                f"block '{block}': a parameter is a plain identifier other than 'name' "
                f"and 'when' (which label and condition a use), not {describe(k)}",
                k.span,
            )
        required = isinstance(v, Scalar) and v.value is None
        params[k.value] = None if required else v
    return params


def _size(node: Node) -> int:
    """How many YAML values a node holds (iteratively: a definition may be deep)."""
    n, todo = 0, [node]
    while todo:
        x = todo.pop()
        n += 1
        if isinstance(x, Seq):
            todo.extend(x.items)
        elif isinstance(x, Map):
            todo.extend(v for _, v in x.items)
    return n


def _refs(node: Node) -> list[Scalar]:
    """Every ``$name`` scalar inside a node (mapping keys are never references)."""
    if isinstance(node, Scalar):
        return [node] if isinstance(node.value, str) and _REF.match(node.value) else []
    children = node.items if isinstance(node, Seq) else [v for _, v in node.items]
    return [r for c in children for r in _refs(c)]


def use(block: BlockDef, key: Scalar, value: Node | None, ctx: ParseContext) -> Item:
    """Expand one use of a block into a Branches item (its layers, arguments substituted)."""
    if block.name in ctx.stack:
        cycle = [*ctx.stack[ctx.stack.index(block.name) :], block.name]
        raise SpecError(
            "E111",
            f"block '{block.name}' uses itself ({listing(cycle, sep=' → ')}); blocks cannot "
            "recurse, use 'repeat' for repetition",
            key.span,
        )
    env, label = _arguments(block, key, value, ctx.params)
    if block.broken:
        return BadLayer(key.span, block.name)
    ctx.copied += block.size
    if ctx.copied > ctx.limits.max_nodes:
        raise Abort(
            "E111",
            f"the block uses copy more than {ctx.limits.max_nodes:,} YAML values in all "
            "(each use copies its block's layers); raise --max-nodes if it is real",
            key.span,
        )
    saved, saved_env = ctx.stack, ctx.env
    ctx.stack = (*saved, block.name)
    ctx.env = {**ctx.params, **env}
    try:
        body = ctx.layer_list(
            substitute(block.layers, ctx.env), ctx, f"block '{block.name}': 'layers'"
        )
    finally:
        ctx.stack, ctx.env = saved, saved_env
    return Branches("block", block.name, [body], None, key.span, label)


def _arguments(
    block: BlockDef, key: Scalar, value: Node | None, outer: dict[str, Node]
) -> tuple[dict[str, Node], str | None]:
    """The use's arguments, checked against the block's parameters, defaults filled in."""
    items: list[tuple[Scalar, Node]] = []
    if isinstance(value, Map):
        items = value.items
    elif value is not None and not (isinstance(value, Scalar) and value.value is None):
        raise SpecError(
            "E112",
            f"block '{block.name}' takes its arguments as a mapping "
            f"({block.name}: {{{listing(block.params, form='{}: ...')}}}), "
            f"not {describe(value)}",
            value.span,
        )
    env: dict[str, Node] = {}
    label = None
    for k, v in items:
        if k.value == "name":
            label = parse_name(v)
        elif k.value == "when":
            continue  # the caller decided the use takes place
        elif k.value not in block.params:
            have = listing(block.params) or "no parameters"
            raise SpecError(
                "E112",
                f"block '{block.name}' has no parameter '{clip(k.text)}'"
                f"{suggest(str(k.value), list(block.params))}; it takes {have}",
                k.span,
            )
        else:
            env[str(k.value)] = v
    for p, default in block.params.items():
        if p in env:
            continue
        if default is None:
            raise SpecError(
                "E112",
                f"block '{block.name}' needs '{p}' (it has no default); "
                f"write {block.name}: {{{p}: ...}}",
                key.span,
            )
        env[p] = substitute(default, {**outer, **env})  # a default may compute from the others
    return env, label
