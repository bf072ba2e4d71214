"""Multiply-accumulates per layer and in total (torchvision's convention, see the README)."""

from __future__ import annotations

from cnnshape.analysis.common import rule_of
from cnnshape.report import FileReport


def fill(report: FileReport) -> None:
    """Set each row's ``macs`` (per sample) and the total, which stays None past an error."""
    total: int | None = 0
    for row in report.rows:
        found = rule_of(row)
        if found is None:
            total = None
            continue
        rule, args = found
        assert row.input_shape is not None and row.output_shape is not None
        row.macs = rule.macs(row.input_shape, row.output_shape, args)
        if total is not None:
            total += row.macs
    report.totals.macs = total if report.input_shape is not None else None
