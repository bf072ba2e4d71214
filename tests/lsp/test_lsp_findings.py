"""Diagnostics over stdio are exactly the CLI's findings, each underlining its whole value."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsp_helpers import (
    cli_findings,
    lsp_findings,
    open_doc,
    published,
    replace_all,
    text_of,
    uri_of,
    wait_diags,
)
from lsprotocol import types as t
from pytest_lsp import LanguageClient

from cnnshape.explain import help_uri as sarif_help_uri

ROOT = Path(__file__).resolve().parents[2]

# Conv 11/4 on 224: (224 − 11)/4 + 1 = 54.25 → 54, the last row and column unread (W301;
# 223 or 227 fit). Pool 2: 27. Flatten: 8·27·27 = 5832, so in_features 300 is E206.
MISTAKES = """\
input: [3, 224, 224]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 11, stride: 4}
  - ReLU
  - MaxPool2d: {kernel_size: 2}
  - Flatten
  - Linear: {in_features: 300, out_features: 10}
"""


@pytest.mark.asyncio
async def test_mistakes_are_the_cli_findings_with_ranges(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(MISTAKES)
    diags = await open_doc(client, uri_of(path), MISTAKES)
    assert lsp_findings(diags) == cli_findings(path)
    by_code = {str(d.code): d for d in diags}
    assert set(by_code) == {"W301", "E206"}
    assert text_of(MISTAKES, by_code["W301"].range) == "11"  # the kernel_size value
    assert text_of(MISTAKES, by_code["E206"].range) == "300"
    assert by_code["E206"].severity == t.DiagnosticSeverity.Error
    assert by_code["W301"].severity == t.DiagnosticSeverity.Warning
    assert by_code["E206"].code_description is not None
    # the same page as SARIF's helpUri: the code's own heading in docs/codes.md
    href = by_code["E206"].code_description.href
    assert href == sarif_help_uri("E206") and href.endswith("/docs/codes.md#e206")
    assert "\n### E206\n" in (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_every_bad_spec_matches_the_cli(client: LanguageClient) -> None:
    bad = sorted((ROOT / "specs" / "bad").glob("*.yaml"))
    assert len(bad) >= 20
    for path in bad:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # E100: an editor never sends undecodable text
        diags = await open_doc(client, uri_of(path), text)
        assert lsp_findings(diags) == cli_findings(path), path.name
        for d in diags:
            assert (d.range.start.line, d.range.start.character) < (
                d.range.end.line,
                d.range.end.character,
            ), (path.name, d)


@pytest.mark.asyncio
async def test_an_edit_updates_the_findings(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_of(tmp_path / "net.yaml")
    await open_doc(client, uri, MISTAKES)
    fixed = MISTAKES.replace("in_features: 300", "in_features: 5832")
    diags = await replace_all(client, uri, 2, fixed)
    assert [str(d.code) for d in diags] == ["W301"]
    typo = fixed.replace("kernel_size: 2}", "kernal_size: 2}")
    diags = await replace_all(client, uri, 3, typo)
    assert [(str(d.code), text_of(typo, d.range)) for d in diags][-1] == ("E106", "kernal_size")


@pytest.mark.asyncio
async def test_a_burst_of_edits_is_checked_once(client: LanguageClient, tmp_path: Path) -> None:
    """Edits faster than the debounce cancel the waiting check: no queue of stale results."""
    record = published(client)
    uri = uri_of(tmp_path / "net.yaml")
    await open_doc(client, uri, MISTAKES)
    start = len(record.order)
    text = MISTAKES
    for version in range(2, 22):
        text += " " if version % 2 else ""
        done = asyncio.ensure_future(wait_diags(client, uri, 21)) if version == 21 else None
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    assert done is not None
    await done
    await asyncio.sleep(0.3)  # a queued stale check would publish by now
    seen = [v for u, v in record.order[start:] if u == uri]
    assert seen[-1] == 21
    assert len(seen) <= 3, seen  # 20 edits within a few ms: checked once (rarely twice)


@pytest.mark.asyncio
async def test_edits_of_a_long_spec_give_the_cli_findings(
    client: LanguageClient, tmp_path: Path
) -> None:
    """The server re-reads only the layer an edit touched and remembers rule results; after
    each edit (a mistake made, a line added, a layer typed, the mistake fixed) the findings
    are still exactly the CLI's on that text."""
    layers = "".join(
        f"  - Conv2d: {{out_channels: {8 + i % 4}, kernel_size: 3, padding: 1}}\n  - ReLU\n"
        for i in range(300)
    )
    text = "input: [3, 16, 16]\nlayers:\n" + layers + "  - Flatten\n  - Linear: 10\n"
    path = tmp_path / "long.yaml"
    uri = uri_of(path)
    await open_doc(client, uri, text)
    lines = text.split("\n")
    edits = [
        (301, "  - Conv2d: {in_channels: 5, out_channels: 8, kernel_size: 3, padding: 1}"),
        (101, "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1, stride: 2}"),
        (401, lines[401] + "\n  - BatchNorm2d: {num_features: 3}"),
        (301, lines[301]),
        (500, lines[500] + "\n"),
    ]
    for version, (line, new) in enumerate(edits, start=2):
        lines[line] = new
        text = "\n".join(lines)
        lines = text.split("\n")
        path.write_text(text)
        diags = await replace_all(client, uri, version, text)
        assert lsp_findings(diags) == cli_findings(path), (version, line)
