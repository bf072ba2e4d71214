"""`cnnshape draw`: check a spec, build its drawing, write SVG, Mermaid or DOT.

A spec with findings is still drawn as far as it is known (the findings marked on their
layers, listed under the picture, and printed on stderr); the exit code is then check's.
A spec with no layers to draw (it did not load) writes nothing and exits 1.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from cnnshape.check import Options, check_file
from cnnshape.render import RenderOptions
from cnnshape.render.concise import render as render_findings

#: -o suffix → format, when --format is not given.
SUFFIXES = {".svg": "svg", ".mmd": "mermaid", ".mermaid": "mermaid", ".dot": "dot", ".gv": "dot"}

NO_PNG = (
    "PNG is not built in (it would need a system library); write SVG and convert it, e.g. "
    "`rsvg-convert net.svg -o net.png` or open it in a browser"
)


class UsageError(Exception):
    """Bad options: one line on stderr, exit 2."""


def pick_format(fmt: str | None, output: Path | None, style: str) -> str:
    if fmt is None and output is not None:
        if output.suffix.lower() == ".png":
            raise UsageError(NO_PNG)
        fmt = SUFFIXES.get(output.suffix.lower(), "svg")
    fmt = fmt or "svg"
    if style == "blocks" and fmt != "svg":
        raise UsageError("--style blocks draws SVG only")
    return fmt


def draw(
    path: Path,
    output: Path | None,
    fmt: str | None,
    style: str,
    depth: int | None,
    fold: bool,
    opts: Options,
    out: TextIO,
    err: TextIO,
) -> int:
    """Draw ``path`` to ``output`` (or ``out``); the exit code (0, 1 with errors, 2 usage)."""
    from cnnshape.draw import model, svg, text
    from cnnshape.draw.blocks import render as blocks_figure

    try:
        kind = pick_format(fmt, output, style)
    except UsageError as e:
        err.write(f"cnnshape draw: {e}\n")
        return 2
    report = check_file(path, opts)
    render_findings([report], err, RenderOptions())
    if not report.rows and not report.ok:
        err.write(f"cnnshape draw: {path} has no layers to draw; nothing written\n")
        return 1
    if style == "blocks":
        doc = blocks_figure(report)
    else:
        drawing = model.build(report, depth, fold)
        doc = {"svg": svg.render, "mermaid": text.mermaid, "dot": text.dot}[kind](drawing)
    code = 0 if report.ok else 1
    if output is None:
        out.write(doc)
        return code
    try:
        _write_atomically(output, doc)
    except OSError as e:
        err.write(f"cnnshape draw: cannot write {output}: {e.strerror or e}\n")
        return 2
    err.write(f"cnnshape draw: wrote {output}\n")
    return code


def _write_atomically(output: Path, text: str) -> None:
    """Write beside the target, then rename: a failed write never leaves a half file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
