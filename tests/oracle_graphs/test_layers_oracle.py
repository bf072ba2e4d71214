"""The new layers against torch 2.13.0 on seeded random configurations.

For each case torch builds the module from the same keyword arguments and runs it on a
batch of 2. Either both refuse, or both accept with the same output shape and parameter
count. Where torch would read the batch as a feature dimension (a ZeroPad2d or
PixelShuffle on a tensor too small to hold (C, H, W)), cnnshape refuses by design, and
the harness expects that refusal.
"""

from __future__ import annotations

import random
import warnings

import pytest
import torch
import yaml
from torch import nn

from cnnshape.check import Options, check_text

Case = tuple[str, dict[str, object], list[int]]


def _convt(r: random.Random) -> Case:
    nd = r.choice([1, 2, 3])
    cin, groups = r.randint(1, 4), r.choice([1, 1, 2])
    kw: dict[str, object] = {
        "out_channels": r.choice([2, 3, 4]),
        "kernel_size": r.randint(1, 4),
        "stride": r.randint(1, 3),
        "padding": r.randint(0, 3),
        "output_padding": r.randint(0, 2),
        "dilation": r.randint(1, 2),
        "groups": groups,
        "bias": r.random() < 0.5,
    }
    shape = [cin * r.choice([1, groups]) if r.random() < 0.8 else cin]
    shape += [r.randint(1, 6) for _ in range(nd)]
    return f"ConvTranspose{nd}d", kw, shape


def _upsample(r: random.Random) -> Case:
    nd = r.choice([1, 2, 3])
    mode = r.choice(
        ["nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area"]
    )
    kw: dict[str, object] = {"mode": mode}
    if r.random() < 0.5:
        kw["scale_factor"] = r.choice([0.5, 1.5, 2, 3, 0.3, 2.5, 0.1])
    else:
        kw["size"] = r.randint(1, 9) if r.random() < 0.5 else [r.randint(1, 9) for _ in range(nd)]
    if r.random() < 0.2:
        kw["align_corners"] = r.random() < 0.5
    return "Upsample", kw, [r.randint(1, 3)] + [r.randint(1, 9) for _ in range(nd)]


def _pixel(r: random.Random) -> Case:
    name = r.choice(["PixelShuffle", "PixelUnshuffle"])
    key = "upscale_factor" if name == "PixelShuffle" else "downscale_factor"
    rank = r.choice([2, 3, 3, 3, 4])
    return (
        name,
        {key: r.randint(1, 3)},
        [r.choice([1, 4, 8, 9, 12, 18])] + [r.randint(1, 9) for _ in range(rank - 1)],
    )


def _pad(r: random.Random) -> Case:
    pad: object = r.randint(-2, 3) if r.random() < 0.3 else [r.randint(-3, 3) for _ in range(4)]
    return "ZeroPad2d", {"padding": pad}, [r.randint(1, 4) for _ in range(r.choice([2, 3, 3, 4]))]


def _norms(r: random.Random) -> Case:
    shape = [r.choice([2, 4, 6, 8])] + [r.randint(1, 5) for _ in range(r.randint(0, 2))]
    which = r.choice(["LayerNorm", "GroupNorm", "LocalResponseNorm"])
    if which == "LayerNorm":
        n = r.randint(1, len(shape))
        ns = list(shape[-n:]) if r.random() < 0.8 else [r.randint(1, 5) for _ in range(n)]
        return which, {"normalized_shape": ns, "bias": r.random() < 0.7,
                       "elementwise_affine": r.random() < 0.8}, shape  # fmt: skip
    if which == "GroupNorm":
        kw: dict[str, object] = {"num_groups": r.choice([1, 2, 3, 4]), "affine": r.random() < 0.8}
        if r.random() < 0.3:
            kw["num_channels"] = r.choice([2, 4, 6, 8])
        else:
            kw["num_channels"] = shape[0]  # torch needs it; cnnshape would infer it
        return which, kw, shape
    return which, {"size": r.randint(1, 4)}, shape


#: layer → the smallest sample rank at which torch keeps the batch out of its dimensions.
BATCH_SAFE = {"PixelShuffle": 3, "PixelUnshuffle": 3, "ZeroPad2d": 2}


def _torch(
    name: str, kw: dict[str, object], shape: list[int]
) -> tuple[tuple[int, ...], int] | None:
    if len(shape) < BATCH_SAFE.get(name, 0):
        return None  # torch would treat the batch as C or H: cnnshape refuses by design
    args = dict(kw)
    if name.startswith("ConvTranspose"):
        args["in_channels"] = shape[0]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = getattr(nn, name)(**args)
            out = module(torch.zeros(2, *shape))
    except (RuntimeError, ValueError, NotImplementedError, TypeError, ZeroDivisionError):
        return None
    return tuple(out.shape[1:]), sum(p.numel() for p in module.parameters())


def _cases(seed: int, n: int) -> list[Case]:
    r = random.Random(seed)
    makers = [_convt, _upsample, _pixel, _pad, _norms]
    return [r.choice(makers)(r) for _ in range(n)]


@pytest.mark.parametrize("seed", range(6))
def test_new_layers_agree_with_torch(seed: int) -> None:
    accepted = 0
    for name, kw, shape in _cases(seed, 120):
        text = yaml.safe_dump({"input": shape, "layers": [{name: kw}]}, default_flow_style=None)
        report = check_text(text, "case.yaml", Options())
        want = _torch(name, kw, shape)
        got = (report.output_shape, report.totals.params) if report.ok else None
        if name.startswith("ConvTranspose") and got is None and want and 0 in want[0]:
            continue  # an empty output: torch's oneDNN path allows it for some batch sizes,
            # its slow path refuses it; cnnshape refuses it (documented in the README)
        assert got == want, (name, kw, shape, report.diagnostics)
        accepted += want is not None
    assert accepted > 30  # the draw exercises both sides
