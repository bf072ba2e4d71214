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


def render(report: FileReport) -> str:
    """The figure as an SVG document."""
    steps = main_path(report)
    dims = [_dims(s) for s in steps]
    tallest = max(fh + d * SIDE for _, fh, d in dims)
    mid = TOP + tallest / 2
    xs, x = [], 20.0
    for (fw, _, d), s in zip(dims, steps, strict=True):
        xs.append(x)
        text = max(len(shape_label(s)), len(s.title)) * 7.2 * 0.85
        x += max(fw + d * SIDE, text) + GAP
    width, height = x, mid + tallest / 2 + BOTTOM + 30
    title = report.name or report.path
    out = [*header(width, height, "blocks", title)]
    out.append(f'<text x="20" y="24" font-weight="bold" font-size="14">{esc(title)}</text>')
    for i, (s, (fw, fh, d), x0) in enumerate(zip(steps, dims, xs, strict=True)):
        fam = "linear" if s.dense else "io" if s.id == "in" else "conv" if s.kernel else "pool"
        fill, stroke = COLOURS["group" if s.branched else fam]
        if i + 1 < len(steps) and steps[i + 1].kernel and s.shape and len(s.shape) >= 2:
            out.append(_kernel(steps[i + 1], s, (x0, mid, fw, fh, d), xs[i + 1], dims[i + 1]))
        cx = x0 + (fw + d * SIDE) / 2
        italic = ' font-style="italic"' if s.branched else ""
        out += [
            f'<g class="fmap" data-step="{i}" data-id="{esc(s.id)}" '
            f'data-shape="{esc(",".join(map(str, s.shape or ())))}">',
            f"<title>{esc(' '.join(filter(None, (s.title, s.detail, shape_label(s)))))}</title>",
            _cuboid(x0, mid, (fw, fh, d), fill, stroke),
            f'<text class="layer" x="{num(cx)}" y="{num(mid - tallest / 2 - 8)}" '
            f'text-anchor="middle" font-size="10"{italic}>{esc(s.title)}</text>',
            f'<text class="shape" x="{num(cx)}" y="{num(mid + tallest / 2 + 18)}" '
            f'text-anchor="middle" font-size="10">{esc(shape_label(s))}</text>',
            "</g>",
        ]
    if any(s.branched for s in steps):
        out.append(
            f'<text x="20" y="{num(height - 10)}" font-size="10" fill="#475569">main path only: '
            "residual and parallel forms are shown by their output (italic)</text>"
        )
    return "\n".join([*out, "</svg>"]) + "\n"


def _kernel(
    step: Step,
    src: Step,
    box: tuple[float, float, float, float, float],
    next_x: float,
    next_dims: tuple[float, float, float],
) -> str:
    """The kernel of ``step`` as a small square on the front face of the map it reads, with
    its size and two lines to the centre of the map it makes (the classic pyramid)."""
    x, mid, fw, fh, _ = box
    assert step.kernel is not None and src.shape is not None
    k = step.kernel[-1]
    rows = src.shape[-2] if len(src.shape) >= 3 else src.shape[-1]
    side = _clamp(fh * k / max(rows, 1), 5, fh * 0.6)
    kx, ky = x + fw * 0.5 - side / 2, mid - side / 2
    tx, ty = next_x + next_dims[0] / 2, mid
    size = "×".join(map(str, step.kernel))
    return (
        f'<g class="kernel" data-id="{esc(step.id)}">'
        f'<rect x="{num(kx)}" y="{num(ky)}" width="{num(side)}" height="{num(side)}" '
        'fill="#fde68a" stroke="#b45309"/>'
        f'<line x1="{num(kx + side)}" y1="{num(ky)}" x2="{num(tx)}" y2="{num(ty)}" '
        'stroke="#b45309" stroke-width="0.8"/>'
        f'<line x1="{num(kx + side)}" y1="{num(ky + side)}" x2="{num(tx)}" y2="{num(ty)}" '
        'stroke="#b45309" stroke-width="0.8"/>'
        f'<text x="{num(kx + side / 2)}" y="{num(ky + side + 12)}" font-size="9" '
        f'text-anchor="middle" fill="#92400e">{esc(size)}</text></g>'
    )
