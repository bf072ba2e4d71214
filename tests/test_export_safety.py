"""`cnnshape export` is safe whatever the names hold (red-team findings, one test each).

1. A line break in a residual/parallel/repeat/block-use name ended the ``#`` comment in
   ``forward()`` and the rest ran as Python on import (or silently zeroed the output).
2. ``ﬁ`` and ``fi`` are one identifier to Python (NFKC), so a Concat read one tensor twice;
   ``x²`` was a SyntaxError; NUL in the model name reached the source; a layer named
   ``training`` or ``forward`` broke ``add_module``.

Each exported file must pass the structural allow-list (tests/export_ast.py); where torch
is installed it is also run and compared with cnnshape's report.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest
from export_ast import check_module
from export_run import check_spec, export, have_torch, need_torch, run_exported

from cnnshape.export.literal import comment, string
from cnnshape.export.naming import module_keys
from cnnshape.export.reserved import NN_MODULE

CONV = {"Conv2d": {"out_channels": 4, "kernel_size": 3, "padding": 1}}
BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
KINDS = ["residual", "parallel", "repeat", "block"]


def group(kind: str, name: str) -> dict[str, Any]:
    if kind == "residual":
        return {"residual": {"name": name, "body": [CONV]}}
    if kind == "parallel":
        return {"parallel": {"name": name, "merge": "add", "branches": [[CONV], [CONV]]}}
    if kind == "repeat":
        return {"repeat": 2, "name": name, "layers": ["ReLU"]}
    return {"blk": {"name": name}}


def spec_with(kind: str, name: str) -> dict[str, Any]:
    """A graph spec (the trailing residual makes it one) with ``name`` on a ``kind`` group."""
    layers = [CONV, group(kind, name), {"residual": {"body": ["ReLU"]}}, "Flatten"]
    return {
        "name": "net",
        "input": [3, 8, 8],
        "blocks": {"blk": {"layers": [CONV]}},
        "layers": [*layers, {"Linear": {"out_features": 2}}],
    }


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
@pytest.mark.parametrize("kind", KINDS)
def test_line_break_in_a_group_name_stays_in_the_comment(kind: str, brk: str) -> None:
    report = check_spec(spec_with(kind, f"g{brk}x = x * 0{brk}raise SystemExit('PWNED')"))
    code = export(report)
    check_module(code)  # no statement but those the exporter writes
    assert "x * 0" in code  # still shown, in one comment line:
    assert all(line.lstrip().startswith("#") for line in code.splitlines() if "x * 0" in line)


@pytest.mark.parametrize("kind", KINDS)
def test_injected_statement_never_runs(kind: str) -> None:
    need_torch()
    import torch

    report = check_spec(spec_with(kind, "g\nx = x * 0\nraise SystemExit('PWNED')"))
    code = export(report)
    # first conv 3·4·9+4 = 112, each 4→4 conv in the group 4·4·9+4 = 148 (repeat: none,
    # parallel: two), Linear 4·8·8·2+2 = 514
    convs = {"residual": 1, "parallel": 2, "repeat": 0, "block": 1}[kind]
    assert run_exported(code, (3, 8, 8)) == ((2,), 112 + convs * 148 + 514)
    namespace: dict[str, Any] = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)
    torch.manual_seed(0)
    model = namespace["build"]()
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(0.1)
        out = model(torch.ones(1, 3, 8, 8))
    assert out.abs().sum() > 0  # a `x = x * 0` that ran would zero it


def skip_spec(first: str, second: str) -> dict[str, Any]:
    """Two differently-sized named outputs, both taken by one Concat."""
    return {
        "input": [3, 8, 8],
        "layers": [
            {"Conv2d": {"out_channels": 4, "kernel_size": 1, "name": first}},
            {"Conv2d": {"out_channels": 6, "kernel_size": 1, "name": second}},
            {"Concat": {"from": [first, second]}},
        ],
    }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("\ufb01", "fi"),
        ("\uff46\uff43", "fc"),
        ("\u212b", "\u00c5"),
        ("x\u00b2", "x2"),
        ("\u210c", "H"),
        ("\u01c5", "D\u017e"),
    ],  # ﬁ, ｆｃ, Å (angstrom), x², ℌ, ǅ
)
def test_names_python_folds_together_stay_two_variables(first: str, second: str) -> None:
    report = check_spec(skip_spec(first, second))
    code = export(report)
    check_module(code)  # every identifier ASCII, so nothing folds
    concat = next(line for line in code.splitlines() if 'm["2"](' in line)
    args = ast.parse(concat.strip()).body[0].value.args  # type: ignore[attr-defined]
    assert len({a.id for a in args}) == 3, concat  # x and two different saved outputs
    # 3·4+4 = 16 and 4·6+6 = 30; channels 6 + 4 + 6 = 16
    assert report.output_shape == (16, 8, 8)
    if run := _maybe_run(code, (3, 8, 8)):
        assert run == ((16, 8, 8), 46)


def _maybe_run(code: str, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int] | None:
    """Built and run by torch where it is installed (always in CI)."""
    return run_exported(code, shape) if have_torch() else None


def test_superscript_in_a_name_parses() -> None:
    code = export(check_spec(skip_spec("x²", "y³")))
    check_module(code)
    assert "saved_x2" in code and "saved_y3" in code


def test_nul_and_quotes_in_the_model_name_are_never_written() -> None:
    spec = skip_spec("a", "b") | {"name": 'm\x00"""\\x\n\u202eevil'}
    code = export(check_spec(spec))
    check_module(code)
    assert "\x00" not in code and "\u202e" not in code
    assert ast.get_docstring(ast.parse(code), clean=False).startswith("m")  # type: ignore[union-attr]


