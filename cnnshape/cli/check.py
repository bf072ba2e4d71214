"""`cnnshape check`: its options, turned into a call of :func:`cnnshape.commands.check.run`."""

# No `from __future__ import annotations` here: typer would eval() every option's annotation
# string on each run (about 4 ms); evaluated once at definition they cost nothing later.
from pathlib import Path
from typing import Annotated

import typer

from cnnshape.cli.app import (
    LIMITS,
    WORK,
    Color,
    Command,
    Dtype,
    Format,
    app,
    columns_of,
    exist,
    globs_of,
    parse_shape,
)
from cnnshape.commands import options
from cnnshape.commands.options import warning_codes
from cnnshape.limits import CEILING


@app.command(cls=Command)
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
    max_work: Annotated[int, WORK] = LIMITS.max_work,
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
    exist(files)
    shape = parse_shape(input) if input else None
    codes = frozenset(c.upper() for c in ignore or ())
    bad = warning_codes(codes)
    if bad is not None:
        raise typer.BadParameter(f"'{bad}' is not a warning code", param_hint="--ignore")
    cols = columns_of(columns, batch is not None) if columns is not None else None
    globs = globs_of(exclude or [])
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
