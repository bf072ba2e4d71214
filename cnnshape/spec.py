"""Located YAML values → spec objects: the input shape and a list of layer definitions.

Every problem is collected as a located :class:`Diagnostic`; a layer that cannot
be understood becomes a :class:`BadLayer` so the rest of the file is still checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cnnshape.args import Args, magnitude, parse_args
from cnnshape.diagnostics import CODES, Diagnostic, Span, SpecError
from cnnshape.layers import BY_NAME, lookup
from cnnshape.layers.base import Rule
from cnnshape.layers.catalogue import not_covered
from cnnshape.limits import Limits
from cnnshape.source import Map, Node, Scalar, Seq, describe

if TYPE_CHECKING:
    from cnnshape.blocks import BlockDef

TOP_KEYS = ("name", "input", "blocks", "layers")
RESERVED = {"name", "trainable", "ignore"}
#: Keys that open a structural item rather than a layer; no block may take these names.
FORMS = ("repeat", "residual", "parallel")


@dataclass(slots=True)
class LayerDef:
    """One written layer: its rule, parsed arguments, label and where its type is written."""

    rule: Rule
    args: Args
    span: Span
    name: str | None = None
    trainable: bool = True
    ignore: frozenset[str] = frozenset()


@dataclass(slots=True)
class BadLayer:
    """A layer entry with a spec error; shapes cannot be followed past it."""

    span: Span
    type_name: str = "?"


@dataclass(slots=True)
class Repeat:
    count: int
    body: list[Item]
    span: Span
    name: str | None = None


@dataclass(slots=True)
class Branches:
    """A block use, residual or parallel form: item lists run on the same input, then merged.

    ``merge`` is None for a block (one list run in sequence), "add" for a residual
    (body, shortcut; an empty shortcut is the identity) or "add"/"concat" for parallel.
    """

    kind: str
    label: str
    branches: list[list[Item]]
    merge: str | None
    span: Span
    name: str | None = None


Item = LayerDef | BadLayer | Repeat | Branches


@dataclass(slots=True)
class Ctx:
    """What parsing a layer list needs: where findings go, limits, and the blocks in scope."""

    diags: list[Diagnostic]
    limits: Limits
    blocks: dict[str, BlockDef] = field(default_factory=dict)
    stack: tuple[str, ...] = ()  # blocks being expanded, outermost first
    items: int = 0  # items built so far, against limits.max_layers
    depth: int = 0  # layer lists open (blocks, residuals, parallels, repeats)


@dataclass(slots=True)
class Spec:
    name: str | None
    input: tuple[int, ...] | None
    input_span: Span
    layers: list[Item]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def suggest(word: str, options: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest options (up to three), or ''."""
    import difflib  # only on the error path

    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=0.6)
    if not close:
        return ""
    best = difflib.SequenceMatcher(None, word.lower(), close[0]).ratio()
    names = [
        f"'{lowered[c]}'"
        for c in close
        if difflib.SequenceMatcher(None, word.lower(), c).ratio() >= best - 0.05
    ]
    names.sort()
    shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" (did you mean {shown}?)"


def parse_name(node: Node | None) -> str | None:
    """A 'name' label (top level, layer, block use, repeat or branch form): a string or a number."""
    if node is None:
        return None
    if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, bool):
        raise SpecError("E108", f"'name' must be a string, not {describe(node)}", node.span)
    return str(node.value)


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
    ctx = Ctx(diags, limits)
    blocks_node = root.get("blocks")
    if blocks_node is not None:
        from cnnshape.blocks import parse_blocks

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


class Abort(SpecError):
    """A finding that stops building the whole spec (a size limit), not just one item."""


def layer_list(node: Node, ctx: Ctx, what: str = "'layers'") -> list[Item]:
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


def _entries(node: Seq, ctx: Ctx) -> list[Item]:
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
        try:
            items.append(_item(entry, ctx))
        except Abort:
            raise
        except SpecError as e:
            ctx.diags.append(e.diagnostic)
            items.append(BadLayer(entry.span))
    return items


