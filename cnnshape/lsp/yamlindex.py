"""Where every value of a spec is written, start *and* end: the editor's view of the YAML.

The check reports a finding at the 1-based line and column where a value starts; an editor
wants the whole value underlined, wants to know which layer the cursor is on, and where a
layer's line ends. This module reads PyYAML's event stream (libyaml when present) into a
small tree of :class:`YNode` with 0-based start and end positions (in code points), and
finds the layer items of a spec in it. It knows YAML and the spec's item forms, nothing of
the layer rules; a document that is not valid YAML gives ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's parser when present (C); PyYAML's pure-Python one otherwise.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Pos = tuple[int, int]  # 0-based line and column


@dataclass(slots=True)
class YNode:
    """A scalar, sequence or mapping with where it starts and ends (end exclusive)."""

    kind: str  # "scalar" | "seq" | "map"
    start: Pos
    end: Pos
    value: str = ""  # a scalar's text (as parsed, quotes removed)
    flow: bool = False
    items: list[YNode] = field(default_factory=list)  # seq: items; map: k0, v0, k1, v1, ...

    def pairs(self) -> list[tuple[YNode, YNode]]:
        return list(zip(self.items[0::2], self.items[1::2], strict=False))

    def get(self, key: str) -> YNode | None:
        return next((v for k, v in self.pairs() if k.kind == "scalar" and k.value == key), None)

    def contains(self, pos: Pos) -> bool:
        return self.start <= pos <= self.end


def parse(text: str) -> YNode | None:
    """The document's root node, or None when the text is not one valid YAML document."""
    loader = _Loader(text)
    stack: list[YNode] = []
    root: YNode | None = None
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            node = _node(event)
            if node is not None:
                if stack:
                    stack[-1].items.append(node)
                elif root is None:
                    root = node
                else:
                    return None  # a second document: not a spec
                if node.kind != "scalar":
                    stack.append(node)
            elif isinstance(event, yaml.CollectionEndEvent) and stack:
                stack.pop().end = _mark(event.end_mark)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return root


def _mark(mark: Any) -> Pos:  # yaml.Mark or libyaml's, or None
    return (mark.line, mark.column) if mark is not None else (0, 0)


def _node(event: yaml.Event) -> YNode | None:
    start, end = _mark(event.start_mark), _mark(event.end_mark)
    if isinstance(event, yaml.ScalarEvent):
        return YNode("scalar", start, end, str(event.value))
    if isinstance(event, yaml.AliasEvent):
        return YNode("scalar", start, end, "*" + str(event.anchor))
    if isinstance(event, yaml.SequenceStartEvent):
        return YNode("seq", start, end, flow=bool(event.flow_style))
    if isinstance(event, yaml.MappingStartEvent):
        return YNode("map", start, end, flow=bool(event.flow_style))
    return None


def by_start(root: YNode | None) -> dict[Pos, YNode]:
    """Every node by where it starts; a key and a value never start at the same place."""
    found: dict[Pos, YNode] = {}
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        found.setdefault(node.start, node)
        todo.extend(node.items)
    return found


#: Keys that open a structural item rather than a layer (spec.FORMS).
FORMS = ("repeat", "residual", "parallel")


@dataclass(slots=True)
class Item:
    """One entry of a layers list: a layer, block use, repeat, residual or parallel form.

    ``key`` is the type name as written (the scalar of a bare ``- ReLU``); ``args`` the
    value after it (a mapping, a shorthand scalar or list) or None; ``node`` the entry.
    """

    kind: str  # "layer" | "use" | "repeat" | "residual" | "parallel"
    key: YNode
    args: YNode | None
    node: YNode
    in_block: str | None = None  # the block whose definition holds this item

    @property
    def type(self) -> str:
        return "repeat" if self.kind == "repeat" else self.key.value

    @property
    def name(self) -> str | None:
        named = self.args.get("name") if self.args and self.args.kind == "map" else None
        if self.kind == "repeat":
            named = self.node.get("name")
        return named.value if named is not None and named.kind == "scalar" else None


@dataclass(slots=True)
class Outline:
    """The spec's items in written order, its block definitions and named outputs."""

    items: list[Item] = field(default_factory=list)
    blocks: dict[str, tuple[YNode, YNode]] = field(default_factory=dict)  # name: (key, body)
    input: YNode | None = None
    layers: YNode | None = None

    def item_at_line(self, line: int) -> Item | None:
        """The innermost item whose type key is written on ``line``."""
        hits = [i for i in self.items if i.key.start[0] == line]
        return hits[-1] if hits else None

    def item_around(self, pos: Pos) -> Item | None:
        """The innermost item containing ``pos``."""
        hits = [i for i in self.items if i.node.contains(pos)]
        return min(
            hits, key=lambda i: (i.node.end[0] - i.node.start[0], -i.node.start[1]), default=None
        )


def outline(root: YNode | None) -> Outline:
    """Find the layer items of a spec (top level and inside block definitions)."""
    out = Outline()
    if root is None or root.kind != "map":
        return out
    out.input = root.get("input")
    blocks = root.get("blocks")
    block_names: set[str] = set()
    if blocks is not None and blocks.kind == "map":
        for key, body in blocks.pairs():
            out.blocks[key.value] = (key, body)
            block_names.add(key.value)
    for name, (_, body) in out.blocks.items():
        layers = body.get("layers") if body.kind == "map" else None
        if layers is not None:
            _layer_list(layers, out, block_names, name)
    out.layers = root.get("layers")
    if out.layers is not None:
        _layer_list(out.layers, out, block_names, None)
    out.items.sort(key=lambda i: i.node.start)
    return out


def _layer_list(node: YNode, out: Outline, blocks: set[str], in_block: str | None) -> None:
    todo = [node]
    while todo:
        lst = todo.pop()
        if lst.kind != "seq":
            continue
        for entry in lst.items:
            item = _item(entry, blocks, in_block)
            if item is None:
                continue
            out.items.append(item)
            todo.extend(_children(item))


def _item(entry: YNode, blocks: set[str], in_block: str | None) -> Item | None:
    if entry.kind == "scalar":
        kind = "use" if entry.value in blocks else "layer"
        return Item(kind, entry, None, entry, in_block)
    if entry.kind != "map" or not entry.items:
        return None
    key, value = entry.items[0], entry.items[1] if len(entry.items) > 1 else None
    if entry.get("repeat") is not None:
        rep = next(k for k, _ in entry.pairs() if k.value == "repeat")
        return Item("repeat", rep, entry.get("repeat"), entry, in_block)
    if key.kind != "scalar":
        return None
    if key.value in FORMS:
        return Item(key.value, key, value, entry, in_block)
    kind = "use" if key.value in blocks else "layer"
    return Item(kind, key, value, entry, in_block)


def _children(item: Item) -> list[YNode]:
    """The layer lists directly inside a form (a block use's list arguments are not walked)."""
    if item.kind == "repeat":
        inner = item.node.get("layers")
        return [inner] if inner is not None else []
    if item.args is None or item.args.kind != "map":
        return []
    if item.kind == "residual":
        return [n for n in (item.args.get("body"), item.args.get("shortcut")) if n is not None]
    if item.kind == "parallel":
        branches = item.args.get("branches")
        return list(branches.items) if branches is not None and branches.kind == "seq" else []
    return []
