"""BatchNorm1d/2d/3d, LazyBatchNorm1d/2d/3d and SyncBatchNorm (torch/nn/modules/batchnorm.py)."""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Float, Int
from cnnshape.layers.base import NORM, LayerError, Out, Rule, Tensor, check_written, need_rank
from cnnshape.layers.windows import DIMS
from cnnshape.shapes import fmt_shape, product

#: torch 2.x's keyword-only ``bias``: False keeps the affine weight and drops the bias.
BIAS = Arg("bias", Bool(), default=True)


def affine_params(n: int, a: Args) -> int:
    """C weights and C biases with affine (the biases only with bias=True), else none."""
    if not a.flag("affine"):
        return 0
    return n * (2 if a.flag("bias") else 1)


NUM_FEATURES = Arg("num_features", Int(min=1), inferred=True)
#: PyTorch refuses eps <= 0 in training (the mode a new module is in) and eps < 0 in eval.
_EPS = " (batch_norm's eps must be positive during training)"
#: BatchNorm's arguments after num_features (InstanceNorm's differ in two defaults).
STATS_ARGS = (
    Arg("eps", Float(lo=0.0, lo_open=True, why=_EPS), default=1e-5),
    Arg("momentum", Float(want="a number or null", nullable=True), default=0.1),
    Arg("affine", Bool(), default=True),
    Arg("track_running_stats", Bool(), default=True),
    BIAS,
)


def no_channels(name: str, x: Tensor, why: str) -> None:
    """E201 for an input without channels, which the lazy and sync norms refuse."""
    if x.shape[0] == 0:
        raise LayerError(
            "E201",
            f"{name}: the input {fmt_shape(x.shape)} has 0 channels, {why}; the layer before "
            "it leaves no features",
        )


class BatchNorm(Rule):
    """2C parameters (weight, bias) if affine (C with bias=False); 2C+1 buffers (running mean
    and var, num_batches_tracked) if track_running_stats."""

    family = NORM

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd = nd
        cls.args = (NUM_FEATURES, *STATS_ARGS)

    def check_rank(self, x: Tensor) -> None:
        ranks = (2, 3) if self.nd == 1 else (self.nd + 2,)
        meaning = "(N, C) or (N, C, L)" if self.nd == 1 else f"(N, C, {DIMS[self.nd]})"
        need_rank(self.name, x, ranks, meaning)

    def infer(self, x: Tensor, a: Args) -> Out:
        self.check_rank(x)
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
        params = affine_params(n, a)
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


class LazyBatchNorm(BatchNorm):
    """BatchNorm whose num_features is taken from the first input (num_features: no argument)."""

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__(nd=nd)
        if nd:
            cls.name = f"LazyBatchNorm{nd}d"
            cls.args = STATS_ARGS

    def infer(self, x: Tensor, a: Args) -> Out:
        out = super().infer(x, a)  # 0 channels: refused with affine, as BatchNorm is
        out.inferred = {}
        return out


class LazyBatchNorm1d(LazyBatchNorm, nd=1):
    pass


class LazyBatchNorm2d(LazyBatchNorm, nd=2):
    pass


class LazyBatchNorm3d(LazyBatchNorm, nd=3):
    pass


class SyncBatchNorm(BatchNorm, nd=1):
    """BatchNorm over any (N, C, *) input, synchronised across processes in distributed training.

    Outside distributed training (and on the CPU) it computes what BatchNorm does; cnnshape
    reports the same shapes and counts. Its process_group is a run-time object, not a spec value.
    """

    shape_rule = "shape kept; any (N, C, *) input"

    def check_rank(self, x: Tensor) -> None:
        need_rank(self.name, x, tuple(range(2, max(x.rank, 2) + 1)), "(N, C, *)")
        no_channels(self.name, x, "which SyncBatchNorm refuses")
