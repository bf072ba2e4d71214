"""What every SVG cnnshape writes shares: escaping, the font, colours, the findings footer."""

from __future__ import annotations

import re
import textwrap

from cnnshape.draw.graph import Mark

FONT_FAMILY = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"

#: family → (fill, stroke): one colour per kind of layer, the same in every picture.
COLOURS: dict[str, tuple[str, str]] = {
    "conv": ("#dbeafe", "#2563eb"),
    "pool": ("#dcfce7", "#16a34a"),
    "activation": ("#fef9c3", "#a16207"),
    "norm": ("#f3e8ff", "#9333ea"),
    "linear": ("#ffedd5", "#ea580c"),
    "upsample": ("#cffafe", "#0e7490"),
    "merge": ("#f1f5f9", "#475569"),
    "io": ("#e5e7eb", "#374151"),
    "group": ("#ffffff", "#64748b"),
    "other": ("#f5f5f5", "#737373"),
}
ERROR, WARNING = "#dc2626", "#d97706"

# Characters XML 1.0 does not allow, even escaped.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def esc(text: object) -> str:
    """Text or an attribute value, safe inside double quotes."""
    s = _INVALID.sub("\ufffd", str(text))
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def header(width: float, height: float, kind: str, title: str) -> list[str]:
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(height)}" '
        f'viewBox="0 0 {num(width)} {num(height)}" font-family="{FONT_FAMILY}" font-size="12" '
        f'data-cnnshape="{kind}">',
        f"<title>{esc(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="context-stroke"/></marker></defs>',
        f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>',
    ]


def wrap(marks: list[Mark], chars: int) -> list[tuple[str, str]]:
    """The findings footer: (colour, line) pairs wrapped at ``chars`` characters."""
    out: list[tuple[str, str]] = []
    for m in marks:
        where = f"line {m.line}: " if m.line else ""
        text = f"{where}{'error' if m.error else 'warning'} {m.code} {m.message}"
        colour = ERROR if m.error else WARNING
        out += [(colour, line) for line in textwrap.wrap(text, max(chars, 40))]
    return out
