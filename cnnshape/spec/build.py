"""Text → :class:`Spec`: the one entry point from spec text to the spec model.

check, sizes, convert and the tests all call :func:`from_text` (or :func:`build` on an
already parsed tree); spec-level findings are collected in ``Spec.diagnostics``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.brief import clip
from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.limits import Limits
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.load.parse import parse
from cnnshape.load.reparse import Reparser
from cnnshape.numbers import magnitude
from cnnshape.spec.blocks import parse_blocks
from cnnshape.spec.items import layer_list
from cnnshape.spec.model import TOP_KEYS, Item, ParseContext, Reuse, Reused, Spec
from cnnshape.spec.params import Choice, parameters
from cnnshape.spec.reserved import parse_name
from cnnshape.spec.values import substitute
from cnnshape.suggest import suggest


@dataclass(slots=True)
class Kept:
    """What the checks of one document keep for the next (the language server's): a parse
    that re-reads only the layer an edit touched, and the parses of the layers it did not
    (see :func:`cnnshape.spec.items.reuse`). The spec comes out as a fresh check makes it."""

    reparser: Reparser = field(default_factory=Reparser)
    layers: dict[int, Reused] = field(default_factory=dict)
    #: how many layer parses ``layers`` holds before it starts afresh
    limit: int = 200_000


def from_text(
    text: str, limits: Limits, choice: Choice | None = None, kept: Kept | None = None
) -> Spec:
    """Parse and build a spec, or raise the located :class:`SpecError` that stops it."""
    notes: list[Diagnostic] = []
    if kept is None:
        root = parse(text, limits, notes)
    else:
        root, notes = kept.reparser.parse(text, limits)
        if len(kept.layers) > kept.limit:
            kept.layers.clear()
    # No "$" in the text and no escape that could make one: no value can name a parameter
    # or compute an expression, so substitution would give the same values back.
    dollars = "$" in text or "\\" in text
    reuse = None
    if kept is not None and kept.reparser.last is not None:
        reuse = Reuse(kept.layers, kept.reparser.last.shifted)
    spec = build(root, limits, choice, reuse, dollars)
    spec.diagnostics.extend(notes)
    return spec


def build(
    root: Node,
    limits: Limits,
    choice: Choice | None = None,
    reuse: Reuse | None = None,
    dollars: bool = True,
) -> Spec:
    """Turn the parsed document into a Spec, collecting every spec-level finding.

    ``choice`` picks a variant and overrides parameters (``--variant``, ``--set``);
    ``reuse`` holds layers parsed by earlier checks of the same document; ``dollars`` False
    says that no value holds a ``$`` (nothing to substitute)."""
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
                    f"unknown top-level key '{clip(key.text)}'"
                    f"{suggest(str(key.value), list(TOP_KEYS))}"
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
    inputs: dict[str, tuple[int, ...]] = {}
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
            if isinstance(input_node, Map):
                inputs = named_inputs(input_node)
                shape = next(iter(inputs.values()))
            else:
                shape = parse_input(input_node)
        except SpecError as e:
            diags.append(e.diagnostic)
        input_span = input_node.span
    outputs = _outputs(root.get("outputs"), diags)
    ctx = ParseContext(diags, limits, layer_list, reuse=reuse)
    ctx.params, variant = parameters(root, choice or Choice(), diags)
    if variant is not None:
        name = variant.name
        if variant.input is not None:
            input_span = variant.input.span
            try:
                shape = parse_input(variant.input)
            except SpecError as e:
                diags.append(e.diagnostic)
    blocks_node = root.get("blocks")
    if blocks_node is not None:
        ctx.blocks = parse_blocks(blocks_node, diags, frozenset(ctx.params))
    layers_node = root.get("layers")
    items: list[Item] = []
    if layers_node is None:
        diags.append(Diagnostic("E104", "the spec has no 'layers' list", root.span))
    else:
        ctx.env = ctx.params
        try:
            layers_node = substitute(layers_node, ctx.params) if dollars else layers_node
        except SpecError as e:
            diags.append(e.diagnostic)
            layers_node = Seq([], layers_node.span)
        items = layer_list(layers_node, ctx)
    return Spec(name, shape, input_span, items, diags, inputs, outputs)


def named_inputs(node: Map) -> dict[str, tuple[int, ...]]:
    """``input: {image: [3, 224, 224], mask: [1, 224, 224]}``: name → shape, in order."""
    if not node.items:
        raise SpecError("E110", "'input' names no inputs; give at least one", node.span)
    inputs: dict[str, tuple[int, ...]] = {}
    for key, value in node.items:
        if not isinstance(key.value, str) or not key.value.isidentifier():
            raise SpecError(
                "E110", f"an input's name is an identifier, not {describe(key)}", key.span
            )
        inputs[key.value] = parse_input(value)
    return inputs


def _outputs(node: Node | None, diags: list[Diagnostic]) -> list[tuple[str, Span]]:
    """``outputs: [fc, aux]``: names of layers, groups or inputs the network returns."""
    if node is None:
        return []
    items = node.items if isinstance(node, Seq) else [node]
    out = []
    for item in items:
        if not (isinstance(item, Scalar) and isinstance(item.value, str | int)) or isinstance(
            item.value, bool
        ):
            diags.append(
                Diagnostic(
                    "E104",
                    f"'outputs' lists names of layers the network returns, not {describe(item)}",
                    item.span,
                )
            )
            continue
        out.append((str(item.value), item.span))
    return out


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
