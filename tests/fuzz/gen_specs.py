"""Random well-formed specs, drawn from the layer registry's own argument kinds.

Every argument has the right type and range, so findings come only from shapes
(a kernel larger than its input, a rank that does not fit, ...), never from YAML.
"""

from __future__ import annotations

import random
from typing import Any

from cnnshape.args import Bool, Choice, Float, Int, Ints, Kind, Padding
from cnnshape.layers import BY_NAME


def arg_value(kind: Kind, rnd: random.Random) -> Any:
    """A value of the right type and range for one argument kind."""
    if isinstance(kind, Padding) and rnd.random() < 0.2:
        return rnd.choice(["same", "valid"])
    if isinstance(kind, Ints):
        lo = kind.min if kind.min is not None else -3
        items = [rnd.randint(lo, lo + 4) for _ in range(kind.n)]
        if kind.nullable_items and rnd.random() < 0.2:
            items[rnd.randrange(kind.n)] = None
        return items[0] if rnd.random() < 0.5 and None not in items else items
    if isinstance(kind, Int):
        if kind.nullable and rnd.random() < 0.2:
            return None
        lo = kind.min if kind.min is not None else -3
        return rnd.randint(lo, lo + 64)
    if isinstance(kind, Float):
        if kind.nullable and rnd.random() < 0.2:
            return None
        lo = kind.lo if kind.lo is not None else -2.0
        hi = kind.hi if kind.hi is not None else lo + 4.0
        return round(rnd.uniform(lo, hi), 3)
    if isinstance(kind, Bool):
        return rnd.random() < 0.5
    if isinstance(kind, Choice):
        return rnd.choice(kind.options)
    return UNKNOWN  # a kind added later (lists of layers, names...): left out


UNKNOWN = object()


def layer(rnd: random.Random) -> Any:
    names = sorted(BY_NAME)
    while True:
        rule = BY_NAME[rnd.choice(names)]
        args = {
            a.name: arg_value(a.kind, rnd)
            for a in rule.args
            if a.required or (not a.inferred and rnd.random() < 0.3)
        }
        required = {a.name for a in rule.args if a.required}
        if not any(v is UNKNOWN for k, v in args.items() if k in required):
            args = {k: v for k, v in args.items() if v is not UNKNOWN}
            break
    if not args and rnd.random() < 0.7:
        return rule.name
    return {rule.name: args}


def items(rnd: random.Random, depth: int = 0) -> list[Any]:
    out: list[Any] = []
    for _ in range(rnd.randrange(1, 8)):
        if depth < 2 and rnd.random() < 0.1:
            out.append({"repeat": rnd.randint(1, 3), "layers": items(rnd, depth + 1)})
        else:
            out.append(layer(rnd))
    return out


def valid_spec(rnd: random.Random) -> dict[str, Any]:
    """A spec whose YAML and arguments are all well formed; its shapes may not be."""
    rank = rnd.choice([1, 2, 3, 3, 3, 4])
    shape = [rnd.randint(1, 4)] + [rnd.randint(1, 40) for _ in range(rank - 1)]
    return {"name": "fuzz", "input": shape, "layers": items(rnd)}
