"""The walk over the layer graph: rules applied in execution order, merges checked,
named outputs kept for skips, findings located. :func:`cnnshape.propagate.run.run` drives it."""

from __future__ import annotations

from dataclasses import replace

from cnnshape.args import Args
from cnnshape.brief import clip, listing
from cnnshape.diagnostics import Diagnostic, Fix, Span
from cnnshape.layers.base import (
    Finding,
    LayerError,
    Operand,
    Out,
    Tensor,
)
from cnnshape.layers.merging import (
    MergeError,
    add,
    concat,
    multiply,
    pairs_only,
    projection_hint,
    split_sizes,
)
from cnnshape.propagate.graph import GNode, Group, Leaf
from cnnshape.propagate.infer import Unknowable, knowable
from cnnshape.propagate.memo import Key, Memo
from cnnshape.report import FileReport, GroupRow, Row
from cnnshape.spec.model import BadLayer, LayerDef
from cnnshape.suggest import suggest


class Walker:
    """Carries the report, the named outputs seen so far, and where merges disagreed."""

    def __init__(
        self,
        report: FileReport,
        ignore: frozenset[str],
        lenient: bool = False,
        memo: Memo | None = None,
    ) -> None:
        self.report = report
        #: rule results by configuration and input (the language server keeps one across
        #: checks; a check of its own otherwise, so a repeated configuration is inferred once)
        self.memo = memo if memo is not None else Memo()
        #: carry on past a merge mismatch (the fitting search needs every merge checked).
        self.lenient = lenient
        self.uses: list[Group] = []  # the block uses being walked, outermost first
        self.open: list[int] = []  # indices in report.groups of the groups being walked
        self.ignore = ignore
        self.seen: set[tuple[str, int, int, str]] = set()
        self.names: dict[str, Operand] = {}
        self.failed: set[str] = set()  # names whose output is unknown past an error
        #: sample dimensions (> 0) that disagreed at some merge, and those diagnostics.
        self.spatial: set[int] = set()
        self.spatial_diags: list[int] = []  # their positions in report.diagnostics
        #: every sample dimension (> 0) that disagreed at any merge, rounding or not.
        self.mismatched: set[int] = set()
        #: where the spec's input is written (None when --input overrides it): the place of
        #: a fix that changes the input size.
        self.input_span: Span | None = None
        #: names whose indices a later MaxUnpool takes (see :func:`indexed_names`).
        self.unpacked: set[str] = set()

    def seq(self, nodes: list[GNode], x: Operand | None) -> Operand | None:
        for n in nodes:
            x = self.leaf(n, x) if isinstance(n, Leaf) else self.group(n, x)
        return x

    def leaf(self, leaf: Leaf, x: Operand | None) -> Operand | None:
        layer = leaf.layer
        rows = self.report.rows
        if isinstance(layer, BadLayer):
            rows.append(
                Row(len(rows), leaf.path, layer.type_name, None, layer.span.line, leaf.depth)
            )
            return None
        rule, args = layer.rule, layer.args
        key = self.memo.key(rule, args, layer.unknown)
        values = dict(args.values)  # the inferred arguments are added to this copy
        row = Row(
            len(rows),
            leaf.path,
            rule.name,
            layer.name,
            layer.span.line,
            leaf.depth,
            args=values,
            summary="" if layer.unknown else self.memo.summary(key, args),
            input_shape=x.tensor.shape if x is not None else None,
            ignore=layer.ignore,
            rule=rule,
            parsed=None if layer.unknown else Args(values, args.spans, args.given),
        )
        rows.append(row)
        made = self._compute(leaf, layer, row, x, key)
        if made is None and layer.name:
            self.failed.add(layer.name)
        return made

    def _compute(
        self, leaf: Leaf, layer: LayerDef, row: Row, x: Operand | None, key: Key
    ) -> Operand | None:
        rule, args = layer.rule, layer.args
        if layer.unknown and not knowable(rule, layer.unknown):
            return None
        inputs = self._inputs(leaf, x)
        if inputs is None:
            return None
        row.inputs = tuple(dict.fromkeys(r for op in inputs for r in op.rows))
        # the layer takes the network's one input as it is (an edit of `input:` would help)
        direct = row.inputs == (-1,) and len(self.report.inputs) < 2
        exact = True
        try:
            out, exact = self.memo.infer(key, inputs, args, lambda f: self.finding(layer, f, leaf))
        except Unknowable:
            return None
        except LayerError as e:
            self._note_spatial(e, self.finding(layer, e.finding, leaf, direct))
            if not (self.lenient and isinstance(e, MergeError)):
                return None
            out = Out(e.fallback)
        for f in out.findings:
            self.finding(layer, f, leaf, direct)
        row.args.update(out.inferred)
        row.output_shape = out.tensor.shape
        row.derivation = out.note
        if exact:
            self._count(row, out, layer.trainable)
        made = Operand(out.tensor, f"{leaf.path} ({rule.name})", rows=(row.index,))
        if layer.name:
            self.names[layer.name] = replace(made, role=f"'{layer.name}'")
            if out.tensor.indices and layer.name in self.unpacked:
                # `x, indices = pool(x)`: the values go on, the indices wait for the unpool
                made = replace(made, tensor=replace(out.tensor, indices=False, plane=()))
        return made

    def _count(self, row: Row, out: Out, trainable: bool) -> None:
        row.params = out.params
        row.trainable_params = out.params if trainable else 0
        row.buffers = out.buffers
        totals = self.report.totals
        totals.params += out.params
        totals.trainable_params += row.trainable_params
        totals.buffers += out.buffers

    def _inputs(self, leaf: Leaf, x: Operand | None) -> list[Operand] | None:
        """The arriving tensor, then each named source; None when any is unknown."""
        assert isinstance(leaf.layer, LayerDef)
        layer = leaf.layer
        found: list[Operand] = []
        for name in layer.rule.sources(layer.args):
            op = self.names.get(name)
            if op is None and (x is None or name in self.failed):
                return None  # past an error: the named output is unknown, not missing
            if op is None:
                known = listing(self.names) or "none"
                hint = suggest(name, self.names)
                msg = f"'{clip(name)}' names no earlier layer{hint} (named so far: {known})"
                self.finding(layer, Finding("E113", msg, "from"), leaf)
                return None
            found.append(op)
        if x is None:
            return None
        return [replace(x, role="the arriving tensor") if found else x, *found]

    def group(self, g: Group, x: Operand | None) -> Operand | None:
        groups = self.report.groups
        info = GroupRow(
            g.path, g.kind, g.label, g.name, g.span.line, g.depth, len(self.report.rows)
        )
        info.merge, info.split, info.source = g.merge, g.split, g.source
        info.parent = self.open[-1] if self.open else -1
        self.open.append(len(groups))
        groups.append(info)
        if g.kind == "block":
            self.uses.append(g)
        if g.kind == "side":
            out = self.seq(g.branches[0], self._source(g, x))
        elif g.merge is None:
            out = self._sequence(g, x, info)
        else:
            pieces = self._pieces(g, x)
            outs = [self.seq(b, p) for b, p in zip(g.branches, pieces, strict=True)]
            out = self._merge(g, x, outs)
        if g.kind == "block":
            self.uses.pop()
        self.open.pop()
        info.end = len(self.report.rows)
        counts = [r.params for r in self.report.rows[info.start : info.end]]
        info.params = None if None in counts else sum(c or 0 for c in counts)
        info.output_shape = out.tensor.shape if out is not None else None
        if out is None:
            if g.name:
                self.failed.add(g.name)
            return x if g.kind == "side" else None
        out = Operand(out.tensor, f"{g.path} ({g.label})", rows=out.rows)
        if g.name:
            self.names[g.name] = replace(out, role=f"'{g.name}'")
        return x if g.kind == "side" else out  # a side path leaves the main path as it was

    def _source(self, g: Group, x: Operand | None) -> Operand | None:
        """The named output a side path starts from; E113 where nothing has that name."""
        assert g.source is not None
        op = self.names.get(g.source)
        if op is None and g.source not in self.failed and x is not None:
            hint = suggest(g.source, list(self.names))
            known = ", ".join(self.names) or "none"
            msg = f"'{g.source}' names no earlier layer{hint} (named so far: {known})"
            self.located(Finding("E113", msg, "from"), g.source_span or g.span, "")
        return op

    def _sequence(self, g: Group, x: Operand | None, info: GroupRow) -> Operand | None:
        if g.kind != "repeat":
            return self.seq(g.branches[0], x)
        nodes, at = g.branches[0], 0
        for size in g.rep_sizes:
            info.reps.append(len(self.report.rows))
            x = self.seq(nodes[at : at + size], x)
            at += size
        return x

    def _pieces(self, g: Group, x: Operand | None) -> list[Operand | None]:
        """What each branch gets: the input, or its piece of a channel split."""
        if g.split is None or x is None:
            return [x] * len(g.branches)
        try:
            sizes = split_sizes(x.tensor, g.split)
        except LayerError as e:
            self.located(e.finding, g.span, "")
            return [None] * len(g.branches)
        return [
            Operand(Tensor((c, *x.tensor.shape[1:])), f"{g.path} piece {j}", rows=x.rows)
            for j, c in enumerate(sizes)
        ]

    def _merge(self, g: Group, x: Operand | None, outs: list[Operand | None]) -> Operand | None:
        if x is None or any(o is None for o in outs):
            return None
        ops = []
        for j, (o, branch) in enumerate(zip(outs, g.branches, strict=True)):
            assert o is not None
            ops.append(replace(o, role=self._role(g, j, branch)))
        where = f"{g.label} {g.path}" if g.kind == "parallel" else f"residual {g.path}"
        try:
            pairs_only(ops, where)
            if g.merge == "concat":
                tensor = concat(ops, 1, where)
            elif g.merge == "mul":
                tensor = multiply(ops, where)
            else:
                fix = ""
                if g.kind == "residual" and not g.branches[1]:
                    fix = projection_hint(ops[0].tensor.shape, ops[1].tensor.shape)
                tensor = add(ops, where, fix)
        except LayerError as e:
            self._note_spatial(e, self.located(e.finding, g.span, ""))
            if not (self.lenient and isinstance(e, MergeError)):
                return None
            tensor = e.fallback
        return Operand(tensor, g.path, rows=tuple(dict.fromkeys(r for o in ops for r in o.rows)))

    @staticmethod
    def _role(g: Group, j: int, branch: list[GNode]) -> str:
        if g.kind == "residual":
            return "the body" if j == 0 else ("the shortcut" if branch else "the identity shortcut")
        first = branch[0] if branch else None
        return first.label if isinstance(first, Group) else f"branch {j} (identity)"

    def _note_spatial(self, e: LayerError, diag: Diagnostic | None) -> None:
        """Remember a merge that disagreed in a spatial dimension, for the fitting search."""
        if isinstance(e, MergeError):
            self.mismatched.update(d for d in e.dims if d > 0)
        if isinstance(e, MergeError) and e.rounding:
            self.spatial.update(d for d in e.dims if d > 0)
            if diag is not None:
                self.spatial_diags.append(len(self.report.diagnostics) - 1)

    def finding(
        self, layer: LayerDef, f: Finding, leaf: Leaf, direct: bool = False
    ) -> Diagnostic | None:
        """Locate a rule's finding; ``direct``: the layer takes the network input as it is."""
        if f.code in layer.ignore or f.code in self.ignore:
            return None
        span = layer.args.spans.get(f.arg, layer.span) if f.arg else layer.span
        fixes = f.fixes + (self.input_fixes(f.fits) if direct else ())
        return self.located(f, span, f"{leaf.path}: " if leaf.depth else "", fixes)

    def input_fixes(self, fits: tuple[tuple[tuple[int, int], ...], ...]) -> tuple[Fix, ...]:
        """'input [3, 227, 227] would fit': each choice of sizes as an edit of the input."""
        shape = self.report.input_shape
        if self.input_span is None or shape is None:
            return ()
        fixes = []
        for choice in fits:
            dims = list(shape)
            for axis, size in choice:
                dims[axis] = size
            text = "[" + ", ".join(map(str, dims)) + "]"
            fixes.append(Fix(f"input {text} would fit", text, self.input_span))
        return tuple(fixes)

    def located(
        self, f: Finding, span: Span, prefix: str, fixes: tuple[Fix, ...] = ()
    ) -> Diagnostic | None:
        """Add a finding once per place and message (a block used twice reports once)."""
        key = (f.code, span.line, span.column, f.message)
        if key in self.seen:
            return None
        self.seen.add(key)
        suffix = ""
        if self.uses and self.uses[-1].span != span:
            use = self.uses[-1]
            suffix = f" (in block '{use.label}' used at line {use.span.line})"
        diag = Diagnostic(f.code, prefix + f.message + suffix, span, fixes or f.fixes)
        self.report.diagnostics.append(diag)
        return diag


def indexed_names(nodes: list[GNode]) -> set[str]:
    """The names a layer that takes indices (MaxUnpool) names in its sources."""
    found: set[str] = set()
    for n in nodes:
        if isinstance(n, Group):
            for branch in n.branches:
                found |= indexed_names(branch)
        elif isinstance(n.layer, LayerDef) and n.layer.rule.takes_indices:
            found.update(n.layer.rule.sources(n.layer.args))
    return found
