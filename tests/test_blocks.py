"""Blocks: parameters, substitution, and every misuse as a located finding."""

from __future__ import annotations

from graph_helpers import check, errors, only

BLOCK = """
input: [3, 8, 8]
blocks:
  cbr:
    params: {channels: null, stride: 1}
    layers:
      - Conv2d: {out_channels: $channels, kernel_size: 3, stride: $stride, padding: 1}
      - ReLU
layers:
"""


def test_arguments_and_defaults_are_substituted() -> None:
    r = check(BLOCK + "  - cbr: {channels: 4}\n  - cbr: {channels: 6, stride: 2}\n")
    assert r.ok, errors(r)
    # (8 + 2 − 3)/1 + 1 = 8, then (8 + 2 − 3)//2 + 1 = 4; params 4·3·9+4 = 112, 6·4·9+6 = 222
    assert [row.output_shape for row in r.rows] == [(4, 8, 8), (4, 8, 8), (6, 4, 4), (6, 4, 4)]
    assert r.totals.params == 112 + 222
    assert [row.path for row in r.rows] == ["0.0", "0.1", "1.0", "1.1"]


def test_use_name_labels_the_path_and_groups_carry_subtotals() -> None:
    r = check(BLOCK + "  - cbr: {channels: 4, name: stem}\n")
    assert [row.path for row in r.rows] == ["stem.0", "stem.1"]
    (g,) = r.groups
    assert (g.kind, g.label, g.name, g.start, g.end, g.params) == (
        "block",
        "cbr",
        "stem",
        0,
        2,
        112,
    )


def test_missing_argument_is_located_at_the_use() -> None:
    r = check(BLOCK + "  - cbr: {stride: 2}\n")
    d = only(r, "E112")
    assert "needs 'channels'" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (10, 5)


def test_unknown_argument_is_located_at_its_key() -> None:
    r = check(BLOCK + "  - cbr: {channels: 4, chanels: 5}\n")
    d = only(r, "E112")
    assert "no parameter 'chanels'" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (10, 24)


def test_reference_to_an_undeclared_parameter_is_located_in_the_definition() -> None:
    r = check(
        """
        input: [3, 8, 8]
        blocks:
          b:
            params: {width: 4}
            layers:
              - Conv2d: {out_channels: $widht, kernel_size: 1}
        layers:
          - b
        """
    )
    d = only(r, "E112")
    assert "no parameter 'widht'" in d.message and "did you mean 'width'" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (7, 32)


def test_bad_argument_value_is_located_where_the_argument_is_written() -> None:
    r = check(BLOCK + "  - cbr: {channels: 0}\n")
    d = only(r, "E109")
    assert d.span is not None and (d.span.line, d.span.column) == (10, 21)


def test_recursion_is_refused() -> None:
    r = check(
        """
        input: [3, 8, 8]
        blocks:
          a:
            layers: [b]
          b:
            layers: [ReLU, a]
        layers:
          - a
        """
    )
    d = only(r, "E111")
    assert "a → b → a" in d.message


def test_block_named_like_a_layer_is_refused() -> None:
    r = check("input: [3]\nblocks:\n  ReLU:\n    layers: [Identity]\nlayers: [ReLU]\n")
    assert "E104" in [d.code for d in r.diagnostics]


def test_repeat_count_and_lists_can_be_arguments() -> None:
    r = check(
        """
        input: [2, 8, 8]
        blocks:
          stack:
            params: {n: null, tail: []}
            layers:
              - repeat: $n
                layers: [ReLU]
              - residual:
                  body: [Identity]
                  shortcut: $tail
        layers:
          - stack: {n: 3}
          - stack: {n: 1, tail: [Identity, ReLU]}
        """
    )
    assert r.ok, errors(r)
    assert [row.type for row in r.rows] == ["ReLU"] * 3 + ["Identity", "ReLU", "Identity"] + [
        "Identity",
        "ReLU",
    ]


def test_a_block_bomb_hits_the_layer_limit() -> None:
    from cnnshape.check import Options, check_text
    from cnnshape.limits import Limits

    lines = ["input: [1]", "blocks:"]
    for i in range(20):
        lines += [f"  b{i}:", f"    layers: [b{i + 1}, b{i + 1}]"]
    lines += ["  b20:", "    layers: [ReLU]", "layers: [b0]"]
    r = check_text("\n".join(lines), "bomb.yaml", Options(limits=Limits(max_layers=10_000)))
    assert [d.code for d in r.diagnostics] == ["E111"]


def test_a_long_chain_of_blocks_is_a_finding_not_a_recursion_error() -> None:
    from cnnshape.check import Options, check_text

    lines = ["input: [1]", "blocks:"]
    for i in range(400):
        lines += [f"  b{i}:", f"    layers: [b{i + 1}]"]
    lines += ["  b400:", "    layers: [ReLU]", "layers: [b0]"]
    r = check_text("\n".join(lines), "chain.yaml", Options())
    assert [d.code for d in r.diagnostics] == ["E111"]
    assert "nest more than 50 levels" in r.diagnostics[0].message


def test_a_broken_definition_is_reported_once_and_its_uses_stay_quiet() -> None:
    r = check("input: [3, 8, 8]\nblocks:\n  x: {layers: 5}\nlayers: [x, x]\n")
    assert [d.code for d in r.diagnostics] == ["E104"]
    assert r.diagnostics[0].span is not None and r.diagnostics[0].span.line == 3
