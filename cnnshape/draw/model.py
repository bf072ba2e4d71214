"""The one adapter from a checked report to the drawing's own model.

A :class:`Drawing` is a series-parallel tree (``Seq`` of ``Node``/``Par``/``Cluster``), the
edges between its nodes, and the findings placed on them. Everything that knows how the
report encodes structure (``GroupRow`` kinds, labels, ``reps``, paths, the rules' ``from``)
lives here, so the renderers change nothing when the report does. The structure is rebuilt
as ``cnnshape.export.graph`` rebuilds it: the pre-order groups nested by path; a residual's
``shortcut`` branch beside its body; a parallel form's merge read from its label.
"""

from __future__ import annotations

from cnnshape.args import Args
from cnnshape.diagnostics import Diagnostic
from cnnshape.draw.graph import Cluster, Drawing, Edge, Item, Mark, Node, Par, Seq, Step
from cnnshape.export.tree import Node as TreeNode
from cnnshape.export.tree import tree
from cnnshape.layers import BY_NAME
from cnnshape.report import FileReport, GroupRow, Row

#: A rule's module → the colour family of its layers (a new rule in a module inherits it).
_FAMILIES = dict(
    conv="conv", transpose="upsample", resample="upsample", pool="pool", join="merge",
    elementwise="activation", norm="norm", groupnorm="norm", linear="linear",
)  # fmt: skip


def family(type_name: str) -> str:
    rule = BY_NAME.get(type_name)
    return (
        "other" if rule is None else _FAMILIES.get(type(rule).__module__.rsplit(".")[-1], "other")
    )


def sources(row: Row) -> tuple[str, ...]:
    """The earlier named outputs a row also takes (Concat/Add ``from``), as its rule says."""
    rule = BY_NAME.get(row.type)
    if rule is None:
        return ()
    try:
        return rule.sources(Args(row.args, {}, frozenset()))
    except Exception:  # an unchecked row's arguments: draw it without its skips
        return ()


def _kernel(row: Row) -> tuple[int, ...] | None:
    k = row.args.get("kernel_size")
    if isinstance(k, int):
        return (k,)
    if isinstance(k, (list, tuple)) and all(isinstance(v, int) for v in k):
        return tuple(k)
    return None


def layer_node(row: Row) -> Node:
    title = row.type + (f" {row.name}" if row.name else "")
    changed = row.output_shape != row.input_shape
    node = Node(f"r{row.index}", "layer", title, row.summary, row.output_shape, changed=changed)
    node.family, node.row, node.kernel = family(row.type), row.index, _kernel(row)
    node.dense = "in_features" in row.args  # a fully connected layer
    return node


def _merge_kind(g: GroupRow) -> str:
    """'concat' or 'add': the report does not carry it yet, so read it from the label."""
    return "concat" if g.kind == "parallel" and g.label.endswith("concat") else "add"


def _group_label(g: GroupRow) -> str:
    return g.label + (f" {g.name}" if g.name and g.name not in g.label else "")


def _identical(g: GroupRow, rows: list[Row]) -> bool:
    """A repeat whose repetitions are identical row for row (as the table folds them)."""
    if g.kind != "repeat" or len(g.reps) < 2 or g.end <= g.reps[1]:
        return False
    bounds = [*g.reps, g.end]

    def sig(k: int) -> list[tuple[object, ...]]:
        part = rows[bounds[k] : bounds[k + 1]]
        return [(r.type, r.name, r.summary, r.output_shape, r.params) for r in part]

    return all(sig(k) == sig(0) for k in range(1, len(g.reps)))


class _Builder:
    def __init__(self, report: FileReport, depth: int | None, fold: bool) -> None:
        self.rows = report.rows
        self.depth = depth
        self.fold = fold
        self.nodes: dict[str, Node] = {}
        self.alias: dict[int, int] = {}  # hidden row → its counterpart in the shown repetition
        self.owner: dict[int, str] = {}  # row inside a folded group → the folded node
        self.groups: dict[str, GroupRow] = {g.path: g for g in report.groups}

    def add(self, node: Node) -> Node:
        self.nodes[node.id] = node
        return node

    def seq(self, children: list[Row | TreeNode]) -> Seq:
        return Seq([self.item(c) for c in children])

    def item(self, child: Row | TreeNode) -> Item:
        if isinstance(child, Row):
            return self.add(layer_node(child))
        g = child.group
        assert g is not None
        if self.depth is not None and g.depth >= self.depth:
            return self.folded(g)
        if g.kind in ("residual", "parallel"):
            return Cluster(g.path, g.kind, _group_label(g), Seq([self.par(child, g)]))
        children, times = child.children, 1
        if self.fold and _identical(g, self.rows):
            children = [c for c in children if _start(c) < g.reps[1]]
            times = len(g.reps)
            span = g.reps[1] - g.reps[0]
            for i in range(g.reps[1], g.end):
                self.alias[i] = g.reps[0] + (i - g.reps[1]) % span
        return Cluster(g.path, g.kind, _group_label(g), self.seq(children), times)

    def par(self, tn: TreeNode, g: GroupRow) -> Par:
        merge = self.add(
            Node(f"m:{g.path}", "merge", "concat" if _merge_kind(g) == "concat" else "+")
        )
        merge.shape, merge.group, merge.family = g.output_shape, g.path, "merge"
        if g.kind == "residual":
            body = [c for c in tn.children if not _is_branch(c)]
            short = [c for c in tn.children if isinstance(c, TreeNode) and _is_branch(c)]
            shortcut = self.seq([x for s in short for x in s.children])
            return Par([self.seq(body), shortcut], merge, ["body", "shortcut"])
        branches = [c for c in tn.children if isinstance(c, TreeNode)]
        labels = [c.group.label if c.group else "" for c in branches]
        return Par([self.seq(b.children) for b in branches], merge, labels)

    def folded(self, g: GroupRow) -> Node:
        label = _group_label(g)
        detail = f"{g.end - g.start} layers" + (f", {g.params:,} params" if g.params else "")
        node = self.add(Node(f"g:{g.path}", "folded", label, detail, g.output_shape, "group"))
        node.group, node.rows = g.path, (g.start, g.end)
        for i in range(g.start, g.end):
            self.owner[i] = node.id
        return node

    def node_of(self, index: int) -> str:
        index = self.alias.get(index, index)
        return self.owner.get(index, f"r{index}")


