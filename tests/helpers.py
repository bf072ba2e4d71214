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
