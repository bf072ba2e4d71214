"""A spec never constructs objects, imports modules, runs code or reads files.

Every non-plain tag is a located E103, in keys and values, at any depth; the
commands the payloads would run would create a marker file, which must not exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnnshape.check import Options, check_text

PAYLOADS = [
    # (YAML text with MARKER, line, column, tag as the message shows it)
    (
        "x: !!python/object/apply:os.system ['touch MARKER']\n",
        1,
        4,
        "python/object/apply:os.system",
    ),
    ("!!python/object/apply:os.system ['touch MARKER']\n", 1, 1, "python/object/apply:os.system"),
    ("x: !!python/object/apply:subprocess.call [[touch, MARKER]]\n", 1, 4, None),
    ("x: !!python/object/new:os.system ['touch MARKER']\n", 1, 4, "python/object/new:os.system"),
    ("x: !!python/name:os.system\n", 1, 4, "python/name:os.system"),
    ("x: !!python/module:os\n", 1, 4, "python/module:os"),
    ("x: !!python/object:os.popen {cmd: touch MARKER}\n", 1, 4, "python/object:os.popen"),
    ("x: !!binary aGVsbG8=\n", 1, 4, "binary"),
    ("x: !!set {a, b}\n", 1, 4, "set"),
    ("x: !!omap [a: 1]\n", 1, 4, "omap"),
    ("x: !!pairs [a: 1]\n", 1, 4, "pairs"),
    ("x: !foo bar\n", 1, 4, "!foo"),
    ("x: !include /etc/passwd\n", 1, 4, "!include"),
    ("x: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch MARKER']\n", 1, 4, None),
    (
        "%TAG !py! tag:yaml.org,2002:python/\n---\n"
        "x: !py!object/apply:os.system ['touch MARKER']\n",
        3,
        4,
        "python/object/apply:os.system",
    ),
    # in keys
    ("? !!python/object/apply:os.system ['touch MARKER']\n: 1\n", 1, 3, None),
    ("{!!python/name:os.system : 1}\n", 1, 2, "python/name:os.system"),
    ("!foo k: v\n", 1, 1, "!foo"),
    # nested deep inside a real spec
    (
        "input: [3, 8, 8]\nlayers:\n  - Conv2d:\n      out_channels: 4\n"
        "      kernel_size: !!python/object/apply:os.system ['touch MARKER']\n",
        5,
        20,
        None,
    ),
    (
        "input: [3, 8, 8]\nlayers:\n  - repeat: 2\n    layers:\n"
        "      - {!!python/object/new:os.system ['touch MARKER']: 1}\n",
        5,
        10,
        None,
    ),
    ("input: [3, !!python/name:os.system , 8]\nlayers: [ReLU]\n", 1, 12, None),
    ("input: [3, 8, 8]\nlayers: !!set {ReLU}\n", 2, 9, "set"),
    # an anchor on a payload, used through an alias
    ("a: &x !!python/object/apply:os.system ['touch MARKER']\nb: *x\n", 1, 4, None),
]


@pytest.fixture
def no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: any attempt to start a process in-process fails the test loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a spec tried to run a command")

    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "popen", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)


@pytest.mark.parametrize(("text", "line", "column", "tag"), PAYLOADS)
def test_tag_is_refused_and_nothing_runs(
    tmp_path: Path, text: str, line: int, column: int, tag: str | None, no_processes: None
) -> None:
    marker = tmp_path / "marker"
    text = text.replace("MARKER", str(marker))
    report = check_text(text, "s.yaml", Options())
    assert not marker.exists()
    assert [d.code for d in report.diagnostics] == ["E103"]
    d = report.diagnostics[0]
    assert d.span is not None and (d.span.line, d.span.column) == (line, column)
    assert "is not allowed: a spec holds only plain strings" in d.message
    if tag is not None:
        shown = tag if tag.startswith("!") else "!!" + tag
        assert f"tag '{shown}'" in d.message


def test_payloads_through_the_real_program(tmp_path: Path) -> None:
    """The installed command, one process for all payloads: exit 1, E103 for each, no marker."""
    marker = tmp_path / "marker"
    paths = []
    for i, (text, line, column, _) in enumerate(PAYLOADS):
        path = tmp_path / f"p{i:02}.yaml"
        path.write_text(text.replace("MARKER", str(marker)))
        paths.append((path, line, column))
    proc = subprocess.run(
        [sys.executable, "-m", "cnnshape", "check", "--quiet", *(str(p) for p, _, _ in paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert not marker.exists()
    lines = proc.stdout.splitlines()
    assert len(lines) == len(paths)
    for (path, line, column), out in zip(paths, lines, strict=True):
        assert out.startswith(f"{path}:{line}:{column}: error E103 tag '")


def test_merge_keys_are_refused() -> None:
    text = "base: &b {kernel_size: 3}\nx: {<<: *b}\n"
    report = check_text(text, "s.yaml", Options())
    assert [d.code for d in report.diagnostics] == ["E103"]
    assert "merge keys ('<<') are not supported" in report.diagnostics[0].message
    span = report.diagnostics[0].span
    assert span is not None and (span.line, span.column) == (2, 5)


def test_a_value_cannot_contain_itself() -> None:
    report = check_text("a: &a [1, *a]\n", "s.yaml", Options())
    assert [d.code for d in report.diagnostics] == ["E103"]
    span = report.diagnostics[0].span
    assert span is not None and (span.line, span.column) == (1, 11)
