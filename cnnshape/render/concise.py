"""One finding per line, `path:line:col: severity CODE message`: for editors and pre-commit."""

from __future__ import annotations

from typing import TextIO

from cnnshape.diagnostics import Diagnostic
from cnnshape.render import RenderOptions
from cnnshape.report import FileReport


def line(path: str, d: Diagnostic) -> str:
    line_no, col = (d.span.line, d.span.column) if d.span else (1, 1)
    return f"{path}:{line_no}:{col}: {d.severity.value} {d.code} {d.message}"


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    for r in reports:
        for d in r.diagnostics:
            out.write(line(r.path, d) + "\n")
