"""The editor schema in the real YAML language server: completions in block and flow style,
no internal names, every layer type named for an unknown one.

Drives ``yaml-language-server`` (npm) over stdio. It is installed once into a cache folder
(CNNSHAPE_YLS_DIR, default ~/.cache/cnnshape-tests/yls); the test is skipped when node or
npm is missing or the install fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsp_client import Client

HEAD = "input: [3, 32, 32]\nlayers:\n"


def _server() -> Path | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    where = Path(os.environ.get("CNNSHAPE_YLS_DIR", Path.home() / ".cache/cnnshape-tests/yls"))
    binary = where / "node_modules" / ".bin" / "yaml-language-server"
    if not binary.exists():
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(where),
                "--no-audit",
                "--no-fund",
                "yaml-language-server",
            ],
            capture_output=True,
            timeout=600,
        )
    return binary if binary.exists() else None


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Path]]:
    binary = _server()
    if binary is None:
        pytest.skip("node/npm or yaml-language-server not available")
    folder = tmp_path_factory.mktemp("editor")
    schema = folder / "cnnshape.schema.json"
    schema.write_text(
        subprocess.run(
            [sys.executable, "-m", "cnnshape", "schema"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    settings = {
        "yaml": {
            "schemas": {schema.as_uri(): ["*.cnn.yaml"]},
            "completion": True,
            "validate": True,
        }
    }
    client = Client([str(binary), "--stdio"], settings)
    try:
        client.start(folder.as_uri())
        client.pump(1)
        yield client, folder
    finally:
        client.close()


class Doc:
    count = 0

    def __init__(self, session: tuple[Client, Path], text: str) -> None:
        self.client, folder = session
        Doc.count += 1
        self.uri = (folder / f"spec{Doc.count}.cnn.yaml").as_uri()
        self.text = text
        self.client.open(self.uri, text)

    def complete(self, line: int, character: int) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for _ in range(5):  # the first request may come before the schema is loaded
            items = self.client.complete(self.uri, line, character)
            if items:
                break
            self.client.pump(0.5)
        return items

    def diagnostics(self) -> list[str]:
        self.client.pump(1.5)
        return [d["message"] for d in self.client.diagnostics.get(self.uri, [])]


def by_label(items: list[dict[str, Any]]) -> dict[str, str]:
    return {item["label"]: item.get("insertText", item["label"]) for item in items}


def no_internal_names(items: list[dict[str, Any]]) -> None:
    for item in items:
        for field in ("label", "detail"):
            text = str(item.get(field) or "")
            assert "args." not in text and "layer." not in text and "#/" not in text, item


def test_block_style_arguments(session: tuple[Client, Path]) -> None:
    doc = Doc(session, HEAD + "  - Conv2d:\n      kernel_size: 3\n      \n")
    items = doc.complete(4, 6)
    found = by_label(items)
    assert found["stride"] == "stride: ${1:1}"  # PyTorch's default, one line
    assert found["out_channels"] == "out_channels: ${1:0}"
    assert found["padding"] == "padding: ${1:0}"
    assert "kernel_size" not in found  # already written
    assert "Conv2d arguments" in found  # the required ones together, a clean title
    no_internal_names(items)


def test_flow_style_arguments(session: tuple[Client, Path]) -> None:
    """In {...} the server completes once a key is begun (with nothing typed after ', '
    yaml-language-server 1.x offers nothing, whatever the schema); every snippet is one line,
    so it is valid inside the braces. (The server inserts a key matching the typed prefix
    without ': ', on a line that already has a colon: its behaviour, not the schema's.)"""
    line = "  - Conv2d: {kernel_size: 2, p}"
    doc = Doc(session, HEAD + line + "\n")
    items = doc.complete(2, line.index("}"))
    found = by_label(items)
    assert found["padding"].startswith("padding")
    assert found["dilation"] == "dilation: ${1:1}"
    assert found["stride"] == "stride: ${1:1}"
    assert found["out_channels"] == "out_channels: ${1:0}"
    assert all("\n" not in text for text in found.values()), found
    no_internal_names(items)


def test_a_bare_layer_inserts_its_name(session: tuple[Client, Path]) -> None:
    doc = Doc(session, HEAD + "  - Re\n")
    found = by_label(doc.complete(2, 6))
    assert found["ReLU"] == "ReLU"  # not 'ReLU: ${1:ReLU}', which the checker flags
    assert found["Flatten"] == "Flatten"


def test_a_layer_with_required_arguments_has_a_flow_snippet(session: tuple[Client, Path]) -> None:
    doc = Doc(session, HEAD + "  - \n")
    items = doc.complete(2, 4)
    found = by_label(items)
    snippet = found["Conv2d: {out_channels, kernel_size}"]
    assert snippet == "Conv2d: {out_channels: ${1}, kernel_size: ${2}}"
    no_internal_names(items)


def test_an_unknown_layer_lists_every_layer_type(session: tuple[Client, Path]) -> None:
    doc = Doc(session, HEAD + "  - Reluu\n")
    messages = doc.diagnostics()
    assert any("Valid values" in m for m in messages), messages
    listed = next(m for m in messages if "Valid values" in m)
    for name in ("ReLU", "Flatten", "Conv2d", "Linear", "MaxPool2d"):  # with and without
        assert f'"{name}"' in listed  # required arguments
    assert not any("args." in m for m in messages)


def test_wrong_argument_type_names_the_layer(session: tuple[Client, Path]) -> None:
    doc = Doc(session, HEAD + "  - Conv2d: 5\n")
    messages = doc.diagnostics()
    assert messages and not any("args." in m or "layer." in m for m in messages), messages
