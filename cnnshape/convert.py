"""`cnnshape convert --fc-to-conv`: rewrite each Flatten → Linear head as convolutions.

A Linear on a C×H×W volume is a convolution with kernel H×W and out_features filters
(the weight (out, C·H·W) reshaped to (out, C, H, W)); the Linears after it are 1×1
convolutions. Layers between them that keep the shape (ReLU, Dropout) stay, the Flatten
goes, and the output stays a grid: at the original size (N, classes, 1, 1), on a larger
input a map of class scores. The YAML text is edited in place, so everything else in the
file (comments, layout, other layers) stays as written. The result is checked before it
is returned: no errors, the same parameter count, a grid of ones at the original size.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from cnnshape.args import Args
from cnnshape.check import Options, check_text
from cnnshape.layers import BY_NAME
from cnnshape.layers.base import IDENTITY
from cnnshape.report import FileReport, Row
from cnnshape.shapes import product
from cnnshape.spec import RESERVED, LayerDef, Spec


class ConvertError(Exception):
    """The spec cannot be converted; ``line`` locates the layer at fault (1-based)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Head:
    """One Flatten → Linear head: the rows from the Flatten to the last Linear."""

    rows: list[Row]

    @property
    def volume(self) -> tuple[int, ...]:
        """(C, *spatial) arriving at the Flatten."""
        shape = self.rows[0].input_shape
        assert shape is not None
        return shape


def find_heads(report: FileReport) -> list[Head]:
    """Each Flatten of a whole (C, *spatial) volume, the Linears after it and the
    shape-keeping layers between them, up to its last Linear."""
    heads: list[Head] = []
    rows = report.rows
    for i, row in enumerate(rows):
        shape = row.input_shape
        if row.type != "Flatten" or shape is None or len(shape) < 2:
            continue
        if row.output_shape != (product(shape),):
            continue
        head, last = [row], 0
        for later in rows[i + 1 :]:
            if later.type == "Linear":
                last = len(head)
            elif not _passes_through(later):
                break
            head.append(later)
        if last:
            heads.append(Head(head[: last + 1]))
            _check_dims(rows[i + 1 :])
    return heads


def _passes_through(row: Row) -> bool:
    """A layer that keeps the shape position by position (activations, dropout, softmax
    over the classes), and so works the same on the grid."""
    rule = BY_NAME.get(row.type)
    if rule is None or row.input_shape is None or row.input_shape != row.output_shape:
        return False
    return rule.field(row.input_shape, Args(dict(row.args), {}, frozenset())) == IDENTITY


def _check_dims(rows: list[Row]) -> None:
    """Layers after a converted Flatten that work along a dimension must use dim 1 (or the
    default), which is the classes both before and after; dim -1 would move to the grid."""
    for row in rows:
        if row.args.get("dim") not in (None, 1):
            raise ConvertError(
                f"{row.type} works along dim={row.args['dim']}, which is the classes now but "
                "would be a grid dimension after the conversion; write dim: 1",
                row.line,
            )


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


