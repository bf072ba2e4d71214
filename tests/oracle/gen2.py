"""Random configurations of the layers of issue 13 (part 2), one layer type at a time.

``draw(name, r)`` makes a small spec around one layer: an input of a random rank (mostly
the one the layer wants), the layer with arguments drawn from PyTorch's accepted values and,
often, just past them, and now and then a Linear with no outputs before it (an empty
channel dimension). Like gen.py it never models cnnshape: it only knows each argument's
range. It leaves out cnnshape's documented refusals of what PyTorch accepts: GLU over the
batch (dim 0), Permute moving the batch, FrozenBatchNorm2d on 5-d input (PyTorch broadcasts
(1, C, 1, 1) against its last four dimensions), CrossMapLRN2d's negative size, and an
RMSNorm normalized_shape that reaches into the batch.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from gen import GenSpec

from cnnshape.layers.tvblocks import ACTIVATIONS

Kw = dict[str, object]
R = random.Random

_NORMS = ("InstanceNorm", "LazyInstanceNorm", "LazyBatchNorm")
ND: dict[str, int] = {  # layers that want (N, C, *nd spatial)
    **{f"{p}{n}d": n for p in _NORMS for n in (1, 2, 3)},
    "Softmax2d": 2, "CrossMapLRN2d": 2, "DropBlock2d": 2, "DropBlock3d": 3, "BatchNorm2d": 2,
    "FrozenBatchNorm2d": 2, "SqueezeExcitation": 2, "Conv2dNormActivation": 2,
    "Conv3dNormActivation": 3,
}  # fmt: skip


def shape(r: R, name: str) -> list[int]:
    """[C, *spatial]: the layer's rank mostly, another now and then (never 5-d for Frozen)."""
    nd = ND.get(name, r.choice([0, 1, 2, 3]))
    if r.random() < 0.15:
        nd = r.choice([0, 1, 2] if name == "FrozenBatchNorm2d" else [0, 1, 2, 3])
    hi = {0: 9, 1: 9, 2: 7, 3: 5}[nd]
    lo = 1 if r.random() < 0.15 else 2
    return [r.choice([1, 2, 3, 4, 6, 8])] + [r.randint(lo, hi) for _ in range(nd)]


def maybe(r: R, kw: Kw, key: str, options: list[object], p: float = 0.5) -> None:
    if r.random() < p:
        kw[key] = r.choice(options)


def _act(r: R, name: str, s: list[int]) -> Kw:
    kw: Kw = {}
    floats = [-1.0, 0.0, 0.5, 1.0, 2.0]
    arg = {"CELU": "alpha", "Hardshrink": "lambd", "Softshrink": "lambd"}.get(name)
    if arg:
        maybe(r, kw, arg, [*floats, 3.5e38 if name == "Softshrink" else 3.0])
    if name == "Hardtanh":
        maybe(r, kw, "min_val", floats)
        maybe(r, kw, "max_val", floats)
        maybe(r, kw, "min_value", floats, 0.15)
        maybe(r, kw, "max_value", floats, 0.15)
    if name == "RReLU":
        maybe(r, kw, "lower", [-0.5, 0.1, 0.3, 0.5])
        maybe(r, kw, "upper", [-0.5, 0.1, 0.3, 0.5])
    if name == "Softplus":
        maybe(r, kw, "beta", floats)
        maybe(r, kw, "threshold", floats)
    if name == "Threshold":
        kw = {"threshold": r.choice(floats), "value": r.choice(floats)}
    if name == "PReLU":
        maybe(r, kw, "num_parameters", [1, s[0], s[0], s[0] + 1, 0, 2, 3], 0.8)
        maybe(r, kw, "init", [0.25, -1.0])
    if name in ("GLU", "Softmin"):
        rank = len(s) + 1
        dims = [d for d in range(-rank - 1, rank + 1) if d not in (0, -rank) or name == "Softmin"]
        maybe(r, kw, "dim", dims, 0.8)
    if name in ("CELU", "Hardsigmoid", "Hardtanh", "RReLU", "SELU", "Threshold"):
        maybe(r, kw, "inplace", [True, False], 0.2)
    if name.endswith("AlphaDropout"):
        maybe(r, kw, "p", [0.0, 0.25, 0.5, 1.0, 1.5, -0.1], 0.7)
        maybe(r, kw, "inplace", [True, False], 0.2)
    return kw


