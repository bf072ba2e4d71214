"""Path patterns with gitignore's meaning, for .gitignore files, --exclude and configuration.

A compact matcher for the forms people write (not pathspec, not every corner of git):

- ``*`` any characters but ``/``; ``?`` one such character; ``[abc]``, ``[a-z]``, ``[!a]``;
  a backslash makes the next character literal;
- ``**`` as a whole segment: ``**/x`` (at any depth), ``a/**`` (everything inside a),
  ``a/**/b`` (zero or more folders between);
- a pattern without a ``/`` (except a trailing one) matches a name at any depth; with one
  (a leading ``/`` included) it is anchored at the folder that holds the pattern;
- a trailing ``/`` matches folders only; ``!`` re-includes what an earlier pattern excluded
  (the last matching pattern wins; a file inside an excluded folder stays excluded, because
  the walk never enters that folder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class PatternError(ValueError):
    """A pattern that cannot be read (an unclosed ``[``, an empty pattern)."""


def _bracket(seg: str, i: int) -> tuple[str, int]:
    """The regex class for the ``[...]`` starting at seg[i]; and the index after it."""
    j = i + 1
    if j < len(seg) and seg[j] in "!^":
        j += 1
    if j < len(seg) and seg[j] == "]":
        j += 1
    while j < len(seg) and seg[j] != "]":
        j += 1
    if j >= len(seg):
        raise PatternError(f"'[' at position {i + 1} is never closed")
    body = seg[i + 1 : j]
    if body[:1] in ("!", "^"):
        body = "^" + body[1:]
    return "[" + body.replace("\\", "\\\\") + "]", j + 1


def _segment(seg: str) -> str:
    """One path segment's regex (no ``/`` inside)."""
    out: list[str] = []
    i = 0
    while i < len(seg):
        ch = seg[i]
        if ch == "*":
            while i < len(seg) and seg[i] == "*":
                i += 1
            out.append("[^/]*")
            continue
        if ch == "?":
            out.append("[^/]")
        elif ch == "[":
            cls, i = _bracket(seg, i)
            out.append(cls)
            continue
        elif ch == "\\" and i + 1 < len(seg):
            i += 1
            out.append(re.escape(seg[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def translate(pattern: str) -> tuple[str, bool]:
    """A pattern (without ``!``) → (regex over a /-separated relative path, folders only)."""
    dir_only = pattern.endswith("/")
    body = pattern.rstrip("/")
    if not body:
        raise PatternError("the pattern is empty")
    anchored = "/" in body
    segs = body.lstrip("/").split("/")
    parts = [] if anchored or segs[0] == "**" else ["(?:.*/)?"]
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == "**":
            parts.append(".+" if last else "(?:.*/)?")
        else:
            parts.append(_segment(seg) + ("" if last else "/"))
    return "".join(parts), dir_only


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern, compiled; ``base`` is the folder its anchored form is relative to."""

    text: str
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    base: Path


def compile_pattern(text: str, base: Path) -> Rule:
    """A --exclude or configuration glob (``!`` allowed); PatternError when unreadable."""
    negate = text.startswith("!")
    regex, dir_only = translate(text[1:] if negate else text)
    return Rule(text, re.compile(regex, re.S), negate, dir_only, base)


def parse_gitignore(text: str, base: Path) -> list[Rule]:
    """The rules of a .gitignore in ``base``; lines git would not read either are dropped."""
    rules: list[Rule] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if raw.endswith("\\ "):  # an escaped trailing space is kept
            line = raw[:-2] + " "
        if not line or line.startswith("#"):
            continue
        if line.startswith(("\\#", "\\!")):
            line = line[1:]
            rules.append(_literal_first(line, base))
            continue
        try:
            rules.append(compile_pattern(line, base))
        except PatternError:
            continue  # git ignores a pattern it cannot read; so do we
    return rules


def _literal_first(line: str, base: Path) -> Rule:
    regex, dir_only = translate("\\" + line)
    return Rule(line, re.compile(regex, re.S), False, dir_only, base)


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def matches(rules: list[Rule], path: Path, is_dir: bool) -> bool:
    """Whether ``path`` is excluded: the last rule that matches it decides."""
    excluded = False
    for rule in rules:
        if rule.dir_only and not is_dir:
            continue
        rel = _relative(path, rule.base)
        if rel is None or rel in ("", "."):
            continue
        if rule.regex.fullmatch(rel):
            excluded = not rule.negate
    return excluded


def matches_any(rules: list[Rule], path: Path) -> bool:
    """Whether any positive rule matches ``path`` (a file), for include globs."""
    for rule in rules:
        rel = _relative(path, rule.base)
        if rel is not None and not rule.negate and rule.regex.fullmatch(rel):
            return True
    return False
