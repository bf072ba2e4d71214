"""Code generation: a checked spec → source code that builds the network in a framework.

A dict from target name to the module in this package that defines
``generate(report, source) -> str``; modules are imported on use, so no command
pays for a target it does not run. Generated code never imports cnnshape.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from cnnshape.report import FileReport

Generator = Callable[[FileReport, str], str]

#: target name → module in this package that defines ``generate``.
TARGETS: dict[str, str] = {"pytorch": "pytorch"}


class ExportError(Exception):
    """A checked spec that the target cannot express; the message says why and what to change."""


def get(target: str) -> Generator:
    module = importlib.import_module(f"cnnshape.export.{TARGETS[target]}")
    generate: Generator = module.generate
    return generate
