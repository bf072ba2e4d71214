"""The issue-12 forms end to end: parameters and variants, expressions, when, split, mul,
side paths and several inputs and outputs. Expected figures are worked out by hand."""

from __future__ import annotations

from cnnshape.check import Options, check_text
from cnnshape.report import FileReport
from cnnshape.spec.params import Choice


def check(text: str, choice: Choice | None = None) -> FileReport:
    return check_text(text, "t.yaml", Options(choice=choice or Choice()))


FAMILY = """\
params: {width: 1.0, deep: false}
variants:
  wide: {width: 2.0, input: [3, 16, 16]}
input: [3, 8, 8]
layers:
  - Conv2d: {out_channels: $int(8 * width), kernel_size: 3, padding: 1}
  - Conv2d: {out_channels: $int(8 * width), kernel_size: 3, padding: 1, when: $deep}
"""


def test_parameters_variants_and_set() -> None:
    base = check(FAMILY)
    assert base.output_shape == (8, 8, 8) and base.totals.params == 8 * 27 + 8  # 224
    wide = check(FAMILY, Choice("wide"))
    assert wide.name == "wide" and wide.output_shape == (16, 16, 16)
    deep = check(FAMILY, Choice(None, (("deep", "true"),)))
    assert len(deep.rows) == 2 and deep.totals.params == 224 + 8 * 72 + 8  # 808


def test_unknown_variant_and_parameter_are_located() -> None:
    r = check(FAMILY, Choice("huge", (("depth", "1"),)))
    assert [d.code for d in r.diagnostics] == ["E112"]
    assert r.diagnostics[0].span.line == 3  # the variants mapping
    assert r.output_shape == (8, 8, 8)  # still checked, with the defaults


def test_expression_error_shows_the_arithmetic() -> None:
    r = check(
        "params: {c: 4}\ninput: [3, 8, 8]\nlayers:\n"
        "  - Conv2d: {out_channels: $c // (c - 4), kernel_size: 1}\n"
    )
    (d,) = r.diagnostics
    assert d.code == "E114" and "4 // (4 - 4) divides by zero" in d.message
    assert (d.span.line, d.span.column) == (4, 31)  # the '/' … at '//' in '$c // (c - 4)'


def test_residual_when_false_is_the_body_alone() -> None:
    spec = """\
input: [4, 8, 8]
blocks:
  b:
    params: {out: null}
    layers:
      - residual:
          when: $out == 4
          body: [Conv2d: {out_channels: $out, kernel_size: 1}]
layers: [b: {out: 4}, b: {out: 6}]
"""
    r = check(spec)
    assert r.diagnostics == [] and r.output_shape == (6, 8, 8)
    assert [g.merge for g in r.groups if g.kind == "residual"] == ["add"]  # only the first


def test_split_and_mul() -> None:
    spec = """\
input: [6, 4, 4]
layers:
  - parallel: {split: [2, 4], branches: [[], [Conv2d: {out_channels: 3, kernel_size: 1}]]}
  - parallel: {merge: mul, branches: [[], [AdaptiveAvgPool2d: 1, Sigmoid]]}
"""
    r = check(spec)
    assert r.diagnostics == [] and r.output_shape == (5, 4, 4)  # 2 + 3 channels
    assert r.totals.params == 4 * 3 + 3  # the 1×1 conv on the 4-channel piece


def test_mul_refuses_what_torch_cannot_broadcast() -> None:
    spec = (
        "input: [6, 4, 4]\nlayers:\n  - parallel: {merge: mul, branches: [[], "
        "[AdaptiveAvgPool2d: 1, Conv2d: {out_channels: 3, kernel_size: 1}]]}\n"
    )
    (d,) = check(spec).diagnostics
    assert d.code == "E210" and "channels is 6 vs 3" in d.message


def test_side_paths_and_several_outputs() -> None:
    spec = """\
input: {left: [3, 8, 8], right: [3, 8, 8]}
layers:
  - Conv2d: {out_channels: 4, kernel_size: 1, name: a}
  - side: {from: right, name: b, layers: [Conv2d: {out_channels: 4, kernel_size: 1}]}
  - Concat: {from: b}
  - side: {from: a, name: aux, layers: [Flatten, Linear: 5]}
  - Flatten
  - Linear: {out_features: 10, name: fc}
outputs: [fc, aux]
"""
    r = check(spec)
    assert r.diagnostics == []
    assert r.outputs == [("fc", (10,)), ("aux", (5,))]
    assert r.inputs == [("left", (3, 8, 8)), ("right", (3, 8, 8))]
    # 2 × (3·4 + 4) convs, aux Linear 256·5 + 5, fc Linear 512·10 + 10
    assert r.totals.params == 32 + 1285 + 5130


def test_repeat_zero_and_index() -> None:
    spec = """\
input: [2, 4, 4]
layers:
  - repeat: 0
    layers: [Conv2d: {out_channels: 9, kernel_size: 1}]
  - repeat: 3
    index: i
    layers: [Conv2d: {out_channels: $2 + i, kernel_size: 1}]
"""
    r = check(spec)
    assert r.output_shape == (4, 4, 4)
    assert [row.output_shape[0] for row in r.rows if row.output_shape] == [2, 3, 4]
