"""The layer entries of the spec schema: a bare type name (``- ReLU``) and a one-key
mapping (``- Conv2d: {...}``), with the snippets an editor offers for them.
:mod:`cnnshape.commands.schema` puts them in its tables."""

from __future__ import annotations

import inspect
from typing import Any

from cnnshape.layers import ALIASES, BY_NAME
from cnnshape.layers.base import Rule

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/definitions/{name}"}


def _nocase(word: str) -> str:
    """An ECMA-262 pattern matching ``word`` in any case (JSON Schema has no /i flag)."""
    out = []
    for c in word:
        if c.isalpha():
            out.append(f"[{c.upper()}{c.lower()}]")
        else:
            out.append(c if c.isalnum() else "\\" + c)
    return "".join(out)


def spellings_pattern(rules: list[Rule]) -> str:
    """^(…)$ over every spelling spec.lookup accepts for these rules."""
    words = sorted({w.lower() for r in rules for w in (r.name, *_aliases(r))})
    return "^(?:" + "|".join(_nocase(w) for w in words) + ")$"


def _aliases(rule: Rule) -> list[str]:
    return [a for a, n in ALIASES.items() if n == rule.name]


def _needs_args(rule: Rule) -> bool:
    return any(a.required for a in rule.args)


def layer_name() -> Schema:
    """A bare type name (``- ReLU``). The enum lists every layer type, so an unknown name is
    answered with all of them (the editor completes from it; a schema cannot say 'did you
    mean'); a layer with required arguments is refused bare, as the checker refuses it."""
    rules = list(BY_NAME.values())
    needs = [r for r in rules if _needs_args(r)]
    bare = [r for r in rules if not _needs_args(r)]
    return {
        "title": "layer type",
        "type": "string",
        "anyOf": [
            {"enum": [r.name for r in rules], "not": {"enum": [r.name for r in needs]}},
            {"pattern": spellings_pattern(bare)},
        ],
    }


def _snippet(rule: Rule) -> Schema:
    """``- Conv2d: {out_channels: …, kernel_size: …}`` in flow style: the same text is
    right in a block list and inside brackets."""
    needed = [a.name for a in rule.args if a.required]
    body = ", ".join(f"{name}: ${{{i}}}" for i, name in enumerate(needed, 1))
    return {
        "label": f"{rule.name}: {{{', '.join(needed)}}}",
        "description": (inspect.getdoc(type(rule)) or "").strip().split("\n")[0],
        "bodyText": f"{rule.name}: {{{body}}}",
    }


def layer_mapping() -> Schema:
    """A one-key mapping ``Type: value``; the key in any spelling spec.lookup accepts.

    Its keys are not offered as completions (``doNotSuggest`` in ``schema.layer_value``):
    the layer names come from the bare-name enum and the snippets of :func:`_snippet`, so an
    editor never merges the two into ``ReLU: ${1:ReLU}``."""
    rules = list(BY_NAME.values())
    props = {r.name: ref(f"layer.{r.name}") for r in rules}
    return {
        "title": "layer with arguments",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": props,
        "patternProperties": {spellings_pattern([r]): ref(f"layer.{r.name}") for r in rules},
        "additionalProperties": False,
        "defaultSnippets": [_snippet(r) for r in rules if _needs_args(r)],
    }
