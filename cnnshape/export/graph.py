"""A checked spec with blocks, residuals, parallel branches or skips → one nn.Module class.

Every layer is a submodule named by its cnnshape path ('.' as '_', as in the sequential
export), so a row and its module still match one to one. ``forward`` is written out
straight, one statement per layer, with a comment where a block, residual or branch
starts: a residual keeps its input, runs the body, runs the shortcut on the kept input and
adds; a parallel form runs each branch on the same input and concatenates (or adds); a
named output that a Concat/Add takes later is kept in a variable. Concat and Add are two
small classes in the file, so they are modules too (with hooks, like every layer).
"""

from __future__ import annotations

import re

from cnnshape.args import Args
from cnnshape.export.literal import call, string
from cnnshape.export.naming import module_key
from cnnshape.export.tree import Node, tree
from cnnshape.layers import BY_NAME
from cnnshape.report import FileReport, Row

WIDTH = 88

CLASSES = '''

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


def sources(row: Row) -> tuple[str, ...]:
    """The earlier outputs a row's layer takes (Concat/Add ``from``), as its rule says."""
    return BY_NAME[row.type].sources(Args(row.args, {}, frozenset()))


class _Writer:
    """Writes ``forward``'s statements; keeps the variables of named outputs."""

    def __init__(self, needed: set[str]) -> None:
        self.needed = needed
        self.lines: list[str] = []
        self.saved: dict[str, str] = {}  # output name → variable
        self.count = 0

    def fresh(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def emit(self, text: str) -> None:
        self.lines.append("        " + text)

    def save(self, name: str | None, var: str) -> None:
        if name and name in self.needed:
            ident = re.sub(r"\W", "_", name)
            v = self.saved.get(name) or f"saved_{ident}"
            if v in self.saved.values() and self.saved.get(name) != v:
                v = self.fresh(f"saved_{ident}_")
            self.saved[name] = v
            self.emit(f"{v} = {var}")

    def seq(self, children: list[Row | Node], var: str) -> None:
        for child in children:
            if isinstance(child, Row):
                self.row(child, var)
            else:
                self.group(child, var)

    def row(self, row: Row, var: str) -> None:
        extra = "".join(f", {self.saved[s]}" for s in sources(row))
        self.emit(f"{var} = m[{string(module_key(row.path))}]({var}{extra})")
        self.save(row.name, var)

    def group(self, node: Node, var: str) -> None:
        g = node.group
        assert g is not None
        label = g.label.replace("×", "x")  # ruff flags the multiplication sign
        self.emit(f"# {g.path}: {label}")
        if g.kind == "residual":
            kept = self.fresh("identity")
            self.emit(f"{kept} = {var}")
            body = [c for c in node.children if not _is_branch(c)]
            self.seq(body, var)
            for branch in node.children:
                if isinstance(branch, Node) and _is_branch(branch):
                    self.seq(branch.children, kept)
            self.emit(f"{var} = {var} + {kept}")
        elif g.kind == "parallel":
            kept = self.fresh("branch_input")
            self.emit(f"{kept} = {var}")
            outs = []
            for branch in node.children:
                assert isinstance(branch, Node)
                out = self.fresh("branch")
                self.emit(f"{out} = {kept}")
                self.seq(branch.children, out)
                outs.append(out)
            if g.label.endswith("concat"):
                self.emit(f"{var} = torch.cat([{', '.join(outs)}], dim=1)")
            else:
                self.emit(f"{var} = {' + '.join(outs)}")
        else:
            self.seq(node.children, var)
        self.save(g.name, var)


def _is_branch(child: Row | Node) -> bool:
    return isinstance(child, Node) and child.group is not None and child.group.kind == "branch"


def build_function(report: FileReport) -> list[str]:
    """The helper classes, ``class Network`` and ``def build() -> Network``."""
    needed = {name for row in report.rows for name in sources(row)}
    writer = _Writer(needed)
    writer.seq(tree(report).children, "x")
    init = []
    for row in report.rows:
        init.extend(_layer(row))
    return [
        *CLASSES.strip("\n").split("\n"),
        "",
        "",
        "class Network(nn.Module):",
        f'    """{_doc(report)}"""',
        "",
        "    def __init__(self):",
        "        super().__init__()",
        "        layers: dict[str, nn.Module] = {}",
        *init,
        "        for name, layer in layers.items():",
        "            self.add_module(name, layer)",
        "",
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
        "        m = self._modules",
        *writer.lines,
        "        return x",
        "",
        "",
        "def build() -> Network:",
        '    """The network; each layer is the submodule named by its cnnshape path."""',
        "    return Network()",
    ]


def _doc(report: FileReport) -> str:
    name = (report.name or "the network").replace('"', "'").replace("\\", "/")
    return f"{name}, layers in the order cnnshape lists them."


def _layer(row: Row) -> list[str]:
    from cnnshape.export.pytorch import qualified

    rule = BY_NAME[row.type]
    cls, kwargs = rule.torch_call(row.args)
    head = cls if sources(row) else qualified(cls)  # Concat/Add: the file's own classes
    key = string(module_key(row.path))
    lines = call(f"layers[{key}] = {head}", kwargs, indent=8, width=WIDTH)
    if row.params and not row.trainable_params:
        lines.append(f"        layers[{key}].requires_grad_(False)")
    return lines
