"""Evaluating a parsed expression: bounded arithmetic, a fixed set of functions, located errors."""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping, Sequence

from cnnshape.spec.expr.parse import MAX_BITS, ExprError, Node, Tensor, Value
from cnnshape.spec.expr.show import show

Env = Mapping[str, "Value | Tensor"]


def make_divisible(v: float, divisor: int, min_value: int | None = None) -> int:
    """torchvision's ``_make_divisible`` (models/_utils.py, from the TensorFlow MobileNet code):
    round ``v`` to the nearest multiple of ``divisor``, never below ``min_value`` (default: the
    divisor) and never more than 10% below ``v``."""
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def _round(v: float, ndigits: int | None = None) -> float | int:
    return round(v) if ndigits is None else round(v, ndigits)


#: name → (function, fewest arguments, most arguments or None for any number)
FUNCTIONS: dict[str, tuple[Callable[..., Value], int, int | None]] = {
    "min": (min, 2, None),
    "max": (max, 2, None),
    "abs": (abs, 1, 1),
    "round": (_round, 1, 2),
    "ceil": (math.ceil, 1, 1),
    "floor": (math.floor, 1, 1),
    "int": (int, 1, 1),
    "float": (float, 1, 1),
    "make_divisible": (make_divisible, 2, 3),
}


def did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _number(v: object, node: Node, what: str) -> int | float:
    if isinstance(v, bool | int | float):
        return v
    raise ExprError(f"{what} needs a number, but {show(node)} is {_describe(v)}", node.pos)


def _describe(v: object) -> str:
    if isinstance(v, Tensor):
        return "the arriving tensor (use x.shape[i] for one of its sizes)"
    if isinstance(v, tuple):
        return f"a shape {v}"
    return repr(v)


def bounded(v: Value, node: Node, env: Env) -> Value:
    """``v``, or an ExprError when it is a float that overflowed or an int beyond 2**MAX_BITS."""
    if isinstance(v, float) and not math.isfinite(v):
        raise ExprError(f"{show(node, env)} overflows (gives {v})", node.pos)
    if isinstance(v, int) and v.bit_length() > MAX_BITS:
        raise ExprError(f"{show(node, env)} is beyond ±2**{MAX_BITS}", node.pos)
    return v


