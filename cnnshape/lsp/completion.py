"""Completion in block and flow style: layer types, arguments, values, blocks and names."""

from __future__ import annotations

from lsprotocol import types as t

from cnnshape.lsp import catalog
from cnnshape.lsp.context import Context, at
from cnnshape.lsp.document import Doc, codepoint_col

_TOP = ("name", "input", "blocks", "layers")
_BOOLS = ("true", "false")
K = t.CompletionItemKind
SNIPPET = t.InsertTextFormat.Snippet


def _blocks(doc: Doc) -> dict[str, list[tuple[str, str | None]]]:
    """Block name: [(parameter, default text or None when required)]."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for name, (_, body) in doc.good_index.outline.blocks.items():
        params = body.get("params") if body.kind == "map" else None
        pairs = params.pairs() if params is not None and params.kind == "map" else []
        found[name] = [
            (k.value, None if v.kind == "scalar" and v.value in ("", "null", "~") else v.value)
            for k, v in pairs
        ]
    return found


def _names(doc: Doc, before: tuple[int, int]) -> list[str]:
    """Names written before the cursor: what a `from:` can take."""
    names = [i.name for i in doc.good_index.outline.items if i.name and i.node.start < before]
    return list(dict.fromkeys(names))


def _type_snippet(info: catalog.LayerInfo, flow: bool) -> str:
    required = [a for a in info.args if a.required]
    if not required:
        return info.name
    if len(required) == 1 and required[0].name == info.shorthand:
        return f"{info.name}: ${{1:{required[0].name}}}"
    fields = ", ".join(f"{a.name}: ${{{i}}}" for i, a in enumerate(required, 1))
    return f"{info.name}: {{{fields}}}"


def _types(ctx: Context, doc: Doc) -> list[t.CompletionItem]:
    items = [
        t.CompletionItem(
            label=info.name,
            kind=K.Class,
            detail=info.doc.splitlines()[0] if info.doc else None,
            insert_text=_type_snippet(info, ctx.flow),
            insert_text_format=SNIPPET,
        )
        for info in catalog.layers().values()
    ]
    for name, params in _blocks(doc).items():
        need = [p for p, d in params if d is None]
        fields = ", ".join(f"{p}: ${{{i}}}" for i, p in enumerate(need, 1))
        text = f"{name}: {{{fields}}}" if need else name
        items.append(
            t.CompletionItem(
                label=name,
                kind=K.Module,
                detail="block",
                insert_text=text,
                insert_text_format=SNIPPET,
            )
        )
    if not ctx.flow:
        items += [
            t.CompletionItem(label=f, kind=K.Keyword, insert_text=s, insert_text_format=SNIPPET)
            for f, s in catalog.FORMS.items()
        ]
    return items


def _args(ctx: Context, doc: Doc) -> list[t.CompletionItem]:
    info = catalog.lookup(ctx.owner) if ctx.owner else None
    items = []
    if info is not None:
        for a in (*info.args, *catalog.RESERVED):
            if a.name in ctx.written:
                continue
            value = a.default if a.default not in (None, "null") else ""
            items.append(
                t.CompletionItem(
                    label=a.name,
                    kind=K.Property,
                    detail=a.describe(),
                    insert_text=f"{a.name}: ${{1:{value}}}",
                    insert_text_format=SNIPPET,
                )
            )
        return items
    params = _blocks(doc).get(ctx.owner or "")
    for p, default in params or []:
        if p not in ctx.written:
            detail = "required" if default is None else f"default: {default}"
            items.append(
                t.CompletionItem(
                    label=p,
                    kind=K.Property,
                    detail=detail,
                    insert_text=f"{p}: ",
                )
            )
    if params is not None and "name" not in ctx.written:
        items.append(t.CompletionItem(label="name", kind=K.Property, insert_text="name: "))
    return items


def _values(ctx: Context, doc: Doc, pos: tuple[int, int]) -> list[t.CompletionItem]:
    if ctx.arg == "from":
        return [t.CompletionItem(label=n, kind=K.Reference) for n in _names(doc, pos)]
    if ctx.arg == "ignore":
        return [
            t.CompletionItem(label=c, kind=K.EnumMember, detail=title)
            for c, (sev, title) in catalog.codes().items()
            if sev == "warning"
        ]
    info = catalog.lookup(ctx.owner) if ctx.owner else None
    arg = info.arg(ctx.arg or "") if info is not None else None
    if arg is None:
        return []
    choices = arg.choices or (_BOOLS if arg.want == "a boolean" else ())
    return [t.CompletionItem(label=c, kind=K.EnumMember) for c in choices]


def complete(doc: Doc, line: int, col16: int) -> t.CompletionList:
    lines = doc.lines
    col = codepoint_col(lines[line], col16) if line < len(lines) else col16
    ctx = at(lines, line, col)
    items: list[t.CompletionItem] = []
    if ctx is not None:
        if ctx.kind == "type":
            items = _types(ctx, doc)
        elif ctx.kind == "arg":
            items = _args(ctx, doc)
        elif ctx.kind == "value":
            items = _values(ctx, doc, (line, col))
        elif ctx.kind == "top":
            items = [t.CompletionItem(label=k, kind=K.Keyword, insert_text=f"{k}: ") for k in _TOP]
    return t.CompletionList(is_incomplete=False, items=items)
