"""The command line: parse options, call the pipeline, pick a renderer, exit with the report's code.

Nothing here computes a shape or formats a table. ``app`` (in :mod:`cnnshape.cli.app`) is the
typer app; each module beside it adds its commands to it: ``check``; ``export``, ``draw``,
``sizes``, ``convert`` (:mod:`~cnnshape.cli.tools`); ``layers``, ``schema``, ``lsp``, ``new``,
``explain`` (:mod:`~cnnshape.cli.info`).
"""

from cnnshape.cli import check, info, tools  # noqa: F401  (each adds its commands to app)
from cnnshape.cli.app import Format, app

__all__ = ["Format", "app"]
