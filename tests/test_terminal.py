"""Control characters in user text (type and layer names, the spec's name, file names, quoted
values) are shown escaped in the human formats and kept exact in the machine formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from io_helpers import cli

#: Any C0/C1 control character or DEL except the newline that ends each output line.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

# YAML double-quoted escapes: \e ESC, \a BEL, \r CR, \x9b CSI (C1), \x7f DEL, \n newline.
SPEC = (
    'name: "net\\e[31mRED\\a"\n'
    "input: [4]\n"
    "layers:\n"
    '  - Linear: {out_features: 3, name: "fc\\e]0;pwned\\a\\r\\x9b2J\\x7f"}\n'
    '  - "Bogus\\e[2K\\nsrc/x.yaml:1:1: error E999 forged": {}\n'
)


def _spec(folder: Path, name: str = "net.yaml") -> Path:
    path = folder / name
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_visible() -> None:
    from cnnshape.terminal import visible

    assert visible("plain – ünïcode ✓") == "plain – ünïcode ✓"
    assert visible("a\x1b[31mb\x07c\rd\ne\tf\x00\x7f\x85\x9b") == (
        "a\\x1b[31mb\\x07c\\rd\\ne\\tf\\x00\\x7f\\x85\\x9b"
    )
    assert visible("x\u2028y\u202ez") == "x\\u2028y\\u202ez"


@pytest.mark.parametrize("fmt", ["table", "concise", "markdown"])
def test_human_formats_show_control_characters_escaped(fmt: str, tmp_path: Path) -> None:
    p = cli("check", "--format", fmt, "--color", "never", _spec(tmp_path))
    assert p.returncode == 1, p.stderr
    assert not RAW.search(p.stdout), repr(p.stdout)
    flat = p.stdout
    if fmt == "markdown":  # undo Markdown's backslash escapes (of [, ], ` and \ itself)
        flat = re.sub(r"\\([\\`*_\[\]<>|~])", r"\1", flat)
    if fmt != "concise":  # (concise shows findings only)
        assert "fc\\x1b]0;pwned\\x07\\r\\x9b2J\\x7f" in flat  # the layer name, visibly
        assert "net\\x1b[31mRED\\x07" in flat  # the spec's name
    assert "Bogus\\x1b[2K\\nsrc/x.yaml:1:1: error E999 forged" in flat  # one line, not two
    assert not any(line.startswith("src/x.yaml") for line in p.stdout.splitlines())


def test_a_newline_in_a_file_name_cannot_forge_a_finding(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "ok.yaml\nevil.yaml:9:9: error E000 forged")
    p = cli("check", "-q", spec)
    lines = p.stdout.splitlines()
    assert p.returncode == 1 and len(lines) == 1, p.stdout  # the one real finding (E105)
    assert lines[0].startswith(f"{tmp_path}/ok.yaml\\nevil.yaml:9:9: error E000 forged:5:")
    assert " error E105 " in lines[0]


def test_sizes_and_command_messages_are_escaped(tmp_path: Path) -> None:
    spec = tmp_path / "s\x1b[2J.yaml"
    spec.write_text(
        'name: "n\\e[5m"\ninput: [3, 8, 8]\n'
        "layers:\n  - Conv2d: {out_channels: 4, kernel_size: 3}\n"
    )
    p = cli("sizes", spec, "--range", "1:4")
    assert p.returncode == 0 and not RAW.search(p.stdout + p.stderr), repr(p.stdout)
    assert "s\\x1b[2J.yaml" in p.stdout and "n\\x1b[5m" in p.stdout
    p = cli("export", spec, "-o", tmp_path / "no" / "x\x07.py")
    assert p.returncode == 2 and not RAW.search(p.stderr) and "x\\x07.py" in p.stderr


def test_machine_formats_keep_the_exact_text(tmp_path: Path) -> None:
    p = cli("check", "--format", "json", _spec(tmp_path))
    doc = json.loads(p.stdout)["files"][0]
    assert doc["name"] == "net\x1b[31mRED\x07"
    assert doc["layers"][0]["name"] == "fc\x1b]0;pwned\x07\r\x9b2J\x7f"
    assert not re.search("[\x00-\x09\x0b-\x1f]", p.stdout)  # JSON escapes C0 (\u001b)
    p = cli("check", "--format", "sarif", _spec(tmp_path))
    message = json.loads(p.stdout)["runs"][0]["results"][0]["message"]["text"]
    assert "'Bogus\x1b[2K\nsrc/x.yaml:1:1: error E999 forged'" in message
