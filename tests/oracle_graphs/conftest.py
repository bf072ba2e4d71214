"""The graph oracle runs PyTorch itself; without torch it skips, unless torch is required.

CI sets CNNSHAPE_REQUIRE_TORCH=1: there a missing torch fails the run instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

if importlib.util.find_spec("torch") is None and os.environ.get("CNNSHAPE_REQUIRE_TORCH") == "1":
    pytest.fail(
        "CNNSHAPE_REQUIRE_TORCH=1 but torch is not installed: pip install -e '.[test,torch]'",
        pytrace=False,
    )
pytest.importorskip("torch")

sys.path.insert(0, str(Path(__file__).parent))
