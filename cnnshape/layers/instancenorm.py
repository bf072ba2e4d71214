"""InstanceNorm1d/2d/3d and LazyInstanceNorm1d/2d/3d (torch/nn/modules/instancenorm.py).

PyTorch's defaults differ from BatchNorm's: no affine weight and no running statistics
(``affine=False, track_running_stats=False``), so the layer has nothing to compare
num_features with: a written num_features that is not the channel count is refused only
with affine (the weight would not fit) or track_running_stats (the running mean would not);
otherwise PyTorch warns and ignores it. The lazy forms default to affine and running stats,
like BatchNorm. Statistics are taken over each sample's spatial positions, so a map of one
position is refused (in training, and always without running stats).
"""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Float, Int
from cnnshape.layers.base import NORM, LayerError, Out, Rule, Tensor, need_rank
from cnnshape.layers.norm import BIAS, STATS_ARGS, affine_params, no_channels
from cnnshape.layers.windows import DIMS
from cnnshape.shapes import fmt_shape, product


class InstanceNorm(Rule):
    """Normalises each channel of each sample over its spatial positions."""

    family = NORM
    shape_rule = "shape kept; statistics over each sample's spatial positions (more than 1)"
    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__()
        if not nd:
            return
        cls.nd = nd
        cls.args = (
            # Without affine and running stats PyTorch accepts any integer here (and ignores it).
            Arg("num_features", Int(), inferred=True),
            Arg("eps", Float(), default=1e-5),
            Arg("momentum", Float(want="a number or null", nullable=True), default=0.1),
            Arg("affine", Bool(), default=False),
            Arg("track_running_stats", Bool(), default=False),
            BIAS,
        )

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        c = x.shape[0]
        n = a.integer("num_features") if "num_features" in a.given else c
        stored = a.flag("affine") or a.flag("track_running_stats")
        if stored and n < 0:
            raise LayerError(
                "E109",
                f"{self.name}: num_features={n} is negative, and with affine or "
                "track_running_stats it sizes a tensor",
                "num_features",
            )
        if stored and n != c:
            what = "weight" if a.flag("affine") else "running mean"
            raise LayerError(
                "E206",
                f"{self.name}: the spec says num_features={n}, but the input has {c} channels "
                f"and its {what} must match them; write num_features: {c} or leave it out",
                "num_features",
            )
        self.check_spatial(x)
        buffers = 2 * n + 1 if a.flag("track_running_stats") else 0
        return Out(x, params=affine_params(n, a), buffers=buffers, inferred={"num_features": n})

    def check_spatial(self, x: Tensor) -> None:
        if product(x.shape[1:]) == 1:
            raise LayerError(
                "E201",
                f"{self.name}: the input {fmt_shape(x.shape)} has one spatial position per "
                "channel, and instance statistics need more than one (PyTorch refuses it in "
                "training, and always without track_running_stats)",
            )

    def summary(self, a: Args) -> str:
        parts = []
        if a.flag("affine"):
            parts.append("affine")
        if a.flag("track_running_stats"):
            parts.append("running stats")
        return " ".join(parts)


class InstanceNorm1d(InstanceNorm, nd=1):
    pass


class InstanceNorm2d(InstanceNorm, nd=2):
    pass


class InstanceNorm3d(InstanceNorm, nd=3):
    pass


class LazyInstanceNorm(InstanceNorm):
    """InstanceNorm with num_features from the first input; affine and running stats by default."""

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__(nd=nd)
        if nd:
            cls.args = STATS_ARGS

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (self.nd + 2,), f"(N, C, {DIMS[self.nd]})")
        if a.flag("affine"):
            no_channels(self.name, x, "and PyTorch cannot initialise an empty affine weight")
        self.check_spatial(x)
        c = x.shape[0]
        buffers = 2 * c + 1 if a.flag("track_running_stats") else 0
        return Out(x, params=affine_params(c, a), buffers=buffers)


class LazyInstanceNorm1d(LazyInstanceNorm, nd=1):
    pass


class LazyInstanceNorm2d(LazyInstanceNorm, nd=2):
    pass


class LazyInstanceNorm3d(LazyInstanceNorm, nd=3):
    pass
