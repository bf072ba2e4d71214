"""The JSON Schema and the loader agree: what one accepts the other accepts, and the same
spec-level mistakes are refused by both."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cnnshape.check import Options, check_file, check_text
from cnnshape.commands import schema
from cnnshape.commands.templates import TEMPLATES, render
from cnnshape.spec import model, reserved

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = jsonschema.Draft7Validator(schema.spec_schema())

GOOD_FILES = sorted(p for p in (ROOT / "specs").rglob("*.yaml") if "bad" not in p.parts)
BAD_FILES = sorted((ROOT / "specs" / "bad").glob("*.yaml"))
#: Codes a JSON Schema can express. E100-E103 are below the data model (bytes, YAML
#: syntax, duplicate keys, tags); E2xx/W3xx are about shapes, not the spec's form.
SCHEMA_LEVEL = {"E104", "E105", "E106", "E107", "E108", "E109", "E110", "E111"}
#: Spec-level codes about names matching across the file (a block's parameters, a 'from'
#: naming an earlier layer): beyond a JSON Schema, which accepts such specs.
#: E114 too: what an expression computes is beyond a schema, which takes it as text.
CROSS_REFERENCE = {"E112", "E113", "E114"}


def spec_codes(text: str) -> set[str]:
    """The spec-level (E1xx) codes the loader reports for this text."""
    report = check_text(text, "t.yaml", Options())
    return {d.code for d in report.diagnostics if d.code.startswith("E1")}


def schema_ok(data: Any) -> bool:
    return VALIDATOR.is_valid(data)


def test_schema_is_a_valid_draft_07_schema_and_the_command_prints_it() -> None:
    jsonschema.Draft7Validator.check_schema(schema.spec_schema())
    proc = subprocess.run(
        [sys.executable, "-m", "cnnshape", "schema"], capture_output=True, text=True, check=True
    )
    assert json.loads(proc.stdout) == schema.spec_schema()
    assert json.loads(proc.stdout)["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_schema_tables_follow_spec_py() -> None:
    assert set(schema.TOP_LEVEL) == set(model.TOP_KEYS)
    assert set(schema.RESERVED) == set(reserved.RESERVED)


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_good_spec_is_accepted_by_both(path: Path) -> None:
    assert schema_ok(yaml.safe_load(path.read_text())), path
    assert not [d for d in check_file(path, Options()).diagnostics if d.code.startswith("E1")]


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_templates_are_accepted_by_both(name: str) -> None:
    text = render(name)
    assert schema_ok(yaml.safe_load(text))
    assert spec_codes(text) == set()


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_specs_schema_agrees_with_loader(path: Path) -> None:
    code = path.name[:4]
    report = check_file(path, Options())
    assert code in {d.code for d in report.diagnostics}
    if code in SCHEMA_LEVEL:
        assert not schema_ok(yaml.safe_load(path.read_text())), f"schema accepts {path.name}"
    elif code in CROSS_REFERENCE:  # well-formed, but names that do not match up
        assert schema_ok(yaml.safe_load(path.read_text())), f"schema rejects {path.name}"
    elif not code.startswith("E10"):  # shape-level: a well-formed spec
        assert schema_ok(yaml.safe_load(path.read_text())), f"schema rejects {path.name}"
        assert not [d for d in report.diagnostics if d.code.startswith("E1")]


L = "input: [3, 32, 32]\nlayers:\n"

ACCEPTED = {
    "lower-case type": L + "  - conv2d: {out_channels: 8, kernel_size: 3}\n",
    "mixed-case type": L + "  - CONV2D: {out_channels: 8, kernel_size: 3}\n  - relu\n",
    "alias": L + "  - Flatten\n  - fc: 10\n  - Dense: {out_features: 5}\n",
    "shorthand list": L + "  - MaxPool2d: [2, 2]\n",
    "shorthand scalar": L + "  - AvgPool2d: 2\n  - Dropout: 0.25\n",
    "null and empty args": L + "  - ReLU:\n  - ReLU: {}\n  - Identity: null\n",
    "reserved keys": L + "  - ReLU: {name: act, trainable: false, ignore: W301}\n",
    "ignore list": L + "  - MaxPool2d: {kernel_size: 3, ignore: [W301, W302]}\n",
    "padding same": L + "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: same}\n",
    "adaptive null": L + "  - AdaptiveAvgPool2d: [null, 7]\n",
    "softmax dim": L + "  - Softmax: {dim: -1}\n  - LogSoftmax: {dim: null}\n",
    "written inferred": L + "  - Conv2d: {in_channels: 3, out_channels: 8, kernel_size: 3}\n",
    "repeat nested": L
    + "  - repeat: 2\n    name: s\n    layers:\n      - repeat: 3\n        layers: [ReLU]\n",
    "scalar input": "input: 16\nlayers:\n  - Linear: 4\n",
    "1-d input": "input: [16]\nname: mlp\nlayers: []\n",
    "bools in yaml 1.1": L + "  - Conv2d: {out_channels: 8, kernel_size: 3, bias: no}\n",
    "residual": L + "  - residual: {body: [ReLU], shortcut: null, name: r}\n",
    "parallel": L + "  - parallel: {branches: [[ReLU], []], merge: add}\n",
    "skip": L + "  - ReLU: {name: a}\n  - Concat: {from: a}\n  - Add: {from: [a]}\n",
    "blocks": "input: [3, 8, 8]\nblocks:\n  b:\n    params: {c: null}\n    layers:\n"
    "      - Conv2d: {out_channels: $c, kernel_size: 1}\nlayers:\n  - b: {c: 3}\n"
    "  - residual: {body: [{b: {c: 3}}]}\n",
}

REJECTED = {
    "unknown top-level key": ("E104", "input: [3, 8, 8]\nlayer: [ReLU]\nlayers: [ReLU]\n"),
    "no input": ("E104", "layers: [ReLU]\n"),
    "no layers": ("E104", "input: [3, 8, 8]\n"),
    "layers not a list": ("E104", L.replace("layers:\n", "layers: ReLU\n")),
    "two keys in a layer": ("E104", L + "  - ReLU: {}\n    Tanh: {}\n"),
    "a number as a layer": ("E104", L + "  - 3\n"),
    "repeat without layers": ("E104", L + "  - repeat: 2\n"),
    "repeat with extra key": ("E104", L + "  - {repeat: 2, layers: [ReLU], times: 3}\n"),
    "unknown layer": ("E105", L + "  - MaxPool: 2\n"),
    "unknown bare layer": ("E105", L + "  - Relu6x\n"),
    "unknown argument": ("E106", L + "  - Conv2d: {out_channels: 8, kernel: 3}\n"),
    "shorthand for argless layer": ("E106", L + "  - Identity: 3\n"),
    "shorthand of wrong type": ("E108", L + "  - ReLU: 3\n"),
    "missing required": ("E107", L + "  - Conv2d: {out_channels: 8}\n"),
    "bare layer needing args": ("E107", L + "  - Conv2d\n"),
    "shorthand leaving one out": ("E107", L + "  - Conv2d: 16\n"),
    "null for required args": ("E107", L + "  - Linear:\n"),
    "string for int": ("E108", L + "  - Flatten\n  - Linear: {out_features: 1e3}\n"),
    "list of wrong length": ("E108", L + "  - MaxPool2d: [2, 2, 2]\n"),
    "bool for int": ("E108", L + "  - Conv2d: {out_channels: true, kernel_size: 3}\n"),
    "float for int": ("E108", L + "  - Conv2d: {out_channels: 8, kernel_size: 3, groups: 1.5}\n"),
    "string for bool": ("E108", L + "  - Conv2d: {out_channels: 8, kernel_size: 3, bias: 'x'}\n"),
    "trainable not bool": ("E108", L + "  - ReLU: {trainable: 1}\n"),
    "repeat count a string": ("E108", L + "  - {repeat: two, layers: [ReLU]}\n"),
    "stride zero": ("E109", L + "  - Conv2d: {out_channels: 8, kernel_size: 3, stride: 0}\n"),
    "negative padding": ("E109", L + "  - MaxPool2d: {kernel_size: 3, padding: -1}\n"),
    "bad padding string": (
        "E109",
        L + "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: full}\n",
    ),
    "bad choice": ("E109", L + "  - GELU: {approximate: fast}\n"),
    "probability above 1": ("E109", L + "  - Dropout: 1.5\n"),
    "ignore an error": ("E109", L + "  - ReLU: {ignore: [E201]}\n"),
    "ignore unknown code": ("E109", L + "  - ReLU: {ignore: W999}\n"),
    "repeat zero": ("E109", L + "  - {repeat: -1, layers: [ReLU]}\n"),
    "zero in input": ("E110", "input: [3, 0, 32]\nlayers: [ReLU]\n"),
    "five dims": ("E110", "input: [1, 2, 3, 4, 5]\nlayers: [ReLU]\n"),
    "string input": ("E110", "input: 3x32x32\nlayers: [ReLU]\n"),
    "repeat over limit": ("E111", L + "  - {repeat: 1000000000, layers: [ReLU]}\n"),
    "residual without body": ("E104", L + "  - residual: {shortcut: [ReLU]}\n"),
    "residual extra key": ("E104", L + "  - residual: {body: [ReLU], skip: [ReLU]}\n"),
    "parallel merge": ("E109", L + "  - parallel: {branches: [[ReLU]], merge: max}\n"),
    "bad layer in a branch": ("E105", L + "  - parallel: {branches: [[Relu7]]}\n"),
    "block without layers": ("E104", "input: [3]\nblocks:\n  b: {params: {}}\nlayers: [b]\n"),
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=list(ACCEPTED))
def test_accepted_by_both(text: str) -> None:
    assert schema_ok(yaml.safe_load(text))
    assert spec_codes(text) == set()


@pytest.mark.parametrize(("code", "text"), REJECTED.values(), ids=list(REJECTED))
def test_rejected_by_both(code: str, text: str) -> None:
    assert not schema_ok(yaml.safe_load(text))
    assert code in spec_codes(text)


def test_case_patterns_are_plain_ecma_regexes() -> None:
    """No inline flags such as (?i): editors run these patterns as JavaScript regexes."""
    text = json.dumps(schema.spec_schema())
    assert "(?i" not in text
    pattern = schema.spellings_pattern([schema.BY_NAME["Conv2d"]])
    assert pattern == "^(?:[Cc][Oo][Nn][Vv]2[Dd])$"
    linear = schema.spellings_pattern([schema.BY_NAME["Linear"]])
    assert linear == "^(?:[Dd][Ee][Nn][Ss][Ee]|[Ff][Cc]|[Ll][Ii][Nn][Ee][Aa][Rr])$"
