"""The analysis stage: MACs, memory and receptive fields, computed from the rows and the rules.

It runs after propagation and fills the analysis fields of each :class:`Row` and the
report's totals; renderers only read them. Each part is a module of its own.
"""

from __future__ import annotations

from cnnshape.analysis.common import ALL_ANALYSES, AnalysisOptions
from cnnshape.report import FileReport


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
