"""The language server checks a document with the configuration `cnnshape check` would use
for a file at its path: ignored codes, `input`, limits; a mistake in the configuration is
shown on the configuration file. Each case is compared with the CLI on the same file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsp_helpers import cli_findings, lsp_findings, open_doc, published, replace_all, uri_of
from lsprotocol import types as t
from pytest_lsp import LanguageClient

# Conv 11/4 on 224: (224 − 11)/4 + 1 = 54.25, the last row and column unread: W301.
# Pool 2: 27; Flatten: 8·27·27 = 5832 features, which Linear infers.
SPEC = """\
input: [3, 224, 224]
layers:
  - Conv2d: {out_channels: 8, kernel_size: 11, stride: 4}
  - ReLU
  - MaxPool2d: {kernel_size: 2}
  - Flatten
  - Linear: {in_features: 5832, out_features: 10}
"""


async def _check(client: LanguageClient, path: Path) -> list[tuple[str, int, int, str]]:
    diags = await open_doc(client, uri_of(path), path.read_text())
    found = lsp_findings(diags)
    assert found == cli_findings(path)
    return found


@pytest.mark.asyncio
async def test_ignored_codes_from_pyproject_and_per_file(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "plain.yaml").write_text(SPEC)
    assert [f[0] for f in await _check(client, tmp_path / "plain.yaml")] == ["W301"]
    sub = tmp_path / "nets"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.cnnshape]\nignore = ["W301"]\n')
    (sub / "net.yaml").write_text(SPEC)
    assert await _check(client, sub / "net.yaml") == []  # the nearest configuration
    (tmp_path / "cnnshape.toml").write_text("[per-file-ignores]\n'legacy*.yaml' = ['W301']\n")
    (tmp_path / "legacy1.yaml").write_text(SPEC)
    assert await _check(client, tmp_path / "legacy1.yaml") == []
    (tmp_path / "other.yaml").write_text(SPEC)
    assert [f[0] for f in await _check(client, tmp_path / "other.yaml")] == ["W301"]


@pytest.mark.asyncio
async def test_input_from_the_configuration(client: LanguageClient, tmp_path: Path) -> None:
    # input 3×223×223: (223 − 11)/4 + 1 = 54 exactly (no W301); pool: 27; 8·27·27 = 5832
    (tmp_path / "cnnshape.toml").write_text("input = [3, 223, 223]\n")
    (tmp_path / "net.yaml").write_text(SPEC)
    assert await _check(client, tmp_path / "net.yaml") == []
    # input 3×231×231: (231 − 11)/4 + 1 = 56, pool 28: 8·28·28 = 6272 ≠ 5832, E206
    (tmp_path / "cnnshape.toml").write_text('input = "3x231x231"\n')
    (tmp_path / "again.yaml").write_text(SPEC)
    found = await _check(client, tmp_path / "again.yaml")
    assert [f[0] for f in found] == ["E206"] and "6272" in found[0][3]


@pytest.mark.asyncio
async def test_limits_from_the_configuration(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "cnnshape.toml").write_text("[limits]\nmax-layers = 3\n")  # the spec has 5
    (tmp_path / "net.yaml").write_text(SPEC)
    found = await _check(client, tmp_path / "net.yaml")
    assert [f[0] for f in found] == ["E111"]


@pytest.mark.asyncio
async def test_a_bad_configuration_is_shown_on_its_file_and_cleared_when_fixed(
    client: LanguageClient, tmp_path: Path
) -> None:
    config = tmp_path / "cnnshape.toml"
    config.write_text('# settings\nignore = ["W999"]\n')
    (tmp_path / "net.yaml").write_text(SPEC)
    record = published(client)
    diags = await open_doc(client, uri_of(tmp_path / "net.yaml"), SPEC)
    assert [d.code for d in diags] == ["W301"]  # the spec is still checked
    key = (uri_of(config), None)
    await asyncio.wait_for(_until(lambda: key in record.seen, record), 20)
    [bad] = record.seen[key]
    assert bad.code == "E115" and "W999" in bad.message
    assert bad.severity == t.DiagnosticSeverity.Error
    assert bad.range.start.line == 1  # the ignore line, 0-based
    config.write_text('# settings\nignore = ["W301"]\n')
    record.seen.pop(key)
    diags = await replace_all(client, uri_of(tmp_path / "net.yaml"), 2, SPEC + "\n")
    assert diags == []
    await asyncio.wait_for(_until(lambda: key in record.seen, record), 20)
    assert record.seen[key] == []


async def _until(ready: object, record: object) -> None:
    while not ready():  # type: ignore[operator]
        record.event.clear()  # type: ignore[attr-defined]
        await record.event.wait()  # type: ignore[attr-defined]
