"""The real pre-commit, installing the hook from this repository into its own environment.

pre-commit try-repo clones this repository (with uncommitted changes to tracked files,
through a shadow commit), builds a virtualenv and pip-installs cnnshape into it, so the
test needs the package index but nothing else. It takes tens of seconds: deselect it with
``-m "not slow"``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GOOD = "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: 16, kernel_size: 3}\n  - ReLU\n"
BAD = "input: [3, 4, 4]\nlayers:\n  - Conv2d: {out_channels: 16, kernel_size: 5}\n"
FIXED = "input: [3, 4, 4]\nlayers:\n  - Conv2d: {out_channels: 16, kernel_size: 5, padding: 2}\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        NO_COLOR="1",
    )
    env.pop("GITHUB_ACTIONS", None)
    return env


def _git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _try_repo(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cnnshape", "--all-files"]
    cmd.append("--color=never")
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_pre_commit_hook_fails_on_bad_spec_and_passes_when_fixed(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    (repo / "specs").mkdir(parents=True)
    env = _env(tmp_path / "pre-commit-home")
    (repo / "specs" / "good.yaml").write_text(GOOD)
    (repo / "specs" / "bad.yaml").write_text(BAD)
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", ".")
    _git(repo, env, "commit", "-q", "-m", "specs")

    failed = _try_repo(repo, env)
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    # The kernel_size value 5 on line 3: `  - Conv2d: {out_channels: 16, kernel_size: 5}`.
    assert re.search(r"^specs/bad\.yaml:3:45: error E201 ", out, re.M), out
    assert "good.yaml" not in out, out

    (repo / "specs" / "bad.yaml").write_text(FIXED)
    passed = _try_repo(repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "E201" not in passed.stdout
