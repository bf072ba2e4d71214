"""Receptive fields by the recurrences of Araujo, Norris & Sim (Distill, 2019), worked by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from helpers import run

from cnnshape.check import Options, check_file
from cnnshape.report import RF, FileReport

ROOT = Path(__file__).resolve().parent.parent


def rfs(report: FileReport) -> list[object]:
    assert report.ok
    return [r.rf for r in report.rows]


def square(size: int, jump: int, start: Fraction | int) -> tuple[RF, RF]:
    return (RF(size, jump, Fraction(start)),) * 2


def test_three_3x3_convs_see_7x7() -> None:
    r = run(
        """
        input: [3, 32, 32]
        layers:
          - repeat: 3
            layers: [{Conv2d: {out_channels: 8, kernel_size: 3, padding: 1}}, ReLU]
        """
    )
    assert r.rows[-1].rf == square(7, 1, 0)
    assert [row.rf for row in r.rows[::2]] == [square(3, 1, 0), square(5, 1, 0), square(7, 1, 0)]


def test_stride_then_conv() -> None:
    # conv k3 s2 p1: size 3, jump 2, centre 0 + (1 − 1)·1 = 0;
    # conv k3 p0:   size 3 + 2·2 = 7, jump 2, centre 0 + (1 − 0)·2 = 2;
    # maxpool k2:   size 7 + 1·2 = 9, jump 4, centre 2 + (1/2)·2 = 3.
    r = run(
        """
        input: [1, 16, 16]
        layers:
          - Conv2d: {out_channels: 2, kernel_size: 3, stride: 2, padding: 1}
          - Conv2d: {out_channels: 2, kernel_size: 3}
          - MaxPool2d: 2
        """
    )
    assert rfs(r) == [square(3, 2, 0), square(7, 2, 2), square(9, 4, 3)]


def test_dilation_and_asymmetric_kernels() -> None:
    # H: k3 d2 p2 → span 5: size 5, centre 0 + (2 − 2) = 0; then k3 d4 → span 9: size 13, 4.
    # W: k1 → size 1; then k3 d4 p0 → span 9: size 9, centre 0 + 4 = 4.
    r = run(
        """
        input: [1, 32, 32]
        layers:
          - Conv2d: {out_channels: 1, kernel_size: [3, 1], dilation: [2, 1], padding: [2, 0]}
          - Conv2d: {out_channels: 1, kernel_size: 3, dilation: 4}
        """
    )
    assert r.rows[0].rf == (RF(5, 1, Fraction(0)), RF(1, 1, Fraction(0)))
    assert r.rows[1].rf == (RF(13, 1, Fraction(4)), RF(9, 1, Fraction(4)))


def test_same_padding_centres_on_the_left_pad() -> None:
    # padding 'same' with k4: 3 in total, 1 left, 2 right: centre 0 + (3/2 − 1) = 1/2
    r = run(
        "input: [1, 8]\nlayers:\n  - Conv1d: {out_channels: 1, kernel_size: 4, padding: same}\n"
    )
    assert r.rows[0].rf == (RF(4, 1, Fraction(1, 2)),)


def test_alexnet_and_vgg16_match_published_values() -> None:
    # Araujo et al., Table 1: AlexNet 195 (jump 32), VGG-16 212 (jump 32) at the last pool.
    # AlexNet centre: conv1 k11 p2 → (5 − 2)·1 = 3; pool k3 → 3 + 1·4 = 7; conv2 k5 p2 → 7;
    # pool → 7 + 1·8 = 15; conv3-5 k3 p1 → 15; pool → 15 + 1·16 = 31.
    # VGG-16: convs k3 p1 add 0; each 2×2 pool adds jump/2: 1/2 + 1 + 2 + 4 + 8 = 31/2.
    alex = check_file(ROOT / "specs" / "alexnet.yaml", Options())
    last_pool = [r for r in alex.rows if r.type == "MaxPool2d"][-1]
    assert last_pool.rf == square(195, 32, 31)
    vgg = check_file(ROOT / "specs" / "vgg16.yaml", Options())
    pool5 = [r for r in vgg.rows if r.type == "MaxPool2d"][-1]
    assert pool5.rf == square(212, 32, Fraction(31, 2))


def test_adaptive_flatten_linear() -> None:
    r = run(
        """
        input: [1, 12, 10]
        layers:
          - AdaptiveAvgPool2d: [4, 3]
          - AdaptiveAvgPool2d: [1, 3]
          - Flatten
          - Linear: 2
        """
    )
    # 12 → 4 divides (window 3, stride 3); 10 → 3 does not: undefined
    assert r.rows[0].rf == (RF(3, 3, Fraction(1)), "undefined")
    assert r.rows[1].rf == (RF(12, 12, Fraction(11, 2)), "undefined")
    assert r.rows[2].rf == ("global", "global")
    assert r.rows[3].rf == ("global", "global")


def test_branches_take_the_largest_field_and_flag_misalignment() -> None:
    from cnnshape.analysis import receptive

    def branches(second: str) -> FileReport:
        # rows 0 and 1 both read the input (row 1's inputs are set by hand, as a branching
        # graph would), and row 2 takes both: 3×3 p1 (centre 0) with the second branch.
        r = run(
            f"""
            input: [1, 16, 16]
            layers:
              - Conv2d: {{out_channels: 1, kernel_size: 3, padding: 1}}
              - Conv2d: {{out_channels: 1, {second}}}
              - ReLU
            """
        )
        r.rows[1].inputs, r.rows[2].inputs = (-1,), (0, 1)
        receptive.fill(r)
        return r

    aligned = branches("kernel_size: 5, padding: 2")  # 5×5 centred on 0 as well
    assert aligned.rows[2].rf == square(5, 1, 0) and not aligned.rows[2].rf_misaligned
    shifted = branches("kernel_size: 2")  # 2×2 without padding: centre 1/2
    assert shifted.rows[2].rf == square(3, 1, 0) and shifted.rows[2].rf_misaligned
    strided = branches("kernel_size: 1, stride: 2")  # jump 2 against jump 1
    assert strided.rows[2].rf_misaligned
