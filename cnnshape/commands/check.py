"""`cnnshape check`: select files, apply configuration, run the pipeline on each, render,
return the exit code.

Both front ends call :func:`run` after validating the options their own way: the typer
command (cnnshape.cli) and the fast path for the common invocation (cnnshape.main).
Options left at None were not given, so the configuration (commands.config) decides them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from cnnshape.check import Options, check_bytes, check_file
from cnnshape.commands.config import Config, Finder
from cnnshape.commands.select import Selection, Walker
from cnnshape.limits import Limits
from cnnshape.render import RenderOptions, default_format, get
from cnnshape.render.columns import ANALYSIS_COLUMNS
from cnnshape.report import FileReport, exit_code
from cnnshape.spec.params import Choice

NOTHING_FOUND = 3  # the exit code when no spec file was found (0 ok, 1 findings, 2 usage)
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Selecting:
    """How files are chosen: --exclude globs, --force-exclude, --stdin-filename."""

    exclude: Sequence[str] = ()
    force_exclude: bool = False
    stdin_filename: str | None = None


def select(files: Sequence[Path], finder: Finder, how: Selecting) -> Selection:
    from cnnshape.commands.patterns import compile_pattern

    walker = Walker(finder.for_dir, [compile_pattern(g, Path.cwd()) for g in how.exclude])
    for p in files:
        if str(p) == STDIN:
            walker.selection.files.append(p)
        elif p.is_dir():
            walker.folder(p)
        else:
            walker.file(p, how.force_exclude)
    return walker.selection


def _label(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _config_reports(finder: Finder) -> list[FileReport]:
    return [
        FileReport(_label(c.path), diagnostics=c.errors)
        for c in finder.used()
        if c.path and c.errors
    ]


def _limits(cfg: Config, given: Mapping[str, int] | Limits) -> Limits:
    if isinstance(given, Limits):
        return given
    return Limits(**{**cfg.limits, **given})


def _check(path: Path, opts: Options, how: Selecting) -> FileReport:
    if str(path) != STDIN:
        return check_file(path, opts)
    label = how.stdin_filename or STDIN
    data = sys.stdin.buffer.read(opts.limits.max_bytes + 1)
    return check_bytes(data, label, opts)


def run(
    files: list[Path],
    *,
    input_shape: tuple[int, ...] | None,
    fmt: str | None,
    strict: bool,
    quiet: bool,
    ignore: frozenset[str],
    color: str,
    limits: Mapping[str, int] | Limits,
    columns: tuple[str, ...] | None,
    dtype: str,
    batch: int | None,
    choice: Choice | None = None,
    out: TextIO | None = None,
    selecting: Selecting | None = None,
) -> int:
    """Check ``files`` (already validated options) and write the report; the exit code."""
    from cnnshape.commands import options

    out = out if out is not None else sys.stdout
    how = selecting or Selecting()
    finder = Finder()
    chosen = select(files, finder, how)
    anchor = Path(how.stdin_filename or ".") if str(files[0]) == STDIN else files[0]
    run_cfg = finder.for_dir(anchor if anchor.is_dir() else anchor.absolute().parent)
    strict = strict or bool(run_cfg.strict)
    if columns is None:
        columns = options.columns(run_cfg.columns or "shape,params", batch is not None)
    fmt = fmt or default_format(os.environ, out.isatty(), quiet)
    # Analyses cost time: compute only those a column shows (machine formats included).
    shown = frozenset(c for c in columns if c in ANALYSIS_COLUMNS)
    reports: list[FileReport] = []
    for path in chosen.files:
        where = Path(how.stdin_filename) if str(path) == STDIN and how.stdin_filename else path
        cfg = finder.for_file(where)
        shape = input_shape or (options.parse_shape(cfg.input) if cfg.input else None)
        codes = ignore | cfg.ignored_in(where)
        opts = Options(
            shape,
            codes,
            _limits(cfg, limits),
            dtype,
            batch,
            analyses=shown,
            choice=choice or Choice(),
        )
        reports.append(_check(path, opts, how))
    reports[:0] = _config_reports(finder)  # a bad configuration fails the run, located
    if not reports:
        if how.force_exclude and chosen.skipped:  # the hook named only non-spec YAML: fine
            return 0
        _nothing_found(files, chosen)
        return NOTHING_FOUND
    get(fmt)(reports, out, RenderOptions(color, strict, quiet, columns))
    if chosen.skipped and not quiet:
        _note_skipped(chosen.skipped)
    return exit_code(reports, strict)


def _names(paths: list[Path]) -> str:
    shown = ", ".join(str(p) for p in paths[:5])
    return shown + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def _note_skipped(skipped: list[Path]) -> None:
    n = len(skipped)
    sys.stderr.write(
        f"note: skipped {n} YAML file{'s' if n != 1 else ''} that {'are' if n != 1 else 'is'} "
        f"not a cnnshape spec (no top-level 'input' or 'layers'): {_names(skipped)}\n"
    )


def _nothing_found(files: list[Path], chosen: Selection) -> None:
    where = " ".join(str(p) for p in files)
    extra = ""
    if chosen.skipped:
        extra = (
            f"; {len(chosen.skipped)} YAML file(s) skipped as not specs: {_names(chosen.skipped)}"
        )
    sys.stderr.write(
        f"cnnshape: no spec files found in {where}{extra} (a spec has a top-level 'input' or "
        "'layers' key, or a name ending in .cnn.yaml)\n"
    )
