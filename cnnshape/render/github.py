"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding.

Escaping follows GitHub's actions/toolkit (``escapeData`` and ``escapeProperty`` in
packages/core/src/command.ts). Errors come before warnings because GitHub shows only
ten annotations of each kind per step; within a severity, files and lines keep their order.
"""

from __future__ import annotations

from typing import TextIO

from cnnshape.diagnostics import Diagnostic
from cnnshape.render import RenderOptions
from cnnshape.report import FileReport


def escape_data(text: str) -> str:
    """The message part: % first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): as data, and also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(path: str, d: Diagnostic) -> str:
    """One workflow command line for one finding."""
    props = [f"file={escape_property(path)}"]
    if d.span is not None:
        props += [f"line={d.span.line}", f"col={d.span.column}"]
    props.append(f"title={escape_property(d.code)}")
    return f"::{d.severity.value} {','.join(props)}::{escape_data(d.message)}"


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    found = [(r.path, d) for r in reports for d in r.diagnostics]
    found.sort(key=lambda pd: 0 if pd[1].is_error else 1)  # stable: keeps file/line order
    for path, d in found:
        out.write(command(path, d) + "\n")
