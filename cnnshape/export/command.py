"""`cnnshape export`: check a spec, and only if it is clean, write the generated code."""

from __future__ import annotations

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

    Findings go to ``err``. A spec with errors is refused (exit 1): nothing is written and an
    existing ``output`` is left as it was. ``output`` is written as cnnshape.outfile writes:
    atomically, only a regular file or a new path, never the spec itself; when it cannot be
    written, the exit code is 2.
    """
    from cnnshape.outfile import OutputError, check_target, write_text
    from cnnshape.terminal import visible

    name = visible(str(path))
    try:
        if output is not None:  # a target that can never be written is refused up front
            check_target(output, (path,))
    except OutputError as e:
        err.write(f"cnnshape export: {e}; nothing written\n")
        return 2
    report = check_file(path, opts)
    render_findings([report], err, RenderOptions())
    if not report.ok:
        err.write(f"cnnshape export: {name} has {report.errors} error(s); nothing written\n")
        return 1
    try:
        code = get(target)(report, path.as_posix())
    except ExportError as e:
        err.write(f"cnnshape export: {name}: {visible(str(e))}; nothing written\n")
        return 1
    if output is None:
        out.write(code)
        return 0
    try:
        write_text(output, code, (path,))
    except OutputError as e:
        err.write(f"cnnshape export: {e}; nothing written\n")
        return 2
    err.write(f"cnnshape export: wrote {visible(str(output))}\n")
    return 0
