"""Max and average pooling, fixed and adaptive (torch/nn/modules/pooling.py; checks from Pool.h)."""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Bool, Int, Ints
from cnnshape.layers.base import POOL, UNDEFINED, Field, LayerError, Out, Rule, Tensor, need_rank
from cnnshape.layers.windows import DIMS, axis_label, never_read, short, too_small
from cnnshape.shapes import Shape, Window

_POSITIVE = " (PyTorch refuses non-positive values)"


def _nonempty(name: str, x: Tensor, first: int = 0) -> None:
    """E201 when a dimension from ``first`` on (of the sample shape) has size 0."""
    if 0 in x.shape[first:]:
        raise LayerError(
            "E201",
            f"{name}: the input {tuple(x.shape)} has a dimension of size 0, which "
            "PyTorch refuses for pooling",
        )


def _indices(a: Args) -> bool:
    """Max pooling with return_indices=True returns a (values, indices) pair."""
    return bool(a.values.get("return_indices", False))


def pooled(shape: Shape, x: Tensor, a: Args) -> Tensor:
    """The output tensor of a pooling of ``x``: with return_indices=True the (values,
    indices) pair, which remembers the spatial size the indices point into."""
    if not _indices(a):
        return Tensor(shape)
    return Tensor(shape, indices=True, plane=x.shape[1:])


class Pool(Rule):
    """Fixed-window pooling; stride defaults to kernel_size, padding at most kernel_size // 2."""

    family = POOL
    shape_rule = "C kept; out = ⌊(in + 2p − d·(k−1) − 1)/s⌋ + 1 (rounded up with ceil_mode)"

    nd: int
    op: str
    checks_unpadded: bool = False

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
            extra = () if nd == 1 else (Arg("divisor_override", Int(nullable=True)),)
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
        if a.values.get("divisor_override") == 0:
            raise LayerError(
                "E109",
                f"{self.name}: divisor_override must not be 0 (PyTorch: 'divisor must be not "
                "zero'); leave it null to divide by the window size",
                "divisor_override",
            )
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
        self._check_unpadded(sizes, wins)
        outs = [w.out_ceil(n) if ceil else w.out_floor(n) for n, w in zip(sizes, wins, strict=True)]
        too_small(self.name, sizes, wins, outs)
        out = Out(pooled((x.shape[0], *outs), x, a))
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

    def _check_unpadded(self, sizes: tuple[int, ...], wins: list[Window]) -> None:
        """AvgPool3d alone (pool3d_shape_check with check_input_size in Pool.h) also wants
        every unpadded input dimension to be at least the kernel size."""
        if not self.checks_unpadded:
            return
        for i, (n, w) in enumerate(zip(sizes, wins, strict=True)):
            if n < w.kernel:
                raise LayerError(
                    "E201",
                    f"{self.name}: the input has {n} {axis_label(3, i, plural=n != 1)} but the "
                    f"kernel spans {w.kernel}; PyTorch's avg_pool3d checks the input before "
                    "padding, so padding does not help here",
                    "kernel_size",
                )

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

    def field(self, x: Shape, a: Args) -> Field:
        return tuple(self.windows(a))


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
    checks_unpadded = True


class AdaptivePool(Rule):
    """Adaptive pooling: the output size is given; null keeps that input dimension."""

    family = POOL
    shape_rule = "C kept; each spatial dim → output_size (null keeps it)"

    nd: int
    op: str

    def __init_subclass__(cls, nd: int = 0, op: str = "", **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd, cls.op = nd, op
        cls.name = f"Adaptive{op}Pool{nd}d"
        size = Arg("output_size", Ints(nd, min=0, nullable_items=nd > 1), required=True)
        extra = (Arg("return_indices", Bool(), default=False),) if op == "Max" else ()
        cls.args = (size, *extra)

    def infer(self, x: Tensor, a: Args) -> Out:
        want = a.opt_integers("output_size")
        assert want is not None
        tail = x.shape[-self.nd :] if len(x.shape) >= self.nd else ()
        outs = [n if w is None else w for n, w in zip(tail, want, strict=False)]
        mean = self.op == "Avg" and len(outs) == self.nd and set(outs) == {1}
        if mean and self.nd > 1 and x.rank > self.nd + 2:
            # ATen's adaptive_avg_pool2d/3d take an output of all ones as a mean over the
            # last nd dimensions, before any rank or size check: leading dimensions are kept.
            return Out(Tensor((*x.shape[: -self.nd], *outs)))
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        if not mean:
            # Adaptive average pooling checks only the spatial sizes (and, in 3-d, the
            # channels); adaptive max pooling checks every non-batch dimension.
            spatial_only = self.op == "Avg" and self.nd < 3
            _nonempty(self.name, x, first=1 if spatial_only else 0)
        return Out(pooled((x.shape[0], *outs), x, a))

    def field(self, x: Shape, a: Args) -> Field:
        """Where the size divides evenly, PyTorch's windows are k = in/out with stride k;
        otherwise they vary in size and the receptive field is left undefined."""
        want = a.opt_integers("output_size")
        assert want is not None
        if len(x) - 1 != len(want):
            return UNDEFINED
        dims: list[Window | str] = []
        for n, w in zip(x[1:], want, strict=True):
            out = n if w is None else w
            dims.append(Window(n // out, n // out, 0, 0) if out and n % out == 0 else UNDEFINED)
        return tuple(dims)

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
