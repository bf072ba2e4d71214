"""Numbers as PyTorch takes them: NaN, infinities and huge integers are values, never tracebacks.

``float(10**400)`` raises OverflowError, ``int(float("inf"))`` too, and ``f"{10**400:.2e}"``
as well; every message and every float argument goes through here instead.
"""

from __future__ import annotations

import math

from cnnshape.diagnostics import Span, SpecError

INT64 = 1 << 63
UINT64 = 1 << 64
#: The largest finite float32: PyTorch converts a Scalar to a float tensor's type with a check.
FLOAT32_MAX = 3.4028234663852886e38


def magnitude(value: int) -> str:
    """A huge integer told by its size ('a 25-digit integer'), since printing it helps no one."""
    return f"a {len(str(abs(value)))}-digit integer"


def about(n: int) -> str:
    """'9.22e+18' for a count, or 'a 400-digit number' past what a float can hold."""
    try:
        return f"{float(n):.2e}"
    except OverflowError:
        return f"a {len(str(abs(n)))}-digit number"


def show(value: int | float, text: str = "") -> str:
    """A number as written, for a message: short, whatever its size."""
    if isinstance(value, int) and abs(value) >= INT64:
        return magnitude(value)
    shown = text or repr(value)
    return shown if len(shown) <= 40 else shown[:40] + "…"


def as_float(value: int | float) -> float | None:
    """``float(value)``, or None where the integer is beyond any double (about 1.8e308)."""
    try:
        return float(value)
    except OverflowError:
        return None


def check_float(
    name: str,
    value: int | float,
    text: str,
    span: Span,
    limits: tuple[float | None, float | None, bool],
    flags: tuple[bool, bool, bool],
    why: str = "",
) -> float:
    """A float argument as PyTorch takes it, or a located E109.

    ``limits`` is (lo, hi, lo_open); ``flags`` is (nan, scalar, float32): NaN accepted,
    passed to an op as a Scalar (an int must fit in 64 bits, signed or not), converted to
    a float32 tensor's type (a finite value must fit in float32, PyTorch's default dtype).
    """
    lo, hi, lo_open = limits
    nan, scalar, float32 = flags
    shown = show(value, text)
    if isinstance(value, int) and scalar and not -INT64 <= value < UINT64:
        raise SpecError(
            "E109",
            f"'{name}' is {shown}; PyTorch passes it as a 64-bit integer and refuses it",
            span,
        )
    v = as_float(value)
    if v is None:
        raise SpecError(
            "E109", f"'{name}' is {shown}, too large for a float (PyTorch refuses it)", span
        )
    if math.isnan(v):
        if nan:
            return v
        raise SpecError("E109", f"'{name}' must be {_bounds(lo, hi, lo_open)}, got nan{why}", span)
    low = lo is not None and (v <= lo if lo_open else v < lo)
    if low or (hi is not None and v > hi):
        raise SpecError(
            "E109", f"'{name}' must be {_bounds(lo, hi, lo_open)}, got {shown}{why}", span
        )
    if float32 and math.isfinite(v) and abs(v) > FLOAT32_MAX:
        raise SpecError(
            "E109",
            f"'{name}' is {shown}, beyond float32 (±3.4e38): PyTorch cannot convert it to a "
            "float tensor's type",
            span,
        )
    return v


def _bounds(lo: float | None, hi: float | None, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        return f"between {lo:g} and {hi:g}"
    if lo is not None:
        return f"greater than {lo:g}" if lo_open else f"at least {lo:g}"
    if hi is not None:
        return f"at most {hi:g}"
    return "a number"
