"""Activation memory (the CS231n notes' VGG-16 table), parameter memory per dtype, training."""

from __future__ import annotations

from pathlib import Path

from cnnshape.check import Options, check_file

ROOT = Path(__file__).resolve().parent.parent
CS231N = Path(__file__).resolve().parent / "data" / "vgg16_cs231n.yaml"

# The CS231n notes, "Case studies", VGGNet: one row per layer, [H x W x C] = values.
# Worked out here by hand from the dimensions the notes print (with their rounded figure).
ROWS = [
    ("INPUT", 224 * 224 * 3, "150K"),
    ("CONV3-64", 224 * 224 * 64, "3.2M"),
    ("CONV3-64", 224 * 224 * 64, "3.2M"),
    ("POOL2", 112 * 112 * 64, "800K"),
    ("CONV3-128", 112 * 112 * 128, "1.6M"),
    ("CONV3-128", 112 * 112 * 128, "1.6M"),
    ("POOL2", 56 * 56 * 128, "400K"),
    ("CONV3-256", 56 * 56 * 256, "800K"),
    ("CONV3-256", 56 * 56 * 256, "800K"),
    ("CONV3-256", 56 * 56 * 256, "800K"),
    ("POOL2", 28 * 28 * 256, "200K"),
    ("CONV3-512", 28 * 28 * 512, "400K"),
    ("CONV3-512", 28 * 28 * 512, "400K"),
    ("CONV3-512", 28 * 28 * 512, "400K"),
    ("POOL2", 14 * 14 * 512, "100K"),
    ("CONV3-512", 14 * 14 * 512, "100K"),
    ("CONV3-512", 14 * 14 * 512, "100K"),
    ("CONV3-512", 14 * 14 * 512, "100K"),
    ("POOL2", 7 * 7 * 512, "25K"),
    ("FC", 4096, "4096"),
    ("FC", 4096, "4096"),
    ("FC", 1000, "1000"),
]


def _rounded(n: int, text: str) -> bool:
    """Does n agree with the notes' rounded figure ('3.2M', '25K', '4096')?"""
    scale = {"K": 1e3, "M": 1e6}.get(text[-1], 1.0)
    value = float(text.rstrip("KM")) * scale
    return abs(n - value) / value < 0.05


def _table_rows(spec: Path) -> list[int]:
    report = check_file(spec, Options())
    assert report.ok and report.input_shape is not None
    kept = [r.activations for r in report.rows if r.type in ("Conv2d", "MaxPool2d", "Linear")]
    return [224 * 224 * 3, *(n for n in kept if n is not None)]


def test_rows_match_the_notes() -> None:
    assert all(_rounded(n, text) for _, n, text in ROWS)
    expected = [n for _, n, _ in ROWS]
    assert _table_rows(CS231N) == expected
    assert _table_rows(ROOT / "specs" / "vgg16.yaml")[:19] == expected[:19]


def test_rows_add_to_15_2m_not_the_notes_24m() -> None:
    report = check_file(CS231N, Options())
    assert report.memory is not None
    assert report.memory.activation_values == sum(n for _, n, _ in ROWS) == 15_237_608
    # the notes' "TOTAL memory: 24M * 4 bytes ~= 93MB / image" does not follow from its rows
    assert round(report.memory.activation_values * 4 / 2**20, 1) == 58.1


def test_inplace_and_views_allocate_nothing() -> None:
    report = check_file(CS231N, Options())
    relu = next(r for r in report.rows if r.type == "ReLU")
    flatten = next(r for r in report.rows if r.type == "Flatten")
    assert relu.in_place and relu.activation_bytes == 0
    assert flatten.in_place and flatten.activation_bytes == 0
    vgg = check_file(ROOT / "specs" / "vgg16.yaml", Options())
    assert not next(r for r in vgg.rows if r.type == "ReLU").in_place


def test_param_memory_per_dtype() -> None:
    params = 138_357_544
    for dtype, size in (("float32", 4), ("float16", 2), ("bfloat16", 2), ("int8", 1)):
        m = check_file(ROOT / "specs" / "vgg16.yaml", Options(dtype=dtype)).memory
        assert m is not None and m.param_bytes == params * size


def test_training_estimate() -> None:
    # cifar10: input 3·32·32; outputs 16·32·32 ×2 (conv, relu), 16·16·16, 32·16·16 ×2,
    # 32·8·8, Flatten is a view, then 128, 128, 10; 268,650 trainable params.
    acts = 3 * 32 * 32 + 2 * 16 * 32 * 32 + 16 * 16 * 16 + 2 * 32 * 16 * 16 + 32 * 8 * 8
    acts += 128 + 128 + 10
    m = check_file(ROOT / "specs" / "cifar10.yaml", Options(batch=64, dtype="float16")).memory
    assert m is not None and m.activation_values == acts
    assert m.training_bytes == (64 * acts + 4 * 268_650) * 2
