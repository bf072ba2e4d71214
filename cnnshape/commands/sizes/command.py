"""`cnnshape sizes FILE`: load the spec once, sweep input sizes, print the answer."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cnnshape.diagnostics import Diagnostic, SpecError
from cnnshape.limits import Limits

if TYPE_CHECKING:
    from cnnshape.spec.model import Spec

#: At most this many sizes per sweep (each is one pipeline run of a few milliseconds).
MAX_SIZES = 10_000


def parse_range(text: str) -> tuple[int, int]:
    """'32:1024' → (32, 1024); ValueError with the reason."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    lo_text, sep, hi_text = text.partition(":")
    try:
        lo, hi = int(lo_text), int(hi_text)
    except ValueError:
        raise ValueError(f"'{shown}' is not a range like 32:1024") from None
    if not sep or lo < 1 or hi < lo:
        raise ValueError(f"'{shown}' must be LO:HI with 1 ≤ LO ≤ HI")
    if hi >= 1 << 63:
        raise ValueError(f"'{shown}' goes past PyTorch's 64-bit sizes: HI must be below 2^63")
    if hi - lo + 1 > MAX_SIZES:
        raise ValueError(f"'{shown}' has {hi - lo + 1:,} sizes; at most {MAX_SIZES:,}")
    return lo, hi


def default_range(base: tuple[int, ...]) -> str:
    """32:1024, widened to take in the spec's own spatial sizes (a 28×28 MNIST input)."""
    spatial = base[1:]
    return f"{min(32, *spatial)}:{max(1024, *spatial)}"


def axis_sets(base: tuple[int, ...], vary: str) -> list[tuple[int, ...]]:
    """Spatial index tuples to sweep: all together, each alone, or one named axis.

    ``auto`` sweeps all together for a square input and each alone otherwise.
    """
    from cnnshape.dims import AXES

    nd = len(base) - 1
    names = [a.lower() for a in AXES.get(nd, ())]
    spatial = base[1:]
    if vary == "auto":
        vary = "all" if len(set(spatial)) == 1 else "each"
    if vary == "all":
        return [tuple(range(nd))]
    if vary == "each":
        return [(i,) for i in range(nd)]
    if vary.lower() in names:
        return [(names.index(vary.lower()),)]
    raise ValueError(f"--vary must be all, each or one of {', '.join(n.upper() for n in names)}")


@contextmanager
def progress(total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr while sizes are tried, only when stderr is a terminal
    (piped or redirected, nothing is written); it disappears when the sweep ends."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console  # only on a terminal: rich takes ~40 ms to import
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("trying sizes", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("sizes", total=total)
        yield lambda: bar.advance(task)


def _over_budget(
    parsed: Spec, axes: list[tuple[int, ...]], lo: int, hi: int, limits: Limits
) -> Diagnostic | None:
    """E111 when the sweeps would check more than limits.max_work layers in all; counted
    before any size is tried (the spec's size times the sizes the search may try)."""
    from cnnshape.commands.sizes.smallest import planned
    from cnnshape.propagate.graph import cost

    sizes = planned(lo, hi) * len(axes)
    work = sizes * cost(parsed.layers)
    if work <= limits.max_work:
        return None
    return Diagnostic(
        "E111",
        f"checking up to {sizes:,} input sizes of this spec would check {work:,} layers, "
        f"more than {limits.max_work:,}; narrow --range or raise --max-work if it is real",
        parsed.input_span,
    )


def run(
    path: Path,
    range_text: str | None,
    vary: str,
    input_shape: tuple[int, ...] | None,
    fmt: str,
    limits: Limits | None = None,
) -> int:
    """The command; returns the exit code (1 when the spec itself cannot be read)."""
    from cnnshape.commands.sizes.render import render_json, render_text
    from cnnshape.commands.sizes.sweep import sweep
    from cnnshape.load.read import read_text
    from cnnshape.render.concise import line
    from cnnshape.spec.build import from_text

    label = str(path)
    limits = limits or Limits()
    try:
        parsed = from_text(read_text(path, limits), limits)
    except SpecError as e:
        print(line(label, e.diagnostic), file=sys.stderr)
        return 1
    errors = [d for d in parsed.diagnostics if d.is_error]
    for d in errors:
        print(line(label, d), file=sys.stderr)
    base = input_shape or parsed.input
    if errors or base is None:
        return 1
    if len(base) < 2:
        print(f"{label}: the input {list(base)} has no spatial dimensions to vary", file=sys.stderr)
        return 1
    lo, hi = parse_range(range_text or default_range(base))
    sets = axis_sets(base, vary)
    over = _over_budget(parsed, sets, lo, hi, limits)
    if over is not None:
        print(line(label, over), file=sys.stderr)
        return 1
    with progress(len(sets) * (hi - lo + 1)) as tick:
        sweeps = [sweep(parsed, label, base, dims, lo, hi, tick) for dims in sets]
    name = parsed.name or path.name
    if fmt == "json":
        render_json(label, sweeps, sys.stdout)
    else:
        render_text(label, name, sweeps, sys.stdout)
    return 0