def conv_text(text: str, item: yaml.Node, row: Row, volume: tuple[int, ...]) -> str:
    """'Conv2d: {out_channels: 4096, kernel_size: 7}' for a Linear on ``volume`` (C, *kernel),
    keeping its name, trainable and ignore; a written in_features becomes in_channels."""
    written = written_keys(text, item)
    kernel = volume[1:]
    k = str(kernel[0]) if len(set(kernel)) == 1 else "[" + ", ".join(map(str, kernel)) + "]"
    parts = [f"out_channels: {row.args['out_features']}", f"kernel_size: {k}"]
    if "in_features" in written:
        parts.insert(0, f"in_channels: {volume[0]}")
    if row.args.get("bias") is False:
        parts.append("bias: false")
    parts += [f"{key}: {value}" for key, value in written.items() if key in RESERVED]
    return f"Conv{len(kernel)}d: {{{', '.join(parts)}}}"


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
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)  # the spec checked
    layers = next(v for k, v in root.value if k.value == "layers")
    if layers.flow_style:
        raise ConvertError("write 'layers' as a block list (one '- layer' per line) to convert it")
    out: list[tuple[int, int, str]] = []
    for head in heads:
        volume = head.volume
        for row in head.rows:
            where = item_index(spec, row)
            if where is None:
                raise ConvertError(
                    f"{row.type} lies inside a repeat or block; write the head out at the top "
                    "level of 'layers'",
                    row.line,
                )
            node = layers.value[where]
            start, end = int(node.start_mark.index), content_end(node)
            if row.type == "Flatten":
                out.append((*_line_span(text, start, end), ""))
            elif row.type == "Linear":
                new = conv_text(text, node, row, volume) + _comments(text[start:end])
                out.append((start, end, new))
                width = row.args["out_features"]
                assert isinstance(width, int)
                volume = (width, *(1,) * (len(volume) - 1))
    return out


def fc_to_conv(text: str, path: str, opts: Options) -> tuple[str, FileReport, FileReport]:
    """The converted spec text, with the reports before and after (at the original size)."""
    from cnnshape import source, spec

    before = check_text(text, path, opts)
    if not before.ok:
        first = next(d for d in before.diagnostics if d.is_error)
        line = first.span.line if first.span else 1
        raise ConvertError(f"the spec has errors, first {first.code}: {first.message}", line)
    heads = find_heads(before)
    if not heads:
        raise ConvertError("no Flatten → Linear head on a (C, H, W) volume to convert")
    parsed = spec.build(source.parse(text, opts.limits), opts.limits)
    new = text
    for start, end, repl in sorted(edits(text, parsed, heads), reverse=True):
        new = new[:start] + repl + new[end:]
    after = check_text(new, path, opts)
    _verify(before, after)
    return new, before, after


def _verify(before: FileReport, after: FileReport) -> None:
    """The conversion must keep the parameters and give a grid of ones at the original size."""
    if not after.ok:
        first = next(d for d in after.diagnostics if d.is_error)
        raise ConvertError(f"the converted spec does not check: {first.code} {first.message}")
    if after.totals.params != before.totals.params:
        raise ConvertError(
            f"parameters differ: {before.totals.params:,} before, {after.totals.params:,} after"
        )
    out, grid = before.output_shape, after.output_shape
    if out is None or grid is None or grid[: len(out)] != out or set(grid[len(out) :]) != {1}:
        raise ConvertError(f"the converted output {grid} is not {out} on a grid of ones")


def run(path: Path, out: Path | None, input_shape: tuple[int, ...] | None) -> int:
    """The command: write the converted spec to ``out`` (or stdout), a summary to stderr."""
    from cnnshape.check import read_text
    from cnnshape.diagnostics import SpecError
    from cnnshape.shapes import fmt_shape

    opts = Options(input_shape=input_shape)
    try:
        text = read_text(path, opts.limits)
        new, before, after = fc_to_conv(text, str(path), opts)
    except SpecError as e:
        print(f"{path}: {e.diagnostic.message}", file=sys.stderr)
        return 1
    except ConvertError as e:
        print(f"{path}:{e.line}:1: cannot convert: {e}", file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(new)
    else:
        out.write_text(new, encoding="utf-8")
    converted = sum(1 for r in after.rows if r.type.startswith("Conv")) - sum(
        1 for r in before.rows if r.type.startswith("Conv")
    )
    print(
        f"{path}: {converted} Linear layer(s) now convolutions; {after.totals.params:,} "
        f"parameters both ways; output {fmt_shape(before.output_shape)} → "
        f"{fmt_shape(after.output_shape)} at {fmt_shape(before.input_shape)}"
        + (f"; written to {out}" if out else ""),
        file=sys.stderr,
    )
    return 0
