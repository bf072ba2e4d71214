"""The torchvision.ops layers an exported file uses: torchvision's own where it imports, else
plain-torch classes with the same arguments, submodules, parameters and buffers.

An exported spec with such layers writes them as ``tv.<name>(...)``. The file first tries
``from torchvision import ops as tv``; where that fails (torchvision absent, or built for
another torch) it binds ``tv`` to a namespace of the classes below, so the file runs with
plain torch either way. Only the classes the spec uses are written.
"""

from __future__ import annotations

from cnnshape.export.literal import call
from cnnshape.layers.base import Code

IMPORT = """
try:  # torchvision.ops where it imports; else the plain-torch classes below
    from torchvision import ops as tv
except (ImportError, RuntimeError):  # absent, or built for another torch
    tv = None
"""

_CONV_ARGS = """
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, ...] = 3,
        stride: int | tuple[int, ...] = 1,
        padding: int | tuple[int, ...] | str | None = None,
        groups: int = 1,
        norm_layer: type[nn.Module] | None = nn.BatchNorm{nd}d,
        activation_layer: type[nn.Module] | None = nn.ReLU,
        dilation: int | tuple[int, ...] = 1,
        inplace: bool | None = True,
        bias: bool | None = None,
    ) -> None:
        super().__init__(*_conv_norm_act(nn.Conv{nd}d, {nd}, locals()))
"""

SOURCES: dict[str, str] = {
    "StochasticDepth": '''
class StochasticDepth(nn.Module):
    """torchvision.ops.StochasticDepth: drops whole samples ("row") or the batch."""

    def __init__(self, p: float, mode: str) -> None:
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not 0.0 <= self.p <= 1.0 or self.mode not in ("row", "batch"):
            raise ValueError(f"bad p {self.p} or mode {self.mode}")
        if not self.training or self.p == 0.0:
            return x
        size = [x.shape[0]] + [1] * (x.ndim - 1) if self.mode == "row" else [1] * x.ndim
        keep = torch.empty(size, dtype=x.dtype, device=x.device)
        keep = keep.bernoulli_(1.0 - self.p)
        return x * keep / (1.0 - self.p) if self.p < 1.0 else x * keep
''',
    "DropBlock2d": '''
class DropBlock2d(nn.Module):
    """torchvision.ops.DropBlock2d: drops block_size-wide squares of each map."""

    nd = 2

    def __init__(
        self, p: float, block_size: int, inplace: bool = False, eps: float = 1e-06
    ) -> None:
        super().__init__()
        self.p, self.block_size, self.inplace, self.eps = p, block_size, inplace, eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != self.nd + 2:
            raise ValueError(f"input should be {self.nd + 2} dimensional")
        if not self.training or self.p == 0.0:
            return x
        sizes = x.shape[2:]
        b = min(self.block_size, *sizes)
        if b % 2 == 0:
            raise ValueError(f"block size should be odd. Got {b} which is even.")
        blocks = b**self.nd * math.prod(n - b + 1 for n in sizes)
        gamma = self.p * math.prod(sizes) / blocks
        shape = (*x.shape[:2], *(n - b + 1 for n in sizes))
        noise = torch.empty(shape, dtype=x.dtype, device=x.device).bernoulli_(gamma)
        noise = nn.functional.pad(noise, [b // 2] * 2 * self.nd)
        pool = nn.functional.max_pool2d if self.nd == 2 else nn.functional.max_pool3d
        noise = 1 - pool(noise, kernel_size=b, stride=1, padding=b // 2)
        return x * noise * (noise.numel() / (self.eps + noise.sum()))
''',
    "DropBlock3d": '''
class DropBlock3d(DropBlock2d):
    """torchvision.ops.DropBlock3d: drops block_size-wide cubes of each volume."""

    nd = 3
''',
    "FrozenBatchNorm2d": '''
class FrozenBatchNorm2d(nn.Module):
    """torchvision.ops.FrozenBatchNorm2d: fixed statistics and affine terms, as buffers."""

    def __init__(self, num_features: int, eps: float = 1e-05) -> None:
        super().__init__()
        self.eps = eps
        fills = {"weight": 1.0, "bias": 0.0, "running_mean": 0.0, "running_var": 1.0}
        for name, fill in fills.items():
            self.register_buffer(name, torch.full((num_features,), fill))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scale = self.weight * (self.running_var + self.eps).rsqrt()
        shift = self.bias - self.running_mean * scale
        return x * scale.reshape(1, -1, 1, 1) + shift.reshape(1, -1, 1, 1)
''',
    "Permute": '''
class Permute(nn.Module):
    """torchvision.ops.Permute: torch.permute with fixed dims."""

    def __init__(self, dims: tuple[int, ...]) -> None:
        super().__init__()
        self.dims = tuple(dims)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.permute(x, self.dims)
''',
    "SqueezeExcitation": '''
class SqueezeExcitation(nn.Module):
    """torchvision.ops.SqueezeExcitation: channel weights from two 1x1 convolutions."""

    def __init__(
        self,
        input_channels: int,
        squeeze_channels: int,
        activation: type[nn.Module] = nn.ReLU,
        scale_activation: type[nn.Module] = nn.Sigmoid,
    ) -> None:
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, input_channels, 1)
        self.activation = activation()
        self.scale_activation = scale_activation()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scale = self.fc2(self.activation(self.fc1(self.avgpool(x))))
        return self.scale_activation(scale) * x
''',
    "ConvNormActivation": '''
def _conv_norm_act(conv: type[nn.Module], nd: int, a: dict) -> list[nn.Module]:
    """torchvision's ConvNormActivation layers: conv, norm_layer, activation_layer."""
    k, d = a["kernel_size"], a["dilation"]
    k = (k,) * nd if isinstance(k, int) else tuple(k)
    d = (d,) * nd if isinstance(d, int) else tuple(d)
    pad = a["padding"]
    if pad is None:
        pad = tuple((ki - 1) // 2 * di for ki, di in zip(k, d, strict=True))
    bias = a["norm_layer"] is None if a["bias"] is None else a["bias"]
    layers = [
        conv(a["in_channels"], a["out_channels"], k, a["stride"], pad, dilation=d,
             groups=a["groups"], bias=bias)
    ]  # fmt: skip
    if a["norm_layer"] is not None:
        layers.append(a["norm_layer"](a["out_channels"]))
    if a["activation_layer"] is not None:
        kw = {} if a["inplace"] is None else {"inplace": a["inplace"]}
        layers.append(a["activation_layer"](**kw))
    return layers
''',
    "Conv2dNormActivation": f'''
class Conv2dNormActivation(nn.Sequential):
    """torchvision.ops.Conv2dNormActivation: Conv2d, norm_layer, activation_layer."""

    def __init__(
        self,{_CONV_ARGS.format(nd=2)}''',
    "Conv3dNormActivation": f'''
class Conv3dNormActivation(nn.Sequential):
    """torchvision.ops.Conv3dNormActivation: Conv3d, norm_layer, activation_layer."""

    def __init__(
        self,{_CONV_ARGS.format(nd=3)}''',
    "MLP": '''
class MLP(nn.Sequential):
    """torchvision.ops.MLP: Linear, norm, activation, Dropout per hidden size but the
    last; then Linear, Dropout."""

    def __init__(
        self,
        in_channels: int,
        hidden_channels: tuple[int, ...],
        norm_layer: type[nn.Module] | None = None,
        activation_layer: type[nn.Module] | None = nn.ReLU,
        inplace: bool | None = None,
        bias: bool = True,
        dropout: float = 0.0,
    ) -> None:
        kw = {} if inplace is None else {"inplace": inplace}
        layers: list[nn.Module] = []
        for hidden in hidden_channels[:-1]:
            layers.append(nn.Linear(in_channels, hidden, bias=bias))
            if norm_layer is not None:
                layers.append(norm_layer(hidden))
            layers += [activation_layer(**kw), nn.Dropout(dropout, **kw)]
            in_channels = hidden
        layers.append(nn.Linear(in_channels, hidden_channels[-1], bias=bias))
        layers.append(nn.Dropout(dropout, **kw))
        super().__init__(*layers)
''',
}

