"""Receptive fields: size, jump and first centre per layer and spatial dimension.

The recurrences of Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional
Neural Networks" (Distill, 2019), applied from the input towards the output. With the
effective kernel k' = d·(k−1)+1 of a layer with stride s and left padding p:

    size  ← size + (k' − 1)·jump
    start ← start + ((k' − 1)/2 − p)·jump
    jump  ← jump·s

starting from size 1, jump 1, start 0 at the input.
"""

from __future__ import annotations

from fractions import Fraction

from cnnshape.analysis.common import rule_of
from cnnshape.layers.base import GLOBAL, IDENTITY, UNDEFINED, Field
from cnnshape.report import RF, FileReport, RFDims, Row
from cnnshape.shapes import Window


def step(prev: RF | str, how: Window | str) -> RF | str:
    """One dimension through one layer."""
    if how == GLOBAL or prev == GLOBAL:
        return GLOBAL
    if how == UNDEFINED or prev == UNDEFINED:
        return UNDEFINED
    if how == IDENTITY:
        return prev
    assert isinstance(prev, RF) and isinstance(how, Window)
    grow = how.span - 1
    return RF(
        size=prev.size + grow * prev.jump,
        jump=prev.jump * how.stride,
        start=prev.start + (Fraction(grow, 2) - how.pad_l) * prev.jump,
    )


def apply(prev: RFDims, field: Field, row: Row) -> RFDims:
    """All dimensions through one layer; a field that does not fit the dimensions is undefined."""
    if isinstance(field, str):
        if field == IDENTITY and not _keeps_grid(row):
            field = UNDEFINED
        return tuple(step(p, field) for p in prev)
    if len(field) != len(prev):
        return tuple(step(p, UNDEFINED) for p in prev)
    return tuple(step(p, w) for p, w in zip(prev, field, strict=True))


def _keeps_grid(row: Row) -> bool:
    """A layer that claims 'identity' must keep the spatial sizes, or the claim is wrong."""
    return row.input_shape is not None and row.input_shape[1:] == (row.output_shape or ())[1:]


def start_state(report: FileReport) -> RFDims | None:
    """Size 1, jump 1, start 0 in each spatial dimension of the input."""
    if report.input_shape is None:
        return None
    return tuple(RF(1, 1, Fraction(0)) for _ in report.input_shape[1:])


def merge(states: list[RFDims]) -> tuple[RFDims, bool]:
    """Where branches meet: per dimension the largest field along any path, and whether the
    paths disagree in alignment (jump or first centre), which makes the field uneven."""
    out: list[RF | str] = []
    misaligned = False
    for dims in zip(*states, strict=True):
        fields = [d for d in dims if isinstance(d, RF)]
        if len(fields) < len(dims):
            out.append(GLOBAL if GLOBAL in dims else UNDEFINED)
            continue
        misaligned |= len({(f.jump, f.start) for f in fields}) > 1
        out.append(max(fields, key=lambda f: f.size))
    return tuple(out), misaligned


def fill(report: FileReport) -> None:
    """Set each row's ``rf`` following its inputs (the previous row unless it says otherwise);
    None past an error."""
    states: dict[int, RFDims | None] = {-1: start_state(report)}
    for i, row in enumerate(report.rows):
        sources = row.inputs if row.inputs is not None else (i - 1,)
        arriving = [states.get(j) for j in sources]
        found = rule_of(row)
        if found is None or not arriving or any(s is None for s in arriving):
            states[i] = None
            continue
        state, row.rf_misaligned = merge([s for s in arriving if s is not None])
        rule, args = found
        assert row.input_shape is not None
        row.rf = states[i] = apply(state, rule.field(row.input_shape, args), row)
