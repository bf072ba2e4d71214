"""The registry of layer rules: adding a layer type is its rule plus one line here."""

from __future__ import annotations

from cnnshape.layers import (
    activations,
    conv,
    elementwise,
    groupnorm,
    instancenorm,
    join,
    linear,
    norm,
    pool,
    resample,
    transpose,
    tvblocks,
    tvconv,
    tvops,
)
from cnnshape.layers.base import Rule

RULES: tuple[type[Rule], ...] = (
    conv.Conv1d,
    conv.Conv2d,
    conv.Conv3d,
    transpose.ConvTranspose1d,
    transpose.ConvTranspose2d,
    transpose.ConvTranspose3d,
    pool.MaxPool1d,
    pool.MaxPool2d,
    pool.MaxPool3d,
    pool.AvgPool1d,
    pool.AvgPool2d,
    pool.AvgPool3d,
    pool.AdaptiveAvgPool1d,
    pool.AdaptiveAvgPool2d,
    pool.AdaptiveAvgPool3d,
    pool.AdaptiveMaxPool1d,
    pool.AdaptiveMaxPool2d,
    pool.AdaptiveMaxPool3d,
    linear.Linear,
    linear.Flatten,
    norm.BatchNorm1d,
    norm.BatchNorm2d,
    norm.BatchNorm3d,
    groupnorm.LayerNorm,
    groupnorm.GroupNorm,
    groupnorm.LocalResponseNorm,
    resample.Upsample,
    resample.PixelShuffle,
    resample.PixelUnshuffle,
    resample.ZeroPad2d,
    elementwise.Identity,
    elementwise.Dropout,
    elementwise.Dropout1d,
    elementwise.Dropout2d,
    elementwise.Dropout3d,
    elementwise.ReLU,
    elementwise.ReLU6,
    elementwise.LeakyReLU,
    elementwise.ELU,
    elementwise.GELU,
    elementwise.SiLU,
    elementwise.Mish,
    elementwise.Hardswish,
    elementwise.Sigmoid,
    elementwise.Tanh,
    elementwise.Softmax,
    elementwise.LogSoftmax,
    join.Concat,
    join.Add,
    # --- issue 13, part 2: the rest of torch.nn's activations, normalisation and dropout,
    # and the torchvision.ops layers torchvision's models are built from.
    activations.CELU,
    activations.GLU,
    activations.Hardshrink,
    activations.Hardsigmoid,
    activations.Hardtanh,
    activations.LogSigmoid,
    activations.PReLU,
    activations.RReLU,
    activations.SELU,
    activations.Softmax2d,
    activations.Softmin,
    activations.Softplus,
    activations.Softshrink,
    activations.Softsign,
    activations.Tanhshrink,
    activations.Threshold,
    instancenorm.InstanceNorm1d,
    instancenorm.InstanceNorm2d,
    instancenorm.InstanceNorm3d,
    norm.LazyBatchNorm1d,
    norm.LazyBatchNorm2d,
    norm.LazyBatchNorm3d,
    instancenorm.LazyInstanceNorm1d,
    instancenorm.LazyInstanceNorm2d,
    instancenorm.LazyInstanceNorm3d,
    norm.SyncBatchNorm,
    groupnorm.RMSNorm,
    groupnorm.CrossMapLRN2d,
    activations.AlphaDropout,
    activations.FeatureAlphaDropout,
    tvops.StochasticDepth,
    tvops.DropBlock2d,
    tvops.DropBlock3d,
    tvops.FrozenBatchNorm2d,
    tvops.Permute,
    tvblocks.SqueezeExcitation,
    tvconv.Conv2dNormActivation,
    tvconv.Conv3dNormActivation,
    tvconv.MLP,
    # --- end of issue 13, part 2
)

#: PyTorch name → rule instance.
BY_NAME: dict[str, Rule] = {cls.name: cls() for cls in RULES}

#: Every accepted spelling (PyTorch name, its lower case, documented aliases) → PyTorch name.
ALIASES: dict[str, str] = {}
for _rule in BY_NAME.values():
    ALIASES[_rule.name.lower()] = _rule.name
    for _alias in _rule.aliases:
        ALIASES[_alias.lower()] = _rule.name


def lookup(type_name: str) -> Rule | None:
    """The rule for a written type name: exact PyTorch name, or any case, or an alias."""
    rule = BY_NAME.get(type_name)
    if rule is None:
        canonical = ALIASES.get(type_name.lower())
        rule = BY_NAME[canonical] if canonical else None
    return rule
