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

from cnnshape.export.literal import call, comment, doc, string
from cnnshape.export.naming import Names, ascii_word, variable
from cnnshape.export.own import head, own_classes
from cnnshape.nesting import Node, tree
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
#: The classes CLASSES defines; every other layer is torch.nn's.
LOCAL = frozenset({"Concat", "Add"})


def sources(row: Row) -> tuple[str, ...]:
    """The earlier outputs a row's layer takes (Concat/Add ``from``), as its rule says."""
    assert row.rule is not None and row.parsed is not None  # export refuses specs with errors
    return row.rule.sources(row.parsed)


class _Writer:
    """Writes ``forward``'s statements; keeps the variables of named outputs."""

    def __init__(self, needed: set[str], keys: dict[str, str], indexed: set[str]) -> None:
        self.needed = needed
        self.keys = keys  # row path → submodule key
        self.indexed = indexed  # poolings whose indices a MaxUnpool takes
        self.lines: list[str] = []
        self.saved: dict[str, str] = {}  # output name → variable
        self.names = Names(["x", "m", "self", "torch", "nn"])
        self.count = 0
        for name in sorted(needed):  # plain names first: theirs never move to make room
            if ascii_word(name) == name:
                self.saved[name] = variable("saved", name, self.names)

    def inputs(self, report: FileReport) -> str:
        """forward's parameters: x, or one per named input (the first arrives as x)."""
        if len(report.inputs) < 2:
            return "x: torch.Tensor"
        params = ["x: torch.Tensor"]
        for j, (name, _) in enumerate(report.inputs):
            if j == 0:
                self.save(name, "x")
            else:
                var = self.saved.get(name) or variable("saved", name, self.names)
                self.saved[name] = var
                params.append(f"{var}: torch.Tensor")
        return ", ".join(params)

    def result(self, report: FileReport) -> str:
        """What forward returns: x, or the named outputs in order (a tuple)."""
        if not report.outputs:
            return "x"
        names = [self.saved[name] for name, _ in report.outputs]
        return names[0] if len(names) == 1 else ", ".join(names)

    def fresh(self, stem: str) -> str:
        self.count += 1
        return self.names.claim(f"{stem}{self.count}")

    def emit(self, text: str) -> None:
        self.lines.append("        " + text)

    def save(self, name: str | None, var: str) -> None:
        if name and name in self.needed:
            v = self.saved.get(name) or variable("saved", name, self.names)
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
        call = f"m[{string(self.keys[row.path])}]({var}{extra})"
        if row.name in self.indexed and row.args.get("return_indices"):
            self.emit(f"{var}, {var}_indices = {call}")  # values go on, indices are kept
            self.save(row.name, f"{var}_indices")
            return
        self.emit(f"{var} = {call}")
        self.save(row.name, var)

    def group(self, node: Node, var: str) -> None:
        g = node.group
        assert g is not None
        label = g.label.replace("×", "x")  # ruff flags the multiplication sign
        self.emit(f"# {comment(g.path)}: {comment(label)}")  # user text: one line, always
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
            self.parallel(node, var)
        elif g.kind == "side":
            assert g.source is not None
            out = self.fresh("side")
            self.emit(f"{out} = {self.saved[g.source]}")
            self.seq(node.children, out)
            self.save(g.name, out)
            return  # the main path goes on with var unchanged
        else:
            self.seq(node.children, var)
        self.save(g.name, var)

    def parallel(self, node: Node, var: str) -> None:
        """Each branch on the input (or its piece of a channel split), then the merge."""
        g = node.group
        assert g is not None
        kept = self.fresh("branch_input")
        outs = [self.fresh("branch") for _ in node.children]
        if g.split is None:
            self.emit(f"{kept} = {var}")
            pieces = [kept] * len(outs)
        else:
            how = (
                f"torch.split({var}, {list(g.split)}, dim=1)"
                if isinstance(g.split, tuple)
                else f"torch.chunk({var}, {int(g.split)}, dim=1)"
            )
            self.emit(f"{', '.join(outs)} = {how}")
            pieces = outs
        for branch, piece, out in zip(node.children, pieces, outs, strict=True):
            assert isinstance(branch, Node)
            if piece != out:
                self.emit(f"{out} = {piece}")
            self.seq(branch.children, out)
        if g.merge == "concat":
            self.emit(f"{var} = torch.cat([{', '.join(outs)}], dim=1)")
        else:
            self.emit(f"{var} = {(' * ' if g.merge == 'mul' else ' + ').join(outs)}")


def _takes_indices(row: Row) -> bool:
    return row.rule is not None and row.rule.takes_indices


def _is_branch(child: Row | Node) -> bool:
    return isinstance(child, Node) and child.group is not None and child.group.kind == "branch"


def build_function(report: FileReport, keys: dict[str, str]) -> list[str]:
    """The helper classes, ``class Network`` and ``def build() -> Network``."""
    needed = {name for row in report.rows for name in sources(row)}
    needed |= {g.source for g in report.groups if g.source is not None}
    needed |= {name for name, _ in report.outputs}
    indexed = {n for row in report.rows if _takes_indices(row) for n in sources(row)}
    writer = _Writer(needed, keys, indexed)
    args = writer.inputs(report)
    writer.seq(tree(report).children, "x")
    init = []
    for row in report.rows:
        init.extend(_layer(row, keys[row.path]))
    return [
        *CLASSES.strip("\n").split("\n"),
        *own_classes(report.rows),
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
        f"    def forward(self, {args}){_returns(report)}:",
        "        m = self._modules",
        *writer.lines,
        f"        return {writer.result(report)}",
        "",
        "",
        "def build() -> Network:",
        '    """The network; each layer is the submodule named by its cnnshape path."""',
        "    return Network()",
    ]


def _returns(report: FileReport) -> str:
    n = len(report.outputs)
    return " -> torch.Tensor" if n < 2 else f" -> tuple[{', '.join(['torch.Tensor'] * n)}]"


def _doc(report: FileReport) -> str:
    return doc(f"{report.name or 'the network'}, layers in the order cnnshape lists them.")


def _layer(row: Row, name: str) -> list[str]:
    rule = row.rule
    assert rule is not None  # export refuses specs with errors
    cls, kwargs = rule.torch_call(row.args)
    written = cls if cls in LOCAL else head(rule, cls)  # Concat/Add: CLASSES above
    key = string(name)
    lines = call(f"layers[{key}] = {written}", kwargs, indent=8, width=WIDTH)
    if row.params and not row.trainable_params:
        lines.append(f"        layers[{key}].requires_grad_(False)")
    return lines
