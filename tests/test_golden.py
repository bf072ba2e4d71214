"""Golden files of the rendered table and JSON for every good spec.

Numbers are pinned independently in test_specs.py; these files pin the rendering.
Refresh with `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cnnshape.check import Options, check_file
from cnnshape.render import RenderOptions, get

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SPECS = sorted(
    p.relative_to(ROOT)
    for p in (ROOT / "specs").rglob("*.yaml")
    if "bad" not in p.parts and "zoo" not in p.parts  # the zoo: tests/test_zoo.py
)
CASES = [(spec, fmt) for spec in SPECS for fmt in ("table", "json")] + [
    (Path("specs/bad/W301_never_read.yaml"), "table"),
    (Path("specs/bad/E206_in_features.yaml"), "table"),
]


def render(spec: Path, fmt: str) -> str:
    out = io.StringIO()
    report = check_file(ROOT / spec, Options(), label=spec.as_posix())
    get(fmt)([report], out, RenderOptions(color="never"))
    return out.getvalue()


@pytest.mark.parametrize(("spec", "fmt"), CASES, ids=[f"{s}-{f}" for s, f in CASES])
def test_golden(spec: Path, fmt: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    text = render(spec, fmt)
    ext = "json" if fmt == "json" else "txt"
    path = GOLDEN / f"{spec.as_posix().replace('/', '__')}.{ext}"
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with --update-golden"
    assert text == path.read_text(encoding="utf-8")


def test_table_fits_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for spec in SPECS:
        text = render(spec, "table")
        assert max(len(line) for line in text.splitlines()) <= 80, spec
        assert "\x1b[" not in text
