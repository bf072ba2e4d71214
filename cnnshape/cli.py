"""The command line: parse options, call the pipeline, pick a renderer, exit with the report's code.

Nothing here computes a shape or formats a table.
"""

# No `from __future__ import annotations` here: typer would eval() every option's annotation
# string on each run (about 4 ms); evaluated once at definition they cost nothing later.
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cnnshape import __version__
from cnnshape.commands import options
from cnnshape.commands.options import warning_codes
from cnnshape.commands.templates import TEMPLATES
from cnnshape.limits import CEILING, Limits
from cnnshape.render import FORMATS

_LIMITS = Limits()

_WORK = typer.Option(
    min=1,
    max=CEILING,
    help="Most layer checks when re-checking at other input sizes (sizes tried × layers).",
    rich_help_panel="Limits",
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Static shape inference for convolutional networks, exactly as PyTorch computes it.",
)


class _Command(typer.core.TyperCommand):
    """typer writes a required argument as {FILE} in the usage line; click (and the README)
    write it bare: ``Usage: cnnshape check [OPTIONS] FILES...``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


#: The output formats, one member per entry of render.FORMATS.
Format = Enum("Format", [(name, name) for name in FORMATS], type=str)  # type: ignore[misc]

#: The starter templates, one member per entry of templates.TEMPLATES.
Template = Enum("Template", [(name, name) for name in TEMPLATES], type=str)  # type: ignore[misc]
_DEFAULT_TEMPLATE = Template("cifar10")


class SizesFormat(str, Enum):
    table = "table"
    json = "json"


class Dtype(str, Enum):
    float32 = "float32"
    float16 = "float16"
    bfloat16 = "bfloat16"
    int8 = "int8"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        print(f"cnnshape {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """cnnshape: every layer's shape, in_features and parameter count, without PyTorch."""


def parse_shape(text: str) -> tuple[int, ...]:
    """'3x224x224' (or '3,224,224') → (3, 224, 224)."""
    try:
        return options.parse_shape(text)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None


def _columns(text: str, batch: bool) -> tuple[str, ...]:
    """--columns as a tuple; --batch implies the memory column (its totals show the estimate)."""
    try:
        return options.columns(text, batch)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--columns") from None


def _exist(files: list[Path]) -> None:
    for f in files:
        if str(f) != "-" and not f.exists():
            raise typer.BadParameter(f"Path '{f}' does not exist.", param_hint="'FILES...'")


def _globs(globs: list[str]) -> list[str]:
    from cnnshape.commands.patterns import PatternError, translate

    for g in globs:
        try:
            translate(g.removeprefix("!"))
        except PatternError as e:
            raise typer.BadParameter(f"'{g}': {e}", param_hint="--exclude") from None
    return globs


@app.command(cls=_Command)
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILES...",
            help="Spec files or folders of them to check; - reads a spec from stdin.",
        ),
    ],
    input: Annotated[
        str | None,
        typer.Option("--input", "-i", help="Override the input shape, e.g. 3x224x224."),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: table; github inside GitHub Actions when piped; "
            "concise with --quiet.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print only findings (concise format unless --format is given)."
        ),
    ] = False,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Silence a warning code (repeatable).")
    ] = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color", help="Colour in the table (auto follows NO_COLOR, FORCE_COLOR and the tty)."
        ),
    ] = Color.auto,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            min=1, max=CEILING, help="Largest spec file, in bytes.", rich_help_panel="Limits"
        ),
    ] = None,
    max_depth: Annotated[
        int | None,
        typer.Option(min=1, max=CEILING, help="Deepest YAML nesting.", rich_help_panel="Limits"),
    ] = None,
    max_nodes: Annotated[
        int | None,
        typer.Option(
            min=1, max=CEILING, help="Most YAML values, aliases expanded.", rich_help_panel="Limits"
        ),
    ] = None,
    max_layers: Annotated[
        int | None,
        typer.Option(
            min=1, max=CEILING, help="Most layers, repeats expanded.", rich_help_panel="Limits"
        ),
    ] = None,
    max_repeat: Annotated[
        int | None,
        typer.Option(min=1, max=CEILING, help="Largest 'repeat' count.", rich_help_panel="Limits"),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Per-layer columns (table and JSON): shape,params,macs,memory,rf; 'all' for all."
            " Default: shape,params.",
        ),
    ] = None,
    dtype: Annotated[
        Dtype, typer.Option("--dtype", help="Value type for the memory figures.")
    ] = Dtype.float32,
    max_work: Annotated[int, _WORK] = _LIMITS.max_work,
    batch: Annotated[
        int | None,
        typer.Option(
            "--batch", min=1, max=(1 << 63) - 1, help="Batch size for a training-memory estimate."
        ),
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Check this variant of a family spec.")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a spec parameter: NAME=VALUE (repeatable)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            help="Skip files and folders matching this gitignore-style glob (repeatable).",
        ),
    ] = None,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude",
            help="Select files named on the command line as in folders: excludes, .gitignore, "
            "and YAML that is not a spec skipped (the pre-commit hook uses it).",
        ),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option("--stdin-filename", help="The name to report (and configure) stdin as."),
    ] = None,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Print the number of findings of each code instead of the report "
            "(JSON with --format json).",
        ),
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero", help="Exit 0 even when there are findings (2 still on misuse)."
        ),
    ] = False,
) -> None:
    """Check spec files: shapes, in_features, parameter counts, findings, and optional analyses.

    Exit codes: 0 no errors (warnings allowed); 1 errors (or warnings with --strict);
    2 bad usage or output that cannot be written; 3 no spec file found (an empty folder).
    """
    from cnnshape.commands import check as command

    given = dict(
        max_bytes=max_bytes,
        max_depth=max_depth,
        max_nodes=max_nodes,
        max_layers=max_layers,
        max_repeat=max_repeat,
        max_work=max_work,
    )
    limits = {k: v for k, v in given.items() if v is not None}
    _exist(files)
    shape = parse_shape(input) if input else None
    codes = frozenset(c.upper() for c in ignore or ())
    bad = warning_codes(codes)
    if bad is not None:
        raise typer.BadParameter(f"'{bad}' is not a warning code", param_hint="--ignore")
    cols = _columns(columns, batch is not None) if columns is not None else None
    globs = _globs(exclude or [])
    try:
        choice = options.parse_choice(variant, set_)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--set") from None
    code = command.run(
        files,
        input_shape=shape,
        fmt=format.value if format else None,
        strict=strict,
        quiet=quiet,
        ignore=codes,
        color=color.value,
        limits=limits,
        columns=cols,
        dtype=dtype.value,
        batch=batch,
        choice=choice,
        selecting=command.Selecting(globs, force_exclude, stdin_filename),
        statistics=statistics,
        exit_zero=exit_zero,
    )
    raise typer.Exit(code)


