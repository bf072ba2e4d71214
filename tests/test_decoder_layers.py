"""The decoder and normalisation layers: shapes and counts worked out by hand from
PyTorch's formulas, and PyTorch's refusals (each checked against torch 2.13.0)."""

from __future__ import annotations

import pytest
from helpers import codes, one_layer


@pytest.mark.parametrize(
    ("layer", "shape", "out", "params"),
    [
        # (7−1)·2 − 2·1 + 1·(3−1) + 1 + 1 = 14; 4·6·9 + 6 = 222
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, stride: 2, padding: 1, "
         "output_padding: 1}", [4, 7, 7], (6, 14, 14), 222),
        # (7−1)·1 − 2 + 2·2 + 1 + 1 = 10 (output_padding < dilation is allowed)
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, padding: 1, output_padding: 1, "
         "dilation: 2}", [4, 7, 7], (6, 10, 10), 222),
        # groups 2: 4·(6/2)·9 + 6 = 114
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, groups: 2}", [4, 7, 7], (6, 9, 9),
         114),
        # (5−1)·3 + 1·(4−1) + 0 + 1 = 16; 2·3·4 without bias
        ("ConvTranspose1d: {out_channels: 3, kernel_size: 4, stride: 3, bias: false}", [2, 5],
         (3, 16), 24),
        # 2·2·2 kernel, stride 2: doubles; 2·1·8 + 1
        ("ConvTranspose3d: {out_channels: 1, kernel_size: 2, stride: 2}", [2, 3, 4, 5],
         (1, 6, 8, 10), 17),
        ("Upsample: {scale_factor: 2}", [3, 5, 7], (3, 10, 14), 0),
        # floor(7·1.5) = 10, floor(7·0.3) = 2
        ("Upsample: {scale_factor: [1.5, 0.3], mode: bilinear}", [3, 7, 7], (3, 10, 2), 0),
        ("Upsample: {size: [5, 9]}", [3, 7, 7], (3, 5, 9), 0),
        ("Upsample: {size: 4, mode: linear, align_corners: true}", [3, 7], (3, 4), 0),
        ("PixelShuffle: 2", [8, 6, 6], (2, 12, 12), 0),
        ("PixelUnshuffle: 2", [8, 6, 6], (32, 3, 3), 0),
        # left, right, top, bottom: H 6+3+4, W 6+1+2; negative crops
        ("ZeroPad2d: [1, 2, 3, 4]", [8, 6, 6], (8, 13, 9), 0),
        ("ZeroPad2d: [-1, -2, 0, 1]", [8, 6, 6], (8, 7, 3), 0),
        ("ZeroPad2d: [-3, -3, 0, 0]", [8, 6, 6], (8, 6, 0), 0),
        # 2·(6·6) weights and biases; without bias 36
        ("LayerNorm: [6, 6]", [8, 6, 6], (8, 6, 6), 72),
        ("LayerNorm: {normalized_shape: 6, bias: false}", [8, 6, 6], (8, 6, 6), 6),
        ("LayerNorm: {normalized_shape: [8, 6, 6], elementwise_affine: false}", [8, 6, 6],
         (8, 6, 6), 0),
        ("GroupNorm: 4", [8, 6, 6], (8, 6, 6), 16),
        ("GroupNorm: {num_groups: 2, num_channels: 8, affine: false}", [8], (8,), 0),
        ("LocalResponseNorm: 2", [8, 5], (8, 5), 0),
    ],
)  # fmt: skip
def test_shape_and_params(layer: str, shape: list[int], out: tuple[int, ...], params: int) -> None:
    r = one_layer(layer, shape)
    assert r.ok, r.diagnostics
    assert r.output_shape == out
    assert r.totals.params == params


@pytest.mark.parametrize(
    ("layer", "shape", "code"),
    [
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, stride: 2, output_padding: 2}",
         [4, 7, 7], "E109"),
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, output_padding: 1}", [4, 7, 7],
         "E109"),
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, padding: 5}", [4, 7, 7], "E201"),
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, padding: -1}", [4, 7, 7], "E109"),
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, padding_mode: reflect}", [4, 7, 7],
         "E109"),
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3, groups: 4}", [4, 7, 7], "E203"),
        ("ConvTranspose2d: {in_channels: 5, out_channels: 6, kernel_size: 3}", [4, 7, 7], "E206"),
        ("ConvTranspose2d: {out_channels: 6, kernel_size: 3}", [4, 7], "E205"),
        ("Upsample", [3, 7, 7], "E107"),
        ("Upsample: {size: 5, scale_factor: 2}", [3, 7, 7], "E109"),
        ("Upsample: {scale_factor: 2, align_corners: false}", [3, 7, 7], "E109"),
        ("Upsample: {scale_factor: 2, mode: bilinear}", [3, 7], "E205"),
        ("Upsample: {scale_factor: 2, mode: trilinear}", [3, 7, 7], "E205"),
        ("Upsample: {scale_factor: [2, 3, 4]}", [3, 7, 7], "E109"),
        ("Upsample: {scale_factor: 0.1}", [3, 7, 7], "E201"),
        ("Upsample: {size: 0}", [3, 7, 7], "E201"),
        ("Upsample: {scale_factor: 2}", [3], "E205"),
        ("PixelShuffle: 3", [8, 6, 6], "E212"),
        ("PixelShuffle: 0", [8, 6, 6], "E109"),
        ("PixelShuffle: 2", [8, 6], "E205"),
        ("PixelUnshuffle: 4", [8, 6, 6], "E212"),
        ("ZeroPad2d: [-4, -3, 0, 0]", [8, 6, 6], "E201"),
        ("ZeroPad2d: [1, 2]", [8, 6, 6], "E108"),
        # 1 − 3 < 0 before the 3 is added back: torch's narrow() refuses
        ("ZeroPad2d: [-3, 3, 0, 0]", [8, 6, 1], "E201"),
        ("LayerNorm: [5, 6]", [8, 6, 6], "E206"),
        ("LayerNorm: [1, 8, 6, 6]", [8, 6, 6], "E206"),
        ("GroupNorm: 3", [8, 6, 6], "E203"),
        ("GroupNorm: 0", [8, 6, 6], "E109"),
        ("GroupNorm: {num_groups: 2, num_channels: 6}", [8, 6, 6], "E206"),
        ("LocalResponseNorm: 2", [8], "E205"),
        ("LocalResponseNorm: 0", [8, 5, 5], "E109"),
    ],
)  # fmt: skip
def test_refusals(layer: str, shape: list[int], code: str) -> None:
    assert code in codes(one_layer(layer, shape))


def test_output_padding_message_names_stride_and_dilation() -> None:
    layer = "ConvTranspose2d: {out_channels: 6, kernel_size: 3, stride: 2, output_padding: 2}"
    r = one_layer(layer, [4, 7, 7])
    (d,) = r.diagnostics
    assert "output_padding 2 must be smaller than either the stride (2) or the dilation (1)" in (
        d.message
    )
    column = len("  - ") + layer.index("output_padding: 2") + len("output_padding: ") + 1
    assert d.span is not None and (d.span.line, d.span.column) == (3, column)


@pytest.mark.parametrize("value", [".nan", ".inf", "[2, -.inf]"])
def test_non_finite_scale_factor_is_refused(value: str) -> None:
    assert codes(one_layer(f"Upsample: {{scale_factor: {value}}}", [3, 7, 7])) == ["E109"]
