"""`cnnshape lsp`: serve over stdio, or say how to install pygls (exit 2)."""

from __future__ import annotations

import sys

HINT = "cnnshape lsp needs pygls: pip install 'cnnshape[lsp]'"


def run() -> int:
    """Serve over stdio; without pygls print a one-line hint and return 2."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        print(HINT, file=sys.stderr)
        return 2
    from cnnshape.lsp.server import main

    main()
    return 0