class Target(str, Enum):
    pytorch = "pytorch"


@app.command(cls=_Command)
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


@app.command(cls=_Command)
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


@app.command(cls=_Command)
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
    max_work: Annotated[int, _WORK] = _LIMITS.max_work,
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


@app.command(cls=_Command)
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


class LayersFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def layers(
    name: Annotated[
        str | None, typer.Argument(help="One layer type (any case, or an alias).")
    ] = None,
    format: Annotated[LayersFormat, typer.Option("--format", "-f")] = LayersFormat.text,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the README's table of layers.")
    ] = False,
    reference: Annotated[
        bool, typer.Option("--reference", help="Print docs/layers.md, the layer reference.")
    ] = False,
) -> None:
    """List the layer types by family, or one layer's arguments, defaults, shape rule and source."""
    from cnnshape.commands import layers as layers_cmd
    from cnnshape.layers import BY_NAME

    if markdown or reference:
        sys.stdout.write(layers_cmd.markdown() if markdown else layers_cmd.reference())
        return
    rules = list(BY_NAME.values())
    if name is not None:
        rule = layers_cmd.find(name)
        if rule is None:
            close = layers_cmd.close_matches(name)
            hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
            raise typer.BadParameter(
                f"'{name}' is not a layer type cnnshape knows{hint}; `cnnshape layers` lists them",
                param_hint="NAME",
            )
        rules = [rule]
    if format is LayersFormat.json:
        sys.stdout.write(layers_cmd.as_json(rules))
    else:
        sys.stdout.write(layers_cmd.page(rules[0]) if name else layers_cmd.listing())


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft-07) of the spec format, for editors."""
    from cnnshape.commands.schema import dumps

    sys.stdout.write(dumps())


@app.command()
def lsp() -> None:
    """Serve the Language Server Protocol over stdio, for editors (needs cnnshape[lsp])."""
    from cnnshape.lsp.command import run

    raise typer.Exit(run())


@app.command()
def new(
    template: Annotated[
        Template,
        typer.Option("--template", "-t", help="Which starter network."),
    ] = _DEFAULT_TEMPLATE,
    schema: Annotated[
        str,
        typer.Option("--schema", help="Path or URL of the schema for the language-server line."),
    ] = "cnnshape.schema.json",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (refused if it exists) instead of stdout."),
    ] = None,
) -> None:
    """Print a starter spec: cnnshape new --template resnet -o model.yaml"""
    from cnnshape.commands.templates import render

    text = render(template.value, schema)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with output.open("x", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        print(f"{output}: cannot write: {e.strerror}", file=sys.stderr)
        raise typer.Exit(2) from None
    print(f"{output}: written ({template.value} template); check it with: cnnshape check {output}")


@app.command(cls=_Command)
def explain(
    code: Annotated[
        str | None, typer.Argument(metavar="CODE", help="A finding code such as E201.")
    ] = None,
    markdown: Annotated[
        bool,
        typer.Option("--markdown", help="Print docs/codes.md: the table of codes and every page."),
    ] = False,
) -> None:
    """Explain a finding code (meaning, rule, example, fix); without a code, list them all."""
    from cnnshape.commands import explain as explain_cmd

    if markdown:
        sys.stdout.write(explain_cmd.document())
    elif code is None:
        sys.stdout.write(explain_cmd.listing())
    else:
        known = explain_cmd.lookup(code)
        if known is None:
            raise typer.BadParameter(
                f"'{code}' is not a cnnshape code; `cnnshape explain` lists them",
                param_hint="CODE",
            )
        sys.stdout.write(explain_cmd.page(known))
