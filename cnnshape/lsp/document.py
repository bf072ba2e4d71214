"""One open spec: its text, the last check of it, and the last check that had rows.

A half-typed document must not blank what the editor shows: while the text does not parse
(or no layer can be followed), hints, hovers and the outline keep using the last result
and YAML index that had them, and only the diagnostics change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cnnshape.lsp import yamlindex as yi
from cnnshape.lsp.analysis import Layer, Result, Session

Pos = tuple[int, int]


@dataclass(slots=True)
class Index:
    """The YAML tree of one text, by start position, and its layer items."""

    root: yi.YNode | None
    starts: dict[Pos, yi.YNode]
    outline: yi.Outline

    @classmethod
    def of(cls, text: str) -> Index:
        root = yi.parse(text)
        return cls(root, yi.by_start(root), yi.outline(root))


@dataclass(slots=True)
class Doc:
    uri: str
    text: str
    version: int
    result: Result | None = None  # the check of ``text`` (None until it has run)
    good: Result | None = None  # the last result with rows
    good_lines: list[str] = field(default_factory=list)  # the text ``good`` was made from
    session: Session = field(default_factory=Session)  # what the next check reuses
    _lines: list[str] | None = None
    _index: Index | None = None
    #: the YAML index of single layer items, by their lines (see :meth:`starts_at`)
    _items: dict[tuple[int, int], dict[Pos, yi.YNode]] = field(default_factory=dict)
    _good_index: Index | None = None
    _rows_by_line: dict[int, list[Layer]] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def text_in(self, rng: Any) -> str:  # an lsprotocol Range
        """The text of an LSP range (UTF-16 columns), on one or more lines."""
        lines = self.lines
        (sl, sc), (el, ec) = (
            (rng.start.line, rng.start.character),
            (rng.end.line, rng.end.character),
        )
        sc, ec = codepoint_col(lines[sl], sc), codepoint_col(lines[el], ec)
        if sl == el:
            return str(lines[sl][sc:ec])
        return "\n".join([lines[sl][sc:], *lines[sl + 1 : el], lines[el][:ec]])

    def set_text(self, text: str, version: int) -> None:
        self.text, self.version, self._index, self._lines = text, version, None, None
        self._items = {}

    def starts_at(self, line: int) -> dict[Pos, yi.YNode]:
        """Where the values near 0-based ``line`` start, as :attr:`index` has them: from the
        whole text's index once it is built, else from the YAML of the one layer item there
        (a finding in a long spec is underlined without reading the whole spec again)."""
        if self._index is not None:
            return self._index.starts
        lines = self.session.item_lines(self.text, line)
        if lines is None:
            return self.index.starts
        starts = self._items.get(lines)
        if starts is None:
            start, end = lines
            piece = "\n".join(self.lines[start:end]) + ("\n" if end < len(self.lines) else "")
            root = yi.parse("\n" * start + piece)
            if root is None or root.kind != "seq" or len(root.items) != 1:
                return self.index.starts
            starts = self._items[lines] = yi.by_start(root.items[0])  # the item, not its list
        return starts

    def set_result(self, result: Result) -> None:
        self.result = result
        if result.has_rows or self.good is None:
            self.good, self.good_lines = result, self.lines
            self._rows_by_line = None
            self._good_index = None

    @property
    def index(self) -> Index:
        """The YAML index of the current text (built on first use, then kept)."""
        if self._index is None:
            self._index = Index.of(self.text)
        return self._index

    @property
    def good_index(self) -> Index:
        """The current index if the text parses, else the index of the last good text."""
        if self.index.root is not None:
            return self.index
        if self._good_index is None:
            self._good_index = Index.of("\n".join(self.good_lines))
        return self._good_index

    def rows_at(self, line: int) -> list[Layer]:
        """The rows of the last good result whose layer is written on 0-based ``line``."""
        if self._rows_by_line is None:
            table: dict[int, list[Layer]] = {}
            for layer in self.good.layers if self.good else []:
                table.setdefault(layer.line - 1, []).append(layer)
            self._rows_by_line = table
        return self._rows_by_line.get(line, [])


#: The position encoding agreed with the client at initialize ("utf-16" unless it offers
#: another): LSP columns count code units of this encoding.
ENCODING = {"name": "utf-16"}


def _units(ch: str) -> int:
    name = ENCODING["name"]
    if name == "utf-32":
        return 1
    if name == "utf-8":
        return len(ch.encode("utf-8"))
    return 2 if ord(ch) > 0xFFFF else 1


def utf16_col(line: str, col: int) -> int:
    """A code-point column as the client counts it (UTF-16 code units by default)."""
    if line.isascii():
        return col
    return sum(_units(ch) for ch in line[:col])


def codepoint_col(line: str, units: int) -> int:
    """A client column back to a code-point column."""
    if line.isascii():
        return units
    seen = 0
    for i, ch in enumerate(line):
        if seen >= units:
            return i
        seen += _units(ch)
    return len(line)
