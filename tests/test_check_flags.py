"""Finding lines never wrap; --statistics counts findings per code; --exit-zero exits 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Findings hand-counted: E106 (colour), E108 twice (bias, momentum), W303 (inplace: yes)
SPEC = """\
input: [3, 32, 32]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 3, bias: maybe, colour: red}
  - BatchNorm2d: {momentum: fast}
  - ReLU: {inplace: yes}
"""


def cnnshape(
    *args: str, columns: str = "80", typer: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": columns}
    env.pop("FORCE_COLOR", None)
    env.pop("GITHUB_ACTIONS", None)
    # typer: through the typer app (the console script's fast path is cnnshape.main)
    code = (
        "from cnnshape.cli import app; app()" if typer else "from cnnshape.main import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "check", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "a-rather-long-folder-name" / "model.yaml"
    path.parent.mkdir()
    path.write_text(SPEC)
    return path


@pytest.mark.parametrize("typer", [False, True])
def test_finding_lines_do_not_wrap_when_piped_narrow(spec: Path, typer: bool) -> None:
    p = cnnshape(str(spec), columns="40", typer=typer)
    assert p.returncode == 1, p.stderr
    lines = p.stdout.splitlines()
    found = [line for line in lines if line.startswith(f"{spec}:")]
    assert len(found) == 4, p.stdout
    # the E106 line whole, down to the last argument name (bias at 3:53 comes before it)
    assert found[1].startswith(f"{spec}:3:60: error E106 Conv2d has no argument 'colour'")
    assert found[1].endswith("groups, bias, padding_mode")
    assert all(len(line) > 40 for line in found)  # whole lines, far wider than COLUMNS
    assert str(spec) in lines  # the title: the path, whole
    table = lines[1 : lines.index(next(x for x in lines if x.startswith("Params")))]
    assert all(len(line) <= 40 for line in table)  # the table keeps to the width


def test_finding_lines_do_not_wrap_with_colour(spec: Path) -> None:
    p = cnnshape(str(spec), "--color", "always", columns="40")
    found = [line for line in p.stdout.splitlines() if str(spec) in line and "E10" in line]
    assert len(found) == 3, p.stdout


@pytest.mark.parametrize("typer", [False, True])
def test_statistics(spec: Path, typer: bool) -> None:
    p = cnnshape(str(spec), "--statistics", typer=typer)
    assert p.returncode == 1
    assert p.stdout.splitlines() == [
        "2\tE108\targument has the wrong type",
        "1\tE106\tunknown argument for this layer",
        "1\tW303\ta boolean written yes/no/on/off: true or false only in YAML 1.1",
    ]


def test_statistics_json(spec: Path) -> None:
    p = cnnshape(str(spec), "--statistics", "--format", "json")
    data = json.loads(p.stdout)
    assert [(d["code"], d["count"], d["severity"]) for d in data] == [
        ("E108", 2, "error"),
        ("E106", 1, "error"),
        ("W303", 1, "warning"),
    ]


@pytest.mark.parametrize("typer", [False, True])
def test_exit_zero(spec: Path, typer: bool) -> None:
    p = cnnshape(str(spec), "--exit-zero", "-q", typer=typer)
    assert p.returncode == 0
    assert "E108" in p.stdout  # the findings are still printed
    p = cnnshape(str(spec), "--exit-zero", "--strict", "-q", typer=typer)
    assert p.returncode == 0


def test_exit_zero_keeps_usage_errors(spec: Path) -> None:
    p = cnnshape(str(spec), "--exit-zero", "--columns", "nope")
    assert p.returncode == 2
