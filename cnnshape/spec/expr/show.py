"""An expression written back as text, with values in place of names (for messages)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cnnshape.spec.expr.parse import Node, Tensor, Value


def show(node: Node, env: Mapping[str, Value | Tensor] | None = None) -> str:
    """The expression written back, names replaced by their values where ``env`` has them."""
    k = node.kind
    if k == "num":
        return repr(node.value) if not isinstance(node.value, bool) else str(node.value)
    if k == "name":
        name = str(node.value)
        value = env.get(name) if env is not None else None
        return name if value is None or isinstance(value, Tensor) else _show_value(value)
    a: Sequence[Node] = node.args
    if k == "bin":
        return f"{_wrap(a[0], env)} {node.value} {_wrap(a[1], env)}"
    if k in ("neg", "pos"):
        return ("-" if k == "neg" else "+") + _wrap(a[0], env)
    if k == "not":
        return "not " + _wrap(a[0], env)
    if k in ("and", "or"):
        return f"{_wrap(a[0], env)} {k} {_wrap(a[1], env)}"
    if k == "cmp":
        ops: list[tuple[str, int]] = node.value  # type: ignore[assignment]
        text = _wrap(a[0], env)
        for (op, _), part in zip(ops, a[1:], strict=True):
            text += f" {op} {_wrap(part, env)}"
        return text
    if k == "if":
        return f"{_wrap(a[1], env)} if {_wrap(a[0], env)} else {_wrap(a[2], env)}"
    if k == "call":
        return f"{node.value}({', '.join(show(x, env) for x in a)})"
    if k == "index":
        known = _shape_index(node, env)
        if known is not None:
            return known
        return f"{show(a[0], env)}[{show(a[1], env)}]"
    return f"{show(a[0], env)}.{node.value}"  # attr


def _wrap(node: Node, env: Mapping[str, Value | Tensor] | None) -> str:
    text = show(node, env)
    return f"({text})" if node.kind in ("bin", "and", "or", "cmp", "if", "not") else text


def _show_value(v: Value) -> str:
    if isinstance(v, tuple):
        return "(" + ", ".join(str(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v) if isinstance(v, float) else str(v)


def _shape_index(node: Node, env: Mapping[str, Value | Tensor] | None) -> str | None:
    """``x.shape[1]`` as its number when ``x`` is a known tensor and the index a literal."""
    base, index = node.args
    if env is None or base.kind != "attr" or base.value != "shape" or index.kind != "num":
        return None
    tensor = env.get(str(base.args[0].value)) if base.args[0].kind == "name" else None
    i = index.value
    if not isinstance(tensor, Tensor) or not isinstance(i, int) or isinstance(i, bool):
        return None
    dims = (-1, *tensor.dims)
    return str(dims[i]) if -len(dims) <= i < len(dims) and dims[i] >= 0 else None
