"""The feature-map figure (``--style blocks``), as in the classic AlexNet and LeNet drawings.

Left to right, each feature map of the main path is a 3-D box: its height grows with the
map's height, its receding side with the width (both by square root, clamped), its front
face's width with the channels. A layer with a kernel shows the kernel as a small square on
the map it reads, with its size and lines to the map it makes; a fully connected output is
a thin tall bar. Residual and parallel forms are drawn by their output only (one box, its
label in italics), and the caption says so. Every number is the report's.
"""

from __future__ import annotations

import math

from cnnshape.draw.graph import Step
from cnnshape.draw.model import main_path
from cnnshape.draw.svgtext import COLOURS, esc, header, num
from cnnshape.report import FileReport

GAP = 46  # between boxes
TOP = 70  # room above the tallest box for titles
BOTTOM = 44  # below, for shape labels
SIDE = 0.6  # the receding edge's slope (dx, and −dy)


def _clamp(v: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, v))


def _dims(step: Step) -> tuple[float, float, float]:
    """(front width, front height, receding depth) in px."""
    s = step.shape
    if s is None:
        return 24, 24, 8
    if len(s) == 1:  # a vector: a thin bar, height by features
        return 10, _clamp(3 * math.sqrt(s[0]), 12, 200), 4
    c, spatial = s[0], s[1:]
    h = spatial[-2] if len(spatial) >= 2 else spatial[-1]
    w = spatial[-1] if len(spatial) >= 2 else 1
    return (
        _clamp(2.2 * math.sqrt(c), 4, 70),
        _clamp(9 * math.sqrt(h), 10, 180),
        _clamp(5 * math.sqrt(w), 3, 90),
    )


def shape_label(step: Step) -> str:
    """'64×55×55' (channels × height × width); one number for a vector."""
    return "?" if step.shape is None else "×".join(map(str, step.shape))


def _cuboid(x: float, mid: float, dims: tuple[float, float, float], fill: str, stroke: str) -> str:
    fw, fh, d = dims
    dx, dy = d * SIDE, -d * SIDE
    y = mid - fh / 2
    front = [(x, y), (x + fw, y), (x + fw, y + fh), (x, y + fh)]
    top = [(x, y), (x + dx, y + dy), (x + fw + dx, y + dy), (x + fw, y)]
    side = [(x + fw, y), (x + fw + dx, y + dy), (x + fw + dx, y + fh + dy), (x + fw, y + fh)]

    def poly(pts: list[tuple[float, float]], shade: str) -> str:
        p = " ".join(f"{num(a)},{num(b)}" for a, b in pts)
        return f'<polygon points="{p}" fill="{fill}" stroke="{stroke}" fill-opacity="{shade}"/>'

    return poly(top, "0.7") + poly(side, "0.9") + poly(front, "1")


def _spacing(steps: list[Step], dims: list[tuple[float, float, float]]) -> list[float]:
    """Left x of every box: boxes GAP apart, and labels (centred on their box) never touching."""
    xs, x = [], 20.0
    for k, ((fw, _, d), s) in enumerate(zip(dims, steps, strict=True)):
        if k:
            pw = dims[k - 1][0] + dims[k - 1][2] * SIDE
            need = (_text(steps[k - 1]) + _text(s)) / 2 + 12 - (pw + fw + d * SIDE) / 2
            x += pw + max(GAP, need)
        xs.append(x)
    return xs


def _text(s: Step) -> float:
    """Width of the widest label of a box, at 10 px monospace."""
    return max(len(shape_label(s)), len(s.title), len(s.detail)) * 6.0


