"""`cnnshape export`, `draw`, `sizes` and `convert`: their options, turned into calls of their
drivers in :mod:`cnnshape.commands`, :mod:`cnnshape.export`, :mod:`cnnshape.draw` and
:mod:`cnnshape.convert`."""

# No `from __future__ import annotations` here: typer would eval() every option's annotation
# string on each run (about 4 ms); evaluated once at definition they cost nothing later.
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cnnshape.cli.app import (
    LIMITS,
    WORK,
    Command,
    SizesFormat,
    app,
    parse_shape,
)
from cnnshape.commands import options
from cnnshape.limits import Limits


class Target(str, Enum):
    pytorch = "pytorch"


@app.command(cls=Command)
def export(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="The spec file.")
    ],
    to: Annotated[Target, typer.Option("--to", help="What to generate.")] = Target.pytorch,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    input: Annotated[
        str | None,
        typer.Option("--input", "-i", help="Override the input shape, e.g. 3x224x224."),
    ] = None,
) -> None:
    """Write the network as code (every inferred argument filled in); refused if it has errors."""
    from cnnshape.check import Options
    from cnnshape.export.command import export as run

    opts = Options(input_shape=parse_shape(input) if input else None)
    raise typer.Exit(run(file, to.value, output, opts, sys.stdout, sys.stderr))


class DrawFormat(str, Enum):
    svg = "svg"
    mermaid = "mermaid"
    dot = "dot"


class DrawStyle(str, Enum):
    graph = "graph"
    blocks = "blocks"


@app.command(cls=Command)
def draw(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="The spec file.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (.svg, .mmd, .dot) instead of stdout."),
    ] = None,
    format: Annotated[
        DrawFormat | None,
        typer.Option("--format", "-f", help="svg, mermaid or dot. Default: from -o, else svg."),
    ] = None,
    style: Annotated[
        DrawStyle,
        typer.Option("--style", help="graph, or blocks: the feature-map figure of the main path."),
    ] = DrawStyle.graph,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=0, help="Fold groups nested deeper than this into one node."),
    ] = None,
    fold: Annotated[
        bool, typer.Option("--fold/--no-fold", help="Show identical repetitions once, as × n.")
    ] = True,
    input: Annotated[
        str | None,
        typer.Option("--input", "-i", help="Override the input shape, e.g. 3x224x224."),
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Draw this variant of a family spec.")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a spec parameter: NAME=VALUE (repeatable)."),
    ] = None,
) -> None:
    """Draw the network with its shapes: SVG, Mermaid or DOT (findings marked on their layers)."""
    from cnnshape.check import Options
    from cnnshape.draw.command import draw as run

    try:
        choice = options.parse_choice(variant, set_)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--set") from None
    shape = parse_shape(input) if input else None
    opts = Options(input_shape=shape, analyses=frozenset(), choice=choice)
    fmt = format.value if format else None
    code = run(file, output, fmt, style.value, depth, fold, opts, sys.stdout, sys.stderr)
    raise typer.Exit(code)


@app.command(cls=Command)
def sizes(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="A spec file.")
    ],
    range_: Annotated[
        str | None,
        typer.Option(
            "--range",
            "-r",
            help="Sizes to try, LO:HI (inclusive). Default: 32:1024, widened to the spec's size.",
        ),
    ] = None,
    vary: Annotated[
        str,
        typer.Option(
            "--vary",
            help="Which spatial dimensions take each size: all (square), each (one at a time, "
            "the others as in the spec), or one axis (H, W, D, L). Default: all for a square "
            "input, each otherwise.",
        ),
    ] = "auto",
    input: Annotated[
        str | None,
        typer.Option("--input", "-i", help="Input shape for the fixed dimensions, e.g. 3x224x224."),
    ] = None,
    format: Annotated[SizesFormat, typer.Option("--format", "-f", help="Output format.")] = (
        SizesFormat.table
    ),
    max_work: Annotated[int, WORK] = LIMITS.max_work,
) -> None:
    """Which input sizes the network takes: smallest, exact, lossy, refused (and by which layer)."""
    from cnnshape.commands.sizes import command

    shape = parse_shape(input) if input else None
    try:
        if range_ is not None:
            command.parse_range(range_)
        if shape is not None:
            command.axis_sets(shape, vary)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    try:
        code = command.run(file, range_, vary, shape, format.value, Limits(max_work=max_work))
    except ValueError as e:  # --vary names an axis the spec's input does not have
        raise typer.BadParameter(str(e), param_hint="--vary") from None
    raise typer.Exit(code)


@app.command(cls=Command)
def convert(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="A spec file.")
    ],
    fc_to_conv: Annotated[
        bool,
        typer.Option(
            "--fc-to-conv", help="Rewrite each Flatten → Linear head as equivalent convolutions."
        ),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    input: Annotated[
        str | None, typer.Option("--input", "-i", help="Convert at this input shape.")
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Replace FILE itself with the result.")
    ] = False,
) -> None:
    """Rewrite a spec; the result is checked (same parameters) before it is written."""
    from cnnshape.convert import command

    if not fc_to_conv:
        raise typer.BadParameter("choose a conversion: --fc-to-conv", param_hint="convert")
    if in_place and output is not None:
        raise typer.BadParameter("give either -o or --in-place", param_hint="--in-place")
    shape = parse_shape(input) if input else None
    raise typer.Exit(command.run(file, file if in_place else output, shape, in_place))
