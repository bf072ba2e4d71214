"""Random residual, parallel and skip graphs, judged by PyTorch running the same structure.

The generator draws a structure (layers, residuals with and without a projection,
parallel branches merged by concat, add or mul (broadcasting), with or without a channel
split, side paths from named layers, named layers joined later by Concat/Add)
and writes it two ways: as a cnnshape spec, and as a tiny interpreter run in torch on
a real batch of 2 that builds each layer from the tensor that reaches it. cnnshape and
torch must agree: both accept with the same output shape and parameter count, or both
refuse. Sizes are drawn so that merges sometimes disagree. Where cnnshape accepts, the
module `cnnshape export` writes must compute the same shape and count too.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import pytest
import torch
import yaml
from export_ast import check_module
from torch import nn

from cnnshape.check import Options, check_text
from cnnshape.export.pytorch import generate
from cnnshape.report import FileReport

Item = dict[str, Any]


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.names: list[str] = []
        self.c = 4

    def conv(self) -> Item:
        """Mostly shape-keeping (c channels, stride 1, 'same' padding), so merges often fit."""
        r = self.r
        k = r.choice([1, 1, 3, 3, 5])
        kw = {
            "out_channels": self.c if r.random() < 0.8 else r.choice([2, 3, 4, 6]),
            "kernel_size": k,
            "stride": 2 if r.random() < 0.1 else 1,
            "padding": k // 2 if r.random() < 0.9 else 0,
        }
        return {"Conv2d": kw}

    def leaf(self) -> Item:
        pick = self.r.random()
        if pick < 0.5:
            return self.conv()
        if pick < 0.58:
            return {"MaxPool2d": {"kernel_size": 2}}
        if pick < 0.8:
            return {"BatchNorm2d": {}}
        if pick < 0.86:
            return {"Upsample": {"scale_factor": 2}}
        return {"ReLU": {}}

    def items(self, depth: int) -> list[Item]:
        return [self.item(depth) for _ in range(self.r.randint(1, 3))]

    def item(self, depth: int) -> Item:
        r = self.r
        pick = r.random()
        if depth < 2 and pick < 0.25:
            res: dict[str, Any] = {"body": self.items(depth + 1)}
            if r.random() < 0.5:
                res["shortcut"] = [self.conv()]
            return {"residual": res}
        if depth < 2 and pick < 0.45:
            n = r.randint(2, 3)
            merge = r.choice(["concat", "concat", "add", "mul"])
            gate = merge == "mul" and r.random() < 0.5  # x · sigmoid(pool(x)), as in SE
            branches = [self.items(depth + 1) if r.random() < 0.85 else [] for _ in range(n - gate)]
            if gate:
                branches.append([{"AdaptiveAvgPool2d": {"output_size": 1}}, {"Sigmoid": {}}])
            form: dict[str, Any] = {"branches": branches, "merge": merge}
            if r.random() < 0.3:  # each branch gets its piece of the channels
                form["split"] = n if r.random() < 0.5 else [r.randint(1, 3) for _ in range(n)]
            return {"parallel": form}
        if self.names and pick < 0.5:
            name = f"s{len(self.names)}"
            side = {"from": r.choice(self.names), "name": name, "layers": [self.conv()]}
            self.names.append(name)
            return {"side": side}
        if self.names and pick < 0.6:
            op = r.choice(["Concat", "Add", "Add"])
            return {op: {"from": r.choice(self.names)}}
        item = self.leaf()
        if r.random() < 0.3:
            name = f"n{len(self.names)}"
            next(iter(item.values()))["name"] = name
            self.names.append(name)
        return item

    def spec(self) -> tuple[list[int], list[Item]]:
        self.names = []
        self.c = self.r.randint(1, 4)
        shape = [self.c, self.r.randint(4, 12), self.r.randint(4, 12)]
        return shape, self.items(0) + self.items(0)


class Run:
    """Runs the structure in torch, building each layer for the tensor that reaches it."""

    def __init__(self) -> None:
        self.params = 0
        self.saved: dict[str, torch.Tensor] = {}

    def seq(self, items: list[Item], x: torch.Tensor) -> torch.Tensor:
        for item in items:
            x = self.one(item, x)
        return x

    def one(self, item: Item, x: torch.Tensor) -> torch.Tensor:
        ((kind, kw),) = item.items()
        if kind == "residual":
            body = self.seq(kw["body"], x)
            return _add(body, self.seq(kw["shortcut"], x) if "shortcut" in kw else x)
        if kind == "side":  # the main path goes on with x
            self.saved[kw["name"]] = self.seq(kw["layers"], self.saved[kw["from"]])
            return x
        if kind == "parallel":
            n = len(kw["branches"])
            split = kw.get("split")
            if split is None:
                pieces = [x] * n
            elif isinstance(split, int):
                pieces = list(torch.chunk(x, split, dim=1))
            else:
                pieces = list(torch.split(x, split, dim=1))
            if len(pieces) != n:  # torch.chunk made fewer pieces than branches
                raise RuntimeError(f"{len(pieces)} pieces for {n} branches")
            outs = [self.seq(b, p) for b, p in zip(kw["branches"], pieces, strict=True)]
            if kw["merge"] == "concat":
                return torch.cat(outs, dim=1)
            total = outs[0]
            for o in outs[1:]:
                total = total * o if kw["merge"] == "mul" else _add(total, o)
            return total
        args = {k: v for k, v in kw.items() if k != "name"}
        if kind in ("Concat", "Add"):
            other = self.saved[args["from"]]
            out = torch.cat([x, other], dim=1) if kind == "Concat" else _add(x, other)
        else:
            if kind == "Conv2d":
                args["in_channels"] = x.shape[1]
            if kind == "BatchNorm2d":
                args["num_features"] = x.shape[1]
            module = getattr(nn, kind)(**args)
            self.params += sum(p.numel() for p in module.parameters())
            out = module(x)
        if "name" in kw:
            self.saved[kw["name"]] = out
        return out


def _add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """torch's a + b, without broadcasting: cnnshape refuses added shapes that differ
    (documented in the README), where torch would broadcast a size-1 dimension."""
    if a.shape != b.shape:
        raise RuntimeError(f"shapes differ: {tuple(a.shape)} + {tuple(b.shape)}")
    return a + b


def _torch(shape: list[int], items: list[Item]) -> tuple[tuple[int, ...], int] | None:
    run = Run()
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            out = run.seq(items, torch.zeros(2, *shape))
    except (RuntimeError, ValueError):
        return None
    return tuple(out.shape[1:]), run.params


def _exported(report: FileReport) -> tuple[tuple[int, ...], int]:
    code = generate(report, "graph.yaml")
    check_module(code)  # only the statements an export may hold (tests/export_ast.py)
    namespace: dict[str, object] = {"__name__": "exported"}
    exec(compile(code, "graph.py", "exec"), namespace)
    model = namespace["build"]()  # type: ignore[operator]
    assert report.input_shape is not None
    with torch.no_grad():
        out = model(torch.zeros(2, *report.input_shape))
    return tuple(out.shape[1:]), sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("seed", range(4))
def test_random_graphs_agree_with_torch(seed: int) -> None:
    gen = Gen(seed)
    outcomes = {"ran": 0, "refused": 0}
    for _ in range(150):
        shape, items = gen.spec()
        text = yaml.safe_dump({"input": shape, "layers": items}, sort_keys=False)
        report = check_text(text, "graph.yaml", Options())
        want = _torch(shape, items)
        got = (report.output_shape, report.totals.params) if report.ok else None
        assert got == want, (text, [d.message for d in report.diagnostics])
        outcomes["ran" if want else "refused"] += 1
        if report.ok:  # and the exported module computes the same
            assert _exported(report) == want, text
    assert min(outcomes.values()) >= 20, outcomes  # both sides of the merges are exercised
