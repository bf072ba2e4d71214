"""`cnnshape lsp`: a Language Server Protocol server for specs (needs the `lsp` extra, pygls).

Only :mod:`cnnshape.lsp.analysis` and :mod:`cnnshape.lsp.catalog` import the core; the
features (findings, hints, hover, completion, navigation, actions) read their values.
"""

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
