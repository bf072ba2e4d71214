"""Plain YAML scalars → Python values, as PyYAML's SafeLoader reads them, or located refusals.

Only YAML's plain types are ever produced (str, int, float, bool, None); any
other tag is refused with E103, so nothing is constructed, imported or run.
An explicit standard tag that does not fit its text (``!!int abc``) and an
integer too long for Python to read are located errors too, never exceptions.
"""

from __future__ import annotations

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from cnnshape.diagnostics import Span, SpecError

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, MERGE = _TAG + "timestamp", _TAG + "merge"
SEQ, MAP = _TAG + "seq", _TAG + "map"

#: first character → (tag, regexp) pairs: YAML 1.1's implicit types, as PyYAML resolves them.
_IMPLICIT: dict[str, list[tuple[str, object]]] = Resolver.yaml_implicit_resolvers
_constructor = SafeConstructor()
_MAX_DIGITS = 4000  # below Python's int-from-text limit (4300 digits)


def resolve(value: str, plain: bool) -> str:
    """The tag YAML gives an untagged scalar: plain text may be a number, bool or null."""
    if not plain:
        return STR
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):  # type: ignore[attr-defined]
            return tag
    return STR


def construct(tag: str, value: str, span: Span) -> object:
    """The Python value of a scalar with a resolved tag, or a located SpecError."""
    if tag in (STR, TIMESTAMP):
        return value
    if tag == INT:
        if value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):
            if len(value) > _MAX_DIGITS:
                raise SpecError("E109", f"the integer has {len(value):,} digits: too large", span)
            return int(value)
        return _slow(_constructor.construct_yaml_int, tag, value, span, "an integer")
    if tag == FLOAT:
        return _slow(_constructor.construct_yaml_float, tag, value, span, "a number")
    if tag == BOOL:
        flag = _constructor.bool_values.get(value.lower())
        if flag is None:
            raise _unreadable(tag, value, "a boolean", span)
        return flag
    if tag == NULL:
        return None
    if tag == MERGE:
        raise SpecError(
            "E103", "merge keys ('<<') are not supported in specs; use 'blocks' or 'repeat'", span
        )
    raise bad_tag(tag, span)


def _slow(make: object, tag: str, value: str, span: Span, what: str) -> object:
    """PyYAML's own constructor for the rarer spellings (0x1f, 1_000, 1:30, .inf)."""
    if len(value) > _MAX_DIGITS:
        raise SpecError("E109", f"the number has {len(value):,} characters: too large", span)
    try:
        return make(yaml.ScalarNode(tag, value))  # type: ignore[operator]
    except (ValueError, KeyError, IndexError):
        raise _unreadable(tag, value, what, span) from None


def _unreadable(tag: str, value: str, what: str, span: Span) -> SpecError:
    shown = value if len(value) <= 40 else value[:40] + "…"
    return SpecError("E108", f"'{show_tag(tag)} {shown}' cannot be read as {what}", span)


def show_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def bad_tag(tag: str, span: Span) -> SpecError:
    return SpecError(
        "E103",
        f"tag '{show_tag(tag)}' is not allowed: a spec holds only plain strings, numbers, "
        "booleans, lists and mappings (nothing is constructed or run)",
        span,
    )
