"""``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, several times faster,
except that a NaN or infinite value is written as the string ``"NaN"``, ``"Infinity"`` or
``"-Infinity"``: the bare words ``json.dumps`` writes are not JSON, and strict readers (jq,
JavaScript's JSON.parse) refuse the whole document. (PyTorch takes NaN and inf for a few
arguments, such as LeakyReLU's negative_slope, so a report can hold them.)

With an indent, the standard library falls back to its pure-Python encoder, a
chain of generators that yields every token; for a 100,000-layer spec that is
most of the run. This writer walks the same plain values (dict, list, tuple,
str, int, float, bool, None) directly, joins lists of integers in one step, and
uses the C string escaper. A property test holds it equal to ``json.dumps`` (with those
strings for those values).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring  # the C escaper when _json is built (always, in CPython)
from typing import Any, TextIO

_STEP = "  "


def dumps(value: object) -> str:
    """The JSON text of ``value``, indented by two spaces, non-ASCII kept as is."""
    out: list[str] = []
    _write(value, "", out)
    return "".join(out)


class _Sink(list[str]):
    """Collected pieces, written out every so often so a huge report is never one string."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def flush(self) -> None:
        self.stream.write("".join(self))
        self.clear()


def dump(value: object, stream: TextIO) -> None:
    """Write what :func:`dumps` returns to ``stream``, in pieces."""
    out = _Sink(stream)
    _write(value, "", out)
    out.flush()


def _float(value: float) -> str:
    if value != value:
        return '"NaN"'
    if value in (_INF, -_INF):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    return float.__repr__(value)


_INF = float("inf")

#: Exact type → its JSON text, for the scalars reports hold (subclasses take the slow path).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}

#: Mapping key → '"key": ', since reports repeat the same few keys on every layer.
_KEYS: dict[object, str] = {}


def _scalar(value: object) -> str | None:
    """The JSON of a scalar (str/int/float subclasses included), or None for a container."""
    fast = _SCALARS.get(type(value))
    if fast is not None:
        return fast(value)
    if isinstance(value, bool):  # pragma: no cover - bool cannot be subclassed
        return "true" if value else "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _key(key: object) -> str:
    """A mapping key as json writes it, with the separator: strings as is, scalars as text."""
    if isinstance(key, str):
        text = encode_basestring(key)
    else:
        scalar = _scalar(key)
        if scalar is None or (isinstance(key, float | int) and not isinstance(key, bool | int)):
            raise TypeError(f"keys must be str, int, float, bool or None, not {type(key)}")
        text = encode_basestring(scalar)
    if len(_KEYS) < 10_000:
        _KEYS[key] = text + ": "
    return text + ": "


def _write(value: object, pad: str, out: list[str]) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
    elif isinstance(value, dict):
        _write_dict(value, pad, out)
    elif isinstance(value, list | tuple):
        _write_list(value, pad, out)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _write_list(items: list[object] | tuple[object, ...], pad: str, out: list[str]) -> None:
    if not items:
        out.append("[]")
        return
    inner = pad + _STEP
    if all(type(x) is int for x in items):  # shapes and sizes: the common case, in one join
        out.append(
            "[\n" + inner + (",\n" + inner).join(map(int.__repr__, items)) + "\n" + pad + "]"
        )
        return
    out.append("[\n" + inner)
    first = True
    sink = out if type(out) is _Sink else None
    for item in items:
        if not first:
            out.append(",\n" + inner)
        first = False
        _write(item, inner, out)
        if sink is not None and len(sink) > 65_536:
            sink.flush()
    out.append("\n" + pad + "]")


#: (indent, flat mapping) → its text: layers repeat the same arguments again and again.
_MEMO: dict[tuple[object, ...], str] = {}
_MEMO_SIZE = 4096
_FLAT = frozenset((str, int, float, bool, type(None), list, tuple))


def _memo_key(mapping: dict[object, object], pad: str) -> tuple[object, ...] | None:
    """A key that tells apart every text the mapping could write (True, 1, 1.0 and -0.0
    included), or None when a value is not a scalar or a list of plain integers."""
    if not set(map(type, mapping.values())) <= _FLAT:  # a nested mapping: not flat
        return None
    parts: list[object] = [pad]
    for key, value in mapping.items():
        kind = type(value)
        if kind is tuple or kind is list:
            if not all(type(x) is int for x in value):  # type: ignore[attr-defined]
                return None
            parts.append((key, tuple(value)))  # type: ignore[arg-type]
        elif kind is float:
            parts.append((key, kind, float.__repr__(value)))
        elif kind in _SCALARS and type(key) is str:
            parts.append((key, kind, value))
        else:
            return None
    return tuple(parts)


def _write_dict(mapping: dict[object, object], pad: str, out: list[str]) -> None:
    if not mapping:
        out.append("{}")
        return
    key = _memo_key(mapping, pad) if len(mapping) <= 16 else None
    if key is None:
        _encode_dict(mapping, pad, out)
        return
    text = _MEMO.get(key)
    if text is None:
        part: list[str] = []
        _encode_dict(mapping, pad, part)
        text = "".join(part)
        if len(_MEMO) < _MEMO_SIZE:
            _MEMO[key] = text
    out.append(text)


def _encode_dict(mapping: dict[object, object], pad: str, out: list[str]) -> None:
    inner = pad + _STEP
    sep = "{\n" + inner
    scalars, keys = _SCALARS, _KEYS
    for key, value in mapping.items():
        name = keys.get(key) if type(key) is str else None
        if name is None:
            name = _key(key)
        kind = type(value)
        fast = scalars.get(kind)
        if fast is not None:
            out.append(sep + name + fast(value))
        elif kind is list or kind is tuple:
            out.append(sep + name)
            _write_list(value, inner, out)  # type: ignore[arg-type]
        else:
            out.append(sep + name)
            _write(value, inner, out)
        sep = ",\n" + inner
    out.append("\n" + pad + "}")
