"""The console script: `check` without loading typer, everything else through it.

typer (and click under it) take ~30 ms to import, as long as checking VGG-16. The common
invocation — ``cnnshape check [options] FILE...`` with options written out in full or as
-q/-f/-i, values in the next word — is parsed here; anything else (help, a bad value, a
missing file, another command, --opt=value) goes to typer, which prints what it always did.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_FLAGS = {
    "-q": "quiet",
    "--quiet": "quiet",
    "--strict": "strict",
    "--force-exclude": "force_exclude",
}
_VALUED = {
    "-i": "input",
    "--input": "input",
    "-f": "format",
    "--format": "format",
    "--ignore": "ignore",
    "--exclude": "exclude",
    "--color": "color",
    "--columns": "columns",
    "--dtype": "dtype",
    "--batch": "batch",
    "--max-bytes": "max_bytes",
    "--max-depth": "max_depth",
    "--max-nodes": "max_nodes",
    "--max-layers": "max_layers",
    "--max-repeat": "max_repeat",
    "--variant": "variant",
    "--set": "set",
    "--max-work": "max_work",
}
_LISTS = ("ignore", "set")  # repeatable options
_CHOICES = {
    "color": ("auto", "always", "never"),
    "dtype": ("float32", "float16", "bfloat16", "int8"),
}
#: Integer options, in the order of Limits' fields after "batch".
_INTS = ("batch", "max_bytes", "max_depth", "max_nodes", "max_layers", "max_repeat", "max_work")


def parse_check(argv: list[str]) -> tuple[dict[str, str | bool | list[str]], list[Path]] | None:
    """The options and files of a plain ``check`` invocation, or None to let typer decide."""
    opts: dict[str, str | bool | list[str]] = {}
    files: list[Path] = []
    lists: dict[str, list[str]] = {"ignore": [], "exclude": [], "set": []}
    words = iter(argv)
    for word in words:
        if word in _FLAGS:
            opts[_FLAGS[word]] = True
        elif word in _VALUED:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
            if _VALUED[word] in lists:
                lists[_VALUED[word]].append(value)
            else:
                opts[_VALUED[word]] = value
        elif word.startswith("-") or not Path(word).exists():
            return None
        else:
            files.append(Path(word))
    opts.update(lists)
    return (opts, files) if files else None


def fast_check(argv: list[str]) -> int | None:
    """Run ``check`` when every option is one this path knows and valid; None otherwise."""
    parsed = parse_check(argv)
    if parsed is None:
        return None
    opts, files = parsed
    from cnnshape.commands import check, options
    from cnnshape.commands.patterns import translate
    from cnnshape.limits import CEILING
    from cnnshape.render import FORMATS

    text = {k: v for k, v in opts.items() if isinstance(v, str)}
    if text.get("format", "table") not in FORMATS:
        return None
    if any(text.get(k, v[0]) not in v for k, v in _CHOICES.items()):
        return None
    numbers = {
        k: int(text[k]) for k in _INTS if k in text and text[k].isascii() and text[k].isdigit()
    }
    highest = {k: (1 << 63) - 1 if k == "batch" else CEILING for k in _INTS}
    if any(k in text and not 1 <= numbers.get(k, 0) <= highest[k] for k in _INTS):
        return None
    ignore = frozenset(c.upper() for c in opts["ignore"])  # type: ignore[union-attr]
    exclude: list[str] = opts["exclude"]  # type: ignore[assignment]
    try:
        shape = options.parse_shape(text["input"]) if "input" in text else None
        columns = (
            options.columns(text["columns"], "batch" in numbers) if "columns" in text else None
        )
        for glob in exclude:
            translate(glob.removeprefix("!"))
        choice = options.parse_choice(text.get("variant"), opts["set"])  # type: ignore[arg-type]
    except ValueError:
        return None
    if options.warning_codes(ignore) is not None:
        return None
    return check.run(
        files,
        input_shape=shape,
        fmt=text.get("format"),
        strict=bool(opts.get("strict")),
        quiet=bool(opts.get("quiet")),
        ignore=ignore,
        color=text.get("color", "auto"),
        limits={k: numbers[k] for k in _INTS[1:] if k in numbers},
        columns=columns,
        dtype=text.get("dtype", "float32"),
        batch=numbers.get("batch"),
        choice=choice,
        selecting=check.Selecting(exclude, bool(opts.get("force_exclude"))),
    )


def main() -> None:
    """The console script. A run is short and makes many small acyclic objects (half a
    million YAML values for a 100,000-layer spec), so the cyclic collector only costs time."""
    import gc

    gc.disable()
    argv = sys.argv[1:]
    if argv[:1] == ["check"]:
        try:
            code = fast_check(argv[1:])
            if code is not None:
                sys.stdout.flush()
        except BrokenPipeError:  # as click does: the reader left; exit 1 without a traceback
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the interpreter closes it
            sys.exit(1)
        if code is not None:
            sys.exit(code)
    from cnnshape.cli import app  # typer: help, errors and the other commands

    app()
