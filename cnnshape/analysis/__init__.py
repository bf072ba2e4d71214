"""The analysis stage: MACs, memory and receptive fields, computed from the rows and the rules.

It runs after propagation and fills the analysis fields of each :class:`Row` and the
report's totals; renderers only read them. Each part is a module of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnshape.args import Args
from cnnshape.layers.base import Rule
from cnnshape.report import FileReport, Row

#: The analyses, by the column that shows each.
ALL_ANALYSES = frozenset({"macs", "memory", "rf"})

#: Bytes per value of each dtype --dtype accepts.
DTYPES: dict[str, int] = {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What the analyses need beyond the report: the dtype and an optional training batch."""

    dtype: str = "float32"
    batch: int | None = None


def rule_of(row: Row) -> tuple[Rule, Args] | None:
    """The rule and parsed arguments behind a row whose shapes are known, else None."""
    if row.rule is None or row.parsed is None:
        return None
    if row.input_shape is None or row.output_shape is None:
        return None
    return row.rule, row.parsed


def analyze(
    report: FileReport, opts: AnalysisOptions, which: frozenset[str] = ALL_ANALYSES
) -> None:
    """Fill the analyses named in ``which`` (MACs, activation counts and memory, receptive
    fields) into ``report``; the others stay None. Each module loads only when asked for."""
    if "macs" in which:
        from cnnshape.analysis import macs  # imported on use: the default check needs none

        macs.fill(report)
    if "memory" in which:
        from cnnshape.analysis import memory  # imported on use, as above

        memory.fill(report, opts)
    if "rf" in which:
        from cnnshape.analysis import receptive  # imported on use, as above

        receptive.fill(report)
