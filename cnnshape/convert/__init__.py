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

from dataclasses import dataclass

from cnnshape.check import Options, check_text
from cnnshape.convert.heads import ConvertError, find_heads
from cnnshape.convert.text import edits
from cnnshape.report import FileReport

__all__ = ["ConvertError", "Converted", "fc_to_conv"]


@dataclass(frozen=True, slots=True)
class Converted:
    """The converted spec text, the reports before and after (at the original size), and
    how many layers became convolutions."""

    text: str
    before: FileReport
    after: FileReport
    layers: int


def fc_to_conv(text: str, path: str, opts: Options) -> Converted:
    """Convert every head of the spec ``text``; ConvertError says why it cannot."""
    from cnnshape.spec.build import from_text

    before = check_text(text, path, opts)
    if not before.ok:
        first = next(d for d in before.diagnostics if d.is_error)
        line, column = (first.span.line, first.span.column) if first.span else (1, 1)
        message = f"the spec has errors, first {first.code}: {first.message}"
        raise ConvertError(message, line, column)
    heads = find_heads(before)
    if not heads:
        raise ConvertError("no Flatten → Linear head on a (C, H, W) volume to convert")
    parsed = from_text(text, opts.limits)
    new = text
    for start, end, repl in sorted(edits(text, parsed, heads), reverse=True):
        new = new[:start] + repl + new[end:]
    after = check_text(new, path, opts)
    _verify(before, after)
    return Converted(new, before, after, sum(len(h.convs) for h in heads))


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
