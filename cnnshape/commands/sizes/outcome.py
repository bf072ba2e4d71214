"""What a sweep of input sizes finds: each size's :class:`Outcome`, and the :class:`Sweep`."""

from __future__ import annotations

from dataclasses import dataclass, field

EXACT, LOSSY, REFUSED = "exact", "lossy", "refused"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input size: its status, the layer responsible (refusing, or first to lose input)."""

    size: int
    status: str
    layer: str | None = None
    code: str | None = None
    message: str | None = None


@dataclass(slots=True)
class Sweep:
    """Sizes tried along some spatial dimensions (all of them together, or one)."""

    axes: tuple[str, ...]  # the dimensions that take each size; the others stay as given
    base: tuple[int, ...]  # the input shape the other dimensions come from
    outcomes: list[Outcome] = field(default_factory=list)
    smallest: int | None = None  # the smallest accepted size from 1 up
    limit: Outcome | None = None  # the refusal just below the smallest accepted size
    stride: int | None = None  # total downsampling (largest jump) in the varied dimensions
    stride_layer: str | None = None  # the first layer that reaches it

    @property
    def range(self) -> tuple[int, int]:
        return (self.outcomes[0].size, self.outcomes[-1].size)
