"""What the human table shows, as plain text with style names: no rich here.

A cell is a ``str`` (rich reads it as markup, as it always did) or a list of
``(text, style)`` segments (a rich Text: the first segment's style is the style of the
whole text, the others' styles cover their own segment). :mod:`cnnshape.render.table`
draws them with rich; :mod:`cnnshape.render.plain_table` lays them out itself when no
colour or wrapping is involved, byte for byte as rich would.
"""

from __future__ import annotations

from cnnshape.render.columns import io_line, memory_cell, rf_cells, si
from cnnshape.render.concise import line as finding_line
from cnnshape.render.outline import Line, outline
from cnnshape.report import FileReport, Memory, Row
from cnnshape.shapes import fmt_shape

Segments = list[tuple[str, str]]
Cell = str | Segments

STYLE = {"error": "bold red", "warning": "yellow"}

#: Optional column → (header, justify) of each table column it adds.
HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "shape": (("Output shape", "left"),),
    "params": (("Params", "right"),),
    "macs": (("MACs", "right"),),
    "memory": (("Memory", "right"),),
    "rf": (("RF", "right"), ("Jump", "right"), ("Start", "right")),
}


def fmt(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def headers(columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every table column's (header, justify), the three fixed ones first."""
    fixed = [("#", "right"), ("Layer", "left"), ("Args", "left")]
    return fixed + [h for c in columns for h in HEADERS[c]]


def _group_cells(line: Line, columns: tuple[str, ...]) -> list[Cell]:
    """A group header (or the fold of identical repetitions): its shape and parameter
    subtotal where those columns are shown; the analysis columns stay empty."""
    g = line.group
    assert g is not None
    head: Segments
    if line.kind == "fold":
        head = [("  " * line.depth + f"⋮ × {line.hidden} more", "dim")]
        shape: Segments = []
        params = line.params
    else:
        head = [("  " * line.depth + "▸ ", "bold"), (g.label, "bold")]
        if g.name:
            head.append((f" {g.name}", "bold cyan"))
        shape, params = [(fmt_shape(g.output_shape), "bold")], g.params
    cells: list[Cell] = ["", head, []]
    for c in columns:
        if c == "shape":
            cells.append(shape)
        elif c == "params":
            cells.append(fmt(params))
        else:
            cells.extend([""] * len(HEADERS[c]))
    return cells


def _layer_cell(row: Row) -> Segments:
    cell = [("  " * row.depth + row.type, "")]
    if row.name:
        cell.append((f" {row.name}", "cyan"))
    return cell


def _args_cell(row: Row, first_linear: Row | None) -> Segments:
    if row is first_linear and row.output_shape is not None:
        derivation = row.derivation or str(row.args["in_features"])
        return [(f"in {derivation} ", "bold"), (row.summary, "")]
    return [(row.summary, "")]


def _cells(row: Row, column: str) -> tuple[str, ...]:
    if column == "shape":
        return (fmt_shape(row.output_shape),)
    if column == "params":
        return (fmt(row.params),)
    if column == "macs":
        return (si(row.macs),)
    if column == "memory":
        return (memory_cell(row),)
    return rf_cells(row.rf, row.rf_misaligned)


def _input_cells(r: FileReport, column: str) -> tuple[str, ...]:
    if column == "shape":
        return (fmt_shape(r.input_shape),)
    if column == "memory" and r.memory is not None:
        return (si(r.memory.input_values * r.memory.bytes_per_value, "B"),)
    return ("",) * len(HEADERS[column])


def body(r: FileReport, columns: tuple[str, ...]) -> list[list[Cell]]:
    """The table's rows below the header: the input, then each layer or group line."""
    first_linear = r.first_linear
    extra = [cell for c in columns for cell in _input_cells(r, c)]
    rows: list[list[Cell]] = [["", [("Input", "")], [], *extra]]
    for line in outline(r):
        row = line.row
        if row is None:
            rows.append(_group_cells(line, columns))
            continue
        cells = [cell for c in columns for cell in _cells(row, c)]
        rows.append([str(row.index), _layer_cell(row), _args_cell(row, first_linear), *cells])
    return rows


def title(r: FileReport) -> Segments:
    head = [(r.path, "bold")]
    if r.name:
        head.append((f"  ({r.name})", ""))
    return head


def totals(r: FileReport, columns: tuple[str, ...]) -> list[str]:
    """The lines under the table: parameter totals, shapes, the first Linear, analyses."""
    tot = r.totals
    partial = "" if r.output_shape is not None else " (up to the first error)"
    lines = [
        f"Params{partial}: {tot.params:,} total, {tot.trainable_params:,} trainable, "
        f"{tot.non_trainable_params:,} non-trainable",
        f"Buffers: {tot.buffers:,} · Params size: {tot.param_megabytes:,.2f} MB (float32)",
        io_line(r),
    ]
    first = r.first_linear
    if first is not None and first.output_shape is not None:
        how = first.derivation or str(first.args["in_features"])
        lines.append(f"First Linear: in_features = {how}")
    return lines + _analysis_lines(r, columns)


def findings(r: FileReport, strict: bool) -> list[tuple[str, str]]:
    """Each finding's line and style, then the summary line."""
    out = [(finding_line(r.path, d), STYLE[d.severity.value]) for d in r.diagnostics]
    if not r.diagnostics:
        out.append(("✓ no findings", "green"))
    else:
        summary = f"{r.errors} error(s), {r.warnings} warning(s)"
        out.append((summary, "bold red" if r.fails(strict) else "yellow"))
    return out


def _mb(n: int) -> str:
    """Bytes in MB (10^6, as torchinfo), or GB from 10^9."""
    return f"{n / 1e9:,.2f} GB" if n >= 10**9 else f"{n / 1e6:,.2f} MB"


def _memory_lines(m: Memory) -> list[str]:
    lines = [
        f"Activations: {m.activation_values:,} values per sample (input included) = "
        f"{_mb(m.activation_values * m.bytes_per_value)} ({m.dtype}, forward)",
        f"Params memory: {_mb(m.param_bytes)} ({m.dtype})"
        + (f" + buffers {_mb(m.buffer_bytes)}" if m.buffer_bytes else ""),
    ]
    if m.batch is not None and m.training_bytes is not None:
        lines.append(
            f"Training estimate at batch {m.batch:,}: {_mb(m.training_bytes)} "
            "(activations kept for backward, params, grads, Adam m and v)"
        )
    return lines


def _analysis_lines(r: FileReport, columns: tuple[str, ...]) -> list[str]:
    """Totals of the optional columns: MACs and memory (only when complete)."""
    lines = []
    if "macs" in columns and r.totals.macs is not None:
        macs = r.totals.macs
        lines.append(f"MACs: {macs:,} per sample = {macs / 1e9:,.2f} G (FLOPs ≈ 2 × MACs)")
    if "memory" in columns and r.memory is not None:
        lines.extend(_memory_lines(r.memory))
    if "rf" in columns and any(row.rf_misaligned for row in r.rows):
        lines.append("RF*: branches meet here with different jumps or centres (largest shown)")
    return lines