@pytest.mark.parametrize("graph", [False, True])
@pytest.mark.parametrize("name", ["training", "forward", "__class__", "_modules", "append", "type"])
def test_layers_named_like_module_attributes(name: str, graph: bool) -> None:
    layers: list[Any] = [{"Linear": {"out_features": 3, "name": name}}, "ReLU"]
    if graph:
        layers.append({"residual": {"body": ["ReLU"]}})
    report = check_spec({"input": [4], "layers": layers})
    code = export(report)
    check_module(code)
    assert f'"layer_{name}"' in code
    if run := _maybe_run(code, (4,)):
        assert run == ((3,), 15)  # 4·3 + 3


def test_plain_names_keep_their_key_whatever_comes_first() -> None:
    for order in (["ﬁ", "fi"], ["fi", "ﬁ"]):
        report = check_spec({"input": [4], "layers": [{"ReLU": {"name": n}} for n in order]})
        assert module_keys(report.rows) == {"fi": "fi", "ﬁ": "fi_2"}


def test_duplicate_names_are_refused_with_an_escaped_message() -> None:
    from cnnshape.export import ExportError
    from cnnshape.export.pytorch import generate

    report = check_spec({"input": [4], "layers": [{"ReLU": {"name": "a\nb"}}] * 2})
    with pytest.raises(ExportError) as e:
        generate(report, "dup.yaml")
    assert "'a\\nb'" in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("text", ["", "a\nb", "\x00", "'", '"', "'\"", "\\", "\u2028\u202e", "é"])
def test_string_and_comment_are_one_safe_line(text: str) -> None:
    lit = string(text)
    assert ast.literal_eval(lit) == text and lit.isprintable()
    assert comment(text).isprintable()


def test_reserved_names_cover_torch_modules() -> None:
    """The static list (no torch at run time) still names every attribute torch has."""
    need_torch()
    from torch import nn

    class Network(nn.Module):
        def forward(self, x: object) -> object:
            return x

    for module in (nn.Module(), nn.Sequential(), Network()):
        assert set(dir(module)) <= NN_MODULE, sorted(set(dir(module)) - NN_MODULE)


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        ("        return x\n", "        x = x * 0\n        return x\n"),
        ("        return x\n", "        import os\n        return x\n"),
        ("        m = self._modules\n", '        m = self._modules\n        exec("1")\n'),
        ("= nn.ReLU(", "= eval('nn.ReLU')("),
        ("inplace=True", "inplace=__import__('os')"),
        ("x = x + identity1", "x = x + identity1 * 0"),
        ('"""The network;', 'print("hi")\n    """The network;'),
        ('x = m["layer1_0_0_0_conv1"](x)', 'x = m["layer1_0_0_0_conv1"](y)'),
        ('layers["conv1"]', 'layers["training"]'),
        ("import torch\n", "import torch\nimport os\n"),
        ("PARAMS = ", "PARAMS = 1 if os else "),
        ("# layer1.0.0.0: residual", "# layer1.0.0.0: residual\u2028"),
    ],
)
def test_the_allow_list_rejects_anything_else(find: str, replace: str) -> None:
    """The structural check can fail: each edit of a real export is one an attacker wants."""
    from pathlib import Path

    from export_ast import Rejected

    from cnnshape.check import Options, check_file
    from cnnshape.export.pytorch import generate

    spec = Path(__file__).resolve().parent.parent / "specs" / "resnet18.yaml"
    code = generate(check_file(spec, Options()), "resnet18.yaml")
    check_module(code)
    assert find in code
    with pytest.raises(Rejected):
        check_module(code.replace(find, replace, 1))
