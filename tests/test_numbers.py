"""Hostile numbers (NaN, infinities, 400-digit integers, 1e308) are values like any other:
accepted where PyTorch 2.13 accepts them, a located E109 where it refuses them, never a
traceback. What PyTorch does was found by running it (the last test runs it again)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cnnshape.check import Options, check_text
from cnnshape.cli import app
from cnnshape.layers import BY_NAME

BIG = "9" * 400
# (layer with its other arguments, argument, YAML value, accepted by PyTorch 2.13)
CASES = [
    ("LeakyReLU", "negative_slope", ".nan", True),
    ("LeakyReLU", "negative_slope", "-.inf", True),
    ("LeakyReLU", "negative_slope", "3.0e+38", True),
    ("LeakyReLU", "negative_slope", "3.5e+38", False),  # beyond float32
    ("LeakyReLU", "negative_slope", str(2**63), True),  # a uint64 Scalar
    ("LeakyReLU", "negative_slope", str(2**64), False),  # no 64-bit Scalar holds it
    ("ELU", "alpha", ".inf", True),
    ("ELU", "alpha", "1.0e+308", False),
    ("Dropout", "p", ".nan", False),
    ("Dropout", "p", "-0.0", True),
    ("Dropout2d", "p", BIG, False),
    ("BatchNorm2d", "eps", ".nan", True),
    ("BatchNorm2d", "eps", ".inf", True),
    ("BatchNorm2d", "eps", "0", False),  # eps must be positive during training
    ("BatchNorm2d", "eps", "-0.0", False),
    ("BatchNorm2d", "eps", BIG, False),  # too large for a double
    ("BatchNorm2d", "momentum", "-.inf", True),
    ("GroupNorm: {num_groups: 1, ", "eps", "-1.0", True),
    ("LayerNorm: {normalized_shape: 4, ", "eps", ".nan", True),
    ("LocalResponseNorm: {size: 2, ", "alpha", "1.0e+308", True),
    ("LocalResponseNorm: {size: 2, ", "k", str(2**64), False),
    ("Upsample", "scale_factor", "1.0e+308", False),  # output size past int64
    ("Upsample", "scale_factor", ".nan", False),
    ("Upsample", "scale_factor", BIG, False),
    ("Upsample", "scale_factor", "2", True),
]


def spec(layer: str, arg: str, value: str) -> str:
    head = layer if layer.endswith(", ") else f"{layer}: {{"
    return f"input: [3, 4, 4]\nlayers:\n  - {head}{arg}: {value}}}\n"


def torch_accepts(layer: str, arg: str, value: str) -> bool:
    import torch
    import yaml

    name = layer.split(":")[0]
    extra = yaml.safe_load("{" + layer.split("{", 1)[1] + "}") if "{" in layer else {}
    number = yaml.safe_load(value)
    kwargs = {**extra, arg: number}
    if name in ("BatchNorm2d", "GroupNorm"):
        kwargs["num_features" if name == "BatchNorm2d" else "num_channels"] = 3
    try:
        out = getattr(torch.nn, name)(**kwargs)(torch.randn(2, 3, 4, 4))
        return bool(out.numel() >= 0)
    except (ValueError, RuntimeError, OverflowError, TypeError):
        return False


@pytest.mark.parametrize(("layer", "arg", "value", "accepted"), CASES)
def test_numbers_as_pytorch_takes_them(layer: str, arg: str, value: str, accepted: bool) -> None:
    report = check_text(spec(layer, arg, value), "s.yaml", Options())
    errors = [d for d in report.diagnostics if d.is_error]
    if accepted:
        assert not errors, errors
    else:
        assert [(d.code, d.span and d.span.line) for d in errors] in (
            [("E109", 3)],
            [("E209", 3)],
        ), errors
        assert len(errors[0].message) < 300


@pytest.mark.parametrize(("layer", "arg", "value", "accepted"), CASES)
def test_pytorch_agrees(layer: str, arg: str, value: str, accepted: bool) -> None:
    pytest.importorskip("torch")
    assert torch_accepts(layer, arg, value) == accepted


HOSTILE = st.sampled_from(
    [
        ".nan",
        ".inf",
        "-.inf",
        "-0.0",
        "0",
        "-1",
        "1.0e+308",
        BIG,
        "-" + BIG,
        str(2**63),
        "true",
        "false",
        "'1e3'",
        "'nan'",
        "0x10",
        "1_000",
        "[.nan, .inf]",
        "[1, " + BIG + "]",
        "null",
        "[]",
        "{}",
    ]
)
ARGS = [(name, a.name) for name, rule in BY_NAME.items() for a in rule.args]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ARGS), HOSTILE)
def test_every_argument_of_every_rule_takes_hostile_numbers(
    arg: tuple[str, str], value: str
) -> None:
    layer, name = arg
    text = f"input: [4, 4, 4]\nlayers:\n  - {layer}: {{{name}: {value}}}\n"
    report = check_text(text, "s.yaml", Options())  # must not raise
    for d in report.diagnostics:
        assert d.span is not None and d.span.line >= 1
        assert len(d.message) <= 2001


NUMBER_TEXT = st.sampled_from(
    ["nan", "inf", "-1", "0", BIG, "1e308", "9223372036854775808", "3x" + BIG + "x8", "x", ""]
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["--input", "--batch", "--max-layers", "--max-work", "--max-bytes"]),
    NUMBER_TEXT,
)
def test_cli_number_options_never_raise(option: str, value: str) -> None:
    args = ["check", "--quiet", "specs/cifar10.yaml", option, value]
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2)


@settings(max_examples=30, deadline=None)
@given(NUMBER_TEXT, NUMBER_TEXT)
def test_sizes_range_never_raises(lo: str, hi: str) -> None:
    result = CliRunner().invoke(app, ["sizes", "specs/cifar10.yaml", "--range", f"{lo}:{hi}"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2)


def test_huge_numbers_in_messages_do_not_raise() -> None:
    from cnnshape.numbers import about, as_float, show

    assert about(10**400) == "a 401-digit number"
    assert about(2**63) == "9.22e+18"
    assert as_float(10**400) is None
    assert show(10**400) == "a 401-digit integer"
    assert show(math.inf) == "inf"
