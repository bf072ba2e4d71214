"""Running the real program (``python -m cnnshape``) for the file, stream and terminal tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
CIFAR = SPECS / "cifar10.yaml"  # has a Flatten → Linear head, so `convert` works on it

#: Long enough for a slow shared machine; a command that blocks (a FIFO) fails, never hangs.
TIMEOUT = 60


def cli(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run cnnshape with text output captured; extra keywords go to subprocess.run."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("GITHUB_ACTIONS", None)
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("cwd", ROOT)
    return subprocess.run(
        [sys.executable, "-m", "cnnshape", *map(str, args)],
        text=True,
        env=env,
        timeout=TIMEOUT,
        **kwargs,
    )


def no_traceback(stderr: str) -> bool:
    return "Traceback" not in stderr and "Exception ignored" not in stderr
