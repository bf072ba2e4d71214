"""torchvision.ops for the oracle tests, or a skip where torchvision is not installed.

torchvision 0.28 registers its C++ operators' meta and autograd kernels on import, which fails
next to a CPU torch built without them (``operator torchvision::nms does not exist``). The
layers tested here never call those operators, so the two registration modules are replaced
by empty ones before the import. CI installs torchvision (``.ci/run``) and sets
CNNSHAPE_REQUIRE_TORCHVISION=1, which turns a missing torchvision into a failure.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

import pytest

_STUBS = ("torchvision._meta_registrations", "torchvision._autograd_registrations")


def ops() -> Any:
    """torchvision.ops, or None when torchvision cannot be imported."""
    for name in _STUBS:
        sys.modules.setdefault(name, types.ModuleType(name))
    try:
        from torchvision import ops as tv_ops
    except ImportError:
        return None
    return tv_ops


def need_ops() -> Any:
    """torchvision.ops, or a skip (a failure when CNNSHAPE_REQUIRE_TORCHVISION=1)."""
    tv_ops = ops()
    if tv_ops is None:
        if os.environ.get("CNNSHAPE_REQUIRE_TORCHVISION") == "1":
            pytest.fail("CNNSHAPE_REQUIRE_TORCHVISION=1 but torchvision cannot be imported")
        pytest.skip("torchvision is not installed")
    return tv_ops
