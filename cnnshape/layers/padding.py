"""The padding layers: Zero/Constant/Reflection/Replication/CircularPad1d/2d/3d
(torch/nn/modules/padding.py; limits from PadNd.cpp, ReflectionPad.cpp, ReplicationPadding.cpp).

``padding`` is an int or 2·n ints, PyTorch's order: the last dimension first,
(left, right, top, bottom, front, back). Negative values crop. What each mode allows:

- zeros / constant: any rank; the negative values crop first, and a crop larger than the
  input is refused even where the other side pads back (the output may be empty);
- reflect: (N, C, *n dims); every non-batch dimension non-empty, each side's padding
  smaller than that dimension; no output dimension negative and at least one of them 1 or
  more (ATen checks `out_w >= 1 || out_h >= 1`: so 2-d and 3-d may give an empty one);
- replicate: as reflect, without the limit on each side's padding;
- circular: (N, C, *n dims); each side's padding at most the dimension (no wrapping
  around twice), and the output not negative (an empty output is allowed).

ZeroPad2d, older than this family, keeps its own rule in resample.py; ZeroPad1d/3d here
follow it exactly.
"""

from __future__ import annotations

from cnnshape.args import Arg, Args, Float, Ints
from cnnshape.layers.base import IDENTITY, PAD, Field, LayerError, Out, Rule, Tensor, check_elements
from cnnshape.layers.merging import dim_name
from cnnshape.layers.windows import DIMS
from cnnshape.shapes import Shape, Window


