"""The rest of torch.nn's activations and AlphaDropout (torch/nn/modules/{activation,dropout}.py).

All keep the shape except GLU, which halves one dimension. Their refusals are PyTorch's:
CELU's alpha 0 (a division by alpha), Hardtanh's max_val ≤ min_val, RReLU's lower > upper,
Softshrink's negative lambd, PReLU's num_parameters that is neither 1 nor the channels,
GLU's odd dimension, Softmax2d on anything but (N, C, H, W).
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Float, Int
from cnnshape.layers.base import IDENTITY, UNDEFINED, Field, LayerError, Out, Tensor, need_rank
from cnnshape.layers.elementwise import _INPLACE, Dropout, Elementwise, Softmax
from cnnshape.layers.linear import normalize_dim
from cnnshape.shapes import Shape, fmt_shape

#: The largest float32: PyTorch checks Softshrink's lambd against the input's dtype.
FLOAT32_MAX = 3.4028234663852886e38


class CELU(Elementwise):
    args = (Arg("alpha", Float(), default=1.0), _INPLACE)

    def infer(self, x: Tensor, a: Args) -> Out:
        if a.number("alpha") == 0:
            raise LayerError(
                "E109", "CELU: alpha cannot be 0 (CELU divides the input by alpha)", "alpha"
            )
        return Out(x)


class GLU(Elementwise):
    """Gated linear unit: the first half of ``dim`` times the sigmoid of the second half."""

    args = (Arg("dim", Int(), default=-1),)
    shape_rule = "dim halved (its size must be even)"

    def infer(self, x: Tensor, a: Args) -> Out:
        dim = normalize_dim(a.integer("dim"), x.rank, "dim")
        if dim == 0:
            raise LayerError(
                "E207",
                "GLU with dim=0 halves the batch dimension; cnnshape keeps the batch N "
                "symbolic and does not model this",
                "dim",
            )
        size = x.shape[dim - 1]
        if size % 2:
            raise LayerError(
                "E212",
                f"GLU: dim {a.integer('dim')} of {fmt_shape(x.shape)} has size {size}, which "
                "cannot be halved; GLU needs an even size there",
                "dim",
            )
        shape = (*x.shape[: dim - 1], size // 2, *x.shape[dim:])
        return Out(Tensor(shape))

    def field(self, x: Shape, a: Args) -> Field:
        """Halving the channels keeps positions; halving a spatial dimension does not."""
        return IDENTITY if a.integer("dim") % (len(x) + 1) == 1 else UNDEFINED

    def summary(self, a: Args) -> str:
        return f"dim {a.integer('dim')}"


class Hardshrink(Elementwise):
    args = (Arg("lambd", Float(), default=0.5),)


class Hardsigmoid(Elementwise):
    args = (_INPLACE,)


class Hardtanh(Elementwise):
    """Clamps to [min_val, max_val]; min_value/max_value are PyTorch's deprecated spellings."""

    args = (
        Arg("min_val", Float(), default=-1.0),
        Arg("max_val", Float(), default=1.0),
        _INPLACE,
        Arg("min_value", Float(want="a number or null", nullable=True), default=None),
        Arg("max_value", Float(want="a number or null", nullable=True), default=None),
    )

    @staticmethod
    def bounds(values: Mapping[str, object]) -> tuple[float, float]:
        """(min, max): the deprecated spellings win where written, as in PyTorch."""
        lo, hi = values["min_value"], values["max_value"]
        lo = values["min_val"] if lo is None else lo
        hi = values["max_val"] if hi is None else hi
        assert isinstance(lo, float | int) and isinstance(hi, float | int)
        return float(lo), float(hi)

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """min_val and max_val only: the deprecated spellings would make PyTorch warn."""
        lo, hi = self.bounds(values)
        return self.name, {"min_val": lo, "max_val": hi, "inplace": values["inplace"]}

    def infer(self, x: Tensor, a: Args) -> Out:
        lo, hi = self.bounds(a.values)
        if hi <= lo:
            raise LayerError(
                "E109",
                f"Hardtanh: max_val ({hi:g}) must be greater than min_val ({lo:g})",
                "max_val" if "max_val" in a.given else "min_val",
            )
        return Out(x)


class LogSigmoid(Elementwise):
    pass


class PReLU(Elementwise):
    """Leaky ReLU with a learnt slope: one for all channels, or one per channel."""

    args = (
        Arg("num_parameters", Int(min=0, why=" (a parameter count)"), default=1),
        Arg("init", Float(), default=0.25),
    )
    shape_rule = "shape kept; num_parameters is 1 or the channels (dim 1)"

    def infer(self, x: Tensor, a: Args) -> Out:
        n, c = a.integer("num_parameters"), x.shape[0]
        if n not in (1, c):
            raise LayerError(
                "E206",
                f"PReLU: num_parameters={n} must be 1 (one slope shared) or the number of "
                f"channels, {c} (one slope per channel); write num_parameters: {c} or 1",
                "num_parameters",
            )
        return Out(x, params=n)

    def summary(self, a: Args) -> str:
        n = a.integer("num_parameters")
        return "" if n == 1 else f"{n} slopes"


class RReLU(Elementwise):
    args = (
        Arg("lower", Float(), default=1.0 / 8),
        Arg("upper", Float(), default=1.0 / 3),
        _INPLACE,
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        if a.number("lower") > a.number("upper"):
            raise LayerError(
                "E109",
                f"RReLU: lower ({a.number('lower'):g}) must not exceed upper "
                f"({a.number('upper'):g})",
                "lower",
            )
        return Out(x)


class SELU(Elementwise):
    args = (_INPLACE,)


class Softmax2d(Elementwise):
    """Softmax over the channels of (N, C, H, W)."""

    shape_rule = "shape kept; a 4-d input (N, C, H, W)"

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (4,), "(N, C, H, W)")
        return Out(x)


class Softmin(Softmax):
    pass


class Softplus(Elementwise):
    args = (Arg("beta", Float(), default=1.0), Arg("threshold", Float(), default=20.0))


class Softshrink(Elementwise):
    args = (
        Arg(
            "lambd",
            Float(lo=0.0, hi=FLOAT32_MAX, why=" (PyTorch refuses a negative lambd)"),
            default=0.5,
        ),
    )


class Softsign(Elementwise):
    pass


class Tanhshrink(Elementwise):
    pass


class Threshold(Elementwise):
    """y = x where x > threshold, else value."""

    args = (
        Arg("threshold", Float(), required=True),
        Arg("value", Float(), required=True),
        _INPLACE,
    )

    def summary(self, a: Args) -> str:
        return f"> {a.number('threshold'):g} else {a.number('value'):g}"


class AlphaDropout(Dropout):
    """Dropout that keeps SELU's mean and variance."""


class FeatureAlphaDropout(Dropout):
    """AlphaDropout of whole channels."""
