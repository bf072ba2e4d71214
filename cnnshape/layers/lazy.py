"""LazyConv1d/2d/3d, LazyConvTranspose1d/2d/3d and LazyLinear (torch/nn/modules/{conv,linear}.py).

A lazy module is its eager twin without ``in_channels``/``in_features``: PyTorch reads it
from the first input. cnnshape infers it for the eager layers anyway, so these rules are the
eager ones with that argument removed (it cannot be written): the same shapes, refusals,
parameter counts (once materialised) and MACs.
"""

from __future__ import annotations

from typing import ClassVar

from cnnshape.args import Arg
from cnnshape.layers.conv import Conv
from cnnshape.layers.linear import Linear
from cnnshape.layers.transpose import ConvTranspose


def _without(args: tuple[Arg, ...], name: str) -> tuple[Arg, ...]:
    """The eager layer's arguments without the one PyTorch reads from the first input."""
    return tuple(a for a in args if a.name != name)


class LazyConv(Conv):
    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__(nd=nd)
        if nd:
            cls.name, cls.args = f"LazyConv{nd}d", _without(cls.args, "in_channels")


class LazyConv1d(LazyConv, nd=1):
    pass


class LazyConv2d(LazyConv, nd=2):
    pass


class LazyConv3d(LazyConv, nd=3):
    pass


class LazyConvTranspose(ConvTranspose):
    def __init_subclass__(cls, nd: int = 0, **kw: object) -> None:
        super().__init_subclass__(nd=nd)
        if nd:
            cls.name, cls.args = f"LazyConvTranspose{nd}d", _without(cls.args, "in_channels")


class LazyConvTranspose1d(LazyConvTranspose, nd=1):
    pass


class LazyConvTranspose2d(LazyConvTranspose, nd=2):
    pass


class LazyConvTranspose3d(LazyConvTranspose, nd=3):
    pass


class LazyLinear(Linear):
    """Linear without in_features; W302 and the FC → conv conversion as for Linear."""

    aliases: ClassVar[tuple[str, ...]] = ()
    args: ClassVar[tuple[Arg, ...]] = _without(Linear.args, "in_features")
