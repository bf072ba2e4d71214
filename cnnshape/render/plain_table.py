"""The table without colour, laid out here: the bytes rich writes, without its per-cell cost.

rich measures and renders every cell through its segment machinery (about half a
millisecond per row). When nothing is coloured and every line fits the width, its
output is simple: each column as wide as its widest cell, one space of padding inside
(none at the outer edges), columns joined by a space, a rule of '─' under the header,
and each text line as it is. :func:`plain_lines` writes exactly that, and returns None
whenever rich would do more (wrap a line, read markup, expand a tab), so the caller
lets rich draw. tests/test_plain_table.py compares the two on every spec.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from cnnshape.render import RenderOptions
from cnnshape.render import table_cells as content
from cnnshape.render.columns import DEFAULT_COLUMNS
from cnnshape.report import FileReport

#: Environment that changes what rich writes (colour, terminal handling, notebook width).
_RICH_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def plain_width(
    out: TextIO, opts: RenderOptions, choice: bool | None, environ: Mapping[str, str]
) -> int | None:
    """The width rich would use for ``out``, when it would write no colour; else None."""
    if choice is True or sys.platform == "win32" or "IPython" in sys.modules:
        return None
    if any(environ.get(k) is not None for k in _RICH_ENV) or out.isatty():
        return None
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or 80
    for fd in (0, 1, 2):  # rich asks each standard stream in turn, as here
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def _len(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len  # only for wide or combining characters

    return cell_len(text)


def _plain(cell: content.Cell) -> str | None:
    """The cell's text, or None when rich would read it differently (markup, controls)."""
    text = cell if isinstance(cell, str) else "".join(part for part, _ in cell)
    if not text.isprintable() or (isinstance(cell, str) and "[" in cell):
        return None
    return text


def _table(r: FileReport, columns: tuple[str, ...], width: int) -> tuple[list[str], int] | None:
    heads = content.headers(columns)
    rows: list[list[str]] = [[h for h, _ in heads]]
    for cells in content.body(r, columns):
        texts = [_plain(c) for c in cells]
        if None in texts:
            return None
        rows.append(texts)  # type: ignore[arg-type]
    sizes = [[_len(t) for t in row] for row in rows]
    last = len(heads) - 1
    pads = [(0 if k == 0 else 1) + (0 if k == last else 1) for k in range(len(heads))]
    widths = [max(col) + pad for col, pad in zip(zip(*sizes, strict=True), pads, strict=True)]
    if opts_wide(columns):
        width = max(width, sum(widths) + last)
    if sum(widths) + last > width:
        narrowed = _narrowed(widths, width - last)
        if narrowed is None or any(w - p < 1 for w, p in zip(narrowed, pads, strict=True)):
            return None
        widths = narrowed
    inner = [w - p for w, p in zip(widths, pads, strict=True)]
    lines = []
    for j, (row, row_sizes) in enumerate(zip(rows, sizes, strict=True)):
        wrapped: list[list[str]] = []
        for k, (text, n) in enumerate(zip(row, row_sizes, strict=True)):
            parts = [text] if n <= inner[k] else _wrapped(text, inner[k])
            if parts is None:
                return None
            wrapped.append(parts)
        for i in range(max(len(c) for c in wrapped)):
            line = []
            for k, parts in enumerate(wrapped):
                text = parts[i] if i < len(parts) else ""
                fill = " " * (inner[k] - _len(text))
                cell = fill + text if heads[k][1] == "right" else text + fill
                line.append(("" if k == 0 else " ") + cell + ("" if k == last else " "))
            lines.append(" ".join(line))
        if j == 0:  # after the header: the rule
            lines.append("─" * (sum(widths) + last))
    return lines, width


def _narrowed(widths: list[int], room: int) -> list[int] | None:
    """The widths rich gives the columns when the table is wider than ``room``: it narrows
    the widest of the wrappable columns (# and Args) step by step; None if that is not
    enough (rich then squeezes every column, which is left to rich)."""
    from rich._ratio import ratio_reduce  # rich's own arithmetic, so the widths agree

    wrap = [k in (0, 2) for k in range(len(widths))]
    excess = sum(widths) - room
    while excess > 0:
        widest = max(w for w, ok in zip(widths, wrap, strict=True) if ok)
        second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrap, strict=True))
        ratios = [1 if w == widest and ok else 0 for w, ok in zip(widths, wrap, strict=True)]
        if widest == second:
            break
        widths = ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - room
    return widths if excess <= 0 else None


def _wrapped(text: str, width: int) -> list[str] | None:
    """``text`` word-wrapped into ``width`` cells as rich wraps it; None where rich would
    cut a word with an ellipsis (a word wider than the column)."""
    from rich._wrap import divide_line  # rich's own word wrap, so the lines agree

    cuts = [0, *divide_line(text, width, fold=False), len(text)]
    lines = []
    for a, b in itertools.pairwise(cuts):
        line = text[a:b]
        if _len(line) > width:
            line = line[: max(width, len(line.rstrip()))]
            if _len(line) > width:
                return None
        lines.append(line.rstrip() if line.strip() else "")
    return lines


def opts_wide(columns: tuple[str, ...]) -> bool:
    """More columns than the default: the table widens the output rather than cut numbers."""
    return columns != DEFAULT_COLUMNS


def _texts(lines: list[str], width: int) -> list[str] | None:
    for line in lines:
        if _len(line) > width or not line.isprintable():
            return None
    return lines


def plain_lines(reports: list[FileReport], opts: RenderOptions, width: int) -> list[str] | None:
    """Every line rich would write for ``reports`` at ``width`` without colour, or None."""
    out: list[str] = []
    for i, r in enumerate(reports):
        if i:
            out.append("")
        title = _plain(content.title(r))
        if title is None:  # a path: never wrapped
            return None
        out.append(title)
        after: list[str] = []
        if r.rows:
            table = _table(r, opts.columns, width)
            if table is None:
                return None
            rows, width = table
            out += rows
            after += content.totals(r, opts.columns)
        if _texts(after, width) is None:
            return None
        out += after
        found = [text for text, _ in content.findings(r, opts.strict)]
        if not all(line.isprintable() for line in found):
            return None
        out += found  # path:line:col lines: never wrapped, at any width
    return out
