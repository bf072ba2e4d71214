"""The pipeline for one file: read → load (located YAML) → spec → propagate → analyse → report.

The one place that runs the stages in order; check, export, convert, sizes and the tests
call it. Renderers then turn the report into text (the CLI picks one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cnnshape.analysis import analyze
from cnnshape.analysis.common import ALL_ANALYSES, AnalysisOptions
from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.limits import Limits
from cnnshape.load.read import decode, read_text
from cnnshape.propagate.memo import Memo
from cnnshape.propagate.run import run
from cnnshape.propagate.size_hint import explain_fit
from cnnshape.report import FileReport
from cnnshape.spec.build import Kept, from_text
from cnnshape.spec.model import Spec
from cnnshape.spec.params import Choice


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the CLI passes to the pipeline; no typer or rich types here."""

    input_shape: tuple[int, ...] | None = None
    ignore: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    dtype: str = "float32"  # for memory figures
    batch: int | None = None  # for the training-memory estimate
    #: which analyses to compute ("macs", "memory", "rf"): the CLI asks only for those its
    #: columns show; sizes asks for none per size, and for "rf" for its downsampling figure.
    analyses: frozenset[str] = ALL_ANALYSES
    hints: bool = True  # search for input sizes that fit a mismatched merge (sizes: off)
    choice: Choice = field(default_factory=Choice)  # --variant and --set
    #: rule results kept from earlier checks (the language server's); None: this check's own
    memo: Memo | None = field(default=None, compare=False)
    #: what earlier checks of the same document kept (the language server's); None: none
    kept: Kept | None = field(default=None, compare=False)


def check_bytes(data: bytes, path: str, opts: Options) -> FileReport:
    """Check a spec file's raw content, exactly as :func:`check_file` would after reading it."""
    try:
        text = decode(data, opts.limits)
    except SpecError as e:
        return FileReport(path, diagnostics=[e.diagnostic])
    return check_text(text, path, opts)


def check_text(text: str, path: str, opts: Options) -> FileReport:
    """Check spec text; ``path`` is only used to label the report."""

    try:
        parsed = from_text(text, opts.limits, opts.choice, opts.kept)
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
    walker = run(parsed, path, opts.limits, opts.input_shape, opts.ignore, memo=opts.memo)
    report = walker.report
    if opts.hints and walker.spatial and report.input_shape is not None:
        explain_fit(walker, parsed, opts.limits, report.input_shape)
    report.diagnostics.sort(key=Diagnostic.sort_key)
    if opts.analyses:
        analyze(report, AnalysisOptions(opts.dtype, opts.batch), opts.analyses)
    return report


def check_file(path: Path, opts: Options, label: str | None = None) -> FileReport:
    label = label if label is not None else str(path)
    try:
        text = read_text(path, opts.limits)
    except SpecError as e:
        return FileReport(label, diagnostics=[e.diagnostic])
    return check_text(text, label, opts)
