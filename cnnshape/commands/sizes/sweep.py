"""Which input sizes a network takes: exact, accepted but lossy, or refused (and by which layer).

It re-runs the ordinary pipeline (:func:`cnnshape.check.check_spec`) with the input size
overridden, once per size: no shape logic of its own. "Lossy" means some layer leaves
real input positions unread (the W301 condition, unless the layer ignores W301) in a varied
dimension.
"""

from __future__ import annotations

from collections.abc import Callable

from cnnshape.analysis.common import rule_of
from cnnshape.check import Options, check_spec
from cnnshape.commands.sizes.outcome import EXACT as EXACT
from cnnshape.commands.sizes.outcome import LOSSY as LOSSY
from cnnshape.commands.sizes.outcome import REFUSED, Outcome, Sweep
from cnnshape.commands.sizes.smallest import smallest
from cnnshape.dims import AXES
from cnnshape.layers.base import GLOBAL, Field
from cnnshape.report import RF, FileReport, Row
from cnnshape.shapes import Window
from cnnshape.spec.model import Spec

NONE: frozenset[str] = frozenset()  # no analyses per size: only the outcome is needed


def layer_label(row: Row) -> str:
    """'MaxPool2d #30 (line 17)', with the layer's name when it has one."""
    name = f" {row.name}" if row.name else ""
    return f"{row.type}{name} #{row.index} (line {row.line})"


def field_of(row: Row) -> Field | None:
    """The row's window description (see Rule.field), or None where its shape is unknown."""
    found = rule_of(row)
    if found is None:
        return None
    rule, args = found
    assert row.input_shape is not None
    return rule.field(row.input_shape, args)


def _unread_in(row: Row, dims: tuple[int, ...]) -> bool:
    """Does this row's window leave real input unread in one of ``dims`` (spatial indices)?"""
    field_ = field_of(row)
    if field_ is None or isinstance(field_, str) or "W301" in row.ignore:
        return False
    assert row.input_shape is not None and row.output_shape is not None
    if len(field_) != len(row.input_shape) - 1:
        return False
    for i in dims:
        w = field_[i]
        if isinstance(w, Window) and w.unread(row.input_shape[1 + i], row.output_shape[1 + i]):
            return True
    return False


def classify(report: FileReport, size: int, dims: tuple[int, ...]) -> Outcome:
    """The outcome of one checked size."""
    errors = [d for d in report.diagnostics if d.is_error]
    if errors:
        failed = next(
            (r for r in report.rows if r.input_shape is not None and r.output_shape is None),
            None,
        )
        label = layer_label(failed) if failed else None
        return Outcome(size, REFUSED, label, errors[0].code, errors[0].message)
    for row in report.rows:
        if field_of(row) == GLOBAL:
            break  # past Flatten/Linear: no grid left to lose
        if _unread_in(row, dims):
            return Outcome(size, LOSSY, layer_label(row))
    return Outcome(size, EXACT)


def downsampling(report: FileReport, dims: tuple[int, ...]) -> tuple[int, str] | None:
    """The largest jump (effective stride) in ``dims`` before global pooling or Flatten,
    and the first layer that reaches it."""
    best: tuple[int, str] | None = None
    for row in report.rows:
        if row.rf is None or row.input_shape is None:
            return best
        if any(not isinstance(row.rf[i], RF) for i in dims) or _whole(row, dims):
            return best
        jump = max(d.jump for i in dims if isinstance(d := row.rf[i], RF))
        if best is None or jump > best[0]:
            best = (jump, layer_label(row))
    return best


def _whole(row: Row, dims: tuple[int, ...]) -> bool:
    """A window over the whole input (global pooling): its jump is not downsampling."""
    field_ = field_of(row)
    if field_ is None or isinstance(field_, str) or row.input_shape is None:
        return False
    sizes = [row.input_shape[1 + i] for i in dims]
    windows = [field_[i] for i in dims]
    return all(
        isinstance(w, Window) and w.kernel == n > 1 for w, n in zip(windows, sizes, strict=True)
    )


def try_size(
    spec: Spec, path: str, base: tuple[int, ...], dims: tuple[int, ...], n: int
) -> Outcome:
    """Check the spec with size ``n`` on ``dims`` (spatial indices) and the rest from ``base``."""
    shape = tuple(n if i - 1 in dims else d for i, d in enumerate(base))
    return classify(
        check_spec(spec, path, Options(input_shape=shape, analyses=frozenset(), hints=False)),
        n,
        dims,
    )


def sweep(
    spec: Spec,
    path: str,
    base: tuple[int, ...],
    dims: tuple[int, ...],
    lo: int,
    hi: int,
    tick: Callable[[], None] = lambda: None,
) -> Sweep:
    """Try every size in lo..hi on ``dims``, and find the smallest accepted size from 1 up
    (:mod:`cnnshape.commands.sizes.smallest`: not by trying every size below it); ``tick`` is
    called after each size (a progress bar)."""
    names = AXES.get(len(base) - 1, tuple(f"dim{i}" for i in range(len(base) - 1)))
    result = Sweep(tuple(names[i] for i in dims), base)
    for n in range(lo, hi + 1):
        result.outcomes.append(try_size(spec, path, base, dims, n))
        tick()
    known = {o.size: o for o in result.outcomes}

    def probe(n: int) -> Outcome:
        if n not in known:
            known[n] = try_size(spec, path, base, dims, n)
        return known[n]

    result.smallest, result.limit = smallest(probe, hi)
    if result.smallest is not None:
        shape = tuple(result.smallest if i - 1 in dims else d for i, d in enumerate(base))
        found = downsampling(
            check_spec(spec, path, Options(input_shape=shape, analyses=frozenset({"rf"}))), dims
        )
        if found is not None:
            result.stride, result.stride_layer = found
    return result
