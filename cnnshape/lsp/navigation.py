"""Go to definition, find references and the outline, for blocks and named layers."""

from __future__ import annotations

from lsprotocol import types as t

from cnnshape.lsp.document import Doc, utf16_col
from cnnshape.lsp.hover import word_at
from cnnshape.lsp.yamlindex import Item, Outline, YNode

Pos = tuple[int, int]
_KINDS = {
    "layer": t.SymbolKind.Function,
    "use": t.SymbolKind.Module,
    "repeat": t.SymbolKind.Array,
    "residual": t.SymbolKind.Struct,
    "parallel": t.SymbolKind.Struct,
}


def node_range(doc: Doc, node: YNode) -> t.Range:
    lines = doc.lines
    (sl, sc), (el, ec) = node.start, node.end
    first = lines[sl] if sl < len(lines) else ""
    last = lines[el] if el < len(lines) else ""
    return t.Range(t.Position(sl, utf16_col(first, sc)), t.Position(el, utf16_col(last, ec)))


def _sources(item: Item) -> list[YNode]:
    """The scalars of a layer's ``from:`` value."""
    src = item.args.get("from") if item.args is not None and item.args.kind == "map" else None
    if src is None:
        return []
    return [src] if src.kind == "scalar" else [n for n in src.items if n.kind == "scalar"]


def _named(outline: Outline, name: str, before: Pos | None) -> Item | None:
    """The item that defines ``name``: the last one before ``before`` (or any)."""
    hits = [i for i in outline.items if i.name == name]
    earlier = [i for i in hits if before is None or i.node.start < before]
    found = earlier or hits
    return found[-1] if found else None


def _name_node(item: Item) -> YNode | None:
    holder = item.node if item.kind == "repeat" else item.args
    return holder.get("name") if holder is not None and holder.kind == "map" else None


def _target(doc: Doc, line: int, col: int) -> tuple[str, str] | None:
    """What the cursor is on: ("block", name) or ("name", layer name)."""
    outline = doc.good_index.outline
    lines = doc.lines
    found = word_at(lines[line], col) if line < len(lines) else None
    if found is None:
        return None
    word = found[0]
    if word in outline.blocks:
        return ("block", word)
    if any(i.name == word for i in outline.items):
        return ("name", word)
    return None


def definition(doc: Doc, line: int, col: int) -> list[t.Location]:
    target = _target(doc, line, col)
    outline = doc.good_index.outline
    if target is None:
        return []
    kind, word = target
    if kind == "block":
        key, _ = outline.blocks[word]
        return [t.Location(uri=doc.uri, range=node_range(doc, key))]
    item = _named(outline, word, (line, col))
    node = _name_node(item) if item is not None else None
    return [t.Location(uri=doc.uri, range=node_range(doc, node))] if node is not None else []


def references(doc: Doc, line: int, col: int, declaration: bool) -> list[t.Location]:
    target = _target(doc, line, col)
    outline = doc.good_index.outline
    if target is None:
        return []
    kind, word = target
    nodes: list[YNode] = []
    if kind == "block":
        if declaration:
            nodes.append(outline.blocks[word][0])
        nodes += [i.key for i in outline.items if i.kind == "use" and i.key.value == word]
    else:
        if declaration:
            nodes += [n for i in outline.items if i.name == word if (n := _name_node(i))]
        nodes += [s for i in outline.items for s in _sources(i) if s.value == word]
    return [t.Location(uri=doc.uri, range=node_range(doc, n)) for n in nodes]


def _symbol(doc: Doc, item: Item) -> t.DocumentSymbol:
    rows = doc.rows_at(item.key.start[0])
    detail = rows[-1].output if rows and rows[-1].output else None
    name = item.type + (f" {item.name}" if item.name else "")
    return t.DocumentSymbol(
        name=name or "?",
        kind=_KINDS[item.kind],
        range=node_range(doc, item.node),
        selection_range=node_range(doc, item.key),
        detail=detail,
        children=[],
    )


def symbols(doc: Doc) -> list[t.DocumentSymbol]:
    """Blocks, then the layers, nested as written."""
    outline = doc.good_index.outline
    top: list[t.DocumentSymbol] = []
    holders: dict[str, t.DocumentSymbol] = {}
    children: dict[int, list[t.DocumentSymbol]] = {}  # id(symbol): its children
    for name, (key, body) in outline.blocks.items():
        sym = t.DocumentSymbol(
            name=name,
            kind=t.SymbolKind.Class,
            detail="block",
            range=t.Range(node_range(doc, key).start, node_range(doc, body).end),
            selection_range=node_range(doc, key),
            children=[],
        )
        holders[name] = sym
        top.append(sym)
    stack: list[tuple[Item, t.DocumentSymbol]] = []
    for item in outline.items:
        sym = _symbol(doc, item)
        while stack and not stack[-1][0].node.contains(item.node.start):
            stack.pop()
        if stack:
            children.setdefault(id(stack[-1][1]), []).append(sym)
        elif item.in_block is not None:
            children.setdefault(id(holders[item.in_block]), []).append(sym)
        else:
            top.append(sym)
        stack.append((item, sym))
    _attach(top, children)
    return top


def _attach(symbols: list[t.DocumentSymbol], children: dict[int, list[t.DocumentSymbol]]) -> None:
    todo = list(symbols)
    while todo:
        sym = todo.pop()
        sym.children = children.get(id(sym), [])
        todo.extend(sym.children)
