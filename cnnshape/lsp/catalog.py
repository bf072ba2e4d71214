"""The layer and code tables, as the editor features need them (hover, completion).

With :mod:`cnnshape.lsp.analysis`, the only module of the server that imports the core:
everything here is read from the rule registry and the table of codes, so a new layer or
code reaches completion and hover without touching the server.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class ArgInfo:
    name: str
    want: str  # "an integer or a list of 2 ints"
    default: str | None  # PyTorch's default as YAML text; None when required or inferred
    required: bool = False
    inferred: bool = False
    choices: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.inferred:
            return f"{self.want}; inferred from the input when left out"
        if self.required:
            return f"{self.want}; required (PyTorch has no default)"
        return f"{self.want}; PyTorch's default: {self.default}"


@dataclass(frozen=True, slots=True)
class LayerInfo:
    name: str
    doc: str
    args: tuple[ArgInfo, ...]
    shorthand: str | None  # the argument a bare scalar stands for
    aliases: tuple[str, ...] = ()

    def arg(self, name: str) -> ArgInfo | None:
        return next((a for a in (*self.args, *RESERVED) if a.name == name), None)


#: Keys every layer mapping takes beside its own arguments (spec.RESERVED).
RESERVED = (
    ArgInfo("name", "a label for the table, and a name later Concat/Add can take", "null"),
    ArgInfo("trainable", "false counts the parameters as non-trainable", "true", choices=()),
    ArgInfo("ignore", "warning codes to silence on this layer, e.g. [W301]", "[]"),
)

#: Item forms beside layers and block uses, with their snippets.
FORMS = {
    "repeat": "repeat: ${1:2}\n  layers:\n    - $0",
    "residual": "residual:\n    body:\n      - $0",
    "parallel": "parallel:\n    branches:\n      - [$0]\n    merge: concat",
}


def _yaml(value: object) -> str:
    """A default as written in PyTorch's signature: (0, 0) is padding=0."""
    if isinstance(value, tuple) and len(set(value)) == 1:
        value = value[0]
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value) if not isinstance(value, str) else value


@cache
def layers() -> dict[str, LayerInfo]:
    """Every layer type by its canonical name."""
    from cnnshape.args import Choice
    from cnnshape.layers import BY_NAME

    found = {}
    for name, rule in BY_NAME.items():
        args = tuple(
            ArgInfo(
                a.name,
                a.kind.want,
                None if a.required or a.inferred else _yaml(a.default),
                a.required,
                a.inferred,
                a.kind.options if isinstance(a.kind, Choice) else (),
            )
            for a in rule.args
        )
        doc = (rule.doc or inspect.getdoc(type(rule)) or "").strip()
        found[name] = LayerInfo(name, doc, args, rule.shorthand_arg(), tuple(rule.aliases))
    return found


def lookup(type_name: str) -> LayerInfo | None:
    """The layer a written type means (exact, any case, or an alias), as the check reads it."""
    from cnnshape.layers import lookup as find

    rule = find(type_name)
    return layers().get(rule.name) if rule is not None else None


@cache
def codes() -> dict[str, tuple[str, str]]:
    """Every finding code: (severity, title)."""
    from cnnshape.diagnostics import CODES

    return {c.id: (c.severity.value, c.title) for c in CODES.values()}


def explain(code: str) -> str | None:
    """The text of ``cnnshape explain CODE``, or None for no such code."""
    from cnnshape.commands.explain import page

    return page(code) if code in codes() else None


def help_uri(code: str) -> str:
    """The code's page on the web: the same anchors in docs/codes.md as SARIF's helpUri."""
    from cnnshape.explain import help_uri as uri

    return uri(code)
