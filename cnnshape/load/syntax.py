"""YAML syntax errors that say what went wrong and what to write instead.

libyaml reports the first position it cannot read and a terse reason ("did not find
expected key"); :func:`explain` turns the common cases into the cause and the fix: a tab
(YAML indents with spaces), an indentation that lines up with nothing above it, a bracket
never closed (located where it was opened, not at the end of the file), a missing comma,
a character YAML reserves, and an unquoted ``$``-expression cut at a comma in ``{...}``.
"""

from __future__ import annotations

import re
from typing import Any

from cnnshape.diagnostics import Span, SpecError

#: the line breaks libyaml counts (YAML 1.1: CR LF, CR, LF, NEL, LS, PS)
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CLOSING = {"flow mapping": ("{", "}"), "flow sequence": ("[", "]")}
#: ``key: $expression`` (the hint is given where the expression holds a comma or bracket)
_EXPR = re.compile(r"([\w.-]+)\s*:\s*(\$)")


def explain(problem: str, context: str | None, mark: Any, cmark: Any, text: str) -> SpecError:
    """The located E101 for a libyaml error (``mark``: the problem, ``cmark``: its context)."""
    lines = _BREAK.split(text)
    line = mark.line
    here = _at(lines, line)
    span = Span(line + 1, mark.column + 1)
    message = f"YAML syntax error: {problem}"
    if "tab" in problem or here[mark.column : mark.column + 1] == "\t":
        message += (
            f" — a tab character{_tab_where(here)}: YAML indents with spaces; "
            "replace the tab with spaces"
        )
    elif "cannot start any token" in problem and here[mark.column : mark.column + 1]:
        ch = here[mark.column]
        message += (
            f" — '{ch}' is reserved in YAML and cannot start a plain value; "
            f'quote the value: "{_word_at(here, mark.column)}"'
        )
    elif problem == "did not find expected key" or "expected '-' indicator" in problem:
        message += " — " + _indent_hint(lines, cmark, line, problem)
    elif "mapping values are not allowed" in problem:
        message += " — " + _colon_hint(lines, line)
    elif (
        context is not None
        and cmark is not None
        and context.removeprefix("while parsing a ") in _CLOSING
    ):
        return _flow(problem, context.removeprefix("while parsing a "), mark, cmark, lines)
    return SpecError("E101", message, span)


def _flow(problem: str, kind: str, mark: Any, cmark: Any, lines: list[str]) -> SpecError:
    """Inside ``{...}`` or ``[...]``: never closed, a missing comma, or a cut expression."""
    opening, closing = _CLOSING[kind]
    opened = _at(lines, cmark.line)
    at_end = mark.line >= len(lines) or not "".join(lines[mark.line :]).strip()
    here = _at(lines, mark.line)
    back_out = _indent(here) <= _indent(opened) and mark.line > cmark.line
    expr = _expression_hint(opened if mark.line == cmark.line else here)
    if (at_end or back_out) and not expr:
        return SpecError(
            "E101",
            f"YAML syntax error: the '{opening}' opened here (line {cmark.line + 1}: "
            f"{opened.strip()!r}) is never closed — add '{closing}' where it ends "
            f"(libyaml looked for it up to line {mark.line + 1})",
            Span(cmark.line + 1, cmark.column + 1),
        )
    message = (
        f"YAML syntax error: {problem} — write ',' between the entries of the "
        f"'{opening}' opened at line {cmark.line + 1}, column {cmark.column + 1}, "
        f"or '{closing}' to close it"
    )
    return SpecError("E101", message + expr, Span(mark.line + 1, mark.column + 1))


def _expression_hint(line: str) -> str:
    found = _EXPR.search(line)
    if found is None:
        return ""
    expr = expression_at(line, found.start(2))
    if not any(ch in expr for ch in "([,"):
        return ""
    return (
        f"; inside {{...}} or [...] a comma or bracket ends a plain value, so the expression "
        f'is cut: quote the expression: {found.group(1)}: "{expr}"'
    )


def expression_at(line: str, start: int) -> str:
    """The ``$``-expression starting at ``start``: up to the first ',', '}' or ']' outside
    its own brackets (or the end of the line)."""
    depth = 0
    for i in range(start, len(line)):
        ch = line[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch in ",}]" and depth == 0:
            return line[start:i].strip()
    return line[start:].strip()


def cut_expression(value: str, span: Span, text: str) -> SpecError:
    """E101 for a plain ``$``-value whose brackets do not balance: a comma cut it short."""
    line = _at(_BREAK.split(text), span.line - 1) or value
    column = span.column - 1
    expr = expression_at(line, column) if line[column : column + 1] == "$" else value
    return SpecError(
        "E101",
        f"YAML syntax error: the expression '{value}' is cut short: inside {{...}} or [...] "
        "a comma or bracket ends a plain value; quote the expression: "
        f'"{expr}"',
        span,
    )


def unbalanced(value: str) -> bool:
    """Whether a ``$``-value opens more brackets than it closes (it was cut at a comma)."""
    return value.count("(") > value.count(")") or value.count("[") > value.count("]")


def _indent_hint(lines: list[str], cmark: Any, line: int, problem: str) -> str:
    here = _at(lines, line)
    dash = "'-'" in problem
    start = cmark.line if cmark is not None else max(line - 3, 0)
    seen: dict[int, int] = {}
    for i in range(start, min(line, len(lines))):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if dash and text.lstrip().startswith("-"):
            seen.setdefault(_indent(text), i + 1)
        elif not dash:
            seen.setdefault(len(text) - len(text.lstrip(" -")), i + 1)
    what, which = ("list item", "'-'") if dash else ("key", "key")
    above = " and ".join(f"{k} spaces (line {v})" for k, v in sorted(seen.items()))
    return (
        f"line {line + 1} is indented {_indent(here)} spaces, which lines up with no {what} "
        f"above it; the {what}s above start at {above}: indent it exactly as the {which} "
        "it stands beside"
    )


def _colon_hint(lines: list[str], line: int) -> str:
    here = _at(lines, line)
    prev = next((_at(lines, i) for i in range(line - 1, -1, -1) if _at(lines, i).strip()), "")
    if prev and _indent(here) > _indent(prev) and not prev.rstrip().endswith(":"):
        return (
            f"line {line + 1} is indented {_indent(here)} spaces, more than the line above "
            f"({_indent(prev)}), so YAML reads it as part of that line's value; "
            "indent it as the line above"
        )
    return "a ': ' inside a plain value starts a mapping; quote the value"


def _at(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _tab_where(line: str) -> str:
    return " in the indentation" if "\t" in line[: _indent(line) + 1] else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _word_at(line: str, column: int) -> str:
    end = column
    while end < len(line) and line[end] not in " ,}]#":
        end += 1
    return line[column:end]
