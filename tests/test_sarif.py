"""SARIF output validates against the vendored SARIF 2.1.0 schema and locates each finding."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema

from cnnshape.check import Options, check_file
from cnnshape.diagnostics import CODES, Diagnostic
from cnnshape.render import RenderOptions, get
from cnnshape.report import FileReport

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
BAD = sorted((ROOT / "specs" / "bad").glob("*.yaml"))


def sarif(reports: list[FileReport]) -> dict[str, Any]:
    out = io.StringIO()
    get("sarif")(reports, out, RenderOptions())
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def validate(doc: dict[str, Any]) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])


def test_the_vendored_schema_is_sarif_2_1_0() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


def test_every_bad_spec_validates_and_every_finding_is_a_located_result() -> None:
    # paths relative to the repository, as code scanning expects
    reports = [check_file(p, Options(), label=str(p.relative_to(ROOT))) for p in BAD]
    doc = sarif(reports)
    validate(doc)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(CODES)
    results = run["results"]
    assert len(results) == sum(len(r.diagnostics) for r in reports)
    for res in results:
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] == CODES[res["ruleId"]].severity.value


def test_region_is_the_argument_that_is_wrong() -> None:
    path = ROOT / "specs" / "bad" / "W301_never_read.yaml"
    lines = path.read_text().splitlines()
    line_no = next(i for i, line in enumerate(lines, 1) if "kernel_size: 11" in line)
    col = lines[line_no - 1].index("kernel_size: 11") + len("kernel_size: ") + 1
    doc = sarif([check_file(path, Options(), label="specs/bad/W301_never_read.yaml")])
    (res,) = doc["runs"][0]["results"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "specs/bad/W301_never_read.yaml"
    assert loc["region"] == {"startLine": line_no, "startColumn": col}
    assert res["ruleId"] == "W301" and res["level"] == "warning"


def test_clean_run_and_odd_paths_still_validate() -> None:
    clean = FileReport("specs/cifar10.yaml")
    odd = FileReport("my specs/100% #1.yaml", diagnostics=[Diagnostic("E101", "x")])
    absolute = FileReport("/tmp/a b.yaml", diagnostics=[Diagnostic("E100", "y")])
    doc = sarif([clean, odd, absolute])
    validate(doc)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    ]
    assert uris == ["my%20specs/100%25%20%231.yaml", "file:///tmp/a%20b.yaml"]
