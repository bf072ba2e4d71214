"""Values a spec computes: ``$name`` references, ``$`` expressions and ``when:`` conditions.

A scalar written ``$name`` is replaced by the parameter's YAML value (any value: a number,
a list, a mapping), as blocks always did. A scalar that starts with ``$`` and is more than
a name is an expression (cnnshape.spec.expr): ``$channels * 4``, ``$make_divisible(c * w, 8)``.
It is evaluated where the parameters are known (a block use, the spec's own ``params``)
and replaced by a number or a boolean that keeps the expression's location, so a value
that is wrong for its argument is still reported where it is written. A mistake inside
an expression is E114, located at the character it is about.
"""

from __future__ import annotations

import re

from cnnshape.diagnostics import Span, SpecError
from cnnshape.load.nodes import Map, Node, Scalar, Seq, describe
from cnnshape.spec.expr import ExprError, Value, evaluate, parse, show

REF = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")


def is_expression(value: object) -> bool:
    """A ``$`` string that is more than one parameter's name."""
    return isinstance(value, str) and value.startswith("$") and REF.match(value) is None


def plain(node: Node) -> Value | None:
    """A parameter's value as an expression sees it: a number, a boolean, a list of ints."""
    if isinstance(node, Scalar) and isinstance(node.value, bool | int | float):
        return node.value
    if isinstance(node, Seq):
        ints = tuple(
            v
            for v in (n.value for n in node.items if isinstance(n, Scalar))
            if isinstance(v, int) and not isinstance(v, bool)
        )
        if len(ints) == len(node.items):
            return ints
    return None


def compute(node: Scalar, env: dict[str, Node]) -> Scalar:
    """The expression in ``node`` evaluated with ``env``, as a located scalar; E114 if it fails."""
    text = str(node.value)[1:]
    values = {k: v for k, v in ((k, plain(n)) for k, n in env.items()) if v is not None}
    try:
        tree = parse(text)
        result = evaluate(tree, values)
    except ExprError as e:
        where = text[e.offset : e.offset + 12] or "the end"
        unusable = _unusable(text, env, values)
        raise SpecError(
            "E114",
            f"in the expression {_quote(text)}, at {where!r}: {e.message}{unusable}",
            Span(node.span.line, node.span.column + 1 + e.offset),
        ) from None
    if isinstance(result, tuple):
        raise SpecError(
            "E114",
            f"the expression {_quote(text)} gives a shape {result}, not a number; "
            "index it, as in x.shape[1]",
            node.span,
        )
    shown = show(tree, values)
    return Scalar(result, node.span, f"{text} = {shown} = {result}" if shown != text else text)


def _unusable(text: str, env: dict[str, Node], values: dict[str, Value]) -> str:
    skipped = [k for k in env if k not in values and k in text]
    if not skipped:
        return ""
    return (
        f" ({', '.join(skipped)} {'is' if len(skipped) == 1 else 'are'} not a number, "
        "a boolean or a list of integers, so an expression cannot use it)"
    )


def _quote(text: str) -> str:
    return f"'${text}'" if len(text) <= 80 else f"'${text[:77]}…'"


def substitute(node: Node, env: dict[str, Node]) -> Node:
    """``node`` with each ``$name`` replaced by ``env[name]``, each expression computed: a copy
    where anything changed, ``node`` itself where nothing did (values are never changed in place).

    Mapping keys are never substituted. A ``$name`` not in ``env`` is left as written (the
    caller reports it). The layers of a repeat with an ``index`` are left for the repeat,
    which substitutes them once per repetition with the index added to the names.
    """
    if isinstance(node, Scalar):
        value = node.value
        if not isinstance(value, str) or not value.startswith("$"):
            return node
        ref = REF.match(value)
        if ref:
            return env.get(ref.group(1), node)
        return compute(node, env)
    if isinstance(node, Seq):
        items = [substitute(n, env) for n in node.items]
        same = all(new is old for new, old in zip(items, node.items, strict=True))
        return node if same else Seq(items, node.span)
    indexed = node.get("repeat") is not None and node.get("index") is not None
    pairs = [
        (k, v if indexed and k.value == "layers" else substitute(v, env)) for k, v in node.items
    ]
    same = all(new is old for (_, new), (_, old) in zip(pairs, node.items, strict=True))
    return node if same else Map(pairs, node.span)


def condition(node: Node) -> bool:
    """A ``when:`` value after substitution: true or false, or E108."""
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return node.value
    raise SpecError(
        "E108",
        f"'when' must be true or false (or an expression giving one, such as "
        f"$stride == 1), not {describe(node)}",
        node.span,
    )