def _start(child: Row | TreeNode) -> int:
    return child.index if isinstance(child, Row) else (child.group.start if child.group else 0)


def _is_branch(child: Row | TreeNode) -> bool:
    return isinstance(child, TreeNode) and child.group is not None and child.group.kind == "branch"


class _Wirer:
    """Edges in execution order; a name maps to the node of its most recent output."""

    def __init__(self, b: _Builder) -> None:
        self.b = b
        self.edges: list[Edge] = []
        self.saved: dict[str, str] = {}

    def edge(self, src: str | None, dst: str, skip: bool = False) -> None:
        if src is not None and src != dst:
            self.edges.append(Edge(src, dst, skip))

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
            for branch in it.branches:
                self.edge(self.item(branch, src), it.merge.id)
            return it.merge.id
        if isinstance(it, Cluster):
            out = self.item(it.body, src)
            g = self.b.groups[it.path]
            if g.name and out is not None:
                self.saved[g.name] = out
            return out
        self.edge(src, it.id)
        if it.row is not None:
            self.row(self.b.rows[it.row], it.id)
        elif it.kind == "folded":
            self.folded(it)
        return it.id

    def folded(self, node: Node) -> None:
        lo, hi = node.rows
        inner = [g for g in self.b.groups.values() if lo <= g.start and g.end <= hi and g.name]
        for i in range(lo, hi):
            self.row(self.b.rows[i], node.id)
        for g in inner:
            self.saved[str(g.name)] = node.id


def _placed(report: FileReport, b: _Builder, d: Diagnostic) -> str | None:
    """The node a finding belongs to: by its line, and by the path its message starts with."""
    if d.span is None:
        return None
    rows = [r for r in report.rows if r.line == d.span.line]
    for r in rows:
        if d.message.startswith(r.path + ":"):
            return b.node_of(r.index)
    for g in report.groups:
        if g.line == d.span.line and d.message.startswith((g.path + ":", f"{g.kind} {g.path}:")):
            merge = f"m:{g.path}"
            return merge if merge in b.nodes else b.node_of(g.start) if g.end > g.start else None
    if not rows:
        return None
    broken = [r for r in rows if r.output_shape is None]
    return b.node_of((broken or rows)[0].index)


def place_marks(report: FileReport, b: _Builder) -> list[Mark]:
    """Attach each finding to its node; the ones with no node are returned."""
    unplaced = []
    for d in report.diagnostics:
        node = b.nodes.get(_placed(report, b, d) or "")
        m = mark(d)
        if node is None:
            unplaced.append(m)
        elif m not in node.marks:
            node.marks.append(m)
    return unplaced


def build(report: FileReport, depth: int | None = None, fold: bool = True) -> Drawing:
    """The drawing of ``report``: groups deeper than ``depth`` folded to one node each,
    identical repetitions shown once (``fold``)."""
    b = _Builder(report, depth, fold)
    entry = b.add(Node("in", "input", "Input", "", report.input_shape, "io", True))
    body = b.seq(tree(report).children)
    last = report.rows[-1].output_shape if report.rows else report.input_shape
    exit_ = b.add(Node("out", "output", "Output", "", report.output_shape or last, "io"))
    exit_.changed = False
    root = Seq([entry, *body.items, exit_])
    wirer = _Wirer(b)
    wirer.item(root, None)
    edges = wirer.edges
    unplaced = place_marks(report, b)
    title = report.name or report.path
    return Drawing(title, root, edges, b.nodes, unplaced, report.ok)


def mark(d: Diagnostic) -> Mark:
    return Mark(d.code, d.is_error, d.message, d.span.line if d.span else None)


def main_path(report: FileReport) -> list[Step]:
    """The feature maps along the main path: the input, then every layer that changes the
    shape, has a kernel or is fully connected; a residual or parallel form is one step."""
    steps = [Step("in", "Input", "", report.input_shape)]

    def walk(children: list[Row | TreeNode]) -> None:
        for c in children:
            if isinstance(c, Row):
                n = layer_node(c)
                if n.changed or n.kernel or n.dense:
                    steps.append(Step(n.id, n.title, n.detail, n.shape, n.kernel, n.dense))
            elif c.group is not None and c.group.kind in ("residual", "parallel"):
                g = c.group
                steps.append(
                    Step(f"g:{g.path}", _group_label(g), "", g.output_shape, None, False, True)
                )
            else:
                walk(c.children)

    walk(tree(report).children)
    return steps
