"""The layers of branch `layers` exported and run in PyTorch (CPU, real data): the exported
module gives cnnshape's output shape, parameter and buffer counts, and every layer's MACs
are half of torch.utils.flop_counter's FLOPs, except Bilinear, which the flop counter does
not count (0): its MACs are checked against out·in1·in2 per output row, worked by hand.
"""

from __future__ import annotations

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from cnnshape.check import Options, check_text
from cnnshape.export.pytorch import generate

SEGNET = """
input: [3, 16, 16]
layers:
  - LazyConv2d: {out_channels: 8, kernel_size: 3, padding: 1, bias: false}
  - MaxPool2d: {kernel_size: 2, return_indices: true, name: pool1}
  - ReflectionPad2d: 1
  - LazyConv2d: {out_channels: 8, kernel_size: 3, groups: 2}
  - MaxUnpool2d: {kernel_size: 2, from: pool1}
  - ChannelShuffle: 2
  - CircularPad2d: [1, 0, 2, 1]
  - ReplicationPad2d: 1
  - ConstantPad2d: {padding: [0, -1, 1, 0], value: 0.5}
  - FractionalMaxPool2d: {kernel_size: 2, output_size: [7, 8]}
  - LPPool2d: {norm_type: 2, kernel_size: 2, ceil_mode: true}
  - UpsamplingNearest2d: {scale_factor: 2}
  - UpsamplingBilinear2d: {size: [6, 6]}
  - Unfold: {kernel_size: 2, stride: 2}
  - Fold: {output_size: 6, kernel_size: 2, stride: 2}
"""
VOLUME = """
input: [2, 5, 6, 7]
layers:
  - ZeroPad3d: [1, 0, 0, 1, 2, -1]
  - ReflectionPad3d: 1
  - LazyConv3d: {out_channels: 4, kernel_size: [2, 3, 3], stride: 2}
  - MaxPool3d: {kernel_size: 2, return_indices: true, name: p}
  - MaxUnpool3d: {kernel_size: 2, from: p}
  - LazyConvTranspose3d: {out_channels: 2, kernel_size: 3, stride: 2, output_padding: 1}
  - FractionalMaxPool3d: {kernel_size: 2, output_ratio: 0.5}
  - LPPool3d: {norm_type: 1, kernel_size: 2}
"""
SIGNAL = """
input: [4, 30]
layers:
  - ZeroPad1d: [2, 3]
  - ConstantPad1d: {padding: 1, value: -1}
  - ReplicationPad1d: [0, 2]
  - CircularPad1d: 3
  - ReflectionPad1d: [2, 1]
  - LazyConv1d: {out_channels: 6, kernel_size: 5, dilation: 2}
  - MaxPool1d: {kernel_size: 3, return_indices: true, name: p}
  - MaxUnpool1d: {kernel_size: 3, from: p}
  - LPPool1d: {norm_type: 3, kernel_size: 2}
  - LazyConvTranspose1d: {out_channels: 3, kernel_size: 4, stride: 2}
  - Flatten
  - LazyLinear: 12
  - Unflatten: {dim: 1, unflattened_size: [3, -1]}
"""
SIAMESE = """
input: [3, 12, 12]
layers:
  - LazyConv2d: {out_channels: 4, kernel_size: 3, name: features}
  - LazyConvTranspose2d: {out_channels: 4, kernel_size: 3, padding: 1}
  - PairwiseDistance: {from: features, keepdim: true}
  - Flatten
  - LazyLinear: {out_features: 8, name: a}
  - LazyLinear: 6
  - Bilinear: {out_features: 5, from: a}
  - LazyLinear: {out_features: 8, name: b}
  - CosineSimilarity: {from: a}
"""
SPECS = {"segnet": SEGNET, "volume": VOLUME, "signal": SIGNAL, "siamese": SIAMESE}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_exported_module_runs_with_cnnshapes_figures(name: str) -> None:
    report = check_text(SPECS[name], f"{name}.yaml", Options())
    assert report.ok, report.diagnostics
    namespace: dict[str, object] = {"__name__": "exported"}
    exec(compile(generate(report, f"{name}.yaml"), "exported.py", "exec"), namespace)
    model = namespace["build"]()  # type: ignore[operator]
    x = torch.randn(2, *report.input_shape or ())
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        out = model(x)
    assert tuple(out.shape[1:]) == report.output_shape
    assert sum(p.numel() for p in model.parameters()) == report.totals.params
    assert sum(b.numel() for b in model.buffers()) == report.totals.buffers
    bilinear = 0
    for row in report.rows:
        if row.type == "Bilinear":
            a1, a2, n_out = (
                row.args["in1_features"],
                row.args["in2_features"],
                row.args["out_features"],
            )
            assert isinstance(a1, int) and isinstance(a2, int) and isinstance(n_out, int)
            assert row.macs == a1 * a2 * n_out  # one output row: (N, 6) ⊗ (N, 8) → (N, 5)
            bilinear += row.macs
    assert report.totals.macs is not None
    assert counter.get_total_flops() == 2 * 2 * (report.totals.macs - bilinear)  # batch 2
