"""Where tensors meet: elementwise addition and concatenation, with located mismatch messages.

Used by the Add and Concat rules and by the residual and parallel forms, so every
meeting point reports a disagreement the same way: both shapes, both sources, the
dimensions that differ, and a fix where there is an obvious one.
"""

from __future__ import annotations

from cnnshape.dims import dim_name as dim_name  # re-exported: rules import it from here
from cnnshape.layers.base import LayerError, Operand, Tensor
from cnnshape.layers.linear import normalize_dim
from cnnshape.shapes import Shape, fmt_shape


class MergeError(LayerError):
    """A mismatch at a meeting point; ``dims`` are the differing sample dimensions.

    ``rounding`` says the spatial sizes differ only a little (15 vs 14, not 56 vs 28):
    a size lost to rounding somewhere, which another input size may avoid.
    """

    def __init__(self, code: str, message: str, dims: tuple[int, ...], a: Shape, b: Shape) -> None:
        super().__init__(code, message)
        self.dims = dims
        self.fallback = Tensor(a)  # what a lenient walk carries on with
        gaps = [(abs(a[i] - b[i]), min(a[i], b[i])) for i in dims if i > 0]
        self.rounding = bool(gaps) and all(g == 1 or 2 * g < m for g, m in gaps)


def pairs_only(ops: list[Operand], where: str) -> None:
    """E205 when a branch ends in a max pooling's (values, indices) pair: it cannot be
    added or concatenated (PyTorch's + and torch.cat refuse a tuple)."""
    for op in ops:
        if op.tensor.indices:
            raise LayerError(
                "E205",
                f"{where}: {op.role} ends in the (values, indices) pair that return_indices=True "
                "returns, which cannot be added or concatenated",
            )


def differences(a: Shape, b: Shape, dims: tuple[int, ...]) -> str:
    """'channels (128 vs 64) and height × width (28×28 vs 56×56)'."""
    parts = []
    if 0 in dims:
        parts.append(f"{dim_name(len(a), 0)} ({a[0]} vs {b[0]})")
    spatial = [i for i in dims if i > 0]
    if spatial and spatial == list(range(1, len(a))) and len(spatial) > 1:
        names = " × ".join(dim_name(len(a), i) for i in spatial)
        left = "×".join(str(a[i]) for i in spatial)
        right = "×".join(str(b[i]) for i in spatial)
        parts.append(f"{names} ({left} vs {right})")
    else:
        parts.extend(f"{dim_name(len(a), i)} ({a[i]} vs {b[i]})" for i in spatial)
    return " and ".join(parts)


def _side(op: Operand) -> str:
    return f"{op.role} gives {fmt_shape(op.tensor.shape)} (from {op.source})"


def add(ops: list[Operand], where: str, fix: str = "") -> Tensor:
    """The sum's tensor; E210 unless every operand has the first one's shape exactly."""
    first = ops[0]
    for op in ops[1:]:
        a, b = first.tensor.shape, op.tensor.shape
        if a == b:
            continue
        if len(a) != len(b):
            raise MergeError(
                "E210",
                f"{where}: {_side(first)} but {_side(op)}; added tensors must have the same "
                f"shape, and these differ in rank",
                (),
                a,
                b,
            )
        dims = tuple(i for i in range(len(a)) if a[i] != b[i])
        raise MergeError(
            "E210",
            f"{where}: {_side(first)} but {_side(op)}; added tensors must have the same "
            f"shape, and these differ in {differences(a, b, dims)}{fix}",
            dims,
            a,
            b,
        )
    return first.tensor


def concat(ops: list[Operand], dim: int, where: str) -> Tensor:
    """torch.cat along ``dim`` (batch included): same rank, every other dimension equal."""
    first = ops[0]
    rank = first.tensor.rank
    d = normalize_dim(dim, rank, "dim")
    if d == 0:
        raise LayerError(
            "E207", f"{where}: dim {dim} is the batch dimension; concatenate along 1 (channels)"
        )
    total = 0
    for op in ops:
        a, b = first.tensor.shape, op.tensor.shape
        if len(a) != len(b):
            raise MergeError(
                "E211",
                f"{where}: {_side(first)} but {_side(op)}; tensors concatenated must have the "
                "same rank",
                (),
                a,
                b,
            )
        dims = tuple(i for i in range(len(a)) if i != d - 1 and a[i] != b[i])
        if dims:
            joined = sum(o.tensor.shape[d - 1] for o in ops if len(o.tensor.shape) == len(a))
            error = MergeError(
                "E211",
                f"{where}: {_side(first)} but {_side(op)}; concatenating along "
                f"{dim_name(len(a), d - 1)} needs every other dimension to match, and these "
                f"differ in {differences(a, b, dims)}",
                dims,
                a,
                b,
            )
            error.fallback = _with(a, d - 1, joined)
            raise error
        total += b[d - 1]
    return _with(first.tensor.shape, d - 1, total)


def _with(shape: Shape, i: int, size: int) -> Tensor:
    out = list(shape)
    out[i] = size
    return Tensor(tuple(out))


def projection_hint(body: Shape, shortcut: Shape) -> str:
    """'; give the shortcut a projection: Conv2d(kernel_size=1, stride=2, out_channels=128)…'.

    Empty unless one 1×1 convolution with a single stride maps the shortcut's shape
    onto the body's: out = (in − 1)//s + 1 in every spatial dimension.
    """
    if len(body) != len(shortcut) or len(body) < 2:
        return ""
    for s in range(1, max(shortcut[1:]) + 1):
        if all((i - 1) // s + 1 == o for i, o in zip(shortcut[1:], body[1:], strict=True)):
            nd = len(body) - 1
            stride = f", stride: {s}" if s > 1 else ""
            return (
                f"; the shortcut needs a projection: Conv{nd}d: {{out_channels: {body[0]}, "
                f"kernel_size: 1{stride}, bias: false}} then BatchNorm{nd}d"
            )
    return ""
