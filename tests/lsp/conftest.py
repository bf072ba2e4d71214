"""A real `cnnshape lsp` over stdio, driven by pytest-lsp's client (skipped without pygls)."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsp_helpers import published  # noqa: E402
from lsprotocol import types as t  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

SERVER = [sys.executable, "-m", "cnnshape", "lsp"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    caps = client_capabilities("visual-studio-code")
    await lsp_client.initialize_session(t.InitializeParams(capabilities=caps))
    published(lsp_client)  # record every publishDiagnostics from the start
    yield
    await lsp_client.shutdown_session()
