"""Inlay hints, hover, completion (block and flow style), navigation and quick fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import apply, open_doc, replace_all, text_of, uri_of
from lsprotocol import types as t
from pytest_lsp import LanguageClient

ID = t.TextDocumentIdentifier

# Worked out by hand (PyTorch's formulas): conv 3×3 pad 1 keeps 32; pool 2 → 16; conv → 32
# channels; pool → 8; Flatten 32·8·8 = 2048; Linear 2048·10 + 10 = 20,490 parameters.
# Conv 1: 16·3·9 + 16 = 448 parameters, MACs 16·32·32·3·9 = 442,368.
NET = """\
input: [3, 32, 32]
blocks:
  stage:
    params: {channels: null}
    layers:
      - Conv2d: {out_channels: $channels, kernel_size: 3, padding: 1}
      - MaxPool2d: 2
layers:
  - Conv2d: {out_channels: 16, kernel_size: 3, padding: 1, name: stem}
  - stage: {channels: 16}
  - stage: {channels: 32, name: body}
  - Flatten
  - Linear: {out_features: 10}
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n")) if needle in line)


async def _hints(client: LanguageClient, uri: str, text: str) -> dict[int, str]:
    n = len(text.split("\n"))
    got = await client.text_document_inlay_hint_async(
        t.InlayHintParams(
            text_document=ID(uri=uri), range=t.Range(t.Position(0, 0), t.Position(n, 0))
        )
    )
    return {h.position.line: str(h.label) for h in got or []}


