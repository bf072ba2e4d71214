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
    fn = _signature(node, "forward", "self, x: torch.Tensor", "torch.Tensor")
    need(ast.unparse(fn.body[0]) == "m = self._modules", fn, "forward's first line")
    need(ast.unparse(fn.body[-1]) == "return x", fn.body[-1], "forward's return")
    defined = {"x"}
    for stmt in fn.body[1:-1]:
        need(isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, stmt, "a statement")
        assert isinstance(stmt, ast.Assign)
        target = stmt.targets[0]
        need(isinstance(target, ast.Name), stmt, "an assignment")
        assert isinstance(target, ast.Name)
        name = target.id
        ok = name.isascii() and name.isidentifier() and name not in _FIXED_NAMES
        need(ok and name not in KEYWORDS and name not in NN_MODULE, stmt, "a variable")
        _value(stmt.value, keys, defined)
        defined.add(name)


def _value(value: ast.expr, keys: set[str], defined: set[str]) -> None:
    """A local; a submodule called on locals; a sum of locals; torch.cat([locals], dim=1)."""
    if isinstance(value, ast.Name):
        _local(value, defined)
    elif isinstance(value, ast.BinOp):
        need(isinstance(value.op, ast.Add), value, "an operator")
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
