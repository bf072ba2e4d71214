"""Shared pieces of the sliding-window rules (convolution and pooling)."""

from __future__ import annotations

from collections.abc import Sequence

from cnnshape.dims import DIMS as DIMS  # re-exported: rules import it from here
from cnnshape.dims import axis_label as axis_label  # re-exported, as above
from cnnshape.layers.base import Finding, LayerError
from cnnshape.shapes import Shape, Window, fmt_number


def short(prefix: str, values: tuple[int, ...]) -> str:
    """'k3' for (3, 3), 'k3×5' for (3, 5): a tuple argument in the table's short form."""
    if len(set(values)) == 1:
        return f"{prefix}{values[0]}"
    return prefix + "×".join(map(str, values))


def too_small(layer: str, sizes: Shape, wins: Sequence[Window], outs: Sequence[int]) -> None:
    """Raise E201 for the first dimension whose output is below 1, with the arithmetic."""
    for i, (size, w, out) in enumerate(zip(sizes, wins, outs, strict=True)):
        if out >= 1:
            continue
        nd = len(sizes)
        padded = size + w.pad_l + w.pad_r
        dil = f" (kernel {w.kernel}, dilation {w.dilation})" if w.dilation != 1 else ""
        axes = axis_label(nd, i, plural=size + w.pad_l + w.pad_r != 1)
        raise LayerError(
            "E201",
            f"{layer}: the window spans {w.span}{dil} but the padded input has only {padded} "
            f"{axes} ({size} + padding): {w.formula(size)} = {fmt_number(w.exact(size))}, "
            f"so the output would be {out}; this layer needs at least "
            f"{w.span - w.pad_l - w.pad_r} input {axis_label(nd, i, plural=True)}: use a larger "
            "network input, fewer downsampling layers, or a smaller kernel",
            "kernel_size",
        )


def never_read(
    layer: str, sizes: Shape, wins: Sequence[Window], outs: Sequence[int]
) -> Finding | None:
    """W301 when the last window ends before the last real input position in some dimension.

    Unused padding alone is fine (the ResNet stem reads every real pixel).
    """
    nd = len(sizes)
    parts: list[tuple[int, str, str]] = []  # (unread, axis, arithmetic+fix)
    lower: list[tuple[int, int]] = []  # (sample axis, size) below and above, for the fix
    upper: list[tuple[int, int]] = []
    for i, (size, w, out) in enumerate(zip(sizes, wins, outs, strict=True)):
        unread = w.unread(size, out)
        if unread == 0:
            continue
        below, above = w.fitting_sizes(size)
        fix = f"input {below} or {above}" if below is not None else f"input {above}"
        if below is not None:
            lower.append((i + 1, below))
        upper.append((i + 1, above))
        calc = f"{w.formula(size)} = {fmt_number(w.exact(size))}"
        parts.append((unread, axis_label(nd, i), f"{calc}; {fix} would fit exactly"))
    if not parts:
        return None
    fits = tuple(f for f in (tuple(lower), tuple(upper)) if len(f) == len(parts))
    if len({(u, c) for u, _, c in parts}) == 1:
        unread, calc = parts[0][0], parts[0][2]
        axes = " and ".join(a for _, a, _ in parts)
        if unread > 1:
            axes = " and ".join(a + "s" for _, a, _ in parts)
        calc_text, fix = calc.split("; ", 1)
        last = "last input" if unread == 1 else f"last {unread} input"
        verb = "is" if len(parts) == 1 and unread == 1 else "are"
        return Finding(
            "W301",
            f"{layer}: {calc_text}, so the {last} {axes} {verb} never read; {fix}",
            "kernel_size",
            fits=fits,
        )
    pieces = []
    for unread, axis, calc in parts:
        calc_text, fix = calc.split("; ", 1)
        last = f"the last {axis}" if unread == 1 else f"the last {unread} {axis}s"
        pieces.append(f"{calc_text} leaves {last} unread ({fix})")
    return Finding("W301", f"{layer}: " + "; ".join(pieces), "kernel_size", fits=fits)