def _item(node: Node, ctx: Ctx) -> Item:
    from cnnshape import blocks, forms

    if isinstance(node, Scalar) and isinstance(node.value, str):
        if lookup(node.value) is None and node.value in ctx.blocks:
            return blocks.use(ctx.blocks[node.value], node, None, ctx)
        return _layer(node.value, node, None, node.span, ctx)
    if isinstance(node, Map) and node.get("repeat") is not None:
        return forms.repeat(node, ctx)
    if isinstance(node, Map) and node.items and node.items[0][0].value in FORMS[1:]:
        return forms.parse(node, ctx)
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
            f"a layer mapping has one key, the layer type, but '{extra.text}' stands beside "
            f"'{node.items[0][0].text}'; put it inside the layer's arguments "
            f"({node.items[0][0].text}: {{..., {extra.text}: ...}}) or check the indentation",
            extra.span,
        )
    key, value = node.items[0]
    if not isinstance(key.value, str):
        raise SpecError("E105", f"a layer type is a name, not {describe(key)}", key.span)
    return _layer(key.value, key, value, key.span, ctx)


def _layer(type_name: str, key: Scalar, value: Node | None, span: Span, ctx: Ctx) -> LayerDef:

    rule = lookup(type_name)
    if rule is None and (reason := not_covered(type_name)) is not None:
        raise SpecError("E105", reason, span)
    if rule is None:
        choices = [*BY_NAME, *ctx.blocks, *FORMS]
        raise SpecError(
            "E105",
            f"unknown layer type '{type_name}'{suggest(type_name, choices)}; "
            "`cnnshape layers` lists the layer types"
            + (f", and this spec's blocks are {', '.join(ctx.blocks)}" if ctx.blocks else ""),
            span,
        )
    written: Map | None = None
    shorthand: Scalar | Seq | None = None
    if isinstance(value, Map):
        written = value
    elif isinstance(value, Scalar) and value.value is None:
        pass
    elif value is not None:
        shorthand = value
        if rule.shorthand_arg() is None:
            raise SpecError(
                "E106",
                f"{rule.name} takes no arguments, so {describe(value)} has nothing to stand for",
                value.span,
            )
    known = {a.name for a in rule.args}
    if written is not None:
        for k, _ in written.items:
            if k.value not in known and k.value not in RESERVED:
                options = sorted(known | RESERVED)
                hint = suggest(str(k.value), options) or (
                    f"; {rule.name} takes " + ", ".join(a.name for a in rule.args)
                    if rule.args
                    else f"; {rule.name} takes no arguments"
                )
                raise SpecError("E106", f"{rule.name} has no argument '{k.text}'{hint}", k.span)
    args = parse_args(rule.args, written, shorthand, RESERVED)
    for a in rule.args:
        if a.required and a.name not in args.given:
            raise SpecError(
                "E107",
                f"{rule.name} needs '{a.name}' ({a.kind.want}); PyTorch has no default for it",
                span,
            )
    layer = LayerDef(rule, args, span)
    if written is not None:
        _reserved(layer, written)
    return layer


def _reserved(layer: LayerDef, written: Map) -> None:
    layer.name = parse_name(written.get("name"))
    trainable = written.get("trainable")
    if trainable is not None:
        if not (isinstance(trainable, Scalar) and isinstance(trainable.value, bool)):
            raise SpecError(
                "E108",
                f"'trainable' must be true or false, not {describe(trainable)}",
                trainable.span,
            )
        layer.trainable = trainable.value
    ignore = written.get("ignore")
    if ignore is not None:
        layer.ignore = frozenset(parse_codes(ignore))


def parse_codes(node: Node) -> list[str]:
    """A code or a list of warning codes, as written in 'ignore'."""
    items = node.items if isinstance(node, Seq) else [node]
    codes = []
    for item in items:
        code = item.value if isinstance(item, Scalar) else None
        if not isinstance(code, str) or code not in CODES:
            raise SpecError(
                "E109",
                f"'ignore' takes finding codes such as W301, not {describe(item)}",
                item.span,
            )
        if CODES[code].severity.value == "error":
            raise SpecError(
                "E109",
                f"{code} is an error and cannot be ignored; only warnings (W…) can",
                item.span,
            )
        codes.append(code)
    return codes
