"""The oracle suite runs PyTorch itself; without torch it skips, unless torch is required.

Without torch, only test_torch_present.py is collected, and it reports the skip. CI sets
CNNSHAPE_REQUIRE_TORCH=1: there a missing (or broken) torch fails the run instead.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

HERE = Path(__file__).parent
# torch wheels built without NumPy say so on import; nothing here needs NumPy.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

try:
    import torch  # noqa: F401
except ImportError as e:
    if os.environ.get("CNNSHAPE_REQUIRE_TORCH") == "1":
        pytest.fail(
            f"CNNSHAPE_REQUIRE_TORCH=1 but torch cannot be imported ({e}): "
            "pip install -e '.[test,torch]'",
            pytrace=False,
        )
    collect_ignore = [p.name for p in HERE.glob("test_*.py") if p.name != "test_torch_present.py"]

sys.path.insert(0, str(HERE))
