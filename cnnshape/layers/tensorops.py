"""Tensor operations that networks write in ``forward()``: mean, reshape, transpose, a learned
scale, and multiplication with earlier outputs.

They are not torch.nn modules; each exports as a small class of the generated file
(``module_source``), so the exported network still has one module per row. Dimensions are
counted as PyTorch counts them, batch included; the batch itself is never touched.
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.args import Arg, Args, Bool, Float, Int
from cnnshape.args.lists import IntList, Names
from cnnshape.layers.base import TENSOR, LayerError, Operand, Out, Rule, Tensor
from cnnshape.layers.linear import normalize_dim
from cnnshape.layers.merging import multiply
from cnnshape.shapes import fmt_shape, product


def _dims(a: Args, name: str, x: Tensor, what: str) -> list[int]:
    """``name``'s dims wrapped as PyTorch wraps them; E207 for the batch or a repeat."""
    dims = [normalize_dim(d, x.rank, name) for d in a.integers(name)]
    if not dims:
        raise LayerError("E207", f"{what} over no dims reduces every dimension, batch too", name)
    if 0 in dims:
        raise LayerError(
            "E207",
            f"{what} over dim 0 would touch the batch dimension, which a spec keeps open; "
            f"dims count the batch, so a [C, H, W] sample's are 1, 2, 3",
            name,
        )
    if len(set(dims)) != len(dims):
        raise LayerError("E207", f"{what}: dim {a.integers(name)} names a dimension twice", name)
    return dims


class Mean(Rule):
    """``x.mean(dim, keepdim)``: MNASNet's and ShuffleNet's global pooling."""

    family = TENSOR
    source = "cnnshape"
    shape_rule = "the dims in dim removed (kept as 1 with keepdim)"

    args = (Arg("dim", IntList(), required=True), Arg("keepdim", Bool(), default=False))
    doc = "x.mean(dim, keepdim): averages over the given dimensions (batch included in the count)"
    module_source = '''
class Mean(nn.Module):
    """x.mean(dim, keepdim)."""

    def __init__(self, dim: tuple[int, ...], keepdim: bool = False):
        super().__init__()
        self.dim, self.keepdim = list(dim), keepdim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(self.dim, keepdim=self.keepdim)
'''

    def infer(self, x: Tensor, a: Args) -> Out:
        dims = _dims(a, "dim", x, "mean")
        keep = a.flag("keepdim")
        shape = tuple(
            1 if i + 1 in dims else s for i, s in enumerate(x.shape) if keep or i + 1 not in dims
        )
        return Out(Tensor(shape))

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        return "Mean", {"dim": values["dim"], "keepdim": values["keepdim"]}

    def summary(self, a: Args) -> str:
        return f"dim {list(a.integers('dim'))}" + (" keepdim" if a.flag("keepdim") else "")


