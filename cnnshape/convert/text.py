"""Editing the spec's YAML text in place: where each layer item is written, and its rewrite."""

from __future__ import annotations

import re

import yaml

from cnnshape.convert.heads import ConvertError, Head
from cnnshape.report import Row
from cnnshape.spec.model import LayerDef, Spec
from cnnshape.spec.reserved import RESERVED


def item_index(spec: Spec, row: Row) -> int | None:
    """The top-level layer item a row comes from; None inside a repeat or block."""
    if row.depth != 0:
        return None
    for i, item in enumerate(spec.layers):
        if isinstance(item, LayerDef) and item.span.line == row.line:
            return i
    return None


def content_end(node: yaml.Node) -> int:
    """Index just past a node's last character (block mappings end at their last value)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return content_end(node.value[-1])
    return int(node.end_mark.index)


def written_keys(text: str, item: yaml.Node) -> dict[str, str]:
    """A layer item's written arguments, key → value text as written."""
    if not isinstance(item, yaml.MappingNode) or not item.value:
        return {}
    args = item.value[0][1]
    if not isinstance(args, yaml.MappingNode):
        return {}
    return {
        str(key.value): text[value.start_mark.index : content_end(value)]
        for key, value in args.value
    }


def _value(v: object) -> str:
    """A value in flow YAML: 7 for (7, 7), [3, 2] for (3, 2), false for False."""
    if isinstance(v, tuple):
        return str(v[0]) if len(set(v)) == 1 else "[" + ", ".join(map(str, v)) + "]"
    if isinstance(v, bool):
        return str(v).lower()
    return str(v)


def conv_text(
    text: str, item: yaml.Node, layer: LayerDef, conv: tuple[str, dict[str, object]]
) -> str:
    """'Conv2d: {out_channels: 4096, kernel_size: 7}' replacing ``layer``, keeping its name,
    trainable and ignore; in_channels is written only where the layer wrote an inferred
    argument (in_features), so that it stays checked."""
    written = written_keys(text, item)
    checked = any(a.inferred and a.name in written for a in layer.rule.args)
    kind, args = conv
    parts = [f"{k}: {_value(v)}" for k, v in args.items() if checked or k != "in_channels"]
    parts += [f"{key}: {value}" for key, value in written.items() if key in RESERVED]
    return f"{kind}: {{{', '.join(parts)}}}"


def _comments(region: str) -> str:
    """Comments written inside a multi-line item, to keep them after its one-line rewrite."""
    found = [m.group(1) for m in re.finditer(r"(?:^|[ \t])(#[^\n]*)", region)]
    return "   " + " ".join(c.rstrip() for c in found) if found else ""


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines holding text[start:end], newline included, for deleting a block item."""
    first = text.rfind("\n", 0, start) + 1
    if text[first:start].strip() != "-":
        raise ConvertError("the Flatten shares its line with other text; put it on its own line")
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last + 1


def edits(text: str, spec: Spec, heads: list[Head]) -> list[tuple[int, int, str]]:
    """Text replacements (start, end, new text) that convert every head."""
    from cnnshape.load.parse import bom_offset, compose

    if bom_offset(text):  # libyaml's marks start after it; edit the text without it
        return [(s + 1, e + 1, r) for s, e, r in edits(text[1:], spec, heads)]
    root = compose(text)  # the parser check used (libyaml), not PyYAML's Python one
    assert isinstance(root, yaml.MappingNode)  # the spec checked
    layers = next(v for k, v in root.value if k.value == "layers")
    if layers.flow_style:
        raise ConvertError("write 'layers' as a block list (one '- layer' per line) to convert it")
    out: list[tuple[int, int, str]] = []
    for head in heads:
        for row in head.rows:
            where = item_index(spec, row)
            if where is None:
                raise ConvertError(
                    f"{row.type} lies inside a repeat or block; write the head out at the top "
                    "level of 'layers'",
                    row.line,
                )
            node, layer = layers.value[where], spec.layers[where]
            assert isinstance(layer, LayerDef)
            start, end = int(node.start_mark.index), content_end(node)
            if row is head.rows[0]:
                out.append((*_line_span(text, start, end), ""))
            elif row.index in head.convs:
                new = conv_text(text, node, layer, head.convs[row.index])
                out.append((start, end, new + _comments(text[start:end])))
    return out
