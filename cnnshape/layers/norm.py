"""BatchNorm1d/2d/3d (torch/nn/modules/batchnorm.py)."""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Float, Int
from cnnshape.layers.base import LayerError, Out, Rule, Tensor, check_written, need_rank
from cnnshape.layers.windows import DIMS
from cnnshape.shapes import product

#: PyTorch refuses eps <= 0 in training (the mode a new module is in) and eps < 0 in eval.
_EPS = " (batch_norm's eps must be positive during training)"


class BatchNorm(Rule):
    """2C parameters (weight, bias) if affine; 2C+1 buffers (running mean and var,
    num_batches_tracked) if track_running_stats."""

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd = nd
        cls.args = (
            Arg("num_features", Int(min=1), inferred=True),
            Arg("eps", Float(lo=0.0, lo_open=True, why=_EPS), default=1e-5),
            Arg("momentum", Float(want="a number or null", nullable=True), default=0.1),
            Arg("affine", Bool(), default=True),
            Arg("track_running_stats", Bool(), default=True),
        )

    def infer(self, x: Tensor, a: Args) -> Out:
        ranks = (2, 3) if self.nd == 1 else (self.nd + 2,)
        meaning = "(N, C) or (N, C, L)" if self.nd == 1 else f"(N, C, {DIMS[self.nd]})"
        need_rank(self.name, x, ranks, meaning)
        c = x.shape[0]
        n = a.integer("num_features") if "num_features" in a.given else c
        if (a.flag("affine") or a.flag("track_running_stats")) and product(x.shape) > 0:
            # Without weight, bias and running statistics, or on an empty input (which
            # batch_norm returns at once), PyTorch never compares num_features with the input.
            check_written(a, "num_features", c, f"the input has {c} channels")
        if n == 0 and a.flag("affine"):
            raise LayerError(
                "E201",
                f"{self.name}: the input has 0 channels, and PyTorch's batch_norm refuses an "
                "empty weight (affine=True); the layer before it leaves no features",
            )
        params = 2 * n if a.flag("affine") else 0
        buffers = 2 * n + 1 if a.flag("track_running_stats") else 0
        return Out(x, params=params, buffers=buffers, inferred={"num_features": n})

    def summary(self, a: Args) -> str:
        parts = []
        if not a.flag("affine"):
            parts.append("no affine")
        if not a.flag("track_running_stats"):
            parts.append("no running stats")
        return " ".join(parts)


class BatchNorm1d(BatchNorm, nd=1):
    pass


class BatchNorm2d(BatchNorm, nd=2):
    pass


class BatchNorm3d(BatchNorm, nd=3):
    pass
