"""A layer's parse moved down (or up) by some lines: the language server's re-parse moves the
layers below an edit that added or removed lines, and their parses move with them
(:func:`cnnshape.spec.items.reuse`) instead of being made again. Every place in them moves:
the layer's, its arguments', its findings' and their fixes'."""

from __future__ import annotations

from dataclasses import replace

from cnnshape.args import Args
from cnnshape.diagnostics import Diagnostic, Fix, Span
from cnnshape.spec.model import BadLayer, Item, LayerDef


def moved_items(items: tuple[Item, ...], lines: int) -> tuple[Item, ...]:
    return tuple(_item(item, lines) for item in items)


def moved_findings(diags: tuple[Diagnostic, ...], lines: int) -> tuple[Diagnostic, ...]:
    return tuple(
        replace(
            d,
            span=None if d.span is None else _at(d.span, lines),
            fixes=tuple(_fix(f, lines) for f in d.fixes),
        )
        for d in diags
    )


def _item(item: Item, lines: int) -> Item:
    if isinstance(item, BadLayer):
        return BadLayer(_at(item.span, lines), item.type_name)
    assert isinstance(item, LayerDef)  # a layer's value gives a layer or a bad one
    a = item.args
    spans = {name: Span(span.line + lines, span.column) for name, span in a.spans.items()}
    return LayerDef(
        item.rule,
        Args(a.values, spans, a.given),
        _at(item.span, lines),
        item.name,
        item.trainable,
        item.ignore,
        item.unknown,
    )


def _fix(f: Fix, lines: int) -> Fix:
    return f if f.span is None else Fix(f.title, f.text, _at(f.span, lines))


def _at(span: Span, lines: int) -> Span:
    return Span(span.line + lines, span.column)
