"""The allow-list for ``class Network`` and ``build()`` of a graph export (see export_ast)."""

from __future__ import annotations

import ast

from export_ast import is_doc, key_of, layer_stmt, need

from cnnshape.export.reserved import KEYWORDS, NN_MODULE

_INIT_HEAD = ["super().__init__()", "layers: dict[str, nn.Module] = {}"]
_INIT_TAIL = "for name, layer in layers.items():\n    self.add_module(name, layer)"
_FIXED_NAMES = {"m", "self", "torch", "nn", "layers", "name", "layer"}


def check_graph(nodes: list[ast.stmt]) -> None:
    need(len(nodes) == 2, nodes[0], "exactly class Network and build()")
    cls, build = nodes
    need(isinstance(cls, ast.ClassDef) and cls.name == "Network", cls, "the class")
    assert isinstance(cls, ast.ClassDef)
    need([ast.unparse(b) for b in cls.bases] == ["nn.Module"], cls, "the base class")
    need(not cls.keywords and not cls.decorator_list, cls, "the class header")
    need(len(cls.body) == 3 and is_doc(cls.body[0]), cls, "docstring, __init__, forward")
    keys = _check_init(cls.body[1])
    _check_forward(cls.body[2], keys)
    need(isinstance(build, ast.FunctionDef) and is_doc(build.body[0]), build, "build()")
    assert isinstance(build, ast.FunctionDef)
    need(ast.unparse(build.body[1]) == "return Network()" and len(build.body) == 2, build, "")
    need(ast.unparse(build.returns or build) == "Network" and not build.args.args, build, "")


def _signature(fn: ast.stmt, name: str, args: str, returns: str) -> ast.FunctionDef:
    need(isinstance(fn, ast.FunctionDef) and fn.name == name, fn, f"def {name}")
    assert isinstance(fn, ast.FunctionDef)
    need(ast.unparse(fn.args) == args and not fn.decorator_list, fn, f"{name}'s arguments")
    written = ast.unparse(fn.returns) if fn.returns else ""
    need(written == returns, fn, f"{name}'s return")
    return fn


def _check_init(node: ast.stmt) -> set[str]:
    fn = _signature(node, "__init__", "self", "")
    need([ast.unparse(s) for s in fn.body[:2]] == _INIT_HEAD, fn, "__init__'s first lines")
    need(ast.unparse(fn.body[-1]) == _INIT_TAIL, fn.body[-1], "__init__'s last lines")
    keys: set[str] = set()
    for stmt in fn.body[2:-1]:
        layer_stmt(stmt, keys, graph=True)
    return keys


def _local(node: ast.expr, defined: set[str]) -> None:
    need(isinstance(node, ast.Name) and node.id in defined, node, "a local defined before")


def _check_forward(node: ast.stmt, keys: set[str]) -> None:
    """forward(self, x[, more inputs]) -> a tensor or a tuple of them: assignments, a return."""
    need(isinstance(node, ast.FunctionDef), node, "def forward")
    assert isinstance(node, ast.FunctionDef)
    extra = [a.arg for a in node.args.args[2:]]
    params = ", ".join(["self", "x: torch.Tensor", *(f"{a}: torch.Tensor" for a in extra)])
    n = len(node.returns.slice.elts) if isinstance(node.returns, ast.Subscript) else 1  # type: ignore[attr-defined]
    returns = "torch.Tensor" if n == 1 else f"tuple[{', '.join(['torch.Tensor'] * n)}]"
    fn = _signature(node, "forward", params, returns)
    need(ast.unparse(fn.body[0]) == "m = self._modules", fn, "forward's first line")
    defined = {"x", *(_variable(a, fn) for a in extra)}
    for stmt in fn.body[1:-1]:
        need(isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, stmt, "a statement")
        assert isinstance(stmt, ast.Assign)
        target = stmt.targets[0]
        pooled = isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Subscript)
        if isinstance(target, ast.Tuple) and pooled:  # x, x_indices = m["pool"](x): MaxUnpool's
            need(len(target.elts) == 2, stmt, "values and indices")
            _value(stmt.value, keys, defined)
            defined.update(_variable(t, stmt) for t in target.elts)  # type: ignore[arg-type]
            continue
        if isinstance(target, ast.Tuple):  # a, b = torch.chunk(x, 2, dim=1) / torch.split
            _split(stmt.value, defined)
            defined.update(_variable(t, stmt) for t in target.elts)  # type: ignore[arg-type]
            continue
        name = _variable(target, stmt)
        _value(stmt.value, keys, defined)
        defined.add(name)
    ret = fn.body[-1]
    need(isinstance(ret, ast.Return) and ret.value is not None, ret, "forward's return")
    assert isinstance(ret, ast.Return) and ret.value is not None
    values = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
    need(len(values) == n, ret, "forward's return")
    for v in values:
        _local(v, defined)


def _variable(target: ast.expr | str, at: ast.AST) -> str:
    name = target if isinstance(target, str) else getattr(target, "id", "")
    need(isinstance(target, str | ast.Name), at, "an assignment")
    ok = name.isascii() and name.isidentifier() and name not in _FIXED_NAMES
    need(ok and name not in KEYWORDS and name not in NN_MODULE, at, "a variable")
    return name


def _split(value: ast.expr, defined: set[str]) -> None:
    """torch.chunk(<local>, <int>, dim=1) or torch.split(<local>, [<ints>], dim=1)."""
    need(isinstance(value, ast.Call), value, "a call")
    assert isinstance(value, ast.Call)
    head = ast.unparse(value.func)
    need(head in ("torch.chunk", "torch.split") and len(value.args) == 2, value, "a split")
    need([ast.unparse(k) for k in value.keywords] == ["dim=1"], value, "the split's dim")
    _local(value.args[0], defined)
    sizes = value.args[1]
    items = sizes.elts if isinstance(sizes, ast.List) and head == "torch.split" else [sizes]
    for item in items:
        need(isinstance(item, ast.Constant) and type(item.value) is int, value, "a size")


def _value(value: ast.expr, keys: set[str], defined: set[str]) -> None:
    """A local; a submodule called on locals; a sum of locals; torch.cat([locals], dim=1)."""
    if isinstance(value, ast.Name):
        _local(value, defined)
    elif isinstance(value, ast.BinOp):
        need(isinstance(value.op, ast.Add | ast.Mult), value, "an operator")
        for side in (value.left, value.right):
            _value(side, set(), defined) if isinstance(side, ast.BinOp) else _local(side, defined)
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Subscript):
        sub = value.func
        need(ast.unparse(sub.value) == "m" and not value.keywords, value, "a call")
        need(key_of(sub.slice) in keys, value, "a submodule __init__ did not add")
        for arg in value.args:
            _local(arg, defined)
    else:
        need(isinstance(value, ast.Call), value, "an expression")
        assert isinstance(value, ast.Call)
        need(ast.unparse(value.func) == "torch.cat" and len(value.args) == 1, value, "a call")
        need(ast.unparse(value.keywords[0]) == "dim=1", value, "torch.cat's dim")
        items = value.args[0]
        need(isinstance(items, ast.List) and len(value.keywords) == 1, value, "torch.cat")
        assert isinstance(items, ast.List)
        for item in items.elts:
            _local(item, defined)
