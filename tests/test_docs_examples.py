"""Every example in the README and docs/ is executed: each `$ cnnshape ...` line of a ```console
block runs (from the repository root) without a crash and prints the finding, `Input (` and
`First Linear` lines the block shows; each ```yaml block that is a whole spec checks clean,
unless the line before it marks it as a mistake."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnshape.check import Options, check_text
from cnnshape.cli import app

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
PROMPT = "$ cnnshape "
#: A shown line the output must contain: a located finding, or the input and first-Linear lines.
CHECKED_LINE = re.compile(r"^(specs/\S+:\d+:\d+: |Input \(|First Linear)")
#: Written on the line before a ```yaml block that shows a mistake on purpose. The generated
#: docs/codes.md says the same with its own words before each spec that triggers a code.
BAD_MARKERS = ("<!-- bad -->", "A spec that triggers it:")
#: Commands not run here, and why (network, npm, a browser, or a file written outside a temp
#: folder). Each entry must still be in the docs.
SKIPPED: dict[str, str] = {}
README_WORD_LIMIT = 2_500


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    body: str
    before: str  # the last non-blank line before the opening fence

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def blocks() -> list[Block]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            head = text[: m.start()]
            previous = [x for x in head.splitlines() if x.strip()]
            line = head.count("\n") + 1
            name = str(page.relative_to(ROOT))
            found.append(
                Block(name, line, m.group(1), m.group(2), previous[-1] if previous else "")
            )
    return found


BLOCKS = blocks()
CONSOLE = [b for b in BLOCKS if b.lang == "console"]
SPECS = [
    b
    for b in BLOCKS
    if b.lang == "yaml"
    and re.search(r"^input:", b.body, re.M)
    and re.search(r"^layers:", b.body, re.M)
]


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """Each command of a console block with the output lines shown under it."""
    result: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            result.append((line, []))
        elif result:
            result[-1][1].append(line)
    return result


def test_the_docs_have_examples_to_run() -> None:
    """The scan itself works: the README's two runs and the CIFAR-10 spec are found."""
    assert sum(len(commands(b)) for b in CONSOLE if b.page == "README.md") >= 2
    assert any(b.page == "docs/spec-language.md" and "cifar10-cnn" in b.body for b in SPECS)
    assert any(b.before in BAD_MARKERS for b in SPECS)


def test_every_skipped_command_is_still_in_the_docs() -> None:
    shown = {line for b in CONSOLE for line, _ in commands(b)}
    assert set(SKIPPED) <= shown, set(SKIPPED) - shown


@pytest.mark.parametrize("block", CONSOLE, ids=[b.id for b in CONSOLE])
def test_console_example_runs(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")
    for line, shown in commands(block):
        assert line.startswith(PROMPT), f"{block.id}: only cnnshape commands are shown: {line}"
        if line in SKIPPED:
            continue
        result = CliRunner().invoke(app, shlex.split(line[len(PROMPT) :]))
        output = result.output
        assert result.exit_code in (0, 1, 2, 3), (line, output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (line, output)
        assert "Traceback" not in output, (line, output)
        for expected in shown:
            if CHECKED_LINE.match(expected):
                assert expected.rstrip() in output, (
                    f"{block.id}: {line}\n{expected!r} not in\n{output}"
                )


@pytest.mark.parametrize("block", SPECS, ids=[b.id for b in SPECS])
def test_yaml_spec_example_checks(block: Block) -> None:
    report = check_text(block.body, block.id, Options())
    errors = [f"{d.code} {d.message}" for d in report.diagnostics if d.severity.name == "ERROR"]
    if block.before not in BAD_MARKERS:  # a marked mistake need only check without a crash
        assert not errors, f"{block.id}: {errors}"


def test_readme_is_short() -> None:
    words = len((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert words <= README_WORD_LIMIT, f"the README has {words} words; move detail to docs/"
