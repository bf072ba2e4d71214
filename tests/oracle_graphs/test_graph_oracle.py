"""specs/ against the same networks built in torch.nn: parameters, buffers, output shape.

Each model is run on a real (batch of 2) input at the spec's size and at a second size,
so output shapes come from PyTorch's forward, not from arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from torch import nn
from torch_models import Basic, Bottleneck, UNet, inception_3ab, mobilenet_v2, resnet

from cnnshape.check import Options, check_file

SPECS = Path(__file__).resolve().parents[2] / "specs"

MODELS: dict[str, tuple[Callable[[], nn.Module], list[tuple[int, ...]]]] = {
    "resnet18.yaml": (lambda: resnet(Basic, [2, 2, 2, 2]), [(3, 224, 224), (3, 97, 131)]),
    "resnet50.yaml": (lambda: resnet(Bottleneck, [3, 4, 6, 3]), [(3, 224, 224), (3, 64, 80)]),
    "mobilenet_v2.yaml": (mobilenet_v2, [(3, 224, 224), (3, 100, 72)]),
    "unet.yaml": (UNet, [(1, 64, 64), (1, 48, 112)]),
    "inception.yaml": (inception_3ab, [(192, 28, 28), (192, 13, 9)]),
}


def _counts(model: nn.Module) -> tuple[int, int]:
    return (
        sum(p.numel() for p in model.parameters()),
        sum(b.numel() for b in model.buffers()),
    )


@pytest.mark.parametrize("name", sorted(MODELS))
def test_spec_matches_torch(name: str) -> None:
    build, shapes = MODELS[name]
    model = build().eval()
    params, buffers = _counts(model)
    for shape in shapes:
        report = check_file(SPECS / name, Options(input_shape=shape))
        assert report.ok, report.diagnostics
        with torch.no_grad():
            out = model(torch.zeros(2, *shape))
        assert report.output_shape == tuple(out.shape[1:]), shape
        assert (report.totals.params, report.totals.buffers) == (params, buffers)


def test_unet_odd_size_fails_in_torch_and_the_hint_fits() -> None:
    """250 fails in torch.cat; 240 and 256, the sizes cnnshape suggests, run."""
    model = UNet().eval()
    with torch.no_grad(), pytest.raises(RuntimeError, match="Sizes of tensors must match"):
        model(torch.zeros(1, 1, 250, 250))
    report = check_file(SPECS / "bad" / "E211_unet_odd_size.yaml", Options())
    concat = next(d for d in report.diagnostics if d.code == "E211")
    assert "[1, 240, 240] or [1, 256, 256] would fit" in concat.message
    with torch.no_grad():
        for n in (240, 256):
            assert model(torch.zeros(1, 1, n, n)).shape == (1, 1, n, n)


def test_exported_resnet50_runs_as_a_script(tmp_path: Path) -> None:
    """Export, then `python model.py`: the script checks its counts against cnnshape's."""
    import subprocess
    import sys

    out = tmp_path / "resnet50.py"
    export = [sys.executable, "-m", "cnnshape", "export", str(SPECS / "resnet50.yaml")]
    assert subprocess.run([*export, "--to", "pytorch", "-o", str(out)]).returncode == 0
    p = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    # torchvision's model docs: ResNet-50 has 25,557,032 parameters
    assert p.stdout.strip() == "output (1, 1000), 25,557,032 parameters, 53,173 buffers"
