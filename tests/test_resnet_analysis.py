"""MACs, receptive field and input sizes of the ResNet specs (torchvision's layout)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from cnnshape.check import Options, check_file
from cnnshape.commands.sizes.sweep import EXACT, sweep
from cnnshape.limits import Limits
from cnnshape.report import RF
from cnnshape.spec.build import from_text

SPECS = Path(__file__).resolve().parent.parent / "specs"


def conv(hw: int, c_out: int, c_in: int, k: int) -> int:
    return hw * hw * c_out * c_in * k * k


def test_resnet18_macs_by_hand_and_published() -> None:
    def stage(hw: int, c: int) -> int:
        """Stages 2-4: a 3×3 stride-2 conv, three 3×3 convs, the 1×1 projection."""
        return conv(hw, c, c // 2, 3) + 3 * conv(hw, c, c, 3) + conv(hw, c, c // 2, 1)

    total = conv(112, 64, 3, 7) + 4 * conv(56, 64, 64, 3)
    total += stage(28, 128) + stage(14, 256) + stage(7, 512) + 512 * 1000
    report = check_file(SPECS / "resnet18.yaml", Options())
    assert report.totals.macs == total == 1_814_073_344
    assert round(total / 1e9, 2) == 1.81  # torchvision docs: 1.81 GFLOPS (MACs)


def test_resnet50_published() -> None:
    macs = check_file(SPECS / "resnet50.yaml", Options()).totals.macs
    assert macs is not None and round(macs / 1e9, 2) == 4.09  # torchvision docs: 4.09


def test_resnet18_receptive_field_by_hand() -> None:
    # stem 7×7 s2: 7 (jump 2); maxpool 3 s2: 11 (jump 4); layer1, four 3×3: 11 + 4·8 = 43;
    # layer2: 43 + 2·4 (s2, jump 8) + 3·16 = 99; layer3: 99 + 16 + 3·32 = 211 (jump 16);
    # layer4: 211 + 32 + 3·64 = 435 (jump 32). Centres: every window is centred (p = (k−1)/2).
    report = check_file(SPECS / "resnet18.yaml", Options())
    last_grid = [r for r in report.rows if r.type == "ReLU"][-1]
    assert last_grid.rf == (RF(435, 32, Fraction(0)),) * 2
    assert not any(r.rf_misaligned for r in report.rows)
    merged = [r for r in report.rows if r.inputs is not None and len(r.inputs) > 1]
    assert len(merged) == 8  # one ReLU after each of the 8 residual adds


def test_resnet50_takes_every_size_and_downsamples_32x() -> None:
    text = (SPECS / "resnet50.yaml").read_text(encoding="utf-8")
    parsed = from_text(text, Limits())
    s = sweep(parsed, "r50", (3, 224, 224), (0, 1), 220, 230)
    # torchvision's ResNet-50 runs on a 1×1 input (every window is padded), so nothing limits
    # it; its 3×3 and 7×7 windows are padded by (k−1)/2 and so reach the last row at any size,
    # and the 1×1 stride-2 projections that skip it say ignore: W301.
    assert s.smallest == 1 and s.limit is None
    assert s.stride == 32 and s.stride_layer is not None and "Conv2d" in s.stride_layer
    assert all(o.status == EXACT for o in s.outcomes)
