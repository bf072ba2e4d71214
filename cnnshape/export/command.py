"""`cnnshape export`: check a spec, and only if it is clean, write the generated code."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from cnnshape.check import Options, check_file
from cnnshape.export import ExportError, get
from cnnshape.render import RenderOptions
from cnnshape.render.concise import render as render_findings


def export(
    path: Path, target: str, output: Path | None, opts: Options, out: TextIO, err: TextIO
) -> int:
    """Write ``path``'s network as ``target`` code to ``output`` (or ``out``); the exit code.

    Findings go to ``err``. A spec with errors is refused: nothing is written and an existing
    ``output`` is left as it was.
    """
    report = check_file(path, opts)
    render_findings([report], err, RenderOptions())
    if not report.ok:
        err.write(f"cnnshape export: {path} has {report.errors} error(s); nothing written\n")
        return 1
    try:
        code = get(target)(report, path.as_posix())
    except ExportError as e:
        err.write(f"cnnshape export: {path}: {e}; nothing written\n")
        return 1
    if output is None:
        out.write(code)
        return 0
    try:
        _write_atomically(output, code)
    except OSError as e:
        err.write(f"cnnshape export: cannot write {output}: {e.strerror}\n")
        return 1
    err.write(f"cnnshape export: wrote {output}\n")
    return 0


def _write_atomically(output: Path, text: str) -> None:
    """Write beside the target, then rename: a failed write never leaves a half file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
