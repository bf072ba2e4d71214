"""Python literals for generated code, already in the form ``ruff format`` leaves alone."""

from __future__ import annotations

import json
import math

from cnnshape.layers.base import Code


def literal(value: object) -> str:
    """``value`` as Python source: tuples as tuples, strings double-quoted, inf as float('inf')."""
    if isinstance(value, Code):
        return str(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, str):
        return string(value)
    if isinstance(value, tuple | list):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    raise TypeError(f"no Python literal for {value!r}")


def string(text: str) -> str:
    """A string literal with ruff's preferred quotes (double, unless that needs more escapes)."""
    if '"' in text and "'" not in text:
        return repr(text)
    return json.dumps(text, ensure_ascii=False)


def call(head: str, kwargs: dict[str, object], indent: int, width: int = 88) -> list[str]:
    """``head(k=v, ...)`` on one line if it fits in ``width``, else one argument per line with
    a magic trailing comma: the two forms ``ruff format`` leaves as they are."""
    pad = " " * indent
    args = [f"{k}={literal(v)}" for k, v in kwargs.items()]
    one = f"{pad}{head}({', '.join(args)})"
    if len(one) <= width or not args:
        return [one]
    inner = " " * (indent + 4)
    return [f"{pad}{head}(", *(f"{inner}{a}," for a in args), f"{pad})"]
