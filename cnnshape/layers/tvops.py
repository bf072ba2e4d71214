"""torchvision.ops layers without weights: StochasticDepth, DropBlock2d/3d, FrozenBatchNorm2d
and Permute (torchvision/ops/{stochastic_depth,drop_block,misc}.py, torchvision 0.28).

A spec writes them by their torchvision names (``StochasticDepth``; none is also a torch.nn
name) or in full (``torchvision.ops.StochasticDepth``); `cnnshape layers` lists them under
torchvision.ops. The exporter writes ``tv.<name>(...)``: torchvision.ops where torchvision
imports, else the plain-torch classes the exported file carries (cnnshape/export/tvops.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Bool, Choice, Float, Int
from cnnshape.args.lists import IntList
from cnnshape.layers.base import (
    TV,
    UNDEFINED,
    Field,
    LayerError,
    Out,
    Rule,
    Tensor,
    check_written,
    need_rank,
)
from cnnshape.layers.elementwise import Elementwise
from cnnshape.layers.linear import normalize_dim
from cnnshape.layers.windows import DIMS
from cnnshape.shapes import fmt_shape


class TorchvisionOp(Rule):
    """A torchvision.ops layer: its source, its family, its full name as an alias, tv.<name>."""

    source = "torchvision.ops"
    family = TV

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        cls.aliases = (f"torchvision.ops.{cls.name}",)

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        name, kwargs = super().torch_call(values)
        return f"tv.{name}", kwargs


_DROP_P = Float(lo=0.0, hi=1.0, why=" (a drop probability)")


class StochasticDepth(TorchvisionOp, Elementwise):
    """Drops whole samples ("row") or the whole batch ("batch") of a residual branch."""

    args = (
        Arg("p", _DROP_P, required=True),
        Arg("mode", Choice(options=("row", "batch")), required=True),
    )

    def summary(self, a: Args) -> str:
        return f"p {a.number('p'):g} {a.text('mode')}"


class DropBlock(TorchvisionOp, Elementwise):
    """Drops block_size-wide squares (cubes) of each map; in training, min(block_size, every
    spatial size) must be odd and positive."""

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__(**kw)
        if not nd:
            return
        cls.nd = nd
        cls.shape_rule = f"shape kept; a {nd + 2}-d input; min(block_size, {DIMS[nd]}) odd"
        cls.args = (
            Arg("p", _DROP_P, required=True),
            Arg("block_size", Int(), required=True),
            Arg("inplace", Bool(), default=False),
            Arg("eps", Float(), default=1e-6),
        )

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        if a.number("p") == 0:
            return Out(x)  # torchvision returns the input before it looks at block_size
        block = min(a.integer("block_size"), *x.shape[1:])
        if block < 0 or block % 2 == 0:
            sizes = "×".join(map(str, x.shape[1:]))
            raise LayerError(
                "E109",
                f"{self.name}: the block is min(block_size={a.integer('block_size')}, {sizes}) "
                f"= {block}, and torchvision needs it odd and positive in training; use an odd "
                "block_size no larger than the map",
                "block_size",
            )
        return Out(x)

    def summary(self, a: Args) -> str:
        return f"p {a.number('p'):g} block {a.integer('block_size')}"


class DropBlock2d(DropBlock, nd=2):
    pass


class DropBlock3d(DropBlock, nd=3):
    pass


class FrozenBatchNorm2d(TorchvisionOp):
    """BatchNorm2d with fixed statistics and affine terms: 4C buffers, no parameters.

    Its forward multiplies by (1, C, 1, 1) tensors, so PyTorch broadcasts: num_features 1
    fits any channel count, and a 1-channel input takes num_features channels.
    """

    shape_rule = "shape kept (4-d input); 4·num_features buffers"
    args = (Arg("num_features", Int(min=0), inferred=True), Arg("eps", Float(), default=1e-5))

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (4,), "(N, C, H, W)")
        c = x.shape[0]
        n = a.integer("num_features") if "num_features" in a.given else c
        if n != c and n != 1 and c != 1:
            check_written(a, "num_features", c, f"the input has {c} channels")
        shape = (n, *x.shape[1:]) if c == 1 else x.shape
        return Out(Tensor(shape), buffers=4 * n, inferred={"num_features": n})


class Permute(TorchvisionOp):
    """torch.permute with dims counted with the batch, which must stay first."""

    shape_rule = "dims reordered (dims[0] = 0: the batch stays first)"
    args = (Arg("dims", IntList(), required=True),)

    def infer(self, x: Tensor, a: Args) -> Out:
        dims = a.integers("dims")
        if len(dims) != x.rank:
            raise LayerError(
                "E207",
                f"Permute: dims {list(dims)} has {len(dims)} entries but the input "
                f"{fmt_shape(x.shape)} has {x.rank} dimensions (batch included)",
                "dims",
            )
        order = [normalize_dim(d, x.rank, "dims") for d in dims]
        if len(set(order)) != len(order):
            raise LayerError("E109", f"Permute: dims {list(dims)} repeats a dimension", "dims")
        if order[0] != 0:
            raise LayerError(
                "E207",
                f"Permute: dims {list(dims)} moves the batch dimension; cnnshape keeps the "
                "batch N first and symbolic, so dims must start with 0",
                "dims",
            )
        full = (0, *x.shape)
        return Out(Tensor(tuple(full[d] for d in order[1:])))

    def field(self, x: tuple[int, ...], a: Args) -> Field:
        return UNDEFINED

    def summary(self, a: Args) -> str:
        return "dims " + ",".join(map(str, a.integers("dims")))
