"""LayerNorm, GroupNorm, LocalResponseNorm, RMSNorm and CrossMapLRN2d
(torch/nn/modules/normalization.py)."""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Float, Int
from cnnshape.args.lists import IntList
from cnnshape.layers.base import NORM, LayerError, Out, Rule, Tensor, check_written, need_rank
from cnnshape.layers.norm import BIAS, affine_params
from cnnshape.shapes import fmt_shape, product

_EPS = Arg("eps", Float(), default=1e-5)


def check_trailing(name: str, want: tuple[int, ...], x: Tensor) -> None:
    """E206 unless normalized_shape is the input's trailing dimensions (batch left out)."""
    have = x.shape[len(x.shape) - len(want) :] if want else ()
    if len(want) > len(x.shape) or have != want:
        fits = list(x.shape[-len(want) :]) if 0 < len(want) <= len(x.shape) else list(x.shape)
        raise LayerError(
            "E206",
            f"{name}: normalized_shape={list(want)} must match the input's last "
            f"{len(want)} dimension(s), but the input is {fmt_shape(x.shape)}; "
            f"write normalized_shape: {fits}",
            "normalized_shape",
        )


class LayerNorm(Rule):
    """Normalises over the trailing normalized_shape dimensions; ∏shape weights and biases."""

    family = NORM

    args = (
        Arg("normalized_shape", IntList(min=0), required=True),
        _EPS,
        Arg("elementwise_affine", Bool(), default=True),
        Arg("bias", Bool(), default=True),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        want = a.integers("normalized_shape")
        check_trailing(self.name, want, x)
        n = product(want)
        params = 0
        if a.flag("elementwise_affine"):
            params = n * (2 if a.flag("bias") else 1)
        return Out(x, params=params)

    def summary(self, a: Args) -> str:
        return "over " + "×".join(map(str, a.integers("normalized_shape")))


class GroupNorm(Rule):
    """Normalises channel groups; num_channels (inferred here) must split into num_groups."""

    family = NORM

    args = (
        Arg("num_groups", Int(min=1, why=" (it must be positive)"), required=True),
        Arg("num_channels", Int(min=0), inferred=True),
        _EPS,
        Arg("affine", Bool(), default=True),
        BIAS,
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        c, g = x.shape[0], a.integer("num_groups")
        written = a.values["num_channels"] if "num_channels" in a.given else c
        assert isinstance(written, int)
        if written % g:
            raise LayerError(
                "E203",
                f"GroupNorm: num_channels ({written}) must be divisible by num_groups ({g})",
                "num_groups",
            )
        check_written(a, "num_channels", c, f"the input has {c} channels")
        return Out(x, params=affine_params(c, a), inferred={"num_channels": c})

    def summary(self, a: Args) -> str:
        return f"{a.integer('num_groups')} groups"


class LocalResponseNorm(Rule):
    """Normalises each channel by its `size` neighbours; shape kept, no parameters."""

    family = NORM

    args = (
        Arg("size", Int(min=1, why=" (the kernel size must be positive)"), required=True),
        Arg("alpha", Float(scalar=True), default=1e-4),
        Arg("beta", Float(scalar=True), default=0.75),
        Arg("k", Float(scalar=True), default=1.0),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        if x.rank < 3:
            raise LayerError(
                "E205",
                f"LocalResponseNorm expects a 3-d or higher input, but gets a {x.rank}-d tensor "
                f"{fmt_shape(x.shape)}",
            )
        return Out(x)

    def summary(self, a: Args) -> str:
        return f"size {a.integer('size')}"


class RMSNorm(Rule):
    """Root-mean-square normalisation over the trailing normalized_shape dimensions."""

    family = NORM
    shape_rule = "shape kept; normalized_shape = the input's trailing dims"
    args = (
        Arg("normalized_shape", IntList(min=0), required=True),
        Arg("eps", Float(want="a number or null", nullable=True), default=None),
        Arg("elementwise_affine", Bool(), default=True),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        want = a.integers("normalized_shape")
        if not want:
            raise LayerError(
                "E109",
                "RMSNorm: normalized_shape must have at least one dimension",
                "normalized_shape",
            )
        check_trailing(self.name, want, x)
        return Out(x, params=product(want) if a.flag("elementwise_affine") else 0)

    def summary(self, a: Args) -> str:
        return "over " + "×".join(map(str, a.integers("normalized_shape")))


class CrossMapLRN2d(Rule):
    """LocalResponseNorm across channels of (N, C, H, W), Lua Torch's form; no parameters."""

    family = NORM
    shape_rule = "shape kept; a 4-d input (N, C, H, W) with channels"
    args = (
        Arg("size", Int(min=1, why=" (the window of channels must be positive)"), required=True),
        Arg("alpha", Float(), default=1e-4),
        Arg("beta", Float(), default=0.75),
        Arg("k", Float(), default=1),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (4,), "(N, C, H, W)")
        if x.shape[0] == 0:
            raise LayerError(
                "E201", f"CrossMapLRN2d: the input {fmt_shape(x.shape)} has no channels"
            )
        return Out(x)

    def summary(self, a: Args) -> str:
        return f"size {a.integer('size')}"
