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
        return self.change_range(uri, version, (line, col), (line, col + old), new)

    def change_range(
        self, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], new: str
    ) -> float:
        rng = t.Range(t.Position(*start), t.Position(*end))
        sent = time.perf_counter()
        self.lc.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangePartial(range=rng, text=new)],
            )
        )
        return sent


def edits(text: str, how: str) -> tuple[int, int, str]:
    """Where the benchmark types, and what: a space at the end of the middle line (then
    removed), or a new layer line after it (then removed: every later line moves)."""
    lines = text.split("\n")
    line = len(lines) // 2
    return line, len(lines[line]), " " if how == "space" else "\n  - ReLU"


async def measure(
    client: Client, uri: str, text: str, runs: int, how: str = "space"
) -> dict[str, float]:
    client.lc.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    await client.wait(uri, 1)
    line, col, typed = edits(text, how)
    times, version = [], 1
    for i in range(runs):
        version += 1
        add = i % 2 == 0
        if add:
            sent = client.change(uri, version, line, col, 0, typed)
        else:  # take it back out: the range the typed text now covers
            end_line = line + typed.count("\n")
            end_col = len(typed.rsplit("\n", 1)[-1]) + (0 if "\n" in typed else col)
            sent = client.change_range(uri, version, (line, col), (end_line, end_col), "")
        times.append((await client.wait(uri, version)) - sent)
    # A hover on the middle layer after each edit (its shapes, MACs and receptive field).
    hovers = []
    row = next(i for i in range(line, len(text.split("\n"))) if "Conv2d" in text.split("\n")[i])
    for i in range(min(runs, 6)):
        version += 1
        add = i % 2 == 0
        if add:
            client.change(uri, version, line, col, 0, typed)
        else:
            end_line = line + typed.count("\n")
            end_col = len(typed.rsplit("\n", 1)[-1]) + (0 if "\n" in typed else col)
            client.change_range(uri, version, (line, col), (end_line, end_col), "")
        await client.wait(uri, version)
        at = row + (typed.count("\n") if add and row > line else 0)
        start = time.perf_counter()
        await client.lc.text_document_hover_async(
            t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(at, 6))
        )
        hovers.append(time.perf_counter() - start)
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
        "hover_ms": statistics.median(hovers) * 1000,
    }


def check_alone(text: str, path: Path, how: str, runs: int = 7) -> tuple[float, float, list[str]]:
    """Median ms of the check itself, in this process, as the server runs it (its
    configuration included): afresh, and after the benchmark's edit with what the document's
    earlier checks kept; and the codes it finds."""
    from cnnshape.lsp.analysis import Session, run

    line, col, typed = edits(text, how)
    lines = text.split("\n")
    edited = "\n".join([*lines[:line], lines[line][:col] + typed, *lines[line + 1 :]])
    session = Session()
    run(text, str(path), session)
    fresh, kept, codes = [], [], []
    for i in range(runs):
        gc.collect()
        gc.disable()  # as the server checks: the collector runs between checks
        start = time.perf_counter()
        codes = [f.code for f in run(text, str(path)).findings]
        fresh.append(time.perf_counter() - start)
        start = time.perf_counter()
        run(edited if i % 2 == 0 else text, str(path), session)
        kept.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(fresh) * 1000, statistics.median(kept) * 1000, codes


async def main(runs: int, max_layers: int | None) -> None:
    compileall.compile_dir(str(ROOT / "cnnshape"), quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="lsp-bench-"))
    if max_layers is not None:
        (folder / "cnnshape.toml").write_text(f"[limits]\nmax-layers = {max_layers}\n")
    client = Client()
    await client.start()
    big = big_spec(10_000)
    lines = big.split("\n")
    lines[2 + 2_500] = "  - Conv2d: {in_channels: 3, out_channels: 16, kernel_size: 3, padding: 1}"
    wrong = "\n".join(lines)  # one layer with a wrong in_channels (E206), a quarter in
    cases = {
        "specs/resnet50.yaml": ("resnet50.yaml", (ROOT / "specs" / "resnet50.yaml").read_text()),
        "10,000 layers": ("layers10000.yaml", big),
        "10,000 layers, a finding": ("wrong10000.yaml", wrong),
    }
    for label, (name, text) in cases.items():
        for how in ("space", "line") if label == "10,000 layers" else ("space",):
            path = folder / f"{how}-{name}"  # a document of its own for each kind of edit
            path.write_text(text)
            uri = path.as_uri()
            n = runs if "resnet" in label else max(runs // 3, 5)
            r = await measure(client, uri, text, n, how)
            fresh, kept, codes = check_alone(text, path, how)
            edit = "a space typed" if how == "space" else "a line added"
            print(
                f"{label} ({edit}): edit → diagnostics median {r['median_ms']:.1f} ms "
                f"(min {r['min_ms']:.1f}, max {r['max_ms']:.1f}); a burst of 20 edits "
                f"published {int(r['burst_published'])} time(s); the check alone: "
                f"{fresh:.1f} ms afresh, {kept:.1f} ms after the edit; a hover after the "
                f"edit: {r['hover_ms']:.1f} ms; "
                f"findings: {', '.join(codes) or 'none'}"
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
