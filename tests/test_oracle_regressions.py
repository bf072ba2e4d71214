"""Cases where the PyTorch oracle (tests/oracle/) caught a cnnshape rule out, kept as regressions.

Each expectation is what PyTorch 2.13.0 did on CPU with a batch-2 tensor (output shape without
the batch, parameters, buffers) or that it raised; tests/oracle/test_regressions_torch.py
re-runs every case through PyTorch to prove these figures. No torch needed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from helpers import run


@dataclass(frozen=True)
class Case:
    """One spec (flow-style YAML) and PyTorch's verdict: a result, or the code cnnshape gives."""

    id: str
    spec: str
    shape: tuple[int, ...] | None = None
    params: int = 0
    buffers: int = 0
    code: str | None = None  # set when PyTorch refuses: the error cnnshape must report


CASES = [
    # BatchNorm without weight and running stats never compares num_features with the input.
    Case(
        "bn-no-affine-no-stats-any-num-features",
        "{input: [3, 4, 4], layers: [{BatchNorm2d: {affine: false, "
        "track_running_stats: false, num_features: 7}}]}",
        shape=(3, 4, 4),
    ),
    Case(
        "bn-wrong-num-features-refused",
        "{input: [3, 4, 4], layers: [{BatchNorm2d: {affine: false, num_features: 7}}]}",
        code="E206",
    ),
    # On an empty input batch_norm returns at once: the written num_features is what counts.
    Case(
        "bn-empty-input-written-num-features",
        "{input: [2, 13, 10], layers: [{Linear: {out_features: 0}}, "
        "{BatchNorm2d: {num_features: 3}}]}",
        shape=(2, 13, 0),
        params=6,
        buffers=7,
    ),
    # ... but an affine BatchNorm over 0 channels fails (an empty weight).
    Case(
        "bn-affine-zero-channels-refused",
        "{input: [5, 26], layers: [{Linear: {out_features: 0, bias: false}}, "
        "{Flatten: {start_dim: -2}}, {BatchNorm1d: {}}]}",
        code="E201",
    ),
    Case(
        "bn-zero-channels-no-affine",
        "{input: [5, 26], layers: [{Linear: {out_features: 0, bias: false}}, "
        "{Flatten: {start_dim: -2}}, {BatchNorm1d: {affine: false}}]}",
        shape=(0,),
        buffers=1,
    ),
    # AvgPool divisor_override: PyTorch refuses only 0; a negative divisor runs.
    Case(
        "avgpool-negative-divisor",
        "{input: [3, 8, 8], layers: [{AvgPool2d: {kernel_size: 2, divisor_override: -1}}]}",
        shape=(3, 4, 4),
    ),
    Case(
        "avgpool-zero-divisor-refused",
        "{input: [3, 8, 8], layers: [{AvgPool2d: {kernel_size: 2, divisor_override: 0}}]}",
        code="E109",
    ),
    # AdaptiveAvgPool2d/3d to all ones is a mean over the last dims: any rank, empty sizes ok.
    Case(
        "adaptive-avg-ones-on-rank-5",
        "{input: [1, 8, 9, 5], layers: [{AdaptiveAvgPool2d: {output_size: [1, 1]}}]}",
        shape=(1, 8, 1, 1),
    ),
    Case(
        "adaptive-avg-not-ones-on-rank-5-refused",
        "{input: [1, 8, 9, 5], layers: [{AdaptiveAvgPool2d: {output_size: [null, 1]}}]}",
        code="E205",
    ),
    Case(
        "adaptive-avg-ones-on-empty-width",
        "{input: [3, 5, 4], layers: [{Linear: {out_features: 0}}, "
        "{AdaptiveAvgPool2d: {output_size: 1}}]}",
        shape=(3, 1, 1),
    ),
    Case(
        "adaptive-avg-two-on-empty-width-refused",
        "{input: [3, 5, 4], layers: [{Linear: {out_features: 0}}, "
        "{AdaptiveAvgPool2d: {output_size: 2}}]}",
        code="E201",
    ),
    # Negative convolution padding crops, except with padding_mode 'zeros'.
    Case(
        "conv-negative-padding-reflect",
        "{input: [3, 8], layers: [{Conv1d: {out_channels: 4, kernel_size: 3, padding: -1, "
        "padding_mode: reflect}}]}",
        shape=(4, 4),
        params=40,
    ),
    Case(
        "conv-negative-padding-circular-2d",
        "{input: [3, 8, 8], layers: [{Conv2d: {out_channels: 4, kernel_size: 3, "
        "padding: [-1, 0], padding_mode: circular}}]}",
        shape=(4, 4, 6),
        params=112,
    ),
    Case(
        "conv-negative-padding-zeros-refused",
        "{input: [3, 8], layers: [{Conv1d: {out_channels: 4, kernel_size: 3, padding: -1}}]}",
        code="E109",
    ),
    # A convolution refuses an input with an empty spatial dimension, padding or not.
    Case(
        "conv-empty-width-refused",
        "{input: [6, 14, 8], layers: [{AdaptiveMaxPool2d: {output_size: [null, 0]}}, "
        "{Conv2d: {out_channels: 5, kernel_size: 2, stride: 3, padding: 2}}]}",
        code="E201",
    ),
    # AvgPool3d checks the unpadded input against the kernel.
    Case(
        "avgpool3d-input-smaller-than-kernel-refused",
        "{input: [5, 7, 1, 2], layers: [{AvgPool3d: {kernel_size: 4, padding: 2, "
        "ceil_mode: true}}]}",
        code="E201",
    ),
    Case(
        "avgpool3d-input-equal-to-kernel",
        "{input: [1, 4, 4, 4], layers: [{AvgPool3d: {kernel_size: 4, padding: 2}}]}",
        shape=(1, 2, 2, 2),
    ),
    # return_indices=True returns a (values, indices) pair: in an nn.Sequential only the last
    # layer (or an Identity after it) may do that; any other next layer gets a tuple.
    Case(
        "maxpool-return-indices-last",
        "{input: [3, 9, 9], layers: [{MaxPool2d: {kernel_size: 2, return_indices: true}}]}",
        shape=(3, 4, 4),
    ),
    Case(
        "maxpool-return-indices-then-relu-refused",
        "{input: [3, 9, 9], layers: [{MaxPool2d: {kernel_size: 2, return_indices: true}}, "
        "{ReLU: {}}]}",
        code="E205",
    ),
    Case(
        "adaptive-max-return-indices-through-identity",
        "{input: [3, 9], layers: [{AdaptiveMaxPool1d: {output_size: 4, return_indices: true}}, "
        "{Identity: {}}]}",
        shape=(3, 4),
    ),
    Case(
        "adaptive-max-return-indices-identity-then-flatten-refused",
        "{input: [3, 9], layers: [{AdaptiveMaxPool1d: {output_size: 4, return_indices: true}}, "
        "{Identity: {}}, {Flatten: {}}]}",
        code="E205",
    ),
    Case(
        "avgpool2d-input-smaller-than-kernel-padded",
        "{input: [1, 1, 2], layers: [{AvgPool2d: {kernel_size: 2, padding: 1}}]}",
        shape=(1, 1, 2),
    ),
    # Issue 13, part 2 (tests/oracle/test_layers2_oracle.py):
    # torchvision's MLP keeps its BatchNorm1d's running statistics: 2·5 + 1 buffers.
    Case(
        "mlp-batchnorm1d-buffers",
        "{input: [1], layers: [{MLP: {hidden_channels: [5, 6], norm_layer: BatchNorm1d}}]}",
        shape=(6,),
        params=56,
        buffers=11,
    ),
    Case(
        "groupnorm-zero-channels",
        "{input: [4], layers: [{Linear: {out_features: 0}}, "
        "{GroupNorm: {num_groups: 3, num_channels: 0}}]}",
        shape=(0,),
    ),
    # A lazy norm takes 0 channels unless it has to initialise an (empty) affine weight.
    Case(
        "lazy-batchnorm-zero-channels-no-affine",
        "{input: [2], layers: [{Linear: {out_features: 0}}, {LazyBatchNorm1d: {affine: false}}]}",
        shape=(0,),
        buffers=1,
    ),
    Case(
        "lazy-batchnorm-zero-channels-affine-refused",
        "{input: [2], layers: [{Linear: {out_features: 0}}, {LazyBatchNorm1d: {}}]}",
        code="E201",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_regression(case: Case) -> None:
    r = run(case.spec)
    if case.code is not None:
        assert case.code in [d.code for d in r.diagnostics if d.is_error], r.diagnostics
        return
    assert r.ok, r.diagnostics
    assert r.output_shape == case.shape
    assert (r.totals.params, r.totals.buffers) == (case.params, case.buffers)
