"""The one adapter from a checked report to the drawing's own model.

A :class:`Drawing` is a series-parallel tree (``Seq`` of ``Node``/``Par``/``Cluster``), the
edges between its nodes (:mod:`cnnshape.draw.wiring`), and the findings placed on them.
Everything that knows how the report encodes structure (``GroupRow`` kinds, ``merge``,
``split``, ``source``, ``reps``, the rules' ``from``, the named inputs and outputs) lives here
and in ``wiring``, so the renderers change nothing when the report does. The nesting is the
report's (:func:`cnnshape.nesting.tree`); a residual's ``shortcut`` branch is drawn beside its
body; a side path is a frame in the main column that the main path goes around.
"""

from __future__ import annotations

from cnnshape.diagnostics import Diagnostic
from cnnshape.draw.graph import Cluster, Drawing, Item, Mark, Node, Par, Seq, Step
from cnnshape.draw.wiring import Wirer
from cnnshape.nesting import Node as TreeNode
from cnnshape.nesting import tree
from cnnshape.report import FileReport, GroupRow, Row

#: A rule's module → the colour family of its layers (a new rule in a module inherits it).
_FAMILIES = dict(
    conv="conv", transpose="upsample", resample="upsample", pool="pool", join="merge",
    elementwise="activation", norm="norm", groupnorm="norm", linear="linear",
)  # fmt: skip


def family(row: Row) -> str:
    rule = row.rule
    return (
        "other" if rule is None else _FAMILIES.get(type(rule).__module__.rsplit(".")[-1], "other")
    )


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
    node.family, node.row, node.kernel = family(row), row.index, _kernel(row)
    node.dense = "in_features" in row.args  # a fully connected layer
    return node


#: How a merge node is titled, by ``GroupRow.merge``.
_MERGE_TITLES = {"concat": "concat", "add": "+", "mul": "×"}


def _group_label(g: GroupRow) -> str:
    return g.label + (f" {g.name}" if g.name and g.name not in g.label.split() else "")


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
        if g.merge is not None:  # branches that meet: a residual or parallel form
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
        title = _MERGE_TITLES.get(g.merge or "add", str(g.merge))
        merge = self.add(Node(f"m:{g.path}", "merge", title))
        merge.shape, merge.group, merge.family = g.output_shape, g.path, "merge"
        if g.kind == "residual":
            body = [c for c in tn.children if not _is_branch(c)]
            short = [c for c in tn.children if isinstance(c, TreeNode) and _is_branch(c)]
            shortcut = self.seq([x for s in short for x in s.children])
            return Par([self.seq(body), shortcut], merge, ["body", "shortcut"])
        branches = [c for c in tn.children if isinstance(c, TreeNode)]
        labels = [c.group.label if c.group else "" for c in branches]
        return Par([self.seq(b.children) for b in branches], merge, labels, g.split)

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


def _ends(report: FileReport) -> tuple[list[Node], list[Node], dict[str, str]]:
    """The input node(s), the output node(s), and each named output node's name. The main
    input is ``in`` (named inputs beside it ``in:NAME``), the first output ``out``."""
    named_in = report.inputs if len(report.inputs) > 1 else []
    ins = [
        Node("in" if j == 0 else f"in:{name}", "input", f"Input {name}", "", shape, "io", True)
        for j, (name, shape) in enumerate(named_in)
    ] or [Node("in", "input", "Input", "", report.input_shape, "io", True)]
    last = report.rows[-1].output_shape if report.rows else report.input_shape
    outs = [
        Node("out" if j == 0 else f"out:{name}", "output", f"Output {name}", "", shape, "io")
        for j, (name, shape) in enumerate(report.outputs)
    ] or [Node("out", "output", "Output", "", report.output_shape or last, "io")]
    for n in outs:
        n.changed = False
    names = {n.id: name for n, (name, _) in zip(outs, report.outputs, strict=False)}
    return [*ins[1:], ins[0]], outs, names  # the main input last: its edge goes straight down


def build(report: FileReport, depth: int | None = None, fold: bool = True) -> Drawing:
    """The drawing of ``report``: groups deeper than ``depth`` folded to one node each,
    identical repetitions shown once (``fold``)."""
    b = _Builder(report, depth, fold)
    ins, outs, names = _ends(report)
    for n in [*ins, *outs]:
        b.add(n)
    body = b.seq(tree(report).children)
    root = Seq([*ins, *body.items, *outs])
    wirer = Wirer(report.rows, b.groups, b.nodes, names)
    for j, (name, _) in enumerate(report.inputs):
        wirer.saved[name] = "in" if j == 0 else f"in:{name}"
    wirer.item(root, None)
    unplaced = place_marks(report, b)
    title = report.name or report.path
    return Drawing(title, root, wirer.edges, b.nodes, unplaced, report.ok)


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
            elif c.group is not None and c.group.kind == "side":
                continue  # not on the main path
            elif c.group is not None and c.group.merge is not None:
                g = c.group
                steps.append(
                    Step(f"g:{g.path}", _group_label(g), "", g.output_shape, None, False, True)
                )
            else:
                walk(c.children)

    walk(tree(report).children)
    return steps
