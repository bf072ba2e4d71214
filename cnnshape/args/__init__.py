"""Layer arguments: an argument's declaration (:class:`Arg`), a layer's parsed values
(:class:`Args`) and :func:`parse_args`. The kinds (how each is written) are in
:mod:`cnnshape.args.kinds` and :mod:`cnnshape.args.lists`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from cnnshape.args.kinds import Bool as Bool
from cnnshape.args.kinds import Choice as Choice
from cnnshape.args.kinds import Float as Float
from cnnshape.args.kinds import Int as Int
from cnnshape.args.kinds import Ints as Ints
from cnnshape.args.kinds import Kind as Kind
from cnnshape.args.kinds import Padding as Padding
from cnnshape.diagnostics import Span
from cnnshape.load.nodes import Map, Scalar, Seq


@dataclass(frozen=True)
class Arg:
    """One argument of a layer: its name, kind and PyTorch default.

    ``inferred`` arguments (in_channels, in_features, num_features) are computed
    from the arriving shape; where a spec writes them they are checked.
    """

    name: str
    kind: Kind
    default: object = None
    required: bool = False
    inferred: bool = False


class Args:
    """The parsed arguments of one layer, with typed accessors and the spans they came from."""

    __slots__ = ("given", "spans", "values")

    def __init__(self, values: dict[str, object], spans: dict[str, Span], given: frozenset[str]):
        self.values = values
        self.spans = spans
        self.given = given

    def integer(self, name: str) -> int:
        v = self.values[name]
        assert isinstance(v, int)
        return v

    def opt_integer(self, name: str) -> int | None:
        v = self.values[name]
        assert v is None or isinstance(v, int)
        return v

    def integers(self, name: str) -> tuple[int, ...]:
        v = self.values[name]
        assert isinstance(v, tuple)
        return v

    def opt_integers(self, name: str) -> tuple[int | None, ...] | None:
        v = self.values[name]
        assert v is None or isinstance(v, tuple)
        return v

    def number(self, name: str) -> float:
        v = self.values[name]
        assert isinstance(v, float | int)
        return float(v)

    def flag(self, name: str) -> bool:
        v = self.values[name]
        assert isinstance(v, bool)
        return v

    def text(self, name: str) -> str:
        v = self.values[name]
        assert isinstance(v, str)
        return v

    def names(self, name: str) -> tuple[str, ...]:
        v = self.values[name]
        assert isinstance(v, tuple)
        return tuple(str(x) for x in v)

    def opt_numbers(self, name: str) -> tuple[float, ...] | None:
        v = self.values[name]
        assert v is None or isinstance(v, tuple)
        return v

    def padding(self, name: str = "padding") -> tuple[int, ...] | str:
        v = self.values[name]
        assert isinstance(v, tuple | str)
        return v


def parse_args(
    specs: tuple[Arg, ...], written: Map | None, shorthand: Scalar | Seq | None, reserved: Set[str]
) -> Args:
    """Parse a layer's written arguments against its Arg specs (unknown names are the caller's)."""
    values: dict[str, object] = {}
    spans: dict[str, Span] = {}
    given: set[str] = set()
    by_name = {a.name: a for a in specs}
    if shorthand is not None:
        first = next(a for a in specs if not a.inferred)
        values[first.name] = first.kind.parse(first.name, shorthand)
        spans[first.name] = shorthand.span
        given.add(first.name)
    if written is not None:
        for key, node in written.items:
            name = key.value
            if not isinstance(name, str) or name in reserved or name not in by_name:
                continue
            values[name] = by_name[name].kind.parse(name, node)
            spans[name] = node.span
            given.add(name)
    for a in specs:
        if a.name not in values:
            values[a.name] = a.default
    return Args(values, spans, frozenset(given))
