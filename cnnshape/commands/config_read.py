"""Reading one configuration table: TOML text → checked values, each mistake a located E115.

tomllib keeps no positions, so a key is located by scanning the TOML text for it under its
table's header (``[tool.cnnshape]``, ``[tool.cnnshape.limits]``, …): the line and column of
the key itself, or of the header when the scan does not find it (a dotted or unusual
spelling). Good enough to point an editor at the mistake; documented in the README.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from cnnshape.diagnostics import CODES, Diagnostic, Severity, Span

#: Every key of the table, with what it holds (the README's Configuration section).
KEYS = {
    "include": "a list of globs: files that are specs whatever they contain",
    "exclude": "a list of globs: files and folders never checked when walking folders",
    "respect-gitignore": "true or false: skip what .gitignore files exclude",
    "ignore": "a list of warning codes silenced everywhere",
    "per-file-ignores": "a table from a glob to the warning codes silenced in matching files",
    "strict": "true or false: warnings fail too",
    "columns": "the per-layer columns, like 'shape,params,macs'",
    "input": "an input shape for every spec, like '3x224x224' or [3, 224, 224]",
    "limits": "a table of max-bytes, max-depth, max-nodes, max-layers, max-repeat",
}
LIMIT_KEYS = ("max-bytes", "max-depth", "max-nodes", "max-layers", "max-repeat")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")  # tomllib's own position


class Located:
    """The text of one configuration file and the header of its cnnshape table."""

    def __init__(self, text: str, table: str) -> None:
        self.lines = text.splitlines()
        self.table = table  # "tool.cnnshape" in pyproject.toml, "" in cnnshape.toml

    def _header(self, table: str) -> int | None:
        pattern = re.compile(r"^\s*\[\s*" + re.escape(table).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
        return next((i for i, line in enumerate(self.lines) if pattern.match(line)), None)

    def span(self, *keys: str) -> Span:
        """Where ``keys`` (a path below the cnnshape table) is written; best effort."""
        start = 0
        if self.table:
            found = self._header(self.table)
            start = found if found is not None else 0
        sub = self._header(".".join(filter(None, (self.table, *keys[:-1])))) if keys[:-1] else None
        start = sub if sub is not None else start
        best = Span(start + 1, 1)
        key = keys[-1] if keys else ""
        pattern = re.compile(r"""(?:^|[\s{,.])(["']?)""" + re.escape(key) + r"""\1\s*=""")
        for i in range(start, len(self.lines)):
            line = self.lines[i].lstrip()
            if i > start and self.table and line.startswith("[") and self.table not in line:
                break
            m = pattern.search(self.lines[i])
            if key and m:
                return Span(i + 1, m.start(1) + 1)
        return best


def load_toml(text: str) -> dict[str, Any] | Diagnostic:
    """The parsed TOML, or a located E115 for a syntax error."""
    # Imported here: most runs find no configuration file and never parse TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 reads TOML with the tomli backport
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    try:
        doc: dict[str, Any] = tomllib.loads(text)
        return doc
    except tomllib.TOMLDecodeError as e:
        m = _TOML_AT.search(str(e))
        last = text.split("\n")[-1]
        span = (
            Span(int(m.group(1)), int(m.group(2)))
            if m
            else Span(text.count("\n") + 1, len(last) + 1)
        )
        message = _TOML_AT.sub("", str(e)).replace("(at end of document)", "at the end").strip()
        return Diagnostic("E115", f"the configuration is not valid TOML: {message}", span)


def describe(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", str: "a string", list: "a list"}
    return names.get(type(value), "a table" if isinstance(value, dict) else type(value).__name__)


def check_codes(value: object) -> str | None:
    """Why ``value`` is not a list of warning codes, or None."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"must be a list of warning codes like ['W301'], not {describe(value)}"
    for code in value:
        known = CODES.get(code.upper())
        if known is None:
            return f"'{code}' is not a cnnshape code; `cnnshape explain` lists them"
        if known.severity is not Severity.WARNING:
            return f"'{code}' is an error code; only warnings (W…) can be ignored"
    return None


def check_globs(value: object, base: Path) -> str | None:
    from cnnshape.commands.patterns import PatternError, compile_pattern

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"must be a list of glob strings like ['models/**/*.yaml'], not {describe(value)}"
    for glob in value:
        try:
            compile_pattern(glob, base)
        except PatternError as e:
            return f"'{glob}' is not a glob: {e}"
    return None
