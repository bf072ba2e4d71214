"""Every spec in specs/ (bad/ and specs with errors aside), exported and run by PyTorch.

The exported module is executed as written; forward hooks record every layer's output
shape, and its parameter and buffer counts are read off the module. All of it must equal
cnnshape's report, row by row, and the published totals pinned in tests/test_specs.py.
Large networks run on the `meta` device (no memory, no compute); small ones on the CPU.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from harness import Step, counts, run_module
from test_specs import PINNED

from cnnshape.check import Options, check_file
from cnnshape.export.pytorch import generate, module_keys

SPECS = Path(__file__).resolve().parents[2] / "specs"
ALL = sorted(p for p in SPECS.rglob("*.yaml") if "bad" not in p.relative_to(SPECS).parts)
META_ABOVE = 5_000_000  # parameters: above this, build on the meta device


@pytest.mark.parametrize("path", ALL, ids=[str(p.relative_to(SPECS)) for p in ALL])
def test_spec_agrees_with_torch(path: Path) -> None:
    report = check_file(path, Options())
    if not report.ok:
        pytest.skip("cnnshape reports errors: nothing to export")
    assert report.input_shape is not None
    namespace: dict[str, object] = {"__name__": "exported"}
    exec(compile(generate(report, path.name), str(path), "exec"), namespace)
    device = "meta" if report.totals.params > META_ABOVE else "cpu"
    with torch.device(device):
        model = namespace["build"]()  # type: ignore[operator]
    run, where = run_module(model, report.input_shape, device)
    keys = module_keys(report.rows)
    assert len(run.steps) == len(report.rows)
    for row in report.rows:
        assert row.output_shape is not None
        mine = Step(row.output_shape, row.params or 0, row.buffers or 0, row.trainable_params or 0)
        assert run.steps[where[keys[row.path]]] == mine, f"layer {row.path} ({row.type})"
    assert run.steps[-1].shape == report.output_shape
    params, buffers, trainable = counts(model)
    totals = report.totals
    assert (params, buffers, trainable) == (totals.params, totals.buffers, totals.trainable_params)
    name = str(path.relative_to(SPECS))
    if name in PINNED:  # the published figure, confirmed by PyTorch itself
        assert (run.steps[-1].shape, params, buffers) == PINNED[name]


def test_exported_vgg16_runs_as_a_script(tmp_path: Path) -> None:
    """The issue's acceptance check, as a user runs it: export, then `python model.py`."""
    import subprocess
    import sys

    out = tmp_path / "vgg16.py"
    export = [sys.executable, "-m", "cnnshape", "export", str(SPECS / "vgg16.yaml")]
    assert subprocess.run([*export, "--to", "pytorch", "-o", str(out)]).returncode == 0
    p = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr  # the script asserts its counts equal cnnshape's
    # torchvision's model docs: VGG-16 has 138,357,544 parameters
    assert p.stdout.strip() == "output (1, 1000), 138,357,544 parameters, 0 buffers"
