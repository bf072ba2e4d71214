"""The table's outline: rows in execution order, group headers before their layers, and
long identical repeats folded to one repetition plus a ``× n`` line. Plain Python, no
rich: table.py draws it. Nothing here computes a shape; it only arranges the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnshape.report import FileReport, GroupRow, Row

#: A repeat with at least this many identical repetitions is folded in the table.
FOLD_AT = 3


@dataclass(frozen=True, slots=True)
class Line:
    """One table line: a layer row, a group header, or the fold of identical repetitions."""

    kind: str  # "row" | "group" | "fold"
    depth: int
    row: Row | None = None
    group: GroupRow | None = None
    hidden: int = 0  # fold: repetitions not shown
    params: int | None = None  # fold: their parameters


def _signature(rows: list[Row]) -> list[tuple[object, ...]]:
    return [(r.type, r.name, r.summary, r.output_shape, r.params) for r in rows]


def _foldable(g: GroupRow, rows: list[Row]) -> bool:
    if g.kind != "repeat" or len(g.reps) < FOLD_AT or g.params is None or g.end <= g.reps[1]:
        return False  # an empty body (repeat of `layers: []`) has nothing to fold
    bounds = [*g.reps, g.end]
    first = _signature(rows[bounds[0] : bounds[1]])
    return all(_signature(rows[bounds[k] : bounds[k + 1]]) == first for k in range(1, len(g.reps)))


def outline(report: FileReport, fold: bool = True) -> list[Line]:
    """The lines of the table for one report, in order."""
    rows = report.rows
    folds: dict[int, tuple[GroupRow, int]] = {}  # start of hidden rows → (group, end)
    if fold:
        # Groups come in pre-order (by start), folds never overlap: only the latest fold can
        # hide a group, so one comparison per group keeps this linear in the number of groups.
        hidden_from, hidden_to = -1, -1
        for g in report.groups:
            if hidden_from <= g.start < hidden_to:
                continue
            if _foldable(g, rows):
                folds[g.reps[1]] = (g, g.end)
                hidden_from, hidden_to = g.reps[1], g.end
    starts: dict[int, list[GroupRow]] = {}
    for g in report.groups:
        starts.setdefault(g.start, []).append(g)
    lines: list[Line] = []
    i = 0
    while i <= len(rows):
        if i in folds:
            g, end = folds[i]
            hidden = rows[i:end]
            params = sum(r.params or 0 for r in hidden)
            lines.append(Line("fold", g.depth + 1, group=g, hidden=len(g.reps) - 1, params=params))
            i = end
            continue
        lines.extend(Line("group", g.depth, group=g) for g in starts.get(i, []))
        if i < len(rows):
            lines.append(Line("row", rows[i].depth, row=rows[i]))
        i += 1
    return lines
