"""The human table: one row per layer, totals, then findings. The only module that imports rich."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cnnshape.render import RenderOptions
from cnnshape.render.concise import line as finding_line
from cnnshape.render.outline import Line, outline
from cnnshape.report import FileReport, Row
from cnnshape.shapes import fmt_shape

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


def _group_cells(line: Line) -> tuple[str, Text, Text, Text, str]:
    g = line.group
    assert g is not None
    if line.kind == "fold":
        text = Text("  " * line.depth + f"⋮ × {line.hidden} more", style="dim")
        return "", text, Text(""), Text(""), _fmt(line.params)
    head = Text("  " * line.depth + "▸ ", style="bold")
    head.append(g.label, style="bold")
    if g.name:
        head.append(f" {g.name}", style="bold cyan")
    return "", head, Text(""), Text(fmt_shape(g.output_shape), style="bold"), _fmt(g.params)


def _layer_cell(row: Row) -> Text:
    text = Text("  " * row.depth + row.type)
    if row.name:
        text.append(f" {row.name}", style="cyan")
    return text


def _args_cell(row: Row, first_linear: Row | None) -> Text:
    text = Text(row.summary)
    if row is first_linear and row.output_shape is not None:
        derivation = row.note or str(row.args["in_features"])
        text = Text(f"in {derivation} ", style="bold") + text
    return text


def _table(r: FileReport) -> Table:
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    t.add_column("#", justify="right", style="dim")
    t.add_column("Layer", no_wrap=True)
    t.add_column("Args")
    t.add_column("Output shape", no_wrap=True)
    t.add_column("Params", justify="right", no_wrap=True)
    first_linear = r.first_linear
    t.add_row("", Text("Input"), Text(""), Text(fmt_shape(r.input_shape)), "")
    for line in outline(r):
        row = line.row
        if row is None:
            t.add_row(*_group_cells(line))
            continue
        t.add_row(
            str(row.index),
            _layer_cell(row),
            _args_cell(row, first_linear),
            Text(fmt_shape(row.output_shape)),
            _fmt(row.params),
        )
    return t


def render_one(console: Console, r: FileReport, opts: RenderOptions) -> None:
    title = Text(r.path, style="bold")
    if r.name:
        title.append(f"  ({r.name})")
    console.print(title)
    if r.rows:
        console.print(_table(r))
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
            how = first.note or str(first.args["in_features"])
            console.print(Text(f"First Linear: in_features = {how}"))
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
