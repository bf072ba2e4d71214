"""The structural check of an exported module: only the statements the exporter emits.

:func:`check_module` parses the code and walks an allow-list of statement shapes, written
here from what a hand-written PyTorch module of this form looks like, not from the
exporter's code: imports of torch/nn (and OrderedDict), the five constants, ``build()``
(an nn.Sequential) or the fixed Concat/Add classes plus ``class Network`` (``__init__``
filling ``layers[<key>] = nn.<Layer>(<literals>)``, ``forward`` assigning calls of
submodules, ``torch.cat`` of local names or sums of local names), and the fixed
``__main__`` self-check. Anything else (another statement, another callee, a string used
anywhere but as a key, keyword value or docstring) fails with the offending line.
It also checks the text: every line printable (no NUL, no line break but '\\n', no bidi
control), every identifier token ASCII (Python folds NFKC, so ``saved_ﬁ`` *is* ``saved_fi``)
and every submodule key a safe one.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from export_ast_tv import TV_IMPORTS, check_tv, layer_class

from cnnshape.export.reserved import KEYWORDS, NN_MODULE
from cnnshape.layers import BY_NAME

_FIXED_CLASSES = '''
class Concat(nn.Module):
    """torch.cat of the arriving tensor and earlier outputs, along dim."""

    def __init__(self, dim: int = 1):
        super().__init__()
        self.dim = dim

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return torch.cat(xs, dim=self.dim)


class Add(nn.Module):
    """The arriving tensor plus earlier outputs."""

    def forward(self, x: torch.Tensor, *others: torch.Tensor) -> torch.Tensor:
        for other in others:
            x = x + other
        return x
'''
_MAIN = """
if __name__ == "__main__":
    with torch.device("meta"):
        model = build().eval()
        out = model(torch.zeros(1, *INPUT_SHAPE))
    if isinstance(out, tuple):
        out = out[0]
    params = sum(p.numel() for p in model.parameters())
    buffers = sum(b.numel() for b in model.buffers())
    print(f"output {tuple(out.shape)}, {params:,} parameters, {buffers:,} buffers")
    assert tuple(out.shape[1:]) == OUTPUT_SHAPE, (tuple(out.shape), OUTPUT_SHAPE)
    assert (params, buffers) == (PARAMS, BUFFERS), (params, buffers)
