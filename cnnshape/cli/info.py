"""`cnnshape layers`, `schema`, `lsp`, `new` and `explain`: what the tool knows, printed."""

# No `from __future__ import annotations` here: typer would eval() every option's annotation
# string on each run (about 4 ms); evaluated once at definition they cost nothing later.
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cnnshape.cli.app import (
    DEFAULT_TEMPLATE,
    Command,
    Template,
    app,
)


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
    ] = DEFAULT_TEMPLATE,
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


@app.command(cls=Command)
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
