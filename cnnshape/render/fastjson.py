"""``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, several times faster.

With an indent, the standard library falls back to its pure-Python encoder, a
chain of generators that yields every token; for a 100,000-layer spec that is
most of the run. This writer walks the same plain values (dict, list, tuple,
str, int, float, bool, None) directly, joins lists of integers in one step, and
uses the C string escaper. A property test holds it equal to ``json.dumps``.
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C escaper when _json is built (always, in CPython)

_STEP = "  "


def dumps(value: object) -> str:
    """The JSON text of ``value``, indented by two spaces, non-ASCII kept as is."""
    out: list[str] = []
    _write(value, "", out)
    return "".join(out)


def _scalar(value: object) -> str | None:
    """The JSON of a scalar, or None for a container."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return None


def _key(key: object) -> str:
    """A mapping key as json writes it: strings as is, scalars as their JSON text."""
    if isinstance(key, str):
        return encode_basestring(key)
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return encode_basestring(text)


def _write(value: object, pad: str, out: list[str]) -> None:
    kind = type(value)
    if kind is dict:
        _write_dict(value, pad, out)  # type: ignore[arg-type]
    elif kind is list or kind is tuple:
        _write_list(value, pad, out)  # type: ignore[arg-type]
    else:
        text = _scalar(value)
        if text is None:
            if isinstance(value, dict):
                _write_dict(value, pad, out)
                return
            if isinstance(value, list | tuple):
                _write_list(value, pad, out)
                return
            raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")
        out.append(text)


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
    for item in items:
        if not first:
            out.append(",\n" + inner)
        first = False
        _write(item, inner, out)
    out.append("\n" + pad + "]")


def _write_dict(mapping: dict[object, object], pad: str, out: list[str]) -> None:
    if not mapping:
        out.append("{}")
        return
    inner = pad + _STEP
    sep = "\n" + inner
    out.append("{")
    first = True
    for key, value in mapping.items():
        out.append(sep if first else "," + sep)
        first = False
        out.append(_key(key) + ": ")
        text = _scalar(value) if type(value) is not dict and type(value) is not list else None
        if text is None:
            _write(value, inner, out)
        else:
            out.append(text)
    out.append("\n" + pad + "}")
