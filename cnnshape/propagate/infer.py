"""One layer's inference, carried on past the mistakes that still leave its output known.

A written in_channels / in_features / num_features that disagrees with the input (E206)
is reported and the layer is inferred without it. An argument whose value could not be
read (or whose name was misspelt) is tried at a few valid values (:meth:`Kind.probes`):
where every one gives the same output shape, that shape is the layer's output and the
walk goes on; where they differ, the shape depends on the mistake and is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice, product

from cnnshape.args import Args
from cnnshape.layers.base import Finding, LayerError, Operand, Out, Rule, check_not_pair, check_out

#: at most this many combinations of probe values are tried for one layer
MAX_PROBES = 64


class Unknowable(Exception):
    """The layer's output shape depends on a value the spec got wrong (already reported)."""


def infer(
    rule: Rule,
    inputs: list[Operand],
    args: Args,
    unknown: frozenset[str],
    report: Callable[[Finding], object],
) -> tuple[Out, bool]:
    """The layer's output and whether its counts (params, buffers) are exact.

    Raises :class:`LayerError` for a configuration PyTorch refuses whatever the unknown
    values are, and :class:`Unknowable` when the output depends on them."""
    while True:
        try:
            return _probe(rule, inputs, args, unknown)
        except LayerError as e:
            name = e.finding.arg
            if e.finding.code != "E206" or name is None or name not in args.given:
                raise
            report(e.finding)
            args = Args(args.values, args.spans, args.given - {name})


def once(rule: Rule, inputs: list[Operand], args: Args) -> Out:
    """The rule applied to the arriving tensor (and the named ones), checked."""
    for op in inputs if not rule.takes_indices else inputs[:1]:  # MaxUnpool's indices input
        check_not_pair(rule, op.tensor)
    out = rule.join(inputs, args) if len(inputs) > 1 else rule.infer(inputs[0].tensor, args)
    check_out(rule.name, out)
    return out


def probed(rule: Rule, unknown: frozenset[str]) -> list[str]:
    """The unknown arguments that must be tried (an inferred one is simply inferred)."""
    return sorted(a.name for a in rule.args if a.name in unknown and not a.inferred)


def knowable(rule: Rule, unknown: frozenset[str]) -> bool:
    """Whether every unknown argument has values to try (a layer name has none)."""
    kinds = {a.name: a.kind for a in rule.args}
    return all(kinds[n].probes() for n in probed(rule, unknown))


def _probe(
    rule: Rule, inputs: list[Operand], args: Args, unknown: frozenset[str]
) -> tuple[Out, bool]:
    names = probed(rule, unknown)
    if not names:
        return once(rule, inputs, args), True
    kinds = {a.name: a.kind for a in rule.args}
    combos = list(islice(product(*(kinds[n].probes() for n in names)), MAX_PROBES + 1))
    if not combos or len(combos) > MAX_PROBES:
        raise Unknowable
    outs: list[Out] = []
    errors: list[LayerError] = []
    for combo in combos:
        values = {**args.values, **dict(zip(names, combo, strict=True))}
        try:
            outs.append(once(rule, inputs, Args(values, args.spans, args.given)))
        except LayerError as e:
            errors.append(e)
    if errors:
        if not outs and all(e.finding == errors[0].finding for e in errors):
            raise errors[0]  # refused whatever the value: a finding of its own
        raise Unknowable
    first = outs[0]
    if any(
        (o.tensor.shape, o.tensor.indices) != (first.tensor.shape, first.tensor.indices)
        for o in outs
    ):
        raise Unknowable
    exact = all((o.params, o.buffers) == (first.params, first.buffers) for o in outs)
    common = [f for f in first.findings if all(f in o.findings for o in outs)]
    return Out(first.tensor, first.params, first.buffers, first.inferred, None, common), exact
