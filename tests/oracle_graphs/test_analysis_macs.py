"""Oracle: MACs of every graph spec equal half of torch.utils.flop_counter's FLOPs, on the
torch.nn models written independently of the specs (torch_models.py), at two sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from test_graph_oracle import MODELS
from torch.utils.flop_counter import FlopCounterMode

from cnnshape.check import Options, check_file

SPECS = Path(__file__).resolve().parents[2] / "specs"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_macs_are_half_the_flop_counter(name: str) -> None:
    build, shapes = MODELS[name]
    with torch.device("meta"):
        model = build().eval()
    for shape in shapes:
        report = check_file(SPECS / name, Options(input_shape=shape))
        assert report.totals.macs is not None
        with FlopCounterMode(display=False) as counter:
            model(torch.empty(1, *shape, device="meta"))
        assert 2 * report.totals.macs == counter.get_total_flops(), shape
