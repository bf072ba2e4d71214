"""`cnnshape check`: expand folders, run the pipeline on each file, render, return the exit code.

Both front ends call :func:`run` after validating the options their own way: the typer
command (cnnshape.cli) and the fast path for the common invocation (cnnshape.main).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from cnnshape.check import Options, check_file
from cnnshape.limits import Limits
from cnnshape.render import RenderOptions, default_format, get
from cnnshape.render.columns import ANALYSIS_COLUMNS
from cnnshape.report import exit_code


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for the .yaml/.yml files below it, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml")))
        else:
            out.append(p)
    return out


def run(
    files: list[Path],
    *,
    input_shape: tuple[int, ...] | None,
    fmt: str | None,
    strict: bool,
    quiet: bool,
    ignore: frozenset[str],
    color: str,
    limits: Limits,
    columns: tuple[str, ...],
    dtype: str,
    batch: int | None,
    out: TextIO | None = None,
    statistics: bool = False,
    exit_zero: bool = False,
) -> int:
    """Check ``files`` (already validated options) and write the report; the exit code.

    ``statistics``: write the count of each code instead of the report (as ruff's);
    ``exit_zero``: exit 0 even with findings (as ruff's)."""
    out = out if out is not None else sys.stdout
    fmt = fmt or default_format(os.environ, out.isatty(), quiet)
    # Analyses cost time: compute only those a column shows (machine formats included).
    shown = frozenset(c for c in columns if c in ANALYSIS_COLUMNS)
    opts = Options(input_shape, ignore, limits, dtype, batch, analyses=shown)
    reports = [check_file(p, opts) for p in expand(files)]
    if statistics:
        from cnnshape.render import statistics as counts  # only for --statistics

        counts.write(reports, out, as_json=fmt in ("json", "sarif"))
    else:
        get(fmt)(reports, out, RenderOptions(color, strict, quiet, columns))
    return 0 if exit_zero else exit_code(reports, strict)
