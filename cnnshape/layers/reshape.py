"""ChannelShuffle, Unflatten, UpsamplingNearest2d and UpsamplingBilinear2d
(torch/nn/modules/{channelshuffle,flatten,upsampling}.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from cnnshape.args import Arg, Args, Int
from cnnshape.args.lists import FloatList, IntList
from cnnshape.layers.base import GLOBAL, IDENTITY, Field, LayerError, Out, Rule, Tensor
from cnnshape.layers.linear import normalize_dim
from cnnshape.layers.resample import Upsample
from cnnshape.shapes import Shape, product


class ChannelShuffle(Rule):
    """ShuffleNet's shuffle: (N, C, *) with C split into ``groups`` and transposed."""

    shape_rule = "shape kept (C divisible by groups)"

    args = (Arg("groups", Int(min=1, why=" (it must be positive)"), required=True),)

    def infer(self, x: Tensor, a: Args) -> Out:
        g = a.integer("groups")
        if x.rank < 3:
            raise LayerError(
                "E205",
                f"ChannelShuffle expects an input of more than 2 dimensions (N, C, *), but gets "
                f"a {x.rank}-d tensor",
            )
        c = x.shape[0]
        if c % g:
            raise LayerError(
                "E203",
                f"ChannelShuffle: the channels ({c}) must be divisible by groups={g}",
                "groups",
            )
        return Out(x)

    def summary(self, a: Args) -> str:
        return f"g{a.integer('groups')}"


class Unflatten(Rule):
    """Splits dimension ``dim`` (counted with the batch) into ``unflattened_size``; one
    size may be -1, inferred from the others."""

    shape_rule = "dim split into unflattened_size (one entry may be -1)"

    args = (
        Arg("dim", Int(), required=True),
        Arg("unflattened_size", IntList(), required=True),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        d = normalize_dim(a.integer("dim"), x.rank, "dim")
        if d == 0:
            raise LayerError(
                "E207",
                "Unflatten with dim=0 splits the batch dimension; cnnshape keeps the batch N "
                "symbolic and does not model this",
                "dim",
            )
        sizes = a.integers("unflattened_size")
        n = x.shape[d - 1]
        shape = (*x.shape[: d - 1], *self._sizes(n, sizes), *x.shape[d:])
        return Out(Tensor(shape))

    def _sizes(self, n: int, sizes: tuple[int, ...]) -> tuple[int, ...]:
        def fail(why: str) -> LayerError:
            return LayerError("E212", f"Unflatten: {why}", "unflattened_size")

        if not sizes:
            raise fail("unflattened_size must not be empty")
        if sizes.count(-1) > 1 or any(s < -1 for s in sizes):
            raise fail(f"{list(sizes)}: only one size may be -1 and none may be below it")
        known = product(tuple(s for s in sizes if s != -1))
        if -1 in sizes:
            if known == 0 or n % known:
                raise fail(f"{list(sizes)} cannot be inferred: {n} is not a multiple of {known}")
            return tuple(n // known if s == -1 else s for s in sizes)
        if known != n:
            raise fail(f"the sizes {list(sizes)} multiply to {known}, not to the {n} they split")
        return sizes

    def in_place(self, a: Args) -> bool:
        """Unflatten returns a view: no new activation memory."""
        return True

    def field(self, x: Shape, a: Args) -> Field:
        return IDENTITY if len(a.integers("unflattened_size")) == 1 else GLOBAL

    def summary(self, a: Args) -> str:
        return f"dim {a.integer('dim')} → " + "×".join(map(str, a.integers("unflattened_size")))


class FixedModeUpsample(Upsample):
    """nn.Upsample with its mode fixed (and align_corners, for the bilinear one)."""

    mode: str = "nearest"
    corners: bool | None = None

    args: ClassVar[tuple[Arg, ...]] = (
        Arg("size", IntList(nullable=True), default=None),
        Arg("scale_factor", FloatList(nullable=True), default=None),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        full = dict(a.values, mode=self.mode, align_corners=self.corners)
        full["recompute_scale_factor"] = None
        return super().infer(x, Args(full, a.spans, a.given))

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        _, kwargs = super().torch_call(
            dict(values, mode=self.mode, align_corners=None, recompute_scale_factor=None)
        )
        return self.name, {k: kwargs[k] for k in ("size", "scale_factor")}

    def summary(self, a: Args) -> str:
        full = dict(a.values, mode=self.mode)
        return super().summary(Args(full, a.spans, a.given))


class UpsamplingNearest2d(FixedModeUpsample):
    """Upsample(mode='nearest'): despite its name any of 1-3 spatial dimensions."""


class UpsamplingBilinear2d(FixedModeUpsample):
    """Upsample(mode='bilinear', align_corners=True): a 4-d input."""

    mode = "bilinear"
    corners = True
