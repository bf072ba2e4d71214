"""The drawing's own model: nodes, series-parallel items, edges and findings.

Built from a report by :mod:`cnnshape.draw.model`; laid out and rendered by the other modules,
which know nothing of the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.shapes import Shape, fmt_shape


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding shown on a node (or under the picture when no node is its)."""

    code: str
    error: bool
    message: str
    line: int | None


@dataclass(slots=True)
class Node:
    """One box: a layer (``row`` set), a merge, the input/output, or a folded group."""

    id: str
    kind: str  # layer | merge | input | output | folded
    title: str
    detail: str = ""
    shape: Shape | None = None
    family: str = "other"
    changed: bool = True  # the output shape differs from what arrives
    row: int | None = None
    group: str | None = None  # merge / folded: the group's path
    kernel: tuple[int, ...] | None = None  # a windowed layer's kernel_size
    dense: bool = False  # a fully connected layer (takes in_features)
    marks: list[Mark] = field(default_factory=list)
    rows: tuple[int, int] = (0, 0)  # folded: the report rows it stands for

    @property
    def shape_text(self) -> str:
        return fmt_shape(self.shape)


@dataclass(slots=True)
class Seq:
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Par:
    """Branches on the same input (or, with ``split``, each on its piece of the input's
    channels), side by side, joined by ``merge``."""

    branches: list[Seq]
    merge: Node
    labels: list[str] = field(default_factory=list)
    split: int | tuple[int, ...] | None = None


@dataclass(slots=True)
class Cluster:
    """A labelled box around a group's items; ``times`` > 1 when only one repetition shows."""

    path: str
    kind: str
    label: str
    body: Seq
    times: int = 1


Item = Node | Seq | Par | Cluster


@dataclass(frozen=True, slots=True)
class Edge:
    src: str
    dst: str
    skip: bool = False  # a named connection: `from:`, a side path's source, a named output
    label: str = ""  # a split's piece, on the edge into its branch
    around: bool = False  # the main path past a side path drawn between its two ends


@dataclass(slots=True)
class Drawing:
    title: str
    root: Seq
    edges: list[Edge]
    nodes: dict[str, Node]
    unplaced: list[Mark]
    ok: bool


@dataclass(frozen=True, slots=True)
class Step:
    """One feature map of the main path (the ``blocks`` style): what made it, and its shape."""

    id: str  # "in", "r12" for a layer, "g:PATH" for a branched form shown by its output
    title: str
    detail: str
    shape: Shape | None
    kernel: tuple[int, ...] | None = None
    dense: bool = False
    branched: bool = False  # a residual/parallel form: drawn by its output only
