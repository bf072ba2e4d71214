"""`cnnshape layers`: families, one layer's page, JSON, unknown names, and the generated docs."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import cli

from cnnshape.commands.layers import markdown, reference
from cnnshape.layers import BY_NAME
from cnnshape.layers.base import FAMILIES

ROOT = Path(__file__).resolve().parent.parent


def test_every_rule_has_a_family_and_a_shape_rule() -> None:
    for rule in BY_NAME.values():
        assert rule.family in FAMILIES, rule.name
        assert rule.shape_rule and "\n" not in rule.shape_rule, rule.name
        assert rule.source in ("torch.nn", "torchvision.ops", "cnnshape"), rule.name


def test_listing_is_grouped_by_family_in_documentation_order() -> None:
    p = cli("layers")
    assert p.returncode == 0
    heads = [line for line in p.stdout.splitlines() if line and not line.startswith(" ")]
    assert heads[:-1] == [f for f in FAMILIES if any(r.family == f for r in BY_NAME.values())]
    assert "  StochasticDepth(p, mode)  (torchvision.ops.StochasticDepth)" in p.stdout
    assert "Linear(out_features, bias=true)  (also fc, dense)" in p.stdout


def test_one_layer_page() -> None:
    p = cli("layers", "instancenorm2d")
    assert p.returncode == 0
    lines = p.stdout.splitlines()
    assert lines[0] == "InstanceNorm2d: torch.nn.InstanceNorm2d (Normalization)"
    assert any(line.split()[:2] == ["affine", "false"] for line in lines)  # torch's default
    assert any(line.split()[:2] == ["num_features", "inferred"] for line in lines)
    tv = cli("layers", "torchvision.ops.mlp").stdout
    assert tv.startswith("MLP: torchvision.ops.MLP (torchvision.ops)")


def test_json() -> None:
    one = json.loads(cli("layers", "GLU", "--format", "json").stdout)
    assert one == [
        {
            "name": "GLU",
            "source": "torch.nn",
            "qualified": "torch.nn.GLU",
            "family": "Non-linear activations",
            "shape_rule": "dim halved (its size must be even)",
            "aliases": [],
            "args": [
                {"name": "dim", "type": "an integer", "default": -1, "required": False,
                 "inferred": False}
            ],
        }
    ]  # fmt: skip
    every = json.loads(cli("layers", "-f", "json").stdout)
    assert [r["name"] for r in every] == list(BY_NAME)


def test_unknown_name_is_a_usage_error_with_close_matches() -> None:
    p = cli("layers", "Hardsigmod")
    assert p.returncode == 2 and p.stdout == ""
    assert "'Hardsigmod' is not a layer type" in p.stderr and "'Hardsigmoid'" in p.stderr
    assert cli("layers", "Zzzzzz").returncode == 2


def test_docs_layers_reference_is_generated() -> None:
    """docs/layers.md is `cnnshape layers --reference`; regenerate it when a rule changes."""
    assert (ROOT / "docs" / "layers.md").read_text(encoding="utf-8") == reference()
    assert cli("layers", "--reference").stdout == reference()
    for name in BY_NAME:
        assert f"**{name}**" in reference()


def test_layer_table_is_generated() -> None:
    checks = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert markdown() in checks
    assert cli("layers", "--markdown").stdout == markdown()
