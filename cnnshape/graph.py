"""Spec items → the layer graph in execution order, with repeats expanded.

Each leaf carries its path (``3.1.0``: item 3, repetition 1, layer 0; a ``name``
replaces the index) and its nesting depth, for the table's grouping and JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnshape.diagnostics import SpecError
from cnnshape.limits import Limits
from cnnshape.spec import BadLayer, Item, LayerDef, Repeat


@dataclass(slots=True)
class Leaf:
    layer: LayerDef | BadLayer
    path: str
    depth: int


def expand(items: list[Item], limits: Limits) -> list[Leaf]:
    """Flatten the item tree, refusing more than ``limits.max_layers`` leaves."""
    out: list[Leaf] = []
    _walk(items, "", 0, out, limits)
    return out


def _walk(items: list[Item], prefix: str, depth: int, out: list[Leaf], limits: Limits) -> None:
    for i, item in enumerate(items):
        label = getattr(item, "name", None) or str(i)
        path = prefix + label
        if isinstance(item, Repeat):
            if len(out) + item.count * _leaves(item.body) > limits.max_layers:
                raise SpecError(
                    "E111",
                    f"the spec expands to more than {limits.max_layers:,} layers; "
                    "raise --max-layers if it is real",
                    item.span,
                )
            for r in range(item.count):
                _walk(item.body, f"{path}.{r}.", depth + 1, out, limits)
        else:
            out.append(Leaf(item, path, depth))
            if len(out) > limits.max_layers:
                raise SpecError(
                    "E111",
                    f"the spec has more than {limits.max_layers:,} layers; "
                    "raise --max-layers if it is real",
                    item.span,
                )


def _leaves(items: list[Item]) -> int:
    """Leaf count of a body without expanding it (so a nested repeat bomb costs nothing)."""
    n = 0
    for item in items:
        n += item.count * _leaves(item.body) if isinstance(item, Repeat) else 1
    return n
