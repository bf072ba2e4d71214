"""Small helpers shared by the tests: run the pipeline on spec text."""

from __future__ import annotations

import textwrap

from cnnshape.check import Options, check_text
from cnnshape.report import FileReport


def run(text: str, **opts: object) -> FileReport:
    """Check dedented spec text in-process."""
    return check_text(textwrap.dedent(text), "spec.yaml", Options(**opts))  # type: ignore[arg-type]


def one_layer(layer: str, shape: list[int]) -> FileReport:
    """A spec with one layer (written in flow style) after the given input."""
    return run(f"input: {shape}\nlayers:\n  - {layer}\n")


def codes(report: FileReport) -> list[str]:
    return [d.code for d in report.diagnostics]


#: A spec with a channel split, a product merge, side paths from a named input and from a
#: named layer, two inputs and two outputs (tests/test_draw.py, tests/test_draw_render.py).
FORMS = """\
    input: {left: [8, 8, 8], right: [4, 8, 8]}
    layers:
      - Conv2d: {out_channels: 8, kernel_size: 1, name: a}
      - parallel:
          split: [2, 6]
          branches: [[], [Conv2d: {out_channels: 6, kernel_size: 3, padding: 1}]]
      - parallel: {merge: mul, branches: [[], [AdaptiveAvgPool2d: 1, Sigmoid]]}
      - side: {from: right, name: r, layers: [Conv2d: {out_channels: 8, kernel_size: 1}]}
      - Add: {from: r}
      - side: {from: a, name: aux, layers: [Flatten, Linear: 5]}
      - Flatten
      - Linear: {out_features: 10, name: fc}
    outputs: [fc, aux]
    """
