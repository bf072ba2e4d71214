"""Activation, parameter and training memory (the cs231n way; assumptions in the README)."""

from __future__ import annotations

from cnnshape.analysis.common import DTYPES, AnalysisOptions, rule_of
from cnnshape.report import FileReport, Memory
from cnnshape.shapes import product

#: Values per trainable parameter while training with Adam: gradient, first and second moment.
ADAM_EXTRA = 3


def fill(report: FileReport, opts: AnalysisOptions) -> None:
    """Set each row's activation count and in-place flag, and the report's Memory.

    Memory is left None when some layer's shape is unknown (past an error).
    """
    complete = report.input_shape is not None
    size = DTYPES[opts.dtype]
    kept = 0
    for row in report.rows:
        found = rule_of(row)
        if found is None:
            complete = False
            continue
        rule, args = found
        assert row.output_shape is not None
        row.activations = product(row.output_shape)
        row.in_place = rule.in_place(args)
        kept += 0 if row.in_place else row.activations
        row.activation_bytes = 0 if row.in_place else row.activations * size
    if not complete or report.input_shape is None:
        return
    inputs = product(report.input_shape)
    t = report.totals
    mem = Memory(
        dtype=opts.dtype,
        bytes_per_value=size,
        input_values=inputs,
        activation_values=inputs + kept,
        param_bytes=t.params * size,
        buffer_bytes=t.buffers * size,
    )
    if opts.batch is not None:
        mem.batch = opts.batch
        state = t.params + ADAM_EXTRA * t.trainable_params + t.buffers
        mem.training_bytes = (opts.batch * mem.activation_values + state) * size
    report.memory = mem
