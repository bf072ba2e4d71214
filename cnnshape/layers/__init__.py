"""The registry of layer rules: adding a layer type is its rule plus one line here."""

from __future__ import annotations

from cnnshape.layers import (
    conv,
    elementwise,
    fold,
    groupnorm,
    join,
    lazy,
    linear,
    lppool,
    norm,
    padding,
    pairs,
    pool,
    resample,
    reshape,
    tensorops,
    transpose,
    unpool,
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
    # tensor operations written in forward() (issue 12)
    tensorops.Mean,
    tensorops.Reshape,
    tensorops.Transpose,
    tensorops.LayerScale,
    tensorops.Mul,
    # --- issue 13, branch `layers`: convolution, pooling, padding, two-input and shape layers
    lazy.LazyConv1d,
    lazy.LazyConv2d,
    lazy.LazyConv3d,
    lazy.LazyConvTranspose1d,
    lazy.LazyConvTranspose2d,
    lazy.LazyConvTranspose3d,
    fold.Fold,
    fold.Unfold,
    lppool.LPPool1d,
    lppool.LPPool2d,
    lppool.LPPool3d,
    lppool.FractionalMaxPool2d,
    lppool.FractionalMaxPool3d,
    unpool.MaxUnpool1d,
    unpool.MaxUnpool2d,
    unpool.MaxUnpool3d,
    padding.ZeroPad1d,
    padding.ZeroPad3d,
    padding.ConstantPad1d,
    padding.ConstantPad2d,
    padding.ConstantPad3d,
    padding.ReflectionPad1d,
    padding.ReflectionPad2d,
    padding.ReflectionPad3d,
    padding.ReplicationPad1d,
    padding.ReplicationPad2d,
    padding.ReplicationPad3d,
    padding.CircularPad1d,
    padding.CircularPad2d,
    padding.CircularPad3d,
    lazy.LazyLinear,
    pairs.Bilinear,
    pairs.CosineSimilarity,
    pairs.PairwiseDistance,
    reshape.ChannelShuffle,
    reshape.Unflatten,
    reshape.UpsamplingNearest2d,
    reshape.UpsamplingBilinear2d,
    # --- end of branch `layers`
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
