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


def multiply(ops: list[Operand], where: str, batched: bool = True) -> Tensor:
    """The product's tensor under PyTorch's broadcasting (sizes aligned from the right, each
    pair equal or one of them 1). Operands are batched tensors of equal rank, except an
    unbatched parameter (``batched=False`` for every operand after the first), which aligns
    with the sample's trailing dimensions. E210 names both shapes where they cannot broadcast."""
    pairs_only(ops, where)
    out = list(ops[0].tensor.shape)
    for op in ops[1:]:
        b = op.tensor.shape
        if (batched and len(b) != len(out)) or len(b) > len(out):
            raise MergeError(
                "E210",
                f"{where}: {_side(ops[0])} but {_side(op)}; multiplying tensors of different "
                "rank would line the batch up with a sample dimension",
                (),
                tuple(out),
                b,
            )
        offset = len(out) - len(b)
        for i, size in enumerate(b):
            j = offset + i
            if size != out[j] and 1 not in (size, out[j]):
                dims = tuple(offset + k for k in range(len(b)) if b[k] not in (1, out[offset + k]))
                raise MergeError(
                    "E210",
                    f"{where}: {_side(ops[0])} but {_side(op)}; multiplied tensors must match "
                    f"or be 1 in each dimension, and {dim_name(len(out), j)} is {out[j]} vs "
                    f"{size}",
                    dims,
                    tuple(out),
                    b if batched else tuple(out),
                )
            out[j] = max(out[j], size)
    return Tensor(tuple(out))


def split_sizes(x: Tensor, split: int | tuple[int, ...]) -> tuple[int, ...]:
    """The channel counts of ``x.chunk(n, 1)`` (an int) or ``x.split(sizes, 1)`` (a tuple).

    torch.chunk makes pieces of ceil(C / n) channels, the last one smaller, and may make
    fewer than n pieces (5 channels in 4 chunks give 2, 2, 1): a spec with a branch per
    piece then has a branch too many, which is refused here.
    """
    if x.indices or not x.shape:
        raise LayerError("E205", "split: the input is not a tensor with channels")
    c = x.shape[0]
    if isinstance(split, tuple):
        if sum(split) != c:
            raise LayerError(
                "E212",
                f"split: the sizes {list(split)} add up to {sum(split)}, but the input has {c} "
                f"channels ({fmt_shape(x.shape)})",
            )
        return split
    size = -(-c // split)
    sizes = tuple(min(size, c - i) for i in range(0, c, size))
    if len(sizes) != split:
        raise LayerError(
            "E212",
            f"split: x.chunk({split}, dim=1) of {c} channels makes {len(sizes)} pieces of "
            f"{', '.join(map(str, sizes))} (chunks of ceil({c}/{split}) = {size}), not {split}",
        )
    return sizes
