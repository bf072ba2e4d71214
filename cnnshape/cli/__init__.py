"""The command line: parse options, call the pipeline, pick a renderer, exit with the report's code.

Nothing here computes a shape or formats a table. ``app`` (in :mod:`cnnshape.cli.app`) is the
typer app; each module beside it adds its commands to it: ``check``; ``export``, ``draw``,
``sizes``, ``convert`` (:mod:`~cnnshape.cli.tools`); ``layers``, ``schema``, ``lsp``, ``new``,
``explain`` (:mod:`~cnnshape.cli.info`).
"""

from cnnshape.cli.app import Format, app

# isort: off
# The help lists the commands in the order they are added: these imports add them.
from cnnshape.cli import check  # noqa: F401
from cnnshape.cli import tools  # noqa: F401
from cnnshape.cli import info  # noqa: F401

# isort: on

__all__ = ["Format", "app"]
