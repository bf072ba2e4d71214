"""Remembered rule results: one layer configuration on one arriving tensor is inferred once.

What a rule makes of a layer depends on nothing but the rule, the argument values (and which
of them were written), the arguments that could not be read, and the arriving tensor: never
on where the layer is written, which the walker adds afterwards (a rule's findings name an
argument, not a place). So a spec that repeats a configuration (a ResNet stage, a 10,000-line
stack) infers it once, and the language server, which keeps one :class:`Memo` for as long as
it runs, re-infers after an edit only the layers whose configuration or input changed.

The key holds the ``repr`` of the argument values, not the values: ``1``, ``1.0`` and ``True``
are equal in Python but read differently in a message, and their reprs differ.
"""

from __future__ import annotations

from collections.abc import Callable

from cnnshape.args import Args
from cnnshape.layers.base import Finding, LayerError, Operand, Out, Rule, Tensor
from cnnshape.propagate.infer import Unknowable, infer

Key = tuple[Rule, str, frozenset[str], frozenset[str]]
#: what one inference ended in: its output and exactness, or the error it raised; with the
#: findings it reported on the way (a written in_features that disagrees: E206)
Ending = tuple[tuple[Out, bool] | LayerError | Unknowable, tuple[Finding, ...]]


class Memo:
    """Rule results by (configuration, arriving tensor), and summaries by configuration.

    Bounded: when it holds ``limit`` results it starts afresh (a document edited for hours
    keeps only what its current text uses, soon after).
    """

    __slots__ = ("endings", "hits", "limit", "summaries")

    def __init__(self, limit: int = 200_000) -> None:
        self.endings: dict[tuple[Key, Tensor], Ending] = {}
        self.summaries: dict[Key, str] = {}
        self.limit = limit
        self.hits = 0

    @staticmethod
    def key(rule: Rule, args: Args, unknown: frozenset[str]) -> Key:
        return (rule, repr(args.values), args.given, unknown)

    def summary(self, key: Key, args: Args) -> str:
        text = self.summaries.get(key)
        if text is None:
            if len(self.summaries) >= self.limit:
                self.summaries.clear()
            text = self.summaries[key] = key[0].summary(args)
        return text

    def infer(
        self,
        key: Key,
        inputs: list[Operand],
        args: Args,
        report: Callable[[Finding], object],
    ) -> tuple[Out, bool]:
        """:func:`~cnnshape.propagate.infer.infer`, remembered for a layer with one input (a
        merge's messages name its operands, so it is always inferred)."""
        rule, _, _, unknown = key
        if len(inputs) != 1:
            return infer(rule, inputs, args, unknown, report)
        at = (key, inputs[0].tensor)
        ending = self.endings.get(at)
        if ending is None:
            ending = self._infer(rule, inputs, args, unknown)
            if len(self.endings) >= self.limit:
                self.endings.clear()
            self.endings[at] = ending
        else:
            self.hits += 1
        result, reported = ending
        for f in reported:
            report(f)
        if isinstance(result, Exception):
            raise result.with_traceback(None)
        return result

    @staticmethod
    def _infer(rule: Rule, inputs: list[Operand], args: Args, unknown: frozenset[str]) -> Ending:
        reported: list[Finding] = []
        try:
            result: tuple[Out, bool] | LayerError | Unknowable = infer(
                rule, inputs, args, unknown, reported.append
            )
        except (LayerError, Unknowable) as e:
            result = e
        return result, tuple(reported)
