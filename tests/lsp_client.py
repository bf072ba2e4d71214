"""A minimal Language Server Protocol client over stdio (JSON-RPC with Content-Length
headers), enough to ask yaml-language-server for completions and diagnostics."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from typing import Any

Message = dict[str, Any]


class Client:
    def __init__(self, command: list[str], settings: Message) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.settings = settings
        self.next_id = 0
        self.inbox: queue.Queue[Message] = queue.Queue()
        self.diagnostics: dict[str, list[Message]] = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def _send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Message) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Message, timeout: float = 60) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        while True:
            msg = self.inbox.get(timeout=timeout)
            if msg.get("id") == ident and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError(msg["error"])
                return msg.get("result")
            self._handle(msg)

    def _handle(self, msg: Message) -> None:
        """Answer the server's own requests; keep published diagnostics."""
        method = msg.get("method")
        if method == "textDocument/publishDiagnostics":
            self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]
        if "id" in msg and method is not None:
            result: Any = None
            if method == "workspace/configuration":
                result = [
                    self.settings.get(item.get("section", ""), None)
                    for item in msg["params"]["items"]
                ]
            self._send({"id": msg["id"], "result": result})

    def pump(self, seconds: float) -> None:
        """Handle whatever the server sends for a while (diagnostics arrive unasked)."""
        try:
            while True:
                self._handle(self.inbox.get(timeout=seconds))
        except queue.Empty:
            pass

    def start(self, root: str) -> None:
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root,
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}},
        )

    def complete(self, uri: str, line: int, character: int) -> list[Message]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if isinstance(result, dict):
            return list(result.get("items", []))
        return list(result or [])

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
        except Exception:
            pass
        self.proc.kill()
        self.proc.wait()
