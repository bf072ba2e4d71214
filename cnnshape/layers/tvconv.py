"""torchvision.ops.Conv2dNormActivation, Conv3dNormActivation and MLP: one row each, inferred
part by part with the torch.nn rules (see :mod:`cnnshape.layers.tvblocks`).

ConvNormActivation = Conv{n}d(padding=(k − 1)//2·d when null, bias=norm_layer is null when
null) → norm_layer(out_channels) → activation_layer(inplace=inplace). MLP = for each hidden
size but the last: Linear → norm_layer → activation_layer → Dropout; then Linear → Dropout.
"""

from __future__ import annotations

from cnnshape.args import Arg, Args, Bool, Float, Int, Ints
from cnnshape.args.lists import IntList
from cnnshape.layers.base import Field, LayerError, Out, Tensor
from cnnshape.layers.conv import GROUPS, dilation_arg, head_args
from cnnshape.layers.tvblocks import (
    ACTIVATIONS,
    PARTS,
    Block,
    LayerClass,
    OptBool,
    OptPadding,
    activation,
    part,
)
from cnnshape.layers.windows import short
from cnnshape.shapes import Shape, product

#: norm_layer(out_channels) must take the channels first: these norms do.
NORMS = {
    2: ("BatchNorm2d", "InstanceNorm2d", "SyncBatchNorm", "FrozenBatchNorm2d"),
    3: ("BatchNorm3d", "InstanceNorm3d", "SyncBatchNorm"),
}


class ConvNormActivation(Block):
    """Convolution, normalisation, activation: the stem and body of torchvision's models."""

    nd: int

    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__(**kw)
        if not nd:
            return
        cls.nd = nd
        cls.shape_rule = f"as Conv{nd}d with padding (k − 1)//2·d: the size kept at stride 1"
        in_ch, out_ch, _, stride = head_args(nd)
        cls.args = (
            in_ch,
            out_ch,
            Arg("kernel_size", Ints(nd, min=1), default=(3,) * nd),
            Arg(stride.name, stride.kind, default=(1,) * nd),
            Arg("padding", OptPadding(nd), default=None),
            GROUPS,
            Arg("norm_layer", LayerClass(NORMS[nd], nullable=True), default=f"BatchNorm{nd}d"),
            Arg("activation_layer", LayerClass(ACTIVATIONS, nullable=True), default="ReLU"),
            dilation_arg(nd),
            Arg("inplace", OptBool(), default=True),
            Arg("bias", OptBool(), default=None),
        )

    def conv_values(self, a: Args) -> dict[str, object]:
        k, d = a.integers("kernel_size"), a.integers("dilation")
        pad = a.values["padding"]
        bias = a.values["bias"]
        values = {
            "out_channels": a.integer("out_channels"),
            "kernel_size": k,
            "stride": a.integers("stride"),
            "padding": tuple((ki - 1) // 2 * di for ki, di in zip(k, d, strict=True))
            if pad is None
            else pad,
            "dilation": d,
            "groups": a.integer("groups"),
            "bias": a.values["norm_layer"] is None if bias is None else bias,
        }
        if "in_channels" in a.given:
            values["in_channels"] = a.integer("in_channels")
        return values

    def infer(self, x: Tensor, a: Args) -> Out:
        conv = part(f"Conv{self.nd}d", x, self.conv_values(a), self.name)
        params, buffers = conv.params, conv.buffers
        y = conv.tensor
        norm = a.values["norm_layer"]
        if isinstance(norm, str):
            n = part(norm, y, {"num_features": y.shape[0]}, self.name)
            params, buffers = params + n.params, buffers + n.buffers
        act = a.values["activation_layer"]
        assert act is None or isinstance(act, str)
        activation(act, a.values["inplace"], y, self.name)
        out = Out(y, params=params, buffers=buffers, inferred=conv.inferred)
        out.findings = conv.findings
        return out

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """The convolution's: (in_channels / groups)·∏k per output element."""
        return product(y) * (x[0] // a.integer("groups")) * product(a.integers("kernel_size"))

    def field(self, x: Shape, a: Args) -> Field:
        conv = PARTS[f"Conv{self.nd}d"]
        values = {a.name: a.default for a in conv.args} | self.conv_values(a)
        return conv.field(x, Args(values, {}, frozenset()))

    def summary(self, a: Args) -> str:
        parts = [short("k", a.integers("kernel_size"))]
        if set(a.integers("stride")) != {1}:
            parts.append(short("s", a.integers("stride")))
        if set(a.integers("dilation")) != {1}:
            parts.append(short("d", a.integers("dilation")))
        if a.integer("groups") != 1:
            parts.append(f"g{a.integer('groups')}")
        norm, act = a.values["norm_layer"], a.values["activation_layer"]
        parts.extend(str(v) for v in (norm, act) if v is not None)
        return " ".join(parts)


class Conv2dNormActivation(ConvNormActivation, nd=2):
    pass


class Conv3dNormActivation(ConvNormActivation, nd=3):
    pass


class MLP(Block):
    """Linear layers on the last dimension, as Linear: (N, *, in_channels) → (N, *, hidden[-1])."""

    shape_rule = "(N, *, in_channels) → (N, *, hidden_channels[-1])"
    args = (
        Arg("in_channels", Int(min=0), inferred=True),
        Arg("hidden_channels", IntList(min=0), required=True),
        Arg("norm_layer", LayerClass(("BatchNorm1d", "LayerNorm"), nullable=True), default=None),
        Arg("activation_layer", LayerClass(ACTIVATIONS, nullable=True), default="ReLU"),
        Arg("inplace", OptBool(), default=None),
        Arg("bias", Bool(), default=True),
        Arg("dropout", Float(lo=0.0, hi=1.0, why=" (a dropout probability)"), default=0.0),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        hidden = a.integers("hidden_channels")
        act, norm, inplace = (a.values[k] for k in ("activation_layer", "norm_layer", "inplace"))
        if not hidden:
            raise LayerError("E109", "MLP: hidden_channels is empty", "hidden_channels")
        if act is None and len(hidden) > 1:
            raise LayerError(
                "E109",
                "MLP: torchvision builds activation_layer after every hidden Linear but the last, "
                "so it cannot be null with more than one hidden size",
                "activation_layer",
            )
        written = {"in_features": a.integer("in_channels")} if "in_channels" in a.given else {}
        y, params, buffers = x, 0, 0
        for i, h in enumerate(hidden):
            lin = part("Linear", y, {**written, "out_features": h, "bias": a.flag("bias")}, "MLP")
            y, params, written = lin.tensor, params + lin.params, {}
            if i < len(hidden) - 1:
                if isinstance(norm, str):
                    sizes: dict[str, object] = {"num_features": h, "normalized_shape": (h,)}
                    key = "num_features" if norm == "BatchNorm1d" else "normalized_shape"
                    n = part(norm, y, {key: sizes[key]}, "MLP")
                    params, buffers = params + n.params, buffers + n.buffers
                assert act is None or isinstance(act, str)
                activation(act, inplace, y, "MLP")
        return Out(y, params=params, buffers=buffers, inferred={"in_channels": x.shape[-1]})

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """Each Linear's in·out per row (rows: every leading dimension)."""
        rows, total, n_in = product(x[:-1]), 0, x[-1]
        for h in a.integers("hidden_channels"):
            total, n_in = total + rows * n_in * h, h
        return total

    def summary(self, a: Args) -> str:
        return "→ " + " → ".join(map(str, a.integers("hidden_channels")))
