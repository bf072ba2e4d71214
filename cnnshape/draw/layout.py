"""Series-parallel box layout: sequences top-down, branches side by side, clusters as frames.

Two passes over the drawing's tree: ``_measure`` sizes every item bottom-up, ``_place`` gives
each an absolute box top-down, centring an item in the column its parent gives it, so a
sequence's edges are straight vertical lines. Text is measured by counting characters of a
monospace font (wide East Asian characters count two). Edges are routed orthogonally: fan-out
and fan-in through the bus lines of their parallel form, a pass-through branch (an identity
shortcut, an empty branch) down its own column, named skips (and the main path past a side
path) down lanes right of the picture.
"""

from __future__ import annotations

import unicodedata

from cnnshape.draw.boxes import Box, Frame, Layout, Placed
from cnnshape.draw.graph import Cluster, Drawing, Item, Node, Par, Seq
from cnnshape.draw.routes import route_all

FONT = 12  # px, monospace
CHAR = FONT * 0.6  # advance of one monospace character
LINE = 16  # line height
PAD_X, PAD_Y = 10, 6  # inside a node
GAP = 26  # vertical space between items (holds an edge and its arrow)
HGAP = 24  # between branches
BUS = 36  # above and below branches, for the fork and join lines (and their shape labels)
FRAME = 10  # inside a cluster frame
LABEL = 20  # a frame's label row
PASS = 28  # width of a pass-through branch's column
LANE = 14  # between skip lanes
MAX_CHARS = 56  # longer lines are cut with "…" (the full text is the node's tooltip)


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cut(text: str, limit: int = MAX_CHARS) -> str:
    return text if columns(text) <= limit else text[: limit - 1] + "…"


def node_lines(n: Node) -> list[str]:
    lines = [n.title, n.detail, n.shape_text]
    if n.marks:
        lines.append("! " + " ".join(dict.fromkeys(m.code for m in n.marks)))
    return [cut(s) for s in lines if s]


class _Layouter:
    def __init__(self) -> None:
        self.size: dict[int, tuple[float, float]] = {}
        self.out = Layout(0, 0)
        self.fork: dict[str, float] = {}  # branch entry node → the fork bus's y
        self.join: dict[tuple[str, str], float] = {}  # (branch exit, merge) → the join bus's y
        self.passes: dict[str, list[tuple[float, float, float]]] = {}  # merge → (x, fork, join)

    def measure(self, it: Item) -> tuple[float, float]:
        size: tuple[float, float]
        if isinstance(it, Node):
            lines = node_lines(it)
            w = max(columns(s) for s in lines) * CHAR + 2 * PAD_X
            size = (w, len(lines) * LINE + 2 * PAD_Y)
        elif isinstance(it, Seq):
            sizes = [self.measure(x) for x in it.items]
            h = sum(s[1] for s in sizes) + GAP * max(len(sizes) - 1, 0)
            boxes = [x for x in it.items if isinstance(x, Node) and x.kind == "layer"]
            widest = max((self.size[id(x)][0] for x in boxes), default=0)
            for x in boxes:  # a column of layers shares one width
                self.size[id(x)] = (widest, self.size[id(x)][1])
            size = (max((s[0] for s in sizes), default=0), h)
        elif isinstance(it, Par):
            sizes = [self.measure(b) for b in it.branches]
            w = sum(max(s[0], PASS) for s in sizes) + HGAP * (len(sizes) - 1)
            m = self.measure(it.merge)
            size = (max(w, m[0]), max((s[1] for s in sizes), default=0) + 2 * BUS + m[1])
        else:
            w, h = self.measure(it.body)
            label = columns(it.label) * CHAR + 2 * FRAME
            size = (max(w + 2 * FRAME, label), h + LABEL + 2 * FRAME)
        self.size[id(it)] = size
        return size

    def place(self, it: Item, x: float, y: float, width: float, depth: int) -> None:
        w, h = self.size[id(it)]
        if isinstance(it, Node):
            box = Box(x + (width - w) / 2, y, w, h)
            self.out.nodes[it.id] = Placed(it, box, node_lines(it))
        elif isinstance(it, Seq):
            for child in it.items:
                self.place(child, x, y, width, depth)
                y += self.size[id(child)][1] + GAP
        elif isinstance(it, Par):
            self.par(it, x, y, width, depth)
        else:
            box = Box(x + (width - w) / 2, y, w, h)
            self.out.frames.append(Frame(it, box, depth))
            inner = w - 2 * FRAME
            self.place(it.body, box.x + FRAME, y + LABEL + FRAME, inner, depth + 1)

    def par(self, it: Par, x: float, y: float, width: float, depth: int) -> None:
        widths = [max(self.size[id(b)][0], PASS) for b in it.branches]
        total = sum(widths) + HGAP * (len(widths) - 1)
        bx = x + (width - total) / 2
        tallest = max((self.size[id(b)][1] for b in it.branches), default=0)
        fork, join = y + BUS / 2, y + BUS + tallest + BUS / 2
        for branch, bw in zip(it.branches, widths, strict=True):
            if not _nodes(branch):
                self.passes.setdefault(it.merge.id, []).append((bx + bw / 2, fork, join))
            for entry in _entries(branch):
                self.fork[entry] = fork
            exit_ = _exit(branch)
            if exit_ is not None:
                self.join[(exit_, it.merge.id)] = join
            self.place(branch, bx, y + BUS, bw, depth)
            bx += bw + HGAP
        self.place(it.merge, x, y + 2 * BUS + tallest, width, depth)


def _nodes(it: Item) -> bool:
    if isinstance(it, Node):
        return True
    if isinstance(it, Seq):
        return any(_nodes(x) for x in it.items)
    return True if isinstance(it, Par) else _nodes(it.body)


def _entries(it: Item) -> list[str]:
    if isinstance(it, Node):
        return [it.id]
    if isinstance(it, Cluster):
        return _entries(it.body)
    if isinstance(it, Par):
        return [e for b in it.branches for e in _entries(b)] or [it.merge.id]
    for x in it.items:
        if _nodes(x):
            return _entries(x)
    return []


def _exit(it: Item) -> str | None:
    if isinstance(it, Node):
        return it.id
    if isinstance(it, Cluster):
        return _exit(it.body)
    if isinstance(it, Par):
        return it.merge.id
    for x in reversed(it.items):
        if _nodes(x):
            return _exit(x)
    return None


def layout(d: Drawing) -> Layout:
    """Every node's box, every frame and every edge's polyline, in px."""
    lay = _Layouter()
    w, h = lay.measure(d.root)
    lay.place(d.root, 0, 0, w, 0)
    lay.out.width, lay.out.height = w, h
    route_all(lay.out, d, lay.fork, lay.join, lay.passes)
    return lay.out
