"""The arithmetic of sliding windows, as PyTorch does it.

Sources: ``conv_output_size`` in aten/src/ATen/native/ConvUtils.h and
``pooling_output_shape_pad_lr`` in aten/src/ATen/native/Pool.h. PyTorch's
``div_rtn`` rounds toward negative infinity, which is Python's ``//``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fractions (and decimal under it) load only when a message needs them
    from fractions import Fraction

Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Window:
    """One spatial dimension of a sliding window: kernel, stride, padding left/right, dilation."""

    kernel: int
    stride: int
    pad_l: int
    pad_r: int
    dilation: int = 1

    @property
    def span(self) -> int:
        """The effective (dilated) kernel: d·(k−1)+1 input positions."""
        return self.dilation * (self.kernel - 1) + 1

    def exact(self, size: int) -> Fraction:
        """(in + p_l + p_r − d·(k−1) − 1)/s + 1 before rounding."""
        from fractions import Fraction

        return Fraction(size + self.pad_l + self.pad_r - self.span, self.stride) + 1

    def out_floor(self, size: int) -> int:
        return (size + self.pad_l + self.pad_r - self.span) // self.stride + 1

    def out_ceil(self, size: int) -> int:
        """PyTorch's ceil_mode: round up, then drop a last window that starts past in + p_l."""
        out = (size + self.pad_l + self.pad_r - self.span + self.stride - 1) // self.stride + 1
        if (out - 1) * self.stride >= size + self.pad_l:
            out -= 1
        return out

    def last_read(self, out: int) -> int:
        """Index of the last input position the last window touches (may lie in padding)."""
        return -self.pad_l + (out - 1) * self.stride + self.span - 1

    def unread(self, size: int, out: int) -> int:
        """Real input positions after the last window's end (W301 when above 0).

        Windows narrower than their stride (a 1×1 stride-2 projection) skip positions between
        them by design; the ones after the last window are no loss beyond that, so 0.
        """
        if self.span < self.stride:
            return 0
        return max(0, size - 1 - self.last_read(out))

    def formula(self, size: int) -> str:
        """The arithmetic as a person would write it: (224 + 2·0 − 11)/4 + 1."""
        pad = f"2·{self.pad_l}" if self.pad_l == self.pad_r else f"{self.pad_l}+{self.pad_r}"
        return f"({size} + {pad} − {self.span})/{self.stride} + 1"

    def fitting_sizes(self, size: int) -> tuple[int | None, int]:
        """The nearest input sizes at or below and above ``size`` that the windows tile exactly."""
        rem = (size + self.pad_l + self.pad_r - self.span) % self.stride
        below = size - rem
        smallest = self.span - self.pad_l - self.pad_r
        return (below if below >= max(smallest, 1) else None, below + self.stride)


def fmt_number(x: Fraction) -> str:
    """54.25 for 217/4; 55 for 55; up to 4 decimals, trailing zeros dropped."""
    if x.denominator == 1:
        return str(x.numerator)
    text = f"{float(x):.4f}".rstrip("0").rstrip(".")
    from fractions import Fraction

    return text if Fraction(text) == x else text + "…"


def same_padding(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's padding='same': total d·(k−1), left = total//2, the extra on the right."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


def fmt_shape(shape: Shape | None, batch: str = "N") -> str:
    if shape is None:
        return "?"
    return "(" + ", ".join([batch, *map(str, shape)]) + ")"


def product(dims: Shape) -> int:
    out = 1
    for d in dims:
        out *= d
    return out
