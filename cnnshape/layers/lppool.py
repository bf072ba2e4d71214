"""LPPool1d/2d/3d and FractionalMaxPool2d/3d (torch/nn/modules/pooling.py;
checks from FractionalMaxPool2d.cpp/3d.cpp and, for LPPool, the average pooling it runs on)."""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Bool, Float, Int, Ints, Kind
from cnnshape.args.lists import FloatList, IntList
from cnnshape.layers.base import POOL, UNDEFINED, Field, LayerError, Out, Rule, Tensor, need_rank
from cnnshape.layers.pool import Pool, _nonempty, pooled
from cnnshape.layers.windows import DIMS, axis_label, short
from cnnshape.shapes import Shape, Window

_POSITIVE = " (PyTorch refuses non-positive values)"


def _kernel_kind(nd: int) -> Kind:
    return Int(min=1, why=_POSITIVE) if nd == 1 else Ints(nd, min=1, why=_POSITIVE)


class LPPool(Pool):
    """Power-average pooling: avg_pool(x^p)·∏k, then the p-th root. Average pooling's shape
    rule with no padding: stride defaults to kernel_size, ceil_mode rounds up."""

    shape_rule = "C kept; out = ⌊(in − k)/s⌋ + 1 (rounded up with ceil_mode)"

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd, cls.op, cls.name = nd, "LP", f"LPPool{nd}d"
        cls.checks_unpadded = nd == 3  # avg_pool3d checks the input against the kernel
        cls.args = (
            Arg("norm_type", Float(), required=True),
            # LPPool1d multiplies by kernel_size itself, which a tuple breaks: an int only
            Arg("kernel_size", _kernel_kind(nd), required=True),
            Arg("stride", Ints(nd, min=1, why=_POSITIVE), default=None),
            Arg("ceil_mode", Bool(), default=False),
        )

    def windows(self, a: Args) -> list[Window]:
        written = a.values["kernel_size"]
        k = (written,) if isinstance(written, int) else a.integers("kernel_size")
        s = a.opt_integers("stride") or k
        return [Window(k[i], int(s[i] or k[i]), 0, 0) for i in range(self.nd)]

    def infer(self, x: Tensor, a: Args) -> Out:
        if a.number("norm_type") == 0:
            raise LayerError(
                "E109",
                f"{self.name}: norm_type 0 divides by zero (the root is 1/norm_type); "
                "use 1 for sum pooling or a large value for max-like pooling",
                "norm_type",
            )
        return super().infer(x, a)

    def summary(self, a: Args) -> str:
        return f"p{a.number('norm_type'):g} " + super().summary(a)


class LPPool1d(LPPool, nd=1):
    pass


class LPPool2d(LPPool, nd=2):
    pass


class LPPool3d(LPPool, nd=3):
    pass


class FractionalMaxPool(Rule):
    """Max pooling over pseudo-random windows to a given output_size, or to
    int(in·output_ratio); each output needs out + kernel − 1 ≤ in (2-d), or < in (3-d,
    whose check in FractionalMaxPool3d.cpp is strict, and whose kernel must be positive)."""

    family = POOL
    shape_rule = "C kept; each spatial dim → output_size, or ⌊in·output_ratio⌋"

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd, cls.name = nd, f"FractionalMaxPool{nd}d"
        cls.args = (
            Arg("kernel_size", Ints(nd, min=1 if nd == 3 else None, why=_POSITIVE), required=True),
            Arg("output_size", IntList(min=0, nullable=True), default=None),
            Arg("output_ratio", FloatList(nullable=True), default=None),
            Arg("return_indices", Bool(), default=False),
        )

    def outputs(self, x: Tensor, a: Args) -> list[int]:
        size, ratio = a.opt_integers("output_size"), a.opt_numbers("output_ratio")
        if size is None and ratio is None:
            raise LayerError("E107", f"{self.name} needs output_size or output_ratio")
        if size is not None and ratio is not None:
            raise LayerError(
                "E109", f"{self.name}: give output_size or output_ratio, not both", "output_size"
            )
        key = "output_size" if size is not None else "output_ratio"
        given = size if size is not None else ratio
        assert given is not None
        if len(given) not in (1, self.nd):
            raise LayerError(
                "E109", f"{self.name}: {key} takes 1 or {self.nd} values, not {len(given)}", key
            )
        values = list(given) * self.nd if len(given) == 1 else list(given)
        if ratio is not None:
            if not all(0 < r < 1 for r in ratio):
                raise LayerError(
                    "E109",
                    f"{self.name}: output_ratio must be between 0 and 1 (exclusive), "
                    f"got {', '.join(f'{r:g}' for r in ratio)}",
                    key,
                )
            return [int(n * float(r or 0)) for n, r in zip(x.shape[1:], values, strict=True)]
        return [int(v) for v in values if v is not None]

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        _nonempty(self.name, x)
        outs = self.outputs(x, a)
        for i, (n, o, k) in enumerate(
            zip(x.shape[1:], outs, a.integers("kernel_size"), strict=True)
        ):
            least = o + k - 1 + (self.nd == 3)
            if least > n:
                rule = "out + kernel − 1" if self.nd == 2 else "out + kernel, in 3-d"
                raise LayerError(
                    "E201",
                    f"{self.name}: an output of {o} with kernel {k} needs at least "
                    f"{least} input {axis_label(self.nd, i, plural=True)} ({rule}), "
                    f"but the input has {n}",
                    "kernel_size",
                )
        return Out(pooled((x.shape[0], *outs), x, a))

    def field(self, x: Shape, a: Args) -> Field:
        return UNDEFINED  # the windows are drawn at random

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        name, kwargs = super().torch_call(values)
        for key in ("output_size", "output_ratio"):
            v = kwargs[key]
            if isinstance(v, tuple) and len(v) == 1:
                kwargs[key] = v[0]
        return name, kwargs

    def summary(self, a: Args) -> str:
        size, ratio = a.opt_integers("output_size"), a.opt_numbers("output_ratio")
        tail = "out " + "×".join(map(str, size)) if size else ""
        if ratio:
            tail = "ratio " + "×".join(f"{r:g}" for r in ratio)
        return f"{short('k', a.integers('kernel_size'))} {tail}".strip()


class FractionalMaxPool2d(FractionalMaxPool, nd=2):
    pass


class FractionalMaxPool3d(FractionalMaxPool, nd=3):
    pass
