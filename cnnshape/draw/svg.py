"""The graph as SVG: frames for groups, coloured boxes for layers, arrows for edges.

Every node is a ``<g class="node" data-node=ID>`` with ``data-row`` (a layer's row index) or
``data-group`` (a merge's or folded group's path); every edge a ``<g class="edge"
data-from=ID data-to=ID>``. Tests read the picture back through these attributes.
"""

from __future__ import annotations

from cnnshape.draw.boxes import Frame, Layout, Placed
from cnnshape.draw.graph import Drawing, Mark
from cnnshape.draw.layout import CHAR, FRAME, LABEL, LINE, PAD_Y, layout
from cnnshape.draw.svgtext import COLOURS, ERROR, WARNING, esc, header, num, wrap

MARGIN = 16
TITLE = 28

STYLE = """<style>
.node text { text-anchor: middle; }
.node .title { font-weight: bold; }
.edge polyline { fill: none; stroke: #64748b; stroke-width: 1.3; marker-end: url(#arrow); }
.edge.skip polyline { stroke: #0e7490; stroke-dasharray: 5 3; }
.halo { paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.cluster rect { fill: #64748b; fill-opacity: 0.05; stroke: #94a3b8; }
.cluster text { fill: #334155; }
</style>"""


def _node(p: Placed) -> list[str]:
    n, b = p.node, p.box
    fill, stroke = COLOURS.get(n.family, COLOURS["other"])
    width, dash = "1.2", ""
    if any(m.error for m in n.marks):
        stroke, width = ERROR, "2.5"
    elif n.marks:
        stroke, width = WARNING, "2.5"
    if n.shape is None and n.kind == "layer":
        dash = ' stroke-dasharray="4 2"'
    data = f' data-row="{n.row}"' if n.row is not None else ""
    data += f' data-group="{esc(n.group)}"' if n.group is not None else ""
    rx = b.h / 2 if n.kind == "merge" else 6
    tip = "\n".join([n.title, n.detail, n.shape_text, *(f"{m.code} {m.message}" for m in n.marks)])
    out = [
        f'<g class="node {n.kind} {n.family}" data-node="{esc(n.id)}" data-kind="{n.kind}"{data}>',
        f"<title>{esc(tip)}</title>",
        f'<rect x="{num(b.x)}" y="{num(b.y)}" width="{num(b.w)}" height="{num(b.h)}" '
        f'rx="{num(rx)}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>',
    ]
    for i, line in enumerate(p.lines):
        y = b.y + PAD_Y + LINE * (i + 1) - 4
        cls, colour = _line_style(i, line, p)
        out.append(f'<text x="{num(b.cx)}" y="{num(y)}"{cls} fill="{colour}">{esc(line)}</text>')
    out.append("</g>")
    return out


def _line_style(i: int, line: str, p: Placed) -> tuple[str, str]:
    n = p.node
    if i == 0:
        return ' class="title"', "#111827"
    if n.marks and i == len(p.lines) - 1:
        return ' class="title"', ERROR if any(m.error for m in n.marks) else WARNING
    if line == n.shape_text and i == len(p.lines) - 1 - bool(n.marks):
        return "", "#111827" if n.changed else "#6b7280"
    return "", "#374151"


def _frame(f: Frame) -> tuple[list[str], list[str]]:
    """The frame's rectangles (drawn under the edges) and its label (drawn over them)."""
    b, c = f.box, f.cluster
    back = []
    for k in range(min(c.times, 3) - 1, 0, -1):  # a folded repeat: a stack of cards
        back.append(
            f'<rect x="{num(b.x + 4 * k)}" y="{num(b.y + 4 * k)}" width="{num(b.w)}" '
            f'height="{num(b.h)}" rx="8" fill="#ffffff" stroke="#94a3b8"/>'
        )
    dash = ' stroke-dasharray="6 3"' if c.kind in ("residual", "parallel") else ""
    rect = (
        f'<rect x="{num(b.x)}" y="{num(b.y)}" width="{num(b.w)}" height="{num(b.h)}" rx="8"{dash}/>'
    )
    back += [f'<g class="cluster {esc(c.kind)}" data-group="{esc(c.path)}">', rect, "</g>"]
    label = (
        f'<text class="halo cluster-label" x="{num(b.x + FRAME)}" y="{num(b.y + LABEL - 4)}" '
        f'fill="#334155" font-weight="bold">{esc(c.label)}</text>'
    )
    return back, [label]


def _edges(lay: Layout) -> list[str]:
    out = []
    for r in lay.routes:
        e = r.edge
        cls = "edge skip" if e.skip else "edge"
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in r.points)
        out.append(
            f'<g class="{cls}" data-from="{esc(e.src)}" data-to="{esc(e.dst)}">'
            f'<polyline points="{pts}"/></g>'
        )
        if r.label:
            x, y = r.at
            out.append(
                f'<text class="halo" x="{num(x)}" y="{num(y)}" font-size="10" '
                f'text-anchor="middle" fill="#475569">{esc(r.label)}</text>'
            )
    return out


def render(d: Drawing) -> str:
    """The SVG document for ``d``."""
    lay = layout(d)
    marks: list[Mark] = [m for p in lay.nodes.values() for m in p.node.marks] + d.unplaced
    foot = wrap(sorted(marks, key=lambda m: m.line or 0), int(lay.width / CHAR))
    width = max(lay.width, 320) + 2 * MARGIN
    height = lay.height + TITLE + 2 * MARGIN + (len(foot) * LINE + 8 if foot else 0)
    out = [*header(width, height, "graph", d.title), STYLE]
    out.append(
        f'<text x="{MARGIN}" y="{MARGIN + 12}" font-weight="bold" font-size="14">'
        f"{esc(d.title)}</text>"
    )
    out.append(f'<g transform="translate({MARGIN},{MARGIN + TITLE})">')
    labels: list[str] = []
    for f in lay.frames:
        back, label = _frame(f)
        out += back
        labels += label
    out += _edges(lay)
    for p in lay.nodes.values():
        out += _node(p)
    out += labels
    out.append("</g>")
    y = MARGIN + TITLE + lay.height + 8
    for colour, line in foot:
        y += LINE
        out.append(
            f'<text class="finding" x="{MARGIN}" y="{num(y)}" fill="{colour}">{esc(line)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
