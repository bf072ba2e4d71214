"""PyTorch itself confirms every expectation in tests/test_oracle_regressions.py."""

from __future__ import annotations

import pytest
import yaml
from harness import run_direct
from test_oracle_regressions import CASES, Case
from tv import need_ops

from cnnshape.layers import BY_NAME


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_torch_agrees_with_pinned_case(case: Case) -> None:
    doc = yaml.safe_load(case.spec)
    layers = [next(iter(item.items())) for item in doc["layers"]]
    if any(BY_NAME[name].source == "torchvision.ops" for name, _ in layers):
        need_ops()
    result = run_direct(doc["input"], layers)
    if case.code is not None:
        assert result.failed_at is not None, "PyTorch ran a case pinned as refused"
        return
    assert result.failed_at is None, result.error
    assert result.steps[-1].shape == case.shape
    assert sum(s.params for s in result.steps) == case.params
    assert sum(s.buffers for s in result.steps) == case.buffers
