"""PyTorch's side of the oracle: run layers for real and record what each one makes.

Two ways in: :func:`run_direct` builds each ``torch.nn`` layer straight from the spec's
written arguments (inferred ones from the tensor that actually arrives), so it can run
specs that cnnshape refuses; :func:`run_module` runs a built module with forward hooks.
"""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn
from tv import ops

from cnnshape.layers import BY_NAME
from cnnshape.layers.tvblocks import LayerClass
from cnnshape.report import FileReport

BATCH = 2
INFERRED = {"in_channels": 1, "num_features": 1, "num_channels": 1, "in_features": -1}  # arg → dim
INFERRED_BY_LAYER = {  # where a layer takes an inferred argument from another dimension
    "MLP": {"in_channels": -1},
    "SqueezeExcitation": {"input_channels": 1},
}


def layer_class(name: str) -> Any:
    """The torch class a spec's type names: torch.nn's, or torchvision.ops' for its rules."""
    if BY_NAME[name].source == "torchvision.ops":
        tv_ops = ops()
        assert tv_ops is not None, "torchvision is needed for " + name
        return getattr(tv_ops, name)
    return getattr(nn, name)


@dataclass
class Step:
    """One layer as PyTorch ran it: output shape without the batch, parameter and buffer counts."""

    shape: tuple[int, ...]
    params: int
    buffers: int
    trainable: int = 0


@dataclass
class Run:
    steps: list[Step] = field(default_factory=list)
    failed_at: int | None = None
    error: str = ""


def counts(m: nn.Module) -> tuple[int, int, int]:
    params = sum(p.numel() for p in m.parameters())
    trainable = sum(p.numel() for p in m.parameters() if p.requires_grad)
    return params, sum(b.numel() for b in m.buffers()), trainable


def _torch_kwargs(
    cls: type[nn.Module], kwargs: dict[str, object], x: torch.Tensor | tuple[torch.Tensor, ...]
) -> dict[str, object]:
    """The written arguments (lists as tuples), plus the inferred ones the class takes, from x.

    A (values, indices) pair has no shape: that AttributeError is the refusal PyTorch's
    layer would raise on the tuple a moment later.
    """
    takes = inspect.signature(cls.__init__).parameters
    out = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    rule = BY_NAME.get(cls.__name__)
    for arg in rule.args if rule else ():
        if isinstance(arg.kind, LayerClass) and isinstance(out.get(arg.name), str):
            out[arg.name] = layer_class(str(out[arg.name]))  # norm_layer: BatchNorm2d → the class
    for name, dim in (INFERRED | INFERRED_BY_LAYER.get(cls.__name__, {})).items():
        if name in takes and name not in out:
            out[name] = x.shape[dim]
    return out


class Mean(nn.Module):
    """x.mean(dim, keepdim), written here from torch's documentation (not cnnshape's export)."""

    def __init__(self, dim: object, keepdim: bool = False) -> None:
        super().__init__()
        self.dim, self.keepdim = dim, keepdim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(self.dim, keepdim=self.keepdim)  # type: ignore[call-overload,no-any-return]


class Reshape(nn.Module):
    def __init__(self, shape: object) -> None:
        super().__init__()
        self.shape = shape if isinstance(shape, tuple) else (shape,)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)


class Transpose(nn.Module):
    def __init__(self, dim0: int, dim1: int) -> None:
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.transpose(self.dim0, self.dim1)


class LayerScale(nn.Module):
    """ConvNeXt's layer_scale: a (C, 1, 1) parameter times the input (torchvision's CNBlock)."""

    def __init__(self, shape: object = None, value: float = 1e-6, *, like: int = 0) -> None:
        super().__init__()
        self.shape, self.value = shape, value
        self.gamma: nn.Parameter | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.gamma is None:  # the default shape comes from the first input: (C, 1, …, 1)
            shape = self.shape if self.shape is not None else (x.shape[1],) + (1,) * (x.dim() - 2)
            shape = shape if isinstance(shape, tuple) else (shape,)
            self.gamma = nn.Parameter(torch.full(shape, float(self.value), device=x.device))
        y = x * self.gamma
        if y.shape != x.shape:
            raise RuntimeError(f"gamma {tuple(self.gamma.shape)} grows the input {tuple(x.shape)}")
        return y


