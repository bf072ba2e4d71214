"""The drawing's edges, in execution order, from its tree and the report's rows and groups.

A name maps to the node of its most recent output (a layer's, a group's, a named input's).
Main-path edges chain the items of a sequence; a parallel form fans out to its branches (each
edge into a split's branch labelled with its piece) and joins at its merge node; a ``from:``
is an edge from the named node (``skip``). A side path starts from its source (``skip``) and
the main path goes on around it (``around``): the side's frame sits between the two ends.
"""

from __future__ import annotations

from cnnshape.draw.graph import Cluster, Edge, Item, Node, Par, Seq
from cnnshape.layers.base import LayerError, Tensor
from cnnshape.layers.merging import split_sizes
from cnnshape.report import GroupRow, Row
from cnnshape.shapes import Shape


def sources(row: Row) -> tuple[str, ...]:
    """The earlier named outputs a row also takes (Concat/Add/Mul ``from``), as its rule says."""
    if row.rule is None or row.parsed is None:
        return ()
    try:
        return row.rule.sources(row.parsed)
    except Exception:  # an unchecked row's arguments: draw it without its skips
        return ()


def pieces(
    split: int | tuple[int, ...], shape: Shape | None, n: int
) -> list[tuple[str, Shape | None]]:
    """Each branch's piece of a channel split: its channels as text ("ch 0:24") and its shape
    ("piece j" and None where the input is unknown or the split is refused)."""
    try:
        if shape is None:
            raise LayerError("E205", "unknown")
        sizes = split_sizes(Tensor(shape), split)
    except LayerError:
        return [(f"piece {j}", None) for j in range(n)]
    ends = [sum(sizes[: j + 1]) for j in range(len(sizes))]
    return [(f"ch {e - c}:{e}", (c, *shape[1:])) for c, e in zip(sizes, ends, strict=True)]


class Wirer:
    def __init__(
        self,
        rows: list[Row],
        groups: dict[str, GroupRow],
        nodes: dict[str, Node],
        outputs: dict[str, str],
    ) -> None:
        self.rows, self.groups, self.nodes = rows, groups, nodes
        self.outputs = outputs  # an output node's id → the name it shows
        self.edges: list[Edge] = []
        self.saved: dict[str, str] = {}
        self.around: set[str] = set()  # nodes whose main-path successor is past a side path
        self.entry: str | None = None  # a side path's source, while its body is wired
        self.piece: tuple[str, str, Shape | None] | None = None  # (src, label, shape)

    def edge(self, src: str | None, dst: str, skip: bool = False) -> None:
        if src is None or src == dst:
            return
        label, around = "", False
        if not skip:
            skip = src == self.entry
            around = not skip and src in self.around
            if self.piece is not None and self.piece[0] == src:
                label = self.piece[1]
        self.edges.append(Edge(src, dst, skip, label, around))

    def row(self, row: Row, node: str) -> None:
        for name in sources(row):
            if name in self.saved:
                self.edge(self.saved[name], node, skip=True)
        if row.name:
            self.saved[row.name] = node

    def item(self, it: Item, src: str | None) -> str | None:
        if isinstance(it, Seq):
            for x in it.items:
                src = self.item(x, src)
            return src
        if isinstance(it, Par):
            return self.par(it, src)
        if isinstance(it, Cluster):
            g = self.groups[it.path]
            if g.kind == "side":
                self.side(g, it.body, src)
                return src
            out = self.item(it.body, src)
            if g.name and out is not None:
                self.saved[g.name] = out
            return out
        return self.node(it, src)

    def node(self, it: Node, src: str | None) -> str | None:
        g = self.groups.get(it.group or "")
        if it.kind == "folded" and g is not None and g.kind == "side":
            self.side(g, it, src)
            return src
        if it.kind == "input" and it.id != "in":  # a named input beside the main one
            return src
        if it.id in self.outputs:  # a named output: from its node; straight down only once
            named = self.saved.get(self.outputs[it.id])
            self.edge(named, it.id, skip=named != src)
            return it.id if named == src else src
        self.edge(src, it.id)
        if it.row is not None:
            self.row(self.rows[it.row], it.id)
        elif it.kind == "folded":
            self.folded(it)
        return it.id

    def par(self, it: Par, src: str | None) -> str:
        outer = self.piece
        split: list[tuple[str, Shape | None]] = []
        if it.split is not None and src is not None:
            shape = outer[2] if outer and outer[0] == src else self.nodes[src].shape
            split = pieces(it.split, shape, len(it.branches))
        for j, branch in enumerate(it.branches):
            if src is not None and j < len(split):
                self.piece = (src, *split[j])
            self.edge(self.item(branch, src), it.merge.id)
            self.piece = outer
        return it.merge.id

    def side(self, g: GroupRow, body: Item, src: str | None) -> None:
        """A side path: from its source, its own way; the main path goes on from ``src``."""
        outer, self.entry = self.entry, self.saved.get(g.source or "")
        out: str | None = None
        if isinstance(body, Node):  # folded: one node for the whole side path
            self.edge(self.entry, body.id)
            self.folded(body)
            out = body.id
        elif self.entry is not None:
            out = self.item(body, self.entry)
        self.entry = outer
        if g.name and out is not None:
            self.saved[g.name] = out
        if src is not None:
            self.around.add(src)

    def folded(self, node: Node) -> None:
        lo, hi = node.rows
        inner = [g for g in self.groups.values() if lo <= g.start and g.end <= hi]
        for g in inner:
            if g.kind == "side" and g.source in self.saved and g.path != node.group:
                self.edge(self.saved[str(g.source)], node.id, skip=True)
        for i in range(lo, hi):
            self.row(self.rows[i], node.id)
        for g in inner:
            if g.name:
                self.saved[g.name] = node.id
