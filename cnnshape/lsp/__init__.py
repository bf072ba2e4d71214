"""`cnnshape lsp`: a Language Server Protocol server for specs (needs the `lsp` extra, pygls).

Only :mod:`cnnshape.lsp.analysis` and :mod:`cnnshape.lsp.catalog` import the core; the
features (findings, hints, hover, completion, navigation, actions) read their values;
:mod:`cnnshape.lsp.command` starts the server (:mod:`cnnshape.lsp.server`).
"""
