"""The keys any layer (or form) may carry besides its arguments: name, trainable, ignore."""

from __future__ import annotations

from cnnshape.diagnostics import CODES, SpecError
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.spec.model import LayerDef

#: Written beside a layer's arguments; never a layer argument or a block name.
RESERVED = frozenset({"name", "trainable", "ignore", "when"})


def parse_name(node: Node | None) -> str | None:
    """A 'name' label (top level, layer, block use, repeat or branch form): a string or a number."""
    if node is None:
        return None
    if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, bool):
        raise SpecError("E108", f"'name' must be a string, not {describe(node)}", node.span)
    return str(node.value)


def apply_reserved(layer: LayerDef, written: Map) -> None:
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
