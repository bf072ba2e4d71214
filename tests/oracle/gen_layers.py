"""Random configurations of the layers added for issue 13 (branch `layers`), one drawer each.

Each drawer returns a small spec (input shape and 1-4 layers) whose last layer is the one
under test; earlier layers only set it up (a named pooling for MaxUnpool, a second input
for the two-input layers, an Unfold before a Fold). Values are drawn from what PyTorch
accepts and, often, from just past its limits. The drawers know the input shape but
never compute an output size: PyTorch and cnnshape do that.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from gen import Gen, GenSpec, Layer

Drawer = Callable[["LayerGen"], GenSpec]


class LayerGen(Gen):
    def shape(self, nd: int, hi: int = 9, c_hi: int = 6) -> list[int]:
        return [self.r.randint(1, c_hi)] + [self.r.randint(1, hi) for _ in range(nd)]

    def nd_input(self, nd: int) -> list[int]:
        """Mostly (C, *nd dims); now and then a rank the layer does not take."""
        if self.chance(0.08):
            nd = self.r.choice([n for n in (0, 1, 2, 3) if n != nd])
        return self.shape(nd, hi={0: 9, 1: 20, 2: 10, 3: 7}[nd])


def lazy_conv(nd: int) -> Drawer:
    def draw(g: LayerGen) -> GenSpec:
        _, kw = g.conv(nd)
        kw.pop("in_channels", None)
        return GenSpec(g.nd_input(nd), [(f"LazyConv{nd}d", kw)])

    return draw


def lazy_transpose(nd: int) -> Drawer:
    def draw(g: LayerGen) -> GenSpec:
        kw = g.transpose_args(nd, g.r.choice([1, 1, 2, 3]))
        return GenSpec(g.nd_input(nd), [(f"LazyConvTranspose{nd}d", kw)])

    return draw


def lazy_linear(g: LayerGen) -> GenSpec:
    kw: dict[str, object] = {"out_features": g.size(0, 12, bad=0.05)}
    if g.chance(0.25):
        kw["bias"] = False
    return GenSpec(g.shape(g.r.choice([0, 0, 1, 2]), hi=6), [("LazyLinear", kw)])


def _blocks_kw(g: LayerGen) -> dict[str, object]:
    kw: dict[str, object] = {"kernel_size": g.ints(2, 1, 4)}
    for key, lo, hi, p in (("dilation", 1, 2, 0.3), ("padding", 0, 2, 0.4), ("stride", 1, 3, 0.5)):
        if g.chance(p):
            kw[key] = g.ints(2, lo, hi)
    return kw


def unfold(g: LayerGen) -> GenSpec:
    return GenSpec(g.nd_input(2), [("Unfold", _blocks_kw(g))])


def fold(g: LayerGen) -> GenSpec:
    """Mostly after an Unfold of the same windows, to the size it came from (or near it)."""
    shape = g.shape(2, hi=8, c_hi=3)
    kw = _blocks_kw(g)
    size: object = shape[1:]
    if g.chance(0.4):
        size = g.ints(2, 0, 9)
    if g.chance(0.1):
        return GenSpec(g.shape(1, hi=12, c_hi=16), [("Fold", {**kw, "output_size": size})])
    other = kw if g.chance(0.8) else _blocks_kw(g)
    return GenSpec(shape, [("Unfold", other), ("Fold", {**kw, "output_size": size})])


def lppool(nd: int) -> Drawer:
    def draw(g: LayerGen) -> GenSpec:
        kw: dict[str, object] = {
            "norm_type": g.r.choice([1, 2, 2, 3.5, 0, -1.5]),
            "kernel_size": g.kernel(nd),
        }
        if g.chance(0.5):
            kw["stride"] = g.ints(nd, 1, 3)
        if g.chance(0.4):
            kw["ceil_mode"] = True
        return GenSpec(g.nd_input(nd), [(f"LPPool{nd}d", kw)])

    return draw


def fractional(nd: int) -> Drawer:
    def draw(g: LayerGen) -> GenSpec:
        r = g.r
        kw: dict[str, object] = {"kernel_size": g.ints(nd, 1, 4 if nd == 2 else 3, bad=0.05)}
        pick = r.random()
        if pick < 0.5 or pick > 0.97:
            kw["output_size"] = g.ints(nd, 0, 6 if nd == 2 else 4, bad=0.02)
        if pick >= 0.5:
            ratios = [0.3, 0.5, 0.75, 0.99, 1.0, 0.0, 1.5]
            one = r.choice(ratios)
            kw["output_ratio"] = one if g.chance(0.5) else [r.choice(ratios) for _ in range(nd)]
        if g.chance(0.2):
            kw["return_indices"] = True
        shape = g.nd_input(nd) if nd == 2 or g.chance(0.1) else g.shape(3, hi=9)
        return GenSpec(shape, [(f"FractionalMaxPool{nd}d", kw)])

    return draw


def unpool(nd: int) -> Drawer:
    """A named max pooling with return_indices, maybe a layer between, then the unpool."""

    def draw(g: LayerGen) -> GenSpec:
        r = g.r
        k = g.ints(nd, 1, 3)
        pool: dict[str, object] = {"kernel_size": k, "return_indices": True, "name": "p"}
        if g.chance(0.4):
            pool["stride"] = g.ints(nd, 1, 3)
        if g.chance(0.3):
            pool["padding"] = g.ints(nd, 0, 1)
        if g.chance(0.05):
            pool["return_indices"] = False
        layers: list[Layer] = [(f"MaxPool{nd}d", pool)]
        if g.chance(0.3):
            mid = r.choice(["ReLU", "conv", "shrink"])
            if mid == "ReLU":
                layers.append(("ReLU", {}))
            else:
                kernel = 3 if mid == "conv" else 2
                conv = {"out_channels": r.randint(1, 4), "kernel_size": kernel, "padding": 1}
                layers.append((f"Conv{nd}d", conv))
        same = g.chance(0.7)
        kw: dict[str, object] = {
            "kernel_size": k if same else g.ints(nd, 1, 4, bad=0.05),
            "from": "p",
        }
        for key, lo, hi in (("stride", 1, 3), ("padding", 0, 2)):
            if key in pool and same:
                kw[key] = pool[key]
            elif g.chance(0.3):
                kw[key] = g.ints(nd, lo, hi, bad=0.05)
        layers.append((f"MaxUnpool{nd}d", kw))
        return GenSpec(g.shape(nd, hi={1: 20, 2: 10, 3: 7}[nd]), layers)

    return draw


def pad(mode: str, nd: int) -> Drawer:
    def draw(g: LayerGen) -> GenSpec:
        r = g.r
        lo, hi = (-2, 3) if mode == "Reflection" else (-5, 6)
        value: object = (
            r.randint(lo, hi) if g.chance(0.3) else [r.randint(lo, hi) for _ in range(2 * nd)]
        )
        kw: dict[str, object] = {"padding": value}
        if mode == "Constant":
            kw["value"] = r.choice([0, 0.5, -1.25])
        rank_nd = r.choice([nd, nd, nd, nd - 1, nd + 1]) if mode in ("Zero", "Constant") else nd
        shape = g.shape(max(0, min(3, rank_nd)), hi=6, c_hi=4) if rank_nd >= 0 else [3]
        if g.chance(0.05):
            shape = g.nd_input(nd)
        return GenSpec(shape, [(f"{mode}Pad{nd}d", kw)])

    return draw


def two_inputs(name: str) -> Drawer:
    """The arriving tensor against the input, named 'a' by an Identity; a layer between
    them changes the last dimension, shrinks dimensions to 1, or the rank."""

    def draw(g: LayerGen) -> GenSpec:
        r = g.r
        nd = r.choice([0, 0, 1, 2]) if name == "Bilinear" else r.choice([0, 1, 2])
        shape = g.shape(nd, hi=5)
        layers: list[Layer] = [("Identity", {"name": "a"})]
        mid = r.random()
        if mid < 0.35:
            layers.append(("Linear", {"out_features": r.choice([1, 2, shape[-1], 3])}))
        elif mid < 0.6 and nd:
            size = [r.choice([1, None]) for _ in range(nd)]
            layers.append((f"AdaptiveAvgPool{nd}d", {"output_size": size if nd > 1 else 1}))
        elif mid < 0.7:
            layers.append(("Flatten", {}))
        kw: dict[str, object] = {"from": "a"}
        if name == "Bilinear":
            kw["out_features"] = g.size(0, 5, bad=0.05)
            if g.chance(0.3):
                kw["bias"] = False
        elif name == "CosineSimilarity":
            kw["dim"] = r.randint(-len(shape) - 2, len(shape) + 1)
        elif g.chance(0.6):
            kw["p"] = r.choice([1, 2.0, 3, 0, -1])
            kw["keepdim"] = g.chance(0.5)
        layers.append((name, kw))
        return GenSpec(shape, layers)

    return draw


def channel_shuffle(g: LayerGen) -> GenSpec:
    groups = g.r.choice([1, 2, 3, 4]) if g.chance(0.95) else g.r.choice([0, -1])
    shape = g.shape(g.r.choice([0, 1, 2, 3]), hi=5, c_hi=12)
    return GenSpec(shape, [("ChannelShuffle", {"groups": groups})])


def unflatten(g: LayerGen) -> GenSpec:
    r = g.r
    shape = g.shape(r.choice([0, 1, 2]), hi=12, c_hi=12)
    rank = len(shape) + 1
    dim = r.randint(-rank - 1, rank)
    n = shape[(dim % rank) - 1] if -rank <= dim < rank else shape[0]
    factors = [f for f in range(1, n + 1) if n % f == 0]
    a = r.choice(factors)
    sizes: list[int] = [a, n // a]
    pick = r.random()
    if pick < 0.2:
        sizes[r.randint(0, 1)] = -1
    elif pick < 0.3:
        sizes = [n]
    elif pick < 0.45:
        sizes = [r.choice([-1, -2, 0, 1, 2, 3, 5]) for _ in range(r.randint(1, 3))]
    return GenSpec(shape, [("Unflatten", {"dim": dim, "unflattened_size": sizes})])


def upsampling(name: str) -> Drawer:
    def draw(g: LayerGen) -> GenSpec:
        r = g.r
        nd = 2 if g.chance(0.7) else r.choice([1, 3])
        kw: dict[str, object] = {}
        if g.chance(0.5):
            kw["scale_factor"] = r.choice([0.5, 1.5, 2, 3, 0.1, [2, 3]])
        if g.chance(0.55):
            kw["size"] = g.ints(nd, 1, 9, bad=0.03)
        return GenSpec(g.shape(nd, hi=6), [(name, kw)])

    return draw


DRAWERS: dict[str, Drawer] = {
    **{f"LazyConv{n}d": lazy_conv(n) for n in (1, 2, 3)},
    **{f"LazyConvTranspose{n}d": lazy_transpose(n) for n in (1, 2, 3)},
    "LazyLinear": lazy_linear,
    "Fold": fold,
    "Unfold": unfold,
    **{f"LPPool{n}d": lppool(n) for n in (1, 2, 3)},
    **{f"FractionalMaxPool{n}d": fractional(n) for n in (2, 3)},
    **{f"MaxUnpool{n}d": unpool(n) for n in (1, 2, 3)},
    **{f"ZeroPad{n}d": pad("Zero", n) for n in (1, 3)},
    **{
        f"{m}Pad{n}d": pad(m, n)
        for m in ("Constant", "Reflection", "Replication", "Circular")
        for n in (1, 2, 3)
    },
    **{n: two_inputs(n) for n in ("Bilinear", "CosineSimilarity", "PairwiseDistance")},
    "ChannelShuffle": channel_shuffle,
    "Unflatten": unflatten,
    **{n: upsampling(n) for n in ("UpsamplingNearest2d", "UpsamplingBilinear2d")},
}


def layer_specs(name: str, seed: int, n: int) -> list[GenSpec]:
    g = LayerGen(seed)
    g.r = random.Random(f"{seed}:{name}")  # a string seed is hashed the same in every run
    return [DRAWERS[name](g) for _ in range(n)]