#: What a class needs written before it.
NEEDS = {
    "DropBlock3d": ("DropBlock2d",),
    "Conv2dNormActivation": ("ConvNormActivation",),
    "Conv3dNormActivation": ("ConvNormActivation",),
}


def uses(classes: list[str]) -> list[str]:
    """The tv.<name> classes of a file's layers (in order), each once."""
    seen: list[str] = []
    for cls in classes:
        if cls.startswith("tv.") and cls[3:] not in seen:
            seen.append(cls[3:])
    return seen


def _order(names: list[str]) -> list[str]:
    """The plain classes to write: each used one after those it needs, each once."""
    order: list[str] = []
    for name in names:
        for need in (*NEEDS.get(name, ()), name):
            if need not in order:
                order.append(need)
    return order


def imports(names: list[str]) -> list[str]:
    """The standard-library imports the plain classes use (math only where one needs it)."""
    needs_math = any("math." in SOURCES[name] for name in _order(names))
    return [*(["import math"] if needs_math else []), "import types"]


def block(names: list[str]) -> list[str]:
    """The code after the imports: the try-import, the plain classes and the fallback binding."""
    order = _order(names)
    lines = IMPORT.rstrip("\n").split("\n")
    for name in order:
        lines += ["", *SOURCES[name].rstrip("\n").split("\n")]
    bound: dict[str, object] = {n: Code(n) for n in names}
    return [*lines, "", "", "if tv is None:", *call("tv = types.SimpleNamespace", bound, 4)]
