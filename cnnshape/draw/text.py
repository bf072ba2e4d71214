"""The graph as text for other tools: Mermaid (``flowchart TD``) and Graphviz DOT.

Both declare every node inside the subgraph of its group, then every edge. Node ids are
``n0``, ``n1``, ... in drawing order (the model's ids hold dots and colons); labels escape
every character that could end or change them (Mermaid entity codes, DOT backslashes).
"""

from __future__ import annotations

from collections.abc import Callable

from cnnshape.draw.graph import Cluster, Drawing, Item, Node, Par, Seq
from cnnshape.draw.svgtext import COLOURS

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:()_-+=/")


def _lines(n: Node) -> list[str]:
    marks = " ".join(dict.fromkeys(m.code for m in n.marks))
    return [s for s in (n.title, n.detail, n.shape_text, f"! {marks}" if marks else "") if s]


def mermaid_text(s: str) -> str:
    """Text inside a quoted Mermaid label: anything unusual as an entity code (#35; for #)."""
    return "".join(c if c in _PLAIN else f"#{ord(c)};" for c in s)


def _dot_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")


class _Walker:
    def __init__(
        self, node: Callable[[str, Node], str], open_: Callable[[str, Cluster], str], close: str
    ) -> None:
        self.ids: dict[str, str] = {}
        self.lines: list[str] = []
        self.node, self.open_, self.close = node, open_, close
        self.clusters = 0

    def ident(self, node_id: str) -> str:
        return self.ids.setdefault(node_id, f"n{len(self.ids)}")

    def walk(self, it: Item, indent: str) -> None:
        if isinstance(it, Node):
            self.lines.append(indent + self.node(self.ident(it.id), it))
        elif isinstance(it, Seq):
            for x in it.items:
                self.walk(x, indent)
        elif isinstance(it, Par):
            for b in it.branches:
                self.walk(b, indent)
            self.walk(it.merge, indent)
        else:
            self.lines.append(indent + self.open_(f"c{self.clusters}", it))
            self.clusters += 1
            self.walk(it.body, indent + "  ")
            self.lines.append(indent + self.close)


def _mermaid_node(ident: str, n: Node) -> str:
    label = "<br/>".join(mermaid_text(s) for s in _lines(n))
    shape = ('(["', '"])') if n.kind == "merge" else ('["', '"]')
    return f"{ident}{shape[0]}{label}{shape[1]}:::{n.family}"


def _mermaid_open(ident: str, c: Cluster) -> str:
    return f'subgraph {ident}["{mermaid_text(c.label)}"]'


def mermaid(d: Drawing) -> str:
    """A Mermaid flowchart of the drawing."""
    w = _Walker(_mermaid_node, _mermaid_open, "end")
    w.walk(d.root, "  ")
    lines = ["flowchart TD", *w.lines]
    for e in d.edges:
        arrow = "-.->" if e.skip else "-->"
        if e.label:
            arrow += f'|"{mermaid_text(e.label)}"|'
        lines.append(f"  {w.ident(e.src)} {arrow} {w.ident(e.dst)}")
    used = dict.fromkeys(n.family for n in d.nodes.values())
    for fam in used:
        fill, stroke = COLOURS.get(fam, COLOURS["other"])
        lines.append(f"  classDef {fam} fill:{fill},stroke:{stroke},color:#111827")
    marked = [w.ident(n.id) for n in d.nodes.values() if n.marks]
    if marked:
        lines.append("  classDef finding stroke:#dc2626,stroke-width:3px")
        lines.append(f"  class {','.join(marked)} finding")
    return "\n".join(lines) + "\n"


def _dot_node(ident: str, n: Node) -> str:
    label = "\\n".join(_dot_text(s) for s in _lines(n))
    fill, stroke = COLOURS.get(n.family, COLOURS["other"])
    if n.marks:
        stroke = "#dc2626"
    shape = "ellipse" if n.kind == "merge" else "box"
    return f'{ident} [label="{label}", shape={shape}, fillcolor="{fill}", color="{stroke}"];'


def _dot_open(ident: str, c: Cluster) -> str:
    return f'subgraph cluster_{ident} {{ label="{_dot_text(c.label)}"; style="rounded,dashed";'


def dot(d: Drawing) -> str:
    """A Graphviz digraph of the drawing (render with ``dot -Tsvg``)."""
    w = _Walker(_dot_node, _dot_open, "}")
    w.walk(d.root, "  ")
    lines = [
        f'digraph "{_dot_text(d.title)}" {{',
        "  rankdir=TB;",
        '  node [style="rounded,filled", fontname="monospace", fontsize=10];',
        '  edge [color="#64748b"];',
        *w.lines,
    ]
    for e in d.edges:
        attrs = ['style=dashed, color="#0e7490", constraint=false'] if e.skip else []
        attrs += [f'label="{_dot_text(e.label)}"'] if e.label else []
        extra = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {w.ident(e.src)} -> {w.ident(e.dst)}{extra};")
    return "\n".join([*lines, "}"]) + "\n"
