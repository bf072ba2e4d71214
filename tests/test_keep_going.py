"""One run shows every mistake: the check goes on past an argument error wherever the
layer's output shape is still known (expected shapes worked out by hand below)."""

from __future__ import annotations

import subprocess
import sys

from helpers import codes, run

THREE = """\
input: [3, 32, 32]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1}
  - ReLU: {colour: red}
  - Conv2d: {in_channels: 3, out_channels: 16, kernel_size: 3}
  - BatchNorm2d
  - MaxPool2d: {kernel_size: 2, stride: fast}
  - Flatten
  - Linear: {out_features: 10}
"""


def test_three_independent_mistakes_in_one_run() -> None:
    r = run(THREE)
    found = [(d.code, d.span.line if d.span else 0) for d in r.diagnostics]
    # ReLU's unknown argument, Conv2d's in_channels (8 arrive, not 3), MaxPool2d's stride
    assert found == [("E106", 4), ("E206", 5), ("E108", 7)]
    shapes = [row.output_shape for row in r.rows]
    # padding 1 keeps 32; the 3×3 convolution makes 32 − 3 + 1 = 30
    assert shapes[:4] == [(8, 32, 32), (8, 32, 32), (16, 30, 30), (16, 30, 30)]
    assert shapes[4:] == [None, None, None]  # the stride decides the pooled size
    assert r.rows[2].params == 16 * 8 * 3 * 3 + 16  # continued with the inferred in_channels


def test_the_command_exits_1_and_prints_all_three(tmp_path: object) -> None:
    from pathlib import Path

    spec = Path(str(tmp_path)) / "three.yaml"
    spec.write_text(THREE)
    p = subprocess.run(
        [sys.executable, "-m", "cnnshape", "check", "-q", str(spec)],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 1, p.stderr
    for where in (":4:12: error E106", ":5:27: error E206", ":7:41: error E108"):
        assert where in p.stdout, p.stdout


def test_a_misspelt_shape_argument_stops_the_shapes() -> None:
    """'strides' is taken for 'stride': its value decides the shape, so the row is unknown."""
    r = run("""
        input: [3, 32, 32]
        layers:
          - Conv2d: {out_channels: 8, kernel_size: 3, strides: 2}
          - ReLU
        """)
    assert codes(r) == ["E106"]
    assert "did you mean 'stride'" in r.diagnostics[0].message
    assert [row.output_shape for row in r.rows] == [None, None]


def test_an_unrelated_unknown_argument_is_left_out() -> None:
    r = run("""
        input: [3, 32, 32]
        layers:
          - Conv2d: {out_channels: 8, kernel_size: 3, colour: red}
        """)
    assert codes(r) == ["E106"]
    assert r.rows[0].output_shape == (8, 30, 30)  # 32 − 3 + 1
    assert r.rows[0].params == 8 * 3 * 3 * 3 + 8


def test_a_bad_value_that_does_not_decide_the_shape() -> None:
    """bias: maybe — the shape is the same either way, the parameter count is not."""
    r = run("""
        input: [3, 32, 32]
        layers:
          - Conv2d: {out_channels: 8, kernel_size: 3, bias: maybe}
          - BatchNorm2d: {momentum: fast}
          - Conv2d: {out_channels: 4, kernel_size: 1, in_channels: 3}
        """)
    assert codes(r) == ["E108", "E108", "E206"]
    assert [row.output_shape for row in r.rows] == [(8, 30, 30), (8, 30, 30), (4, 30, 30)]
    assert r.rows[0].params is None
    assert r.rows[1].params == 16  # momentum changes no count: weight and bias of 8
    assert r.rows[2].params == 8 * 4 + 4  # inferred in_channels = 8, not the written 3
    assert r.output_shape == (4, 30, 30)
    assert "known counts only" in r.partial


def test_a_bad_kernel_size_stops_as_before() -> None:
    r = run("""
        input: [3, 32, 32]
        layers:
          - Conv2d: {out_channels: 8, kernel_size: abc}
          - Flatten
          - Linear: {in_features: 5, out_features: 2}
        """)
    assert codes(r) == ["E108"]
    assert [row.output_shape for row in r.rows] == [None, None, None]


def test_a_refusal_whatever_the_unknown_value_is_reported() -> None:
    """Conv2d after Flatten is refused (rank) for every bias: both findings appear."""
    r = run("""
        input: [3, 8, 8]
        layers:
          - Flatten
          - Conv2d: {out_channels: 4, kernel_size: 1, bias: maybe}
        """)
    assert sorted(codes(r)) == ["E108", "E205"]


def test_two_wrong_in_features_both_reported() -> None:
    r = run("""
        input: [3, 4, 4]
        layers:
          - Flatten
          - Linear: {in_features: 47, out_features: 20}
          - Linear: {in_features: 21, out_features: 5}
        """)
    assert codes(r) == ["E206", "E206"]
    assert "in_features=48" in r.diagnostics[0].message  # 3·4·4
    assert "in_features=20" in r.diagnostics[1].message
    assert r.output_shape == (5,)
