"""The language server's contact with the check pipeline: text in, plain results out.

This module (and :mod:`cnnshape.lsp.catalog` for the layer and code tables) is the only
part of the server that imports the core. It runs exactly what ``cnnshape check`` runs on
the text, with the configuration ``cnnshape check`` would use for a file at the document's
path (the nearest ``[tool.cnnshape]`` / ``cnnshape.toml``: its ignored codes, ``input`` and
limits), so the editor shows the CLI's findings; and it copies what the editor needs out of
the :class:`~cnnshape.report.FileReport` into small values that the features read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from cnnshape.check import Options, check_text
from cnnshape.load.reparse import Reparser, item_lines
from cnnshape.propagate.memo import Memo
from cnnshape.report import FileReport, Row
from cnnshape.shapes import fmt_shape
from cnnshape.spec.build import Kept


@dataclass(frozen=True, slots=True)
class Edit:
    """A fix a finding names: ``text`` in place of the value at ``line``:``column`` (1-based);
    None: at the finding's own place."""

    title: str
    text: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    message: str
    line: int | None  # 1-based, as the CLI prints them
    column: int | None
    fixes: tuple[Edit, ...] = ()


@dataclass(slots=True)
class Layer:
    """One row of the check's table: a leaf layer in execution order."""

    index: int
    path: str
    type: str
    name: str | None
    line: int  # 1-based line of the layer's type
    summary: str
    input: str | None  # "(N, 3, 32, 32)"; None where unknown past an error
    output: str | None
    params: int | None
    derivation: str | None  # "2048 = 32·8·8"
    macs: int | None = None
    rf: str | None = None  # "7×7 (jump 1)", "all", "?"


@dataclass(slots=True)
class Group:
    """A block use, residual, parallel form, branch or repeat."""

    path: str
    kind: str
    label: str
    line: int
    output: str | None
    params: int | None


@dataclass(slots=True)
class Result:
    """What one check of the document gives the editor."""

    findings: list[Finding]
    groups: list[Group]
    input: str | None
    output: str | None
    params: int
    report: FileReport = field(repr=False)
    analysed: bool = False
    config: str | None = None  # the configuration file that applied, if any
    config_findings: list[Finding] = field(default_factory=list)  # its mistakes (E115)
    _layers: list[Layer] | None = field(default=None, repr=False)

    @property
    def layers(self) -> list[Layer]:
        """The rows as the features read them: made on first use (the diagnostics, sent
        first, do not need them)."""
        if self._layers is None:
            self._layers = [_layer(r) for r in self.report.rows]
        return self._layers

    @property
    def has_rows(self) -> bool:
        """False when the spec could not be followed at all (YAML or structure broken)."""
        return bool(self.report.rows)


class Session:
    """What the server keeps between checks of one document: its last good parse, so an
    edit inside one layer re-parses that layer only, and the parses of the layers the edit
    did not touch; and the rule results of every check (shared by all documents), so an
    edit re-infers only the layers whose configuration or input it changed."""

    __slots__ = ("kept", "reparser")

    def __init__(self) -> None:
        self.reparser = Reparser()
        self.kept = Kept(self.reparser)

    @property
    def partial(self) -> int:
        """How many checks re-parsed one layer only."""
        return self.reparser.partial

    def item_lines(self, text: str, line: int) -> tuple[int, int] | None:
        """The 0-based lines of the layer item at 0-based ``line`` of ``text``, where that item
        reads alone as in the whole text (:func:`cnnshape.load.reparse.item_lines`); None
        where it does not, or ``text`` is not the last text parsed."""
        last = self.reparser.last
        if last is None or last.text != text:
            return None
        return item_lines(last, line)


_MEMO = Memo()


@dataclass(slots=True)
class Settings:
    """What the configuration for one document sets (MACs, memory and receptive fields are
    left out: they are filled in on the first hover that shows them)."""

    options: Options
    config: str | None
    findings: list[Finding]


def settings(path: str) -> Settings:
    """The configuration ``cnnshape check`` would apply to a file at ``path``: found from its
    folder upwards (from the server's working folder for a document not on disk)."""
    from cnnshape.commands.config import Finder
    from cnnshape.commands.options import parse_shape
    from cnnshape.limits import Limits

    where = Path(path) if os.path.isabs(path) else None
    cfg = Finder().for_file(where) if where else Finder().for_dir(Path.cwd())
    opts = Options(
        parse_shape(cfg.input) if cfg.input else None,
        cfg.ignored_in(where) if where else cfg.ignore,
        Limits(**cfg.limits),
        analyses=frozenset(),
    )
    config = str(cfg.path) if cfg.path is not None else None
    return Settings(opts, config, [_finding(d) for d in cfg.errors])


def run(text: str, path: str, session: Session | None = None) -> Result:
    """Check ``text`` as ``cnnshape check`` would check a file holding it (with what
    ``session`` kept from the document's earlier checks: the same findings, sooner)."""
    setup = settings(path)
    opts = setup.options
    if session is not None:
        opts = replace(opts, memo=_MEMO, kept=session.kept)
    report = check_text(text, path, opts)
    return Result(
        [_finding(d) for d in report.diagnostics],
        [
            Group(g.path, g.kind, g.label, g.line, _shape(g.output_shape), g.params)
            for g in report.groups
        ],
        _shape(report.input_shape),
        _shape(report.output_shape),
        report.totals.params,
        report,
        config=setup.config,
        config_findings=setup.findings,
    )


def analyse(result: Result) -> None:
    """Fill MACs and receptive fields (once; the diagnostics do not wait for them)."""
    if result.analysed:
        return
    from cnnshape.analysis import analyze
    from cnnshape.analysis.common import AnalysisOptions
    from cnnshape.render.columns import rf_cells

    analyze(result.report, AnalysisOptions(), frozenset({"macs", "rf"}))
    for layer, row in zip(result.layers, result.report.rows, strict=True):
        layer.macs = row.macs
        size, jump, _ = rf_cells(row.rf, row.rf_misaligned)
        layer.rf = f"{size} (jump {jump})" if jump else size or None
    result.analysed = True


def _finding(d: object) -> Finding:
    from cnnshape.diagnostics import Diagnostic

    assert isinstance(d, Diagnostic)
    line, column = (d.span.line, d.span.column) if d.span is not None else (None, None)
    fixes = tuple(
        Edit(f.title, f.text, *((f.span.line, f.span.column) if f.span else (None, None)))
        for f in getattr(d, "fixes", ())
    )
    return Finding(d.code, d.severity.value, d.message, line, column, fixes)


def _layer(r: Row) -> Layer:
    return Layer(
        r.index,
        r.path,
        r.type,
        r.name,
        r.line,
        r.summary,
        _shape(r.input_shape),
        _shape(r.output_shape),
        r.params,
        r.note,
    )


def _shape(shape: tuple[int, ...] | None) -> str | None:
    return fmt_shape(shape) if shape is not None else None
