"""torchvision.ops blocks built from torch.nn layers: SqueezeExcitation, Conv2dNormActivation,
Conv3dNormActivation and MLP (torchvision/ops/misc.py, torchvision 0.28).

Each is one row whose figures are the sum of its parts, each part inferred by the part's own
rule (Conv2d, BatchNorm2d, ReLU, Linear, ...), so its shape rule, parameters, buffers and
refusals are those of the layers torchvision builds. ``norm_layer``, ``activation_layer``,
``activation`` and ``scale_activation`` name a torch.nn (or torchvision.ops) class, or null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cnnshape.args import Arg, Args, Bool, Int, Kind, Padding
from cnnshape.diagnostics import SpecError
from cnnshape.layers.base import Code, LayerError, Out, Rule, Tensor, need_rank
from cnnshape.layers.tvops import TorchvisionOp
from cnnshape.load.nodes import Node, Scalar
from cnnshape.shapes import Shape

#: Activations a block may build: torch.nn classes that take no required argument and have
#: no parameters. Which of them take ``inplace`` is read from their rules.
ACTIVATIONS = (
    "ReLU", "ReLU6", "LeakyReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish", "Hardswish",
    "Hardsigmoid", "Hardtanh", "RReLU", "Sigmoid", "Tanh", "LogSigmoid", "Softsign",
    "Tanhshrink", "Softplus", "Hardshrink", "Softshrink", "Identity",
)  # fmt: skip
#: nn.Identity takes and ignores any arguments, inplace included.
TAKES_ANYTHING = ("Identity",)
#: Name → rule of every layer type, which cnnshape.layers fills once its registry is built: a
#: block's parts are inferred by their own rules, and importing the registry here (which
#: imports this module) would be an import cycle.
PARTS: dict[str, Rule] = {}


@dataclass(frozen=True)
class LayerClass(Kind):
    """The name of a layer class a block builds (one of ``options``), or null if nullable."""

    options: tuple[str, ...] = ()
    nullable: bool = False

    @property
    def want(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.options) + (", or null" if self.nullable else "")

    def parse(self, name: str, node: Node) -> object:
        if isinstance(node, Scalar) and node.value is None and self.nullable:
            return None
        if isinstance(node, Scalar) and node.value in self.options:
            return node.value
        raise SpecError("E109", f"'{name}' must be {self.want}", node.span)

    def schema(self) -> dict[str, Any]:
        return {"enum": [*self.options, *([None] if self.nullable else [])]}


@dataclass(frozen=True)
class OptBool(Bool):
    """true, false or null (torchvision's Optional[bool])."""

    want: str = "true, false or null"

    def parse(self, name: str, node: Node) -> object:
        if isinstance(node, Scalar) and node.value is None:
            return None
        return super().parse(name, node)

    def schema(self) -> dict[str, Any]:
        return {"type": ["boolean", "null"]}


@dataclass(frozen=True)
class OptPadding(Padding):
    """Convolution padding or null (ConvNormActivation computes (k − 1)//2·d for null)."""

    def parse(self, name: str, node: Node) -> object:
        if isinstance(node, Scalar) and node.value is None:
            return None
        return super().parse(name, node)

    def schema(self) -> dict[str, Any]:
        s = super().schema()
        s["oneOf"].append({"type": "null"})
        return s


def part(name: str, x: Tensor, values: dict[str, object], block: str) -> Out:
    """Infer one part of a block with its own rule; its refusals name the block and the part."""
    rule = PARTS[name]
    full = {a.name: a.default for a in rule.args} | values
    try:
        return rule.infer(x, Args(full, {}, frozenset(values)))
    except LayerError as e:
        raise LayerError(e.finding.code, f"{block}'s {name}: {e.finding.message}") from e


def activation(name: str | None, inplace: object, x: Tensor, block: str) -> Out:
    """Build an activation as torchvision does: ``inplace`` passed on unless it is null."""
    if name is None:
        return Out(x)
    takes = name in TAKES_ANYTHING or any(a.name == "inplace" for a in PARTS[name].args)
    if inplace is not None and not takes:
        raise LayerError(
            "E109",
            f"{block}: torchvision passes inplace={inplace} to {name}, which takes no inplace "
            "argument; write inplace: null",
            "inplace",
        )
    return part(name, x, {} if inplace is None or not takes else {"inplace": inplace}, block)


def layer_class(name: object) -> object:
    """An argument naming a class, as exporter code: nn.ReLU, tv.FrozenBatchNorm2d, None."""
    if not isinstance(name, str):
        return name
    rule = PARTS[name]
    cls = rule.torch_call({a.name: a.default for a in rule.args})[0]
    return Code(cls if "." in cls else f"nn.{cls}")


class Block(TorchvisionOp):
    """A torchvision block: class-valued arguments exported as classes."""

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        name, kwargs = super().torch_call(values)
        classes = {a.name for a in self.args if isinstance(a.kind, LayerClass)}
        return name, {k: layer_class(v) if k in classes else v for k, v in kwargs.items()}


class SqueezeExcitation(Block):
    """scale_activation(fc2(activation(fc1(avgpool(x))))) · x, fc1/fc2 1×1 convolutions."""

    shape_rule = "shape kept (4-d input); 2·C·squeeze + squeeze + C parameters"
    args = (
        Arg("input_channels", Int(min=0), inferred=True),
        Arg("squeeze_channels", Int(min=1), required=True),
        Arg("activation", LayerClass(ACTIVATIONS), default="ReLU"),
        Arg("scale_activation", LayerClass(ACTIVATIONS), default="Sigmoid"),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        need_rank(self.name, x, (4,), "(N, C, H, W)")
        c, s = x.shape[0], a.integer("squeeze_channels")
        pooled = Tensor((c, 1, 1))
        written = (
            {"in_channels": a.integer("input_channels")} if a.given & {"input_channels"} else {}
        )
        fc1 = part(
            "Conv2d",
            pooled,
            {**written, "out_channels": s, "kernel_size": (1, 1)},
            f"{self.name} fc1",
        )
        activation(a.text("activation"), None, fc1.tensor, self.name)
        fc2 = part(
            "Conv2d", fc1.tensor, {"out_channels": c, "kernel_size": (1, 1)}, f"{self.name} fc2"
        )
        activation(a.text("scale_activation"), None, fc2.tensor, self.name)
        return Out(x, params=fc1.params + fc2.params, inferred={"input_channels": c})

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """The two 1×1 convolutions on the pooled 1×1 map: 2·C·squeeze."""
        return 2 * x[0] * a.integer("squeeze_channels")

    def summary(self, a: Args) -> str:
        return f"squeeze {a.integer('squeeze_channels')}"
