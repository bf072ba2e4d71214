"""Linear and Flatten: where the classic in_features = C·H·W comes from."""

from __future__ import annotations

from typing import ClassVar

from cnnshape.args import Arg, Args, Bool, Int
from cnnshape.diagnostics import Fix
from cnnshape.layers.base import (
    GLOBAL,
    IDENTITY,
    LINEAR,
    SHAPE,
    Field,
    Finding,
    LayerError,
    Out,
    Rule,
    Tensor,
)
from cnnshape.shapes import Shape, fmt_shape, product


class Linear(Rule):
    """y = xAᵀ + b on the last dimension; in_features is inferred from it."""

    family = LINEAR
    shape_rule = "(N, *, in_features) → (N, *, out_features)"

    aliases: ClassVar[tuple[str, ...]] = ("fc", "dense")
    args: ClassVar[tuple[Arg, ...]] = (
        Arg("in_features", Int(min=0), inferred=True),
        Arg("out_features", Int(min=0), required=True),
        Arg("bias", Bool(), default=True),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        n_in, n_out = x.shape[-1], a.integer("out_features")
        origin = x.origin_of(len(x.shape) - 1)
        derivation = f"{n_in} = {origin}" if origin else None
        if "in_features" in a.given and a.values["in_features"] != n_in:
            why = (
                f" (= {origin} after Flatten)"
                if origin
                else f" (the last dimension of {fmt_shape(x.shape)})"
            )
            raise LayerError(
                "E206",
                f"Linear expects in_features={n_in}{why}, the spec says {a.values['in_features']}; "
                f"write in_features: {n_in} or leave it out to have it inferred",
                "in_features",
                (Fix(f"write in_features: {n_in}", str(n_in)),),
            )
        shape = (*x.shape[:-1], n_out)
        params = n_in * n_out + (n_out if a.flag("bias") else 0)
        out = Out(Tensor(shape), params=params, inferred={"in_features": n_in}, note=derivation)
        if len(x.shape) > 1 and "in_features" not in a.given:  # a written one says it is meant
            flat = product(x.shape)
            out.findings.append(
                Finding(
                    "W302",
                    f"Linear acts on the last dimension only: {fmt_shape(x.shape)} → "
                    f"{fmt_shape(shape)}. Did you forget Flatten? After Flatten it would take "
                    f"in_features={flat} (= {'·'.join(map(str, x.shape))})",
                )
            )
        return out

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """in_features MACs per output element, so in·out per row; the bias is not counted."""
        return product(y) * x[-1]

    def field(self, x: Shape, a: Args) -> Field:
        return GLOBAL

    def as_conv(self, volume: Shape, a: Args) -> tuple[str, dict[str, object]] | None:
        """On a flattened C×H×W volume: Conv2d with kernel H×W and out_features filters
        (weight (out, C·H·W) reshaped to (out, C, H, W)); on (C, 1, 1): a 1×1 convolution."""
        nd = len(volume) - 1
        if nd not in (1, 2, 3):
            return None
        conv: dict[str, object] = {
            "in_channels": volume[0],
            "out_channels": a.integer("out_features"),
            "kernel_size": volume[1:],
        }
        if not a.flag("bias"):
            conv["bias"] = False
        return f"Conv{nd}d", conv

    def summary(self, a: Args) -> str:
        return f"→ {a.integer('out_features')}" + ("" if a.flag("bias") else " no bias")


class Flatten(Rule):
    """Merges dimensions start_dim..end_dim (counted with the batch dimension, as in PyTorch)."""

    family = SHAPE
    shape_rule = "dims start_dim..end_dim merged into their product"

    args = (
        Arg("start_dim", Int(), default=1),
        Arg("end_dim", Int(), default=-1),
    )

    def infer(self, x: Tensor, a: Args) -> Out:
        rank = x.rank
        start = normalize_dim(a.integer("start_dim"), rank, "start_dim")
        end = normalize_dim(a.integer("end_dim"), rank, "end_dim")
        if start > end:
            raise LayerError(
                "E207",
                f"Flatten: start_dim ({a.integer('start_dim')} → {start}) comes after end_dim "
                f"({a.integer('end_dim')} → {end}) on a {rank}-d tensor",
                "start_dim",
            )
        if start == 0:
            raise LayerError(
                "E207",
                "Flatten with start_dim=0 merges the batch dimension into the features; "
                "cnnshape keeps the batch N symbolic and does not model this",
                "start_dim",
            )
        if start == end:
            return Out(x)
        lo, hi = start - 1, end  # indices into the sample shape
        merged = x.shape[lo:hi]
        shape = (*x.shape[:lo], product(merged), *x.shape[hi:])
        origin = [x.origin_of(i) for i in range(len(x.shape))]
        new_origin = (*origin[:lo], "·".join(map(str, merged)), *origin[hi:])
        return Out(Tensor(shape, new_origin))

    def in_place(self, a: Args) -> bool:
        """Flatten returns a view: no new activation memory."""
        return True

    def field(self, x: Shape, a: Args) -> Field:
        """No spatial grid is left once dimensions merge: later layers count as global."""
        rank = len(x) + 1
        start, end = a.integer("start_dim") % rank, a.integer("end_dim") % rank
        return IDENTITY if start == end else GLOBAL

    def summary(self, a: Args) -> str:
        s, e = a.integer("start_dim"), a.integer("end_dim")
        return "" if (s, e) == (1, -1) else f"dims {s}..{e}"


def normalize_dim(dim: int, rank: int, arg: str) -> int:
    """PyTorch's maybe_wrap_dim: a dim in [-rank, rank) counted from the front."""
    if not -rank <= dim < rank:
        raise LayerError(
            "E207",
            f"{arg}={dim} is out of range for a {rank}-d tensor (batch included): "
            f"expected a value in [{-rank}, {rank - 1}]",
            arg,
        )
    return dim + rank if dim < 0 else dim