class Pad(Rule):
    """Pads the last ``nd`` dimensions; subclasses set the mode."""

    family = PAD
    shape_rule = "each padded dim + its two paddings (negative values crop)"

    nd: int
    mode: str

    def __init_subclass__(cls, nd: int = 0, mode: str = "", **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd, cls.mode = nd, mode
        cls.args = (Arg("padding", Ints(2 * nd), required=True),)
        if mode == "constant":
            cls.args = (*cls.args, Arg("value", Float(), required=True))

    def pairs(self, a: Args) -> list[tuple[int, int]]:
        """(before, after) per padded dimension, in the tensor's order (first padded dim first)."""
        p = a.integers("padding")
        return [(p[2 * j], p[2 * j + 1]) for j in reversed(range(self.nd))]

    def infer(self, x: Tensor, a: Args) -> Out:
        self._check_rank(x)
        lead, sizes = x.shape[: -self.nd], x.shape[-self.nd :]
        outs = []
        for i, (n, (lo, hi)) in enumerate(zip(sizes, self.pairs(a), strict=True)):
            axis = dim_name(len(x.shape), len(x.shape) - self.nd + i)
            outs.append(self._dim(axis, n, lo, hi))
        if self.mode in ("reflect", "replicate") and 0 in x.shape:
            raise LayerError(
                "E201",
                f"{self.name}: the input {tuple(x.shape)} has a dimension of size 0, which "
                f"PyTorch refuses for {self.mode} padding",
            )
        if self.mode in ("reflect", "replicate") and max(outs) < 1:
            # ATen's 2-d and 3-d checks ask for one output dimension of at least 1, not all
            self._fail(f"every padded dimension would be empty ({tuple(outs)})")
        shape = (*lead, *outs)
        check_elements(shape)
        return Out(Tensor(shape))

    def _check_rank(self, x: Tensor) -> None:
        if self.mode in ("zeros", "constant"):
            if len(x.shape) >= self.nd:
                return
            raise LayerError(
                "E205",
                f"{self.name} pads the last {self.nd} dimension(s); with a {x.rank}-d tensor "
                f"(N, {', '.join(map(str, x.shape))}) one of them would be the batch",
            )
        if x.rank != self.nd + 2:
            raise LayerError(
                "E205",
                f"{self.name} expects a {self.nd + 2}-d input (N, C, {DIMS[self.nd]}), but gets "
                f"a {x.rank}-d tensor (N, {', '.join(map(str, x.shape))})",
            )

    def _dim(self, axis: str, n: int, lo: int, hi: int) -> int:
        """One dimension's output size after the mode's checks."""
        out = n + lo + hi
        if self.mode in ("zeros", "constant"):
            cropped = n + min(lo, 0) + min(hi, 0)  # torch crops first, then pads
            if cropped < 0:
                self._fail(
                    f"the {axis} {n} cropped by the negative padding ({min(lo, 0)}, "
                    f"{min(hi, 0)}) would be {cropped}; negative padding cannot crop more "
                    "than the input"
                )
            return out
        if self.mode == "reflect" and max(lo, hi) >= n:
            self._fail(
                f"reflection padding ({lo}, {hi}) must be smaller than the {axis} ({n}) it "
                f"reflects; use at most {n - 1}",
                "E208",
            )
        if self.mode == "circular" and max(lo, hi) > n:
            self._fail(
                f"circular padding ({lo}, {hi}) wraps around the {axis} ({n}) more than once; "
                f"use at most {n}",
                "E208",
            )
        least = 1 if self.mode != "circular" and self.nd == 1 else 0
        if out < least:
            self._fail(
                f"the {axis} {n} padded by ({lo}, {hi}) would be {out}; {self.mode} padding "
                f"needs an output of at least {least}"
            )
        if self.mode == "circular" and not circular_copies_fit(n, lo, hi):
            self._fail(
                f"circular padding ({lo}, {hi}) of the {axis} ({n}): the negative side crops "
                "so much that PyTorch's copies of the kept and the wrapped parts no longer "
                "fit; crop less"
            )
        return out

    def _fail(self, text: str, code: str = "E201") -> None:
        raise LayerError(code, f"{self.name}: {text}", "padding")

    def field(self, x: Shape, a: Args) -> Field:
        """A shift per padded dimension: output i reads input i − before."""
        wins = tuple(Window(1, 1, lo, hi) for lo, hi in self.pairs(a))
        return (*(IDENTITY,) * (len(x) - 1 - self.nd), *wins)

    def summary(self, a: Args) -> str:
        pad = a.integers("padding")
        text = f"p{pad[0]}" if len(set(pad)) == 1 else "p" + ",".join(map(str, pad))
        return text + (f" value {a.number('value'):g}" if self.mode == "constant" else "")


def _slice(size: int, start: int, end: int) -> int:
    """The length of ATen's ``slice(start, end)`` of a dimension of ``size`` (negative
    bounds count from the end, then both are clamped)."""
    start, end = start + size if start < 0 else start, end + size if end < 0 else end
    start = min(max(start, 0), size)
    return min(max(end, start), size) - start


def circular_copies_fit(n: int, lo: int, hi: int) -> bool:
    """Whether the three copies of ATen's _pad_circular (the kept input, then the wrapped
    left and right parts) have matching (or broadcastable, length 1) shapes for one
    dimension of size ``n`` padded by (lo, hi). Only large negative padding breaks them."""
    out = n + lo + hi

    def fits(dst: int, src: int) -> bool:
        return src in (dst, 1)

    if not fits(_slice(out, max(lo, 0), out - max(hi, 0)), _slice(n, max(-lo, 0), n - max(-hi, 0))):
        return False
    left = _slice(out, out - lo - max(hi, 0), out - max(hi, 0))
    if lo > 0 and not fits(_slice(out, 0, lo), left):
        return False
    return not (
        hi > 0 and not fits(_slice(out, out - hi, out), _slice(out, max(lo, 0), max(lo, 0) + hi))
    )


class ZeroPad1d(Pad, nd=1, mode="zeros"):
    pass


class ZeroPad3d(Pad, nd=3, mode="zeros"):
    pass


class ConstantPad1d(Pad, nd=1, mode="constant"):
    pass


class ConstantPad2d(Pad, nd=2, mode="constant"):
    pass


class ConstantPad3d(Pad, nd=3, mode="constant"):
    pass


class ReflectionPad1d(Pad, nd=1, mode="reflect"):
    pass


class ReflectionPad2d(Pad, nd=2, mode="reflect"):
    pass


class ReflectionPad3d(Pad, nd=3, mode="reflect"):
    pass


class ReplicationPad1d(Pad, nd=1, mode="replicate"):
    pass


class ReplicationPad2d(Pad, nd=2, mode="replicate"):
    pass


class ReplicationPad3d(Pad, nd=3, mode="replicate"):
    pass


class CircularPad1d(Pad, nd=1, mode="circular"):
    pass


class CircularPad2d(Pad, nd=2, mode="circular"):
    pass


class CircularPad3d(Pad, nd=3, mode="circular"):
    pass
