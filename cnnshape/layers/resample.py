"""Layers that change the spatial size without a window: Upsample, PixelShuffle,
PixelUnshuffle and ZeroPad2d (torch/nn/modules/{upsampling,pixelshuffle,padding}.py)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

from cnnshape.args import Arg, Args, Bool, Choice, Int, Ints
from cnnshape.args.lists import FloatList, IntList
from cnnshape.layers.base import IDENTITY, PAD, Field, LayerError, Out, Rule, Tensor, check_elements
from cnnshape.layers.merging import dim_name
from cnnshape.shapes import Shape, Window

_INTERPOLATING = ("linear", "bilinear", "bicubic", "trilinear")
#: mode → the input ranks (batch included) it accepts.
_MODE_RANKS = {
    "nearest": (3, 4, 5),
    "nearest-exact": (3, 4, 5),
    "area": (3, 4, 5),
    "linear": (3,),
    "bilinear": (4,),
    "bicubic": (4,),
    "trilinear": (5,),
}


class Upsample(Rule):
    """Interpolation to a given size, or to floor(in·scale_factor) per spatial dimension."""

    shape_rule = "each spatial dim → size, or ⌊in·scale_factor⌋"

    args: ClassVar[tuple[Arg, ...]] = (
        Arg("size", IntList(nullable=True), default=None),
        Arg("scale_factor", FloatList(nullable=True), default=None),
        Arg("mode", Choice(options=tuple(_MODE_RANKS)), default="nearest"),
        Arg("align_corners", Bool(), default=None),
        Arg("recompute_scale_factor", Bool(), default=None),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        mode = a.text("mode")
        if a.values["align_corners"] is not None and mode not in _INTERPOLATING:
            raise LayerError(
                "E109",
                "Upsample: align_corners can only be set with the interpolating modes "
                f"({', '.join(_INTERPOLATING)}), not mode '{mode}'",
                "align_corners",
            )
        size, scale = a.opt_integers("size"), a.opt_numbers("scale_factor")
        if scale is not None and len(scale) == 1 and scale[0] == 0:
            scale = None  # nn.Upsample stores a falsy scale_factor as None
        if size is not None and scale is not None:
            raise LayerError("E109", "Upsample: give size or scale_factor, not both", "size")
        if size is None and scale is None:
            raise LayerError("E107", "Upsample needs size or scale_factor")
        spatial = x.shape[1:]
        n = len(spatial)
        given = size if size is not None else scale
        assert given is not None
        if len(given) not in (1, n) and x.rank in (3, 4, 5):
            what = "size" if size is not None else "scale_factor"
            raise LayerError(
                "E109",
                f"Upsample: {what} has {len(given)} values but the input has {n} spatial "
                f"dimension(s) {tuple(spatial)}",
                what,
            )
        ranks = _MODE_RANKS[mode]
        if x.rank not in ranks:
            wanted = " or ".join(f"{r}-d" for r in ranks)
            raise LayerError(
                "E205",
                f"Upsample: mode '{mode}' needs a {wanted} input, but gets a {x.rank}-d tensor "
                f"(N, {', '.join(map(str, x.shape))})",
                "mode",
            )
        if size is not None:
            outs = [int(v) for v in (size * n if len(size) == 1 else size) if v is not None]
        else:
            assert scale is not None
            factors = scale * n if len(scale) == 1 else scale
            outs = [_scaled(s, f) for s, f in zip(spatial, factors, strict=True)]
        least = 0 if mode == "area" else 1  # 'area' is adaptive pooling: empty is allowed
        if min(outs) < least:
            bound = "at least 0" if least == 0 else "greater than 0"
            raise LayerError(
                "E201",
                f"Upsample: the output sizes must be {bound}, but {tuple(spatial)} "
                f"becomes {tuple(outs)}",
                "size" if size is not None else "scale_factor",
            )
        shape = (x.shape[0], *outs)
        check_elements(shape)
        return Out(Tensor(shape))

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """A size or scale_factor given once is one number for every dimension in torch;
        a one-item tuple would mean a single spatial dimension."""
        name, kwargs = super().torch_call(values)
        for key in ("size", "scale_factor"):
            v = kwargs[key]
            if isinstance(v, tuple) and len(v) == 1:
                kwargs[key] = v[0]
        return name, kwargs

    def summary(self, a: Args) -> str:
        size, scale = a.opt_integers("size"), a.opt_numbers("scale_factor")
        what = f"size {'×'.join(map(str, size))}" if size else ""
        if scale:
            what = "×" + "×".join(f"{s:g}" for s in scale)
        return f"{what} {a.text('mode')}".strip()


def _scaled(size: int, factor: float) -> int:
    """floor(size·factor), as PyTorch computes it in doubles; E209 past an int64 size."""
    out = size * factor
    if not out < 1 << 63:  # inf too; nan never gets here (the argument is finite)
        raise LayerError(
            "E209",
            f"Upsample: {size}·{factor:g} = {out:.3g} is beyond the largest size a tensor can "
            "have (2^63 − 1)",
            "scale_factor",
        )
    return math.floor(out)


class PixelShuffle(Rule):
    """(*, C·r², H, W) → (*, C, H·r, W·r) on the last three dimensions."""

    shape_rule = "(C·r², H, W) → (C, H·r, W·r)"

    args = (Arg("upscale_factor", Int(min=1, why=" (it must be positive)"), required=True),)

    def infer(self, x: Tensor, a: Args) -> Out:
        r = a.integer("upscale_factor")
        _need_three(self.name, x)
        *lead, c, h, w = x.shape
        if c % (r * r):
            raise LayerError(
                "E212",
                f"PixelShuffle: the channels ({c}) must be divisible by upscale_factor² = "
                f"{r}² = {r * r}; {c // (r * r) * r * r} or {(c // (r * r) + 1) * r * r} "
                "channels would fit",
                "upscale_factor",
            )
        return Out(Tensor((*lead, c // (r * r), h * r, w * r)))

    def summary(self, a: Args) -> str:
        return f"×{a.integer('upscale_factor')}"


class PixelUnshuffle(Rule):
    """(*, C, H·r, W·r) → (*, C·r², H, W): height and width must be divisible by r."""

    shape_rule = "(C, H·r, W·r) → (C·r², H, W)"

    args = (Arg("downscale_factor", Int(min=1, why=" (it must be positive)"), required=True),)

    def infer(self, x: Tensor, a: Args) -> Out:
        r = a.integer("downscale_factor")
        _need_three(self.name, x)
        *lead, c, h, w = x.shape
        for what, n in (("height", h), ("width", w)):
            if n % r:
                raise LayerError(
                    "E212",
                    f"PixelUnshuffle: the {what} ({n}) must be divisible by downscale_factor "
                    f"{r}; {n - n % r} or {n - n % r + r} would fit",
                    "downscale_factor",
                )
        return Out(Tensor((*lead, c * r * r, h // r, w // r)))

    def summary(self, a: Args) -> str:
        return f"÷{a.integer('downscale_factor')}"


def _need_three(name: str, x: Tensor) -> None:
    if len(x.shape) < 3:
        raise LayerError(
            "E205",
            f"{name} works on the last three dimensions (C, H, W); with a {x.rank}-d tensor "
            f"(N, {', '.join(map(str, x.shape))}) one of them would be the batch",
        )


class ZeroPad2d(Rule):
    """Pads the last two dimensions: (left, right, top, bottom); negative values crop.

    As in torch's constant_pad_nd, the negative values crop first, so a crop larger than
    the input is refused even where the positive side would make up for it.
    """

    family = PAD
    shape_rule = "H + top + bottom, W + left + right (negative values crop)"

    args = (Arg("padding", Ints(4), required=True),)

    def infer(self, x: Tensor, a: Args) -> Out:
        left, right, top, bottom = a.integers("padding")
        if len(x.shape) < 2:
            raise LayerError(
                "E205",
                f"ZeroPad2d pads the last two dimensions; with a {x.rank}-d tensor "
                f"(N, {x.shape[0]}) one of them would be the batch",
            )
        *lead, h, w = x.shape
        out_h, out_w = h + top + bottom, w + left + right
        for i, (n, lo, hi) in enumerate(((h, top, bottom), (w, left, right))):
            cropped = n + min(lo, 0) + min(hi, 0)  # torch crops first, then pads
            if cropped < 0:
                axis = dim_name(len(x.shape), len(x.shape) - 2 + i)
                raise LayerError(
                    "E201",
                    f"ZeroPad2d: the {axis} {n} cropped by the negative padding "
                    f"({min(lo, 0)}, {min(hi, 0)}) would be {cropped}; negative padding "
                    "cannot crop more than the input",
                    "padding",
                )
        shape = (*lead, out_h, out_w)
        check_elements(shape)
        return Out(Tensor(shape))

    def field(self, x: Shape, a: Args) -> Field:
        """A shift: output row i is input row i − top (a 1-wide window with that padding)."""
        left, right, top, bottom = a.integers("padding")
        rows, cols = Window(1, 1, top, bottom), Window(1, 1, left, right)
        return (*(IDENTITY,) * (len(x) - 3), rows, cols)

    def summary(self, a: Args) -> str:
        pad = a.integers("padding")
        return f"p{pad[0]}" if len(set(pad)) == 1 else "p" + ",".join(map(str, pad))
