"""Arithmetic and conditions in a spec: ``$channels * 4``, ``$x.shape[1] // 4``, ``$stride == 1``.

A safe, bounded subset of Python's expression grammar (parse.py), evaluated without
``eval`` (evaluate.py), written back with values for messages (show.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnshape.spec.expr.evaluate import FUNCTIONS, Evaluator, make_divisible
from cnnshape.spec.expr.parse import ExprError, Node, Tensor, Value, names, parse
from cnnshape.spec.expr.show import show

__all__ = [
    "FUNCTIONS",
    "ExprError",
    "Node",
    "Tensor",
    "Value",
    "evaluate",
    "make_divisible",
    "names",
    "parse",
    "show",
]


def evaluate(node: Node, env: Mapping[str, Value | Tensor]) -> Value:
    """The value of a parsed expression with ``env``'s names; failures are ExprError."""
    return Evaluator(env).run(node)