#: Tensor operations a spec can write that are not torch.nn classes.
FUNCTIONAL: dict[str, type[nn.Module]] = {
    "Mean": Mean,
    "Reshape": Reshape,
    "Transpose": Transpose,
    "LayerScale": LayerScale,
}


def run_direct(
    input_shape: list[int], layers: list[tuple[str, dict[str, object]]], device: str = "cpu"
) -> Run:
    """Build and run each layer in turn on a real (BATCH, *input_shape) tensor."""
    run = Run()
    x: torch.Tensor | tuple[torch.Tensor, ...] = torch.randn(BATCH, *input_shape, device=device)
    for i, (name, kwargs) in enumerate(layers):
        cls = FUNCTIONAL.get(name) or layer_class(name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = cls(**_torch_kwargs(cls, kwargs, x))
                m.to(device)
                y = m(x)
        except Exception as e:  # any refusal, at construction or forward
            run.failed_at, run.error = i, f"{type(e).__name__}: {e}"
            return run
        values = y[0] if isinstance(y, tuple) else y  # return_indices=True: (values, indices)
        params, buffers, trainable = counts(m)
        run.steps.append(Step(tuple(values.shape[1:]), params, buffers, trainable))
        x = y  # the next layer gets what this one returned, as in nn.Sequential
    return run


#: torchvision.ops blocks: one cnnshape row each, however many submodules they have.
BLOCKS = {"SqueezeExcitation", "Conv2dNormActivation", "Conv3dNormActivation", "MLP"}


def run_module(
    model: nn.Module, input_shape: tuple[int, ...], device: str
) -> tuple[Run, dict[str, int]]:
    """Run a built model with a forward hook on every leaf module; steps in call order."""
    run = Run()
    names: dict[str, int] = {}

    def hook(name: str):  # type: ignore[no-untyped-def]
        def record(m: nn.Module, args: object, out: torch.Tensor | tuple[torch.Tensor]) -> None:
            values = out[0] if isinstance(out, tuple) else out
            params, buffers, trainable = counts(m)
            names[name] = len(run.steps)
            run.steps.append(Step(tuple(values.shape[1:]), params, buffers, trainable))

        return record

    blocks: list[str] = []  # torchvision blocks (Sequential or not) are one row each
    for name, m in model.named_modules():
        if not name or any(name.startswith(b + ".") for b in blocks):
            continue
        if type(m).__name__ in BLOCKS:
            blocks.append(name)
        if type(m).__name__ in BLOCKS or not list(m.children()):
            m.register_forward_hook(hook(name))
    with torch.no_grad():
        model(torch.zeros(BATCH, *input_shape, device=device))
    return run, names


def row_errors(report: FileReport, index: int) -> list[str]:
    """The error codes located within row ``index``'s lines."""
    rows = report.rows
    lo = rows[index].line
    hi = rows[index + 1].line if index + 1 < len(rows) else 1 << 30
    return [
        d.code
        for d in report.diagnostics
        if d.is_error and d.span is not None and lo <= d.span.line < hi
    ]


def cnnshape_steps(report: FileReport) -> tuple[list[Step], int | None]:
    """cnnshape's rows as Steps, up to the first row it could not compute or found an error
    in (it carries on past a wrong in_features with the inferred one, where PyTorch stops):
    that row's index, or None."""
    steps = []
    for i, row in enumerate(report.rows):
        if row.output_shape is None or row_errors(report, i):
            return steps, i
        assert row.params is not None and row.buffers is not None
        steps.append(
            Step(tuple(row.output_shape), row.params, row.buffers, row.trainable_params or 0)
        )
    return steps, None
