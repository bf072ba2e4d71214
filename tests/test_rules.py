"""One case per layer rule: output shape, parameters and buffers worked out by hand.

Each expected value is computed in the comment beside it from PyTorch's formulas:
conv  out = floor((in + 2p − d·(k−1) − 1)/s) + 1, params = out_c·(in_c/groups)·∏k + out_c;
pool  the same with stride = kernel by default, and ceil_mode's "last window must start
inside the input (or left padding)" correction (aten/src/ATen/native/Pool.h).
"""

from __future__ import annotations

import pytest
from helpers import codes, one_layer

CASES = [
    # layer, input, output shape, params, buffers
    ("Conv2d: {out_channels: 16, kernel_size: 3, padding: 1}", [3, 32, 32], [16, 32, 32], 448, 0),
    # ResNet stem: (224+6−7)/2+1 = 112 (floor of 112.5); 64·3·49 = 9408
    (
        "Conv2d: {out_channels: 64, kernel_size: 7, stride: 2, padding: 3, bias: false}",
        [3, 224, 224],
        [64, 112, 112],
        9408,
        0,
    ),
    # H: (17+2−3)/2+1 = 9; W: (10+4−5)/1+1 = 10; 8·4·15+8 = 488
    (
        "Conv2d: {out_channels: 8, kernel_size: [3, 5], stride: [2, 1], padding: [1, 2]}",
        [4, 17, 10],
        [8, 9, 10],
        488,
        0,
    ),
    # dilation 2: span 5, (10−5)/1+1 = 6; 4·2·9+4 = 76
    ("Conv2d: {out_channels: 4, kernel_size: 3, dilation: 2}", [2, 10, 10], [4, 6, 6], 76, 0),
    # depthwise: 32·1·9+32 = 320
    (
        "Conv2d: {out_channels: 32, kernel_size: 3, groups: 32, padding: 1}",
        [32, 14, 14],
        [32, 14, 14],
        320,
        0,
    ),
    # 'same' with an even kernel pads 1 left, 2 right: out = in; 2·1·16+2 = 34
    ("Conv2d: {out_channels: 2, kernel_size: 4, padding: same}", [1, 9, 9], [2, 9, 9], 34, 0),
    ("Conv2d: {out_channels: 2, kernel_size: 3, padding: valid}", [1, 9, 9], [2, 7, 7], 20, 0),
    # (100−5)/2+1 = 48 (floor of 48.5); 8·3·5+8 = 128
    ("Conv1d: {out_channels: 8, kernel_size: 5, stride: 2}", [3, 100], [8, 48], 128, 0),
    # (7+2−3)/2+1 = 4, (9+2−3)/2+1 = 5, (11+2−3)/2+1 = 6; 4·2·27+4 = 220
    (
        "Conv3d: {out_channels: 4, kernel_size: 3, padding: 1, stride: 2}",
        [2, 7, 9, 11],
        [4, 4, 5, 6],
        220,
        0,
    ),
    ("MaxPool2d: 2", [16, 32, 32], [16, 16, 16], 0, 0),
    ("MaxPool2d: {kernel_size: 3, stride: 2, padding: 1}", [64, 112, 112], [64, 56, 56], 0, 0),
    # floor((56−3)/2)+1 = 27; ceil gives 28, and window 27 starts at 54 < 56: kept
    ("MaxPool2d: {kernel_size: 3, stride: 2}", [8, 56, 56], [8, 27, 27], 0, 0),
    ("MaxPool2d: {kernel_size: 3, stride: 2, ceil_mode: true}", [8, 56, 56], [8, 28, 28], 0, 0),
    # ceil((6+2−3)/2)+1 = 4; last window starts at 6 < 6+1: kept (floor would give 3)
    (
        "MaxPool2d: {kernel_size: 3, stride: 2, padding: 1, ceil_mode: true}",
        [1, 6, 6],
        [1, 4, 4],
        0,
        0,
    ),
    # ceil((5+2−2)/2)+1 = 4, but window 3 would start at 6 ≥ 5+1: dropped → 3
    (
        "MaxPool2d: {kernel_size: 2, stride: 2, padding: 1, ceil_mode: true}",
        [1, 5, 5],
        [1, 3, 3],
        0,
        0,
    ),
    (
        "AvgPool2d: {kernel_size: 3, stride: 2, padding: 1, ceil_mode: true}",
        [1, 6, 6],
        [1, 4, 4],
        0,
        0,
    ),
    # (10−3)/3+1 = 3
    ("MaxPool1d: 3", [4, 10], [4, 3], 0, 0),
    ("AvgPool1d: {kernel_size: 4, stride: 2}", [4, 10], [4, 4], 0, 0),
    ("MaxPool3d: {kernel_size: [1, 2, 2]}", [2, 4, 8, 8], [2, 4, 4, 4], 0, 0),
    ("AvgPool3d: 2", [2, 4, 8, 9], [2, 2, 4, 4], 0, 0),
    # dilation 2 → span 5, stride defaults to kernel 3: (10−5)/3+1 = 2
    ("MaxPool2d: {kernel_size: 3, dilation: 2}", [1, 10, 10], [1, 2, 2], 0, 0),
    ("AdaptiveAvgPool2d: 7", [512, 14, 14], [512, 7, 7], 0, 0),
    ("AdaptiveAvgPool2d: [null, 3]", [8, 5, 6], [8, 5, 3], 0, 0),
    ("AdaptiveMaxPool2d: [2, 3]", [8, 5, 6], [8, 2, 3], 0, 0),
    ("AdaptiveMaxPool1d: 4", [3, 10], [3, 4], 0, 0),
    ("AdaptiveAvgPool3d: 1", [2, 3, 4, 5], [2, 1, 1, 1], 0, 0),
    ("Flatten", [32, 8, 8], [2048], 0, 0),
    ("Flatten: {start_dim: 2}", [4, 5, 6], [4, 30], 0, 0),
    ("Flatten: {start_dim: 1, end_dim: 2}", [4, 5, 6], [20, 6], 0, 0),
    ("Flatten: {start_dim: -2}", [4, 5, 6], [4, 30], 0, 0),
    # 2048·10+10 = 20490
    ("Linear: 10", [2048], [10], 20490, 0),
    ("Linear: {out_features: 5, bias: false}", [7, 3], [7, 5], 15, 0),
    # 2C weights and biases; running mean, var (C each) + num_batches_tracked
    ("BatchNorm2d", [64, 56, 56], [64, 56, 56], 128, 129),
    ("BatchNorm2d: {affine: false}", [64, 8, 8], [64, 8, 8], 0, 129),
    ("BatchNorm2d: {track_running_stats: false}", [64, 8, 8], [64, 8, 8], 128, 0),
    ("BatchNorm1d", [100], [100], 200, 201),
    ("BatchNorm1d", [100, 7], [100, 7], 200, 201),
    ("BatchNorm3d", [6, 2, 3, 4], [6, 2, 3, 4], 12, 13),
    ("Dropout: 0.2", [10], [10], 0, 0),
    ("Dropout2d", [3, 4, 5], [3, 4, 5], 0, 0),
    ("Dropout3d", [3, 4, 5, 6], [3, 4, 5, 6], 0, 0),
    ("Identity", [3, 4], [3, 4], 0, 0),
    ("LeakyReLU: 0.2", [3, 4], [3, 4], 0, 0),
    ("GELU: {approximate: tanh}", [3, 4], [3, 4], 0, 0),
    ("Softmax: {dim: 1}", [10], [10], 0, 0),
    ("LogSoftmax: -1", [10], [10], 0, 0),
]
ELEMENTWISE = ["ReLU", "ReLU6", "ELU", "SiLU", "Mish", "Hardswish", "Sigmoid", "Tanh", "relu"]


