"""The torchvision.ops part of an exported module (see export_ast): after the imports, the
fixed ``try: from torchvision import ops as tv`` with its fallback, the plain-torch classes
an export carries for torchvision.ops layers (cnnshape.export.tvops' fixed text: no user
text reaches it), and ``if tv is None: tv = types.SimpleNamespace(Name=Name, ...)`` binding
only those classes. A layer is then ``tv.<Layer>(...)``, and a class-valued argument names
a class (``norm_layer=nn.BatchNorm2d``, ``tv.FrozenBatchNorm2d``).
"""

from __future__ import annotations

import ast
import re

from cnnshape.export.tvops import IMPORT, SOURCES

#: the standard-library imports the fallback classes use
TV_IMPORTS = {"import math", "import types"}
_TRY = [ast.dump(n) for n in ast.parse(IMPORT).body]
_FIXED = {ast.dump(n) for src in SOURCES.values() for n in ast.parse(src).body}
_CLASS = re.compile(r"(nn|tv)\.[A-Z][A-Za-z0-9]*")


def layer_class(node: ast.expr) -> bool:
    """``nn.<Class>`` or ``tv.<Class>``: a class a torchvision block builds."""
    return isinstance(node, ast.Attribute) and bool(_CLASS.fullmatch(ast.unparse(node)))


def check_tv(body: list[ast.stmt], i: int, imports: set[str]) -> int:
    """The torchvision block at ``body[i]``, if the module has one; the index after it."""
    from export_ast import need

    if not isinstance(body[i], ast.Try):
        need(not imports & TV_IMPORTS, body[i], "math/types imported without torchvision")
        return i
    need([ast.dump(body[i])] == _TRY, body[i], "the torchvision import")
    i += 1
    defined: set[str] = set()
    while not isinstance(body[i], ast.If):
        need(ast.dump(body[i]) in _FIXED, body[i], "a torchvision fallback class")
        if isinstance(body[i], ast.ClassDef):
            defined.add(body[i].name)  # type: ignore[attr-defined]
        i += 1
    node = body[i]
    assert isinstance(node, ast.If)
    need(ast.unparse(node.test) == "tv is None" and not node.orelse, node, "the fallback")
    need(len(node.body) == 1 and isinstance(node.body[0], ast.Assign), node, "the fallback")
    bind = node.body[0]
    assert isinstance(bind, ast.Assign)
    need([ast.unparse(t) for t in bind.targets] == ["tv"], bind, "the fallback's target")
    call = bind.value
    need(isinstance(call, ast.Call) and not call.args, bind, "the fallback namespace")
    assert isinstance(call, ast.Call)
    need(ast.unparse(call.func) == "types.SimpleNamespace", bind, "the fallback namespace")
    for kw in call.keywords:
        ok = isinstance(kw.value, ast.Name) and kw.value.id == kw.arg and kw.arg in defined
        need(ok, bind, "a binding of a class the file defines")
    return i + 1
