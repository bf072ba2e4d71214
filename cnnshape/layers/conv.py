"""Conv1d, Conv2d and Conv3d (torch/nn/modules/conv.py; checks from ConvUtils.h)."""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Choice, Int, Ints, Padding
from cnnshape.layers.base import (
    CONV,
    Field,
    LayerError,
    Out,
    Rule,
    Tensor,
    check_elements,
    check_written,
    need_rank,
)
from cnnshape.layers.windows import DIMS, never_read, short, too_small
from cnnshape.shapes import Shape, Window, product, same_padding

_POSITIVE = " (PyTorch refuses non-positive values)"
GROUPS = Arg("groups", Int(min=1, why=" (groups must be a positive integer)"), default=1)


def head_args(nd: int) -> tuple[Arg, ...]:
    """in_channels, out_channels, kernel_size and stride: how every convolution starts."""
    return (
        Arg("in_channels", Int(min=1), inferred=True),
        Arg("out_channels", Int(min=1, why=_POSITIVE), required=True),
        Arg("kernel_size", Ints(nd, min=1, why=_POSITIVE), required=True),
        Arg("stride", Ints(nd, min=1, why=_POSITIVE), default=(1,) * nd),
    )


def dilation_arg(nd: int) -> Arg:
    return Arg("dilation", Ints(nd, min=1, why=_POSITIVE), default=(1,) * nd)


def check_channels(name: str, x: Tensor, a: Args) -> tuple[int, int, int]:
    """(in, groups, out) after the written in_channels (E206) and groups (E203) checks."""
    c_in, groups, c_out = x.shape[0], a.integer("groups"), a.integer("out_channels")
    check_written(a, "in_channels", c_in, f"the input has {c_in} channels")
    for what, n in (("in_channels", c_in), ("out_channels", c_out)):
        if n % groups:
            raise LayerError(
                "E203", f"{name}: {what}={n} is not divisible by groups={groups}", "groups"
            )
    return c_in, groups, c_out


def summary_tail(a: Args) -> list[str]:
    """The table's short form of dilation, groups and bias, where they differ from defaults."""
    parts = []
    if set(a.integers("dilation")) != {1}:
        parts.append(short("d", a.integers("dilation")))
    if a.integer("groups") != 1:
        parts.append(f"g{a.integer('groups')}")
    if not a.flag("bias"):
        parts.append("no bias")
    return parts


class Conv(Rule):
    """N-d convolution: out = floor((in + 2p − d·(k−1) − 1)/s) + 1 per spatial dimension."""

    family = CONV
    shape_rule = "C → out_channels; out = ⌊(in + 2p − d·(k−1) − 1)/s⌋ + 1 per spatial dim"

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if nd:
            cls.nd = nd
            cls.name = f"Conv{nd}d"
            cls.args = (
                *head_args(nd),
                # Negative padding crops; PyTorch allows it except with padding_mode='zeros'.
                Arg("padding", Padding(nd), default=(0,) * nd),
                dilation_arg(nd),
                GROUPS,
                Arg("bias", Bool(), default=True),
                Arg(
                    "padding_mode",
                    Choice(options=("zeros", "reflect", "replicate", "circular")),
                    default="zeros",
                ),
            )

    def windows(self, a: Args) -> list[Window]:
        k, s, d = a.integers("kernel_size"), a.integers("stride"), a.integers("dilation")
        pad = a.padding()
        wins = []
        for i in range(self.nd):
            if pad == "same":
                pl, pr = same_padding(k[i], d[i])
            elif pad == "valid":
                pl = pr = 0
            else:
                assert isinstance(pad, tuple)
                pl = pr = pad[i]
            wins.append(Window(k[i], s[i], pl, pr, d[i]))
        return wins

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        c_in, groups, c_out = check_channels(self.name, x, a)
        if a.padding() == "same" and any(s != 1 for s in a.integers("stride")):
            raise LayerError(
                "E204",
                f"{self.name}: padding='same' is not supported for strided convolutions "
                f"(stride={list(a.integers('stride'))}); give the padding as a number",
                "padding",
            )
        pad = a.padding()
        if a.text("padding_mode") == "zeros" and isinstance(pad, tuple) and min(pad) < 0:
            raise LayerError(
                "E109",
                f"{self.name}: padding {list(pad)} is negative, which PyTorch refuses with "
                "padding_mode='zeros' (other padding modes crop instead)",
                "padding",
            )
        wins = self.windows(a)
        sizes = x.shape[1:]
        if 0 in sizes:
            raise LayerError(
                "E201",
                f"{self.name}: the input {tuple(x.shape)} has a spatial dimension of size 0, "
                "which PyTorch refuses for convolution",
            )
        self._check_padding_mode(a, sizes, wins)
        outs = [w.out_floor(n) for n, w in zip(sizes, wins, strict=True)]
        too_small(self.name, sizes, wins, outs)
        shape = (c_out, *outs)
        check_elements(shape)
        k = a.integers("kernel_size")
        params = c_out * (c_in // groups) * product(k) + (c_out if a.flag("bias") else 0)
        out = Out(Tensor(shape), params=params, inferred={"in_channels": c_in})
        warn = never_read(self.name, sizes, wins, outs)
        if warn:
            out.findings.append(warn)
        return out

    def _check_padding_mode(self, a: Args, sizes: tuple[int, ...], wins: list[Window]) -> None:
        mode = a.text("padding_mode")
        if mode not in ("reflect", "circular"):
            return
        for size, w in zip(sizes, wins, strict=True):
            pad = max(w.pad_l, w.pad_r)
            if (mode == "reflect" and pad >= size) or (mode == "circular" and pad > size):
                rel = "smaller than" if mode == "reflect" else "at most"
                raise LayerError(
                    "E208",
                    f"{self.name}: padding_mode='{mode}' needs the padding ({pad}) to be "
                    f"{rel} the input size ({size})",
                    "padding",
                )

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """Each output element: (in_channels/groups)·∏k multiply-accumulates (bias not counted)."""
        return product(y) * (x[0] // a.integer("groups")) * product(a.integers("kernel_size"))

    def field(self, x: Shape, a: Args) -> Field:
        return tuple(self.windows(a))

    def summary(self, a: Args) -> str:
        parts = [short("k", a.integers("kernel_size"))]
        if set(a.integers("stride")) != {1}:
            parts.append(short("s", a.integers("stride")))
        pad = a.padding()
        parts.append(f"p={pad}" if isinstance(pad, str) else short("p", pad))
        return " ".join(parts + summary_tail(a))


class Conv1d(Conv, nd=1):
    pass


class Conv2d(Conv, nd=2):
    pass


class Conv3d(Conv, nd=3):
    pass
