"""Walk the layer graph with the rules: shapes, counts and located findings → a FileReport."""

from __future__ import annotations

from cnnshape.diagnostics import Diagnostic, SpecError
from cnnshape.graph import Leaf, expand
from cnnshape.layers.base import (
    Finding,
    LayerError,
    Tensor,
    check_elements,
    check_not_pair,
    check_out,
)
from cnnshape.limits import Limits
from cnnshape.report import FileReport, Row
from cnnshape.spec import BadLayer, LayerDef, Spec


def propagate(
    spec: Spec,
    path: str,
    limits: Limits,
    input_shape: tuple[int, ...] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> FileReport:
    """Check one parsed spec. ``input_shape`` overrides the spec's input (--input)."""
    report = FileReport(path, spec.name)
    report.diagnostics.extend(spec.diagnostics)
    shape = input_shape or spec.input
    report.input_shape = shape
    try:
        leaves = expand(spec.layers, limits)
    except SpecError as e:
        report.diagnostics.append(e.diagnostic)
        return _finish(report)
    x: Tensor | None = None
    if shape is not None:
        x = Tensor(shape)
        try:
            check_elements(shape)
        except LayerError as e:
            report.diagnostics.append(
                Diagnostic(e.finding.code, e.finding.message, spec.input_span)
            )
            x = None
    seen: set[tuple[str, int, int, str]] = set()
    for index, leaf in enumerate(leaves):
        x = _step(report, index, leaf, x, seen, ignore)
    report.output_shape = x.shape if x is not None else None
    return _finish(report)


def _step(
    report: FileReport,
    index: int,
    leaf: Leaf,
    x: Tensor | None,
    seen: set[tuple[str, int, int, str]],
    ignore: frozenset[str],
) -> Tensor | None:
    layer = leaf.layer
    if isinstance(layer, BadLayer):
        row = Row(index, leaf.path, layer.type_name, None, layer.span.line, leaf.depth)
        report.rows.append(row)
        return None
    rule, args = layer.rule, layer.args
    row = Row(
        index,
        leaf.path,
        rule.name,
        layer.name,
        layer.span.line,
        leaf.depth,
        args=dict(args.values),
        summary=rule.summary(args),
        input_shape=x.shape if x is not None else None,
    )
    report.rows.append(row)
    if x is None:
        return None
    try:
        check_not_pair(rule, x)
        out = rule.infer(x, args)
        check_out(rule.name, out)
    except LayerError as e:
        _add(report, layer, e.finding, seen, ignore)
        return None
    for f in out.findings:
        _add(report, layer, f, seen, ignore)
    row.args.update(out.inferred)
    row.output_shape = out.tensor.shape
    row.params = out.params
    row.trainable_params = out.params if layer.trainable else 0
    row.buffers = out.buffers
    row.note = out.note
    report.totals.params += out.params
    report.totals.trainable_params += row.trainable_params
    report.totals.buffers += out.buffers
    return out.tensor


def _add(
    report: FileReport,
    layer: LayerDef,
    f: Finding,
    seen: set[tuple[str, int, int, str]],
    ignore: frozenset[str],
) -> None:
    if f.code in layer.ignore or f.code in ignore:
        return
    span = layer.args.spans.get(f.arg, layer.span) if f.arg else layer.span
    key = (f.code, span.line, span.column, f.message)
    if key in seen:
        return
    seen.add(key)
    report.diagnostics.append(Diagnostic(f.code, f.message, span))


def _finish(report: FileReport) -> FileReport:
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report
