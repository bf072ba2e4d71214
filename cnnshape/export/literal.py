"""Python literals for generated code, already in the form ``ruff format`` leaves alone."""

from __future__ import annotations

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
    """A string literal with ruff's preferred quotes (double, unless that needs more escapes).

    Printable characters are written as they are; every other one (line breaks of every
    kind, NUL, control and format characters such as the right-to-left override, lone
    surrogates) as the escape ``repr`` uses, so the literal is one line of plain text.
    """
    quote = "'" if '"' in text and "'" not in text else '"'
    return quote + "".join(_char(c, quote) for c in text) + quote


def _char(c: str, quote: str) -> str:
    if c in (quote, "\\"):
        return "\\" + c
    return c if c.isprintable() else repr(c)[1:-1]


def comment(text: str) -> str:
    """``text`` for a ``#`` comment: one line, whatever it holds.

    Characters that are not printable (``\\n``, ``\\r``, ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``,
    ``\\x85``, ``\\u2028``, ``\\u2029``, NUL, other controls, format characters such as the
    right-to-left override) are written as the escape ``repr`` uses, so they show and
    cannot end the comment.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def doc(text: str) -> str:
    """``text`` for a line of a docstring: as :func:`comment`, with no double quote (which
    could close it) and no backslash of the user's (which could start an escape): '/' for
    a backslash, single for double quotes; the escapes :func:`comment` writes are doubled,
    so the docstring shows them as written."""
    return comment(text.replace("\\", "/").replace('"', "'")).replace("\\", "\\\\")


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
