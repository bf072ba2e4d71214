"""The pictures as others see them: the SVGs rendered by headless Chromium (not blank, the
labels in the page's text) and the Mermaid text through mermaid's own parser from npm.

Skipped where /usr/bin/chromium or node/npm is missing (.ci/run installs both).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from helpers import FORMS, run

from cnnshape.check import Options, check_file
from cnnshape.draw.model import build
from cnnshape.draw.svg import render
from cnnshape.draw.text import mermaid

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LABELS = {  # what each picture must show (from the specs and PyTorch's shapes, worked by hand)
    "cifar10": ["Linear classifier", "(N, 32, 8, 8)", "(N, 10)"],
    "resnet18": ["repeat × 2 layer1", "basic_down", "(N, 512, 7, 7)", "Linear fc"],
    "inception": ["parallel concat", "(N, 256, 28, 28)", "(N, 480, 28, 28)"],
    "unet": ["up up1", "+ enc4", "(N, 256, 4, 4)", "(N, 1, 64, 64)"],
    # torchvision's InceptionAux: a side path from Mixed_6e, the second output
    "zoo/inception_v3": ["side from Mixed_6e AuxLogits", "Output AuxLogits", "(N, 1000)"],
}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes): width, bpp, rows."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    i, data = 8, b""
    while i < len(png):
        (n,) = struct.unpack(">I", png[i : i + 4])
        kind, body = png[i + 4 : i + 8], png[i + 8 : i + 8 + n]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6) and body[12] == 0
        elif kind == b"IDAT":
            data += body
        i += 12 + n
    bpp = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(data), width * bpp, []
    prev = bytearray(stride)
    for y in range(height):
        f, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride) if f else ():
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def _non_white(png: bytes) -> float:
    width, bpp, rows = _pixels(png)
    dark = sum(1 for row in rows for x in range(0, width * bpp, bpp) if min(row[x : x + 3]) < 200)
    return dark / (width * len(rows))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")
@pytest.mark.parametrize("name", sorted(LABELS))
def test_chromium_renders_the_svg(name: str, tmp_path: Path) -> None:
    svg = tmp_path / f"{name.replace('/', '_')}.svg"
    svg.write_text(render(build(check_file(ROOT / f"specs/{name}.yaml", Options()))))
    flags = [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    shot = svg.with_suffix(".png")
    size = "--window-size=900,1200"  # the top of the picture; the DOM has all of it
    subprocess.run(
        [*flags, f"--screenshot={shot}", size, svg.as_uri()],
        timeout=120,
        check=True,
        capture_output=True,
    )
    share = _non_white(shot.read_bytes())
    assert 0.01 < share < 0.6, f"{share:.3f} of the pixels are not white"
    dom = subprocess.run(
        [*flags, "--dump-dom", svg.as_uri()],
        timeout=120,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "error on line" not in dom and "<svg" in dom  # Chromium parsed it as XML
    for label in LABELS[name]:
        assert label.replace("&", "&amp;") in dom, label


def _mermaid_parser(cache: Path) -> Path | None:
    """A node script that parses files with mermaid.parse (mermaid needs a DOM: jsdom)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    if not (cache / "node_modules" / "mermaid").exists():
        done = subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(cache),
                "--no-audit",
                "--no-fund",
                "mermaid",
                "jsdom",
            ],
            capture_output=True,
            timeout=600,
        )
        if done.returncode != 0:
            return None
    script = cache / "parse.mjs"
    script.write_text(
        "import { JSDOM } from 'jsdom';\nimport { readFileSync } from 'node:fs';\n"
        "const { window } = new JSDOM('');\n"
        "globalThis.window = window; globalThis.document = window.document;\n"
        "const mermaid = (await import('mermaid')).default;\nlet bad = 0;\n"
        "for (const f of process.argv.slice(2)) {\n"
        "  try { await mermaid.parse(readFileSync(f, 'utf8')); console.log('ok ' + f); }\n"
        "  catch (e) { bad++; console.log('FAIL ' + f + ': ' + (e.message || e)); }\n}\n"
        "process.exit(bad ? 1 : 0);\n"
    )
    return script


@pytest.fixture(scope="session")
def mermaid_parser(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = Path.home() / ".cache" / "cnnshape-test-mermaid"
    cache.mkdir(parents=True, exist_ok=True)
    script = _mermaid_parser(cache)
    if script is None:
        pytest.skip("node/npm or the mermaid package is not available")
    return script


def test_mermaid_parses_in_mermaid(mermaid_parser: Path, tmp_path: Path) -> None:
    files = []
    for name in sorted(LABELS):
        f = tmp_path / f"{name.replace('/', '_')}.mmd"
        f.write_text(mermaid(build(check_file(ROOT / f"specs/{name}.yaml", Options()))))
        files.append(str(f))
    forms = tmp_path / "forms.mmd"  # edge labels (a split's pieces), side paths, two inputs
    forms.write_text(mermaid(build(run(FORMS))))
    files.append(str(forms))
    bad = tmp_path / "bad.mmd"
    bad.write_text('flowchart TD\n  a["x"] -->\n')  # the parser must be able to fail
    done = subprocess.run(
        ["node", str(mermaid_parser), *files, str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=mermaid_parser.parent,
    )
    lines = [s for s in done.stdout.splitlines() if s.startswith(("ok ", "FAIL "))]
    assert [line.split(":")[0] for line in lines] == [f"ok {f}" for f in files] + [f"FAIL {bad}"]
