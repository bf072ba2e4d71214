"""Argument kinds whose length varies: int lists, number lists, and names of earlier layers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cnnshape.args.kinds import Kind, _check_min, _is_int, _type_error
from cnnshape.diagnostics import SpecError
from cnnshape.load.nodes import Node, Scalar, Seq
from cnnshape.numbers import as_float, show


@dataclass(frozen=True)
class IntList(Kind):
    """An int, or a list of ints of any length (LayerNorm's normalized_shape, Upsample's size).

    A lone int stands for a one-item list; the rule checks the length against the input.
    """

    min: int | None = None
    why: str = ""
    nullable: bool = False

    @property
    def want(self) -> str:  # type: ignore[override]
        return "an integer or a list of integers" + (" or null" if self.nullable else "")

    def parse(self, name: str, node: Node) -> object:
        items = _items(node, self.nullable)
        if items is None:
            return None
        out = []
        for item in items:
            if not _is_int(item):
                raise _type_error(name, self.want, item)
            assert isinstance(item, Scalar)
            out.append(_check_min(name, item.value, self.min, self.why, item.span))
        return tuple(out)

    def probes(self) -> tuple[object, ...]:
        return ((1,), (2,), (3,))

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]}


@dataclass(frozen=True)
class FloatList(Kind):
    """A number, or a list of numbers (Upsample's scale_factor); null when nullable."""

    nullable: bool = False

    @property
    def want(self) -> str:  # type: ignore[override]
        return "a number or a list of numbers" + (" or null" if self.nullable else "")

    def parse(self, name: str, node: Node) -> object:
        items = _items(node, self.nullable)
        if items is None:
            return None
        out = []
        for item in items:
            if not (isinstance(item, Scalar) and type(item.value) in (int, float)):
                raise _type_error(name, self.want, item)
            assert isinstance(item.value, int | float)
            value = as_float(item.value)
            if value is None or not math.isfinite(value):
                got = show(item.value, item.text)
                raise SpecError("E109", f"'{name}' must be a finite number, got {got}", item.span)
            out.append(value)
        return tuple(out)

    def probes(self) -> tuple[object, ...]:
        return ((1.0,), (2.0,), (2.5,))

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [{"type": "number"}, {"type": "array", "items": {"type": "number"}}]}


@dataclass(frozen=True)
class Names(Kind):
    """A layer name or a list of them: the earlier layers a Concat or Add also takes."""

    want: str = "a layer name or a list of layer names"

    def parse(self, name: str, node: Node) -> object:
        items = _items(node, nullable=False)
        assert items is not None
        if not items:
            raise SpecError("E109", f"'{name}' must name at least one earlier layer", node.span)
        out = []
        for item in items:
            ok = isinstance(item, Scalar) and isinstance(item.value, str | int)
            if not ok or isinstance(item.value, bool):  # type: ignore[union-attr]
                raise _type_error(name, self.want, item)
            assert isinstance(item, Scalar)
            out.append(str(item.value))
        return tuple(out)

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _items(node: Node, nullable: bool) -> list[Node] | None:
    """The values of a one-or-list argument (a lone value is a list of one); None for a null
    where the kind takes one."""
    if nullable and isinstance(node, Scalar) and node.value is None:
        return None
    return node.items if isinstance(node, Seq) else [node]