"""
_MAIN_MORE = _MAIN.replace(
    "model(torch.zeros(1, *INPUT_SHAPE))",
    "model(torch.zeros(1, *INPUT_SHAPE), *(torch.zeros(1, *s) for s in MORE_INPUTS))",
)
#: the classes an export may define for cnnshape's tensor operations (each rule's own text)
OWN_CLASSES = {c.name: _src for c in BY_NAME.values() if (_src := c.module_source)}
_IMPORTS = {"import torch", "from torch import nn", "from collections import OrderedDict"}
_CONSTANTS = ("INPUT_SHAPE", "OUTPUT_SHAPE", "PARAMS", "TRAINABLE_PARAMS", "BUFFERS")
_KEY = re.compile(r"[A-Za-z0-9_]+")


class Rejected(AssertionError):
    pass


def _dump(node: ast.AST) -> str:
    return ast.dump(node, include_attributes=False)


def _fixed(source: str) -> list[str]:
    return [_dump(n) for n in ast.parse(source).body]


def need(ok: bool, node: ast.AST, what: str) -> None:
    if not ok:
        line = getattr(node, "lineno", "?")
        raise Rejected(f"line {line}: {what}: {ast.unparse(node)[:200]!r}")


def is_doc(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _literal(node: ast.expr) -> bool:
    """A number, bool, None, string, tuple of those, or float("inf"/"nan")."""
    if isinstance(node, ast.Constant):
        return node.value is None or isinstance(node.value, bool | int | float | str)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _literal(node.operand)
    if isinstance(node, ast.Tuple):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Call):  # float("inf"), float("-inf"), float("nan")
        return (
            ast.unparse(node.func) == "float"
            and not node.keywords
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in ("inf", "-inf", "nan")
        )
    return False


def key_of(node: ast.expr) -> str:
    need(isinstance(node, ast.Constant) and isinstance(node.value, str), node, "a key")
    assert isinstance(node, ast.Constant)
    key = str(node.value)
    need(bool(_KEY.fullmatch(key)), node, "a submodule key outside [A-Za-z0-9_]")
    need(key not in NN_MODULE and key not in KEYWORDS, node, "a reserved submodule key")
    need(not key.startswith("_"), node, "a private submodule key")
    return key


def layer_stmt(node: ast.stmt, defined: set[str], graph: bool) -> None:
    """``layers[<key>] = nn.<Layer>(k=<literal>, ...)``, ``layers[<key>].requires_grad_(False)``."""
    if isinstance(node, ast.Expr):
        call = node.value
        need(isinstance(call, ast.Call) and not call.args, node, "a statement in build")
        assert isinstance(call, ast.Call)
        need(ast.unparse(call).endswith(".requires_grad_(False)"), node, "a call")
        target = call.func.value  # type: ignore[attr-defined]
        need(isinstance(target, ast.Subscript), node, "a call")
        need(key_of(target.slice) in defined, node, "a key not defined before")
        return
    need(isinstance(node, ast.Assign) and len(node.targets) == 1, node, "a statement")
    assert isinstance(node, ast.Assign)
    target, call = node.targets[0], node.value
    need(isinstance(target, ast.Subscript), node, "an assignment")
    assert isinstance(target, ast.Subscript)
    need(ast.unparse(target.value) == "layers", node, "an assignment")
    key = key_of(target.slice)
    need(key not in defined, node, "a key written twice")
    defined.add(key)
    need(isinstance(call, ast.Call) and not call.args, node, "a layer")
    assert isinstance(call, ast.Call)
    head = ast.unparse(call.func)
    own = ("Concat", "Add", *OWN_CLASSES)
    layer = re.fullmatch(r"(nn|tv)\.[A-Z][A-Za-z0-9]*", head) or (graph and head in own)
    need(bool(layer), node, "a callee")
    for kw in call.keywords:
        ok = _literal(kw.value) or layer_class(kw.value)  # norm_layer=nn.BatchNorm2d
        need(kw.arg is not None and ok, node, "an argument")


def _check_build(fn: ast.stmt) -> None:
    need(isinstance(fn, ast.FunctionDef) and fn.name == "build", fn, "a function")
    assert isinstance(fn, ast.FunctionDef)
    need(not fn.args.args and ast.unparse(fn.returns or fn) == "nn.Sequential", fn, "build")
    body = fn.body
    need(is_doc(body[0]), fn, "build's docstring")
    need(ast.unparse(body[1]) == "layers: OrderedDict[str, nn.Module] = OrderedDict()", fn, "")
    need(ast.unparse(body[-1]) == "return nn.Sequential(layers)", body[-1], "build's return")
    keys: set[str] = set()
    for stmt in body[2:-1]:
        layer_stmt(stmt, keys, graph=False)


def check_module(code: str) -> ast.Module:
    """Parse the exported ``code`` and check it against the allow-list; the tree."""
    _check_text(code)
    tree = ast.parse(code)
    body = list(tree.body)
    need(is_doc(body[0]), body[0], "the module docstring")
    i = 1
    imports: set[str] = set()
    while isinstance(body[i], ast.Import | ast.ImportFrom):
        imports.add(ast.unparse(body[i]))
        need(imports <= _IMPORTS | TV_IMPORTS, body[i], "an import")
        i += 1
    i = check_tv(body, i, imports)  # torchvision.ops layers: tv and its fallback classes
    more = False
    for name in _CONSTANTS:
        node = body[i]
        if name == "OUTPUT_SHAPE" and ast.unparse(getattr(node, "targets", [node])[0]) == (
            "MORE_INPUTS"
        ):  # a network with several inputs: the shapes of all but the first
            need(_literal(node.value), node, "a constant")  # type: ignore[attr-defined]
            more, i, node = True, i + 1, body[i + 1]
        ok = isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == name
        need(ok and _literal(node.value), node, "a constant")  # type: ignore[union-attr]
        i += 1
    main = _MAIN_MORE if more else _MAIN
    need([_dump(n) for n in body[-1:]] == _fixed(main), body[-1], "the self-check")
    rest = body[i:-1]
    if len(rest) == 1:
        _check_build(rest[0])
        return tree
    from export_ast_graph import check_graph  # the Network form

    need([_dump(n) for n in rest[:2]] == _fixed(_FIXED_CLASSES), rest[0], "Concat/Add")
    own = {_dump(ast.parse(src).body[0]) for src in OWN_CLASSES.values()}
    j = 2
    while isinstance(rest[j], ast.ClassDef) and rest[j].name != "Network":  # type: ignore[attr-defined]
        need(_dump(rest[j]) in own, rest[j], "a class cnnshape defines")
        j += 1
    check_graph(rest[j:])
    return tree


def _check_text(code: str) -> None:
    """Printable lines; identifier tokens ASCII and never a folded spelling."""
    for n, line in enumerate(code.split("\n"), 1):
        bad = [c for c in line if not c.isprintable()]
        if bad:
            raise Rejected(f"line {n}: unprintable characters {bad!r} in {line[:120]!r}")
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.NAME and not tok.string.isascii():
            raise Rejected(f"line {tok.start[0]}: identifier {tok.string!r} is not ASCII")
