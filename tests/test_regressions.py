"""Inputs that crashed cnnshape (a traceback instead of a finding) while the hardening was built.

Each now gives one located finding; lines and columns are counted by hand.
"""

from __future__ import annotations

import io

import pytest

from cnnshape.check import Options, check_text
from cnnshape.render import RenderOptions, get

BIG = "1" + "0" * 3000  # a 3,001-digit integer: readable, but no PyTorch size

CRASHES = [
    # (id, spec text, the crash it used to be, expected (code, line, column) findings)
    (
        "quote-in-flow-hid-depth",  # the text pre-scan took "'b," for a quote: RecursionError
        "[a 'b,\n" + "[" * 900 + "]" * 900 + "]",
        [("E111", 2, 100)],
    ),
    ("int-tag-not-a-number", "input: !!int abc\nlayers: [ReLU]\n", [("E108", 1, 8)]),  # ValueError
    ("int-tag-empty", "!!int\n", [("E108", 1, 1)]),  # IndexError (found by the fuzzer)
    ("int-tag-empty-token", "!!int ", [("E108", 1, 1)]),  # IndexError (found by the fuzzer)
    (
        "bool-tag-not-a-bool",  # KeyError
        "input: [3]\nlayers:\n  - ReLU: {inplace: !!bool maybe}\n",
        [("E108", 3, 21)],
    ),
    (
        "float-tag-not-a-number",  # ValueError
        "input: [3]\nlayers:\n  - LeakyReLU: {negative_slope: !!float x}\n",
        [("E108", 3, 33)],
    ),
    (
        "integer-of-5000-digits",  # ValueError: Python reads at most 4,300 digits
        "input: [" + "9" * 5000 + "]\nlayers: [ReLU]\n",
        [("E109", 1, 9)],
    ),
    (
        "huge-dilation",  # OverflowError: the E201 message turned the arithmetic into a float
        "input: [1, 8]\nlayers:\n  - MaxPool1d: {kernel_size: 3, dilation: " + BIG + "}\n",
        [("E109", 3, 43)],
    ),
    (
        "huge-linear-parameters",  # ValueError: the table printed a 6,000-digit parameter count
        "input: [3]\nlayers:\n  - Linear: " + BIG + "\n  - Linear: " + BIG + "\n",
        [("E109", 3, 13), ("E109", 4, 13)],
    ),
    (
        "lone-surrogate",  # UnicodeEncodeError inside libyaml (Python callers only)
        "input: [3]\nname: \ud800\nlayers: [ReLU]\n",
        [("E100", 1, 1)],
    ),
]

WRONG = [
    # Not crashes, but wrong: silently accepted outputs no tensor can hold.
    (
        "adaptive-pool-beyond-int64",
        "input: [3, 8, 8]\nlayers:\n  - AdaptiveAvgPool2d: [" + BIG + ", " + BIG + "]\n",
        [("E109", 3, 25)],
    ),
    (
        "adaptive-pool-beyond-2^63-elements",  # 3 · 2^40 · 2^40 = 3·2^80 elements
        "input: [3, 8, 8]\nlayers:\n  - AdaptiveAvgPool2d: [1099511627776, 1099511627776]\n",
        [("E209", 3, 5)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CRASHES + WRONG],
                         ids=[c[0] for c in CRASHES + WRONG])  # fmt: skip
def test_former_crash_is_a_located_finding(text: str, expected: list[tuple[str, int, int]]) -> None:
    report = check_text(text, "s.yaml", Options())
    got = [(d.code, d.span.line, d.span.column) for d in report.diagnostics if d.span]
    assert got == expected
    for fmt in ("table", "json", "concise"):
        get(fmt)([report], io.StringIO(), RenderOptions())


def test_concise_finding_stays_on_one_line() -> None:
    """Found by the CLI fuzz batch: a key quoted with its line break split a finding in two."""
    report = check_text('input: [3]\nlayers: [ReLU]\n"a\\nb": 1\n', "s.yaml", Options())
    out = io.StringIO()
    get("concise")([report], out, RenderOptions())
    assert out.getvalue() == (
        "s.yaml:3:1: error E104 unknown top-level key 'a\\nb'; a spec has name, input, params, "
        "variants, blocks, layers, outputs\n"
    )


def test_repeat_of_an_empty_list_renders_in_every_format() -> None:
    """An empty repeated body once sent the table outline's fold into an endless loop."""
    import io

    from cnnshape.check import Options, check_text
    from cnnshape.render import FORMATS, RenderOptions, get

    report = check_text(
        "input: [4]\nlayers:\n  - repeat: 3\n    layers: []\n  - ReLU\n", "s.yaml", Options()
    )
    assert report.ok and report.output_shape == (4,)
    for fmt in FORMATS:
        out = io.StringIO()
        get(fmt)([report], out, RenderOptions(color="never"))
        if fmt in ("table", "markdown", "json"):  # the others print findings only
            assert "ReLU" in out.getvalue()


def test_every_name_is_checked_alike() -> None:
    """Top-level and repeat names once slipped through unchecked (a list was ignored,
    `true` became the label 'True'); all names now go through one parser."""
    from cnnshape.check import Options, check_text

    bad = [
        "name: true\ninput: [3]\nlayers: [ReLU]\n",
        "input: [3]\nlayers:\n  - repeat: 2\n    name: [a]\n    layers: [ReLU]\n",
        "input: [3]\nlayers:\n  - repeat: 2\n    name: null\n    layers: [ReLU]\n",
        "input: [3]\nlayers:\n  - ReLU: {name: {a: 1}}\n",
    ]
    for text in bad:
        report = check_text(text, "s.yaml", Options())
        assert [d.code for d in report.diagnostics] == ["E108"], text
    ok = check_text(
        "input: [3]\nlayers:\n  - repeat: 2\n    name: stage\n    layers: [ReLU]\n",
        "s.yaml",
        Options(),
    )
    assert ok.ok and ok.rows[0].path.startswith("stage")


def test_w302_is_silent_when_in_features_is_written() -> None:
    """ConvNeXt's MLP runs Linear on (N, H, W, C) on purpose; in_features written says so."""
    from cnnshape.check import Options, check_text

    base = "input: [8, 4, 4]\nlayers:\n  - Permute: [0, 2, 3, 1]\n  - Linear: {%s}\n"
    spec = "input: [4, 4, 8]\nlayers:\n  - Linear: {%s}\n"
    written = check_text(spec % "in_features: 8, out_features: 2", "x.yaml", Options())
    inferred = check_text(spec % "out_features: 2", "x.yaml", Options())
    assert [d.code for d in written.diagnostics] == []
    assert [d.code for d in inferred.diagnostics] == ["W302"]
    assert base  # Permute is torchvision.ops'; the plain spec above needs no other layer
