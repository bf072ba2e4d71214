"""The typer app of `cnnshape`, and what its commands share: the output formats and other
choices, the limits' options, and the checks of option values that make a usage error."""

# No `from __future__ import annotations` here: typer would eval() every option's annotation
# string on each run (about 4 ms); evaluated once at definition they cost nothing later.
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cnnshape import __version__
from cnnshape.commands import options
from cnnshape.commands.templates import TEMPLATES
from cnnshape.limits import CEILING, Limits
from cnnshape.render import FORMATS

LIMITS = Limits()

WORK = typer.Option(
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


class Command(typer.core.TyperCommand):
    """typer writes a required argument as {FILE} in the usage line; click (and the README)
    write it bare: ``Usage: cnnshape check [OPTIONS] FILES...``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


#: The output formats, one member per entry of render.FORMATS.
Format = Enum("Format", [(name, name) for name in FORMATS], type=str)  # type: ignore[misc]

#: The starter templates, one member per entry of templates.TEMPLATES.
Template = Enum("Template", [(name, name) for name in TEMPLATES], type=str)  # type: ignore[misc]
DEFAULT_TEMPLATE = Template("cifar10")


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


def columns_of(text: str, batch: bool) -> tuple[str, ...]:
    """--columns as a tuple; --batch implies the memory column (its totals show the estimate)."""
    try:
        return options.columns(text, batch)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--columns") from None


def exist(files: list[Path]) -> None:
    for f in files:
        if str(f) != "-" and not f.exists():
            raise typer.BadParameter(f"Path '{f}' does not exist.", param_hint="'FILES...'")


def globs_of(globs: list[str]) -> list[str]:
    from cnnshape.commands.patterns import PatternError, translate

    for g in globs:
        try:
            translate(g.removeprefix("!"))
        except PatternError as e:
            raise typer.BadParameter(f"'{g}': {e}", param_hint="--exclude") from None
    return globs
