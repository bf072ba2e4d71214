"""Argument kinds: how a layer argument is written in YAML and what values PyTorch accepts.

A kind turns a located YAML value into a plain Python value, or raises a
:class:`SpecError` pointing at the offending value (E108 wrong type, E109 out
of range). Kinds also describe themselves for messages and the JSON Schema.
List-valued kinds are in :mod:`cnnshape.args.lists`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cnnshape.diagnostics import Span, SpecError
from cnnshape.load.nodes import Node, Scalar, Seq, describe
from cnnshape.numbers import INT64, check_float, magnitude

_FLOATISH = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")


def _type_error(name: str, want: str, node: Node) -> SpecError:
    got = describe(node)
    msg = f"'{name}' must be {want}, but this is {got}"
    if isinstance(node, Scalar) and isinstance(node.value, str) and _FLOATISH.match(node.value):
        msg += (
            f" (YAML 1.1 reads {node.value} as a string: a float needs a dot and a signed "
            f"exponent, like {float(node.value):.1e}, or write the number out)"
        )
    return SpecError("E108", msg, node.span)


def _is_int(node: Node) -> bool:
    return isinstance(node, Scalar) and type(node.value) is int


class Kind:
    """Base of all argument kinds."""

    want: str = "a value"

    def parse(self, name: str, node: Node) -> object:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Int(Kind):
    min: int | None = None
    why: str = ""
    nullable: bool = False

    @property
    def want(self) -> str:  # type: ignore[override]
        return "an integer or null" if self.nullable else "an integer"

    def parse(self, name: str, node: Node) -> object:
        if self.nullable and isinstance(node, Scalar) and node.value is None:
            return None
        if not _is_int(node):
            raise _type_error(name, self.want, node)
        assert isinstance(node, Scalar)
        return _check_min(name, node.value, self.min, self.why, node.span)

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": ["integer", "null"] if self.nullable else "integer"}
        if self.min is not None:
            s["minimum"] = self.min
        return s


@dataclass(frozen=True)
class Ints(Kind):
    """An int, or a list of exactly ``n`` ints (PyTorch's ``_size_n_t``)."""

    n: int
    min: int | None = None
    why: str = ""
    nullable_items: bool = False

    @property
    def want(self) -> str:  # type: ignore[override]
        item = "int or null" if self.nullable_items else "int"
        if self.n == 1:
            return f"an {item} or a list of 1 {item}"
        return f"an {item} or a list of {self.n} {item}s"

    def parse(self, name: str, node: Node) -> object:
        if isinstance(node, Seq):
            if len(node.items) != self.n:
                raise SpecError(
                    "E108",
                    f"'{name}' must be {self.want}, but this list has {len(node.items)} items",
                    node.span,
                )
            return tuple(self._item(name, item) for item in node.items)
        return (self._item(name, node),) * self.n

    def _item(self, name: str, node: Node) -> int | None:
        if self.nullable_items and isinstance(node, Scalar) and node.value is None:
            return None
        if not _is_int(node):
            raise _type_error(name, self.want, node)
        assert isinstance(node, Scalar)
        return _check_min(name, node.value, self.min, self.why, node.span)

    def schema(self) -> dict[str, Any]:
        item: dict[str, Any] = {"type": ["integer", "null"] if self.nullable_items else "integer"}
        if self.min is not None:
            item["minimum"] = self.min
        return {
            "oneOf": [
                item,
                {"type": "array", "items": item, "minItems": self.n, "maxItems": self.n},
            ]
        }


@dataclass(frozen=True)
class Padding(Ints):
    """Convolution padding: Ints, or the strings 'same' / 'valid'."""

    @property
    def want(self) -> str:  # type: ignore[override]
        return super().want + ", 'same' or 'valid'"

    def parse(self, name: str, node: Node) -> object:
        if isinstance(node, Scalar) and isinstance(node.value, str):
            if node.value in ("same", "valid"):
                return node.value
            raise SpecError(
                "E109",
                f"'{name}' as a string must be 'same' or 'valid', not '{node.value}'",
                node.span,
            )
        return super().parse(name, node)

    def schema(self) -> dict[str, Any]:
        s = super().schema()
        s["oneOf"].append({"enum": ["same", "valid"]})
        return s


@dataclass(frozen=True)
class Float(Kind):
    """A float argument; see :func:`cnnshape.numbers.check_float` for the flags."""

    lo: float | None = None
    hi: float | None = None
    why: str = ""
    want: str = "a number"
    nullable: bool = False
    lo_open: bool = False  # lo itself is refused (BatchNorm's eps > 0)
    nan: bool = True  # PyTorch accepts NaN here (not for a dropout probability)
    scalar: bool = False  # passed to an op as a Scalar: an int must fit in 64 bits
    float32: bool = False  # converted to the tensor's float type: must fit in float32

    def parse(self, name: str, node: Node) -> object:
        if self.nullable and isinstance(node, Scalar) and node.value is None:
            return None
        if not (isinstance(node, Scalar) and type(node.value) in (int, float)):
            raise _type_error(name, self.want, node)
        assert isinstance(node.value, int | float)
        limits = (self.lo, self.hi, self.lo_open)
        flags = (self.nan, self.scalar, self.float32)
        return check_float(name, node.value, node.text, node.span, limits, flags, self.why)

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": ["number", "null"] if self.nullable else "number"}
        if self.lo is not None:
            s["exclusiveMinimum" if self.lo_open else "minimum"] = self.lo
        if self.hi is not None:
            s["maximum"] = self.hi
        return s


@dataclass(frozen=True)
class Bool(Kind):
    want: str = "true or false"

    def parse(self, name: str, node: Node) -> object:
        if not (isinstance(node, Scalar) and isinstance(node.value, bool)):
            raise _type_error(name, self.want, node)
        return node.value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple[str, ...] = field(default_factory=tuple)

    @property
    def want(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(f"'{o}'" for o in self.options)

    def parse(self, name: str, node: Node) -> object:
        if not (isinstance(node, Scalar) and node.value in self.options):
            if isinstance(node, Scalar) and isinstance(node.value, str):
                raise SpecError(
                    "E109", f"'{name}' must be {self.want}, not '{node.value}'", node.span
                )
            raise _type_error(name, self.want, node)
        return node.value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.options)}


def _check_min(name: str, value: object, lo: int | None, why: str, span: Span) -> int:
    assert isinstance(value, int)
    if lo is not None and value < lo:
        shown = magnitude(value) if value <= -INT64 else str(value)
        raise SpecError("E109", f"'{name}' must be at least {lo}, got {shown}{why}", span)
    if not -INT64 <= value < INT64:
        raise SpecError(
            "E109",
            f"'{name}' is {magnitude(value)}, outside PyTorch's 64-bit integers (|value| < 2^63)",
            span,
        )
    return value
