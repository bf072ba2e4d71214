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
from scratch_repo import BAD_LINE, WARN_LINE, finding_lines, make_repo

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


def test_hook_in_a_repository_with_workflows_compose_files_and_a_venv(tmp_path: Path) -> None:
    """No `files:` written by the user: workflows and compose files are skipped as not specs,
    warnings show (verbose), and pyproject.toml's [tool.cnnshape] applies."""
    repo = make_repo(tmp_path / "project")
    env = _env(tmp_path / "pre-commit-home")
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", ".")
    _git(repo, env, "commit", "-q", "-m", "models")

    failed = _try_repo(repo, env)
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    lines = finding_lines(out)
    assert len(lines) == 2, out
    assert lines[0].startswith(BAD_LINE) and lines[1].startswith(WARN_LINE), out
    assert "ci.yml" not in out and "docker-compose" not in out and "E104" not in out, out

    (repo / "pyproject.toml").write_text('[tool.cnnshape]\nexclude = ["models/bad.yaml"]\n')
    passed = _try_repo(repo, env)
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert [line[: len(WARN_LINE)] for line in finding_lines(out)] == [WARN_LINE], out

    (repo / "pyproject.toml").write_text(
        '[tool.cnnshape]\nexclude = ["models/bad.yaml"]\nstrict = true\n'
    )
    strict = _try_repo(repo, env)
    assert strict.returncode == 1, strict.stdout + strict.stderr
