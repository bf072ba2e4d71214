"""Issue 13 part 2's layers, exported and run: with torchvision.ops, and with the plain-torch
classes the file carries when torchvision cannot be imported; and their MACs, layer by layer,
against torch.utils.flop_counter (2 FLOPs per multiply-accumulate of convolutions and
matmuls, nothing for the rest: the README's convention).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import torch
from gen2 import draw
from harness import BATCH, Step, run_module
from test_layers2_oracle import ACTIVATIONS, NORMS, TV
from torch.utils.flop_counter import FlopCounterMode
from tv import need_ops

from cnnshape.check import Options, check_text
from cnnshape.export.pytorch import generate, module_key
from cnnshape.report import FileReport

PER_LAYER = 4  # accepted configurations of each layer type


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    """Tiny tensors: one intra-op thread is ten times faster than two on a shared machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _cases() -> list[tuple[str, FileReport]]:
    cases = []
    for name in ACTIVATIONS + NORMS + TV:
        r = random.Random(f"export-{name}")
        found = 0
        for _ in range(200):
            spec = draw(name, r)
            report = check_text(spec.yaml(), f"{name}.yaml", Options())
            if report.ok:
                cases.append((name, report))
                found += 1
                if found == PER_LAYER:
                    break
        assert found == PER_LAYER, name
    return cases


CASES = _cases()


def _build(report: FileReport, plain: bool) -> Any:
    namespace: dict[str, object] = {"__name__": "exported"}
    blocked = {"torchvision": None} if plain else {}  # None in sys.modules: ImportError
    with mock.patch.dict(sys.modules, blocked):
        exec(compile(generate(report, "spec.yaml"), "exported.py", "exec"), namespace)
    return namespace["build"]()  # type: ignore[operator]


@pytest.mark.parametrize("plain", [False, True], ids=["torchvision", "plain-torch"])
def test_exported_layers_run_with_cnnshapes_figures(plain: bool) -> None:
    need_ops()
    for name, report in CASES:
        model = _build(report, plain)
        assert report.input_shape is not None
        run, where = run_module(model, report.input_shape, "cpu")
        assert len(run.steps) == len(report.rows), name
        for row in report.rows:
            assert row.output_shape is not None
            mine = Step(
                row.output_shape, row.params or 0, row.buffers or 0, row.trainable_params or 0
            )
            assert run.steps[where[module_key(row.path)]] == mine, (name, plain, report.rows)
        uses_tv = any(type(m).__module__.startswith("torchvision") for m in model)
        assert uses_tv == (name in TV and not plain), name


def test_macs_are_half_the_flop_counter_per_sample() -> None:
    need_ops()
    for name, report in CASES:
        if not any(row.params for row in report.rows):
            continue
        model = _build(report, plain=False)
        assert report.input_shape is not None
        x = torch.randn(BATCH, *report.input_shape)
        for layer, row in zip(model, report.rows, strict=True):
            with FlopCounterMode(display=False) as counter:
                x = layer(x)
            assert counter.get_total_flops() == 2 * BATCH * (row.macs or 0), (name, row)