@pytest.mark.asyncio
async def test_inlay_hints_follow_edits(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_of(tmp_path / "net.yaml")
    assert await open_doc(client, uri, NET) == []
    hints = await _hints(client, uri, NET)
    assert hints[_line(NET, "name: stem")] == "→ (N, 16, 32, 32)"
    assert hints[_line(NET, "Flatten")] == "→ (N, 2048)"
    assert hints[_line(NET, "Linear")] == "→ (N, 10)"
    assert hints[_line(NET, "name: body")] == "⇒ (N, 32, 8, 8)"
    # The pool inside the block is used twice: 16 then 8.
    assert hints[_line(NET, "MaxPool2d")] == "→ (N, 16, 16, 16) … (N, 32, 8, 8) ×2"
    wider = NET.replace("channels: 32, name", "channels: 64, name")
    await replace_all(client, uri, 2, wider)
    hints = await _hints(client, uri, wider)
    assert hints[_line(wider, "Flatten")] == "→ (N, 4096)"  # 64·8·8
    # Half-typed: the YAML breaks; the findings say so, the hints stay.
    broken = wider.replace("  - Flatten\n", "  - Flatten: {\n")
    diags = await replace_all(client, uri, 3, broken)
    assert [str(d.code) for d in diags] == ["E101"]
    assert (await _hints(client, uri, broken))[_line(broken, "Flatten")] == "→ (N, 4096)"


async def _hover(client: LanguageClient, uri: str, line: int, col: int) -> str:
    got = await client.text_document_hover_async(
        t.HoverParams(text_document=ID(uri=uri), position=t.Position(line, col))
    )
    assert got is not None and isinstance(got.contents, t.MarkupContent)
    return got.contents.value


@pytest.mark.asyncio
async def test_hover(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_of(tmp_path / "net.yaml")
    await open_doc(client, uri, NET)
    stem = _line(NET, "name: stem")
    text = await _hover(client, uri, stem, 6)  # on "Conv2d"
    assert "(N, 3, 32, 32) → (N, 16, 32, 32)" in text
    assert "params 448" in text and "MACs 442,368" in text and "receptive field 3" in text
    linear = await _hover(client, uri, _line(NET, "Linear"), 6)
    assert "in_features: 2048 = 32·8·8" in linear and "params 20,490" in linear
    col = NET.split("\n")[stem].index("padding")
    arg = await _hover(client, uri, stem, col + 1)
    assert "`padding`" in arg and "PyTorch's default: 0" in arg
    code = await _hover_text(client, uri, "  - Linear: {out_features: 10}  # see W301")
    assert "W301 (warning)" in code


async def _hover_text(client: LanguageClient, uri: str, line_text: str) -> str:
    text = NET + line_text + "\n"
    await replace_all(client, uri, 2, text)
    line = len(text.split("\n")) - 2
    return await _hover(client, uri, line, line_text.index("W301") + 1)


async def _complete(client: LanguageClient, uri: str, text: str, version: int) -> list[str]:
    await replace_all(client, uri, version, text)
    lines = text.split("\n")
    line = next(i for i, s in enumerate(lines) if "|" in s)
    got = await client.text_document_completion_async(
        t.CompletionParams(
            text_document=ID(uri=uri), position=t.Position(line, lines[line].index("|"))
        )
    )
    items = got.items if isinstance(got, t.CompletionList) else got or []
    return [i.label for i in items]


@pytest.mark.asyncio
async def test_completion_in_block_and_flow_style(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_of(tmp_path / "net.yaml")
    await open_doc(client, uri, NET)
    types = await _complete(client, uri, NET + "  - Max|\n", 2)
    assert {"MaxPool2d", "Conv2d", "stage", "repeat", "residual"} <= set(types)
    flow = NET + "  - Conv2d: {out_channels: 8, |}\n"
    args = await _complete(client, uri, flow, 3)
    assert "kernel_size" in args and "padding_mode" in args and "out_channels" not in args
    block = NET + "  - Conv2d:\n      out_channels: 8\n      |\n"
    args = await _complete(client, uri, block, 4)
    assert "kernel_size" in args and "out_channels" not in args and "ignore" in args
    enum = await _complete(client, uri, NET + "  - Conv2d: {padding_mode: |}\n", 5)
    assert set(enum) == {"zeros", "reflect", "replicate", "circular"}
    block_enum = NET + "  - Conv2d:\n      padding_mode: |\n"
    assert "reflect" in await _complete(client, uri, block_enum, 6)
    params = await _complete(client, uri, NET + "  - stage: {|}\n", 7)
    assert "channels" in params
    names = await _complete(client, uri, NET + "  - Concat: {from: |}\n", 8)
    assert set(names) == {"stem", "body"}


@pytest.mark.asyncio
async def test_definition_and_references(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_of(tmp_path / "net.yaml")
    text = NET + "  - Add: {from: stem}\n"
    await open_doc(client, uri, text)
    use = _line(text, "channels: 16}")
    got = await client.text_document_definition_async(
        t.DefinitionParams(text_document=ID(uri=uri), position=t.Position(use, 5))
    )
    assert isinstance(got, list) and len(got) == 1
    assert got[0].range.start == t.Position(_line(text, "  stage:"), 2)
    add = _line(text, "from: stem")
    got = await client.text_document_definition_async(
        t.DefinitionParams(text_document=ID(uri=uri), position=t.Position(add, 18))
    )
    assert isinstance(got, list) and got[0].range.start.line == _line(text, "name: stem")
    refs = await client.text_document_references_async(
        t.ReferenceParams(
            text_document=ID(uri=uri),
            position=t.Position(use, 5),
            context=t.ReferenceContext(include_declaration=False),
        )
    )
    assert sorted(r.range.start.line for r in refs or []) == [use, use + 1]
    symbols = await client.text_document_document_symbol_async(
        t.DocumentSymbolParams(text_document=ID(uri=uri))
    )
    names = [s.name for s in symbols or [] if isinstance(s, t.DocumentSymbol)]
    assert names[:3] == ["stage", "Conv2d stem", "stage"]


MISTAKES = """\
input: [3, 224, 224]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 11, stride: 4}
  - MaxPool2d: {kernel_size: 2}
  - Flatten
  - Linear: {in_features: 300, out_features: 10}
"""


async def _actions(client: LanguageClient, uri: str, diags: list[t.Diagnostic]) -> dict:
    found = {}
    for d in diags:
        got = await client.text_document_code_action_async(
            t.CodeActionParams(
                text_document=ID(uri=uri),
                range=d.range,
                context=t.CodeActionContext(diagnostics=[d]),
            )
        )
        for a in got or []:
            assert isinstance(a, t.CodeAction) and a.edit and a.edit.changes
            found[a.title] = a.edit.changes[uri]
    return found


@pytest.mark.asyncio
async def test_quick_fixes_make_the_spec_clean(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_of(tmp_path / "net.yaml")
    diags = await open_doc(client, uri, MISTAKES)
    actions = await _actions(client, uri, diags)
    # 8·27·27 = 5832 (the pool floors 54 to 27); 223 or 227 tile the 11/4 windows exactly.
    assert {"write in_features: 5832", "ignore W301 on this layer"} <= set(actions)
    assert {"input [3, 223, 223] would fit", "input [3, 227, 227] would fit"} <= set(actions)
    assert text_of(MISTAKES, actions["input [3, 227, 227] would fit"][0].range) == "[3, 224, 224]"
    text = apply(MISTAKES, actions["write in_features: 5832"])
    text = apply(text, actions["ignore W301 on this layer"])
    assert "ignore: [W301]}" in text
    assert await replace_all(client, uri, 2, text) == []
    typo = text.replace("kernel_size: 2}", "kernal_size: 2}")
    diags = await replace_all(client, uri, 3, typo)
    fixes = await _actions(client, uri, diags)
    assert await replace_all(client, uri, 4, apply(typo, fixes["did you mean kernel_size"])) == []
