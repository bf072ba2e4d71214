"""Oracle: cnnshape's MACs equal half of torch.utils.flop_counter's FLOPs, layer by layer.

FlopCounterMode counts 2 FLOPs per multiply-accumulate of matmuls and convolutions and
nothing for pooling, activations or biases: the convention torchvision's docs report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_torch import build, need_torch

from cnnshape.check import Options, check_file

ROOT = Path(__file__).resolve().parent.parent.parent
SPECS = [
    ROOT / "specs" / "vgg16.yaml",
    ROOT / "specs" / "cifar10.yaml",
    ROOT / "specs" / "lenet5.yaml",
    ROOT / "specs" / "alexnet.yaml",
    ROOT / "specs" / "vgg11.yaml",
    ROOT / "specs" / "vgg16_bn.yaml",
]


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_macs_are_half_the_flop_counter(spec: Path) -> None:
    torch = need_torch()
    from torch.utils.flop_counter import FlopCounterMode

    report = check_file(spec, Options())
    model = build(report, "meta")
    assert report.input_shape is not None
    x = torch.empty(1, *report.input_shape, device="meta")
    for layer, row in zip(model, report.rows, strict=True):
        with FlopCounterMode(display=False) as counter:
            x = layer(x)
        assert counter.get_total_flops() == 2 * (row.macs or 0), row
    assert report.totals.macs is not None
