"""Oracle for the analyses on every graph spec, against the torch.nn models written
independently of the specs (torch_models.py): MACs equal half of torch.utils.flop_counter's
FLOPs at two sizes, and torch runs the smallest size `cnnshape sizes` reports."""

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


@pytest.mark.parametrize("name", sorted(MODELS))
def test_smallest_size_agrees_with_torch(name: str) -> None:
    """torch runs the network at the smallest size `cnnshape sizes` reports, and refuses the
    size below it (where there is one)."""
    from cnnshape.commands.sizes.sweep import sweep
    from cnnshape.limits import Limits
    from cnnshape.spec.build import from_text

    build, shapes = MODELS[name]
    text = (SPECS / name).read_text(encoding="utf-8")
    parsed = from_text(text, Limits())
    base = shapes[0]
    s = sweep(parsed, name, base, tuple(range(len(base) - 1)), 1, 64)
    assert s.smallest is not None
    model = build().eval()

    def runs(n: int) -> bool:
        try:
            with torch.no_grad():
                model(torch.zeros(1, base[0], *(n,) * (len(base) - 1)))
        except RuntimeError:
            return False
        return True

    assert runs(s.smallest)
    if s.limit is not None:
        assert not runs(s.smallest - 1)
    else:
        assert s.smallest == 1
