"""`cnnshape new`: each template carries the schema line and checks clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cnnshape.check import Options, check_text
from cnnshape.commands.templates import TEMPLATES, render

# Parameter counts worked out by hand from PyTorch's formulas (not from cnnshape):
#   Conv: out·in·k·k + out; BatchNorm: 2·C; Linear: in·out + out.
CIFAR10 = (16 * 3 * 9 + 16) + (32 * 16 * 9 + 32) + (2048 * 128 + 128) + (128 * 10 + 10)
# VGG-11-BN: torchvision's vgg11_bn has 132,868,840 parameters.
VGG11_BN = 132_868_840
# torchvision's resnet18 has 11,689,512 parameters (its model card); the template is it.
RESNET18 = 11_689_512
EXPECTED = {
    "cifar10": (CIFAR10, (10,)),
    "vgg": (VGG11_BN, (1000,)),
    "resnet": (RESNET18, (1000,)),
}


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_template_checks_clean_with_expected_params(name: str) -> None:
    report = check_text(render(name), f"{name}.yaml", Options())
    assert report.diagnostics == []
    params, out = EXPECTED[name]
    assert report.totals.params == params
    assert report.output_shape == out


def test_new_command_prints_the_schema_line_first() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cnnshape", "new", "--template", "resnet"],
        capture_output=True,
        text=True,
        check=True,
    )
    first = proc.stdout.splitlines()[0]
    assert first == "# yaml-language-server: $schema=cnnshape.schema.json"
    assert proc.stdout == render("resnet")
    custom = subprocess.run(
        [sys.executable, "-m", "cnnshape", "new", "--schema", "https://x.invalid/s.json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert custom.stdout.startswith("# yaml-language-server: $schema=https://x.invalid/s.json\n")
    assert "not part of the spec format" not in proc.stdout and "residual:" in proc.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "cnnshape", "new", "--template", "lenet"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2


def test_new_writes_a_file_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "model.yaml"
    cmd = [sys.executable, "-m", "cnnshape", "new", "-t", "cifar10", "-o", str(target)]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0 and target.read_text() == render("cifar10")
    target.write_text("mine\n")
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 2 and "cannot write" in again.stderr
    assert target.read_text() == "mine\n"
