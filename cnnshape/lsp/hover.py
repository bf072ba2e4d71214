"""Hovers: a layer's shapes, derivation and figures; an argument's meaning and default; a code."""

from __future__ import annotations

import re

from lsprotocol import types as t

from cnnshape.lsp import catalog
from cnnshape.lsp.analysis import Layer, analyse
from cnnshape.lsp.document import Doc
from cnnshape.lsp.yamlindex import Item

_WORD = re.compile(r"[A-Za-z0-9_$.-]+")
_CODE = re.compile(r"^[EW]\d{3}$")
_MAX_ROWS = 6


def word_at(line: str, col: int) -> tuple[str, int, int] | None:
    """The word under the cursor and its extent, or None."""
    for m in _WORD.finditer(line):
        if m.start() <= col <= m.end():
            return m.group().strip(".-"), m.start(), m.end()
    return None


def _num(n: int | None) -> str:
    return f"{n:,}" if n is not None else "?"


def layer_markdown(rows: list[Layer], doc: Doc) -> str:
    if doc.good is not None:
        analyse(doc.good)
    parts = []
    for r in rows[:_MAX_ROWS]:
        title = f"**{r.type}**" + (f" `{r.name}`" if r.name else "") + f" — `{r.path}`"
        body = [f"{r.input or '?'} → {r.output or '?'}"]
        if r.derivation:
            body.append(f"in_features: {r.derivation}")
        figures = f"params {_num(r.params)} · MACs {_num(r.macs)}"
        if r.rf:
            figures += f" · receptive field {r.rf}"
        body.append(figures)
        parts.append(title + "\n\n" + "  \n".join(body))
    if len(rows) > _MAX_ROWS:
        parts.append(f"… and {len(rows) - _MAX_ROWS} more uses of this line")
    return "\n\n---\n\n".join(parts)


def arg_markdown(layer: str, arg: catalog.ArgInfo) -> str:
    text = f"**{layer}** `{arg.name}`: {arg.describe()}"
    if arg.choices:
        text += "\n\none of: " + ", ".join(f"`{c}`" for c in arg.choices)
    return text


def code_markdown(code: str) -> str | None:
    page = catalog.explain(code)
    if page is None:
        return None
    return f"```text\n{page}```\n\n[{code} in the docs]({catalog.help_uri(code)})"


def hover(doc: Doc, line: int, col: int) -> t.Hover | None:
    lines = doc.lines
    if line >= len(lines):
        return None
    found = word_at(lines[line], col)
    if found is None:
        return None
    word, start, end = found
    text = _markdown(doc, line, col, word)
    if text is None:
        return None
    return t.Hover(
        contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=text),
        range=t.Range(t.Position(line, start), t.Position(line, end)),
    )


def _markdown(doc: Doc, line: int, col: int, word: str) -> str | None:
    if _CODE.match(word):
        return code_markdown(word)
    item = doc.good_index.outline.item_around((line, col))
    if item is not None and item.key.start[0] == line and item.key.contains((line, col)):
        return _item_markdown(doc, item, line)
    if item is not None and item.kind == "layer":
        info = catalog.lookup(item.key.value)
        arg = info.arg(word) if info is not None else None
        if info is not None and arg is not None:
            return arg_markdown(info.name, arg)
    rows = doc.rows_at(line)
    return layer_markdown(rows, doc) if rows else None


def _item_markdown(doc: Doc, item: Item, line: int) -> str | None:
    rows = doc.rows_at(line)
    if item.kind == "layer":
        info = catalog.lookup(item.key.value)
        head = f"{info.doc.splitlines()[0]}\n\n" if info is not None and info.doc else ""
        return head + layer_markdown(rows, doc) if rows else head or None
    groups = [g for g in (doc.good.groups if doc.good else []) if g.line - 1 == line]
    parts = [
        f"**{g.label}** `{g.path}` → {g.output or '?'}, params {_num(g.params)}"
        for g in groups[:_MAX_ROWS]
    ]
    return "\n\n".join(parts) or None
