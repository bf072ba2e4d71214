"""The fast JSON writer must write exactly what json.dumps(indent=2, ensure_ascii=False) does,
with NaN and the infinities as strings (valid JSON, which json.dumps's bare words are not)."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from cnnshape.render.fastjson import dumps

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.lists(inner, max_size=6).map(tuple),
        st.dictionaries(st.one_of(st.text(max_size=6), st.integers(), st.booleans()), inner,
                        max_size=6),
    ),
    max_leaves=40,
)  # fmt: skip


def strict(value: object) -> object:
    """``value`` with each non-finite float (not a key) as the string the writer gives it."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, list | tuple):
        return [strict(v) for v in value]
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    return value


@given(values)
def test_same_text_as_json_dumps(value: object) -> None:
    text = dumps(value)
    assert text == json.dumps(strict(value), indent=2, ensure_ascii=False, allow_nan=False)
    json.loads(text, parse_constant=_refuse)  # strict JSON: no bare NaN or Infinity


def _refuse(word: str) -> object:
    raise AssertionError(f"{word} is not JSON")


def test_non_finite_numbers_are_strings() -> None:
    doc = {"a": math.nan, "b": [math.inf, -math.inf, 1.5]}
    assert json.loads(dumps(doc)) == {"a": "NaN", "b": ["Infinity", "-Infinity", 1.5]}


def test_a_report_shape() -> None:
    doc = {"files": [{"layers": [{"args": {"k": (3, 3)}, "shape": [16, 8, 8], "x": None}]}]}
    assert dumps(doc) == json.dumps(doc, indent=2, ensure_ascii=False)
    assert (
        dumps({"e": [], "d": {}, "f": 1.5e300}) == '{\n  "e": [],\n  "d": {},\n  "f": 1.5e+300\n}'
    )


def test_dump_in_pieces_writes_the_same_text() -> None:
    import io

    from cnnshape.render.fastjson import dump

    doc = {"layers": [{"i": i, "shape": [i, 2]} for i in range(70_000)]}  # > one flush
    out = io.StringIO()
    dump(doc, out)
    assert out.getvalue() == json.dumps(doc, indent=2, ensure_ascii=False)


def test_memo_tells_equal_values_of_other_types_apart() -> None:
    """True == 1 == 1.0 and 0.0 == -0.0 in Python, but JSON writes each differently."""
    docs = [{"a": 1}, {"a": True}, {"a": 1.0}, {"a": 0.0}, {"a": -0.0}, {"a": [1]}, {"a": (1,)}]
    for _ in range(2):  # the second round reads the memo
        for doc in docs:
            assert dumps([doc]) == json.dumps([doc], indent=2, ensure_ascii=False)
