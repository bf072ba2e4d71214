"""Which input size would make every merge agree: the hint on a U-Net-style size mismatch.

When a skip meets the decoder at 15×15 against 14×14, some pooling rounded a size
down. Re-checking the spec at nearby input sizes (one spatial dimension at a time)
finds the nearest sizes below and above at which no merge disagrees in that
dimension; the hint is appended to each such finding.
"""

from __future__ import annotations

from cnnshape.diagnostics import Diagnostic, Fix
from cnnshape.limits import Limits
from cnnshape.propagate.memo import Memo
from cnnshape.propagate.run import run
from cnnshape.propagate.walker import Walker
from cnnshape.spec.model import Spec

_MERGES = ("E210", "E211")

#: How far from the given size to look, in each direction, per dimension.
REACH = 64


def explain_fit(walker: Walker, spec: Spec, limits: Limits, shape: tuple[int, ...]) -> None:
    """Append 'an input of [3, 240, 240] or [3, 256, 256] would fit' to spatial mismatches."""
    below, above = list(shape), list(shape)
    # Layer checks the whole search may spend (limits.max_work): a huge spec gets a shorter
    # search, or none.
    per_size = max(1, len(walker.report.rows) + len(walker.report.groups))
    reach = min(REACH, limits.max_work // (2 * len(walker.spatial) * per_size))
    if reach < 1:
        return
    for axis in sorted(walker.spatial):
        if axis >= len(shape):
            return
        n = shape[axis]
        lo = _nearest(
            spec, limits, shape, axis, range(n - 1, max(0, n - reach - 1), -1), walker.memo
        )
        hi = _nearest(spec, limits, shape, axis, range(n + 1, n + reach + 1), walker.memo)
        below[axis] = -1 if lo is None else lo
        above[axis] = -1 if hi is None else hi
    fits = [list_text(s) for s in (below, above) if min(s) > 0]
    if not fits:
        return
    hint = f"; an input of {' or '.join(fits)} would fit"
    at = walker.input_span
    edits = tuple(Fix(f"input {f} would fit", f, at) for f in fits) if at is not None else ()
    diags = walker.report.diagnostics
    for i in walker.spatial_diags:  # positions in the unsorted findings
        d = diags[i]
        diags[i] = Diagnostic(d.code, d.message + hint, d.span, d.fixes + edits)


def _nearest(
    spec: Spec, limits: Limits, shape: tuple[int, ...], axis: int, sizes: range, memo: Memo
) -> int | None:
    for n in sizes:
        trial = (*shape[:axis], n, *shape[axis + 1 :])
        walker = run(spec, "", limits, trial, lenient=True, memo=memo)
        others = [d for d in walker.report.diagnostics if d.is_error and d.code not in _MERGES]
        if axis not in walker.mismatched and not others:
            return n
    return None


def list_text(shape: list[int]) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"
