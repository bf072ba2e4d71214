"""--columns, --dtype and --batch on `cnnshape check`: table headers and the same JSON fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CIFAR = str(ROOT / "specs" / "cifar10.yaml")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "cnnshape", "check", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip


def test_default_json_is_unchanged() -> None:
    doc = json.loads(cli("--format", "json", CIFAR).stdout)
    layer = doc["files"][0]["layers"][0]
    assert "macs" not in layer and "receptive_field" not in layer and "memory" not in doc
    assert "macs" not in doc["files"][0]["totals"]


def test_json_fields() -> None:
    p = cli("--format", "json", "--columns", "all", "--dtype", "float16", "--batch", "8", CIFAR)
    assert p.returncode == 0, p.stderr
    f = json.loads(p.stdout)["files"][0]
    conv = f["layers"][0]
    assert conv["macs"] == 32 * 32 * 16 * 3 * 9  # out H·W·C · in C · 3·3
    assert conv["activations"] == 16 * 32 * 32 and conv["activation_bytes"] == 16 * 32 * 32 * 2
    assert conv["receptive_field"] == [{"size": 3, "jump": 1, "start": 0}] * 2
    pool = f["layers"][2]
    assert pool["receptive_field"][0] == {"size": 4, "jump": 2, "start": 0.5}
    assert f["layers"][6]["in_place"] is True  # Flatten is a view
    assert f["layers"][7]["receptive_field"] == ["global", "global"]
    assert f["memory"]["param_bytes"] == 268_650 * 2
    assert f["memory"]["batch"] == 8 and f["memory"]["training_bytes"] > 0
    assert f["totals"]["macs"] == sum(layer["macs"] for layer in f["layers"])


def test_table_columns_and_totals() -> None:
    p = cli("--columns", "macs,rf", CIFAR)
    assert p.returncode == 0, p.stderr
    header = next(line for line in p.stdout.splitlines() if "Layer" in line)
    assert "MACs" in header and "RF" in header and "Jump" in header
    assert "Output shape" not in header and "Params" not in header
    # 32·32·16·3·9 + 16·16·32·16·9 + 2048·128 + 128·10 = 442,368 + 1,179,648 + 262,144 + 1,280
    assert "MACs: 1,885,440 per sample" in p.stdout
    p = cli("--batch", "64", CIFAR)
    assert "Training estimate at batch 64" in p.stdout


def test_bad_column_is_a_usage_error() -> None:
    p = cli("--columns", "shape,flops", CIFAR)
    assert p.returncode == 2 and "flops" in p.stderr


def test_golden_all_columns(update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table with every column (ResNet-18: group headers, merges), pinned as a golden
    file; the numbers in it are pinned independently in test_macs/test_memory/test_receptive.
    Refresh with `pytest tests/test_columns.py --update-golden` and review the diff."""
    import io

    from cnnshape.check import Options, check_file
    from cnnshape.render import RenderOptions, get
    from cnnshape.render.columns import COLUMNS

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    out = io.StringIO()
    spec = ROOT / "specs" / "resnet18.yaml"
    report = check_file(spec, Options(batch=32), label="specs/resnet18.yaml")
    get("table")([report], out, RenderOptions(color="never", columns=COLUMNS))
    path = ROOT / "tests" / "golden" / "columns__resnet18_all.txt"
    if update_golden:
        path.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == path.read_text(encoding="utf-8")
