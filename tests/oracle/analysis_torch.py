"""Build torch modules from cnnshape reports, for the analysis oracle tests.

Every argument name in a row is torch.nn's own, so a row becomes ``nn.<type>(**args)``.
Importing this module imports torch: import it only after :func:`need_torch`.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from cnnshape.layers import BY_NAME
from cnnshape.report import FileReport


def need_torch() -> Any:
    """torch, or a skip (a failure when CNNSHAPE_REQUIRE_TORCH=1)."""
    try:
        import torch
    except ImportError:
        if os.environ.get("CNNSHAPE_REQUIRE_TORCH") == "1":
            pytest.fail("CNNSHAPE_REQUIRE_TORCH=1 but torch cannot be imported")
        pytest.skip("torch is not installed")
    return torch


def build(report: FileReport, device: str = "cpu") -> Any:
    """nn.Sequential of the report's rows, in eval mode."""
    torch = need_torch()
    assert report.ok, report.diagnostics
    layers = []
    for row in report.rows:
        name, kwargs = BY_NAME[row.type].torch_call(row.args)
        layers.append(getattr(torch.nn, name)(**kwargs))
    return torch.nn.Sequential(*layers).to(device).eval()
