"""The graph forms of the spec schema: residual and parallel entries, ``blocks:`` and
block uses. :mod:`cnnshape.schema` puts them in its tables."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]
_IDENT = "^[A-Za-z_][A-Za-z0-9_]*$"
_WHEN: Schema = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": "^\\$"}]}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/definitions/{name}"}


def _form(key: str, description: str, props: Schema, required: list[str]) -> Schema:
    """A one-key mapping ``key: {...}`` (residual, parallel)."""
    inner = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        inner["required"] = required
    return {
        "type": "object",
        "description": description,
        "properties": {key: inner},
        "required": [key],
        "additionalProperties": False,
    }


def residual() -> Schema:
    return _form(
        "residual",
        "body(x) + shortcut(x); without a shortcut, body(x) + x",
        {
            "body": _ref("layers"),
            "shortcut": {"anyOf": [_ref("layers"), {"type": "null"}]},
            "name": {"type": ["string", "number"]},
            "when": _WHEN,
        },
        ["body"],
    )


def parallel() -> Schema:
    return _form(
        "parallel",
        "every branch on the same input, outputs concatenated along channels or added",
        {
            "branches": {"type": "array", "items": _ref("layers"), "minItems": 1},
            "merge": {"enum": ["concat", "add", "mul"], "default": "concat"},
            "split": {
                "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
                ],
                "description": "x.chunk(n, 1) or x.split(sizes, 1): one piece per branch",
            },
            "name": {"type": ["string", "number"]},
            "when": _WHEN,
        },
        ["branches"],
    )


def side() -> Schema:
    return _form(
        "side",
        "layers on a named earlier output (or input); the main path goes on unchanged",
        {
            "from": {"type": ["string", "number"]},
            "layers": _ref("layers"),
            "name": {"type": ["string", "number"]},
            "when": _WHEN,
        },
        ["from", "layers"],
    )


def block_use() -> Schema:
    """``- name`` or ``- name: {arg: value}``: a use of one of the spec's blocks."""
    return {
        "anyOf": [
            {"type": "string", "pattern": _IDENT},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "patternProperties": {_IDENT: {"type": ["object", "null"]}},
                "additionalProperties": False,
            },
        ]
    }


def blocks_section() -> Schema:
    """Named blocks: parameters with defaults (null: required) and layers using $name."""
    block = {
        "type": "object",
        "properties": {
            "params": {"type": ["object", "null"], "description": "name: default (null: required)"},
            "layers": {"type": "array", "description": "layers; $name stands for a parameter"},
        },
        "required": ["layers"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "named, parameterised blocks, used in 'layers' like a layer",
        "patternProperties": {_IDENT: block},
        "additionalProperties": False,
    }
