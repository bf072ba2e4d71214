"""The names of a sample's dimensions, in every form a message or a column uses them.

A sample is (C, *spatial) — or (F,) for features — with 1 to 3 spatial dimensions.
"""

from __future__ import annotations

#: Letters of the spatial dimensions of a 1-, 2- and 3-d input (``cnnshape sizes --vary``).
AXES = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}
#: The spatial part of a layer's expected input, as PyTorch's docs write it: "(N, C, H, W)".
DIMS = {nd: ", ".join(letters) for nd, letters in AXES.items()}
#: One position along each spatial dimension, in words ("3 rows").
AXIS_NAMES = {1: ("position",), 2: ("row", "column"), 3: ("depth slice", "row", "column")}
#: Each spatial dimension's extent, in words ("the height").
EXTENTS = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def dim_name(rank: int, i: int) -> str:
    """'channels', 'height', 'width'… for sample dimension ``i`` of a rank-``rank`` shape."""
    if i == 0:
        return "channels" if rank > 1 else "features"
    names = EXTENTS.get(rank - 1)
    return names[i - 1] if names else f"dim {i + 1}"


def axis_label(nd: int, i: int, plural: bool = False) -> str:
    """'row' / 'rows' for spatial dimension ``i`` of an ``nd``-d window."""
    word = AXIS_NAMES[nd][i] if nd in AXIS_NAMES else f"dim {i}"
    return word + "s" if plural else word
