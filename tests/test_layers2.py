"""Issue 13, part 2, without torch: counts and refusals PyTorch gave, MACs by hand, export text.

The figures were read off torch 2.13.0 / torchvision 0.28.0 modules (the oracle suite,
tests/oracle/test_layers2_oracle.py, re-derives them from PyTorch on every run).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run
from test_export import RULES

from cnnshape.export.pytorch import generate


def one(layer: str, shape: list[int]) -> tuple[tuple[int, ...] | None, int, int, list[str]]:
    r = run(f"{{input: {shape}, layers: [{layer}]}}")
    codes = [d.code for d in r.diagnostics if d.is_error]
    return r.output_shape, r.totals.params, r.totals.buffers, codes


@pytest.mark.parametrize(
    ("layer", "shape", "want"),
    [
        # torch: nn.InstanceNorm2d(3) has no parameters and no buffers; affine 6, stats 7
        ("InstanceNorm2d", [3, 5, 5], ((3, 5, 5), 0, 0)),
        ("{InstanceNorm2d: {affine: true, track_running_stats: true}}", [3, 5, 5],
         ((3, 5, 5), 6, 7)),
        ("{InstanceNorm2d: {affine: true, bias: false}}", [3, 5, 5], ((3, 5, 5), 3, 0)),
        # a wrong num_features without affine or stats: PyTorch warns and runs
        ("{InstanceNorm2d: {num_features: 4}}", [3, 5, 5], ((3, 5, 5), 0, 0)),
        ("LazyInstanceNorm2d", [3, 5, 5], ((3, 5, 5), 6, 7)),
        ("{BatchNorm2d: {bias: false}}", [3, 5, 5], ((3, 5, 5), 3, 7)),
        ("{GroupNorm: {num_groups: 1, bias: false}}", [3, 5, 5], ((3, 5, 5), 3, 0)),
        ("SyncBatchNorm", [3, 2, 2, 2], ((3, 2, 2, 2), 6, 7)),
        ("{RMSNorm: [5, 5]}", [3, 5, 5], ((3, 5, 5), 25, 0)),
        ("{PReLU: 3}", [3, 5, 5], ((3, 5, 5), 3, 0)),
        ("{GLU: {dim: 1}}", [4, 5], ((2, 5), 0, 0)),
        ("FrozenBatchNorm2d", [3, 5, 5], ((3, 5, 5), 0, 12)),
        ("{FrozenBatchNorm2d: {num_features: 4}}", [1, 5, 5], ((4, 5, 5), 0, 16)),  # broadcast
        ("{Permute: [0, 2, 3, 1]}", [3, 5, 6], ((5, 6, 3), 0, 0)),
        ("{SqueezeExcitation: 2}", [3, 5, 5], ((3, 5, 5), 17, 0)),
        ("{Conv2dNormActivation: 8}", [3, 5, 5], ((8, 5, 5), 232, 17)),
        ("{Conv2dNormActivation: {out_channels: 8, norm_layer: InstanceNorm2d}}", [3, 5, 5],
         ((8, 5, 5), 216, 0)),  # bias=None → no conv bias with a norm layer
        ("{MLP: [4, 5]}", [3], ((5,), 41, 0)),
        ("{MLP: {hidden_channels: [4, 5], norm_layer: LayerNorm}}", [3], ((5,), 49, 0)),
    ],
)  # fmt: skip
def test_counts_are_pytorchs(layer: str, shape: list[int], want: tuple[object, ...]) -> None:
    out, params, buffers, codes = one(layer, shape)
    assert not codes
    assert (out, params, buffers) == want


@pytest.mark.parametrize(
    ("layer", "shape", "code"),
    [
        ("{PReLU: 2}", [3, 5, 5], "E206"),  # Mismatch of parameter numbers and channel size
        ("GLU", [2, 5], "E212"),  # Halving dimension must be even
        ("{CELU: 0}", [3], "E109"),  # alpha cannot be 0
        ("{Hardtanh: {min_val: 1, max_val: -1}}", [3], "E109"),
        ("{RReLU: {lower: 0.5, upper: 0.1}}", [3], "E109"),
        ("{Softshrink: -1}", [3], "E109"),
        ("Softmax2d", [3, 4, 4, 4], "E205"),
        ("{CrossMapLRN2d: 3}", [3, 4], "E205"),
        ("{InstanceNorm2d: {affine: true, num_features: 4}}", [3, 5, 5], "E206"),
        ("InstanceNorm2d", [3, 1, 1], "E201"),  # more than 1 spatial element when training
        ("{DropBlock2d: {p: 0.5, block_size: 4}}", [3, 5, 5], "E109"),  # even block
        ("{DropBlock2d: {p: 0.5, block_size: 9}}", [3, 4, 5], "E109"),  # min(9, 4, 5) = 4
        ("{StochasticDepth: {p: 0.5, mode: col}}", [3], "E109"),
        ("{Permute: [0, 1, 1, 2]}", [3, 5, 5], "E109"),  # duplicate dims
        ("{Permute: [0, 2, 1]}", [3, 5, 5], "E207"),
        ("{SqueezeExcitation: 0}", [3, 5, 5], "E109"),
        ("{Conv2dNormActivation: {out_channels: 8, activation_layer: GELU}}", [3, 5, 5], "E109"),
        ("{MLP: {hidden_channels: [4, 5], activation_layer: null}}", [3], "E109"),
        ("{MLP: []}", [3], "E109"),
        ("{MLP: {hidden_channels: [4, 5], norm_layer: BatchNorm1d}}", [7, 3], "E206"),
    ],
)  # fmt: skip
def test_refusals_are_pytorchs(layer: str, shape: list[int], code: str) -> None:
    assert code in one(layer, shape)[3]


def test_block_macs_by_hand() -> None:
    r = run(
        """
        input: [3, 32, 32]
        layers:
          - Conv2dNormActivation: {out_channels: 16, stride: 2}
          - SqueezeExcitation: 4
          - PReLU: 16
          - InstanceNorm2d: {affine: true}
          - Permute: [0, 2, 3, 1]
          - MLP: [32, 10]
        """
    )
    assert [row.macs for row in r.rows] == [
        16 * 16 * 16 * 3 * 3 * 3,  # the convolution's output elements · C_in · k·k
        16 * 4 + 4 * 16,  # two 1×1 convolutions on the pooled 1×1 map
        0,  # PReLU and InstanceNorm: elementwise, not counted (README convention)
        0,
        0,
        16 * 16 * (16 * 32 + 32 * 10),  # each Linear's in·out per row, 16·16 rows
    ]


def test_export_of_every_torchvision_layer_is_ruff_clean(tmp_path: Path) -> None:
    r = run(
        """
        input: [3, 8, 8]
        layers:
          - Conv2dNormActivation: {out_channels: 8, norm_layer: FrozenBatchNorm2d}
          - SqueezeExcitation: {squeeze_channels: 2, scale_activation: Hardsigmoid}
          - StochasticDepth: {p: 0.1, mode: row}
          - DropBlock2d: {p: 0.1, block_size: 3}
          - Permute: [0, 2, 3, 1]
          - MLP: [4, 8]
          - Permute: [0, 3, 1, 2]
        """
    )
    text = generate(r, "spec.yaml")
    assert "from torchvision import ops as tv" in text
    assert "tv.Conv2dNormActivation(" in text and "norm_layer=tv.FrozenBatchNorm2d" in text
    assert "activation_layer=nn.ReLU" in text and "scale_activation=nn.Hardsigmoid" in text
    (tmp_path / "model.py").write_text(text)
    project = ["--config", str(Path(__file__).resolve().parent.parent / "pyproject.toml")]
    for args in (
        ["check", "--isolated"],
        ["format", "--check", "--isolated"],
        ["check", *project],
        ["format", "--check", *project],
        ["check", "--isolated", "--select", RULES],
    ):
        p = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "."], capture_output=True, text=True, cwd=tmp_path
        )
        assert p.returncode == 0, f"ruff {' '.join(args)}:\n{p.stdout}{p.stderr}"
