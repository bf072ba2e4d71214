"""A repository like our users' (issue 14): models beside workflows, compose files, a venv.

Shared by the file-selection, pre-commit and GitHub Action tests. The expected findings are
worked out by hand from the spec text (see the comments), not taken from cnnshape.
"""

from __future__ import annotations

from pathlib import Path

GOOD = "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: 16, kernel_size: 3}\n  - ReLU\n"
# 4×4 input, kernel 5, no padding: (4 − 5)/1 + 1 = 0 < 1 → E201 at the 5 on line 3:
# "  - Conv2d: {out_channels: 16, kernel_size: " is 44 characters, so column 45.
BAD = "input: [3, 4, 4]\nlayers:\n  - Conv2d: {out_channels: 16, kernel_size: 5}\n"
# AlexNet's first layer at 224: (224 − 11)/4 + 1 = 54.25, a remainder → W301 at 3:45.
WARN = "input: [3, 224, 224]\nlayers:\n  - Conv2d: {out_channels: 96, kernel_size: 11, stride: 4}\n"
BAD_LINE = "models/bad.yaml:3:45: error E201 "
WARN_LINE = "models/warn.yaml:3:45: warning W301 "

WORKFLOW = """name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
"""
COMPOSE = "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n"
# Looks like a broken spec: must never be read, being inside .venv (and git-ignored).
SITE_PACKAGES_YAML = "layers: [\n"


def make_repo(root: Path) -> Path:
    """Write the repository's files (no git init: callers that need git do it)."""
    files = {
        "models/good.yaml": GOOD,
        "models/bad.yaml": BAD,
        "models/warn.yaml": WARN,
        ".github/workflows/ci.yml": WORKFLOW,
        "docker-compose.yaml": COMPOSE,
        ".venv/lib/python3.11/site-packages/pkg/config.yaml": SITE_PACKAGES_YAML,
        "generated/net.yaml": SITE_PACKAGES_YAML,  # git-ignored below
        ".gitignore": ".venv/\n/generated/\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def finding_lines(output: str) -> list[str]:
    """The path:line:col lines of concise output (or of pre-commit's log)."""
    return [line for line in output.splitlines() if line.startswith("models/")]
