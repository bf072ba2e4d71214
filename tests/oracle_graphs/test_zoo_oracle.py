"""specs/zoo against PyTorch: each model's exported module, and torchvision's own model.

For every zoo model at its published input size:
- the module `cnnshape export` writes builds in torch with the parameters and buffers
  cnnshape reports, returns its output shape(s), and its multiply-accumulates counted by
  torch's FlopCounterMode (FLOPs ÷ 2) equal cnnshape's MACs;
- where torchvision imports (CI installs it without its CUDA dependencies), torchvision's
  own model of that name has the same parameter and buffer counts and output shape.
Everything runs on the meta device: shapes and counts without memory or compute.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
import torch
from test_zoo import MODELS, PUBLISHED  # the zoo's models and torchvision's figures
from torch.utils.flop_counter import FlopCounterMode

from cnnshape.check import Options, check_file
from cnnshape.export.pytorch import generate
from cnnshape.spec.params import Choice

#: torchvision's builders that default to training-only auxiliary heads the published
#: model leaves out (googlenet's aux1/aux2); inception_v3's AuxLogits is a spec output.
TV_KWARGS: dict[str, dict[str, object]] = {"googlenet": {"aux_logits": False}}


def torchvision_models() -> types.ModuleType | None:
    """torchvision's model definitions, importable beside the CPU torch when its compiled
    operators' registrations are skipped (the models do not need them); None if absent."""
    for name in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
        sys.modules.setdefault(name, types.ModuleType(name))
    try:
        import torchvision.models as tvm
    except Exception:
        return None
    return tvm


@pytest.mark.parametrize(("spec", "variant", "model"), MODELS, ids=[m[2] for m in MODELS])
def test_export_agrees_with_torch(spec: Path, variant: str | None, model: str) -> None:
    size = tuple(PUBLISHED[model]["input"])
    opts = Options(input_shape=size, choice=Choice(variant))  # type: ignore[arg-type]
    report = check_file(spec, opts)
    assert report.ok, [d.message for d in report.diagnostics]
    namespace: dict[str, object] = {"__name__": "zoo_export"}
    exec(compile(generate(report, str(spec)), str(spec), "exec"), namespace)
    with torch.device("meta"):
        net = namespace["build"]()  # type: ignore[operator]
        net.eval()
        with FlopCounterMode(display=False) as counter:
            out = net(torch.zeros(1, *size))
    outs = out if isinstance(out, tuple) else (out,)
    assert tuple(outs[0].shape[1:]) == report.output_shape
    assert sum(p.numel() for p in net.parameters()) == report.totals.params
    assert sum(b.numel() for b in net.buffers()) == report.totals.buffers
    macs = sum(r.macs or 0 for r in report.rows)
    assert counter.get_total_flops() == 2 * macs


@pytest.mark.parametrize(("spec", "variant", "model"), MODELS, ids=[m[2] for m in MODELS])
def test_torchvision_model_agrees(spec: Path, variant: str | None, model: str) -> None:
    tvm = torchvision_models()
    if tvm is None:
        pytest.skip("torchvision is not importable here")
    size = tuple(PUBLISHED[model]["input"])
    report = check_file(spec, Options(input_shape=size, choice=Choice(variant)))  # type: ignore[arg-type]
    kwargs = TV_KWARGS.get(model, {})
    try:
        with torch.device("meta"):
            net = tvm.get_model(model, **kwargs)
    except NotImplementedError:  # RegNet's builder computes its widths with tensors
        if PUBLISHED[model]["num_params"] > 100_000_000:
            pytest.skip("builds only on the CPU, and is too large to build here quickly")
        net = tvm.get_model(model, **kwargs).to("meta")
    net.eval()
    with torch.device("meta"):
        out = net(torch.zeros(1, *size))
    main = out[0] if isinstance(out, tuple) else out
    assert tuple(main.shape[1:]) == report.output_shape
    assert sum(p.numel() for p in net.parameters()) == report.totals.params
    assert sum(b.numel() for b in net.buffers()) == report.totals.buffers
