"""Every spec in specs/ pinned: totals and final shape from published or hand-worked figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnshape.check import Options, check_file

SPECS = Path(__file__).resolve().parent.parent / "specs"

# path: (output shape, params, buffers, source of the figure)
PINNED: dict[str, tuple[tuple[int, ...], int, int]] = {
    # 448 + 4,640 + 2048·128+128 + 128·10+10 (hand-worked)
    "cifar10.yaml": ((10,), 268_650, 0),
    # LeNet-5: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 (hand-worked; widely published)
    "lenet5.yaml": ((10,), 61_706, 0),
    # torchvision VGG-16 docs: 138,357,544 parameters
    "vgg16.yaml": ((1000,), 138_357_544, 0),
    # torchvision's model docs (models/alexnet, models/vgg): AlexNet 61,100,840 parameters;
    # VGG-11 132,863,336; VGG-16_BN 138,365,992 with 8,461 buffer elements
    # (2·(2·64 + 2·128 + 3·256 + 6·512) running mean/var + 13 num_batches_tracked).
    "alexnet.yaml": ((1000,), 61_100_840, 0),
    "vgg11.yaml": ((1000,), 132_863_336, 0),
    "vgg16_bn.yaml": ((1000,), 138_365_992, 8_461),
    # the same network without AdaptiveAvgPool2d (which has no parameters)
    "vgg16_noadaptive.yaml": ((1000,), 138_357_544, 0),
    # cs231n notes: 96 filters of 11·11·3 weights + 96 biases = 34,944
    "alexnet_conv1.yaml": ((96, 55, 55), 34_944, 0),
    # 3072·10 + 10
    "templates/fc.yaml": ((10,), 30_730, 0),
    # 448 + 16·32·32·10 + 10
    "templates/conv_relu_fc.yaml": ((10,), 164_298, 0),
    "templates/conv_relu_pool_x2.yaml": ((10,), 268_650, 0),
    # 896 + 5·9,248 + 512·256+256 + 256·256+256 + 256·10+10
    "templates/conv_conv_pool_x3.yaml": ((10,), 246_826, 0),
    # Graphs. Parameters: torchvision's model docs (resnet18 11,689,512; resnet50
    # 25,557,032; mobilenet_v2 3,504,872). Buffers: 2C+1 per BatchNorm, e.g. ResNet-18
    # has 20 BatchNorms over 4,800 channels: 2·4,800 + 20 = 9,620. All of them, and the
    # U-Net's and Inception's, agree with the torch.nn models in tests/oracle_graphs/.
    "resnet18.yaml": ((1000,), 11_689_512, 9_620),
    "resnet50.yaml": ((1000,), 25_557_032, 53_173),
    "mobilenet_v2.yaml": ((1000,), 3_504_872, 34_164),
    # padded convs and 2×2 up-convs: the output keeps the input's size
    "unet.yaml": ((1, 64, 64), 1_942_289, 2_962),
    # 3a: 12,416 + 18,624 + 110,848 + 3,104 + 4,672 + 6,208 = 155,872 (conv k·k·in·out,
    # BN 2·out); 3b: 33,024 + 33,024 + 221,568 + 8,256 + 27,840 + 16,512 = 340,224;
    # fc 480·10 + 10 = 4,810
    "inception.yaml": ((10,), 500_906, 2_028),
}


def good_specs() -> list[Path]:
    # specs/zoo is pinned against torchvision's published figures in tests/test_zoo.py
    return sorted(p for p in SPECS.rglob("*.yaml") if "bad" not in p.parts and "zoo" not in p.parts)


def test_every_good_spec_is_pinned() -> None:
    names = {str(p.relative_to(SPECS)) for p in good_specs()}
    missing = names - set(PINNED)
    assert not missing, f"specs without pinned totals: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned(name: str) -> None:
    shape, params, buffers = PINNED[name]
    r = check_file(SPECS / name, Options())
    assert r.ok, r.diagnostics
    assert r.output_shape == shape
    assert (r.totals.params, r.totals.buffers) == (params, buffers)


def test_cifar_in_features_and_shape_before_flatten() -> None:
    r = check_file(SPECS / "cifar10.yaml", Options())
    flatten = next(i for i, row in enumerate(r.rows) if row.type == "Flatten")
    assert r.rows[flatten - 1].output_shape == (32, 8, 8)
    first = r.first_linear
    assert first is not None
    assert first.args["in_features"] == 2048 and first.note == "2048 = 32·8·8"


def test_alexnet_conv1_at_224_warns_with_arithmetic() -> None:
    r = check_file(SPECS / "alexnet_conv1.yaml", Options(input_shape=(3, 224, 224)))
    assert r.output_shape == (96, 54, 54)
    assert [d.code for d in r.diagnostics] == ["W301"]
    msg = r.diagnostics[0].message
    assert "(224 + 2·0 − 11)/4 + 1 = 54.25" in msg and "223 or 227" in msg


def test_resnet_stem_is_clean() -> None:
    from helpers import run

    r = run(
        """
        input: [3, 224, 224]
        layers:
          - Conv2d: {out_channels: 64, kernel_size: 7, stride: 2, padding: 3}
          - MaxPool2d: {kernel_size: 3, stride: 2, padding: 1}
        """
    )
    assert r.diagnostics == [] and r.output_shape == (64, 56, 56)
