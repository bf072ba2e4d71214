"""The spec model: what a spec file says, as values (layers, repeats, branches, blocks).

:mod:`cnnshape.spec.build` makes a :class:`Spec` from located YAML; the graph builder
(:mod:`cnnshape.propagate.graph`) reads it. Nothing here parses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cnnshape.args import Args
from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.layers.base import Rule
from cnnshape.limits import Limits
from cnnshape.load.nodes import Node

#: The keys of a spec file.
TOP_KEYS = ("name", "input", "params", "variants", "blocks", "layers", "outputs")
#: Keys that open a structural item rather than a layer; no block may take these names.
STRUCTURAL = ("repeat", "residual", "parallel", "side")


@dataclass(slots=True)
class BlockDef:
    """One block definition: parameter defaults (None where required) and its layer list."""

    name: str
    params: dict[str, Node | None]
    layers: Node
    span: Span
    broken: bool = False  # an error in the definition was already reported
    size: int = 0  # YAML values in ``layers``: what each use copies


@dataclass(slots=True)
class LayerDef:
    """One written layer: its rule, parsed arguments, label and where its type is written.

    ``unknown`` names arguments whose written value could not be read (or whose name was
    misspelt); their findings are reported, and ``args`` holds the defaults in their place.
    """

    rule: Rule
    args: Args
    span: Span
    name: str | None = None
    trainable: bool = True
    ignore: frozenset[str] = frozenset()
    unknown: frozenset[str] = frozenset()


@dataclass(slots=True)
class BadLayer:
    """A layer entry with a spec error; shapes cannot be followed past it."""

    span: Span
    type_name: str = "?"


@dataclass(slots=True)
class Repeat:
    count: int
    body: list[Item]
    span: Span
    name: str | None = None
    #: with ``index:``, each repetition's own items (its index substituted); else None
    bodies: list[list[Item]] | None = None


@dataclass(slots=True)
class Branches:
    """A block use, residual or parallel form: item lists run on the same input, then merged.

    ``merge`` is None for a block (one list run in sequence), "add" for a residual
    (body, shortcut; an empty shortcut is the identity) or "add"/"concat" for parallel.
    """

    kind: str
    label: str
    branches: list[list[Item]]
    merge: str | None
    span: Span
    name: str | None = None
    #: parallel only: the input is cut along channels, one piece per branch — a count of
    #: equal chunks (x.chunk(n, 1)) or a list of sizes (x.split(sizes, 1)); None: all get x.
    split: int | tuple[int, ...] | None = None
    #: side only: the named earlier output (or input) its layers start from
    source: str | None = None
    source_span: Span | None = None


Item = LayerDef | BadLayer | Repeat | Branches


#: Parses a list of items (cnnshape.spec.items.layer_list), handed to the structural
#: forms and blocks through the context so they need not import the module that calls them.
ListParser = Callable[[Node, "ParseContext", str], list[Item]]


@dataclass(slots=True)
class ParseContext:
    """What parsing a layer list needs: where findings go, limits, and the blocks in scope."""

    diags: list[Diagnostic]
    limits: Limits
    layer_list: ListParser
    blocks: dict[str, BlockDef] = field(default_factory=dict)
    stack: tuple[str, ...] = ()  # blocks being expanded, outermost first
    items: int = 0  # items built so far, against limits.max_layers
    copied: int = 0  # YAML values copied by block uses, against limits.max_nodes
    depth: int = 0  # layer lists open (blocks, residuals, parallels, repeats)
    params: dict[str, Node] = field(default_factory=dict)  # the spec's own, after --set
    env: dict[str, Node] = field(default_factory=dict)  # the names in scope ($name, $expr)
    #: layers parsed by earlier checks of the same document (the language server's), by the
    #: identity of their unchanged values: see :func:`cnnshape.spec.items.reuse`
    reuse: Reuse | None = None


#: one layer's parse: its value (kept, so its identity is not reused), the block names it was
#: parsed among, the items it gave (none when its `when` is false) and its findings
Reused = tuple[Node, tuple[str, ...], tuple["Item", ...], tuple[Diagnostic, ...]]


@dataclass(slots=True)
class Reuse:
    """Layer parses from earlier checks of one document, by the id of their value; and the
    values the last re-parse only moved (by id: the moved copy, the value it was made from,
    how many lines it moved), whose parses are taken moved as well."""

    layers: dict[int, Reused]
    shifted: dict[int, tuple[Node, Node, int]] = field(default_factory=dict)


@dataclass(slots=True)
class Spec:
    name: str | None
    input: tuple[int, ...] | None
    input_span: Span
    layers: list[Item]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: named inputs (``input: {image: [...], mask: [...]}``): name → shape; the first one
    #: arrives at the first layer, the others are taken by name. Empty for a plain input.
    inputs: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: ``outputs: [fc, aux]``: the named outputs the network returns, in order, and where
    #: each is written. Empty: the last layer's output.
    outputs: list[tuple[str, Span]] = field(default_factory=list)


class Abort(SpecError):
    """A finding that stops building the whole spec (a size limit), not just one item."""
