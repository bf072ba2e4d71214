"""The fast JSON writer must write exactly what json.dumps(indent=2, ensure_ascii=False) does."""

from __future__ import annotations

import json

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


@given(values)
def test_same_text_as_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


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
