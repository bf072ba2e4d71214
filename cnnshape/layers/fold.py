"""Unfold (im2col) and Fold (col2im) (torch/nn/modules/fold.py; checks from im2col_shape_check
and col2im_shape_check in im2col_shape_check.h). Both are 2-d only in PyTorch.

Unfold: (N, C, H, W) → (N, C·∏k, L), L = ∏ blocks, blocks = ⌊(in + 2p − d(k−1) − 1)/s⌋ + 1;
Fold: (N, C·∏k, L) → (N, C, *output_size), with L the blocks that output_size holds.
"""

from __future__ import annotations

from cnnshape.args import Arg, Args, Ints
from cnnshape.layers.base import (
    CONV,
    GLOBAL,
    UNDEFINED,
    Field,
    LayerError,
    Out,
    Rule,
    Tensor,
    need_rank,
)
from cnnshape.layers.windows import short
from cnnshape.shapes import Shape, Window, product

_POSITIVE = " (PyTorch refuses non-positive values)"


def _window_args() -> tuple[Arg, ...]:
    return (
        Arg("kernel_size", Ints(2, min=1, why=_POSITIVE), required=True),
        Arg("dilation", Ints(2, min=1, why=_POSITIVE), default=(1, 1)),
        Arg("padding", Ints(2, min=0, why=" (padding must be non-negative)"), default=(0, 0)),
        Arg("stride", Ints(2, min=1, why=_POSITIVE), default=(1, 1)),
    )


class Blocks(Rule):
    """What Fold and Unfold share: the sliding blocks over a 2-d plane."""

    def windows(self, a: Args) -> list[Window]:
        k, d = a.integers("kernel_size"), a.integers("dilation")
        p, s = a.integers("padding"), a.integers("stride")
        return [Window(k[i], s[i], p[i], p[i], d[i]) for i in range(2)]

    def blocks(self, plane: Shape, a: Args) -> int:
        """L, the number of blocks; E201 when a dimension holds none."""
        counts = [w.out_floor(n) for n, w in zip(plane, self.windows(a), strict=True)]
        if min(counts) < 1:
            raise LayerError(
                "E201",
                f"{self.name}: the plane {'×'.join(map(str, plane))} holds "
                f"{'×'.join(map(str, counts))} blocks of kernel "
                f"{'×'.join(map(str, a.integers('kernel_size')))} (with padding, dilation "
                "and stride); it must hold at least one in each dimension",
                "kernel_size",
            )
        return product(tuple(counts))

    def summary(self, a: Args) -> str:
        parts = [short("k", a.integers("kernel_size"))]
        for key, prefix, default in (("stride", "s", 1), ("padding", "p", 0), ("dilation", "d", 1)):
            if set(a.integers(key)) != {default}:
                parts.append(short(prefix, a.integers(key)))
        return " ".join(parts)


class Unfold(Blocks):
    family = CONV
    shape_rule = "(C, H, W) → (C·∏kernel_size, L), L the number of sliding blocks"

    args = _window_args()

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (4,), "(N, C, H, W)")
        if 0 in x.shape:
            raise LayerError("E201", f"Unfold: the input {tuple(x.shape)} has an empty dimension")
        c, plane = x.shape[0], x.shape[1:]
        return Out(Tensor((c * product(a.integers("kernel_size")), self.blocks(plane, a))))

    def field(self, x: Shape, a: Args) -> Field:
        return GLOBAL  # the blocks leave the spatial grid, as after Flatten


class Fold(Blocks):
    family = CONV
    shape_rule = "(C·∏kernel_size, L) → (C, *output_size); L must be the number of blocks"

    args = (Arg("output_size", Ints(2, min=1, why=_POSITIVE), required=True), *_window_args())

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (3,), "(N, C·∏kernel_size, L)")
        if 0 in x.shape:
            raise LayerError("E201", f"Fold: the input {tuple(x.shape)} has an empty dimension")
        cols, length = x.shape
        k = product(a.integers("kernel_size"))
        if cols % k:
            raise LayerError(
                "E212",
                f"Fold: the input's dimension 1 ({cols}) must be divisible by the kernel's "
                f"{k} positions (∏kernel_size)",
                "kernel_size",
            )
        size = a.integers("output_size")
        want = self.blocks(size, a)
        if length != want:
            raise LayerError(
                "E212",
                f"Fold: output_size {'×'.join(map(str, size))} holds {want} blocks, but the "
                f"input has L = {length}",
                "output_size",
            )
        return Out(Tensor((cols // k, *size)))

    def field(self, x: Shape, a: Args) -> Field:
        return UNDEFINED
