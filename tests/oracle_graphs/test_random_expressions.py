"""Random specs written with parameters, $ expressions and when: conditions, judged by torch.

Each spec's values are drawn as expressions over drawn parameters; the test evaluates the
same expressions with Python's own evaluator (the oracle: cnnshape never calls it) to get
the concrete layers, which torch builds and runs. cnnshape, reading the expression spec,
must agree: the same output shape and parameter count, or a refusal where torch refuses
(an argument torch rejects, or a value that is not an integer where torch needs one).
"""

from __future__ import annotations

import random
import warnings

import pytest
import torch
import yaml
from torch import nn

from cnnshape.check import Options, check_text

EXPRESSIONS = [
    "a + b",
    "a * 2 - b",
    "max(a, b) // 2",
    "min(a, b) + 1",
    "(a + b) // 3",
    "a % 3 + 1",
    "2 ** (a % 3)",
    "a if a > b else b",
    "abs(a - b)",
    "int(a * 1.5)",
    "a / 2",  # a float: torch refuses it where an int is needed, and so must cnnshape
]


def draw(r: random.Random) -> tuple[dict[str, object], list[dict[str, object]]]:
    params: dict[str, object] = {"a": r.randint(0, 6), "b": r.randint(0, 6), "on": r.random() < 0.5}
    layers: list[dict[str, object]] = []
    for _ in range(r.randint(1, 4)):
        kw: dict[str, object] = {
            "out_channels": "$" + r.choice(EXPRESSIONS),
            "kernel_size": "$" + r.choice(["1", "1 + 2 * (a % 2)", "b % 3 + 1", "3"]),
            "padding": "$" + r.choice(["0", "a % 2", "(b % 3 + 1) // 2"]),
        }
        if r.random() < 0.3:
            kw["when"] = "$" + r.choice(["on", "not on", "a > b", "a == b or on"])
        layers.append({"Conv2d": kw})
        if r.random() < 0.3:
            layers.append({"ReLU": {"when": "$" + r.choice(["on", "a < 3"])}})
    return params, layers


def evaluate(text: object, params: dict[str, object]) -> object:
    assert isinstance(text, str) and text.startswith("$")
    return eval(
        text[1:], {"__builtins__": {"max": max, "min": min, "abs": abs, "int": int}}, dict(params)
    )


def torch_run(params: dict[str, object], layers: list[dict[str, object]], shape: list[int]):  # type: ignore[no-untyped-def]
    x = torch.zeros(2, *shape)
    total = 0
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            for layer in layers:
                ((kind, kw),) = layer.items()
                assert isinstance(kw, dict)
                if "when" in kw and not evaluate(kw["when"], params):
                    continue
                args = {k: evaluate(v, params) for k, v in kw.items() if k != "when"}
                if kind == "ReLU":
                    x = nn.ReLU()(x)
                    continue
                conv = nn.Conv2d(x.shape[1], **args)  # type: ignore[arg-type]
                total += sum(p.numel() for p in conv.parameters())
                x = conv(x)
    except (RuntimeError, ValueError, TypeError):
        return None
    return tuple(x.shape[1:]), total


@pytest.mark.parametrize("seed", range(3))
def test_expression_specs_agree_with_torch(seed: int) -> None:
    r = random.Random(seed)
    outcomes = {"ran": 0, "refused": 0}
    for _ in range(120):
        params, layers = draw(r)
        shape = [r.randint(1, 4), r.randint(3, 9), r.randint(3, 9)]
        doc = {"params": params, "input": shape, "layers": layers}
        text = yaml.safe_dump(doc, sort_keys=False)
        report = check_text(text, "expr.yaml", Options())
        got = (report.output_shape, report.totals.params) if report.ok else None
        want = torch_run(params, layers, shape)
        assert got == want, (text, [d.message for d in report.diagnostics])
        outcomes["ran" if want else "refused"] += 1
    assert min(outcomes.values()) >= 15, outcomes
