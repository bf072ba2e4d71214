"""The spec model: what a spec file says, as values (layers, repeats, branches, blocks).

:mod:`cnnshape.spec.build` makes a :class:`Spec` from located YAML; the graph builder
(:mod:`cnnshape.propagate.graph`) reads it. Nothing here parses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cnnshape.args import Args
from cnnshape.diagnostics import Diagnostic, Span
from cnnshape.layers.base import Rule
from cnnshape.limits import Limits
from cnnshape.load.nodes import Node

#: The keys of a spec file.
TOP_KEYS = ("name", "input", "blocks", "layers")
#: Keys that open a structural item rather than a layer; no block may take these names.
STRUCTURAL = ("repeat", "residual", "parallel")


@dataclass(slots=True)
class BlockDef:
    """One block definition: parameter defaults (None where required) and its layer list."""

    name: str
    params: dict[str, Node | None]
    layers: Node
    span: Span
    broken: bool = False  # an error in the definition was already reported


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
    depth: int = 0  # layer lists open (blocks, residuals, parallels, repeats)


@dataclass(slots=True)
class Spec:
    name: str | None
    input: tuple[int, ...] | None
    input_span: Span
    layers: list[Item]
    diagnostics: list[Diagnostic] = field(default_factory=list)
