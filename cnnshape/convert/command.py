"""`cnnshape convert --fc-to-conv FILE [-o OUT | --in-place]`: the command around fc_to_conv."""

from __future__ import annotations

import sys
from pathlib import Path

from cnnshape.check import Options
from cnnshape.convert import ConvertError, fc_to_conv


def run(
    path: Path, out: Path | None, input_shape: tuple[int, ...] | None, in_place: bool = False
) -> int:
    """The command: write the converted spec to ``out`` (or stdout), a summary to stderr.

    ``out`` is written as cnnshape.outfile writes (atomically, a regular file only); it may
    be the input file only with ``in_place``. Exit 1 when the spec cannot be converted, 2
    when the output cannot be written.
    """
    from cnnshape.diagnostics import SpecError
    from cnnshape.load.read import read_text
    from cnnshape.outfile import OutputError, check_target, write_text
    from cnnshape.render.concise import line
    from cnnshape.shapes import fmt_shape
    from cnnshape.terminal import visible

    opts = Options(input_shape=input_shape)
    inputs = () if in_place else (path,)
    try:
        if out is not None:  # refuse a bad target before the work, and again when writing
            check_target(out, inputs)
        text = read_text(path, opts.limits)
        done = fc_to_conv(text, str(path), opts)
    except OutputError as e:
        hint = "; --in-place replaces it" if e.is_input else ""
        print(f"cnnshape convert: {e}{hint}", file=sys.stderr)
        return 2
    except SpecError as e:
        print(line(str(path), e.diagnostic), file=sys.stderr)
        return 1
    except ConvertError as e:
        print(
            f"{visible(str(path))}:{e.line}:{e.column}: cannot convert: {visible(str(e))}",
            file=sys.stderr,
        )
        return 1
    if out is None:
        sys.stdout.write(done.text)
    else:
        try:
            write_text(out, done.text, inputs)
        except OutputError as e:
            print(f"cnnshape convert: {e}", file=sys.stderr)
            return 2
    before, after = done.before, done.after
    print(
        f"{visible(str(path))}: {done.layers} layer(s) now convolutions; {after.totals.params:,} "
        f"parameters both ways; output {fmt_shape(before.output_shape)} → "
        f"{fmt_shape(after.output_shape)} at {fmt_shape(before.input_shape)}"
        + (f"; written to {visible(str(out))}" if out else ""),
        file=sys.stderr,
    )
    return 0
