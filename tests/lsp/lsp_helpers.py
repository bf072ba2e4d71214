"""Small steps of an editor session: open, edit, wait for the diagnostics of a version."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from lsprotocol import types as t
from pytest_lsp import LanguageClient

DIAGS = "textDocument/publishDiagnostics"


class Published:
    """Every publishDiagnostics the client receives, by (uri, version): none can be missed
    between two waits, as with wait_for_notification when two arrive together."""

    def __init__(self, client: LanguageClient) -> None:
        self.seen: dict[tuple[str, int | None], list[t.Diagnostic]] = {}
        self.order: list[tuple[str, int | None]] = []
        self.event = asyncio.Event()
        handlers = client.protocol.fm.features
        self.original = handlers[DIAGS]
        handlers[DIAGS] = self.record

    def record(self, params: t.PublishDiagnosticsParams) -> None:
        self.seen[(params.uri, params.version)] = list(params.diagnostics)
        self.order.append((params.uri, params.version))
        self.event.set()
        self.original(params)


def published(client: LanguageClient) -> Published:
    found = getattr(client, "_cnnshape_published", None)
    if found is None:
        found = Published(client)
        client._cnnshape_published = found  # type: ignore[attr-defined]
    return found


async def wait_diags(client: LanguageClient, uri: str, version: int) -> list[t.Diagnostic]:
    """The diagnostics published for ``uri`` at ``version``; 20 s without them is a hang."""
    record = published(client)

    async def wait() -> list[t.Diagnostic]:
        while (uri, version) not in record.seen:
            record.event.clear()
            await record.event.wait()
        return record.seen[(uri, version)]

    return await asyncio.wait_for(wait(), 20)


async def open_doc(client: LanguageClient, uri: str, text: str) -> list[t.Diagnostic]:
    wait = asyncio.ensure_future(wait_diags(client, uri, 1))
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    return await wait


async def replace_all(
    client: LanguageClient, uri: str, version: int, text: str
) -> list[t.Diagnostic]:
    wait = asyncio.ensure_future(wait_diags(client, uri, version))
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [t.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await wait


def cli_findings(path: Path) -> list[tuple[str, int, int, str]]:
    """(code, line, column, message) as `cnnshape check --format json` gives them."""
    out = subprocess.run(
        [sys.executable, "-m", "cnnshape", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    [file] = json.loads(out.stdout)["files"]
    return [(d["code"], d["line"], d["column"], d["message"]) for d in file["diagnostics"]]


def lsp_findings(diags: list[t.Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [
        (str(d.code), d.range.start.line + 1, d.range.start.character + 1, d.message) for d in diags
    ]


def text_of(text: str, rng: t.Range) -> str:
    lines = text.split("\n")
    assert rng.start.line == rng.end.line, rng
    return lines[rng.start.line][rng.start.character : rng.end.character]


def apply(text: str, edits: list[t.TextEdit]) -> str:
    """Apply non-overlapping edits (ASCII text, so UTF-16 columns are characters)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    spans = []
    for e in edits:
        a = offsets[e.range.start.line] + e.range.start.character
        b = offsets[e.range.end.line] + e.range.end.character
        spans.append((a, b, e.new_text))
    for a, b, new in sorted(spans, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()
