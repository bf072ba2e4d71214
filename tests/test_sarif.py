"""SARIF output validates against the vendored SARIF 2.1.0 schema and locates each finding."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema

from cnnshape.check import Options, check_file, check_text
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


def test_rules_link_their_page_and_results_carry_stable_fingerprints() -> None:
    spec = (ROOT / "specs" / "bad" / "W301_never_read.yaml").read_text()
    # The same finding three lines further down: a comment block added above it.
    moved = "# one\n# two\n# three\n" + spec
    first = sarif([check_text(spec, "m/net.yaml", Options())])
    second = sarif([check_text(moved, "m/net.yaml", Options())])
    validate(first)
    run = first["runs"][0]
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    assert run["automationDetails"]["id"].startswith("cnnshape")
    docs = (ROOT / "docs" / "codes.md").read_text()
    for rule in run["tool"]["driver"]["rules"]:
        base, anchor = rule["helpUri"].split("#")
        assert base.endswith("/docs/codes.md") and anchor == rule["id"].lower()
        assert f"\n### {rule['id']}\n" in docs  # GitHub's anchor for this heading is #e201
    (a,), (b,) = run["results"], second["runs"][0]["results"]
    line_a = a["locations"][0]["physicalLocation"]["region"]["startLine"]
    line_b = b["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line_b == line_a + 3
    assert a["partialFingerprints"] == b["partialFingerprints"]
    other = sarif([check_text(spec, "m/other.yaml", Options())])["runs"][0]["results"][0]
    assert other["partialFingerprints"] != a["partialFingerprints"]
