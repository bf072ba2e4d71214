"""`cnnshape sizes` output: a plain-text table and one sentence per sweep, or JSON."""

from __future__ import annotations

import itertools
import json
from typing import Any, TextIO

from cnnshape.commands.sizes.outcome import EXACT, LOSSY, REFUSED, Outcome, Sweep

_ORDER = {EXACT: 0, LOSSY: 1, REFUSED: 2}
_MAX_RUNS = 6


def runs(sizes: list[int]) -> list[tuple[int, int]]:
    """[32, 33, 34, 40] → [(32, 34), (40, 40)]."""
    out: list[tuple[int, int]] = []
    for n in sizes:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def describe(sizes: list[int]) -> str:
    """Sizes in short form: '33–63, 65–95, … (31 runs)' or '32, 64, …, 1024 (every 32)'."""
    if len(sizes) >= 4 and len({b - a for a, b in itertools.pairwise(sizes)}) == 1:
        step = sizes[1] - sizes[0]
        if step > 1:
            return f"{sizes[0]}, {sizes[1]}, …, {sizes[-1]} (every {step})"
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs(sizes)]
    if len(parts) > _MAX_RUNS:
        return ", ".join(parts[: _MAX_RUNS - 1]) + f", … {parts[-1]} ({len(parts)} runs)"
    return ", ".join(parts)


def groups(outcomes: list[Outcome]) -> list[tuple[str, str | None, list[int]]]:
    """Outcomes grouped by (status, layer), in status order then first size."""
    found: dict[tuple[str, str | None], list[int]] = {}
    for o in outcomes:
        found.setdefault((o.status, o.layer), []).append(o.size)
    keys = sorted(found, key=lambda k: (_ORDER[k[0]], found[k][0]))
    return [(status, layer, found[(status, layer)]) for status, layer in keys]


def _dims(s: Sweep, n: int) -> str:
    """'64×64' for a square sweep; 'H = 64' for one axis."""
    if len(s.axes) == len(s.base) - 1:
        return "×".join([str(n)] * len(s.axes))
    return f"{s.axes[0]} = {n}"


def _band(s: Sweep) -> list[Outcome]:
    """The refusals above the largest accepted size, when every size above it is refused
    (only a band of sizes fits, as with a written in_features); else []."""
    accepted = [o.size for o in s.outcomes if o.status != REFUSED]
    if not accepted:
        return []
    above = [o for o in s.outcomes if o.size > accepted[-1]]
    return above if above and all(o.status == REFUSED for o in above) else []


def _band_sentence(name: str, s: Sweep) -> str:
    accepted = [o.size for o in s.outcomes if o.status != REFUSED]
    above = _band(s)[0]
    fits = f"{name} takes only {describe(accepted)} ({_dims(s, accepted[0])} to "
    fits += f"{_dims(s, accepted[-1])})"
    below = s.limit if s.smallest is not None else None
    if below is None:
        return f"{fits}: at {_dims(s, above.size)} {above.layer} refuses it ({above.code})"
    if (below.layer, below.code) == (above.layer, above.code):
        return (
            f"{fits}: at {_dims(s, below.size)} and at {_dims(s, above.size)} "
            f"{above.layer} refuses it ({above.code})"
        )
    return (
        f"{fits}: at {_dims(s, below.size)} {below.layer} refuses it ({below.code}), at "
        f"{_dims(s, above.size)} {above.layer} ({above.code})"
    )


def sentence(name: str, s: Sweep) -> str:
    """The one-line answer: smallest size and what limits it, then the range's counts."""
    lo, hi = s.range
    count = {st: sum(1 for o in s.outcomes if o.status == st) for st in _ORDER}
    if s.smallest is None:
        first = f"{name} refuses every size up to {_dims(s, hi)}"
    elif _band(s):
        first = _band_sentence(name, s)
    elif s.limit is None:
        first = f"{name} accepts every size from {_dims(s, 1)} up: no layer refuses a small input"
        if s.stride and s.stride > 1:
            first += f"; it downsamples {s.stride}× in all, reached at {s.stride_layer}"
    else:
        first = (
            f"{name} needs at least {_dims(s, s.smallest)}: at {_dims(s, s.smallest - 1)} "
            f"{s.limit.layer} refuses it ({s.limit.code})"
        )
    return (
        f"{first}; of {lo}–{hi}, {count[EXACT]} exact, {count[LOSSY]} lose edge rows/columns, "
        f"{count[REFUSED]} refused."
    )


def table(s: Sweep) -> list[str]:
    rows = [("Status", "Count", "Sizes", "Layer")]
    for status, layer, sizes in groups(s.outcomes):
        rows.append((status, str(len(sizes)), describe(sizes), layer or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return [
        f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip()
        for r in rows
    ]


def render_text(path: str, name: str, sweeps: list[Sweep], out: TextIO) -> None:
    for s in sweeps:
        lo, hi = s.range
        which = " = ".join(s.axes)
        fixed = "" if len(s.axes) == len(s.base) - 1 else f"; the rest as in {list(s.base)}"
        channels = f"{s.base[0]} channel" + ("" if s.base[0] == 1 else "s")
        out.write(f"{path}: {which} from {lo} to {hi}{fixed} ({channels})\n")
        out.write("\n".join(table(s)) + "\n")
        if s.limit is not None:
            out.write(f"At {_dims(s, s.limit.size)}: {s.limit.message}\n")
        out.write(sentence(name, s) + "\n")


def _outcome(o: Outcome | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"size": o.size, "status": o.status, "layer": o.layer, "code": o.code}


def render_json(path: str, sweeps: list[Sweep], out: TextIO) -> None:
    doc = {
        "path": path,
        "sweeps": [
            {
                "axes": list(s.axes),
                "base_input": list(s.base),
                "range": list(s.range),
                "smallest": s.smallest,
                "limit": _outcome(s.limit),
                "outcomes": [_outcome(o) for o in s.outcomes],
            }
            for s in sweeps
        ],
    }
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")
