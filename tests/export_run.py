"""Helpers for the export safety tests: build a spec around names, export it, and run it.

``run_exported`` executes the generated module in a fresh namespace with PyTorch, builds
the network and runs a zero batch through it; without torch it skips (it fails under
CNNSHAPE_REQUIRE_TORCH=1, as in CI).
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from typing import Any

import pytest
import yaml

from cnnshape.check import Options, check_text
from cnnshape.export.pytorch import generate
from cnnshape.report import FileReport


def have_torch() -> bool:
    if importlib.util.find_spec("torch") is not None:
        return True
    if os.environ.get("CNNSHAPE_REQUIRE_TORCH") == "1":
        pytest.fail("CNNSHAPE_REQUIRE_TORCH=1 but torch is not installed", pytrace=False)
    return False


def need_torch() -> None:
    if not have_torch():
        pytest.skip("torch is not installed")


def check_spec(spec: dict[str, Any]) -> FileReport:
    """The report for a spec given as a Python value (YAML escapes whatever it must)."""
    text = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=10**6)
    return check_text(text, "names.yaml", Options())


def export(report: FileReport) -> str:
    assert report.ok, [d.message for d in report.diagnostics]
    return generate(report, "names.yaml")


def run_exported(code: str, input_shape: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """Output shape (without the batch) and parameter count of the exported network."""
    need_torch()
    import torch

    warnings.filterwarnings("ignore", message="Failed to initialize NumPy")
    namespace: dict[str, object] = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)
    model = namespace["build"]()  # type: ignore[operator]
    with torch.no_grad():
        out = model(torch.zeros(1, *input_shape))
    if isinstance(out, tuple):
        out = out[0]
    return tuple(out.shape[1:]), sum(p.numel() for p in model.parameters())
