"""MaxUnpool1d/2d/3d (torch/nn/modules/pooling.py; checks from MaxUnpooling.cpp).

The partial inverse of max pooling (SegNet's decoder): it scatters its input to the
positions an earlier max pooling's indices name, zeros elsewhere. The indices are its
second input, named by ``from``; that pooling has ``return_indices: true`` and a ``name``,
and passes its values on (PyTorch's ``x, indices = pool(x)``)::

    - MaxPool2d: {kernel_size: 2, return_indices: true, name: pool1}
    ...
    - MaxUnpool2d: {kernel_size: 2, from: pool1}

out = (in − 1)·stride − 2·padding + kernel_size per spatial dimension (stride defaults to
kernel_size). The indices are flat positions in the pooled input's plane: where the output
plane differs from it, the values land in the wrong places, and PyTorch refuses an index
past the output at run time, depending on the data (W304).
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Ints
from cnnshape.args.lists import Names
from cnnshape.layers.base import (
    POOL,
    Field,
    Finding,
    LayerError,
    Operand,
    Out,
    Rule,
    Tensor,
    need_rank,
)
from cnnshape.layers.windows import DIMS, short
from cnnshape.shapes import Shape, Window, fmt_shape, product


class MaxUnpool(Rule):
    family = POOL
    shape_rule = "C kept; out = (in − 1)·s − 2p + k, or output_size"

    nd: int
    takes_indices = True

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd, cls.name = nd, f"MaxUnpool{nd}d"
        cls.args = (
            Arg("kernel_size", Ints(nd), required=True),
            Arg("stride", Ints(nd), default=None),
            Arg("padding", Ints(nd), default=(0,) * nd),
            Arg("from", Names(), required=True),
        )

    def sources(self, a: Args) -> tuple[str, ...]:
        return a.names("from")

    def infer(self, x: Tensor, a: Args) -> Out:
        raise LayerError(
            "E213",
            f"{self.name} needs the indices of an earlier max pooling: name that pooling "
            "(with return_indices: true) in 'from'",
            "from",
        )

    def join(self, inputs: list[Operand], a: Args) -> Out:
        x, idx = inputs[0].tensor, inputs[1] if len(inputs) == 2 else None
        if idx is None:
            raise LayerError(
                "E213", f"{self.name} takes the indices of exactly one pooling in 'from'", "from"
            )
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        if 0 in x.shape:
            raise LayerError(
                "E201", f"{self.name}: the input {tuple(x.shape)} has a dimension of size 0"
            )
        if self.nd == 3 and min(w.stride for w in self.windows(a)) < 1:
            raise LayerError(
                "E109", f"{self.name}: strides must be positive (MaxUnpool3d checks them)", "stride"
            )
        if not idx.tensor.indices:
            raise LayerError(
                "E213",
                f"{self.name}: {idx.source} returns no indices; give it return_indices: true",
                "from",
            )
        if idx.tensor.shape != x.shape:
            raise LayerError(
                "E213",
                f"{self.name}: the input is {fmt_shape(x.shape)} but the indices of "
                f"{idx.source} are {fmt_shape(idx.tensor.shape)}; PyTorch needs the same shape",
                "from",
            )
        outs = [
            w.kernel + (n - 1) * w.stride - w.pad_l - w.pad_r
            for n, w in zip(x.shape[1:], self.windows(a), strict=True)
        ]
        if min(outs) < 0:
            raise LayerError(
                "E201",
                f"{self.name}: (in − 1)·stride − 2·padding + kernel_size gives {tuple(outs)} "
                f"from {tuple(x.shape[1:])}; the output cannot be negative",
                "padding",
            )
        out = Out(Tensor((x.shape[0], *outs)))
        plane = idx.tensor.plane
        if plane and tuple(outs) != plane:
            risk = (
                "PyTorch refuses an index past the output at run time (depending on the data)"
                if product(plane) > product(tuple(outs))
                else "the values land in the wrong places"
            )
            out.findings.append(
                Finding(
                    "W304",
                    f"{self.name}: the output {'×'.join(map(str, outs))} differs from the "
                    f"{'×'.join(map(str, plane))} input of {idx.source}, whose indices are flat "
                    f"positions in that plane: {risk}; match the pooling's kernel, stride and "
                    "padding, or give the pooling an input whose size it divides",
                    "kernel_size",
                )
            )
        return out

    def windows(self, a: Args) -> list[Window]:
        k, p = a.integers("kernel_size"), a.integers("padding")
        s = a.opt_integers("stride") or k  # stride null: kernel_size (0 stays 0)
        strides = [k[i] if v is None else v for i, v in enumerate(s)]
        return [Window(k[i], strides[i], p[i], p[i]) for i in range(self.nd)]

    def field(self, x: Shape, a: Args) -> Field:
        return "undefined"  # where each value goes depends on the data

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """nn.MaxUnpoolNd(kernel_size, stride, padding); the indices are forward's argument."""
        kwargs = {k: values[k] for k in ("kernel_size", "stride", "padding")}
        if kwargs["stride"] is None:
            kwargs["stride"] = kwargs["kernel_size"]
        return self.name, kwargs

    def summary(self, a: Args) -> str:
        w = self.windows(a)
        parts = [short("k", tuple(x.kernel for x in w))]
        if any(x.stride != x.kernel for x in w):
            parts.append(short("s", tuple(x.stride for x in w)))
        if any(x.pad_l for x in w):
            parts.append(short("p", tuple(x.pad_l for x in w)))
        return " ".join(parts) + " ← " + ", ".join(a.names("from"))


class MaxUnpool1d(MaxUnpool, nd=1):
    pass


class MaxUnpool2d(MaxUnpool, nd=2):
    pass


class MaxUnpool3d(MaxUnpool, nd=3):
    pass