def _norm(r: R, name: str, s: list[int]) -> Kw:
    kw: Kw = {}
    if name == "RMSNorm":
        n = r.randint(1, len(s))
        kw["normalized_shape"] = s[-n:] if r.random() < 0.75 else [r.randint(1, 4)] * n
        if r.random() < 0.05:
            kw["normalized_shape"] = []
        maybe(r, kw, "eps", [None, 1e-6, -1.0])
        maybe(r, kw, "elementwise_affine", [True, False])
        return kw
    if name == "CrossMapLRN2d":
        return {"size": r.choice([0, 1, 2, 3, 5, 9])}
    for flag in ("affine", "track_running_stats", "bias"):
        maybe(r, kw, flag, [True, False], 0.4)
    maybe(r, kw, "momentum", [None, 0.3], 0.2)
    if not name.startswith("Lazy"):
        maybe(r, kw, "num_features", [s[0], s[0] + 1, 1, 0, -1] if "Instance" in name else
              [s[0], s[0] + 1, 1], 0.25)  # fmt: skip
    if name == "GroupNorm":
        kw = {"num_groups": r.choice([1, 2, 3]), "num_channels": s[0]}
        maybe(r, kw, "affine", [True, False], 0.4)
        maybe(r, kw, "bias", [True, False], 0.6)
    return kw


def _tv(r: R, name: str, s: list[int]) -> Kw:
    if name == "StochasticDepth":
        return {"p": r.choice([0.0, 0.3, 1.0, 1.5, -0.1]), "mode": r.choice(["row", "batch"])}
    if name.startswith("DropBlock"):
        kw: Kw = {"p": r.choice([0.0, 0.3, 0.3, 1.0, 1.2]), "block_size": r.randint(-1, 8)}
        maybe(r, kw, "inplace", [True, False], 0.2)
        return kw
    if name == "FrozenBatchNorm2d":
        kw = {}
        maybe(r, kw, "num_features", [s[0], 1, s[0] + 1, 3], 0.4)
        return kw
    rank = len(s) + 1
    order = list(range(1, rank))
    r.shuffle(order)
    dims = [r.choice([0, -rank])] + [d - rank if r.random() < 0.3 else d for d in order]
    if r.random() < 0.1:
        dims = dims[:-1] if r.random() < 0.5 else [*dims, 1]
    return {"dims": dims}


def _blocks(r: R, name: str, s: list[int]) -> Kw:
    acts: list[object] = list(ACTIVATIONS)
    if name == "SqueezeExcitation":
        kw: Kw = {"squeeze_channels": r.choice([0, 1, 2, 4])}
        maybe(r, kw, "activation", acts)
        maybe(r, kw, "scale_activation", acts)
        maybe(r, kw, "input_channels", [s[0], s[0] + 1], 0.2)
        return kw
    if name == "MLP":
        kw = {"hidden_channels": [r.randint(0, 6) for _ in range(r.choice([0, 1, 2, 2, 3]))]}
        maybe(r, kw, "norm_layer", [None, "BatchNorm1d", "LayerNorm"])
        maybe(r, kw, "activation_layer", [*acts, None], 0.4)
        maybe(r, kw, "inplace", [None, True, False], 0.3)
        maybe(r, kw, "bias", [True, False], 0.3)
        maybe(r, kw, "dropout", [0.0, 0.5, 1.5], 0.3)
        maybe(r, kw, "in_channels", [s[-1], s[-1] + 1], 0.1)
        return kw
    nd = ND[name]
    groups = r.choice([1, 1, 2])
    kw = {"out_channels": r.randint(1, 4) * groups}
    maybe(r, kw, "kernel_size", [1, 2, 3, 5, [3] * nd, list(range(1, nd + 1))])
    maybe(r, kw, "stride", [1, 2, [1] * (nd - 1) + [2]], 0.4)
    maybe(r, kw, "padding", [None, 0, 1, "same", "valid", -1], 0.3)
    maybe(r, kw, "dilation", [1, 2], 0.3)
    if groups > 1:
        kw["groups"] = groups
    norms = ["BatchNorm2d", "InstanceNorm2d", "SyncBatchNorm", "FrozenBatchNorm2d"]
    maybe(r, kw, "norm_layer", [None, *(norms if nd == 2 else ["BatchNorm3d", "InstanceNorm3d"])])
    maybe(r, kw, "activation_layer", [*acts, None], 0.4)
    maybe(r, kw, "inplace", [None, True, False], 0.3)
    maybe(r, kw, "bias", [None, True, False], 0.3)
    maybe(r, kw, "in_channels", [s[0], s[0] + 1], 0.1)
    return kw


def _family(name: str) -> Callable[[R, str, list[int]], Kw]:
    if ("Norm" in name and not name.endswith("Activation")) or name == "CrossMapLRN2d":
        return _tv if name == "FrozenBatchNorm2d" else _norm
    if name in ("StochasticDepth", "DropBlock2d", "DropBlock3d", "Permute"):
        return _tv
    if name in ("SqueezeExcitation", "MLP") or name.endswith("Activation"):
        return _blocks
    return _act


def draw(name: str, r: R) -> GenSpec:
    s = shape(r, name)
    layers: list[tuple[str, Kw]] = []
    if len(s) == 1 and r.random() < 0.1:  # an empty feature dimension arrives
        layers.append(("Linear", {"out_features": 0}))
        s2 = [0]
    else:
        s2 = s
    layers.append((name, _family(name)(r, name, s2)))
    return GenSpec(s, layers)
