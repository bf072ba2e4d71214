"""GitHub-flavoured Markdown for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment.

A summary line, then per file a heading, the layer table, totals and the findings.
Text from specs (paths, names, messages) is escaped so it cannot break the table or
inject markup.
"""

from __future__ import annotations

import re
from typing import TextIO

from cnnshape.render import RenderOptions
from cnnshape.render.columns import io_line
from cnnshape.render.outline import outline
from cnnshape.report import FileReport
from cnnshape.shapes import fmt_shape

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Backslash-escape Markdown punctuation; newlines become spaces (one cell, one line)."""
    return _SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def _count(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def _status(r: FileReport, strict: bool) -> str:
    if r.fails(strict):
        return "❌"
    return "⚠️" if r.warnings else "✅"


def _summary(reports: list[FileReport], strict: bool) -> str:
    failing = sum(1 for r in reports if r.fails(strict))
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    return (
        f"**cnnshape**: {len(reports)} file(s), {failing} failing; "
        f"{errors} error(s), {warnings} warning(s)"
    )


def _layers(r: FileReport) -> list[str]:
    lines = [
        "| # | Layer | Args | Output shape | Params |",
        "|--:|:--|:--|:--|--:|",
        f"|  | Input |  | `{fmt_shape(r.input_shape)}` |  |",
    ]
    for line in outline(r):
        indent = "&nbsp;&nbsp;" * line.depth
        row, g = line.row, line.group
        if row is not None:
            layer = escape(row.type + (f" {row.name}" if row.name else ""))
            lines.append(
                f"| {row.index} | {indent}{layer} | {escape(row.summary)} "
                f"| `{fmt_shape(row.output_shape)}` | {_count(row.params)} |"
            )
        elif g is not None and line.kind == "fold":
            noun = "repetition" if line.hidden == 1 else "repetitions"
            lines.append(
                f"|  | {indent}⋮ × {line.hidden} more identical {noun} |  |  "
                f"| {_count(line.params)} |"
            )
        elif g is not None:
            label = escape(g.label + (f" {g.name}" if g.name else ""))
            lines.append(
                f"|  | {indent}**▸ {label}** |  | `{fmt_shape(g.output_shape)}` "
                f"| {_count(g.params)} |"
            )
    tot = r.totals
    partial = "" if r.output_shape is not None else " (up to the first error)"
    lines += [
        "",
        f"Params{partial}: {tot.params:,} total, {tot.trainable_params:,} trainable, "
        f"{tot.non_trainable_params:,} non-trainable · Buffers: {tot.buffers:,} · "
        + io_line(r, "`"),
    ]
    return lines


def _findings(r: FileReport) -> list[str]:
    lines = []
    for d in r.diagnostics:
        where = f"line {d.span.line}, col {d.span.column}" if d.span else "file"
        lines.append(f"- **{d.severity.value}** `{d.code}` {where}: {escape(d.message)}")
    return lines


def file_section(r: FileReport, strict: bool) -> list[str]:
    """The Markdown lines for one file."""
    path = r.path.replace("`", "'")
    title = f"### {_status(r, strict)} `{path}`"
    if r.name:
        title += f" ({escape(r.name)})"
    lines = [title, ""]
    if r.rows:
        lines += [*_layers(r), ""]
    lines += _findings(r) or ["No findings."]
    return [*lines, ""]


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    lines = [_summary(reports, opts.strict), ""]
    for r in reports:
        lines += file_section(r, opts.strict)
    out.write("\n".join(lines))
