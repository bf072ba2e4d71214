"""`cnnshape export --to pytorch`: what it writes, what it refuses, and that it stays torch-free.

Running the generated code is the oracle's job (tests/oracle/test_specs_oracle.py); here the
text is checked: every inferred argument written, docstring figures, ruff-clean, no cnnshape
import, and refusals that leave the output file alone.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GOOD = sorted(p for p in SPECS.rglob("*.yaml") if "bad" not in p.relative_to(SPECS).parts)
RULES = "E,F,W,I,B,UP,SIM,RUF,PLE,PLW,N,C4"  # beyond the defaults, for a stricter reader


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cnnshape", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )


def test_cifar_export_writes_every_argument(tmp_path: Path) -> None:
    out = tmp_path / "model.py"
    p = cli("export", "specs/cifar10.yaml", "--to", "pytorch", "-o", str(out))
    assert p.returncode == 0, p.stderr
    code = out.read_text()
    assert "nn.Conv2d(\n        in_channels=3,\n        out_channels=16," in code
    assert 'layers["3"] = nn.Conv2d(\n        in_channels=16,' in code
    assert 'layers["7"] = nn.Linear(in_features=2048, out_features=128, bias=True)' in code
    assert 'layers["classifier"] = nn.Linear(in_features=128, out_features=10, bias=True)' in code
    assert "stride=(2, 2)" in code and 'padding_mode="zeros"' in code
    doc = ast.get_docstring(ast.parse(code)) or ""
    # 448 + 4,640 + 2048·128+128 + 128·10+10 = 268,650 (worked by hand in test_specs.py)
    assert "(N, 3, 32, 32)" in doc and "(N, 10)" in doc and "268,650" in doc


def test_stdout_without_output_and_input_override() -> None:
    p = cli("export", "specs/alexnet_conv1.yaml", "--input", "3x64x64")
    assert p.returncode == 0, p.stderr
    # (64 − 11)/4 + 1 = 14.25 → 14; 96·(11·11·3) + 96 = 34,944
    assert "INPUT_SHAPE = (3, 64, 64)" in p.stdout and "OUTPUT_SHAPE = (96, 14, 14)" in p.stdout
    assert "PARAMS = 34944" in p.stdout
    assert "W301" in p.stderr  # warnings are shown, but do not stop the export


def test_generated_code_imports_torch_only() -> None:
    code = cli("export", "specs/vgg16.yaml").stdout
    imported = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported == {"collections", "torch"}


def test_generated_code_is_ruff_clean(tmp_path: Path) -> None:
    """Every good spec's module passes ruff check and format, default and project config."""
    from cnnshape.check import Options, check_file
    from cnnshape.export.pytorch import generate

    for path in GOOD:
        out = tmp_path / f"{path.stem}.py"
        out.write_text(generate(check_file(path, Options()), path.name))
    project = ["--config", str(ROOT / "pyproject.toml")]
    for args in (
        ["check", "--isolated"],
        ["format", "--check", "--isolated"],
        ["check", *project],
        ["format", "--check", *project],
        ["check", "--isolated", "--select", RULES],
    ):
        r = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "."], capture_output=True, text=True, cwd=tmp_path
        )
        assert r.returncode == 0, f"ruff {' '.join(args)}:\n{r.stdout}{r.stderr}"


@pytest.mark.parametrize("path", GOOD, ids=[str(p.relative_to(SPECS)) for p in GOOD])
def test_every_spec_exports_only_allowed_statements(path: Path) -> None:
    """specs/ and specs/templates: the exported module passes the AST allow-list of
    tests/export_ast.py (tests/oracle/test_specs_oracle.py runs each one with PyTorch and
    compares every layer's shape and count, and the totals, with check's report)."""
    from export_ast import check_module

    from cnnshape.check import Options, check_file
    from cnnshape.export.pytorch import generate

    report = check_file(path, Options())
    assert report.ok, [d.message for d in report.diagnostics]
    check_module(generate(report, path.name))


def test_spec_with_errors_is_refused_and_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "model.py"
    out.write_text("# mine\n")
    before = out.stat().st_mtime_ns
    bad = SPECS / "bad" / "E206_in_features.yaml"
    p = cli("export", str(bad), "-o", str(out))
    assert p.returncode == 1
    assert f"{bad}:" in p.stderr and "error E206" in p.stderr and "nothing written" in p.stderr
    assert out.read_text() == "# mine\n" and out.stat().st_mtime_ns == before
    assert sorted(tmp_path.iterdir()) == [out]  # no temporary file left behind
    fresh = tmp_path / "new.py"
    assert cli("export", str(bad), "-o", str(fresh)).returncode == 1 and not fresh.exists()
    assert p.stdout == ""


def test_duplicate_layer_names_are_refused(tmp_path: Path) -> None:
    spec = tmp_path / "dup.yaml"
    spec.write_text(
        "input: [4]\nlayers:\n"
        "  - Linear: {out_features: 3, name: fc}\n"
        "  - Linear: {out_features: 2, name: fc}\n"
    )
    p = cli("export", str(spec))
    assert p.returncode == 1 and p.stdout == ""
    assert "lines 3 and 4" in p.stderr and "'fc'" in p.stderr


def test_frozen_layers_stay_frozen() -> None:
    spec = "input: [4]\nlayers:\n  - Linear: {out_features: 3, trainable: false}\n  - ReLU\n"
    from cnnshape.check import Options, check_text
    from cnnshape.export.pytorch import generate

    code = generate(check_text(spec, "frozen.yaml", Options()), "frozen.yaml")
    assert 'layers["0"].requires_grad_(False)' in code
    assert "Parameters: 15 (0 trainable)" in code  # 4·3 + 3


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    p = cli("export", "specs/cifar10.yaml", "-o", str(tmp_path / "no" / "such" / "dir.py"))
    assert p.returncode == 1 and "cannot write" in p.stderr and "Traceback" not in p.stderr


def test_unknown_target_is_a_usage_error() -> None:
    assert cli("export", "specs/cifar10.yaml", "--to", "keras").returncode == 2


@pytest.mark.parametrize("command", ["check", "export"])
def test_commands_never_import_torch(command: str) -> None:
    probe = (
        "import sys\n"
        "from cnnshape.cli import app\n"
        "try:\n"
        f"    app([{command!r}, 'specs/vgg16_bn.yaml'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "print('torch' in sys.modules, file=sys.stderr)\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip().splitlines()[-1] == "False"
