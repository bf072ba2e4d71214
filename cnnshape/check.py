"""The pipeline for one file: read → parse (located YAML) → build spec → propagate → report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.limits import Limits
from cnnshape.report import FileReport

if TYPE_CHECKING:
    from cnnshape.spec import Spec


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the CLI passes to the pipeline; no typer or rich types here."""

    input_shape: tuple[int, ...] | None = None
    ignore: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    dtype: str = "float32"  # for memory figures
    batch: int | None = None  # for the training-memory estimate
    analyze: bool = True  # MACs, memory, receptive fields (sizes turns it off per size)
    hints: bool = True  # search for input sizes that fit a mismatched merge (sizes: off)


def read_text(path: Path, limits: Limits) -> str:
    """The file as text, or a located E100 (not a regular file, unreadable, too large, not
    UTF-8): the one read path of check, sizes, convert and export (see cnnshape.infile)."""
    from cnnshape.infile import read_bytes

    return decode(read_bytes(path, limits.max_bytes), limits)


def decode(data: bytes, limits: Limits) -> str:
    """Spec bytes as text (UTF-8, with or without a BOM), or a located E100."""
    if len(data) > limits.max_bytes:
        from cnnshape.infile import too_large

        raise too_large(len(data), limits.max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError(
            "E100",
            f"the file is not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start} cannot be "
            "decoded; save it as UTF-8",
            Span(line, column),
        ) from None


def check_bytes(data: bytes, path: str, opts: Options) -> FileReport:
    """Check a spec file's raw content, exactly as :func:`check_file` would after reading it."""
    try:
        text = decode(data, opts.limits)
    except SpecError as e:
        return FileReport(path, diagnostics=[e.diagnostic])
    return check_text(text, path, opts)


def check_text(text: str, path: str, opts: Options) -> FileReport:
    """Check spec text; ``path`` is only used to label the report."""
    from cnnshape import source, spec

    try:
        root = source.parse(text, opts.limits)
        parsed = spec.build(root, opts.limits)
        return check_spec(parsed, path, opts)
    except SpecError as e:
        return FileReport(path, diagnostics=[e.diagnostic])
    except RecursionError:  # only with --max-depth far above its default; never a traceback
        message = (
            f"the spec is nested too deeply to check (--max-depth {opts.limits.max_depth} "
            "lets more through than Python's stack holds); lower the nesting or --max-depth"
        )
        return FileReport(path, diagnostics=[Diagnostic("E111", message, Span(1, 1))])


def check_spec(parsed: Spec, path: str, opts: Options) -> FileReport:
    """Propagate and analyse an already built spec (``cnnshape sizes`` re-runs this per size)."""
    from cnnshape.analysis import AnalysisOptions, analyze
    from cnnshape.propagate import propagate

    report = propagate(parsed, path, opts.limits, opts.input_shape, opts.ignore, opts.hints)
    if opts.analyze:
        analyze(report, AnalysisOptions(opts.dtype, opts.batch))
    return report


def check_file(path: Path, opts: Options, label: str | None = None) -> FileReport:
    label = label if label is not None else str(path)
    try:
        text = read_text(path, opts.limits)
    except SpecError as e:
        return FileReport(label, diagnostics=[e.diagnostic])
    return check_text(text, label, opts)


def check_paths(paths: list[Path], opts: Options, err: TextIO) -> list[FileReport]:
    """One report per spec file given or found below the folders given, plus an E100 for
    each folder that could not be read; a note on ``err`` for each folder argument that
    holds no spec file (``cnnshape check`` then exits 3 if nothing at all was found)."""
    from cnnshape.infile import expand
    from cnnshape.terminal import visible

    found = expand(paths)
    reports = [check_file(p, opts) for p in found.files]
    for folder, why in found.unreadable:
        message = f"cannot read the folder: {why}; the specs in it were not checked"
        reports.append(
            FileReport(str(folder), diagnostics=[Diagnostic("E100", message, Span(1, 1))])
        )
    for folder in found.empty:
        err.write(f"cnnshape check: no .yaml or .yml file in {visible(str(folder))}\n")
    return reports
