"""A sample of fuzzed specs through the real program: one process per batch, as pre-commit runs it.

Checks what only the installed command can show: the exit code, an empty
stderr (no traceback), and each finding's printed location inside its file.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from fuzzlib import (
    EXAMPLES,
    TOKENS,
    dump,
    flip_bytes,
    line_count,
    mutate_text,
    mutate_value,
    spec_texts,
    spec_values,
)
from gen_specs import valid_spec

BATCH = max(50, EXAMPLES // 2)
CONCISE = re.compile(r"^(?P<path>.+?\.yaml):(?P<line>\d+):(?P<col>\d+): (error|warning) [EW]\d{3} ")


def fuzzed_file(rnd: random.Random, texts: list[str], values: list[object]) -> bytes:
    """One fuzzed spec file, from any of the generators."""
    kind = rnd.randrange(6)
    if kind == 0:
        value = mutate_value(yaml.safe_load(yaml.safe_dump(rnd.choice(values))), rnd)
        return dump(value, rnd).encode()
    if kind == 1:
        return mutate_text(rnd.choice(texts), rnd).encode("utf-8", errors="surrogatepass")
    if kind == 2:
        return flip_bytes(rnd.choice(texts).encode(), rnd)
    if kind == 3:
        text = rnd.choice(texts)
        return text[: rnd.randrange(len(text) + 1)].encode()
    if kind == 4:
        return "".join(rnd.choice(TOKENS) for _ in range(rnd.randrange(30))).encode()
    return dump(valid_spec(rnd), rnd).encode()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    rnd = random.Random(20261124)
    texts, values = spec_texts() or ["input: [3]\nlayers: [ReLU]\n"], spec_values()
    folder = tmp_path_factory.mktemp("fuzz")
    files = {}
    for i in range(BATCH):
        data = fuzzed_file(rnd, texts, values)
        path = folder / f"f{i:05}.yaml"
        path.write_bytes(data)
        files[str(path)] = data
    return files


def run(files: dict[str, bytes], *flags: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "cnnshape", "check", *flags, *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr == "", proc.stderr
    return proc


def test_concise_lines_are_located(batch: dict[str, bytes]) -> None:
    proc = run(batch, "--quiet")
    for text_line in proc.stdout.splitlines():
        m = CONCISE.match(text_line)
        assert m, f"not one finding per line: {text_line!r}"
        lines = line_count(batch[m["path"]])
        assert 1 <= int(m["line"]) <= lines + 1, text_line
        assert int(m["col"]) >= 1, text_line


def test_json_findings_are_located(batch: dict[str, bytes]) -> None:
    proc = run(batch, "--format", "json")
    doc = json.loads(proc.stdout)
    assert len(doc["files"]) == len(batch)
    assert (proc.returncode == 1) == any(not f["ok"] for f in doc["files"])
    for f in doc["files"]:
        lines = line_count(batch[f["path"]])
        for d in f["diagnostics"]:
            assert 1 <= d["line"] <= lines + 1, (f["path"], d)
            assert d["column"] >= 1, (f["path"], d)


def test_table_does_not_crash(batch: dict[str, bytes]) -> None:
    sample = dict(list(batch.items())[:50])
    run(sample, "--color", "always")


def test_directory_argument(batch: dict[str, bytes]) -> None:
    folder = str(Path(next(iter(batch))).parent)
    proc = run({folder: b""}, "--quiet")
    assert proc.returncode in (0, 1)
