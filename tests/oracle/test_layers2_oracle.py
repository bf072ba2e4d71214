"""Issue 13's activations, normalisation, dropout and torchvision.ops layers against PyTorch.

Each layer type gets CNNSHAPE_ORACLE_LAYER_N (default 300) random configurations from
gen2.py, built straight from the spec by torch (torchvision.ops for its layers) and run on
the CPU with a batch of 2, in training mode (DropBlock's and InstanceNorm's refusals are
training's). Judged as the random oracle judges: the same shapes, parameters and buffers
where both run, and a refusal at the same layer where PyTorch refuses.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest
import torch
from gen2 import draw
from harness import run_direct
from judge import judge
from tv import need_ops

from cnnshape.check import Options, check_text
from cnnshape.layers import BY_NAME

SEED = int(os.environ.get("CNNSHAPE_ORACLE_SEED", "20261124"))
N = int(os.environ.get("CNNSHAPE_ORACLE_LAYER_N", "300"))

ACTIVATIONS = [
    "CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardtanh", "LogSigmoid", "PReLU", "RReLU",
    "SELU", "Softmax2d", "Softmin", "Softplus", "Softshrink", "Softsign", "Tanhshrink",
    "Threshold", "AlphaDropout", "FeatureAlphaDropout",
]  # fmt: skip
NORMS = [
    "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d",
    "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d",
    "SyncBatchNorm", "RMSNorm", "CrossMapLRN2d", "BatchNorm2d", "GroupNorm",
]  # fmt: skip
TV = [name for name, rule in BY_NAME.items() if rule.source == "torchvision.ops"]
#: Layers whose every configuration PyTorch accepts (no argument or rank can be wrong).
NEVER_REFUSED = {"Hardshrink", "Hardsigmoid", "LogSigmoid", "SELU", "Softplus", "Softsign",
                 "Tanhshrink", "Threshold"}  # fmt: skip


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    """Tiny tensors: one intra-op thread is ten times faster than two on a shared machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("name", ACTIVATIONS + NORMS + TV)
def test_layer_agrees_with_torch(name: str) -> None:
    if name in TV:
        need_ops()
    r = random.Random(f"{SEED}-{name}")
    outcomes = {"ran": 0, "refused": 0}
    bad = []
    for i in range(N):
        spec = draw(name, r)
        text = spec.yaml()
        report = check_text(text, "generated.yaml", Options())
        run = run_direct(spec.input, spec.layers)
        verdict = judge(report, run, input_rank=len(spec.input) + 1)
        outcomes["refused" if run.failed_at is not None else "ran"] += 1
        if not verdict.ok:
            bad.append(f"--- {name} #{i}: {verdict.detail}\n{text}")
    assert not bad, f"{len(bad)} disagreements:\n" + "\n".join(bad[:8])
    if N >= 100:
        assert outcomes["ran"] >= N // 5, outcomes
        assert name in NEVER_REFUSED or outcomes["refused"] >= N // 50, outcomes


def test_every_new_layer_is_drawn() -> None:
    """Every rule of this part is in one of the lists above."""
    block = list(BY_NAME)[list(BY_NAME).index("CELU") :]
    assert set(block) <= set(ACTIVATIONS + NORMS + TV)
