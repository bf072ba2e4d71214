"""Random edits to a real server over stdio: no crash, no hang, no error in any answer or log.

A seeded loop (CNNSHAPE_LSP_FUZZ_SEED, CNNSHAPE_LSP_FUZZ_EDITS) of insertions of YAML
syntax and spec words, deletions and truncations, sent as incremental changes without
waiting, with requests at random places in between; every so often the test waits for the
diagnostics of the latest version (so every check finishes, and promptly).
"""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import pytest
from lsp_helpers import open_doc, uri_of, wait_diags
from lsprotocol import types as t
from pytest_lsp import LanguageClient

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("CNNSHAPE_LSP_FUZZ_SEED", "15"))
EDITS = int(os.environ.get("CNNSHAPE_LSP_FUZZ_EDITS", "300"))
TOKENS = [
    ":",
    "{",
    "}",
    "[",
    "]",
    ",",
    "- ",
    "\n",
    "  ",
    "\t",
    "#",
    '"',
    "'",
    "&a ",
    "*a",
    "$x",
    "!!python/name:os.system",
    "Conv2d",
    "residual:",
    "repeat: 3",
    "from: ",
    "name: x",
    "kernel_size: 3",
    "ignore: [W301]",
    "0",
    "-1",
    "1e999",
    "é",
    "😀",
    "---\n",
    "blocks:",
]


def _pos(text: str, offset: int) -> t.Position:
    before = text[:offset]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1 :]
    return t.Position(line, len(col.encode("utf-16-le")) // 2)


def _edit(rng: random.Random, text: str) -> tuple[int, int, str]:
    """(start, end, new text) in code points."""
    n = len(text)
    roll = rng.random()
    if roll < 0.55:
        at = rng.randint(0, n)
        return at, at, "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 3)))
    if roll < 0.9:
        a = rng.randint(0, n)
        return a, min(n, a + rng.randint(1, 40)), ""
    return rng.randint(0, n), n, ""


async def _request(client: LanguageClient, rng: random.Random, uri: str, text: str) -> None:
    doc = t.TextDocumentIdentifier(uri=uri)
    pos = _pos(text, rng.randint(0, len(text)))
    whole = t.Range(t.Position(0, 0), _pos(text, len(text)))
    kind = rng.randrange(6)
    if kind == 0:
        await client.text_document_hover_async(t.HoverParams(text_document=doc, position=pos))
    elif kind == 1:
        await client.text_document_completion_async(
            t.CompletionParams(text_document=doc, position=pos)
        )
    elif kind == 2:
        await client.text_document_inlay_hint_async(
            t.InlayHintParams(text_document=doc, range=whole)
        )
    elif kind == 3:
        await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc))
    elif kind == 4:
        await client.text_document_definition_async(
            t.DefinitionParams(text_document=doc, position=pos)
        )
    else:
        await client.text_document_code_action_async(
            t.CodeActionParams(
                text_document=doc, range=whole, context=t.CodeActionContext(diagnostics=[])
            )
        )


@pytest.mark.asyncio
async def test_random_edits(client: LanguageClient, capfd: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    for name in ("resnet18.yaml", "unet.yaml", "cifar10.yaml"):
        path = ROOT / "specs" / name
        uri, text = uri_of(path), path.read_text()
        await open_doc(client, uri, text)
        for version in range(2, EDITS // 3 + 2):
            a, b, new = _edit(rng, text)
            change = t.TextDocumentContentChangePartial(
                range=t.Range(_pos(text, a), _pos(text, b)), text=new
            )
            text = text[:a] + new + text[b:]
            waiting = None
            if version % 10 == 0:
                waiting = asyncio.ensure_future(wait_diags(client, uri, version))
            client.text_document_did_change(
                t.DidChangeTextDocumentParams(
                    text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[change],
                )
            )
            if rng.random() < 0.3:
                await _request(client, rng, uri, text)
            if waiting is not None:
                await waiting  # wait_diags times out (a hang) after 20 s
        client.text_document_did_close(
            t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri))
        )
    assert not [m for m in client.log_messages if m.type == t.MessageType.Error]
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ERROR" not in err, err[-3000:]