def render(report: FileReport) -> str:
    """The figure as an SVG document."""
    steps = main_path(report)
    dims = [_dims(s) for s in steps]
    tallest = max(fh + d * SIDE for _, fh, d in dims)
    mid = TOP + tallest / 2
    xs = _spacing(steps, dims)
    last = dims[-1][0] + dims[-1][2] * SIDE
    width = xs[-1] + max(last, _text(steps[-1])) + 40
    height = mid + tallest / 2 + BOTTOM + 16
    title = report.name or report.path
    out = [*header(width, height, "blocks", title)]
    out.append(f'<text x="20" y="24" font-weight="bold" font-size="14">{esc(title)}</text>')
    for i, (s, (fw, fh, d), x0) in enumerate(zip(steps, dims, xs, strict=True)):
        fam = "linear" if s.dense else "io" if s.id == "in" else "conv" if s.kernel else "pool"
        fill, stroke = COLOURS["group" if s.branched else fam]
        cx = x0 + (fw + d * SIDE) / 2
        italic = ' font-style="italic"' if s.branched else ""
        top = mid - tallest / 2
        out += [
            f'<g class="fmap" data-step="{i}" data-id="{esc(s.id)}" '
            f'data-shape="{esc(",".join(map(str, s.shape or ())))}">',
            f"<title>{esc(' '.join(filter(None, (s.title, s.detail, shape_label(s)))))}</title>",
            _cuboid(x0, mid, (fw, fh, d), fill, stroke),
            f'<text class="layer" x="{num(cx)}" y="{num(top - 22)}" '
            f'text-anchor="middle" font-size="10" font-weight="bold"{italic}>{esc(s.title)}</text>',
            f'<text class="detail" x="{num(cx)}" y="{num(top - 9)}" '
            f'text-anchor="middle" font-size="10" fill="#4b5563">{esc(s.detail)}</text>',
            f'<text class="shape" x="{num(cx)}" y="{num(mid + tallest / 2 + 18)}" '
            f'text-anchor="middle" font-size="10">{esc(shape_label(s))}</text>',
            "</g>",
        ]
    for i in range(len(steps) - 1):  # kernels over the maps, drawn last so nothing hides them
        if steps[i + 1].kernel and steps[i].shape and len(steps[i].shape or ()) >= 2:
            nxt = (xs[i + 1], mid, *dims[i + 1])
            out.append(_kernel(steps[i + 1], steps[i], (xs[i], mid, *dims[i]), nxt))
    if any(s.branched for s in steps):
        out.append(
            f'<text x="20" y="{num(height - 10)}" font-size="10" fill="#475569">main path only: '
            "residual and parallel forms are shown by their output (italic)</text>"
        )
    return "\n".join([*out, "</svg>"]) + "\n"


Box = tuple[float, float, float, float, float]  # x, mid, front width, front height, depth


def _on_side(box: Box, u: float, v: float) -> tuple[float, float]:
    """A point of a box's side face (the H × W plane): u across the width, v down the height."""
    x, mid, fw, fh, d = box
    return x + fw + u * d * SIDE, mid - fh / 2 + v * fh - u * d * SIDE


def _kernel(step: Step, src: Step, box: Box, nxt: Box) -> str:
    """The kernel of ``step`` as a small patch on the side face of the map it reads, with its
    size, and lines from it to the map it makes (the classic pyramid)."""
    assert step.kernel is not None and src.shape is not None
    _, _, _, fh, d = box
    rows = src.shape[-2] if len(src.shape) >= 3 else src.shape[-1]
    cols = src.shape[-1] if len(src.shape) >= 3 else 1
    kh, kw = step.kernel[-2] if len(step.kernel) >= 2 else step.kernel[-1], step.kernel[-1]
    ku = min(max(kw / cols, 5 / max(d * SIDE, 1)), 0.8)
    kv = min(max(kh / rows, 5 / fh), 0.8)
    u0, v0 = 0.55 - ku / 2, 0.5 - kv / 2
    corners = [_on_side(box, u, v) for u, v in ((u0, v0), (u0 + ku, v0), (u0 + ku, v0 + kv))]
    corners.append(_on_side(box, u0, v0 + kv))
    tip = _on_side(nxt, 0.5, 0.5)
    pts = " ".join(f"{num(a)},{num(b)}" for a, b in corners)
    lines = "".join(
        f'<line x1="{num(a)}" y1="{num(b)}" x2="{num(tip[0])}" y2="{num(tip[1])}" '
        'stroke="#b45309" stroke-width="0.8"/>'
        for a, b in (corners[1], corners[2])
    )
    lx, ly = corners[3]
    size = "×".join(map(str, step.kernel))
    return (
        f'<g class="kernel" data-id="{esc(step.id)}">'
        f'<polygon points="{pts}" fill="#fde68a" stroke="#b45309"/>{lines}'
        f'<text class="halo" x="{num(lx)}" y="{num(ly + 11)}" font-size="9" fill="#92400e" '
        'style="paint-order: stroke; stroke: #ffffff; stroke-width: 3px">'
        f"{esc(size)}</text></g>"
    )
