"""One finding per line, `path:line:col: severity CODE message`: for editors and pre-commit."""

from __future__ import annotations

from typing import TextIO

from cnnshape.diagnostics import Diagnostic
from cnnshape.render import RenderOptions
from cnnshape.report import FileReport

#: Line breaks a message may quote from the spec (a key written "a\nb"), shown escaped so a
#: finding stays on one line for editors and pre-commit.
_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\x85": "\\x85", "\u2028": "\\u2028",
                           "\u2029": "\\u2029", "\x0b": "\\x0b", "\x0c": "\\x0c",
                           "\x1c": "\\x1c", "\x1d": "\\x1d", "\x1e": "\\x1e"})  # fmt: skip


def line(path: str, d: Diagnostic) -> str:
    """One finding as `path:line:col: severity CODE message`, always on one line."""
    line_no, col = (d.span.line, d.span.column) if d.span else (1, 1)
    return f"{path}:{line_no}:{col}: {d.severity.value} {d.code} {d.message.translate(_ONE_LINE)}"


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    for r in reports:
        for d in r.diagnostics:
            out.write(line(r.path, d) + "\n")
