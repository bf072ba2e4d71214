"""Every specs/bad/ file: its code, at the line and column worked out by reading the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnnshape.check import Options, check_file
from cnnshape.commands.config import read
from cnnshape.report import FileReport

BAD = Path(__file__).resolve().parent.parent / "specs" / "bad"

# file: (code, line, column) of the first finding with that code
EXPECTED = {
    "E100_not_utf8.yaml": ("E100", 2, 11),  # the byte after 'name: "caf'
    "E101_yaml_syntax.yaml": ("E101", 1, 8),  # the "[" never closed
    "E102_duplicate_key.yaml": ("E102", 3, 60),  # the second kernel_size
    "E103_python_tag.yaml": ("E103", 3, 13),  # the tagged value
    "E104_layers_not_a_list.yaml": ("E104", 3, 3),  # the mapping under layers
    "E105_unknown_layer.yaml": ("E105", 4, 5),  # 'MaxPool' (Conv2D is the lower-case alias)
    "E106_unknown_argument.yaml": ("E106", 3, 32),  # 'kernel'
    "E107_missing_argument.yaml": ("E107", 3, 5),  # the Conv2d key
    "E108_wrong_type.yaml": ("E108", 5, 28),  # the value 1e3
    "E109_stride_zero.yaml": ("E109", 3, 56),  # the 0
    "E110_bad_input.yaml": ("E110", 1, 12),  # the 0 in input
    "E111_repeat_limit.yaml": ("E111", 3, 13),  # the repeat count
    "E201_output_too_small.yaml": ("E201", 7, 20),  # the last MaxPool2d's kernel_size
    "E202_pool_padding.yaml": ("E202", 3, 53),  # padding: 2
    "E203_groups.yaml": ("E203", 3, 56),  # groups: 2
    "E204_same_strided.yaml": ("E204", 3, 68),  # padding: same
    "E205_conv_after_flatten.yaml": ("E205", 4, 5),  # the Conv2d key
    "E206_in_features.yaml": ("E206", 6, 27),  # in_features: 4096
    "E207_flatten_dims.yaml": ("E207", 3, 38),  # end_dim: 4
    "E208_reflect_padding.yaml": ("E208", 3, 56),  # padding: 4
    "E209_too_large.yaml": ("E209", 1, 8),  # the input list
    "E112_block_argument.yaml": ("E112", 12, 11),  # the misspelled 'chanels'
    "E113_unknown_from.yaml": ("E113", 8, 20),  # 'enc' in from
    "E114_expression.yaml": ("E114", 6, 38),  # the w of the misspelled widht
    "E115_configuration.toml": ("E115", 3, 22),  # the glob whose codes include an error code
    "E212_pixel_shuffle.yaml": ("E212", 9, 36),  # upscale_factor: 2
    "E210_resnet_no_projection.yaml": ("E210", 10, 9),  # the residual in block 'basic'
    "E211_unet_odd_size.yaml": ("E211", 25, 9),  # the Concat in block 'up' (after two W301s)
    "E213_unpool_without_indices.yaml": ("E213", 9, 41),  # pool1 in from
    "W304_unpool_plane.yaml": ("W304", 8, 32),  # kernel_size: 2
    "W301_never_read.yaml": ("W301", 4, 45),  # kernel_size: 11
    "W302_linear_no_flatten.yaml": ("W302", 4, 5),  # the Linear key
    "W303_yaml11_boolean.yaml": ("W303", 3, 54),  # bias: no
}


def test_every_bad_spec_has_an_expectation() -> None:
    assert {p.name for p in (*BAD.glob("*.yaml"), *BAD.glob("*.toml"))} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_spec_is_located(name: str) -> None:
    code, line, column = EXPECTED[name]
    if name.endswith(".toml"):  # a configuration file, read as cnnshape.toml would be
        config = read(BAD / name)
        assert config is not None
        r = FileReport(name, diagnostics=config.errors)
    else:
        r = check_file(BAD / name, Options())
    first = next(d for d in r.diagnostics if d.code == code)
    assert first.span is not None
    assert (first.code, first.span.line, first.span.column) == (code, line, column)
    assert name.startswith(code)
    assert r.ok == code.startswith("W")


def test_messages_show_the_fix() -> None:
    def msg(name: str) -> str:
        return check_file(BAD / name, Options()).diagnostics[0].message

    assert "did you mean 'kernel_size'" in msg("E106_unknown_argument.yaml")
    assert "'MaxPool2d'" in msg("E105_unknown_layer.yaml")
    assert "YAML 1.1 reads 1e3 as a string" in msg("E108_wrong_type.yaml")
    assert re.search(
        r"in_features=2048 \(= 32·8·8 after Flatten\), the spec says 4096",
        msg("E206_in_features.yaml"),
    )
    assert "first written at 3:32" in msg("E102_duplicate_key.yaml")
    assert "Did you forget Flatten?" in msg("W302_linear_no_flatten.yaml")


def test_tag_constructs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    spec = tmp_path / "evil.yaml"
    spec.write_text(
        f"input: [3, 8, 8]\nlayers: [!!python/object/apply:os.system ['touch {marker}']]\n"
    )
    r = check_file(spec, Options())
    assert [d.code for d in r.diagnostics] == ["E103"]
    assert not marker.exists()
