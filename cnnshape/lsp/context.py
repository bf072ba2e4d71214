"""Where the cursor is in a spec being typed: a layer type, an argument name or a value.

Completion runs on text that is usually not valid YAML yet (``- Conv2d: {kernel_``), so this
reads the lines around the cursor rather than a parse: the open ``{``/``[`` on the line for
flow style, indentation for block style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_BEFORE = re.compile(r"([A-Za-z_][\w.-]*)\s*:\s*$")
_KEYS = re.compile(r"([A-Za-z_]\w*)\s*:")
_DASH_ONLY = re.compile(r"^(\s*)-\s+([A-Za-z_]\w*)?$")
_KEY_ONLY = re.compile(r"^(\s*)([A-Za-z_]\w*)?$")
_KEY_VALUE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]\w*)\s*:\s+(\S*)$")
_OWNER = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w.-]*)\s*:\s*(#.*)?$")
#: Keys whose block-style list holds layers.
LIST_KEYS = ("layers", "body", "shortcut", "branches")


@dataclass(slots=True)
class Context:
    kind: str  # "type" | "arg" | "value" | "top"
    prefix: str  # the part of the word already typed
    owner: str | None = None  # the layer type or block name whose arguments these are
    arg: str | None = None  # for "value": the argument
    written: set[str] = field(default_factory=set)  # argument names already there
    flow: bool = False


def _open_bracket(text: str) -> tuple[str, int] | None:
    """The innermost unclosed ``{`` or ``[`` of ``text`` (quotes skipped), or None."""
    stack: list[tuple[str, int]] = []
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return None  # the cursor is in a comment
        elif ch in "{[":
            stack.append((ch, i))
        elif ch in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _last_entry(text: str) -> str:
    """The text after the last comma at depth 0 of a flow collection's body."""
    depth, cut = 0, 0
    for i, ch in enumerate(text):
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        elif ch == "," and depth == 0:
            cut = i + 1
    return text[cut:].lstrip()


def at(lines: list[str], line: int, col: int) -> Context | None:
    """The completion context at 0-based ``line``:``col``, or None where nothing fits."""
    if line >= len(lines):
        return None
    text = lines[line]
    before = text[:col]
    opened = _open_bracket(before)
    if opened is not None:
        return _flow(text, before, opened)
    return _block(lines, line, before)


def _flow(text: str, before: str, opened: tuple[str, int]) -> Context | None:
    char, where = opened
    entry = _last_entry(before[where + 1 :])
    key = _KEY_BEFORE.search(before[:where])
    owner = key.group(1) if key else None
    if char == "{":
        rest = text[where + 1 :]
        written = set(_KEYS.findall(rest.split("}")[0]))
        if ":" in entry:
            arg, _, value = entry.partition(":")
            return Context("value", value.strip(), owner, arg.strip(), written, flow=True)
        return Context("arg", entry, owner, None, written - {entry}, flow=True)
    if owner in ("from", "ignore"):
        return Context("value", entry, None, owner, flow=True)
    if ":" in entry:
        return None
    return Context("type", entry, flow=True)


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _parent(lines: list[str], line: int, indent: int) -> tuple[int, str] | None:
    """The nearest line above with less indentation that ends in ``key:``: (line, key)."""
    for i in range(line - 1, -1, -1):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        here = _indent(text)
        if here < indent or (here == indent and text.lstrip().startswith("- ")):
            m = _OWNER.match(text)
            return (i, m.group(2)) if m else None
    return None


def _siblings(lines: list[str], first: int, indent: int) -> set[str]:
    keys = set()
    for text in lines[first:]:
        if text.strip() and _indent(text) < indent:
            break
        m = _KEY_ONLY.match(text.split(":")[0]) if ":" in text else None
        if m and _indent(text) == indent and m.group(2):
            keys.add(m.group(2))
    return keys


def _block(lines: list[str], line: int, before: str) -> Context | None:
    dash = _DASH_ONLY.match(before)
    if dash:
        parent = _parent(lines, line, len(dash.group(1)))
        if parent is None or parent[1] in LIST_KEYS:
            return Context("type", dash.group(2) or "")
        return None
    key = _KEY_ONLY.match(before)
    pair = _KEY_VALUE.match(before) if key is None else None
    m = key or pair
    if m is None:
        return None
    indent = len(m.group(1))
    if indent == 0 and key is not None:
        return Context("top", key.group(2) or "")
    parent = _parent(lines, line, indent)
    if parent is None:
        return None
    written = _siblings(lines, parent[0] + 1, indent)
    if pair is not None:
        return Context("value", pair.group(3), parent[1], pair.group(2), written)
    prefix = key.group(2) or "" if key else ""
    return Context("arg", prefix, parent[1], None, written - {prefix})
