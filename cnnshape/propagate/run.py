"""One walk over the layer graph with the rules: shapes, counts and located findings.

:func:`cnnshape.check.check_spec` calls :func:`run`, then (optionally) the size hint
(:mod:`cnnshape.propagate.size_hint`), which calls :func:`run` again at other sizes."""

from __future__ import annotations

from dataclasses import replace

from cnnshape.diagnostics import Diagnostic, SpecError
from cnnshape.layers.base import LayerError, Operand, Tensor, check_elements
from cnnshape.limits import Limits
from cnnshape.propagate.graph import build
from cnnshape.propagate.memo import Memo
from cnnshape.propagate.walker import Walker, indexed_names
from cnnshape.report import FileReport
from cnnshape.spec.model import Spec
from cnnshape.suggest import suggest


def run(
    spec: Spec,
    path: str,
    limits: Limits,
    input_shape: tuple[int, ...] | None,
    ignore: frozenset[str] = frozenset(),
    lenient: bool = False,
    memo: Memo | None = None,
) -> Walker:
    """One pass over the graph (findings unsorted): the walker holds the report.

    ``input_shape`` overrides the spec's input (--input); ``lenient`` carries on past a
    merge mismatch (the size hint needs every merge checked); ``memo`` holds rule results
    from earlier walks (the size hint's, the language server's)."""
    report = FileReport(path, spec.name)
    report.diagnostics.extend(d for d in spec.diagnostics if d.is_error or d.code not in ignore)
    shape = input_shape or spec.input
    report.input_shape = shape
    walker = Walker(report, ignore, lenient, memo)
    if input_shape is None:
        walker.input_span = spec.input_span
    try:
        nodes = build(spec.layers, limits)
    except SpecError as e:
        report.diagnostics.append(e.diagnostic)
        return walker
    walker.unpacked = indexed_names(nodes)
    x: Operand | None = None
    if shape is not None:
        x = Operand(Tensor(shape), "the input", "the input", rows=(-1,))
        try:
            check_elements(shape)
        except LayerError as e:
            report.diagnostics.append(
                Diagnostic(e.finding.code, e.finding.message, spec.input_span)
            )
            x = None
    if spec.inputs:
        report.inputs = [(n, s) for n, s in spec.inputs.items()]
        report.inputs[0] = (report.inputs[0][0], shape) if shape else report.inputs[0]
        for j, (n, s) in enumerate(report.inputs):
            walker.names[n] = (
                replace(x, role=f"input '{n}'")
                if j == 0 and x is not None
                else Operand(Tensor(s), f"input '{n}'", f"input '{n}'", rows=(-1,))
            )
    out = walker.seq(nodes, x)
    report.output_shape = out.tensor.shape if out is not None else None
    for name, span in spec.outputs:
        op = walker.names.get(name)
        if op is None and name not in walker.failed:
            hint = suggest(name, list(walker.names))
            report.diagnostics.append(
                Diagnostic("E113", f"output '{name}' names no layer{hint}", span)
            )
        report.outputs.append((name, op.tensor.shape if op is not None else None))
    if report.outputs:
        report.output_shape = report.outputs[0][1]
    return walker
