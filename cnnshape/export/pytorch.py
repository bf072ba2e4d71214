"""A checked spec → a self-contained PyTorch module that builds the network.

Every argument is written out, the inferred ``in_channels``/``in_features``/``num_features``
included, from the report's rows; each layer's code comes from its rule's ``torch_call``.
Layers are keyed by their cnnshape path ('.' becomes '_', since PyTorch refuses dots in
module names), so a row and its module can be matched one to one with :func:`module_keys`;
a path that is not plain ASCII, or names an attribute of nn.Module, gets a safe key
instead (:mod:`cnnshape.export.naming`). User text (names, paths, block names) reaches the
file only as an escaped string literal, a one-line comment or a quote-free docstring line.
The generated code imports torch only, never cnnshape.

torchvision.ops layers are written ``tv.<name>(...)``, ``tv`` being torchvision.ops where it
imports and the file's own plain-torch classes otherwise (:mod:`cnnshape.export.tvops`).

A sequential spec (blocks and repeats included) becomes one nn.Sequential. A spec with
residual or parallel forms or skips (Concat/Add) becomes a ``Network`` class whose
``forward`` spells the graph out (:mod:`cnnshape.export.graph`); its layers keep the same
names, so the same row-to-module matching holds.
"""

from __future__ import annotations

from cnnshape import __version__
from cnnshape.export import ExportError, tvops
from cnnshape.export.literal import call, comment, doc, literal, string
from cnnshape.export.naming import module_key, module_keys
from cnnshape.export.own import head
from cnnshape.report import FileReport, Row
from cnnshape.shapes import fmt_shape

__all__ = ["generate", "is_graph", "module_key", "module_keys"]

WIDTH = 88  # ruff's default line length, so the file is clean under any configuration


def generate(report: FileReport, source: str) -> str:
    """The module's source text; raises ExportError for a spec it cannot write."""
    if not report.ok or report.input_shape is None or report.output_shape is None:
        raise ExportError("the spec has errors; fix them first (`cnnshape check`)")
    _check_paths(report.rows)
    keys = module_keys(report.rows)
    if is_graph(report):
        from cnnshape.export.graph import build_function

        body = ["", "", *build_function(report, keys)]
    else:
        body = _sequential(report, keys)
    ops = tvops.uses([row.rule.torch_call(row.args)[0] for row in report.rows if row.rule])
    lines = [
        *_docstring(report, source),
        "",
        *(tvops.imports(ops) if ops else []),
        *([] if is_graph(report) else ["from collections import OrderedDict"]),
        *([""] if ops or not is_graph(report) else []),
        "import torch",
        "from torch import nn",
        *(tvops.block(ops) if ops else []),
        *(["", ""] if ops else [""]),
        f"INPUT_SHAPE = {literal(report.input_shape)}",
        *(
            [f"MORE_INPUTS = {literal(tuple(shape for _, shape in report.inputs[1:]))}"]
            if len(report.inputs) > 1
            else []
        ),
        f"OUTPUT_SHAPE = {literal(report.output_shape)}",
        f"PARAMS = {report.totals.params}",
        f"TRAINABLE_PARAMS = {report.totals.trainable_params}",
        f"BUFFERS = {report.totals.buffers}",
        *body,
        "",
        "",
        *_main(len(report.inputs) > 1),
    ]
    return "\n".join(lines) + "\n"


def is_graph(report: FileReport) -> bool:
    """Residual or parallel forms, or skips: a forward() of its own, not an nn.Sequential.

    Blocks and repeats alone are still a sequence, exported as one nn.Sequential.
    """
    from cnnshape.export.graph import sources

    branches = any(g.kind in ("residual", "parallel", "side") for g in report.groups)
    own = any(row.rule is not None and row.rule.module_source for row in report.rows)
    several = len(report.inputs) > 1 or len(report.outputs) > 1
    return branches or own or several or any(sources(row) for row in report.rows)


def _sequential(report: FileReport, keys: dict[str, str]) -> list[str]:
    lines = [
        "",
        "",
        "def build() -> nn.Sequential:",
        '    """The network, one module per spec layer, keyed by its cnnshape path."""',
        "    layers: OrderedDict[str, nn.Module] = OrderedDict()",
    ]
    for row in report.rows:
        lines.extend(_layer(row, keys[row.path]))
    return [*lines, "    return nn.Sequential(layers)"]


def _docstring(report: FileReport, source: str) -> list[str]:
    title = f"{report.name or 'network'}: PyTorch code exported by cnnshape {__version__}."
    t = report.totals
    frozen = f" ({t.trainable_params:,} trainable)" if t.trainable_params != t.params else ""
    text = [
        title,
        "",
        f"Spec:       {source}",
        f"Input:      {fmt_shape(report.input_shape)}",
        f"Output:     {fmt_shape(report.output_shape)}",
        f"Parameters: {t.params:,}{frozen}",
        f"Buffers:    {t.buffers:,}",
        "",
        "Run it to compare with PyTorch: python this_file.py",
    ]
    text = [doc(line).rstrip() for line in text]  # the name and path are user text
    return ['"""' + text[0], *text[1:], '"""']


def _layer(row: Row, key: str) -> list[str]:
    rule = row.rule
    assert rule is not None  # export refuses specs with errors
    cls, kwargs = rule.torch_call(row.args)
    lines = call(f"layers[{string(key)}] = {head(rule, cls)}", kwargs, indent=4, width=WIDTH)
    if row.params and not row.trainable_params:
        lines.append(f"    layers[{string(key)}].requires_grad_(False)")
    return lines


def _check_paths(rows: list[Row]) -> None:
    """Two layers with one path (the same name twice) are a mistake: refused, not renamed."""
    seen: dict[str, Row] = {}
    for row in rows:
        if row.path in seen:
            raise ExportError(
                f"lines {seen[row.path].line} and {row.line}: both layers are called "
                f"'{comment(row.path)}'; give them different names"
            )
        seen[row.path] = row


def _main(more: bool) -> list[str]:
    """The self-check: build on the meta device, run once, compare with cnnshape's figures
    (a network with several outputs is compared on its first)."""
    call = "model(torch.zeros(1, *INPUT_SHAPE))"
    if more:
        call = "model(torch.zeros(1, *INPUT_SHAPE), *(torch.zeros(1, *s) for s in MORE_INPUTS))"
    return [
        'if __name__ == "__main__":',
        '    with torch.device("meta"):  # shapes and counts only: no memory, no compute',
        "        model = build().eval()  # inference: BatchNorm takes a batch of 1",
        f"        out = {call}",
        "    if isinstance(out, tuple):  # a last layer with return_indices=True",
        "        out = out[0]",
        "    params = sum(p.numel() for p in model.parameters())",
        "    buffers = sum(b.numel() for b in model.buffers())",
        '    print(f"output {tuple(out.shape)}, {params:,} parameters, {buffers:,} buffers")',
        "    assert tuple(out.shape[1:]) == OUTPUT_SHAPE, (tuple(out.shape), OUTPUT_SHAPE)",
        "    assert (params, buffers) == (PARAMS, BUFFERS), (params, buffers)",
    ]
