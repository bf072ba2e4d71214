"""The plain table writer produces rich's bytes exactly, wherever it takes over from rich."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cnnshape.check import Options, check_file
from cnnshape.render import RenderOptions
from cnnshape.render.columns import COLUMNS, DEFAULT_COLUMNS
from cnnshape.render.plain_table import plain_lines
from cnnshape.render.table import render, render_rich

SPECS = Path(__file__).resolve().parent.parent / "specs"
FILES = sorted(SPECS.glob("*.yaml")) + sorted((SPECS / "bad").glob("*.yaml"))
REPORTS = {p.name: check_file(p, Options()) for p in FILES}


@pytest.mark.parametrize("columns", [DEFAULT_COLUMNS, COLUMNS, ("shape", "macs")])
@pytest.mark.parametrize("width", [40, 80, 100, 250])
def test_plain_equals_rich(columns: tuple[str, ...], width: int, monkeypatch: pytest.MonkeyPatch):
    for key in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("COLUMNS", str(width))
    opts = RenderOptions(columns=columns)
    taken = 0
    for name, report in REPORTS.items():
        ours, theirs = io.StringIO(), io.StringIO()
        render([report], ours, opts)
        render_rich([report], theirs, opts)
        assert ours.getvalue() == theirs.getvalue(), name
        if not name.startswith(("E", "W")):  # the clean specs (bad ones have long lines)
            taken += plain_lines([report], opts, width) is not None
    if width >= 100:
        assert taken >= 12  # of 14 clean specs: the fast path is the common one


def test_several_files_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    reports = [REPORTS["vgg16.yaml"], REPORTS["resnet18.yaml"], REPORTS["lenet5.yaml"]]
    for columns in (DEFAULT_COLUMNS, COLUMNS):
        ours, theirs = io.StringIO(), io.StringIO()
        render(reports, ours, RenderOptions(columns=columns))
        render_rich(reports, theirs, RenderOptions(columns=columns))
        assert ours.getvalue() == theirs.getvalue()


def test_colour_goes_to_rich() -> None:
    out = io.StringIO()
    render([REPORTS["lenet5.yaml"]], out, RenderOptions(color="always"))
    assert "\x1b[" in out.getvalue()
