"""One JSON document for all files; the format is documented in the README and stable."""

from __future__ import annotations

from typing import Any, TextIO

from cnnshape import __version__
from cnnshape.render import RenderOptions
from cnnshape.render.fastjson import dump
from cnnshape.report import FileReport, GroupRow, Row


def _value(v: object) -> object:
    return list(v) if isinstance(v, tuple) else v


def layer_dict(row: Row) -> dict[str, Any]:
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
        "derivation": row.note,
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


def file_dict(r: FileReport) -> dict[str, Any]:
    return {
        "path": r.path,
        "name": r.name,
        "ok": r.ok,
        "input_shape": _value(r.input_shape),
        "output_shape": _value(r.output_shape),
        "layers": [layer_dict(row) for row in r.rows],
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


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    doc = {"version": __version__, "files": [file_dict(r) for r in reports]}
    dump(doc, out)  # what json.dump(doc, out, indent=2, ensure_ascii=False) writes, faster
    out.write("\n")
