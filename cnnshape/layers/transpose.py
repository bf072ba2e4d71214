"""ConvTranspose1d/2d/3d (torch/nn/modules/conv.py; checks from ConvUtils.h and Convolution.cpp).

out = (in − 1)·s − 2p + d·(k − 1) + output_padding + 1 per spatial dimension;
weight (in_channels, out_channels/groups, *k), so in·(out/groups)·∏k + out parameters.
"""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Choice, Ints
from cnnshape.layers.base import (
    CONV,
    LayerError,
    Out,
    Rule,
    Tensor,
    check_elements,
    need_rank,
)
from cnnshape.layers.conv import GROUPS, check_channels, dilation_arg, head_args, summary_tail
from cnnshape.layers.windows import DIMS, axis_label, short
from cnnshape.shapes import Shape, product


class ConvTranspose(Rule):
    """Transposed (fractionally strided) convolution: the upsampling layer of decoders."""

    family = CONV
    shape_rule = "C → out_channels; out = (in − 1)·s − 2p + d·(k−1) + output_padding + 1"

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd = nd
        cls.name = f"ConvTranspose{nd}d"
        cls.args = (
            *head_args(nd),
            Arg(
                "padding",
                Ints(nd, min=0, why=" (negative padding is not supported)"),
                default=(0,) * nd,
            ),
            Arg(
                "output_padding",
                Ints(nd, min=0, why=" (negative output_padding is not supported)"),
                default=(0,) * nd,
            ),
            GROUPS,
            Arg("bias", Bool(), default=True),
            dilation_arg(nd),
            Arg("padding_mode", Choice(options=("zeros",)), default="zeros"),
        )

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        c_in, groups, c_out = check_channels(self.name, x, a)
        k, s, p = a.integers("kernel_size"), a.integers("stride"), a.integers("padding")
        d, op = a.integers("dilation"), a.integers("output_padding")
        for i in range(self.nd):
            if not (op[i] < s[i] or op[i] < d[i]):
                raise LayerError(
                    "E109",
                    f"{self.name}: output_padding {op[i]} must be smaller than either the stride "
                    f"({s[i]}) or the dilation ({d[i]}); it only picks among the output sizes "
                    "a stride can reach",
                    "output_padding",
                )
        sizes = x.shape[1:]
        outs = [
            (n - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1 for i, n in enumerate(sizes)
        ]
        for i, (n, o) in enumerate(zip(sizes, outs, strict=True)):
            # torch's slow path refuses an output below 1 ("Output size is too small"); its
            # oneDNN path sometimes lets 0 through, depending on the batch: refuse it always
            if o < 1:
                raise LayerError(
                    "E201",
                    f"{self.name}: the input {axis_label(self.nd, i, True)} are {n}, and "
                    f"({n} − 1)·{s[i]} − 2·{p[i]} + {d[i]}·({k[i]} − 1) + {op[i]} + 1 = {o}: "
                    f"the output is too small; use a padding of at most "
                    f"{((n - 1) * s[i] + d[i] * (k[i] - 1) + op[i]) // 2}",
                    "padding",
                )
        shape = (c_out, *outs)
        check_elements(shape)
        params = c_in * (c_out // groups) * product(k) + (c_out if a.flag("bias") else 0)
        return Out(Tensor(shape), params=params, inferred={"in_channels": c_in})

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """Each input element meets (out_channels/groups)·∏k weights (torch's flop counter)."""
        return (
            product(x)
            * (a.integer("out_channels") // a.integer("groups"))
            * product(a.integers("kernel_size"))
        )

    def summary(self, a: Args) -> str:
        parts = [short("k", a.integers("kernel_size"))]
        for key, prefix in (("stride", "s"), ("padding", "p"), ("output_padding", "op")):
            v = a.integers(key)
            if set(v) != ({1} if key == "stride" else {0}):
                parts.append(short(prefix, v))
        return " ".join(parts + summary_tail(a))


class ConvTranspose1d(ConvTranspose, nd=1):
    pass


class ConvTranspose2d(ConvTranspose, nd=2):
    pass


class ConvTranspose3d(ConvTranspose, nd=3):
    pass
