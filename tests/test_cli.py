"""The command line as a user runs it: exit codes, --input, --quiet, --format json, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CIFAR = str(ROOT / "specs" / "cifar10.yaml")
BAD = ROOT / "specs" / "bad"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "cnnshape", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_check_prints_table_and_exits_0() -> None:
    p = cli("check", CIFAR)
    assert p.returncode == 0, p.stderr
    assert "(N, 32, 8, 8)" in p.stdout
    assert "2048 = 32·8·8" in p.stdout
    assert "268,650" in p.stdout


def test_json_document() -> None:
    p = cli("check", "--format", "json", CIFAR, str(ROOT / "specs" / "lenet5.yaml"))
    assert p.returncode == 0
    doc = json.loads(p.stdout)
    assert [f["totals"]["params"] for f in doc["files"]] == [268_650, 61_706]
    layer = doc["files"][0]["layers"][7]
    assert layer["type"] == "Linear" and layer["args"]["in_features"] == 2048
    assert set(layer) >= {
        "index",
        "type",
        "name",
        "line",
        "args",
        "output_shape",
        "params",
        "trainable_params",
        "buffers",
    }


def test_input_override() -> None:
    spec = str(ROOT / "specs" / "alexnet_conv1.yaml")
    p = cli("check", "--format", "json", "--input", "3x224x224", spec)
    f = json.loads(p.stdout)["files"][0]
    assert f["output_shape"] == [96, 54, 54] and p.returncode == 0
    assert [d["code"] for d in f["diagnostics"]] == ["W301"]


def test_quiet_prints_nothing_for_clean_and_located_lines_for_bad() -> None:
    assert cli("check", "-q", CIFAR).stdout == ""
    p = cli("check", "-q", str(BAD / "E109_stride_zero.yaml"))
    assert p.returncode == 1
    assert p.stdout.startswith(f"{BAD / 'E109_stride_zero.yaml'}:3:56: error E109 ")


def test_strict_fails_on_warnings() -> None:
    w = str(BAD / "W301_never_read.yaml")
    assert cli("check", "-q", w).returncode == 0
    assert cli("check", "-q", "--strict", w).returncode == 1
    assert cli("check", "-q", "--ignore", "W301", "--strict", w).returncode == 0


def test_every_bad_spec_exits_1_without_traceback() -> None:
    files = sorted(str(p) for p in BAD.glob("E*.yaml"))
    p = cli("check", *files)
    assert p.returncode == 1
    assert "Traceback" not in p.stdout + p.stderr
    for f in files:
        assert f in p.stdout


def test_usage_errors_exit_2() -> None:
    assert cli("check", "no/such/file.yaml").returncode == 2
    assert cli("check", "--bogus", CIFAR).returncode == 2
    assert cli("check", "--input", "3xAx4", CIFAR).returncode == 2
    assert cli("check", "--ignore", "E201", CIFAR).returncode == 2
    assert cli("nonsense").returncode == 2


def test_version_and_module() -> None:
    from cnnshape import __version__

    p = cli("--version")
    assert p.returncode == 0 and p.stdout.strip() == f"cnnshape {__version__}"


def test_directory_argument_checks_yaml_below_it(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("input: [4]\nlayers: [{Linear: 2}]\n")
    (tmp_path / "b.yml").write_text("input: [4]\nlayers: [{Linear: {out_features: 0.5}}]\n")
    p = cli("check", "-q", str(tmp_path))
    assert p.returncode == 1 and "b.yml:2:34: error E108" in p.stdout


def test_layers_lists_aliases() -> None:
    p = cli("layers")
    assert p.returncode == 0 and "Linear(" in p.stdout and "fc" in p.stdout
