"""Option values shared by the typer commands and the fast path: each check raises ValueError
with the message the command line shows."""

from __future__ import annotations

from cnnshape.diagnostics import CODES, Severity
from cnnshape.numbers import magnitude
from cnnshape.render.columns import COLUMNS, parse_columns
from cnnshape.spec.params import Choice


def parse_shape(text: str) -> tuple[int, ...]:
    """'3x224x224' (or '3,224,224') → (3, 224, 224)."""
    parts = text.replace(",", "x").replace("×", "x").lower().split("x")
    try:
        dims = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"'{_clip(text)}' is not a shape like 3x224x224") from None
    if not 1 <= len(dims) <= 4 or min(dims) < 1:
        raise ValueError(f"'{_clip(text)}' must be 1 to 4 positive sizes, like 3x224x224")
    if max(dims) >= 1 << 63:
        raise ValueError(
            f"a size of {magnitude(max(dims))} is beyond PyTorch's 64-bit sizes (< 2^63)"
        )
    return dims


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def columns(text: str, batch: bool) -> tuple[str, ...]:
    """--columns as a tuple; --batch implies the memory column (its totals show the estimate)."""
    if text.strip().lower() == "all":
        return COLUMNS
    cols = parse_columns(text)
    return parse_columns(",".join((*cols, "memory"))) if batch else cols


def warning_codes(codes: frozenset[str]) -> str | None:
    """The first --ignore code that is not a warning code, or None when all are."""
    for code in sorted(codes):
        if code not in CODES or CODES[code].severity is not Severity.WARNING:
            return code
    return None


def parse_choice(variant: str | None, sets: list[str] | None) -> Choice:
    """``--variant`` and ``--set NAME=VALUE`` as the pipeline takes them."""
    pairs = []
    for item in sets or ():
        name, eq, value = item.partition("=")
        if not eq or not name.strip().isidentifier():
            raise ValueError(f"expected NAME=VALUE, not {item!r}")
        pairs.append((name.strip(), value.strip()))
    return Choice(variant, tuple(pairs))
