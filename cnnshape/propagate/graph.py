"""Spec items → the layer graph: a tree of groups over leaf layers, repeats expanded.

Each node carries its path and nesting depth. A path joins one segment per level:
an item's ``name`` or its index in its list; a repeat adds the repetition index;
a residual's shortcut layers sit under ``shortcut``; a parallel form's layers under
their branch index. So the second conv of the second block of a stage named
``layer3`` is ``layer3.1.0.conv2`` (stage, block use, residual, layer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.diagnostics import Span, SpecError
from cnnshape.limits import Limits
from cnnshape.spec.model import BadLayer, Branches, Item, LayerDef, Repeat


@dataclass(slots=True)
class Leaf:
    layer: LayerDef | BadLayer
    path: str
    depth: int


@dataclass(slots=True)
class Group:
    """A block use, residual, parallel form or repeat, with its branches of child nodes.

    ``merge`` None runs ``branches[0]`` in sequence; "add"/"concat" run every branch
    on the same input and merge the outputs. A repeat has one branch holding every
    repetition's nodes; ``rep_sizes`` says how many nodes each repetition contributed.
    """

    kind: str
    label: str
    path: str
    depth: int
    span: Span
    branches: list[list[GNode]]
    merge: str | None = None
    name: str | None = None
    count: int = 1
    rep_sizes: list[int] = field(default_factory=list)
    split: int | tuple[int, ...] | None = None  # parallel: see spec.Branches.split
    source: str | None = None  # side: the named output its layers start from
    source_span: Span | None = None


GNode = Leaf | Group


def build(items: list[Item], limits: Limits) -> list[GNode]:
    """The tree for a spec's layer list, refusing more than ``limits.max_layers`` nodes.

    Everything the tree will hold is counted from the spec's items before anything is
    built (:func:`cost`), so a nested repeat of an empty list costs nothing to refuse.
    """
    total = 0
    for item in items:
        total += cost([item])
        if total > limits.max_layers:
            raise SpecError(
                "E111",
                f"the spec expands to {cost(items):,} layers, groups and repetitions, more "
                f"than {limits.max_layers:,}; raise --max-layers if it is real",
                item.span,
            )
    return _nodes(items, "", 0)


def _nodes(items: list[Item], prefix: str, depth: int) -> list[GNode]:
    out: list[GNode] = []
    for i, item in enumerate(items):
        label = getattr(item, "name", None) or str(i)
        out.append(_node(item, prefix + label, depth))
    return out


def _node(item: Item, path: str, depth: int) -> GNode:
    if isinstance(item, LayerDef | BadLayer):
        return Leaf(item, path, depth)
    if isinstance(item, Repeat):
        body: list[GNode] = []
        sizes = []
        for r in range(item.count):
            items = item.bodies[r] if item.bodies is not None else item.body
            nodes = _nodes(items, f"{path}.{r}.", depth + 1)
            sizes.append(len(nodes))
            body.extend(nodes)
        label = f"repeat × {item.count}"
        return Group(
            "repeat", label, path, depth, item.span, [body], None, item.name, item.count, sizes
        )
    return _branches(item, path, depth)


def _branches(item: Branches, path: str, depth: int) -> Group:
    if item.kind == "residual":
        body, shortcut = item.branches
        branches = [
            _nodes(body, f"{path}.", depth + 1),
            _branch(shortcut, "shortcut", f"{path}.shortcut", depth + 1, item.span),
        ]
    elif item.kind == "parallel":
        branches = [
            _branch(b, f"branch {j}", f"{path}.{j}", depth + 1, item.span, keep=True)
            for j, b in enumerate(item.branches)
        ]
    else:
        branches = [_nodes(item.branches[0], f"{path}.", depth + 1)]
    group = Group(item.kind, item.label, path, depth, item.span, branches, item.merge, item.name)
    group.split, group.source, group.source_span = item.split, item.source, item.source_span
    return group


def _branch(
    items: list[Item], label: str, path: str, depth: int, span: Span, keep: bool = False
) -> list[GNode]:
    """A shortcut or parallel branch as one group (so the table can label it).

    An empty shortcut stays [] (the identity); an empty parallel branch is kept as an
    empty group (labelled identity), so every branch has its place in the report.
    """
    if not items and not keep:
        return []
    if not items:
        label += " (identity)"
    return [Group("branch", label, path, depth, span, [_nodes(items, f"{path}.", depth + 1)])]


def cost(items: list[Item]) -> int:
    """What the tree for ``items`` holds, counted without expanding anything: one per leaf,
    group and branch, and one per repetition of a repeat (so repeating an empty list is
    not free). Every later stage (walk, analysis, rendering) is linear in this count."""
    n = 0
    for item in items:
        if isinstance(item, Repeat) and item.bodies is not None:
            n += 1 + sum(1 + cost(b) for b in item.bodies)
        elif isinstance(item, Repeat):
            n += 1 + item.count * (1 + cost(item.body))
        elif isinstance(item, Branches):
            n += 1 + sum(1 + cost(b) for b in item.branches)
        else:
            n += 1
    return n


def leaves(nodes: list[GNode]) -> list[Leaf]:
    """The leaves in execution order (a residual's body before its shortcut)."""
    out: list[Leaf] = []
    for n in nodes:
        if isinstance(n, Leaf):
            out.append(n)
        else:
            for b in n.branches:
                out.extend(leaves(b))
    return out
