"""`cnnshape convert --fc-to-conv`: parameters kept, grids of class scores, the text kept."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cnnshape.check import Options, check_text
from cnnshape.convert import ConvertError, fc_to_conv

ROOT = Path(__file__).resolve().parent.parent


def convert(text: str) -> str:
    return fc_to_conv(textwrap.dedent(text), "spec.yaml", Options()).text


def test_fc_on_7x7x512_equals_a_7x7_conv_of_4096_filters() -> None:
    text = "input: [512, 7, 7]\nlayers:\n  - Flatten\n  - Linear: 4096\n"
    done = fc_to_conv(text, "fc", Options())
    new, before, after = done.text, done.before, done.after
    params = 7 * 7 * 512 * 4096 + 4096  # weights + biases, by hand
    assert params == 102_764_544
    assert before.totals.params == after.totals.params == params
    assert new == "input: [512, 7, 7]\nlayers:\n  - Conv2d: {out_channels: 4096, kernel_size: 7}\n"
    assert after.output_shape == (4096, 1, 1)


def test_vgg16_without_adaptive_pooling_gives_6x6_scores_at_384() -> None:
    text = (ROOT / "specs" / "vgg16_noadaptive.yaml").read_text(encoding="utf-8")
    done = fc_to_conv(text, "vgg", Options())
    new, before, after = done.text, done.before, done.after
    assert before.totals.params == after.totals.params == 138_357_544
    big = check_text(new, "vgg", Options(input_shape=(3, 384, 384)))
    # 384 / 2^5 = 12 after the five pools; 7×7 conv: 12 − 7 + 1 = 6
    assert big.ok and big.output_shape == (1000, 6, 6)
    # the original refuses 384: its first Linear needs 25,088 = 512·7·7 inputs
    assert not check_text(text, "vgg", Options(input_shape=(3, 384, 384))).ok


def test_the_rest_of_the_file_is_kept_as_written() -> None:
    text = (ROOT / "specs" / "vgg16_noadaptive.yaml").read_text(encoding="utf-8")
    new = fc_to_conv(text, "vgg", Options()).text
    old_lines, new_lines = text.splitlines(), new.splitlines()
    assert new_lines[:23] == old_lines[:23]  # comments, input, every convolution and pool
    assert old_lines[23] == "  - Flatten" and len(new_lines) == len(old_lines) - 1
    assert new_lines[23].startswith("  - Conv2d: {in_channels: 512, out_channels: 4096, ")
    assert new_lines[-1] == "  - Conv2d: {out_channels: 1000, kernel_size: 1, name: classifier}"


def test_block_style_names_and_no_bias() -> None:
    new = convert(
        """
        input: [4, 3, 2]
        layers:
          - Flatten
          - Linear:
              out_features: 5
              bias: false
              name: head   # kept
              trainable: false
          - ReLU
          - Linear: {in_features: 5, out_features: 2}
        """
    )
    assert "  - Conv2d: {out_channels: 5, kernel_size: [3, 2], bias: false, name: head, " in new
    assert "trainable: false}   # kept\n" in new  # a comment inside the item moves to its end
    assert "  - Conv2d: {in_channels: 5, out_channels: 2, kernel_size: 1}\n" in new
    after = check_text(new, "s", Options())
    assert after.totals.params == 4 * 3 * 2 * 5 + 5 * 2 + 2
    assert after.totals.trainable_params == 5 * 2 + 2


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("input: [4]\nlayers:\n  - Linear: 2\n", "no Flatten"),
        (
            "input: [2, 3, 3]\nlayers:\n  - Flatten\n  - Linear: 2\n  - Softmax: {dim: -1}\n",
            "dim=-1",
        ),
        ("input: [2, 3, 3]\nlayers: [Flatten, {Linear: 2}]\n", "block list"),
        (
            "input: [2, 3, 3]\nlayers:\n  - repeat: 1\n    layers: [Flatten, {Linear: 2}]\n",
            "repeat",
        ),
        ("input: [2, 3, 3]\nlayers:\n  - Conv2d: {out_channels: 1, kernel_size: 4}\n", "E201"),
    ],
)
def test_refusals(text: str, why: str) -> None:
    with pytest.raises(ConvertError, match=why):
        fc_to_conv(text, "s", Options())


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "conv.yaml"
    spec = str(ROOT / "specs" / "cifar10.yaml")
    cmd = [sys.executable, "-m", "cnnshape", "convert"]
    p = subprocess.run([*cmd, spec, "--fc-to-conv", "-o", str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "2 layer(s) now convolutions; 268,650 parameters both ways" in p.stderr
    assert "Conv2d: {out_channels: 128, kernel_size: 8}" in out.read_text(encoding="utf-8")
    assert subprocess.run([*cmd, spec], capture_output=True).returncode == 2
    bad = str(ROOT / "specs" / "bad" / "E201_output_too_small.yaml")
    p = subprocess.run([*cmd, bad, "--fc-to-conv"], capture_output=True, text=True)
    assert p.returncode == 1 and "cannot convert" in p.stderr
    # where `check` puts the same finding (tests/test_bad_specs.py: the kernel_size at 7:20)
    assert p.stderr.startswith(f"{bad}:7:20: cannot convert: the spec has errors, first E201")
