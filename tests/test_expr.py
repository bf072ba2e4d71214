"""The expression grammar: Python's meaning on its subset (Python itself is the oracle), bounds,
and located errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnshape.spec.expr import ExprError, Tensor, evaluate, make_divisible, parse, show

ENV = {"c": 64, "e": 6, "k": 3, "s": 2, "w": 1.5, "x": Tensor((32, 56, 28))}


def ev(text: str) -> object:
    return evaluate(parse(text), ENV)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c * 4", 256),
        ("$c * $e", 384),
        ("(k - 1) // 2", 1),
        ("c / 3", 64 / 3),
        ("-7 // 2", -4),  # floor division, as Python
        ("-7 % 3", 2),
        ("2 ** 3 ** 2", 512),  # right-associative
        ("-2 ** 2", -4),  # ** binds tighter than unary minus
        ("1 < 2 < 3", True),
        ("1 < 3 < 2", False),
        ("s == 1 and c == 64", False),
        ("s == 1 or c == 64", True),
        ("not s == 1", True),
        ("c if s == 2 else 0", 64),
        ("max(c, 100, 7)", 100),
        ("min(c, 100)", 64),
        ("ceil(7 / 2)", 4),
        ("floor(7 / 2)", 3),
        ("round(2.5)", 2),  # Python's round: half to even
        ("int(c * w)", 96),
        ("x.shape[1]", 32),
        ("x.shape[-1]", 28),
        ("x.ndim", 4),
        ("x.shape[1] // 4", 8),
        ("1_000 + 1", 1001),
        ("true and not false", True),
    ],
)
def test_values(text: str, expected: object) -> None:
    assert ev(text) == expected


# torchvision's _make_divisible, worked by hand: 64*0.25=16 → int(16+4)//8*8 = 16;
# 32*0.75=24 → 24; 20 → int(24)//8*8 = 24; 10 → int(14)//8*8 = 8 < 0.9*10 → 16.
@pytest.mark.parametrize(
    ("v", "d", "m", "expected"),
    [
        (16.0, 8, None, 16),
        (24.0, 8, None, 24),
        (20, 8, None, 24),
        (10, 8, None, 16),
        (3, 8, None, 8),
        (3, 8, 4, 4),
    ],
)
def test_make_divisible(v: float, d: int, m: int | None, expected: int) -> None:
    assert make_divisible(v, d, m) == expected


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("c *", 3, "expected a number"),
        ("cc * 2", 0, "unknown name 'cc' (did you mean 'c'?)"),
        ("x.shape[0]", 7, "batch size"),
        ("x.shape[4]", 8, "out of range"),
        ("2 ** 1000", 2, "beyond"),
        ("c / (s - 2)", 2, "64 / (2 - 2) divides by zero"),
        ("sqrt(c)", 0, "unknown function 'sqrt'"),
        ("max(c)", 0, "max() takes 2+ arguments"),
        ("c c", 2, "should end here"),
        ("x.foo", 2, "x.shape[i] and x.ndim only"),
        ("'a'", 0, "unexpected character"),
        ("1e999", 0, "too large"),
        ("x * 2", 0, "needs a number"),
        ("(" * 50 + "1" + ")" * 50, 40, "nests deeper"),
        ("1" * 600, 0, "at most 500"),
        ("__import__('os')", 11, "unexpected character"),
        ("c.__class__", 2, "x.shape[i] and x.ndim only"),
        ("(1, 2)", 2, "expected ')'"),
    ],
)
def test_errors_are_located(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExprError) as info:
        ev(text)
    assert fragment in info.value.message
    assert info.value.offset == offset


def test_show_substitutes_values() -> None:
    assert show(parse("make_divisible(c * w, 8)"), ENV) == "make_divisible(64 * 1.5, 8)"
    assert show(parse("x.shape[1] // 4"), ENV) == "32 // 4"


# The oracle: on the integer subset, the grammar means what Python means. Python's own
# evaluator is the reference here (tests only; cnnshape never calls it).
_atoms = st.one_of(st.integers(-50, 50).map(str), st.sampled_from(["c", "e", "k", "s"]))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binop = st.sampled_from(["+", "-", "*", "//", "%", "<", "==", "!=", "and", "or"])
    return st.one_of(
        st.tuples(children, binop, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda a: f"-{a}"),
        children.map(lambda a: f"not {a}"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(children, children).map(lambda t: f"max({t[0]}, {t[1]})"),
    )


@settings(max_examples=600, deadline=None)
@given(st.recursive(_atoms, _combine, max_leaves=12))
def test_agrees_with_python(text: str) -> None:
    env = {k: v for k, v in ENV.items() if isinstance(v, int)}
    try:
        expected = eval(text, {"__builtins__": {"max": max}}, dict(env))  # the oracle
    except ZeroDivisionError:
        with pytest.raises(ExprError, match="divides by zero"):
            evaluate(parse(text), env)
        return
    except SyntaxError:  # e.g. "-not 0": Python's grammar refuses it, and so does ours
        with pytest.raises(ExprError):
            evaluate(parse(text), env)
        return
    got = evaluate(parse(text), env)
    assert (got == expected and type(got) is type(expected)) or (
        isinstance(expected, float) and math.isclose(float(got), expected)  # type: ignore[arg-type]
    )


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="()[]*/+-.,<=>!%x $abcdefk0123456789_eE notandifelsTru", max_size=80))
def test_any_text_is_a_value_or_an_expr_error(text: str) -> None:
    try:
        evaluate(parse(text), ENV)
    except ExprError as e:
        assert 0 <= e.offset <= len(text)
