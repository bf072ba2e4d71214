"""github, markdown and sarif output; the default format; colour and width."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cnnshape.check import Options, check_file, check_text
from cnnshape.diagnostics import Diagnostic, Span
from cnnshape.render import FORMATS, RenderOptions, default_format, get
from cnnshape.render.github import command, escape_data, escape_property
from cnnshape.report import FileReport

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((ROOT / "specs" / "bad").glob("*.yaml"))
ANNOTATION = re.compile(
    r"^::(error|warning) file=[^,:\r\n]+(,line=\d+,col=\d+)?,title=[EW]\d{3}::[^\r\n]*$"
)


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    environ.pop("FORCE_COLOR", None)
    environ.update(env)
    cmd = [sys.executable, "-m", "cnnshape", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=environ, cwd=ROOT)


def test_escaping_follows_the_actions_toolkit() -> None:
    # toolkit: escapeData replaces % \r \n; escapeProperty also : and ,
    assert escape_data("50% a:b,c\r\nnext") == "50%25 a:b,c%0D%0Anext"
    assert escape_property("50% a:b,c\r\nnext") == "50%25 a%3Ab%2Cc%0D%0Anext"
    assert escape_data("%0A") == "%250A"  # % first, so an escape is not read twice


def test_command_line_shape() -> None:
    d = Diagnostic("E201", "too small: 4 < 5\nsee docs", Span(3, 45))
    assert command("specs/a,b:c.yaml", d) == (
        "::error file=specs/a%2Cb%3Ac.yaml,line=3,col=45,title=E201::too small: 4 < 5%0Asee docs"
    )
    assert command("x.yaml", Diagnostic("W301", "m")) == "::warning file=x.yaml,title=W301::m"


def test_errors_come_before_warnings() -> None:
    a = FileReport("a.yaml", diagnostics=[Diagnostic("W301", "w", Span(1, 1))])
    b = FileReport("b.yaml", diagnostics=[Diagnostic("E201", "e1", Span(9, 1))])
    c = FileReport("c.yaml", diagnostics=[Diagnostic("E205", "e2", Span(2, 1))])
    out = io.StringIO()
    get("github")([a, b, c], out, RenderOptions())
    kinds = [line.split(" ")[0] + line.split("::")[-1] for line in out.getvalue().splitlines()]
    assert kinds == ["::errore1", "::errore2", "::warningw"]


def test_github_actions_default_prints_valid_annotations_for_every_bad_spec() -> None:
    proc = cli("check", *(str(p.relative_to(ROOT)) for p in BAD), GITHUB_ACTIONS="true")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines and all(ANNOTATION.match(line) for line in lines), proc.stdout
    expected = sum(len(check_file(p, Options()).diagnostics) for p in BAD)
    assert len(lines) == expected
    files = {re.search(r"file=([^,]+)", line).group(1) for line in lines}  # type: ignore[union-attr]
    assert files == {str(p.relative_to(ROOT)) for p in BAD}
    levels = [line.split(" ")[0] for line in lines]
    assert levels == sorted(levels, key=lambda s: s != "::error")


@pytest.mark.parametrize(
    ("env", "tty", "quiet", "want"),
    [
        ({}, False, False, "table"),
        ({"GITHUB_ACTIONS": "true"}, False, False, "github"),
        ({"GITHUB_ACTIONS": "true"}, True, False, "table"),
        ({"GITHUB_ACTIONS": "false"}, False, False, "table"),
        ({"GITHUB_ACTIONS": "true"}, False, True, "concise"),
        ({}, False, True, "concise"),
    ],
)
def test_default_format(env: dict[str, str], tty: bool, quiet: bool, want: str) -> None:
    assert default_format(env, tty, quiet) == want


def test_cli_format_choices_follow_formats() -> None:
    from cnnshape.cli import Format

    assert [f.value for f in Format] == list(FORMATS)


def test_markdown_escapes_spec_text_and_lists_findings() -> None:
    text = (
        "name: 'a|b <i>'\ninput: [3, 8, 8]\nlayers:\n"
        "  - Conv2d: {out_channels: 4, kernel_size: 3, name: 'x|y'}\n"
        "  - Conv2d: {out_channels: 4, kernel_size: 9}\n"
    )
    report = check_text(text, "m.yaml", Options())
    out = io.StringIO()
    get("markdown")([report], out, RenderOptions())
    md = out.getvalue()
    assert md.startswith("**cnnshape**: 1 file(s), 1 failing; 1 error(s), 0 warning(s)\n")
    assert "### ❌ `m.yaml` (a\\|b \\<i\\>)" in md
    table = [line for line in md.splitlines() if line.startswith("|")]
    # header, alignment, input row, two layers; every row has the same 5 cells
    assert len(table) == 5
    assert all(len(re.split(r"(?<!\\)\|", line)) == 7 for line in table)
    assert "Conv2d x\\|y" in md
    assert "| `(N, 4, 6, 6)` | 112 |" in md  # 4·3·3·3 + 4 parameters; 8 − 3 + 1 = 6
    assert "- **error** `E201` line 5, col 44:" in md
    assert "Params (up to the first error): 112 total" in md


def test_colour_rules_for_the_table() -> None:
    spec = "specs/bad/W301_never_read.yaml"
    assert "\x1b[" in cli("check", spec, FORCE_COLOR="1").stdout
    assert "\x1b[" not in cli("check", spec).stdout  # piped, no FORCE_COLOR
    assert "\x1b[" not in cli("check", spec, FORCE_COLOR="1", NO_COLOR="1").stdout
    assert "\x1b[" not in cli("check", "--color", "never", spec, FORCE_COLOR="1").stdout
    assert "\x1b[" in cli("check", "--color", "always", spec, NO_COLOR="1").stdout


@pytest.mark.parametrize("fmt", ["json", "concise", "github", "sarif", "markdown"])
def test_machine_formats_ignore_colour_and_width(fmt: str) -> None:
    files = [str(p.relative_to(ROOT)) for p in BAD[-4:]] + ["specs/cifar10.yaml"]
    plain = cli("check", "-f", fmt, *files)
    wild = cli("check", "-f", fmt, "--color", "always", *files, COLUMNS="20", FORCE_COLOR="1")
    assert plain.stdout == wild.stdout
    assert "\x1b" not in wild.stdout
    assert max(len(line) for line in plain.stdout.splitlines()) > 20
