"""Max and average pooling, fixed and adaptive (torch/nn/modules/pooling.py; checks from Pool.h)."""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Bool, Int, Ints
from cnnshape.layers.base import LayerError, Out, Rule, Tensor, need_rank
from cnnshape.layers.windows import DIMS, never_read, short, too_small
from cnnshape.shapes import Window

_POSITIVE = " (PyTorch refuses non-positive values)"


def _nonempty(name: str, x: Tensor) -> None:
    if 0 in x.shape:
        raise LayerError(
            "E201",
            f"{name}: the input {tuple(x.shape)} has a dimension of size 0, which "
            "PyTorch refuses for pooling",
        )


class Pool(Rule):
    """Fixed-window pooling; stride defaults to kernel_size, padding at most kernel_size // 2."""

    nd: int
    op: str

    def __init_subclass__(cls, nd: int = 0, op: str = "", **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd, cls.op = nd, op
        cls.name = f"{op}Pool{nd}d"
        common = (
            Arg("kernel_size", Ints(nd, min=1, why=_POSITIVE), required=True),
            Arg("stride", Ints(nd, min=1, why=_POSITIVE, nullable_items=False), default=None),
            Arg("padding", Ints(nd, min=0, why=" (pad must be non-negative)"), default=(0,) * nd),
        )
        if op == "Max":
            cls.args = (
                *common,
                Arg("dilation", Ints(nd, min=1, why=_POSITIVE), default=(1,) * nd),
                Arg("return_indices", Bool(), default=False),
                Arg("ceil_mode", Bool(), default=False),
            )
        else:
            extra = (
                ()
                if nd == 1
                else (Arg("divisor_override", Int(min=1, nullable=True, why=_POSITIVE)),)
            )
            cls.args = (
                *common,
                Arg("ceil_mode", Bool(), default=False),
                Arg("count_include_pad", Bool(), default=True),
                *extra,
            )

    def windows(self, a: Args) -> list[Window]:
        k = a.integers("kernel_size")
        s = a.opt_integers("stride") or k
        p = a.integers("padding")
        d = a.integers("dilation") if "dilation" in a.values else (1,) * self.nd
        return [Window(k[i], int(s[i] or k[i]), p[i], p[i], d[i]) for i in range(self.nd)]

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        _nonempty(self.name, x)
        wins = self.windows(a)
        for w in wins:
            if w.pad_l > w.kernel // 2:
                raise LayerError(
                    "E202",
                    f"{self.name}: padding {w.pad_l} is more than half the kernel size "
                    f"{w.kernel} (PyTorch allows at most {w.kernel // 2}); use padding "
                    f"{w.kernel // 2} or a kernel of at least {2 * w.pad_l}",
                    "padding",
                )
        ceil = a.flag("ceil_mode")
        sizes = x.shape[1:]
        outs = [w.out_ceil(n) if ceil else w.out_floor(n) for n, w in zip(sizes, wins, strict=True)]
        too_small(self.name, sizes, wins, outs)
        out = Out(Tensor((x.shape[0], *outs)))
        warn = never_read(self.name, sizes, wins, outs)
        if warn:
            out.findings.append(warn)
        return out

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """As the generic call, with the stride written out (PyTorch's None means the kernel)."""
        name, kwargs = super().torch_call(values)
        if kwargs["stride"] is None:
            kwargs["stride"] = kwargs["kernel_size"]
        return name, kwargs

    def summary(self, a: Args) -> str:
        w = self.windows(a)
        parts = [short("k", tuple(x.kernel for x in w))]
        strides = tuple(x.stride for x in w)
        if strides != tuple(x.kernel for x in w):
            parts.append(short("s", strides))
        if any(x.pad_l for x in w):
            parts.append(short("p", tuple(x.pad_l for x in w)))
        if any(x.dilation != 1 for x in w):
            parts.append(short("d", tuple(x.dilation for x in w)))
        if a.flag("ceil_mode"):
            parts.append("ceil")
        return " ".join(parts)


class MaxPool1d(Pool, nd=1, op="Max"):
    pass


class MaxPool2d(Pool, nd=2, op="Max"):
    pass


class MaxPool3d(Pool, nd=3, op="Max"):
    pass


class AvgPool1d(Pool, nd=1, op="Avg"):
    pass


class AvgPool2d(Pool, nd=2, op="Avg"):
    pass


class AvgPool3d(Pool, nd=3, op="Avg"):
    pass


class AdaptivePool(Rule):
    """Adaptive pooling: the output size is given; null keeps that input dimension."""

    nd: int

    def __init_subclass__(cls, nd: int = 0, op: str = "", **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd = nd
        cls.name = f"Adaptive{op}Pool{nd}d"
        size = Arg("output_size", Ints(nd, min=0, nullable_items=nd > 1), required=True)
        extra = (Arg("return_indices", Bool(), default=False),) if op == "Max" else ()
        cls.args = (size, *extra)

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        _nonempty(self.name, x)
        want = a.opt_integers("output_size")
        assert want is not None
        outs = [n if w is None else w for n, w in zip(x.shape[1:], want, strict=True)]
        return Out(Tensor((x.shape[0], *outs)))

    def summary(self, a: Args) -> str:
        want = a.opt_integers("output_size")
        assert want is not None
        return "out " + "×".join("·" if w is None else str(w) for w in want)


class AdaptiveAvgPool1d(AdaptivePool, nd=1, op="Avg"):
    pass


class AdaptiveAvgPool2d(AdaptivePool, nd=2, op="Avg"):
    pass


class AdaptiveAvgPool3d(AdaptivePool, nd=3, op="Avg"):
    pass


class AdaptiveMaxPool1d(AdaptivePool, nd=1, op="Max"):
    pass


class AdaptiveMaxPool2d(AdaptivePool, nd=2, op="Max"):
    pass


class AdaptiveMaxPool3d(AdaptivePool, nd=3, op="Max"):
    pass