@pytest.mark.parametrize(("layer", "shape", "out", "params", "buffers"), CASES)
def test_rule(layer: str, shape: list[int], out: list[int], params: int, buffers: int) -> None:
    r = one_layer(layer, shape)
    assert [d for d in r.diagnostics if d.is_error] == []
    row = r.rows[0]
    assert row.output_shape == tuple(out)
    assert (row.params, row.buffers) == (params, buffers)
    assert r.output_shape == tuple(out)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_keeps_shape(name: str) -> None:
    r = one_layer(name, [3, 5, 7])
    assert r.output_shape == (3, 5, 7) and r.totals.params == 0 and r.ok


@pytest.mark.parametrize(
    ("layer", "shape", "code"),
    [
        ("Conv2d: {out_channels: 4, kernel_size: 3}", [3, 32], "E205"),
        ("Conv1d: {out_channels: 4, kernel_size: 3}", [3, 8, 8], "E205"),
        ("BatchNorm2d", [100], "E205"),
        ("BatchNorm1d", [3, 4, 5], "E205"),
        ("MaxPool2d: 2", [100], "E205"),
        ("Dropout1d", [3, 4, 5], "E205"),
        ("Conv2d: {out_channels: 4, kernel_size: 5}", [3, 4, 4], "E201"),
        ("MaxPool2d: 5", [3, 4, 4], "E201"),
        ("Conv2d: {out_channels: 3, kernel_size: 3, groups: 2}", [4, 8, 8], "E203"),
        ("Conv2d: {out_channels: 4, kernel_size: 3, groups: 4}", [2, 8, 8], "E203"),
        ("Conv2d: {out_channels: 4, kernel_size: 3, stride: 2, padding: same}", [2, 8, 8], "E204"),
        ("AvgPool2d: {kernel_size: 2, padding: 2}", [2, 8, 8], "E202"),
        ("Conv2d: {in_channels: 4, out_channels: 4, kernel_size: 3}", [3, 8, 8], "E206"),
        ("BatchNorm2d: {num_features: 4}", [3, 8, 8], "E206"),
        ("Flatten: {start_dim: 3, end_dim: 1}", [3, 8, 8], "E207"),
        ("Softmax: {dim: 2}", [10], "E207"),
        (
            "Conv2d: {out_channels: 4, kernel_size: 3, padding: 3, padding_mode: reflect}",
            [3, 3, 3],
            "E208",
        ),
        ("Dropout: 1.5", [10], "E109"),
        ("Conv2d: {out_channels: 4, kernel_size: 0}", [3, 8, 8], "E109"),
    ],
)
def test_refusals(layer: str, shape: list[int], code: str) -> None:
    r = one_layer(layer, shape)
    assert code in codes(r), r.diagnostics
    assert not r.ok