class Evaluator:
    """Walks an expression tree with one environment of names."""

    def __init__(self, env: Env) -> None:
        self.env = env

    def run(self, node: Node) -> Value:
        v = self.value(node)
        if isinstance(v, Tensor):
            raise ExprError(f"{show(node)} is {_describe(v)}, not a value", node.pos)
        return v

    def value(self, node: Node) -> Value | Tensor:
        method: Callable[[Node], Value | Tensor] = getattr(self, "_" + node.kind)
        return method(node)

    def num(self, node: Node, what: str) -> int | float:
        return _number(self.value(node), node, what)

    def _num(self, node: Node) -> Value:
        v = node.value
        assert isinstance(v, bool | int | float)
        return v

    def _name(self, node: Node) -> Value | Tensor:
        name = str(node.value)
        if name in self.env:
            return self.env[name]
        known = sorted(self.env)
        have = (
            f"; the names here are {', '.join(known)}" if known else "; no names are defined here"
        )
        raise ExprError(f"unknown name '{name}'{did_you_mean(name, known)}{have}", node.pos)

    def _bin(self, node: Node) -> Value:
        op = str(node.value)
        a = self.num(node.args[0], f"'{op}'")
        b = self.num(node.args[1], f"'{op}'")
        try:
            if op == "**":
                return self._power(a, b, node)
            result: Value = _BINARY[op](a, b)
        except ZeroDivisionError:
            raise ExprError(f"{show(node, self.env)} divides by zero", node.pos) from None
        except OverflowError:
            raise ExprError(f"{show(node, self.env)} overflows", node.pos) from None
        return bounded(result, node, self.env)

    def _power(self, a: int | float, b: int | float, node: Node) -> Value:
        if isinstance(a, int) and isinstance(b, int):
            if b < 0:
                return bounded(float(a) ** b, node, self.env)
            if max(abs(a).bit_length(), 1) * b > MAX_BITS + 1 and abs(a) > 1:
                raise ExprError(f"{show(node, self.env)} is beyond ±2**{MAX_BITS}", node.pos)
        result = a**b
        if isinstance(result, complex):
            raise ExprError(f"{show(node, self.env)} is not a real number", node.pos)
        return bounded(result, node, self.env)

    def _neg(self, node: Node) -> Value:
        return -self.num(node.args[0], "'-'")

    def _pos(self, node: Node) -> Value:
        return +self.num(node.args[0], "'+'")

    def _not(self, node: Node) -> Value:
        return not self.truth(node.args[0])

    def truth(self, node: Node) -> bool:
        return self.truth_of(self.value(node), node)

    def truth_of(self, v: Value | Tensor, node: Node) -> bool:
        if isinstance(v, Tensor):
            raise ExprError(f"{show(node)} is {_describe(v)}, not a condition", node.pos)
        return bool(v)

    def _and(self, node: Node) -> Value | Tensor:  # Python's meaning: the deciding operand
        left = self.value(node.args[0])
        return self.value(node.args[1]) if self.truth_of(left, node.args[0]) else left

    def _or(self, node: Node) -> Value | Tensor:
        left = self.value(node.args[0])
        return left if self.truth_of(left, node.args[0]) else self.value(node.args[1])

    def _if(self, node: Node) -> Value | Tensor:
        cond, then, other = node.args
        return self.value(then) if self.truth(cond) else self.value(other)

    def _cmp(self, node: Node) -> Value:
        ops: Sequence[tuple[str, int]] = node.value  # type: ignore[assignment]
        left = self.value(node.args[0])
        for (op, _pos), part in zip(ops, node.args[1:], strict=True):
            right = self.value(part)
            if op in ("==", "!="):
                ok = (left == right) == (op == "==")
            else:
                x = _number(left, node.args[0], f"'{op}'")
                y = _number(right, part, f"'{op}'")
                ok = _ORDER[op](x, y)
            if not ok:
                return False
            left = right
        return True

    def _call(self, node: Node) -> Value:
        name = str(node.value)
        if name not in FUNCTIONS:
            raise ExprError(
                f"unknown function '{name}'{did_you_mean(name, list(FUNCTIONS))}; "
                f"the functions are {', '.join(FUNCTIONS)}",
                node.pos,
            )
        fn, least, most = FUNCTIONS[name]
        n = len(node.args)
        if n < least or (most is not None and n > most):
            span = f"{least}" if least == most else f"{least} to {most}" if most else f"{least}+"
            raise ExprError(f"{name}() takes {span} arguments, not {n}", node.pos)
        args = [self.num(a, f"{name}()") for a in node.args]
        try:
            result = fn(*args)
        except (OverflowError, ValueError, TypeError) as e:
            raise ExprError(f"{show(node, self.env)}: {e}", node.pos) from None
        return bounded(result, node, self.env)

    def _attr(self, node: Node) -> Value | Tensor:
        base = self.value(node.args[0])
        attr = str(node.value)
        if isinstance(base, Tensor) and attr == "shape":
            return (-1, *base.dims)  # -1 stands for the open batch size; indexing refuses it
        if isinstance(base, Tensor) and attr == "ndim":
            return len(base.dims) + 1
        raise ExprError(
            f"'.{attr}' is not available here: an expression reads x.shape[i] and x.ndim only",
            node.pos,
        )

    def _index(self, node: Node) -> Value:
        seq = self.value(node.args[0])
        if not isinstance(seq, tuple):
            raise ExprError(
                f"{show(node.args[0])} is {_describe(seq)}; it has no [index]", node.pos
            )
        i = self.num(node.args[1], "an index")
        if isinstance(i, float) or not -len(seq) <= i < len(seq):
            raise ExprError(
                f"index {i} is out of range for a shape of {len(seq)} dimensions "
                f"(0 to {len(seq) - 1}, or negative from the end)",
                node.args[1].pos,
            )
        v = seq[int(i)]
        if v < 0:
            raise ExprError(
                "x.shape[0] is the batch size, which a spec leaves open; "
                "the sample's sizes are x.shape[1:]",
                node.pos,
            )
        return v


_BINARY: dict[str, Callable[[float, float], Value]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
}
_ORDER: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
