"""The oracle's gate: skipped (with the reason) where torch is missing and not required."""

from __future__ import annotations

import pytest


def test_torch_is_importable() -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed: the oracle is skipped")
    assert torch.__version__.startswith("2.13.0"), torch.__version__