def test_trainable_false_moves_params_to_non_trainable() -> None:
    r = one_layer("Conv2d: {out_channels: 16, kernel_size: 3, trainable: false}", [3, 8, 8])
    assert r.totals.params == 448 and r.totals.trainable_params == 0
    assert r.totals.non_trainable_params == 448


def test_pool_padding_half_kernel_is_allowed() -> None:
    # PyTorch allows pad == kernel // 2 (4 // 2 = 2): (10+4−4)/4+1 = 3
    r = one_layer("MaxPool2d: {kernel_size: 4, padding: 2}", [3, 10, 10])
    assert r.ok and r.output_shape == (3, 3, 3)


def test_strided_1x1_projection_is_not_never_read() -> None:
    # k1 s2 on 56: (56 − 1)/2 + 1 = 28.5 → 28; the window skips every other row by design,
    # so the last one is not singled out (ResNet's downsampling shortcut).
    r = one_layer("Conv2d: {out_channels: 8, kernel_size: 1, stride: 2}", [4, 56, 56])
    assert r.output_shape == (8, 28, 28) and r.diagnostics == []
    # k3 s2 on 56 does lose its last row: (56 − 3)/2 + 1 = 27.5
    r = one_layer("Conv2d: {out_channels: 8, kernel_size: 3, stride: 2}", [4, 56, 56])
    assert [d.code for d in r.diagnostics] == ["W301"]


def test_an_excluded_torch_layer_says_why() -> None:
    from cnnshape.check import Options, check_text

    r = check_text("input: [3, 8]\nlayers:\n  - LSTM: {hidden_size: 4}\n", "x.yaml", Options())
    (d,) = [d for d in r.diagnostics if d.code == "E105"]
    assert d.message == (
        "'LSTM' is a torch.nn layer cnnshape does not cover: recurrent layers are out of scope "
        "(cnnshape is for convolutional networks)"
    )
    r = check_text("input: [3, 8]\nlayers:\n  - crossentropyloss\n", "x.yaml", Options())
    assert "does not cover: losses" in r.diagnostics[0].message


def test_did_you_mean_suggests_only_covered_layers() -> None:
    from cnnshape.check import Options, check_text

    # 'Sequentia' is near the excluded 'Sequential' only; no covered name is close
    r = check_text("input: [3, 8]\nlayers:\n  - Sequentia\n", "x.yaml", Options())
    assert "did you mean" not in r.diagnostics[0].message
    r = check_text("input: [3, 8, 8]\nlayers:\n  - ReflectionPad2: 1\n", "x.yaml", Options())
    assert "(did you mean 'ReflectionPad2d'?)" in r.diagnostics[0].message
