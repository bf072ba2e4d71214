"""Layers of two inputs: Bilinear, CosineSimilarity and PairwiseDistance
(torch/nn/modules/{linear,distance}.py). Siamese networks compare two embeddings with them.

The second input is an earlier named output, as for Concat: ``- CosineSimilarity: {from:
anchor}`` is ``nn.CosineSimilarity()(x, anchor)``. Both inputs carry the batch N, so they
must have the same rank (cnnshape keeps N symbolic and does not broadcast it against a
sample dimension); sample dimensions broadcast where one of them is 1 (not for Bilinear,
whose leading dimensions must match exactly).
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Bool, Float, Int
from cnnshape.args.lists import Names
from cnnshape.layers.base import (
    DIST,
    GLOBAL,
    LINEAR,
    Field,
    LayerError,
    Operand,
    Out,
    Rule,
    Tensor,
    check_written,
)
from cnnshape.layers.linear import normalize_dim
from cnnshape.shapes import Shape, fmt_shape, product

FROM = Arg("from", Names(), required=True)


class TwoInputs(Rule):
    """A layer of the arriving tensor and one earlier named output."""

    def sources(self, a: Args) -> tuple[str, ...]:
        return a.names("from")

    def infer(self, x: Tensor, a: Args) -> Out:
        raise LayerError("E213", f"{self.name} takes two inputs: name the second in 'from'", "from")

    def pair(self, inputs: list[Operand]) -> tuple[Operand, Operand]:
        if len(inputs) != 2:
            raise LayerError(
                "E213", f"{self.name} takes two inputs: 'from' names exactly one layer", "from"
            )
        first, second = inputs
        if first.tensor.rank != second.tensor.rank:
            raise LayerError(
                "E213",
                f"{self.name}: the arriving tensor is {fmt_shape(first.tensor.shape)} but "
                f"{second.source} gives {fmt_shape(second.tensor.shape)}; both inputs must "
                "have the same rank",
                "from",
            )
        return first, second

    def broadcast(self, inputs: list[Operand]) -> Shape:
        """The two sample shapes broadcast (a dimension of 1 stretches), or E213."""
        first, second = self.pair(inputs)
        out = []
        for i, (p, q) in enumerate(zip(first.tensor.shape, second.tensor.shape, strict=True)):
            if p != q and 1 not in (p, q):
                raise LayerError(
                    "E213",
                    f"{self.name}: the arriving tensor {fmt_shape(first.tensor.shape)} and "
                    f"{second.source}'s {fmt_shape(second.tensor.shape)} differ in dimension "
                    f"{i + 1} ({p} vs {q}), and neither is 1, so they do not broadcast",
                    "from",
                )
            out.append(q if p == 1 else p)
        return tuple(out)

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """The torch arguments; the second input is forward's argument, not the module's."""
        return self.name, {a.name: values[a.name] for a in self.args if a.name != "from"}

    def field(self, x: Shape, a: Args) -> Field:
        return GLOBAL

    def summary(self, a: Args) -> str:
        return "with " + ", ".join(a.names("from"))


class Bilinear(TwoInputs):
    """y = x1ᵀ A x2 + b on the last dimensions; weight (out, in1, in2)."""

    family = LINEAR
    shape_rule = "(N, *, in1_features) and (N, *, in2_features) → (N, *, out_features)"

    args = (
        Arg("in1_features", Int(min=1), inferred=True),
        Arg("in2_features", Int(min=1), inferred=True),
        Arg("out_features", Int(min=0), required=True),
        Arg("bias", Bool(), default=True),
        FROM,
    )

    def join(self, inputs: list[Operand], a: Args) -> Out:
        first, second = self.pair(inputs)
        x1, x2 = first.tensor.shape, second.tensor.shape
        if x1[:-1] != x2[:-1]:
            raise LayerError(
                "E213",
                f"Bilinear: the arriving tensor {fmt_shape(x1)} and {second.source}'s "
                f"{fmt_shape(x2)} must match in every dimension but the last",
                "from",
            )
        n1, n2, n_out = x1[-1], x2[-1], a.integer("out_features")
        check_written(a, "in1_features", n1, f"the arriving tensor has {n1} features")
        check_written(a, "in2_features", n2, f"{second.source} gives {n2} features")
        for key, n in (("in1_features", n1), ("in2_features", n2)):
            if n < 1:
                raise LayerError(
                    "E109", f"Bilinear: {key} must be > 0, but the input has {n}", "from"
                )
        params = n_out * n1 * n2 + (n_out if a.flag("bias") else 0)
        return Out(
            Tensor((*x1[:-1], n_out)),
            params=params,
            inferred={"in1_features": n1, "in2_features": n2},
        )

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """in1·in2 MACs per output element (x1ᵀA_k x2 with A_k·x2 first); bias not counted."""
        n1, n2 = a.values.get("in1_features"), a.values.get("in2_features")
        assert isinstance(n1, int) and isinstance(n2, int)
        return product(y) * n1 * n2

    def summary(self, a: Args) -> str:
        return f"→ {a.integer('out_features')} " + super().summary(a)


class CosineSimilarity(TwoInputs):
    """cos of the angle between the inputs along ``dim``, which the output loses."""

    family = DIST
    shape_rule = "the inputs broadcast; dim removed"

    args = (Arg("dim", Int(), default=1), Arg("eps", Float(), default=1e-8), FROM)

    def join(self, inputs: list[Operand], a: Args) -> Out:
        shape = self.broadcast(inputs)
        d = normalize_dim(a.integer("dim"), len(shape) + 1, "dim")
        if d == 0:
            raise LayerError(
                "E207",
                "CosineSimilarity with dim=0 compares along the batch dimension; cnnshape keeps "
                "the batch N symbolic and does not model this",
                "dim",
            )
        return Out(Tensor((*shape[: d - 1], *shape[d:])))


class PairwiseDistance(TwoInputs):
    """The p-norm of x1 − x2 + eps over the last dimension (kept as 1 with keepdim)."""

    family = DIST
    shape_rule = "the inputs broadcast; last dim removed (kept as 1 with keepdim)"

    args = (
        Arg("p", Float(), default=2.0),
        Arg("eps", Float(), default=1e-6),
        Arg("keepdim", Bool(), default=False),
        FROM,
    )

    def join(self, inputs: list[Operand], a: Args) -> Out:
        shape = self.broadcast(inputs)
        last = (1,) if a.flag("keepdim") else ()
        return Out(Tensor((*shape[:-1], *last)))
