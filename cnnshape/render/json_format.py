"""One JSON document for all files; the format is documented in the README and stable."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, TextIO

from cnnshape import __version__
from cnnshape.render import RenderOptions
from cnnshape.render.fastjson import dump
from cnnshape.report import RF, FileReport, GroupRow, Memory, RFDims, Row


def _value(v: object) -> object:
    return list(v) if isinstance(v, tuple) else v


def _number(x: Fraction) -> int | float:
    return x.numerator if x.denominator == 1 else float(x)


def rf_list(rf: RFDims | None) -> list[object] | None:
    """Per spatial dimension {size, jump, start}, or "global" / "undefined"."""
    if rf is None:
        return None
    return [
        {"size": d.size, "jump": d.jump, "start": _number(d.start)} if isinstance(d, RF) else d
        for d in rf
    ]


def analysis_fields(row: Row, columns: tuple[str, ...]) -> dict[str, Any]:
    """The optional columns' fields of one layer (only those asked for with --columns)."""
    out: dict[str, Any] = {}
    if "macs" in columns:
        out["macs"] = row.macs
    if "memory" in columns:
        out.update(
            activations=row.activations,
            activation_bytes=row.activation_bytes,
            in_place=row.in_place,
        )
    if "rf" in columns:
        out.update(receptive_field=rf_list(row.rf), rf_misaligned=row.rf_misaligned)
    return out


def memory_dict(m: Memory | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "dtype": m.dtype,
        "bytes_per_value": m.bytes_per_value,
        "input_values": m.input_values,
        "activation_values": m.activation_values,
        "activation_bytes": m.activation_values * m.bytes_per_value,
        "param_bytes": m.param_bytes,
        "buffer_bytes": m.buffer_bytes,
        "batch": m.batch,
        "training_bytes": m.training_bytes,
    }


def layer_dict(row: Row, columns: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "index": row.index,
        "path": row.path,
        "depth": row.depth,
        "type": row.type,
        "name": row.name,
        "line": row.line,
        "args": {k: _value(v) for k, v in row.args.items()},
        "input_shape": _value(row.input_shape),
        "output_shape": _value(row.output_shape),
        "params": row.params,
        "trainable_params": row.trainable_params,
        "buffers": row.buffers,
        "derivation": row.derivation,
        **analysis_fields(row, columns),
    }


def group_dict(g: GroupRow) -> dict[str, Any]:
    """A block, branch or repeat: its layers are ``layers[start:end]`` (never folded)."""
    return {
        "path": g.path,
        "kind": g.kind,
        "label": g.label,
        "name": g.name,
        "line": g.line,
        "depth": g.depth,
        "start": g.start,
        "end": g.end,
        "params": g.params,
        "output_shape": _value(g.output_shape),
    }


def file_dict(r: FileReport, columns: tuple[str, ...] = ()) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "path": r.path,
        "name": r.name,
        "ok": r.ok,
        "input_shape": _value(r.input_shape),
        "output_shape": _value(r.output_shape),
        "layers": [layer_dict(row, columns) for row in r.rows],
        "groups": [group_dict(g) for g in r.groups],
        "totals": {
            "params": r.totals.params,
            "trainable_params": r.totals.trainable_params,
            "non_trainable_params": r.totals.non_trainable_params,
            "buffers": r.totals.buffers,
        },
        "diagnostics": [
            {
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "line": d.span.line if d.span else None,
                "column": d.span.column if d.span else None,
            }
            for d in r.diagnostics
        ],
    }
    if r.inputs:
        doc["inputs"] = [{"name": n, "shape": _value(s)} for n, s in r.inputs]
    if r.outputs:
        doc["outputs"] = [{"name": n, "shape": _value(s)} for n, s in r.outputs]
    if "macs" in columns:
        doc["totals"]["macs"] = r.totals.macs
    if "memory" in columns:
        doc["memory"] = memory_dict(r.memory)
    return doc


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    doc = {"version": __version__, "files": [file_dict(r, opts.columns) for r in reports]}
    dump(doc, out)  # what json.dump(doc, out, indent=2, ensure_ascii=False) writes, faster
    out.write("\n")
