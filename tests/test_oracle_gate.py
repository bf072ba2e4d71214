"""The oracle suite skips without torch, and fails without it when CI requires torch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_oracle_without_torch(tmp_path: Path, require: bool) -> subprocess.CompletedProcess[str]:
    """pytest tests/oracle with a stand-in torch package that cannot be imported."""
    fake = tmp_path / "torch"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ModuleNotFoundError('no torch here', name='torch')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    env.pop("CNNSHAPE_REQUIRE_TORCH", None)
    if require:
        env["CNNSHAPE_REQUIRE_TORCH"] = "1"
    cmd = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/oracle"]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize("require", [False, True])
def test_missing_torch(tmp_path: Path, require: bool) -> None:
    p = run_oracle_without_torch(tmp_path, require)
    if require:
        assert p.returncode != 0
        assert "CNNSHAPE_REQUIRE_TORCH=1 but torch cannot be imported" in p.stdout + p.stderr
    else:
        assert p.returncode == 0, p.stdout
        assert "SKIPPED [1]" in p.stdout and "torch is not installed" in p.stdout
