"""Inlay hints: the output shape at the end of each layer line and each group's header line.

A line inside a repeat or a block definition stands for several rows (one per repetition or
use); its hint shows the one shape they share, or the first and last with the count, and
the tooltip lists them all with their parameters.
"""

from __future__ import annotations

from lsprotocol import types as t

from cnnshape.lsp.analysis import Group, Layer
from cnnshape.lsp.document import Doc, utf16_col

_TOOLTIP_ROWS = 12


def _shape(s: str | None) -> str:
    return s if s is not None else "?"


def _params(n: int | None) -> str:
    return f"{n:,} params" if n is not None else "params unknown"


def _label(arrow: str, shapes: list[str]) -> str:
    distinct = list(dict.fromkeys(shapes))
    if len(shapes) == 1:
        return f"{arrow} {shapes[0]}"
    if len(distinct) == 1:
        return f"{arrow} {distinct[0]} ×{len(shapes)}"
    return f"{arrow} {shapes[0]} … {shapes[-1]} ×{len(shapes)}"


def _layer_tooltip(rows: list[Layer]) -> str:
    lines = []
    for r in rows[:_TOOLTIP_ROWS]:
        what = f"`{r.path}` {r.type}" + (f" {r.name}" if r.name else "")
        lines.append(f"- {what}: {_shape(r.input)} → {_shape(r.output)}, {_params(r.params)}")
        if r.derivation:
            lines[-1] += f" (in {r.derivation})"
    if len(rows) > _TOOLTIP_ROWS:
        lines.append(f"- … and {len(rows) - _TOOLTIP_ROWS} more")
    return "\n".join(lines)


def _group_tooltip(groups: list[Group]) -> str:
    lines = [
        f"- `{g.path}` {g.label}: → {_shape(g.output)}, {_params(g.params)}"
        for g in groups[:_TOOLTIP_ROWS]
    ]
    if len(groups) > _TOOLTIP_ROWS:
        lines.append(f"- … and {len(groups) - _TOOLTIP_ROWS} more")
    return "\n".join(lines)


def _groups_by_line(doc: Doc) -> dict[int, list[Group]]:
    table: dict[int, list[Group]] = {}
    for g in doc.good.groups if doc.good else []:
        table.setdefault(g.line - 1, []).append(g)
    return table


def inlay_hints(doc: Doc, first: int, last: int) -> list[t.InlayHint]:
    """Hints for the 0-based lines ``first``..``last`` (inclusive)."""
    lines = doc.lines
    groups = _groups_by_line(doc) if doc.good and doc.good.groups else {}
    hints = []
    for line in range(max(first, 0), min(last, len(lines) - 1) + 1):
        rows, uses = doc.rows_at(line), groups.get(line, [])
        if not rows and not uses:
            continue
        parts, tips = [], []
        if rows:
            parts.append(_label("→", [_shape(r.output) for r in rows]))
            tips.append(_layer_tooltip(rows))
        if uses:
            parts.append(_label("⇒", [_shape(g.output) for g in uses]))
            tips.append(_group_tooltip(uses))
        text = lines[line]
        end = len(text.rstrip())
        hints.append(
            t.InlayHint(
                position=t.Position(line, utf16_col(text, end)),
                label="  ".join(parts),
                kind=t.InlayHintKind.Type,
                padding_left=True,
                tooltip=t.MarkupContent(kind=t.MarkupKind.Markdown, value="\n".join(tips)),
            )
        )
    return hints
