"""The report's flat rows and pre-order groups → the nesting the exporter writes as modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.report import FileReport, GroupRow, Row


@dataclass
class Node:
    """A group (None for the whole network) and its children in order: rows and sub-groups."""

    group: GroupRow | None
    path: str
    children: list[Row | Node] = field(default_factory=list)


def tree(report: FileReport) -> Node:
    """The nesting the report records: each group names the group around it (``parent``)."""
    root = Node(None, "")
    groups = report.groups
    gi = _fill(root, -1, report.rows, groups, 0, 0, len(report.rows))
    assert gi == len(groups)
    return root


def _fill(
    node: Node, at: int, rows: list[Row], groups: list[GroupRow], gi: int, lo: int, hi: int
) -> int:
    """Fill ``node`` (the group at index ``at``, -1 for the network) from ``rows[lo:hi]``."""
    i = lo
    while gi < len(groups) and groups[gi].parent == at:
        g = groups[gi]
        node.children.extend(rows[i : g.start])
        child = Node(g, g.path)
        gi = _fill(child, gi, rows, groups, gi + 1, g.start, g.end)
        node.children.append(child)
        i = g.end
    node.children.extend(rows[i:hi])
    return gi
