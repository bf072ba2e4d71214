"""Shared helpers for the graph tests: check spec text, find findings."""

from __future__ import annotations

import textwrap

from cnnshape.check import Options, check_text
from cnnshape.diagnostics import Diagnostic
from cnnshape.report import FileReport


def check(text: str, input_shape: tuple[int, ...] | None = None) -> FileReport:
    """Check dedented spec text as cnnshape check would."""
    return check_text(textwrap.dedent(text), "spec.yaml", Options(input_shape=input_shape))


def only(report: FileReport, code: str) -> Diagnostic:
    """The single finding with ``code``; fails listing all findings otherwise."""
    found = [d for d in report.diagnostics if d.code == code]
    assert len(found) == 1, [f"{d.code} {d.message}" for d in report.diagnostics]
    return found[0]


def errors(report: FileReport) -> list[str]:
    return [f"{d.code} {d.message}" for d in report.diagnostics if d.is_error]
