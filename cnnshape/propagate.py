"""Walk the layer graph with the rules: shapes, counts and located findings → a FileReport."""

from __future__ import annotations

from cnnshape.diagnostics import Diagnostic, SpecError
from cnnshape.graph import build
from cnnshape.layers.base import LayerError, Operand, Tensor, check_elements
from cnnshape.limits import Limits
from cnnshape.report import FileReport
from cnnshape.spec import Spec
from cnnshape.walker import Walker, indexed_names


def propagate(
    spec: Spec,
    path: str,
    limits: Limits,
    input_shape: tuple[int, ...] | None = None,
    ignore: frozenset[str] = frozenset(),
    hints: bool = True,
) -> FileReport:
    """Check one parsed spec. ``input_shape`` overrides the spec's input (--input);
    ``hints=False`` skips the search for input sizes that fit (cnnshape sizes)."""
    walker = run(spec, path, limits, input_shape, ignore)
    report = walker.report
    if hints and walker.spatial and report.input_shape is not None:
        from cnnshape.fitting import explain_fit

        explain_fit(walker, spec, limits, report.input_shape)
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report


def run(
    spec: Spec,
    path: str,
    limits: Limits,
    input_shape: tuple[int, ...] | None,
    ignore: frozenset[str] = frozenset(),
    lenient: bool = False,
) -> Walker:
    """One pass over the graph (findings unsorted); the fitting search calls it again."""
    report = FileReport(path, spec.name)
    report.diagnostics.extend(spec.diagnostics)
    shape = input_shape or spec.input
    report.input_shape = shape
    walker = Walker(report, ignore, lenient)
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
    out = walker.seq(nodes, x)
    report.output_shape = out.tensor.shape if out is not None else None
    return walker
