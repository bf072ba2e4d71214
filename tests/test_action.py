"""The GitHub Action (action.yml), its steps run locally as the runner would run them.

Each ``run:`` step goes to bash with its ``${{ … }}`` expressions substituted, its ``env:``,
and the runner's files faked: GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_PATH (whose lines
join PATH for the later steps, as on a runner). The install step pip-installs this
repository into a fresh virtual environment, so the test needs the package index: slow.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from scratch_repo import make_repo

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
_EXPR = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bash") is None, reason="the steps are bash"),
]


def substitute(text: str, inputs: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "github.action_path":
            return str(ROOT)
        if name.startswith("inputs."):
            return inputs[name.removeprefix("inputs.")]
        raise AssertionError(f"the test does not know {name}")

    return _EXPR.sub(value, text)


def run_action(workspace: Path, tmp: Path, given: dict[str, str]) -> dict[str, Any]:
    inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()} | given
    files = {n: tmp / n for n in ("summary.md", "output.txt", "path.txt")}
    for f in files.values():
        f.write_text("")
    (tmp / "runner").mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "VIRTUAL_ENV"))}
    path = [p for p in base["PATH"].split(os.pathsep) if ".venv" not in p]  # not our venv
    logs, code = [], 0
    for step in ACTION["runs"]["steps"]:
        assert "uses" not in step, "a composite step the test cannot run"
        extra = {k: substitute(str(v), inputs) for k, v in step.get("env", {}).items()}
        added = files["path.txt"].read_text().split()
        env = (
            base
            | extra
            | {
                "PATH": os.pathsep.join([*reversed(added), *path]),
                "GITHUB_ACTIONS": "true",
                "GITHUB_ACTION_PATH": str(ROOT),
                "GITHUB_WORKSPACE": str(workspace),
                "GITHUB_STEP_SUMMARY": str(files["summary.md"]),
                "GITHUB_OUTPUT": str(files["output.txt"]),
                "GITHUB_PATH": str(files["path.txt"]),
                "RUNNER_TEMP": str(tmp / "runner"),
            }
        )
        script = substitute(step["run"], inputs)
        done = subprocess.run(
            ["bash", "-e", "-c", script], cwd=workspace, env=env, capture_output=True, text=True
        )
        logs.append(done.stdout + done.stderr)
        code = done.returncode
        if code != 0:
            break
    outputs = dict(
        line.split("=", 1) for line in files["output.txt"].read_text().splitlines() if "=" in line
    )
    summary = files["summary.md"].read_text()
    return {"code": code, "log": "\n".join(logs), "outputs": outputs, "summary": summary}


def test_action_annotates_summarises_and_writes_sarif(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "project")
    (repo / ".git").mkdir()
    ran = run_action(repo, tmp_path, {"sarif": "cnnshape.sarif"})
    log = ran["log"]
    assert ran["code"] == 1, log
    annotations = [line for line in log.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::error file=models/bad.yaml,line=3,col=45,title=E201::")
    assert annotations[1].startswith("::warning file=models/warn.yaml,line=3,col=45,title=W301::")
    assert len(annotations) == 2, annotations  # nothing from .venv, workflows or compose
    assert ran["outputs"]["exit-code"] == "1"
    assert "models/bad.yaml" in ran["summary"] and "E201" in ran["summary"]
    assert "docker-compose" not in ran["summary"]
    sarif = json.loads((repo / ran["outputs"]["sarif"]).read_text())
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == ["E201", "W301"]


def test_action_args_reach_cnnshape(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "project")
    (repo / "models" / "bad.yaml").unlink()
    ran = run_action(repo, tmp_path, {"args": "--ignore W301", "paths": "models"})
    assert ran["code"] == 0, ran["log"]
    assert not [line for line in ran["log"].splitlines() if line.startswith("::")]
