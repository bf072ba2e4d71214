"""docs/spec-language.md: its examples are what the zoo specs say, and its console runs are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnshape.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "spec-language.md").read_text()
BLOCKS = re.findall(r"```(yaml|console)\n(.*?)```", DOC, re.S)
#: The newer forms, after the basic format ("Writing a spec", checked by test_docs_examples).
NEW_FORMS = DOC[DOC.index("\n## Parameters, expressions, conditions, splits and products\n") :]
CITED = [(body, m.group(1)) for kind, body in BLOCKS if (m := re.match(r"# (specs/[^\s:]+)", body))]


@pytest.mark.parametrize(("body", "path"), CITED, ids=[c[1] for c in CITED])
def test_yaml_examples_are_quoted_from_their_spec(body: str, path: str) -> None:
    """Every line of an example stands in the spec it names (comments aside)."""
    spec = (ROOT / path).read_text()
    for line in body.splitlines()[1:]:
        code = line.split(" #")[0].strip()
        if code and not code.startswith("#"):
            assert code in spec, f"{code!r} is not in {path}"


def test_every_example_cites_a_zoo_spec() -> None:
    yaml_blocks = re.findall(r"```yaml\n(.*?)```", NEW_FORMS, re.S)
    uncited = [b for b in yaml_blocks if not b.startswith("# specs/")]
    assert len(uncited) <= 1, uncited  # the split example: the zoo's ShuffleNet has its own


def test_console_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    for kind, body in BLOCKS:
        if kind != "console":
            continue
        lines = body.strip().splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ cnnshape "):
                continue
            result = runner.invoke(app, shlex.split(line[len("$ cnnshape ") :]))
            assert result.exit_code in (0, 1), result.output
            shown = [x for x in lines[i + 1 :] if not x.startswith("$")]
            for expected in shown:
                assert expected in result.output.replace("\n", " ") or expected in result.output
