"""MACs per layer and in total, against hand-worked counts and torchvision's published GMACs.

torchvision's model docs list "GFLOPS" that are in fact multiply-accumulates of the
convolutions and Linear layers: AlexNet 0.71, VGG-16 15.47 (ResNet-18 1.81 and
ResNet-50 4.09 are pinned once their specs exist).
"""

from __future__ import annotations

from pathlib import Path

from helpers import run

from cnnshape.check import Options, check_file

ROOT = Path(__file__).resolve().parent.parent


def total(spec: Path) -> int:
    report = check_file(spec, Options())
    assert report.ok and report.totals.macs is not None
    return report.totals.macs


def test_alexnet_by_hand_and_published() -> None:
    # output H·W · C_out · C_in · k·k for each convolution; in · out for each Linear
    convs = [
        55 * 55 * 64 * 3 * 11 * 11,
        27 * 27 * 192 * 64 * 5 * 5,
        13 * 13 * 384 * 192 * 3 * 3,
        13 * 13 * 256 * 384 * 3 * 3,
        13 * 13 * 256 * 256 * 3 * 3,
    ]
    fcs = [256 * 6 * 6 * 4096, 4096 * 4096, 4096 * 1000]
    report = check_file(ROOT / "specs" / "alexnet.yaml", Options())
    per_layer = [r.macs for r in report.rows if r.type in ("Conv2d", "Linear")]
    assert per_layer == convs + fcs
    assert sum(r.macs or 0 for r in report.rows) == sum(convs + fcs) == 714_188_480
    assert round(total(ROOT / "specs" / "alexnet.yaml") / 1e9, 2) == 0.71


def test_vgg16_published() -> None:
    stages = [(224, 3, 64), (224, 64, 64), (112, 64, 128), (112, 128, 128)]
    stages += [(56, 128, 256)] + [(56, 256, 256)] * 2
    stages += [(28, 256, 512)] + [(28, 512, 512)] * 2 + [(14, 512, 512)] * 3
    convs = sum(hw * hw * c_out * c_in * 9 for hw, c_in, c_out in stages)
    fcs = 25088 * 4096 + 4096 * 4096 + 4096 * 1000
    assert total(ROOT / "specs" / "vgg16.yaml") == convs + fcs == 15_470_264_320
    assert round((convs + fcs) / 1e9, 2) == 15.47


def test_grouped_strided_conv_and_linear_rows() -> None:
    r = run(
        """
        input: [8, 10, 10]
        layers:
          - Conv2d: {out_channels: 4, kernel_size: 3, stride: 2, groups: 2, bias: false}
          - BatchNorm2d
          - ReLU
          - MaxPool2d: 2
          - Linear: {out_features: 5, ignore: W302}
        """
    )
    conv, bn, relu, pool, fc = (row.macs for row in r.rows)
    assert conv == (4 * 4 * 4) * (8 // 2) * 9  # out 4×4×4, in/groups 4, 3·3
    assert (bn, relu, pool) == (0, 0, 0)
    assert fc == (4 * 2) * 2 * 5  # rows C·H = 8, in 2, out 5
    assert r.totals.macs == conv + fc


def test_total_unknown_past_an_error() -> None:
    r = run("input: [3, 4, 4]\nlayers:\n  - Conv2d: {out_channels: 2, kernel_size: 5}\n")
    assert not r.ok
    assert r.totals.macs is None


def test_more_published_totals() -> None:
    # torchvision's model docs: VGG-11 7.61, VGG-16_BN 15.47 (BatchNorm adds no MACs)
    assert round(total(ROOT / "specs" / "vgg11.yaml") / 1e9, 2) == 7.61
    assert total(ROOT / "specs" / "vgg16_bn.yaml") == total(ROOT / "specs" / "vgg16.yaml")
