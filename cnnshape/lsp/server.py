"""`cnnshape lsp`: the language server over stdio (pygls), wiring the features together.

Every open and change schedules one check of the document after a short debounce; a newer
change cancels the check still waiting, and a result for a text that has changed since is
dropped, so work never queues up behind a typist. The check runs on the event loop: a
resnet-sized spec takes a few milliseconds, and requests wait for at most one check.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urlparse

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer

from cnnshape import __version__
from cnnshape.lsp import actions, analysis, completion, document, hints, hover, navigation
from cnnshape.lsp.document import Doc, codepoint_col
from cnnshape.lsp.findings import config_diagnostics, diagnostics

_Handler = TypeVar("_Handler", bound=Callable[..., Any])

#: Seconds a change waits for the next keystroke before it is checked.
DEBOUNCE = 0.03
log = logging.getLogger("cnnshape.lsp")


class Server(LanguageServer):
    def __init__(self) -> None:
        super().__init__("cnnshape", __version__)
        self.docs: dict[str, Doc] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.bad_configs: set[str] = set()  # configuration files shown with findings

    def doc(self, uri: str) -> Doc | None:
        return self.docs.get(uri)

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay``; a check still waiting is cancelled, not queued."""
        old = self.pending.get(uri)
        if old is not None and not old.done():
            old.cancel()
        doc = self.docs[uri]
        self.pending[uri] = asyncio.get_running_loop().create_task(
            self._check_later(doc, doc.version, delay)
        )

    async def _check_later(self, doc: Doc, version: int, delay: float) -> None:
        await asyncio.sleep(delay)
        if doc.version != version or self.docs.get(doc.uri) is not doc:
            return
        gc.disable()  # a check makes many short-lived acyclic objects: collect after it
        try:
            result = analysis.run(doc.text, _path(doc.uri), doc.session)
        except Exception:  # never expected: the check turns every input into findings
            log.exception("checking %s failed", doc.uri)
            return
        finally:
            gc.enable()
        doc.set_result(result)
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diagnostics(doc), version=version)
        )
        self.publish_config(result.config, result.config_findings)
        if _can_refresh(self.client_capabilities):
            self.workspace_inlay_hint_refresh(None)

    def publish_config(self, path: str | None, findings: list[analysis.Finding]) -> None:
        """A configuration file's mistakes go on that file (as ``cnnshape check`` reports
        them), and are cleared once it is fixed."""
        if path is None:
            return
        uri = Path(path).absolute().as_uri()
        if not findings and uri not in self.bad_configs:
            return
        diags = config_diagnostics(path, findings)
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, diags))
        if findings:
            self.bad_configs.add(uri)
        else:
            self.bad_configs.discard(uri)


def _can_refresh(caps: t.ClientCapabilities) -> bool:
    ws = caps.workspace
    return bool(ws and ws.inlay_hint and ws.inlay_hint.refresh_support)


def _path(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def _pos(doc: Doc, p: t.Position) -> tuple[int, int]:
    lines = doc.lines
    line = p.line
    return line, codepoint_col(lines[line], p.character) if line < len(lines) else p.character


def _paused(handler: _Handler) -> _Handler:
    """Run a request with the cyclic garbage collector paused, as a check runs: a feature that
    reads the whole document (its YAML index, the MACs and receptive fields of every layer)
    makes many short-lived objects, and the collector would scan the server's long-lived ones
    again and again meanwhile (on 10,000 layers it more than doubled a hover). It runs between
    requests."""

    @functools.wraps(handler)
    def run(*args: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return handler(*args)
        finally:
            if was:
                gc.enable()

    return cast(_Handler, run)


def build() -> Server:
    server = Server()
    _register_sync(server)
    _register_requests(server)
    return server


def _register_sync(server: Server) -> None:
    @server.feature(t.INITIALIZED)
    def initialized(ls: Server, params: t.InitializedParams) -> None:
        encoding = ls.server_capabilities.position_encoding or "utf-16"
        document.ENCODING["name"] = str(encoding)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: t.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.docs[item.uri] = Doc(item.uri, item.text, item.version)
        ls.schedule(item.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: t.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        text = ls.workspace.get_text_document(uri).source
        doc = ls.docs.get(uri)
        if doc is None:
            doc = ls.docs[uri] = Doc(uri, text, params.text_document.version)
        doc.set_text(text, params.text_document.version)
        ls.schedule(uri, DEBOUNCE)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.docs.pop(uri, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _register_requests(server: Server) -> None:
    @server.feature(t.TEXT_DOCUMENT_INLAY_HINT)
    @_paused
    def inlay_hint(ls: Server, params: t.InlayHintParams) -> list[t.InlayHint] | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        return hints.inlay_hints(doc, params.range.start.line, params.range.end.line)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @_paused
    def on_hover(ls: Server, params: t.HoverParams) -> t.Hover | None:
        doc = ls.doc(params.text_document.uri)
        return hover.hover(doc, *_pos(doc, params.position)) if doc else None

    @server.feature(
        t.TEXT_DOCUMENT_COMPLETION,
        t.CompletionOptions(trigger_characters=["-", "{", ",", " ", ":", "["]),
    )
    @_paused
    def on_complete(ls: Server, params: t.CompletionParams) -> t.CompletionList | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        return completion.complete(doc, params.position.line, params.position.character)

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @_paused
    def on_definition(ls: Server, params: t.DefinitionParams) -> list[t.Location] | None:
        doc = ls.doc(params.text_document.uri)
        return navigation.definition(doc, *_pos(doc, params.position)) if doc else None

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @_paused
    def on_references(ls: Server, params: t.ReferenceParams) -> list[t.Location] | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        line, col = _pos(doc, params.position)
        return navigation.references(doc, line, col, params.context.include_declaration)

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_paused
    def on_symbols(ls: Server, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol] | None:
        doc = ls.doc(params.text_document.uri)
        return navigation.symbols(doc) if doc else None

    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]),
    )
    @_paused
    def on_action(ls: Server, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        doc = ls.doc(params.text_document.uri)
        return actions.code_actions(doc, params.range) if doc else None


def main(*_: Any) -> None:
    """Serve over stdin/stdout until the client says exit."""
    # The console script turns the cyclic collector off for a short run; a server runs for
    # hours, so it is back on between checks. What is loaded by now lives as long as the
    # process: frozen, it is never scanned again.
    gc.freeze()
    gc.enable()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build().start_io()
