"""A spec's own parameters and its named variants: one spec for a family of networks.

::

    params: {width: 1.0, depth: 1.0}     # every parameter has a default
    variants:                            # optional: named settings of the parameters
      efficientnet_b1: {width: 1.0, depth: 1.1, input: [3, 240, 240]}
    layers:
      - Conv2d: {out_channels: $make_divisible(32 * width, 8), kernel_size: 3}

``--variant NAME`` applies a variant (its name becomes the network's name and it may set
``input``); ``--set width=1.5`` overrides a parameter after that. A default may be an
expression over the parameters written before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.load.nodes import Map, Node, Scalar, describe
from cnnshape.load.scalars import construct, resolve
from cnnshape.spec.values import substitute

_RESERVED_NAMES = {"x", "name", "when", "input"}


@dataclass(frozen=True, slots=True)
class Choice:
    """What the command line picks: a variant and parameter overrides (name → text)."""

    variant: str | None = None
    sets: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Variant:
    name: str
    input: Node | None = None
    span: Span = field(default_factory=lambda: Span(1, 1))


def parameters(
    root: Map, choice: Choice, diags: list[Diagnostic]
) -> tuple[dict[str, Node], Variant | None]:
    """The parameters' values after the variant and ``--set``; findings go to ``diags``."""
    node = root.get("params")
    try:
        raw = _defaults(node) if node is not None else {}
    except SpecError as e:
        diags.append(e.diagnostic)
        return {}, None
    try:
        variant, chosen = _variant(root.get("variants"), choice.variant, raw)
        for name, text in choice.sets:
            if name not in raw:
                have = ", ".join(raw) or "none"
                raise SpecError(
                    "E112",
                    f"--set {name}=…: the spec has no parameter '{name}' (its params: {have})",
                    node.span if node is not None else root.span,
                )
            where = raw[name].span
            chosen[name] = Scalar(construct(resolve(text, True), text, where), where, text)
    except SpecError as e:  # the spec is still checked, with its defaults
        diags.append(e.diagnostic)
        variant, chosen = None, {}
    params: dict[str, Node] = {}
    try:
        for name, default in raw.items():  # in written order: a default may use earlier ones
            params[name] = substitute(chosen.get(name, default), params)
    except SpecError as e:
        diags.append(e.diagnostic)
    return params, variant


def _defaults(node: Node) -> dict[str, Node]:
    if not isinstance(node, Map):
        raise SpecError(
            "E104",
            f"'params' maps each parameter to its default value, not {describe(node)}",
            node.span,
        )
    params: dict[str, Node] = {}
    for key, value in node.items:
        name = key.value
        if not isinstance(name, str) or not name.isidentifier() or name in _RESERVED_NAMES:
            raise SpecError(
                "E112",
                f"a parameter is a plain identifier other than {', '.join(sorted(_RESERVED_NAMES))}"
                f", not {describe(key)}",
                key.span,
            )
        if isinstance(value, Scalar) and value.value is None:
            raise SpecError(
                "E112", f"parameter '{name}' needs a default value (null is not one)", value.span
            )
        params[name] = value
    return params


def _variant(
    node: Node | None, chosen: str | None, params: dict[str, Node]
) -> tuple[Variant | None, dict[str, Node]]:
    """The chosen variant and the parameter values it sets (not yet computed)."""
    table: dict[str, Map] = {}
    if node is not None:
        if not isinstance(node, Map):
            raise SpecError(
                "E104",
                f"'variants' maps each variant's name to its parameters, not {describe(node)}",
                node.span,
            )
        for key, value in node.items:
            if not isinstance(value, Map):
                raise SpecError(
                    "E104",
                    f"variant '{key.text}' is a mapping of parameters, not {describe(value)}",
                    value.span,
                )
            for k, _ in value.items:
                if k.value != "input" and k.value not in params:
                    raise SpecError(
                        "E112",
                        f"variant '{key.text}' sets '{k.text}', which is not a parameter "
                        f"(params: {', '.join(params) or 'none'}) or 'input'",
                        k.span,
                    )
            table[str(key.value)] = value
    if chosen is None:
        return None, {}
    if chosen not in table:
        have = ", ".join(table) or "none"
        raise SpecError(
            "E112",
            f"--variant {chosen}: the spec has no such variant (its variants: {have})",
            node.span if node is not None else Span(1, 1),
        )
    picked = table[chosen]
    variant = Variant(chosen, picked.get("input"), picked.span)
    return variant, {str(k.value): v for k, v in picked.items if k.value != "input"}
