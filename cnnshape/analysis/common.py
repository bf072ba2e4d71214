"""What every analysis shares: which analyses exist, the dtypes, options, and a row's rule."""

from __future__ import annotations

from dataclasses import dataclass

from cnnshape.args import Args
from cnnshape.layers.base import Rule
from cnnshape.report import Row

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
