"""One test per resource limit: its located finding, its message and exit code 1.

Expected lines and columns are counted by hand from the spec text in each test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnshape.cli import app

SPEC = "input: [3, 8, 8]\nlayers:\n  - ReLU\n  - ReLU\n  - ReLU\n"


def run(tmp_path: Path, text: str | bytes, *flags: str) -> tuple[int, str]:
    """Check one spec file in-process with --quiet; (exit code, output with the path cut)."""
    path = tmp_path / "s.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    result = CliRunner().invoke(app, ["check", "--quiet", *flags, str(path)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.replace(str(path), "s.yaml")


def test_max_bytes(tmp_path: Path) -> None:
    code, out = run(tmp_path, "#" * 199 + "\n", "--max-bytes", "100")
    assert code == 1
    assert out == (
        "s.yaml:1:1: error E100 the file is 200 bytes, over the limit of 100; "
        "raise --max-bytes if it is real\n"
    )


def test_max_bytes_default_is_one_mebibyte(tmp_path: Path) -> None:
    code, out = run(tmp_path, SPEC + "#" * (1 << 20))  # 17 + 8 + 3·9 = 52 bytes of spec
    assert code == 1
    assert "E100 the file is 1,048,628 bytes, over the limit of 1,048,576" in out


def test_max_depth(tmp_path: Path) -> None:
    # input's list is level 2, its first item's list level 3, the next one level 4.
    code, out = run(tmp_path, "input: [[[[3]]]]\nlayers: []\n", "--max-depth", "3")
    assert code == 1
    assert out.startswith(
        "s.yaml:1:10: error E111 the spec is nested more than 3 levels deep; "
        "raise --max-depth if it is real\n"
    )


def test_max_nodes(tmp_path: Path) -> None:
    # Values in order: map, 'input', list, 3, 8, 8, 'layers', list, ReLU, ReLU, ReLU (11th).
    code, out = run(tmp_path, SPEC, "--max-nodes", "10")
    assert code == 1
    assert out == (
        "s.yaml:5:5: error E111 the spec expands to more than 10 YAML values (aliases are "
        "expanded where they are used); raise --max-nodes if it is real\n"
    )


def test_max_nodes_counts_alias_expansion(tmp_path: Path) -> None:
    """A billion-laughs document: 10 levels, each alias ten of the level below.

    Level k's anchor holds s_k = 1 + 10·s_(k−1) values (s_1 = 11). Before line 7 the
    document holds 1 + Σ_(k=1..6) (1 + s_k) = 1,235,473 values; line 7's key and list
    add 2, and its first '*f' adds s_6 = 1,111,111: 2,346,586 > 2,000,000 at 7:8.
    """
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    code, out = run(tmp_path, "\n".join(lines) + "\n")
    assert code == 1
    assert out.startswith("s.yaml:7:8: error E111 the spec expands to more than 2,000,000 YAML")


def test_max_layers_plain_list(tmp_path: Path) -> None:
    code, out = run(tmp_path, SPEC, "--max-layers", "2")
    assert code == 1
    assert out == (
        "s.yaml:5:5: error E111 the spec expands to more than 2 layers; "
        "raise --max-layers if it is real\n"
    )


def test_max_layers_counts_repeats_without_expanding(tmp_path: Path) -> None:
    # 100,000 × 100,000 layers: refused from the counts alone, at once. Counted: the inner
    # repeat is 1 group + 100,000 × (1 repetition + 1 ReLU) = 200,001; the outer one
    # 1 + 100,000 × (1 + 200,001) = 20,000,200,001.
    text = (
        "input: [3, 8, 8]\nlayers:\n  - repeat: 100000\n    layers:\n"
        "      - repeat: 100000\n        layers: [ReLU]\n"
    )
    code, out = run(tmp_path, text)
    assert code == 1
    assert out == (
        "s.yaml:3:5: error E111 the spec expands to 20,000,200,001 layers, groups and "
        "repetitions, more than 5,000; "
        "raise --max-layers if it is real\n"
    )


def test_max_repeat(tmp_path: Path) -> None:
    text = "input: [3, 8, 8]\nlayers:\n  - repeat: 5\n    layers: [ReLU]\n"
    code, out = run(tmp_path, text, "--max-repeat", "4")
    assert code == 1
    assert out == (
        "s.yaml:3:13: error E111 'repeat: 5' is over the limit of 4; "
        "raise --max-repeat if it is real\n"
    )
    assert run(tmp_path, text, "--max-repeat", "5") == (0, "")


@pytest.mark.parametrize("flag", ["--max-bytes", "--max-depth", "--max-nodes", "--max-layers"])
def test_limits_refuse_zero(tmp_path: Path, flag: str) -> None:
    code, _ = run(tmp_path, SPEC, flag, "0")
    assert code == 2


# --- E209: sizes no tensor can hold (PyTorch counts elements in an int64) ---------------


def test_input_too_large(tmp_path: Path) -> None:
    # 2^31 · 2^31 · 2 = 2^63 elements: one past the largest int64.
    code, out = run(tmp_path, "input: [2147483648, 2147483648, 2]\nlayers: [ReLU]\n")
    assert code == 1
    assert out == (
        "s.yaml:1:8: error E209 the tensor (N, 2147483648, 2147483648, 2) has about 9.22e+18 "
        "elements per sample, over PyTorch's limit of 2^63 (a 64-bit element count)\n"
    )


def test_conv_output_too_large(tmp_path: Path) -> None:
    # 2^40 channels · 2^12 · 2^12 positions = 2^64 elements.
    text = (
        "input: [1, 4096, 4096]\nlayers:\n"
        "  - Conv2d: {out_channels: 1099511627776, kernel_size: 1}\n"
    )
    code, out = run(tmp_path, text)
    assert code == 1
    assert out.startswith("s.yaml:3:5: error E209 the tensor (N, 1099511627776, 4096, 4096)")


def test_linear_weight_too_large(tmp_path: Path) -> None:
    # in 2^32 · out 2^32 = 2^64 weights (+ 2^32 biases); the output (2^32,) itself is fine.
    text = "input: [4294967296]\nlayers:\n  - Linear: 4294967296\n"
    code, out = run(tmp_path, text)
    assert code == 1
    assert out == (
        "s.yaml:3:5: error E209 Linear would have about 1.84e+19 parameters, over PyTorch's "
        "limit of 2^63 elements for its weight\n"
    )


def test_argument_beyond_int64(tmp_path: Path) -> None:
    text = (
        "input: [3, 8, 8]\nlayers:\n"
        "  - Conv2d: {out_channels: 9223372036854775808, kernel_size: 1}\n"
    )
    code, out = run(tmp_path, text)
    assert code == 1
    assert out == (
        "s.yaml:3:28: error E109 'out_channels' is a 19-digit integer, outside PyTorch's "
        "64-bit integers (|value| < 2^63)\n"
    )


def test_integer_too_long_to_read(tmp_path: Path) -> None:
    code, out = run(tmp_path, "input: [3, " + "9" * 5000 + ", 8]\nlayers: [ReLU]\n")
    assert code == 1
    assert out == "s.yaml:1:12: error E109 the integer has 5,000 digits: too large\n"


def test_huge_input_dimension(tmp_path: Path) -> None:
    code, out = run(tmp_path, "input: [3, " + "9" * 30 + ", 8]\nlayers: [ReLU]\n")
    assert code == 1
    assert out == (
        "s.yaml:1:12: error E110 every input dimension must be a positive integer below 2^63; "
        "this is a 30-digit integer\n"
    )


# --- deep nesting through the real program: a crash here would be a segfault ------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * 100_000, "s.yaml:1:"),
        ("{a: " * 100_000, "s.yaml:1:"),
        ("- " * 100_000, "s.yaml:1:201:"),  # the 101st '- ' starts at column 201
        ("".join(" " * i + "a:\n" for i in range(300)), "s.yaml:101:101:"),
        ("".join(" " * i + "-\n" for i in range(300)), "s.yaml:101:101:"),
        ("[a 'b,\n" + "[" * 900 + "]" * 900 + "]", "s.yaml:2:100:"),  # fooled the old pre-scan
    ],
    ids=["flow-seq", "flow-map", "block-seq-one-line", "block-map", "block-seq", "quote-in-flow"],
)
def test_deep_nesting_is_a_located_error(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "cnnshape", "check", "--quiet", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = proc.stdout.replace(str(path), "s.yaml")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    assert out.startswith(where)
    assert "E111 the spec is nested more than 100 levels deep" in out


def test_docs_list_every_limit() -> None:
    from dataclasses import fields

    from cnnshape.limits import Limits

    docs = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text()
    for f in fields(Limits):
        flag = "--" + f.name.replace("_", "-")
        assert f"`{flag} N`" in docs, flag
        assert f"{f.default:,}" in docs, (flag, f.default)


def test_endless_stream_is_refused_unread_and_a_sizeless_file_read_up_to_the_limit() -> None:
    """/dev/zero reports size 0 to stat(); it used to be read until memory ran out. It is not
    a regular file, so it is refused before it is opened; a /proc file (regular, size 0) is
    read in chunks and stops one byte past the limit."""
    result = CliRunner().invoke(app, ["check", "--quiet", "--max-bytes", "1000", "/dev/zero"])
    assert result.exit_code == 1
    assert result.output == (
        "/dev/zero:1:1: error E100 not a regular file: a character device; "
        "cnnshape reads only regular files\n"
    )
    status = "/proc/self/status"  # regular, st_size 0, about 1.5 kB of text
    result = CliRunner().invoke(app, ["check", "--quiet", "--max-bytes", "100", status])
    assert result.output == (
        f"{status}:1:1: error E100 the file is longer than the limit of 100 bytes; "
        "raise --max-bytes if it is real\n"
    )


def test_max_depth_above_what_python_can_walk_is_still_a_finding() -> None:
    """450 nested repeats are 902 YAML levels: within libyaml's 1,000, beyond Python's stack."""
    from cnnshape.check import Options, check_text
    from cnnshape.limits import Limits

    text = "input: [3]\nlayers: " + "[{repeat: 1, layers: " * 450 + "[ReLU]" + "}]" * 450 + "\n"
    report = check_text(text, "s.yaml", Options(limits=Limits(max_depth=5000)))
    assert [d.code for d in report.diagnostics] == ["E111"]
    d = report.diagnostics[0]
    assert d.span is not None and (d.span.line, d.span.column) == (1, 1)
    assert d.message.startswith("the spec is nested too deeply to check (--max-depth 5000")
