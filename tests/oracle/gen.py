"""A seeded random generator of small specs that cover every layer rule, valid or not.

Each spec is an input shape and 1-4 layers, each written as keyword arguments exactly as a
spec holds them. Values are drawn mostly from what PyTorch accepts and often from what it
refuses (zero and negative sizes, pooling padding over half the kernel, groups that do not
divide, 'same' with a stride, kernels larger than the input, ranks that do not fit, wrong
written in_channels/in_features/num_features), so both sides of every check are exercised.
The generator only tracks the tensor's rank, never its sizes: it does not re-implement
cnnshape. Flatten never merges the batch dimension (start_dim 0: cnnshape's documented refusal).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import yaml

Layer = tuple[str, dict[str, object]]
ACTIVATIONS = ["ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Mish", "Hardswish"]
DROPOUTS = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d"]
ELEMENTWISE = [*ACTIVATIONS, *DROPOUTS, "Sigmoid", "Tanh", "Identity", "Softmax", "LogSoftmax"]
NO_INPLACE = {"Identity", "Sigmoid", "Tanh", "GELU", "Softmax", "LogSoftmax"}


class _NoAliases(yaml.SafeDumper):
    """Writes a value used twice twice, not as an anchor and an alias: a finding about an
    aliased value is located at its anchor, in another layer, which the judge would read as
    a refusal by that layer."""

    def ignore_aliases(self, data: object) -> bool:
        return True


@dataclass
class GenSpec:
    input: list[int]
    layers: list[Layer]

    def yaml(self) -> str:
        doc = {"input": self.input, "layers": [{name: kw} for name, kw in self.layers]}
        return yaml.dump(doc, Dumper=_NoAliases, default_flow_style=None, sort_keys=False)


class Gen:
    """Draws specs from one random.Random; the same seed gives the same specs."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.known: list[int] | None = None  # the input shape, while drawing the first layer

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def size(self, lo: int, hi: int, bad: float = 0.025) -> int:
        """A value in [lo, hi], or now and then 0 or -1 (which PyTorch refuses)."""
        return self.r.choice([0, -1]) if self.chance(bad) else self.r.randint(lo, hi)

    def ints(self, nd: int, lo: int, hi: int, bad: float = 0.025) -> int | list[int]:
        """An int or a list of nd ints (a wrong-length list now and then is a spec error)."""
        if self.chance(0.5):
            return self.size(lo, hi, bad)
        return [self.size(lo, hi, bad) for _ in range(nd)]

    def spec(self) -> GenSpec:
        r = self.r
        nd = r.choice([1, 2, 3])
        hi = {1: 40, 2: 17, 3: 9}[nd] * (4 if self.chance(0.15) else 1)
        shape = [r.randint(1, 6)] + [r.randint(1, hi) for _ in range(nd)]
        if self.chance(0.08):
            shape = [r.randint(1, 12)]
        rank = len(shape) + 1
        layers: list[Layer] = []
        self.known = shape
        for _ in range(r.randint(1, 4)):
            layer, rank = self.layer(rank)
            layers.append(layer)
            self.known = None
        return GenSpec(shape, layers)

    def layer(self, rank: int) -> tuple[Layer, int]:
        """One layer for a tensor of this rank (batch included), and the rank after it."""
        nd = rank - 2 if 1 <= rank - 2 <= 3 and self.chance(0.9) else self.r.choice([1, 2, 3])
        pick = self.r.random()
        if pick < 0.28:
            return self.conv(nd), rank
        if pick < 0.48:
            return self.pool(nd), rank
        if pick < 0.56:
            return self.adaptive(nd), rank
        if pick < 0.64:
            return self.batchnorm(nd, rank), rank
        if pick < 0.73:
            return self.flatten(rank)
        if pick < 0.80:
            return self.linear(), rank
        if pick < 0.865:
            return self.decoder(nd, rank)
        if pick < 0.90:
            return self.tensorop(rank)
        return self.elementwise(rank), rank

    def kernel(self, nd: int) -> int | list[int]:
        """Mostly 1-4; now and then larger than many inputs (up to 12)."""
        return self.ints(nd, 5, 12) if self.chance(0.1) else self.ints(nd, 1, 4)

    def conv(self, nd: int) -> Layer:
        r = self.r
        groups = r.choice([1, 1, 1, 2, 3, 4, 0 if self.chance(0.2) else 1])
        out = self.size(1, 8) * (groups if groups > 0 and self.chance(0.7) else 1)
        kw: dict[str, object] = {
            "out_channels": out,
            "kernel_size": self.kernel(nd),
        }
        if self.chance(0.5):
            kw["stride"] = self.ints(nd, 1, 3)
        if self.chance(0.2):
            kw["padding"] = r.choice(["same", "valid"])
        elif self.chance(0.6):
            kw["padding"] = self.ints(nd, 0, 3, bad=0.05)
        if self.chance(0.35):
            kw["dilation"] = self.ints(nd, 1, 3)
        if groups != 1:
            kw["groups"] = groups
        if self.chance(0.3):
            kw["bias"] = False
        if self.chance(0.35):
            kw["padding_mode"] = r.choice(["reflect", "replicate", "circular", "zeros"])
        if self.chance(0.1):
            kw["in_channels"] = r.randint(1, 8)
        return f"Conv{nd}d", kw

    def pool(self, nd: int) -> Layer:
        r = self.r
        op = r.choice(["Max", "Avg"])
        kw: dict[str, object] = {"kernel_size": self.kernel(nd)}
        if self.chance(0.6):
            kw["stride"] = self.ints(nd, 1, 3)
        if self.chance(0.5):
            kw["padding"] = self.ints(nd, 0, 2, bad=0.02)
        if self.chance(0.4):
            kw["ceil_mode"] = True
        if op == "Max" and self.chance(0.35):
            kw["dilation"] = self.ints(nd, 1, 3)
        if op == "Max" and self.chance(0.08):
            kw["return_indices"] = True
        if op == "Avg" and self.chance(0.3):
            kw["count_include_pad"] = False
        if op == "Avg" and nd > 1 and self.chance(0.2):
            kw["divisor_override"] = self.size(1, 3, bad=0.2)
        return f"{op}Pool{nd}d", kw

    def adaptive(self, nd: int) -> Layer:
        r = self.r
        op = r.choice(["Max", "Avg"])
        if nd > 1 and self.chance(0.5):
            size: object = [None if self.chance(0.3) else r.randint(0, 6) for _ in range(nd)]
        else:
            size = r.randint(0, 6) if self.chance(0.1) else r.randint(1, 6)
        kw: dict[str, object] = {"output_size": size}
        if op == "Max" and self.chance(0.1):
            kw["return_indices"] = True
        return f"Adaptive{op}Pool{nd}d", kw

    def batchnorm(self, nd: int, rank: int) -> Layer:
        if rank == 2 and self.chance(0.7):
            nd = 1
        kw: dict[str, object] = {}
        if self.chance(0.3):
            kw["affine"] = False
        if self.chance(0.3):
            kw["track_running_stats"] = False
        if self.chance(0.2):
            kw["momentum"] = None
        if self.chance(0.15):
            kw["num_features"] = self.r.randint(1, 8)
        return f"BatchNorm{nd}d", kw

    def flatten(self, rank: int) -> tuple[Layer, int]:
        """Flatten from a start dim that is never the batch (in range or out of it)."""
        r = self.r
        starts = [s for s in range(-rank - 1, rank + 1) if s not in (0, -rank)]
        start = 1 if self.chance(0.4) else r.choice(starts)
        end = -1 if self.chance(0.4) else r.randint(-rank - 1, rank)
        kw: dict[str, object] = {}
        if start != 1:
            kw["start_dim"] = start
        if end != -1:
            kw["end_dim"] = end
        s, e = _wrap(start, rank), _wrap(end, rank)
        after = rank - (e - s) if s is not None and e is not None and s <= e else rank
        return ("Flatten", kw), after

    def linear(self) -> Layer:
        kw: dict[str, object] = {"out_features": self.size(0, 12, bad=0.05)}
        if self.chance(0.25):
            kw["bias"] = False
        if self.chance(0.15):
            kw["in_features"] = self.r.randint(1, 40)
        return "Linear", kw

    def elementwise(self, rank: int) -> Layer:
        r = self.r
        name = r.choice(ELEMENTWISE)
        kw: dict[str, object] = {}
        if name.startswith("Dropout"):
            kw["p"] = r.choice([0.0, 0.25, 0.5, 1.0, 1.5, -0.1]) if self.chance(0.6) else 0.5
        elif name.endswith("Softmax"):
            kw["dim"] = None if self.chance(0.2) else r.randint(-rank - 1, rank)
        elif name == "LeakyReLU":
            kw["negative_slope"] = r.choice([0.01, 0.2, -0.5])
        elif name == "GELU":
            kw["approximate"] = r.choice(["none", "tanh"])
        if name not in NO_INPLACE and self.chance(0.2):
            kw["inplace"] = True
        return name, kw

    def transpose_args(self, nd: int, groups: int) -> dict[str, object]:
        """A transposed convolution's arguments (eager or lazy: without in_channels)."""
        kw: dict[str, object] = {
            "out_channels": self.size(1, 6) * (groups if self.chance(0.8) else 1),
            "kernel_size": self.ints(nd, 1, 4),
            "stride": self.ints(nd, 1, 3),
        }
        if self.chance(0.6):
            kw["padding"] = self.ints(nd, 0, 3, bad=0.05)
        if self.chance(0.5):
            kw["output_padding"] = self.ints(nd, 0, 2, bad=0.02)
        if self.chance(0.3):
            kw["dilation"] = self.ints(nd, 1, 2)
        if groups != 1:
            kw["groups"] = groups
        if self.chance(0.3):
            kw["bias"] = False
        return kw

    def decoder(self, nd: int, rank: int) -> tuple[Layer, int]:
        """The decoder and normalisation layers of the graphs issue (rank is kept by all)."""
        r = self.r
        pick = r.random()
        if pick < 0.3:
            groups = r.choice([1, 1, 2, 3 if self.chance(0.2) else 1])
            return (f"ConvTranspose{nd}d", self.transpose_args(nd, groups)), rank
        if pick < 0.5:
            mode = r.choice(["nearest", "nearest-exact", "area", "linear", "bilinear", "bicubic",
                             "trilinear"])  # fmt: skip
            kw = {"mode": mode}
            if self.chance(0.5):
                kw["scale_factor"] = r.choice([0.5, 1.5, 2, 3, 0.3, 2.5])
            else:
                kw["size"] = self.ints(nd, 1, 9, bad=0.03)
            if mode in ("linear", "bilinear", "bicubic", "trilinear") and self.chance(0.4):
                kw["align_corners"] = self.chance(0.5)
            return ("Upsample", kw), rank
        if pick < 0.62:
            name = r.choice(["PixelShuffle", "PixelUnshuffle"])
            key = "upscale_factor" if name == "PixelShuffle" else "downscale_factor"
            return (name, {key: self.size(1, 3, bad=0.03)}), rank
        if pick < 0.72:
            pad: object = (
                r.randint(-1, 3) if self.chance(0.3) else [r.randint(-2, 3) for _ in range(4)]
            )
            return ("ZeroPad2d", {"padding": pad}), rank
        if pick < 0.82:
            shape = [r.randint(1, 6) for _ in range(r.randint(1, 2))]
            if self.known and self.chance(0.7):  # the first layer: trailing input dims
                shape = self.known[-r.randint(1, len(self.known)) :]
            kw = {"normalized_shape": shape}
            if self.chance(0.3):
                kw["elementwise_affine"] = False
            if self.chance(0.3):
                kw["bias"] = False
            return ("LayerNorm", kw), rank
        if pick < 0.92:
            kw = {"num_groups": r.choice([1, 1, 2, 3, 4])}
            if self.chance(0.3):
                kw["affine"] = False
            return ("GroupNorm", kw), rank
        return ("LocalResponseNorm", {"size": self.size(1, 4, bad=0.05)}), rank

    def sample_dim(self, rank: int) -> int:
        """A dim that is never the batch (cnnshape's documented refusal), now and then out of
        range; negative half the time."""
        d = self.r.randint(1, rank if self.chance(0.05) else rank - 1) if rank > 1 else 1
        return d - rank if self.chance(0.5) and d < rank else d

    def tensorop(self, rank: int) -> tuple[Layer, int]:
        """Mean, Reshape, Transpose, LayerScale: forward()'s tensor operations."""
        r = self.r
        pick = r.random()
        if pick < 0.3:
            dims = sorted({self.sample_dim(rank) for _ in range(r.randint(1, 2))})
            keep = self.chance(0.4)
            after = rank if keep else rank - len(dims)
            return ("Mean", {"dim": dims, "keepdim": keep}), max(after, 1)
        if pick < 0.55:
            if self.known and self.chance(0.7):
                total = 1
                for s in self.known:
                    total *= s
                first = r.choice([d for d in range(1, total + 1) if total % d == 0])
                shape = [first, -1] if self.chance(0.5) else [first, total // first]
            else:
                shape = [r.choice([-1, 1, 2, 3, 4, 6]) for _ in range(r.randint(1, 3))]
            return ("Reshape", {"shape": shape}), len(shape) + 1
        if pick < 0.8:
            return (
                "Transpose",
                {"dim0": self.sample_dim(rank), "dim1": self.sample_dim(rank)},
            ), rank
        kw: dict[str, object] = {}
        if self.chance(0.4):
            kw["shape"] = [r.randint(1, 6)] + [1] * r.randint(0, max(rank - 2, 0))
        return ("LayerScale", kw), rank


def _wrap(dim: int, rank: int) -> int | None:
    """PyTorch's dim wrapping, or None where it would raise."""
    return dim % rank if -rank <= dim < rank else None


def specs(seed: int, n: int) -> list[GenSpec]:
    gen = Gen(seed)
    return [gen.spec() for _ in range(n)]
