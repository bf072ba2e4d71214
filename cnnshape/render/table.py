"""The human table: one row per layer, totals, then findings. The only module that imports rich.

What the table says comes from :mod:`cnnshape.render.table_cells`. Without colour and
within the width, :mod:`cnnshape.render.plain_table` writes the same bytes rich would, at
a fraction of the cost (rich measures every cell of every row); otherwise rich draws it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from cnnshape.render import RenderOptions
from cnnshape.render import table_cells as content
from cnnshape.render.columns import DEFAULT_COLUMNS
from cnnshape.render.plain_table import plain_lines, plain_width
from cnnshape.report import FileReport

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


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
    from rich.console import Console  # rich loads only when it draws

    choice = color_choice(opts, os.environ)
    return Console(
        file=out,
        force_terminal=True if choice else None,
        color_system=None if choice is False else "auto",
        no_color=False,
        highlight=False,
        emoji=False,
    )


def _text(cell: content.Segments) -> Text:
    from rich.text import Text  # loaded with the console

    if not cell:
        return Text("")
    (first, style), rest = cell[0], cell[1:]
    text = Text(first, style=style)  # the first segment's style is the whole text's style
    for part, span_style in rest:
        text.append(part, style=span_style or None)
    return text


def _table(r: FileReport, columns: tuple[str, ...]) -> Table:
    from rich import box
    from rich.table import Table  # loaded with the console

    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for k, (header, justify) in enumerate(content.headers(columns)):
        if k == 0:
            t.add_column(header, justify="right", style="dim")
        elif k == 2:
            t.add_column(header)
        else:
            t.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for cells in content.body(r, columns):
        t.add_row(*(c if isinstance(c, str) else _text(c) for c in cells))
    return t


def render_one(console: Console, r: FileReport, opts: RenderOptions) -> None:
    from rich.measure import Measurement
    from rich.text import Text  # loaded with the console

    console.print(_text(content.title(r)), soft_wrap=True)  # a path: never wrapped
    if r.rows:
        table = _table(r, opts.columns)
        if opts.columns != DEFAULT_COLUMNS:  # many columns: widen rather than cut numbers
            wide = console.options.update_width(10_000)
            console.width = max(console.width, Measurement.get(console, wide, table).maximum)
        console.print(table)
        for line in content.totals(r, opts.columns):
            console.print(Text(line))
    for line, style in content.findings(r, opts.strict):
        # path:line:col lines are read by editors and CI logs: never wrapped, at any width
        console.print(Text(line, style=style), soft_wrap=True)


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    width = plain_width(out, opts, color_choice(opts, os.environ), os.environ)
    if width is not None:
        lines = plain_lines(reports, opts, width)
        if lines is not None:
            out.write("".join(line + "\n" for line in lines))
            return
    render_rich(reports, out, opts)


def render_rich(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    """The table as rich draws it (colour, wrapping, any width)."""
    console = console_for(out, opts)
    for i, r in enumerate(reports):
        if i:
            console.print()
        render_one(console, r, opts)
