"""One finding per line, `path:line:col: severity CODE message`: for editors and pre-commit."""

from __future__ import annotations

from typing import TextIO

from cnnshape.diagnostics import Diagnostic
from cnnshape.render import RenderOptions
from cnnshape.report import FileReport
from cnnshape.terminal import visible


def line(path: str, d: Diagnostic) -> str:
    """One finding as `path:line:col: severity CODE message`, always on one line: control
    characters in the path or message (a line break quoted from the spec, an ESC in a
    name) are shown escaped, so they can neither forge a line nor drive the terminal."""
    line_no, col = (d.span.line, d.span.column) if d.span else (1, 1)
    where = f"{visible(path)}:{line_no}:{col}"
    return f"{where}: {d.severity.value} {d.code} {visible(d.message)}"


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    for r in reports:
        for d in r.diagnostics:
            out.write(line(r.path, d) + "\n")
