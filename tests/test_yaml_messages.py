"""YAML syntax errors name the cause and the fix, located where the mistake is."""

from __future__ import annotations

from helpers import run

from cnnshape.check import Options, check_text


def one(text: str) -> tuple[str, int, int, str]:
    r = check_text(text, "spec.yaml", Options())
    assert len(r.diagnostics) == 1, r.diagnostics
    d = r.diagnostics[0]
    assert d.span is not None
    return d.code, d.span.line, d.span.column, d.message


def test_a_tab_in_the_indentation() -> None:
    code, line, col, msg = one("input: [3, 32, 32]\nlayers:\n\t- ReLU\n")
    assert (code, line, col) == ("E101", 3, 1)
    assert "a tab character" in msg
    assert "YAML indents with spaces; replace the tab with spaces" in msg


def test_a_tab_before_a_key() -> None:
    text = "input: [3, 32, 32]\nlayers:\n  - Conv2d:\n      out_channels: 8\n\tkernel_size: 3\n"
    code, line, col, msg = one(text)
    assert (code, line, col) == ("E101", 5, 1)
    assert "replace the tab with spaces" in msg


def test_an_indentation_that_lines_up_with_nothing() -> None:
    text = "input: [3, 32, 32]\nlayers:\n  - Conv2d:\n      out_channels: 8\n     kernel_size: 3\n"
    code, line, col, msg = one(text)
    assert (code, line, col) == ("E101", 5, 6)
    assert "did not find expected key" in msg
    # 'Conv2d' starts at 4 spaces on line 3, 'out_channels' at 6 on line 4; line 5 has 5
    assert "line 5 is indented 5 spaces" in msg
    assert "4 spaces (line 3) and 6 spaces (line 4)" in msg


def test_a_list_item_out_of_line() -> None:
    text = "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: 8, kernel_size: 3}\n   - ReLU\n"
    code, line, col, msg = one(text)
    assert (code, line, col) == ("E101", 4, 4)
    assert "line 4 is indented 3 spaces" in msg
    assert "the list items above start at 2 spaces (line 3)" in msg


def test_a_key_indented_under_a_value() -> None:
    code, line, _, msg = one("name: x\n  input: [3, 32, 32]\nlayers:\n  - ReLU\n")
    assert (code, line) == ("E101", 2)
    assert "indented 2 spaces, more than the line above (0)" in msg


def test_an_unclosed_brace_is_reported_where_it_opened() -> None:
    text = (
        "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: 8, kernel_size: 3\n"
        "  - ReLU\n  - Flatten\n"
    )
    code, line, col, msg = one(text)
    assert (code, line, col) == ("E101", 3, 13)  # the '{', not the end of the file
    assert "the '{' opened here (line 3:" in msg
    assert "kernel_size: 3" in msg  # the line itself
    assert "add '}'" in msg


def test_an_unclosed_bracket() -> None:
    code, line, col, msg = one("input: [3, 32, 32\nlayers:\n  - ReLU\n")
    assert (code, line, col) == ("E101", 1, 8)
    assert "the '[' opened here" in msg and "add ']'" in msg


def test_a_missing_comma() -> None:
    text = "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: 8 kernel_size: 3}\n"
    code, line, col, msg = one(text)
    assert (code, line, col) == ("E101", 3, 41)
    assert "write ',' between the entries of the '{' opened at line 3, column 13" in msg


def test_an_unquoted_expression_cut_at_its_comma() -> None:
    text = (
        "input: [3, 32, 32]\nlayers:\n"
        "  - Conv2d: {out_channels: $make_divisible(c, 8), kernel_size: 3}\n"
    )
    code, line, col, msg = one(text)
    assert (code, line, col) == ("E101", 3, 28)
    assert 'quote the expression: "$make_divisible(c, 8)"' in msg


def test_an_unquoted_expression_with_a_list() -> None:
    text = (
        "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: $f(a, [1, 2]), kernel_size: 3}\n"
    )
    _, _, _, msg = one(text)
    assert 'quote the expression: "$f(a, [1, 2])"' in msg


def test_an_expression_in_a_flow_syntax_error() -> None:
    """Here libyaml itself fails (the '[' inside the mapping's value): still the quote hint."""
    text = "input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: $c * [2][0], kernel_size: 3}\n"
    code, line, _, msg = one(text)
    assert (code, line) == ("E101", 3)
    assert "write ',' between the entries" in msg
    assert 'quote the expression: out_channels: "$c * [2][0]"' in msg


def test_a_reserved_character() -> None:
    code, _, _, msg = one("input: [3, 32, 32]\nlayers:\n  - Conv2d: {out_channels: @x}\n")
    assert code == "E101"
    assert 'quote the value: "@x"' in msg


def test_yaml11_booleans_are_accepted_with_a_warning() -> None:
    r = run("""
        input: [3, 32, 32]
        layers:
          - Conv2d: {out_channels: 8, kernel_size: 3, bias: no}
          - ReLU: {inplace: ON}
          - Conv2d: {out_channels: 8, kernel_size: 1, bias: True}
        """)
    found = [(d.code, d.span.line if d.span else 0) for d in r.diagnostics]
    assert found == [("W303", 4), ("W303", 5)]  # True is a boolean in YAML 1.2 too
    assert "write false" in r.diagnostics[0].message
    assert "write true" in r.diagnostics[1].message
    assert r.rows[0].params == 8 * 3 * 3 * 3  # bias: no was read as false: no bias terms
    assert r.errors == 0


def test_yaml11_warning_can_be_ignored() -> None:
    r = run("input: [3, 8, 8]\nlayers:\n  - ReLU: {inplace: yes}\n", ignore=frozenset({"W303"}))
    assert r.diagnostics == []
