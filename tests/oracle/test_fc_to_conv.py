"""Oracle: the converted network computes what the original does once weights are reshaped.

A Linear weight (out, C·H·W) becomes the convolution weight (out, C, H, W) (Flatten is
C-major, so the reshape is exact); the 1×1 convolutions take (out, in, 1, 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis_torch import build, need_torch

from cnnshape.check import Options, check_text
from cnnshape.convert import fc_to_conv

ROOT = Path(__file__).resolve().parent.parent.parent

SMALL = """\
name: small-vgg
input: [3, 20, 20]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1}
  - ReLU: {inplace: true}
  - MaxPool2d: 2
  - Conv2d: {out_channels: 16, kernel_size: 3, padding: 1}
  - ReLU
  - MaxPool2d: 2
  - Flatten
  - Linear: 32
  - ReLU
  - Dropout
  - Linear: {out_features: 24, bias: false}
  - Tanh
  - Linear: {out_features: 10, name: classifier}
  - Softmax: {dim: 1}
"""


def copy_weights(original: Any, converted: Any) -> None:
    """Parameters in order; Linear weights reshaped to the convolution's shape."""
    torch = need_torch()
    with torch.no_grad():
        pairs = zip(original.parameters(), converted.parameters(), strict=True)
        for src, dst in pairs:
            assert src.numel() == dst.numel()
            dst.copy_(src.reshape(dst.shape))


def test_small_network_is_numerically_identical() -> None:
    torch = need_torch()
    torch.manual_seed(0)
    done = fc_to_conv(SMALL, "small", Options())
    new, before, after = done.text, done.before, done.after
    original, converted = build(before), build(after)
    copy_weights(original, converted)
    x = torch.randn(4, 3, 20, 20)
    y, z = original(x), converted(x)
    assert y.shape == (4, 10) and z.shape == (4, 10, 1, 1)
    assert torch.allclose(y, z.flatten(1), atol=1e-6)
    # on a larger input the converted network slides: 36 → 9 after pooling → 9 − 5 + 1 = 5
    big = check_text(new, "small", Options(input_shape=(3, 36, 36)))
    assert big.output_shape == (10, 5, 5)
    assert converted(torch.randn(1, 3, 36, 36)).shape == (1, 10, 5, 5)


def test_vgg16_noadaptive_on_meta() -> None:
    torch = need_torch()
    text = (ROOT / "specs" / "vgg16_noadaptive.yaml").read_text(encoding="utf-8")
    done = fc_to_conv(text, "vgg", Options())
    new, before = done.text, done.before
    original = build(before, "meta")
    converted = build(check_text(new, "vgg", Options(input_shape=(3, 384, 384))), "meta")
    n_orig = sum(p.numel() for p in original.parameters())
    n_conv = sum(p.numel() for p in converted.parameters())
    assert n_orig == n_conv == 138_357_544
    assert original(torch.empty(2, 3, 224, 224, device="meta")).shape == (2, 1000)
    assert converted(torch.empty(2, 3, 384, 384, device="meta")).shape == (2, 1000, 6, 6)
    assert converted(torch.empty(2, 3, 224, 224, device="meta")).shape == (2, 1000, 1, 1)
