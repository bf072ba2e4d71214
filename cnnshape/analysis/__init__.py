"""The analysis stage: MACs, memory and receptive fields, computed from the rows and the rules.

It runs after propagation and fills the analysis fields of each :class:`Row` and the
report's totals; renderers only read them. Each part is a module of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnshape.args import Args
from cnnshape.layers import BY_NAME
from cnnshape.layers.base import Rule
from cnnshape.report import FileReport, Row

#: Bytes per value of each dtype --dtype accepts.
DTYPES: dict[str, int] = {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What the analyses need beyond the report: the dtype and an optional training batch."""

    dtype: str = "float32"
    batch: int | None = None


def rule_of(row: Row) -> tuple[Rule, Args] | None:
    """The rule and parsed arguments behind a row whose shapes are known, else None."""
    rule = BY_NAME.get(row.type)
    if rule is None or row.input_shape is None or row.output_shape is None:
        return None
    return rule, Args(dict(row.args), {}, frozenset())


def analyze(report: FileReport, opts: AnalysisOptions) -> None:
    """Fill MACs, activation counts, memory and receptive fields into ``report``."""
    from cnnshape.analysis import macs, memory, receptive

    macs.fill(report)
    memory.fill(report, opts)
    receptive.fill(report)
