"""Finding the Flatten → Linear heads to convert, from the rows of a checked spec.

Nothing here names a layer type: a flatten is a row that turns (C, *spatial) into
(C·∏spatial,), a dense layer one whose rule has a convolution equivalent
(:meth:`Rule.as_conv`), and the layers between them must keep the shape position by
position (their field is ``identity``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.analysis.common import rule_of
from cnnshape.layers.base import IDENTITY
from cnnshape.report import FileReport, Row
from cnnshape.shapes import product


class ConvertError(Exception):
    """The spec cannot be converted; ``line`` and ``column`` locate the fault (1-based): the
    layer, or the finding `check` reports at the same place."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(slots=True)
class Head:
    """One head: the flatten row, then the rows up to its last dense layer; ``convs`` maps
    the index of each dense row to its convolution (type, arguments)."""

    rows: list[Row]
    convs: dict[int, tuple[str, dict[str, object]]] = field(default_factory=dict)


def _flattens(row: Row) -> bool:
    shape = row.input_shape
    return shape is not None and len(shape) >= 2 and row.output_shape == (product(shape),)


def _head_from(rows: list[Row], i: int) -> Head | None:
    """The head starting at the flatten rows[i], or None when no dense layer follows."""
    volume = rows[i].input_shape
    assert volume is not None
    head = Head([rows[i]])
    last = 0
    for row in rows[i + 1 :]:
        found = rule_of(row)
        if found is None:
            break
        rule, args = found
        assert row.input_shape is not None
        conv = rule.as_conv(volume, args)
        if conv is not None:
            head.convs[row.index] = conv
            last = len(head.rows)
            assert row.output_shape is not None
            volume = (row.output_shape[-1], *(1,) * (len(volume) - 1))
        elif row.input_shape != row.output_shape or rule.field(row.input_shape, args) != IDENTITY:
            break
        head.rows.append(row)
    if not last:
        return None
    del head.rows[last + 1 :]
    return head


def find_heads(report: FileReport) -> list[Head]:
    """Every head in the report, after checking the layers past it work on a grid."""
    heads = []
    for i, row in enumerate(report.rows):
        if _flattens(row):
            head = _head_from(report.rows, i)
            if head is not None:
                heads.append(head)
                _check_dims(report.rows[i + 1 :])
    return heads


def _check_dims(rows: list[Row]) -> None:
    """Layers after a converted flatten that work along a dimension must use dim 1 (or the
    default), which is the classes both before and after; dim -1 would move to the grid."""
    for row in rows:
        if row.args.get("dim") not in (None, 1):
            raise ConvertError(
                f"{row.type} works along dim={row.args['dim']}, which is the classes now but "
                "would be a grid dimension after the conversion; write dim: 1",
                row.line,
            )
