"""The human table: one row per layer, totals, then findings. The only module that imports rich."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from cnnshape.render import RenderOptions
from cnnshape.render.columns import DEFAULT_COLUMNS, memory_cell, rf_cells, si
from cnnshape.render.concise import line as finding_line
from cnnshape.render.outline import Line, outline
from cnnshape.report import FileReport, Memory, Row
from cnnshape.shapes import fmt_shape
from cnnshape.terminal import visible

_STYLE = {"error": "bold red", "warning": "yellow"}


def color_choice(opts: RenderOptions, environ: Mapping[str, str]) -> bool | None:
    """True (force colour), False (no colour) or None (colour if the output is a terminal).

    --color always/never wins; then NO_COLOR (no-color.org), then FORCE_COLOR; each
    counts only when set to a non-empty value.
    """
    if opts.color != "auto":
        return opts.color == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return None


def console_for(out: TextIO, opts: RenderOptions) -> Console:
    """A console that honours --color, NO_COLOR and FORCE_COLOR, and reads well when piped."""
    choice = color_choice(opts, os.environ)
    return Console(
        file=out,
        force_terminal=True if choice else None,
        color_system=None if choice is False else "auto",
        no_color=False,
        highlight=False,
        emoji=False,
    )


def _fmt(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def _group_cells(line: Line, columns: tuple[str, ...]) -> list[str | Text]:
    """A group header (or the fold of identical repetitions): its shape and parameter
    subtotal where those columns are shown; the analysis columns stay empty."""
    g = line.group
    assert g is not None
    if line.kind == "fold":
        head = Text("  " * line.depth + f"⋮ × {line.hidden} more", style="dim")
        shape, params = Text(""), line.params
    else:
        head = Text("  " * line.depth + "▸ ", style="bold")
        head.append(visible(g.label), style="bold")
        if g.name:
            head.append(f" {visible(g.name)}", style="bold cyan")
        shape, params = Text(fmt_shape(g.output_shape), style="bold"), g.params
    cells: list[str | Text] = ["", head, Text("")]
    for c in columns:
        if c == "shape":
            cells.append(shape)
        elif c == "params":
            cells.append(_fmt(params))
        else:
            cells.extend([""] * len(_HEADERS[c]))
    return cells


def _layer_cell(row: Row) -> Text:
    text = Text("  " * row.depth + visible(row.type))
    if row.name:
        text.append(f" {visible(row.name)}", style="cyan")
    return text


def _args_cell(row: Row, first_linear: Row | None) -> Text:
    text = Text(visible(row.summary))
    if row is first_linear and row.output_shape is not None:
        derivation = visible(row.note or str(row.args["in_features"]))
        text = Text(f"in {derivation} ", style="bold") + text
    return text


#: Optional column → (header, justify) of each table column it adds.
_HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "shape": (("Output shape", "left"),),
    "params": (("Params", "right"),),
    "macs": (("MACs", "right"),),
    "memory": (("Memory", "right"),),
    "rf": (("RF", "right"), ("Jump", "right"), ("Start", "right")),
}


def _cells(row: Row, column: str) -> tuple[str, ...]:
    if column == "shape":
        return (fmt_shape(row.output_shape),)
    if column == "params":
        return (_fmt(row.params),)
    if column == "macs":
        return (si(row.macs),)
    if column == "memory":
        return (memory_cell(row),)
    return rf_cells(row.rf, row.rf_misaligned)


def _input_cells(r: FileReport, column: str) -> tuple[str, ...]:
    if column == "shape":
        return (fmt_shape(r.input_shape),)
    if column == "memory" and r.memory is not None:
        return (si(r.memory.input_values * r.memory.bytes_per_value, "B"),)
    return ("",) * len(_HEADERS[column])


def _table(r: FileReport, columns: tuple[str, ...]) -> Table:
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    t.add_column("#", justify="right", style="dim")
    t.add_column("Layer", no_wrap=True)
    t.add_column("Args")
    for c in columns:
        for header, justify in _HEADERS[c]:
            t.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    first_linear = r.first_linear
    extra = [cell for c in columns for cell in _input_cells(r, c)]
    t.add_row("", Text("Input"), Text(""), *extra)
    for line in outline(r):
        row = line.row
        if row is None:
            t.add_row(*_group_cells(line, columns))
            continue
        cells = [cell for c in columns for cell in _cells(row, c)]
        t.add_row(str(row.index), _layer_cell(row), _args_cell(row, first_linear), *cells)
    return t


def _mb(n: int) -> str:
    """Bytes in MB (10^6, as torchinfo), or GB from 10^9."""
    return f"{n / 1e9:,.2f} GB" if n >= 10**9 else f"{n / 1e6:,.2f} MB"


def _memory_lines(m: Memory) -> list[str]:
    lines = [
        f"Activations: {m.activation_values:,} values per sample (input included) = "
        f"{_mb(m.activation_values * m.bytes_per_value)} ({m.dtype}, forward)",
        f"Params memory: {_mb(m.param_bytes)} ({m.dtype})"
        + (f" + buffers {_mb(m.buffer_bytes)}" if m.buffer_bytes else ""),
    ]
    if m.batch is not None and m.training_bytes is not None:
        lines.append(
            f"Training estimate at batch {m.batch:,}: {_mb(m.training_bytes)} "
            "(activations kept for backward, params, grads, Adam m and v)"
        )
    return lines


def _analysis_lines(r: FileReport, columns: tuple[str, ...]) -> list[str]:
    """Totals of the optional columns: MACs and memory (only when complete)."""
    lines = []
    if "macs" in columns and r.totals.macs is not None:
        macs = r.totals.macs
        lines.append(f"MACs: {macs:,} per sample = {macs / 1e9:,.2f} G (FLOPs ≈ 2 × MACs)")
    if "memory" in columns and r.memory is not None:
        lines.extend(_memory_lines(r.memory))
    if "rf" in columns and any(row.rf_misaligned for row in r.rows):
        lines.append("RF*: branches meet here with different jumps or centres (largest shown)")
    return lines


def render_one(console: Console, r: FileReport, opts: RenderOptions) -> None:
    title = Text(visible(r.path), style="bold")
    if r.name:
        title.append(f"  ({visible(r.name)})")
    console.print(title)
    if r.rows:
        table = _table(r, opts.columns)
        if opts.columns != DEFAULT_COLUMNS:  # many columns: widen rather than cut numbers
            wide = console.options.update_width(10_000)
            console.width = max(console.width, Measurement.get(console, wide, table).maximum)
        console.print(table)
        tot = r.totals
        partial = "" if r.output_shape is not None else " (up to the first error)"
        console.print(
            Text(
                f"Params{partial}: {tot.params:,} total, {tot.trainable_params:,} trainable, "
                f"{tot.non_trainable_params:,} non-trainable"
            )
        )
        console.print(
            Text(f"Buffers: {tot.buffers:,} · Params size: {tot.param_megabytes:,.2f} MB (float32)")
        )
        console.print(
            Text(f"Input {fmt_shape(r.input_shape)} → output {fmt_shape(r.output_shape)}")
        )
        first = r.first_linear
        if first is not None and first.output_shape is not None:
            how = visible(first.note or str(first.args["in_features"]))
            console.print(Text(f"First Linear: in_features = {how}"))
        for text in _analysis_lines(r, opts.columns):
            console.print(Text(text))
    for d in r.diagnostics:
        console.print(Text(finding_line(r.path, d), style=_STYLE[d.severity.value]))
    if not r.diagnostics:
        console.print(Text("✓ no findings", style="green"))
    else:
        summary = f"{r.errors} error(s), {r.warnings} warning(s)"
        console.print(Text(summary, style="bold red" if r.fails(opts.strict) else "yellow"))


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    console = console_for(out, opts)
    for i, r in enumerate(reports):
        if i:
            console.print()
        render_one(console, r, opts)
