"""The VS Code extension installs, starts `cnnshape lsp`, and packages into a .vsix.

Skipped without node and npm; `npm ci` fetches the locked packages from the registry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "editors" / "vscode"
NODE, NPM, NPX = shutil.which("node"), shutil.which("npm"), shutil.which("npx")

# CI sets CNNSHAPE_REQUIRE_NODE=1: there a missing node is a failure, not a skip.
REQUIRED = os.environ.get("CNNSHAPE_REQUIRE_NODE") == "1"
pytestmark = [
    pytest.mark.skipif(
        not (NODE and NPM and NPX) and not REQUIRED, reason="node and npm are not installed"
    ),
    pytest.mark.slow,
]


def test_node_is_there_when_required() -> None:
    assert NODE and NPM and NPX, "CNNSHAPE_REQUIRE_NODE=1 but node/npm/npx are not on PATH"


# Loads extension.js with stand-ins for the `vscode` API and the language client, and
# prints the server options it starts the client with.
ACTIVATE = """
const Module = require("module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") {
    return { workspace: { getConfiguration: () => ({ get: (key, dflt) => dflt }) } };
  }
  if (request === "vscode-languageclient/node") {
    return {
      TransportKind: { stdio: 0 },
      LanguageClient: class {
        constructor(id, name, server, client) {
          console.log(JSON.stringify({ id, server, client }));
        }
        start() { return Promise.resolve(); }
      },
    };
  }
  return load.call(this, request, ...rest);
};
require("./extension.js").activate({ subscriptions: [] });
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("vscode") / "ext"
    shutil.copytree(SOURCE, work, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    run = {"cwd": work, "capture_output": True, "text": True, "timeout": 600, "check": False}
    done = subprocess.run([str(NPM), "ci", "--no-audit", "--no-fund"], **run)  # type: ignore[call-overload]
    assert done.returncode == 0, done.stderr[-2000:]
    out = work / "cnnshape.vsix"
    done = subprocess.run([str(NPX), "--no-install", "vsce", "package", "--out", str(out)], **run)  # type: ignore[call-overload]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return work


def test_vsix_holds_the_extension_and_its_client(built: Path) -> None:
    with zipfile.ZipFile(built / "cnnshape.vsix") as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
    assert {"extension/extension.js", "extension/package.json"} <= names
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not any("node_modules/@vscode/vsce/" in n for n in names)  # a dev dependency
    assert manifest["contributes"]["configuration"]["properties"]["cnnshape.command"][
        "default"
    ] == ["cnnshape", "lsp"]


def test_activation_starts_cnnshape_lsp_over_stdio(built: Path) -> None:
    done = subprocess.run(
        [str(NODE), "-e", ACTIVATE], cwd=built, capture_output=True, text=True, check=True
    )
    started = json.loads(done.stdout)
    assert started["server"] == {"command": "cnnshape", "args": ["lsp"], "transport": 0}
    assert started["client"]["documentSelector"][0]["language"] == "yaml"
