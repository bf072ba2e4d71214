"""The optional per-layer columns (``--columns``) and how their values read as text.

Values come from the report; this module only formats them (no rich, so machine
formats and the sizes table can use it too).
"""

from __future__ import annotations

from fractions import Fraction

from cnnshape.report import RF, FileReport, RFDims, Row
from cnnshape.shapes import fmt_shape

#: Every column --columns accepts, in display order.
COLUMNS = ("shape", "params", "macs", "memory", "rf")
DEFAULT_COLUMNS = ("shape", "params")
#: The columns whose figures an analysis computes (cnnshape.analysis, by the same names).
ANALYSIS_COLUMNS = ("macs", "memory", "rf")


def parse_columns(text: str) -> tuple[str, ...]:
    """'shape,macs' → ('shape', 'macs') in display order; ValueError names an unknown one."""
    wanted = {c.strip().lower() for c in text.split(",") if c.strip()}
    unknown = wanted - set(COLUMNS)
    if unknown:
        raise ValueError(
            f"unknown column(s) {', '.join(sorted(unknown))}; choose from {', '.join(COLUMNS)}"
        )
    return tuple(c for c in COLUMNS if c in wanted)


def si(n: int | None, unit: str = "") -> str:
    """1849688064 → '1.85 G'; three significant digits, decimal prefixes."""
    if n is None:
        return "?"
    for factor, prefix in ((10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "k")):
        if abs(n) >= factor:
            return f"{n / factor:.3g} {prefix}{unit}"
    return f"{n} {unit}".rstrip()


def memory_cell(row: Row) -> str:
    if row.activation_bytes is None:
        return "?"
    return "in place" if row.in_place else si(row.activation_bytes, "B")


def fmt_fraction(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(set(parts)) == 1 else "×".join(parts)


def rf_cells(rf: RFDims | None, misaligned: bool = False) -> tuple[str, str, str]:
    """(size, jump, start) cells: '7', '1', '0'; '7×5' per dimension; 'all' for global;
    a '*' after the size where merging branches disagree in alignment."""
    if rf is None:
        return ("?", "?", "?")
    if not rf:
        return ("", "", "")
    words = {"global": "all", "undefined": "?"}
    size, jump, start = [], [], []
    for d in rf:
        if isinstance(d, RF):
            size.append(str(d.size))
            jump.append(str(d.jump))
            start.append(fmt_fraction(d.start))
        else:
            size.append(words[d])
            jump.append("")
            start.append("")
    return (_join(size) + ("*" if misaligned else ""), _join(jump), _join(start))


def shape_cell(row: Row) -> str:
    return fmt_shape(row.output_shape)


def io_line(r: FileReport, code: str = "") -> str:
    """'Input (N, 3, 32, 32) → output (N, 10)', or with names where a network has several
    inputs or outputs; ``code`` wraps each shape (markdown's backquote)."""

    def shape(s: tuple[int, ...] | None) -> str:
        return f"{code}{fmt_shape(s)}{code}"

    if r.inputs and len(r.inputs) > 1:
        left = "Inputs " + ", ".join(f"{n} {shape(s)}" for n, s in r.inputs)
    else:
        left = f"Input {shape(r.input_shape)}"
    if r.outputs and len(r.outputs) > 1:
        return left + " → outputs " + ", ".join(f"{n} {shape(s)}" for n, s in r.outputs)
    return f"{left} → output {shape(r.output_shape)}"
