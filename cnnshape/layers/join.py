"""Concat and Add: a layer that also takes the outputs of earlier named layers (skips).

``- Concat: {from: enc2}`` is ``torch.cat([x, enc2], dim=1)``; ``- Add: {from: [a, b]}``
is ``x + a + b``. Neither has parameters. Addition does not broadcast here: a skip
whose shape differs from the main path is reported, because it is almost always a bug.
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Int
from cnnshape.args.lists import Names
from cnnshape.brief import listing
from cnnshape.layers.base import MERGE, Operand, Out, Rule, Tensor
from cnnshape.layers.merging import add, concat

_FROM = Arg("from", Names(), required=True)


class Concat(Rule):
    family = MERGE
    source = "cnnshape"
    shape_rule = "the sizes along dim add up; every other dim equal"
    args = (_FROM, Arg("dim", Int(), default=1))
    doc = "torch.cat of the arriving tensor and the named earlier outputs along dim (default 1)"

    def sources(self, a: Args) -> tuple[str, ...]:
        return a.names("from")

    def infer(self, x: Tensor, a: Args) -> Out:
        return self.join([Operand(x, "the previous layer", "the arriving tensor")], a)

    def join(self, inputs: list[Operand], a: Args) -> Out:
        return Out(concat(inputs, a.integer("dim"), "Concat"))

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """The exported file's own Concat class; the earlier outputs are forward's arguments."""
        return "Concat", {"dim": values["dim"]}

    def summary(self, a: Args) -> str:
        dim = a.integer("dim")
        return "+ " + listing(a.names("from")) + ("" if dim == 1 else f" dim {dim}")


class Add(Rule):
    family = MERGE
    source = "cnnshape"
    shape_rule = "equal shapes (no broadcasting)"
    args = (_FROM,)
    doc = "elementwise sum of the arriving tensor and the named earlier outputs (same shape)"

    def sources(self, a: Args) -> tuple[str, ...]:
        return a.names("from")

    def infer(self, x: Tensor, a: Args) -> Out:
        return Out(x)

    def join(self, inputs: list[Operand], a: Args) -> Out:
        return Out(add(inputs, "Add"))

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """The exported file's own Add class; the earlier outputs are forward's arguments."""
        return "Add", {}

    def summary(self, a: Args) -> str:
        return "+ " + listing(a.names("from"))
