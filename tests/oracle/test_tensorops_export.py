"""The tensor operations (Mean, Reshape, Transpose, LayerScale, Mul) exported and run in
PyTorch: they are no torch.nn classes, so the exported file defines each one it uses, once,
and calls it by its bare name. Shapes and counts are worked by hand in the comments.
"""

from __future__ import annotations

import pytest
import torch

from cnnshape.check import Options, check_text
from cnnshape.export.pytorch import generate

SEQUENCE = """
input: [8, 6, 6]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 1}    # 8·8 + 8 = 72 parameters
  - LayerScale: {value: 0.5}                     # gamma (8, 1, 1): 8 parameters
  - Transpose: {dim0: 1, dim1: 3}                # (6, 6, 8)
  - Reshape: {shape: [36, 8]}
  - Transpose: {dim0: 1, dim1: 2}                # (8, 36)
  - Reshape: {shape: [8, 6, -1]}                 # (8, 6, 6)
  - LayerScale: {shape: [6]}                     # channels-last gamma: 6 parameters
  - Mean: {dim: [2, 3], keepdim: true}           # (8, 1, 1)
"""
GATE = """
input: [4, 5, 5]
layers:
  - Conv2d: {out_channels: 4, kernel_size: 3, padding: 1, name: feat}  # 4·4·9 + 4 = 148
  - Mean: {dim: [2, 3], keepdim: true}           # (4, 1, 1)
  - Conv2d: {out_channels: 4, kernel_size: 1}    # 4·4 + 4 = 20
  - Sigmoid
  - Mul: {from: feat}                            # (4, 1, 1) × (4, 5, 5) → (4, 5, 5)
  - Mean: {dim: [-1, -2]}                        # (4,)
"""
#: spec → (output shape, parameters, the own classes the file defines), worked by hand.
CASES = {
    "sequence": (SEQUENCE, (8, 1, 1), 72 + 8 + 6, ("LayerScale", "Transpose", "Reshape", "Mean")),
    "gate": (GATE, (4,), 148 + 20, ("Mean", "Mul")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_tensor_operations_export_as_the_files_own_classes(name: str) -> None:
    text, shape, params, own = CASES[name]
    report = check_text(text, f"{name}.yaml", Options())
    assert report.ok, report.diagnostics
    code = generate(report, f"{name}.yaml")
    for cls in own:
        assert code.count(f"\nclass {cls}(nn.Module):") == 1, cls
        assert f"nn.{cls}(" not in code
    namespace: dict[str, object] = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)
    model = namespace["build"]()  # type: ignore[operator]
    with torch.no_grad():
        out = model(torch.randn(2, *report.input_shape or ()))
    assert tuple(out.shape) == (2, *shape)
    assert sum(p.numel() for p in model.parameters()) == params
