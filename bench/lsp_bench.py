"""How fast `cnnshape lsp` answers an edit, measured from a real client over stdio.

For each spec: open it, then make one-character edits (a space added at the end of a line,
then removed), one at a time, and time each from sending the change to receiving the
diagnostics of that version: the debounce (30 ms) included. Then a burst of rapid edits
without waiting: with stale work cancelled, not queued, only the last version is checked
and published.

    pip install -e '.[lsp]' && python bench/lsp_bench.py [--runs 30] [--max-layers 20000]

Bytecode is compiled first (python -m compileall), as an installed package would be. The
documents live in a temporary folder; with --max-layers its cnnshape.toml raises the layer
limit (the server takes limits from the configuration, as `cnnshape check` does; the
10,000-layer spec is over the default of 5,000).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]


def big_spec(n: int) -> str:
    """n written-out layers that keep the shape (conv 3×3 padding 1, then ReLU)."""
    layers = ["  - Conv2d: {out_channels: 16, kernel_size: 3, padding: 1}", "  - ReLU"]
    return "input: [3, 32, 32]\nlayers:\n" + "\n".join(layers[i % 2] for i in range(n)) + "\n"


class Client:
    def __init__(self) -> None:
        self.lc = LanguageClient("lsp-bench", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.published: list[tuple[str, int | None]] = []
        self.event = asyncio.Event()

        @self.lc.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diags(_: LanguageClient, params: t.PublishDiagnosticsParams) -> None:
            self.arrived[(params.uri, params.version)] = time.perf_counter()
            self.published.append((params.uri, params.version))
            self.event.set()

    async def start(self) -> None:
        await self.lc.start_io(sys.executable, "-m", "cnnshape", "lsp")
        await self.lc.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities()))
        self.lc.initialized(t.InitializedParams())

    async def wait(self, uri: str, version: int, timeout: float = 60) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.arrived:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(deadline - time.perf_counter(), 0))
        return self.arrived[(uri, version)]

    def change(self, uri: str, version: int, line: int, col: int, old: int, new: str) -> float:
        rng = t.Range(t.Position(line, col), t.Position(line, col + old))
        sent = time.perf_counter()
        self.lc.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangePartial(range=rng, text=new)],
            )
        )
        return sent


async def measure(client: Client, uri: str, text: str, runs: int) -> dict[str, float]:
    client.lc.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    await client.wait(uri, 1)
    lines = text.split("\n")
    line = len(lines) // 2
    col = len(lines[line])
    times, version = [], 1
    for i in range(runs):
        version += 1
        add = i % 2 == 0
        sent = client.change(uri, version, line, col, 0 if add else 1, " " if add else "")
        times.append((await client.wait(uri, version)) - sent)
    # A burst: 20 edits as fast as they can be sent; only the last should be checked.
    before = len(client.published)
    first = version + 1
    for i in range(20):
        version += 1
        add = i % 2 == 0
        client.change(uri, version, line, col, 0 if add else 1, " " if add else "")
    await client.wait(uri, version)
    await asyncio.sleep(0.3)  # anything still queued would arrive now
    burst = [v for u, v in client.published[before:] if u == uri and v is not None and v >= first]
    return {
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "max_ms": max(times) * 1000,
        "burst_published": float(len(burst)),
    }


def check_alone(text: str, path: Path, runs: int = 5) -> tuple[float, list[str]]:
    """Median ms of the check itself, in this process (what the server runs per edit, its
    configuration included), and the codes it finds."""
    from cnnshape.lsp.analysis import run

    times, codes = [], []
    for _ in range(runs):
        gc.collect()
        gc.disable()  # as the server checks: the collector runs between checks
        start = time.perf_counter()
        codes = [f.code for f in run(text, str(path)).findings]
        times.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(times) * 1000, codes


async def main(runs: int, max_layers: int | None) -> None:
    compileall.compile_dir(str(ROOT / "cnnshape"), quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="lsp-bench-"))
    if max_layers is not None:
        (folder / "cnnshape.toml").write_text(f"[limits]\nmax-layers = {max_layers}\n")
    client = Client()
    await client.start()
    cases = {
        "specs/resnet50.yaml": ("resnet50.yaml", (ROOT / "specs" / "resnet50.yaml").read_text()),
        "10,000 layers": ("layers10000.yaml", big_spec(10_000)),
    }
    for label, (name, text) in cases.items():
        path = folder / name
        path.write_text(text)
        uri = path.as_uri()
        r = await measure(client, uri, text, runs if "resnet" in label else max(runs // 3, 5))
        alone, codes = check_alone(text, path)
        print(
            f"{label:<22} edit → diagnostics: median {r['median_ms']:.1f} ms "
            f"(min {r['min_ms']:.1f}, max {r['max_ms']:.1f}); "
            f"a burst of 20 edits published {int(r['burst_published'])} time(s); "
            f"the check alone: {alone:.1f} ms; findings: {', '.join(codes) or 'none'}"
        )
    await client.lc.shutdown_async(None)
    client.lc.exit(None)
    await client.lc.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--max-layers", type=int, default=None, help="the documents' limit")
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.max_layers))
