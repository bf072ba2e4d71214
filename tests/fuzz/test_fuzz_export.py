"""Fuzz `cnnshape export` with hostile names in every place a spec can carry one.

One graph spec (a block, a residual, a repeat, a parallel form, a Concat that takes two
named outputs, a sequential tail) with every ``name`` drawn from hostile Unicode: line
breaks of every kind, ``#``, quotes, backslashes, NUL and other controls, letters Python
folds under NFKC (ligatures, fullwidth, superscripts, combining marks), keywords,
nn.Module attributes, the exporter's own variable names, emoji, the right-to-left
override, very long names. Whatever check accepts must export, parse, pass the AST
allow-list (tests/export_ast.py) and, with torch (always in CI), build and run with
cnnshape's output shape and parameter count. A sequential variant covers nn.Sequential.

Examples: 120 per property, or CNNSHAPE_FUZZ_EXAMPLES when set; derandomized in CI.
"""

from __future__ import annotations

import collections
import keyword
import os
import random
from typing import Any

from export_ast import check_module
from export_run import check_spec, have_torch, run_exported
from gen_specs import valid_spec
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cnnshape.export import ExportError
from cnnshape.export.pytorch import generate
from cnnshape.report import FileReport

EXAMPLES = int(os.environ.get("CNNSHAPE_FUZZ_EXAMPLES", "120"))

BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
PIECES = [
    *BREAKS, "#", "'", '"', '"""', "'''", "\\", "\\n", "\\x", "\\N{", "\x00", "\x01", "\x1b[2J",
    "\x7f", "\t", " ", ".", "$", "{", "}", "\ufb01", "fi", "\uff46\uff43", "fc", "\u00b2", "2",
    "\u210c", "H", "\u212b", "\u00c5", "A\u030a", "\u0301", "\u01c5", "\u00e9", "\U0001f600",
    "\u202e", "\u200b", "\ufeff", "\u0665", "x = x * 0", "import os", "__import__('os')",
    ")", "(", "]", ":", ";", "a", "Z", "_", "0", "9",
]  # fmt: skip
WORDS = [
    *keyword.kwlist, "match", "case", "type", "_", "training", "forward", "__class__",
    "_modules", "__init__", "add_module", "append", "parameters", "x", "m", "self", "torch",
    "nn", "layers", "layer", "name", "identity1", "branch1", "branch_input1", "saved_a",
    "build", "Network", "Concat", "Add", "OrderedDict", "INPUT_SHAPE", "0", "1", "a.b", "fc",
]  # fmt: skip
BLOCKS = ["blk", "training", "forward", "class", "x", "m", "Network", "blk\n"]

names = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join),
    st.text(min_size=1, max_size=10),
    st.sampled_from(PIECES).map(lambda p: (p + "a") * 150),  # very long
)


def graph_spec(n: list[str], block: str) -> dict[str, Any]:
    def conv(channels: object, kernel: int, name: str) -> dict[str, Any]:
        args = {"out_channels": channels, "kernel_size": kernel, "padding": kernel // 2}
        return {"Conv2d": {**args, "name": name}}

    branches = [[conv(2, 1, n[8])], [{"ReLU": {"name": n[9]}}]]
    return {
        "name": n[13],
        "input": [3, 6, 6],
        "blocks": {
            block: {"params": {"c": 4}, "layers": [conv("$c", 3, n[0]), {"ReLU": {"name": n[1]}}]}
        },
        "layers": [
            {block: {"c": 4, "name": n[2]}},
            {"residual": {"name": n[3], "body": [conv(4, 1, n[4])]}},
            {"repeat": 2, "name": n[5], "layers": [{"ReLU": {"name": n[6]}}]},
            {"parallel": {"name": n[7], "merge": "concat", "branches": branches}},
            {"Concat": {"from": [n[2], n[7]], "name": n[10]}},  # 6 + 4 + 6 channels
            {"Flatten": {"name": n[11]}},
            {"Linear": {"out_features": 3, "name": n[12]}},
        ],
    }


def sequential_spec(n: list[str], block: str) -> dict[str, Any]:
    return {
        "name": n[5],
        "input": [4],
        "blocks": {block: {"layers": [{"Linear": {"out_features": 5, "name": n[0]}}]}},
        "layers": [
            {block: {"name": n[1]}},
            {"repeat": 2, "name": n[2], "layers": [{"ReLU": {"name": n[3]}}]},
            {"Linear": {"out_features": 2, "name": n[4]}},
        ],
    }


def exported(report: FileReport) -> str | None:
    """The code; None only for the documented refusal (two layers with one path)."""
    try:
        return generate(report, "fuzz.yaml")
    except ExportError as e:
        twice = [p for p, k in collections.Counter(r.path for r in report.rows).items() if k > 1]
        assert twice and "both layers are called" in str(e), (e, twice)
        return None


def export_and_run(report: FileReport) -> str:
    """What happened: the spec refused by check, the export refused, or exported and run."""
    if not report.ok:  # check's own refusals are another test's business
        return "check refused the spec"
    code = exported(report)
    if code is None:
        return "export refused: two layers with one path"
    check_module(code)
    if have_torch():
        assert report.input_shape is not None
        got = run_exported(code, report.input_shape)
        assert got == (report.output_shape, report.totals.params)
    return "exported"


fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@fuzz
@given(st.lists(names, min_size=14, max_size=14, unique=True), st.sampled_from(BLOCKS))
def test_hostile_names_in_a_graph_export(n: list[str], block: str) -> None:
    event(export_and_run(check_spec(graph_spec(n, block))))


@fuzz
@given(st.lists(names, min_size=6, max_size=6, unique=True), st.sampled_from(BLOCKS))
def test_hostile_names_in_a_sequential_export(n: list[str], block: str) -> None:
    event(export_and_run(check_spec(sequential_spec(n, block))))


def _named(items: list[Any], rnd: random.Random) -> list[Any]:
    """gen_specs' items with a hostile name on every layer and repeat."""
    out = []
    for item in items:
        name = "".join(rnd.choice(PIECES) for _ in range(rnd.randrange(1, 5)))
        if isinstance(item, str):
            item = {item: {}}
        if "repeat" in item:
            item = {**item, "name": name, "layers": _named(item["layers"], rnd)}
        else:
            ((kind, args),) = item.items()
            item = {kind: {**(args if isinstance(args, dict) else {}), "name": name}}
        out.append(item)
    return out


@fuzz
@given(st.randoms(use_true_random=False))
def test_hostile_names_on_random_valid_specs(rnd: random.Random) -> None:
    """tests/fuzz/gen_specs.py's random specs, every layer and repeat given a hostile name."""
    spec = valid_spec(rnd)
    spec = {**spec, "name": rnd.choice(PIECES), "layers": _named(spec["layers"], rnd)}
    event(export_and_run(check_spec(spec)))


def test_the_fixed_hostile_names_are_accepted_and_exported() -> None:
    """The fuzz is not vacuous: check accepts specs made of these names, and they export."""
    hostile = [f"n{i}{p}" for i, p in enumerate([*BREAKS, "\x00", "\u202e", "#", '"""'])]
    for words in (hostile[:14], WORDS[-14:], ["\ufb01", "fi", *WORDS[:12]]):
        report = check_spec(graph_spec(words, "blk\n"))
        assert export_and_run(report) == "exported", [d.message for d in report.diagnostics]
