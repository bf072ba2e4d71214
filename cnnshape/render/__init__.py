"""Renderers: a report list → text. A dict from format name to renderer, imported on use.

Only :mod:`cnnshape.render.table` imports rich; machine formats are plain text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TextIO

from cnnshape.report import FileReport


@dataclass(frozen=True, slots=True)
class RenderOptions:
    color: str = "auto"  # auto | always | never
    strict: bool = False
    quiet: bool = False
    columns: tuple[str, ...] = ("shape", "params")  # see cnnshape.render.columns


Renderer = Callable[[list[FileReport], TextIO, RenderOptions], None]

#: format name → module in this package that defines ``render``.
FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json_format",
    "concise": "concise",
    "github": "github",
    "markdown": "markdown",
    "sarif": "sarif",
}


def get(name: str) -> Renderer:
    module = importlib.import_module(f"cnnshape.render.{FORMATS[name]}")
    renderer: Renderer = module.render
    return renderer


def default_format(environ: Mapping[str, str], isatty: bool, quiet: bool = False) -> str:
    """The format when none is given: GitHub annotations inside a GitHub Actions job whose
    output is not a terminal; otherwise the table (or, with --quiet, one line per finding)."""
    if quiet:
        return "concise"
    if environ.get("GITHUB_ACTIONS") == "true" and not isatty:
        return "github"
    return "table"
