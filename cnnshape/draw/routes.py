"""Orthogonal polylines for the edges of a placed drawing (see :mod:`cnnshape.draw.layout`)."""

from __future__ import annotations

from cnnshape.draw.boxes import Box, Layout, Point, Route
from cnnshape.draw.graph import Drawing

LANE_START = 18  # from the content's right edge to the first skip lane
LANE = 14  # between skip lanes


def _down(s: Box, t: Box, y: float) -> list[Point]:
    """From the bottom of s down to y, across, and down to the top of t."""
    if abs(s.cx - t.cx) < 0.5:
        return [(s.cx, s.bottom), (t.cx, t.y)]
    return [(s.cx, s.bottom), (s.cx, y), (t.cx, y), (t.cx, t.y)]


def route_all(
    lay: Layout,
    d: Drawing,
    fork: dict[str, float],
    join: dict[tuple[str, str], float],
    passes: dict[str, list[tuple[float, float, float]]],
) -> None:
    """Fill ``lay.routes``; widen the layout for the skip lanes."""
    free = {m: list(cols) for m, cols in passes.items()}
    skips = [e for e in d.edges if e.skip or e.around]
    # Shorter skips take the inner lanes, so nested skips (a U-Net's) never cross.
    order = sorted(skips, key=lambda e: lay.nodes[e.dst].box.y - lay.nodes[e.src].box.y)
    lanes = {id(e): lay.width + LANE_START + k * LANE for k, e in enumerate(order)}
    for e in d.edges:
        s, t = lay.nodes[e.src], lay.nodes[e.dst]
        label, at = e.label, (t.box.cx, t.box.y - 6)  # a split's piece: above the branch
        if e.skip or e.around:
            x, sy, ty = lanes[id(e)], s.box.y + s.box.h / 2, t.box.y + t.box.h / 2
            right_s, right_t = s.box.x + s.box.w, t.box.x + t.box.w
            points: list[Point] = [(right_s, sy), (x, sy), (x, ty), (right_t, ty)]
        elif (e.src, e.dst) in join:
            points = _down(s.box, t.box, join[(e.src, e.dst)])
            if t.node.title == "concat" and s.node.shape != t.node.shape:
                label = s.node.shape_text  # just above the join bus, on the branch's line
                at = (s.box.cx, join[(e.src, e.dst)] - 5)
        elif free.get(e.dst):
            x, f, j = free[e.dst].pop(0)
            points = [(s.box.cx, s.box.bottom), (s.box.cx, f), (x, f), (x, j), (t.box.cx, j)]
            points.append((t.box.cx, t.box.y))
            at = (x, f + 14)
        elif e.dst in fork and fork[e.dst] > s.box.bottom:
            points = _down(s.box, t.box, fork[e.dst])
        else:
            points = _down(s.box, t.box, (s.box.bottom + t.box.y) / 2)
        lay.routes.append(Route(e, _simplify(points), label, at))
    if skips:
        lay.width += LANE_START + len(skips) * LANE


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.01 and abs(out[-1][1] - p[1]) < 0.01:
            continue
        if len(out) >= 2 and _collinear(out[-2], out[-1], p):
            out[-1] = p
        else:
            out.append(p)
    return out


def _collinear(a: Point, b: Point, c: Point) -> bool:
    return (abs(a[0] - b[0]) < 0.01 and abs(b[0] - c[0]) < 0.01) or (
        abs(a[1] - b[1]) < 0.01 and abs(b[1] - c[1]) < 0.01
    )
