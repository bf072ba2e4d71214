"""`cnnshape convert --fc-to-conv FILE [-o OUT]`: the command around :func:`fc_to_conv`."""

from __future__ import annotations

import sys
from pathlib import Path

from cnnshape.check import Options
from cnnshape.convert import ConvertError, fc_to_conv


def run(path: Path, out: Path | None, input_shape: tuple[int, ...] | None) -> int:
    """The command: write the converted spec to ``out`` (or stdout), a summary to stderr."""
    from cnnshape.diagnostics import SpecError
    from cnnshape.load.read import read_text
    from cnnshape.shapes import fmt_shape

    opts = Options(input_shape=input_shape)
    try:
        text = read_text(path, opts.limits)
        done = fc_to_conv(text, str(path), opts)
    except SpecError as e:
        print(f"{path}: {e.diagnostic.message}", file=sys.stderr)
        return 1
    except ConvertError as e:
        print(f"{path}:{e.line}:{e.column}: cannot convert: {e}", file=sys.stderr)
        return 1
    try:
        if out is None:
            sys.stdout.write(done.text)
        else:
            out.write_text(done.text, encoding="utf-8")
    except OSError as e:
        print(f"{out}: cannot write: {e.strerror}", file=sys.stderr)
        return 1
    before, after = done.before, done.after
    print(
        f"{path}: {done.layers} layer(s) now convolutions; {after.totals.params:,} "
        f"parameters both ways; output {fmt_shape(before.output_shape)} → "
        f"{fmt_shape(after.output_shape)} at {fmt_shape(before.input_shape)}"
        + (f"; written to {out}" if out else ""),
        file=sys.stderr,
    )
    return 0
