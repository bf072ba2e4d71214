"""The allow-list for ``class Network`` and ``build()`` of a graph export (see export_ast)."""

from __future__ import annotations

import ast

from export_ast import _is_doc, _key, _layer_stmt, _need

from cnnshape.export.reserved import KEYWORDS, NN_MODULE

_INIT_HEAD = ["super().__init__()", "layers: dict[str, nn.Module] = {}"]
_INIT_TAIL = "for name, layer in layers.items():\n    self.add_module(name, layer)"
_FIXED_NAMES = {"m", "self", "torch", "nn", "layers", "name", "layer"}


def check_graph(nodes: list[ast.stmt]) -> None:
    _need(len(nodes) == 2, nodes[0], "exactly class Network and build()")
    cls, build = nodes
    _need(isinstance(cls, ast.ClassDef) and cls.name == "Network", cls, "the class")
    assert isinstance(cls, ast.ClassDef)
    _need([ast.unparse(b) for b in cls.bases] == ["nn.Module"], cls, "the base class")
    _need(not cls.keywords and not cls.decorator_list, cls, "the class header")
    _need(len(cls.body) == 3 and _is_doc(cls.body[0]), cls, "docstring, __init__, forward")
    keys = _check_init(cls.body[1])
    _check_forward(cls.body[2], keys)
    _need(isinstance(build, ast.FunctionDef) and _is_doc(build.body[0]), build, "build()")
    assert isinstance(build, ast.FunctionDef)
    _need(ast.unparse(build.body[1]) == "return Network()" and len(build.body) == 2, build, "")
    _need(ast.unparse(build.returns or build) == "Network" and not build.args.args, build, "")


def _signature(fn: ast.stmt, name: str, args: str, returns: str) -> ast.FunctionDef:
    _need(isinstance(fn, ast.FunctionDef) and fn.name == name, fn, f"def {name}")
    assert isinstance(fn, ast.FunctionDef)
    _need(ast.unparse(fn.args) == args and not fn.decorator_list, fn, f"{name}'s arguments")
    written = ast.unparse(fn.returns) if fn.returns else ""
    _need(written == returns, fn, f"{name}'s return")
    return fn


def _check_init(node: ast.stmt) -> set[str]:
    fn = _signature(node, "__init__", "self", "")
    _need([ast.unparse(s) for s in fn.body[:2]] == _INIT_HEAD, fn, "__init__'s first lines")
    _need(ast.unparse(fn.body[-1]) == _INIT_TAIL, fn.body[-1], "__init__'s last lines")
    keys: set[str] = set()
    for stmt in fn.body[2:-1]:
        _layer_stmt(stmt, keys, graph=True)
    return keys


def _local(node: ast.expr, defined: set[str]) -> None:
    _need(isinstance(node, ast.Name) and node.id in defined, node, "a local defined before")


def _check_forward(node: ast.stmt, keys: set[str]) -> None:
    fn = _signature(node, "forward", "self, x: torch.Tensor", "torch.Tensor")
    _need(ast.unparse(fn.body[0]) == "m = self._modules", fn, "forward's first line")
    _need(ast.unparse(fn.body[-1]) == "return x", fn.body[-1], "forward's return")
    defined = {"x"}
    for stmt in fn.body[1:-1]:
        _need(isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, stmt, "a statement")
        assert isinstance(stmt, ast.Assign)
        target = stmt.targets[0]
        _need(isinstance(target, ast.Name), stmt, "an assignment")
        assert isinstance(target, ast.Name)
        name = target.id
        ok = name.isascii() and name.isidentifier() and name not in _FIXED_NAMES
        _need(ok and name not in KEYWORDS and name not in NN_MODULE, stmt, "a variable")
        _value(stmt.value, keys, defined)
        defined.add(name)


def _value(value: ast.expr, keys: set[str], defined: set[str]) -> None:
    """A local; a submodule called on locals; a sum of locals; torch.cat([locals], dim=1)."""
    if isinstance(value, ast.Name):
        _local(value, defined)
    elif isinstance(value, ast.BinOp):
        _need(isinstance(value.op, ast.Add), value, "an operator")
        for side in (value.left, value.right):
            _value(side, set(), defined) if isinstance(side, ast.BinOp) else _local(side, defined)
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Subscript):
        sub = value.func
        _need(ast.unparse(sub.value) == "m" and not value.keywords, value, "a call")
        _need(_key(sub.slice) in keys, value, "a submodule __init__ did not add")
        for arg in value.args:
            _local(arg, defined)
    else:
        _need(isinstance(value, ast.Call), value, "an expression")
        assert isinstance(value, ast.Call)
        _need(ast.unparse(value.func) == "torch.cat" and len(value.args) == 1, value, "a call")
        _need(ast.unparse(value.keywords[0]) == "dim=1", value, "torch.cat's dim")
        items = value.args[0]
        _need(isinstance(items, ast.List) and len(value.keywords) == 1, value, "torch.cat")
        assert isinstance(items, ast.List)
        for item in items.elts:
            _local(item, defined)
