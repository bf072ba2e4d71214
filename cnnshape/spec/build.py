"""Text → :class:`Spec`: the one entry point from spec text to the spec model.

check, sizes, convert and the tests all call :func:`from_text` (or :func:`build` on an
already parsed tree); spec-level findings are collected in ``Spec.diagnostics``.
"""

from __future__ import annotations

from cnnshape.args import magnitude
from cnnshape.diagnostics import Diagnostic, SpecError
from cnnshape.limits import Limits
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.load.parse import parse
from cnnshape.spec.blocks import parse_blocks
from cnnshape.spec.items import layer_list
from cnnshape.spec.model import TOP_KEYS, Item, ParseContext, Spec
from cnnshape.spec.reserved import parse_name
from cnnshape.suggest import suggest


def from_text(text: str, limits: Limits) -> Spec:
    """Parse and build a spec, or raise the located :class:`SpecError` that stops it."""
    notes: list[Diagnostic] = []
    spec = build(parse(text, limits, notes), limits)
    spec.diagnostics.extend(notes)
    return spec


def build(root: Node, limits: Limits) -> Spec:
    """Turn the parsed document into a Spec, collecting every spec-level finding."""
    diags: list[Diagnostic] = []
    if not isinstance(root, Map):
        raise SpecError(
            "E104",
            f"a spec is a mapping with 'input' and 'layers', but this file holds {describe(root)}",
            root.span,
        )
    for key, _ in root.items:
        if key.value not in TOP_KEYS:
            diags.append(
                Diagnostic(
                    "E104",
                    f"unknown top-level key '{key.text}'{suggest(str(key.value), list(TOP_KEYS))}"
                    f"; a spec has {', '.join(TOP_KEYS)}",
                    key.span,
                )
            )
    name = None
    try:
        name = parse_name(root.get("name"))
    except SpecError as e:
        diags.append(e.diagnostic)
    shape = None
    input_node = root.get("input")
    input_span = root.key_span("input")
    if input_node is None:
        diags.append(
            Diagnostic(
                "E104", "the spec has no 'input' (one sample's shape, e.g. [3, 32, 32])", root.span
            )
        )
    else:
        try:
            shape = parse_input(input_node)
        except SpecError as e:
            diags.append(e.diagnostic)
        input_span = input_node.span
    ctx = ParseContext(diags, limits, layer_list)
    blocks_node = root.get("blocks")
    if blocks_node is not None:
        ctx.blocks = parse_blocks(blocks_node, diags)
    layers_node = root.get("layers")
    items: list[Item] = []
    if layers_node is None:
        diags.append(Diagnostic("E104", "the spec has no 'layers' list", root.span))
    else:
        items = layer_list(layers_node, ctx)
    return Spec(name, shape, input_span, items, diags)


def parse_input(node: Node) -> tuple[int, ...]:
    """[C, H, W] (or [C, L], [C, D, H, W], [F]): positive ints, one sample, no batch."""
    if isinstance(node, Scalar) and type(node.value) is int:
        node = Seq([node], node.span)
    if not isinstance(node, Seq) or not 1 <= len(node.items) <= 4:
        raise SpecError(
            "E110",
            "'input' must be a list of 1 to 4 positive integers: one sample's shape "
            f"without the batch, such as [3, 32, 32]; this is {describe(node)}"
            + (f" of {len(node.items)} items" if isinstance(node, Seq) else ""),
            node.span,
        )
    dims = []
    for item in node.items:
        ok = isinstance(item, Scalar) and type(item.value) is int and 1 <= item.value < 1 << 63
        if not ok:
            raise SpecError(
                "E110",
                "every input dimension must be a positive integer below 2^63; "
                f"this is {_brief(item)}",
                item.span,
            )
        assert isinstance(item, Scalar) and isinstance(item.value, int)
        dims.append(item.value)
    return tuple(dims)


def _brief(node: Node) -> str:
    """describe(), with integers too long to read shortened to their magnitude."""
    if isinstance(node, Scalar) and type(node.value) is int and abs(node.value) >= 1 << 63:
        return magnitude(node.value)
    return describe(node)