class Reshape(Rule):
    """``x.reshape(N, *shape)``: ``shape`` is one sample's new shape; one entry may be -1."""

    family = TENSOR
    source = "cnnshape"
    shape_rule = "sample → shape (as many values; one entry may be -1)"

    aliases = ("view",)
    args = (Arg("shape", IntList(), required=True),)
    doc = "x.reshape(N, *shape): one sample's new shape, batch kept; one entry may be -1"
    module_source = '''
class Reshape(nn.Module):
    """x.reshape(N, *shape): the batch is kept, the sample gets ``shape``."""

    def __init__(self, shape: tuple[int, ...]):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)
'''

    def infer(self, x: Tensor, a: Args) -> Out:
        want = a.integers("shape")
        total = product(x.shape)
        if sum(1 for s in want if s == -1) > 1:
            raise LayerError("E109", "reshape: only one dimension can be -1", "shape")
        bad = [s for s in want if s < -1 or s == 0]
        if bad:
            raise LayerError("E109", f"reshape: invalid size {bad[0]} in {list(want)}", "shape")
        known = product(tuple(s for s in want if s != -1))
        if -1 in want:
            if known == 0 or total % known:
                raise LayerError(
                    "E212",
                    f"reshape: {fmt_shape(x.shape)} has {total:,} values per sample, which "
                    f"{' × '.join(str(s) for s in want if s != -1)} = {known:,} does not divide",
                    "shape",
                )
            want = tuple(total // known if s == -1 else s for s in want)
        elif known != total:
            raise LayerError(
                "E212",
                f"reshape: shape {list(want)} holds {known:,} values but {fmt_shape(x.shape)} "
                f"has {total:,} per sample",
                "shape",
            )
        return Out(Tensor(tuple(want)))

    def in_place(self, a: Args) -> bool:
        return True  # a view where the input is contiguous

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        return "Reshape", {"shape": values["shape"]}

    def summary(self, a: Args) -> str:
        return f"→ {list(a.integers('shape'))}"


class Transpose(Rule):
    """``x.transpose(dim0, dim1)``."""

    family = TENSOR
    source = "cnnshape"
    shape_rule = "dims dim0 and dim1 swapped"

    args = (Arg("dim0", Int(), required=True), Arg("dim1", Int(), required=True))
    doc = "x.transpose(dim0, dim1): swaps two dimensions (batch included in the count)"
    module_source = '''
class Transpose(nn.Module):
    """x.transpose(dim0, dim1)."""

    def __init__(self, dim0: int, dim1: int):
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.transpose(self.dim0, self.dim1)
'''

    def infer(self, x: Tensor, a: Args) -> Out:
        d0 = normalize_dim(a.integer("dim0"), x.rank, "dim0")
        d1 = normalize_dim(a.integer("dim1"), x.rank, "dim1")
        if 0 in (d0, d1):
            raise LayerError(
                "E207", "transpose with dim 0 moves the batch dimension, which a spec keeps open"
            )
        shape = list(x.shape)
        shape[d0 - 1], shape[d1 - 1] = shape[d1 - 1], shape[d0 - 1]
        return Out(Tensor(tuple(shape)))

    def in_place(self, a: Args) -> bool:
        return True  # a view

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        return "Transpose", {"dim0": values["dim0"], "dim1": values["dim1"]}


class LayerScale(Rule):
    """A learned per-channel scale (ConvNeXt's ``layer_scale``): ``x * gamma``.

    ``gamma`` has shape (C, 1, …, 1) for a channels-first input unless ``shape`` says
    otherwise; it must broadcast onto one sample without growing it.
    """

    family = TENSOR
    source = "cnnshape"
    shape_rule = "shape kept (gamma broadcasts onto one sample)"

    args = (Arg("shape", IntList(min=1), default=None), Arg("value", Float(), default=1e-6))
    doc = "x * gamma, gamma a learned tensor of shape (C, 1, …, 1) (ConvNeXt's layer_scale)"
    module_source = '''
class LayerScale(nn.Module):
    """x * gamma, a learned scale (ConvNeXt's layer_scale)."""

    def __init__(self, shape: tuple[int, ...], value: float = 1e-6):
        super().__init__()
        self.gamma = nn.Parameter(torch.full(tuple(shape), float(value)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gamma
'''

    def gamma(self, x: Tensor, a: Args) -> tuple[int, ...]:
        shape = a.values.get("shape")
        if shape is None:
            return (x.shape[0], *(1,) * (len(x.shape) - 1))
        assert isinstance(shape, tuple)
        return shape

    def infer(self, x: Tensor, a: Args) -> Out:
        gamma = self.gamma(x, a)
        out = multiply(
            [Operand(x, "the input", "the arriving tensor"), Operand(Tensor(gamma), "gamma", "")],
            "LayerScale",
            batched=False,
        )
        if out.shape != x.shape:
            raise LayerError(
                "E210",
                f"LayerScale: gamma {fmt_shape(gamma)} would grow the input {fmt_shape(x.shape)} "
                f"to {fmt_shape(out.shape)}; give it the channels' shape ({x.shape[0]}, 1, …)",
                "shape",
            )
        return Out(x, params=product(gamma), inferred={"shape": gamma})

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        return "LayerScale", {"shape": values["shape"], "value": values["value"]}


class Mul(Rule):
    """The arriving tensor times the named earlier outputs, with PyTorch's broadcasting."""

    family = TENSOR
    source = "cnnshape"
    shape_rule = "the inputs broadcast (PyTorch's rules)"

    args = (Arg("from", Names(), required=True),)
    doc = "elementwise product of the arriving tensor and the named earlier outputs (broadcasts)"
    module_source = '''
class Mul(nn.Module):
    """The arriving tensor times earlier outputs (broadcasting)."""

    def forward(self, x: torch.Tensor, *others: torch.Tensor) -> torch.Tensor:
        for other in others:
            x = x * other
        return x
'''

    def sources(self, a: Args) -> tuple[str, ...]:
        return a.names("from")

    def infer(self, x: Tensor, a: Args) -> Out:
        return Out(x)

    def join(self, inputs: list[Operand], a: Args) -> Out:
        return Out(multiply(inputs, "Mul"))

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        return "Mul", {}

    def summary(self, a: Args) -> str:
        return "× " + ", ".join(a.names("from"))
