"""The console script's fast path for `check` prints exactly what the typer command prints,
and hands everything it does not know to typer."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnshape.cli import app
from cnnshape.main import fast_check, parse_check

SPECS = Path(__file__).resolve().parent.parent / "specs"
VGG, RESNET = str(SPECS / "vgg16.yaml"), str(SPECS / "resnet50.yaml")
BAD = sorted(str(p) for p in (SPECS / "bad").glob("*.yaml"))[:6]

CASES = [
    ["-q", VGG],
    [VGG],
    [RESNET, "--columns", "all"],
    ["--format", "json", VGG],
    ["-f", "markdown", "--columns", "shape,macs", RESNET],
    ["-i", "3x64x64", "--dtype", "float16", "--batch", "8", VGG],
    ["--strict", "--ignore", "W301", "--ignore", "W302", *BAD],
    ["-q", "--max-layers", "5", VGG],
    ["-q", "--max-work", "10", str(SPECS / "unet.yaml")],
    ["--color", "never", "-f", "concise", str(SPECS / "bad")],
    ["--format", "sarif", *BAD[:2]],
]


@pytest.mark.parametrize("argv", CASES, ids=lambda a: " ".join(Path(x).name for x in a))
def test_fast_path_matches_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = CliRunner().invoke(app, ["check", *argv])
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    code = fast_check(argv)
    assert code == expected.exit_code
    assert out.getvalue() == expected.output


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--format", "yaml", VGG],
        ["--format=json", VGG],
        ["-qf", "json", VGG],
        ["missing.yaml"],
        ["-i", "3x0", VGG],
        ["--columns", "shape,bogus", VGG],
        ["--ignore", "E201", VGG],
        ["--batch", "0", VGG],
        ["--max-depth", "-3", VGG],
        ["--max-depth", str(1 << 62 + 1), VGG],
        ["--batch", str(1 << 63), VGG],
        ["-i", f"3x{1 << 63}x2", VGG],
        ["--color", "sometimes", VGG],
        ["--input"],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast_check(argv) is None


def test_console_script_runs_the_fast_path_without_typer() -> None:
    code = "import sys; from cnnshape.main import main; sys.argv = ['cnnshape', 'check', '-q', "
    code += repr(VGG) + "]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
    code += "print('typer' in sys.modules, file=sys.stderr)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stderr.strip() == "False"


def test_files_are_kept_in_order() -> None:
    parsed = parse_check([VGG, "-q", RESNET])
    assert parsed is not None and [str(p) for p in parsed[1]] == [VGG, RESNET]
