"""The JSON Schema (draft-07) of the spec format, generated from the layer registry.

Editors with the YAML language server complete and validate specs with it. It is built
from three tables that follow spec.py: :data:`TOP_LEVEL` (the spec's keys),
:data:`ITEM_FORMS` (what an entry of a ``layers`` list may be) and :data:`RESERVED`
(keys every layer accepts beside its arguments). A new spec form (``blocks:``, residual
or parallel entries) is one more entry in the table it belongs to; tests check that the
tables name exactly what spec.py accepts.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

from cnnshape.args import Arg
from cnnshape.commands.schema_forms import block_use, blocks_section, parallel, residual, side
from cnnshape.commands.schema_layers import layer_mapping, layer_name
from cnnshape.commands.schema_layers import spellings_pattern as spellings_pattern
from cnnshape.diagnostics import CODES, Severity
from cnnshape.layers import BY_NAME
from cnnshape.layers.base import Rule
from cnnshape.limits import Limits

Schema = dict[str, Any]
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def ref(name: str) -> Schema:
    return {"$ref": f"#/definitions/{name}"}


_IDENT_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$"
#: A value computed from parameters (docs/spec-language.md): the schema takes it as text.
EXPRESSION: Schema = {"type": "string", "pattern": "^\\$", "description": "a $ expression"}


def condition() -> Schema:
    return {"anyOf": [{"type": "boolean"}, EXPRESSION], "description": "false leaves it out"}


def _warning_codes() -> list[str]:
    return [c.id for c in CODES.values() if c.severity is Severity.WARNING]


def _ignore() -> Schema:
    code = {"enum": _warning_codes()}
    return {
        "description": "warning codes to silence for this layer (errors cannot be silenced)",
        "oneOf": [code, {"type": "array", "items": code}],
    }


#: Keys every layer takes beside its own arguments (cnnshape.spec.reserved.RESERVED).
RESERVED: dict[str, Callable[[], Schema]] = {
    "name": lambda: {"type": ["string", "number"], "description": "a label for the table"},
    "trainable": lambda: {"type": "boolean", "description": "false freezes the parameters"},
    "ignore": _ignore,
    "when": lambda: condition(),
}


def _json_default(value: object) -> object:
    """The default as an editor inserts it: one number where every item is the same
    (``stride: 1``, which PyTorch reads as (1, 1)), so the snippet fits block and flow style."""
    if isinstance(value, tuple):
        return value[0] if value and len(set(value)) == 1 else list(value)
    return value


def _types(s: Schema) -> list[str]:
    """The JSON types a kind's schema allows (the language server picks its snippet by the
    first: without a 'type' a oneOf inserts the bare key, with no ': ')."""
    found: list[str] = []
    for alt in [s, *s.get("oneOf", []), *s.get("anyOf", [])]:
        t = alt.get("type")
        for name in t if isinstance(t, list) else [t] if t else []:
            if name not in found:
                found.append(name)
        for value in alt.get("enum", []):
            name = "string" if isinstance(value, str) else "null" if value is None else ""
            if name and name not in found:
                found.append(name)
    return found


def arg_schema(arg: Arg) -> Schema:
    s: Schema = {"description": arg.kind.want, **arg.kind.schema()}
    if "type" not in s and _types(s):
        s["type"] = _types(s)
    if arg.inferred:
        s["description"] += "; inferred from the input when left out"
    elif not arg.required:
        s["default"] = _json_default(arg.default)
    return s


def args_object(rule: Rule) -> Schema:
    """``Type: {args}``: the layer's arguments (required ones listed) and the reserved keys."""
    props = {a.name: arg_schema(a) for a in rule.args}
    props.update({k: make() for k, make in RESERVED.items()})
    s: Schema = {
        "title": f"{rule.name} arguments",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    required = [a.name for a in rule.args if a.required]
    if required:
        s["required"] = required
    return s


def shorthand(rule: Rule) -> Schema | None:
    """``Type: value``: the first argument alone, when no other argument is required."""
    first = rule.shorthand_arg()
    if first is None or any(a.required and a.name != first for a in rule.args):
        return None
    arg = next(a for a in rule.args if a.name == first)
    return arg_schema(arg)


def layer_value(rule: Rule) -> Schema:
    """What may follow ``Type:`` for this rule."""
    forms: list[Schema] = [ref(f"args.{rule.name}")]
    if not any(a.required for a in rule.args):
        forms.append({"type": "null"})
    short = shorthand(rule)
    if short is not None:
        forms.append(short)
    # doNotSuggest: the key is offered by the bare-name enum and the snippets instead (in
    # the definition, since a language server drops the siblings of a $ref)
    s: Schema = {"title": rule.name, "anyOf": forms, "doNotSuggest": True}
    doc = (rule.doc or inspect.getdoc(type(rule)) or "").strip()
    if doc:
        s["description"] = doc.splitlines()[0]
    return s


def _repeat() -> Schema:
    count = {"type": "integer", "minimum": 0, "maximum": Limits().max_repeat}
    return {
        "type": "object",
        "description": "the layers, repeated N times in sequence",
        "properties": {
            "repeat": {"anyOf": [count, EXPRESSION]},
            "layers": ref("layers"),
            "name": {"type": ["string", "number"]},
            "when": condition(),
            "index": {"type": "string", "pattern": _IDENT_PATTERN, "description": "0, 1, …"},
        },
        "required": ["repeat", "layers"],
        "additionalProperties": False,
    }


#: What an entry of a ``layers`` list may be (spec._item). A spec with ``blocks:`` may
#: also use a block by name; those names are the spec's own, so there the schema accepts
#: any one-key mapping or name (see :func:`spec_schema`).
ITEM_FORMS: dict[str, Callable[[], Schema]] = {
    "layer_name": layer_name,
    "layer_mapping": layer_mapping,
    "repeat": _repeat,
    "residual": residual,
    "parallel": parallel,
    "side": side,
}


def _input() -> Schema:
    size = {"type": "integer", "minimum": 1}
    shape = {"type": "array", "items": size, "minItems": 1, "maxItems": 4}
    named = {"type": "object", "additionalProperties": shape, "minProperties": 1}
    return {
        "description": "one sample's shape without the batch, e.g. [3, 32, 32] (or named "
        "inputs: {image: [3, 224, 224], mask: [1, 224, 224]})",
        "oneOf": [size, shape, named],
    }


#: The spec's top-level keys (cnnshape.spec.model.TOP_KEYS) and whether each is required.
TOP_LEVEL: dict[str, tuple[bool, Callable[[], Schema]]] = {
    "name": (False, lambda: {"type": ["string", "number", "boolean"]}),
    "input": (True, _input),
    "params": (False, lambda: {"type": "object", "description": "name: default value"}),
    "variants": (False, lambda: {"type": "object", "description": "name: {param: value}"}),
    "blocks": (False, blocks_section),
    "layers": (True, lambda: {}),  # strict or with block uses: see spec_schema's if/then
    "outputs": (False, lambda: {"type": ["array", "string"], "items": {"type": "string"}}),
}


def definitions() -> dict[str, Schema]:
    defs: dict[str, Schema] = {
        "layers": {"type": "array", "items": ref("item")},
        "item": {"anyOf": [ref(name) for name in ITEM_FORMS]},
    }
    defs.update({name: make() for name, make in ITEM_FORMS.items()})
    # The same forms with block uses allowed, for a spec that has 'blocks:'.
    text = json.dumps(defs)
    for name in defs:
        text = text.replace(f'"#/definitions/{name}"', f'"#/definitions/b.{name}"')
    loose = json.loads(text)
    loose["item"]["anyOf"].append(ref("block_use"))
    defs.update({f"b.{k}": v for k, v in loose.items()})
    defs["block_use"] = block_use()
    for rule in BY_NAME.values():
        defs[f"layer.{rule.name}"] = layer_value(rule)
        defs[f"args.{rule.name}"] = args_object(rule)
    return defs


def spec_schema() -> Schema:
    """The whole schema, as a JSON-ready dict."""
    return {
        "$schema": DRAFT_07,
        "title": "cnnshape spec",
        "description": "A convolutional network for `cnnshape check`: an input shape and layers.",
        "type": "object",
        "properties": {key: make() for key, (_, make) in TOP_LEVEL.items()},
        "required": [key for key, (required, _) in TOP_LEVEL.items() if required],
        "additionalProperties": False,
        # A spec with parameters computes its values ($ expressions), which a schema cannot
        # follow: its layers are only a list here. One with blocks may use them by name.
        "if": {"required": ["params"]},
        "then": {"properties": {"layers": {"type": "array"}}},
        "else": {
            "if": {"required": ["blocks"]},
            "then": {"properties": {"layers": ref("b.layers")}},
            "else": {"properties": {"layers": ref("layers")}},
        },
        "definitions": definitions(),
    }


def dumps() -> str:
    return json.dumps(spec_schema(), indent=2, ensure_ascii=False) + "\n"
