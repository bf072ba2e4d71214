"""Layers that keep the shape: activations, dropout, Identity, Softmax."""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Choice, Float, Int
from cnnshape.layers.base import ACT, DROP, LINEAR, LayerError, Out, Rule, Tensor
from cnnshape.layers.linear import normalize_dim

_INPLACE = Arg("inplace", Bool(), default=False)


class Elementwise(Rule):
    """Output shape = input shape; no parameters."""

    family = ACT

    def infer(self, x: Tensor, a: Args) -> Out:
        return Out(x)

    def in_place(self, a: Args) -> bool:
        return bool(a.values.get("inplace", False))


class Identity(Elementwise):
    family = LINEAR
    passes_pairs = True

    def in_place(self, a: Args) -> bool:
        """nn.Identity returns its input: no new activation memory."""
        return True


class ReLU(Elementwise):
    args = (_INPLACE,)


class ReLU6(Elementwise):
    args = (_INPLACE,)


class LeakyReLU(Elementwise):
    args = (Arg("negative_slope", Float(scalar=True, float32=True), default=0.01), _INPLACE)

    def summary(self, a: Args) -> str:
        return f"slope {a.number('negative_slope'):g}"


class ELU(Elementwise):
    args = (Arg("alpha", Float(scalar=True, float32=True), default=1.0), _INPLACE)


class GELU(Elementwise):
    args = (Arg("approximate", Choice(options=("none", "tanh")), default="none"),)


class SiLU(Elementwise):
    aliases = ("swish",)
    args = (_INPLACE,)


class Mish(Elementwise):
    args = (_INPLACE,)


class Hardswish(Elementwise):
    args = (_INPLACE,)


class Sigmoid(Elementwise):
    pass


class Tanh(Elementwise):
    pass


class Softmax(Elementwise):
    args = (Arg("dim", Int(nullable=True), default=None),)

    def infer(self, x: Tensor, a: Args) -> Out:
        dim = a.opt_integer("dim")
        if dim is not None:
            normalize_dim(dim, x.rank, "dim")
        return Out(x)

    def summary(self, a: Args) -> str:
        dim = a.opt_integer("dim")
        return "" if dim is None else f"dim {dim}"


class LogSoftmax(Softmax):
    pass


_P = Arg("p", Float(lo=0.0, hi=1.0, why=" (a dropout probability)", nan=False), default=0.5)


class Dropout(Elementwise):
    family = DROP
    args = (_P, _INPLACE)

    def summary(self, a: Args) -> str:
        return f"p {a.number('p'):g}"


class Dropout1d(Dropout):
    def infer(self, x: Tensor, a: Args) -> Out:
        if x.rank not in (2, 3):
            raise LayerError(
                "E205",
                f"Dropout1d expects a 2-d or 3-d input (N, C) or (N, C, L), "
                f"but gets a {x.rank}-d tensor",
            )
        return Out(x)


class Dropout2d(Dropout):
    pass


class Dropout3d(Dropout):
    pass
